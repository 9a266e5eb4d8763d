"""Split long text into SMS replies that each fit a segment budget, at sentence boundaries."""

from __future__ import annotations

import re
from collections.abc import Callable

from content.segments import cost

SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=\S)")
WIDEST_NUMBER = "(99/99) "


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text.strip()) if s]


def budget(max_segments: int) -> Callable[[str], bool]:
    return lambda text: cost(text).segments <= max_segments


def paginate(chunks: list[str], fits: Callable[[str], bool], more: str, end: str) -> list[str]:
    """Replies made of whole chunks (paragraphs) where they fit, else whole sentences.

    Every reply but the last ends with `more` (e.g. "Reply MORE"), the last with `end`;
    replies are numbered "(1/3)" only when there is more than one.
    """
    pieces: list[tuple[str, bool]] = []  # (text, starts a paragraph)
    for chunk in chunks:
        for i, sentence in enumerate(sentences(chunk)):
            pieces.append((sentence, i == 0))

    def page(body: list[str], footer: str) -> str:
        return WIDEST_NUMBER + "\n".join([*body, footer])

    bodies: list[list[str]] = []
    current: list[str] = []
    for text, new_paragraph in pieces:
        if current:
            joined = [*current, text] if new_paragraph else [*current[:-1], current[-1] + " " + text]
            # The last page may carry the longer ending: test against both footers' widest.
            if fits(page(joined, more)) and fits(page(joined, end)):
                current = joined
                continue
            bodies.append(current)
        current = [text]
    if current or not bodies:
        bodies.append(current)
    total = len(bodies)
    out = []
    for n, body in enumerate(bodies, start=1):
        footer = end if n == total else more
        prefix = f"({n}/{total}) " if total > 1 else ""
        out.append(prefix + "\n".join([*body, footer]))
    return out
