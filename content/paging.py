"""Split long text into SMS replies that each fit a segment budget, at paragraph and sentence boundaries."""

from __future__ import annotations

import re
from collections.abc import Callable

from content.segments import cost

SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=\S)")
WIDEST_NUMBER = "(99/99) "

# (sentence or paragraph, starts a new line, is a lead line, index of the chunk it starts or -1)
Piece = tuple[str, bool, bool, int]


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text.strip()) if s]


def budget(max_segments: int) -> Callable[[str], bool]:
    return lambda text: cost(text).segments <= max_segments


def _lines(pieces: list[Piece]) -> list[str]:
    lines: list[str] = []
    for text, new_line, _lead, _start in pieces:
        if new_line or not lines:
            lines.append(text)
        else:
            lines[-1] += " " + text
    return lines


def paginate(
    chunks: list[str],
    fits: Callable[[str], bool],
    more: str,
    end: str,
    lead: int = 0,
    teasers: list[str | None] | None = None,
) -> list[str]:
    """Replies made of whole chunks (paragraphs) where they fit, else whole sentences.

    A paragraph that does not fit on the current reply starts the next one; only a paragraph
    too long for any reply is split between sentences. The first `lead` chunks (a heading)
    never make a reply on their own: the paragraph after them is split to join them. Every
    reply but the last ends with `more` (e.g. "Reply MORE"), the last with `end` (which may be
    long, e.g. a menu); replies are numbered "(1/3)" only when there is more than one.
    `teasers[i]`, when given, replaces `more` on the reply just before the one chunk i opens: it
    says what MORE brings ("MORE: how it spreads"). Every reply is fitted with the longest footer.
    """
    teasers = list(teasers or [None] * len(chunks))
    more_fit = max([more, *(t for t in teasers if t)], key=len)

    def only_lead(pieces: list[Piece]) -> bool:
        return all(p[2] for p in pieces)

    def fits_with(pieces: list[Piece], footer: str) -> bool:
        return fits(WIDEST_NUMBER + "\n".join(_lines(pieces) + [footer]))

    pages: list[list[Piece]] = []
    current: list[Piece] = []
    for index, chunk in enumerate(chunks):
        # Spaces squeezed, but line breaks kept: a menu is one line per topic.
        paragraph = "\n".join(" ".join(line.split()) for line in chunk.splitlines() if line.strip())
        if not paragraph:
            continue
        is_lead = index < lead
        whole = [(paragraph, True, is_lead, index)]
        # The last chunk, whole, ends the last reply: it is measured with the ending it gets.
        footer = end if index == len(chunks) - 1 else more_fit
        if current and fits_with(current + whole, footer):
            current += whole
            continue
        if fits_with(whole, footer) and (not current or not only_lead(current)):
            if current:
                pages.append(current)
            current = whole
            continue
        for i, sentence in enumerate(sentences(paragraph)):
            start = index if i == 0 else -1
            piece = (sentence, i == 0, is_lead, start)
            if current and fits_with(current + [piece], more_fit):
                current.append(piece)
                continue
            if current:
                pages.append(current)
            current = [(sentence, True, is_lead, start)]
    pages.append(current)
    # The last reply carries the (longer) ending: move its tail to a reply of its own if needed,
    # never leaving a heading alone.
    last = pages[-1]
    if not fits_with(last, end):
        # Cut between sentences, so the ending carries some words rather than a reply of its own.
        last = [
            (t, new_line and i == 0, lead_, start if i == 0 else -1)
            for text, new_line, lead_, start in last
            for i, t in enumerate(sentences(text))
        ]
        # Keep as much as fits on this reply; what is left goes with the ending.
        cut = next(
            (
                k
                for k in range(len(last) - 1, 0, -1)
                if fits_with(last[:k], more_fit) and fits_with(last[k:], end) and not only_lead(last[:k])
            ),
            len(last),
        )
        pages[-1:] = [last[:cut], last[cut:]]
    total = len(pages)
    out = []
    for n, body in enumerate(pages, start=1):
        opens = pages[n][0][3] if n < total and pages[n] else -1  # the chunk the next reply opens, if any
        footer = end if n == total else (teasers[opens] if opens >= 0 and teasers[opens] else more)
        prefix = f"({n}/{total}) " if total > 1 else ""
        out.append(prefix + "\n".join(_lines(body) + [footer]))
    return out
