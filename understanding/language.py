"""Which language a message is in: lingua's statistical models, plus the content's own words.

lingua-language-detector ships its models inside the wheel (nothing downloads); it is built
for the content's languages only, with its models loaded up front so no request pays for
loading them. On one to three words it guesses, so the content vocabulary decides there: a
word that only one language's content uses ("sintomas", "hola", "pain") settles it; a word both
use ("colon", "melanoma", "stage 4") settles nothing and the conversation's language stays.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

from lingua import IsoCode639_1, LanguageDetectorBuilder

from content.model import Library
from understanding.text import words

SHORT = 3  # words: at or below this, the content vocabulary speaks first
WORD_WEIGHT = 2.0  # one word only one language uses is worth this much log-odds
SURE = 1.5  # log-odds margin for "clearly this language" (about 80% against 20%)
LINGUA_ALONE = 0.85  # lingua's confidence that counts on one to three words the content does not know
LINGUA_FLOOR = 1e-3  # lingua's confidences are floored here before their log is added
# Lingua adds log(p) in [log(LINGUA_FLOOR), 0] to each language, so it moves a margin by at most
# -log(LINGUA_FLOOR): words that lead by that much plus SURE settle it, and lingua is not asked.
SETTLED = SURE - math.log(LINGUA_FLOOR)


@dataclass(frozen=True)
class LanguageGuess:
    code: str | None  # None: nothing to go on (digits, emoji, words every language uses)
    sure: bool  # clearly this language: enough to switch a conversation to it


_detectors: dict[tuple[str, ...], object] = {}
_lock = threading.Lock()


def detector_for(codes: tuple[str, ...]):
    """One lingua detector per set of languages per process (its models take ~0.1-1 s to load)."""
    known = []
    for code in codes:
        try:
            known.append(IsoCode639_1.from_str(code))
        except ValueError:
            continue  # a language lingua does not know is read by its vocabulary alone
    key = tuple(sorted(str(k) for k in known))
    with _lock:
        if key not in _detectors:
            _detectors[key] = (
                LanguageDetectorBuilder.from_iso_codes_639_1(*known).with_preloaded_language_models().build()
                if len(known) >= 2
                else None
            )
        return _detectors[key]


def vocabulary(library: Library) -> dict[str, frozenset[str]]:
    """Every folded word each language's content uses: parts, titles, keywords, examples, word lists."""
    out = {}
    for code, lang in library.languages.items():
        found: set[str] = set()
        for node in lang.nodes.values():
            texts = [node.title, node.label, *node.keywords, *node.examples, *(p.text for p in node.parts)]
            texts += [node.intro.text] if node.intro else []
            for text in texts:
                found.update(words(text))
        for text in [s.text for s in lang.prompts.values()] + [w for ws in lang.words.values() for w in ws]:
            found.update(words(text))
        for ws in lang.speech.values():
            for text in ws:
                found.update(words(text))
        out[code] = frozenset(w for w in found if not w.isdigit())
    return out


class LanguageReader:
    def __init__(self, library: Library):
        self.codes = tuple(library.languages)
        vocab = vocabulary(library)
        # Words only one language uses; words every language uses tell nothing.
        self.only = {
            code: frozenset(w for w in vocab[code] if not any(w in vocab[o] for o in self.codes if o != code))
            for code in self.codes
        }
        self.known = frozenset().union(*vocab.values()) if vocab else frozenset()
        self.detector = detector_for(self.codes)

    def read(self, text: str, folded: str | None = None) -> LanguageGuess:
        """`folded`: the text already folded (understanding/text.py), when the caller has it."""
        said = words(text) if folded is None else folded.split()
        if not said:
            return LanguageGuess(None, False)
        odds = self.votes(text, said)
        known = any(odds.values())  # a word of only one language's content
        lingua: dict[str, float] = {}
        if (len(said) > SHORT or not known) and _margin(odds) < SETTLED:
            lingua = self._lingua(text)
            for code, p in lingua.items():
                odds[code] += math.log(max(p, LINGUA_FLOOR))
        ranked = sorted(odds.items(), key=lambda kv: -kv[1])
        if len(ranked) < 2:
            return LanguageGuess(ranked[0][0], True)
        (best, top), (_, second) = ranked[0], ranked[1]
        if top == second:
            return LanguageGuess(None, False)
        if len(said) <= SHORT and not known:
            # Lingua alone on a word or two is a guess: only a clear one ("suicidio", "jajaja") counts,
            # and never enough to switch a conversation ("menu", "ok" stay where they are).
            p = lingua.get(best, 0.0)
            return LanguageGuess(best if p >= LINGUA_ALONE else None, False)
        return LanguageGuess(best, top - second >= SURE)

    def votes(self, text: str, said: list[str] | None = None) -> dict[str, float]:
        """Log-odds from the content's words alone: WORD_WEIGHT for each word only one language uses."""
        said = words(text) if said is None else said
        return {code: WORD_WEIGHT * sum(w in self.only[code] for w in said) for code in self.codes}

    def _lingua(self, text: str) -> dict[str, float]:
        if self.detector is None:
            return {}
        out = {}
        for value in self.detector.compute_language_confidence_values(text):
            code = value.language.iso_code_639_1.name.lower()
            if code in self.codes:
                out[code] = value.value
        return out


def _margin(odds: dict[str, float]) -> float:
    """How far the likeliest language leads the next."""
    top = sorted(odds.values(), reverse=True)
    return top[0] - top[1] if len(top) > 1 else math.inf
