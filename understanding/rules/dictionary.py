"""Real words near a crisis word, from a spelling dictionary: writes understanding/rules/real_words.py.

The typo fixer (understanding/alarms.py) reads a word it does not know as the crisis word it is
closest to, so that "sezure" and "suicde" still answer. A real word spelt right must not be read so:
"she loves cooking" is not "choking", "putting myself first" is not "cutting myself", "he was
responsive" is not "unresponsive". The content's own words were kept already; the dictionaries of
pyspellchecker (MIT; English and Spanish word lists inside its wheel, nothing downloaded) name the
rest of a language's words. Every dictionary word the fixer would change is listed in
real_words.py, which the web process reads as data: pyspellchecker is a developer tool, and
tests/test_alarms.py fails when the list is not what this module makes from today's rules.

Run: .venv/bin/python -m understanding.rules.dictionary
"""

from __future__ import annotations

from pathlib import Path

from understanding import alarms
from understanding.text import normalise

OUT = Path(__file__).resolve().parent / "real_words.py"
LANGUAGES = {"en": "en", "es": "es"}  # our language code -> the dictionary's
# Only words people use: the dictionaries also hold rare forms that are a thumb's slip of a crisis
# word ("overdoes" 84 times in the English counts, "amatar" 50 in the Spanish), and those must still
# be fixed. Common real words count hundreds or more ("responsive" 934, "cooking" 34,205).
MIN_COUNT = 300


def near_words(code: str) -> tuple[str, ...]:
    """The dictionary's words of this language that the typo fixer would turn into a crisis word,
    folded (and by sound where the rules read by sound), sorted."""
    from spellchecker import SpellChecker  # developer tool: never on a request's path

    table = alarms.TABLES[code]
    found = set()
    counts = SpellChecker(language=LANGUAGES[code]).word_frequency
    for word in counts.keys():
        if counts[word] < MIN_COUNT:
            continue
        folded = normalise(word)
        if not folded.isalpha() or len(folded) < alarms.FUZZY_MIN_LETTERS:
            continue
        read = alarms._sound_es(folded) if table.by_sound else folded
        if read in table.words or read.startswith(table.stems):
            continue  # a crisis word itself, or a form of one
        if alarms._closest(table, read) != read:
            found.add(read)
    return tuple(sorted(found))


def source() -> str:
    lines = [
        '"""Real words a typo fixer must keep: made by understanding/rules/dictionary.py, do not edit.',
        "",
        "Each language's dictionary words (pyspellchecker) that are close enough to a crisis word for",
        "understanding/alarms.py to read them as one; folded, and written by sound for Spanish.",
        '"""',
        "",
        "WORDS = {",
    ]
    for code in LANGUAGES:
        words = near_words(code)
        lines.append(f'    "{code}": frozenset(')
        lines.append("        (")
        lines += [f'            "{w}",' for w in words]  # folded letters only: nothing to escape
        lines.append("        )")
        lines.append("    ),")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> int:
    OUT.write_text(source(), encoding="utf-8")
    print(f"Wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
