"""Readability, offline: Flesch-Kincaid grade for English, Szigriszt-Pazos (INFLESZ) for Spanish.

textstat 0.7.3 is pinned on purpose: it counts syllables with pyphen only (newer releases
fetch NLTK's cmudict on first use, which fails offline), and scores differ between versions.
textstat.set_lang() changes one shared object, so each language gets its own
`textstatistics` instance here and the module-level one is never touched.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import cache

with warnings.catch_warnings():  # textstat 0.7.3 imports the deprecated pkg_resources
    warnings.simplefilter("ignore", DeprecationWarning)
    warnings.simplefilter("ignore", UserWarning)
    from textstat.textstat import textstatistics

WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
SENTENCE_BREAK = re.compile(r"(?<=[.!?:])\s+|\s*\n\s*")
LINE_END = re.compile(r"[.!?:]$")


@dataclass(frozen=True)
class Scale:
    name: str  # as printed in reports
    short: str
    locale: str  # pyphen dictionary
    method: str  # textstatistics method
    limit: float
    higher_is_harder: bool

    def fails(self, value: float) -> bool:
        return value > self.limit if self.higher_is_harder else value < self.limit


SCALES = {
    "en": Scale("Flesch-Kincaid grade", "FK grade", "en_US", "flesch_kincaid_grade", 6.0, True),
    "es": Scale("Szigriszt-Pazos (INFLESZ)", "Szigriszt-Pazos", "es", "szigriszt_pazos", 65.0, False),
}


def words(text: str) -> list[str]:
    """Words as a reader counts them: "1-800-422-6237" and "don't" are one word each."""
    return WORD.findall(text)


def sentences(text: str) -> list[str]:
    """Sentences, also ending at a line break (each line of a text menu reads on its own)."""
    return [s for s in SENTENCE_BREAK.split(text.strip()) if words(s)]


def scale(code: str) -> Scale:
    return SCALES.get(code.split("-")[0], SCALES["en"])


@cache
def _stats(locale: str) -> textstatistics:
    stats = textstatistics()
    stats.set_lang(locale)
    stats.set_rounding(False)  # 0.7.3 rounds syllables per word to 0.1 inside the formula
    return stats


def for_scoring(text: str) -> str:
    """Each line of a menu ends as a sentence, so a list does not read as one long sentence."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " ".join(line if LINE_END.search(line) else line + "." for line in lines)


def score(text: str, code: str) -> float:
    """The language's readability score of `text`, to one decimal."""
    sc = scale(code)
    return round(getattr(_stats(sc.locale), sc.method)(for_scoring(text)), 1)
