"""Match what people say or type to a topic: exact words first, then misspellings (rapidfuzz)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from content.model import Language, Node

EXACT, FUZZY_MIN = 100.0, 84.0
NEARBY = 2.5  # bonus for topics in the menu the person is in
WORD = re.compile(r"[a-z0-9]+")


def normalise(text: str) -> str:
    """Case, accents, punctuation and stretched letters ("siiintomas") folded away."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"(.)\1{2,}", r"\1", text)
    return " ".join(WORD.findall(text))


@dataclass(frozen=True)
class Match:
    node: Node
    score: float
    keyword: str


def _phrase_in(phrase: str, text: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", text) is not None


def best_topic(language: Language, text: str, within: Node | None = None) -> Match | None:
    """The topic whose keyword best fits the text; longer (more specific) keywords win.

    Topics in `within` (the menu the person is in) get a small nudge, so "liver" in the
    symptoms menu means liver signs, while "bone pain" anywhere still finds bone signs.
    """
    said = normalise(text)
    if not said:
        return None
    nearby = {c.id for c in within.children} if within is not None else set()
    found = _best_in([n for n in language.nodes.values() if n.keywords], said, nearby)
    return found


def _best_in(nodes: list[Node], said: str, nearby: set[str]) -> Match | None:
    best: Match | None = None
    for node in nodes:
        for keyword in node.keywords:
            key = normalise(keyword)
            if key and _phrase_in(key, said):
                score = EXACT + len(key) + (NEARBY if node.id in nearby else 0)
                if best is None or score > best.score:
                    best = Match(node, score, keyword)
    if best:
        return best
    # Misspellings: compare each keyword with the word windows of the same length.
    words = said.split()
    for node in nodes:
        for keyword in node.keywords:
            key = normalise(keyword)
            if len(key) < 4:
                continue
            n = len(key.split())
            windows = [" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1))]
            hit = process.extractOne(key, windows, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN)
            score = hit[1] + len(key) / 100 + (NEARBY if node.id in nearby else 0) if hit else 0
            if hit and (best is None or score > best.score):
                best = Match(node, score, keyword)
    return best


def is_phrase(text: str, phrases: tuple[str, ...] | list[str]) -> bool:
    """True when the text says one of the phrases (after normalising both)."""
    said = normalise(text)
    return any(_phrase_in(normalise(p), said) for p in phrases if normalise(p))
