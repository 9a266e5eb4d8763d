"""Respellings for the offline voice: words eSpeak NG would say wrong, written the way it should say them.

Each content file may hold a `pronunciation:` table (a word or phrase -> its respelling), e.g.
`live: liv` ("people live for years" is the verb; eSpeak reads it as in "a live show"). The audio
build applies the table to a snippet's voice words just before rendering, and nowhere else:

- texts and captions show the real words, so a texter never reads "liv";
- `<Say>` (Amazon Polly) gets the real words too: a neural voice reads the context, and a
  respelling tuned for eSpeak's letter rules could only make it worse there;
- the file's hash covers the respelled words, so changing a respelling re-renders that audio.

Words that must be *said* differently on every voice channel ("(jaundice)" -> "This is called
jaundice.", ANZUP -> Anzup) are not respellings: they are the part's `voice:` words.
tests/test_pronunciation.py renders every voice snippet to eSpeak's phonemes and checks the
homographs it lists; `python -m tests.phonemes en "people live for years"` shows a reading.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

# A respelling may not end or start a sentence: the audio build pauses between sentences, and
# the phone files must keep the pauses their words have.
SENTENCE_MARKS = re.compile(r"[.!?;:()\[\]{}]")


def problems(table: object) -> list[tuple[str, str]]:
    """(key, reason) for everything wrong with a `pronunciation:` table; [] when it is fine."""
    if not isinstance(table, dict):
        return [("pronunciation", "expected a mapping: word or phrase -> how the offline voice should say it")]
    out = []
    for word, spelling in table.items():
        key = f"pronunciation.{word}"
        if not isinstance(word, str) or not word.strip() or not isinstance(spelling, str) or not spelling.strip():
            out.append((key, "expected words on both sides (word: respelling)"))
        elif SENTENCE_MARKS.search(word) or SENTENCE_MARKS.search(spelling):
            out.append((key, "no sentence marks or brackets: a respelling must keep the sentences as they are"))
        elif " ".join(word.split()).casefold() == " ".join(spelling.split()).casefold():
            out.append((key, "the respelling is the word itself"))
    return out


def respell(text: str, table: Mapping[str, str]) -> str:
    """`text` with every whole word or phrase of `table` replaced (any case; a capital stays a capital)."""
    if not table:
        return text
    pattern, spellings = _compiled(tuple(sorted(table.items())))
    return pattern.sub(lambda m: _same_case(m.group(0), spellings[m.group(0).casefold()]), text)


@lru_cache(maxsize=16)
def _compiled(items: tuple[tuple[str, str], ...]) -> tuple[re.Pattern, dict[str, str]]:
    spellings = {" ".join(word.split()).casefold(): " ".join(spelling.split()) for word, spelling in items}
    # Longest first, so a phrase ("Sloan Kettering") wins over a word inside it.
    alternatives = sorted(spellings, key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in alternatives)
    pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)
    # Matches are looked up by their folded form; spaces inside a phrase fold to one.
    return pattern, _SpaceFolded(spellings)


class _SpaceFolded(dict):
    def __getitem__(self, key: str) -> str:
        return super().__getitem__(" ".join(key.split()))


def _same_case(found: str, spelling: str) -> str:
    return spelling[:1].upper() + spelling[1:] if found[:1].isupper() else spelling
