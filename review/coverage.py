"""content/COVERAGE.md read as data: each fact of the source article and the snippets that carry it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from content.loader import CONTENT_DIR

COVERAGE = CONTENT_DIR / "COVERAGE.md"
# Article facts are 1, 2...; service and safety messages S1, S2...; facts checked against a page (clinical
# C, warning signs U, prognosis P, care and family K...) carry a letter and a Source column.
FACT_NUMBER = re.compile(r"[A-Z]?\d+")
NOT_LANGUAGES = {"Source"}  # columns between the fact and the languages' snippet ids


@dataclass(frozen=True)
class Fact:
    number: str
    text: str
    snippets: dict[str, tuple[str, ...]]  # language code -> snippet ids that carry it


def read(path: Path = COVERAGE) -> list[Fact]:
    """Every table row whose first cell is a fact number; its language columns hold `snippet ids`."""
    facts: list[Fact] = []
    codes: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] == "#":  # a header row names the columns: | # | Fact | (Source |) en | es |
            codes = cells[2:]
        elif FACT_NUMBER.fullmatch(cells[0]) and len(cells) == 2 + len(codes):
            ids = {
                code: tuple(re.findall(r"`([^`]+)`", cell))
                for code, cell in zip(codes, cells[2:], strict=True)
                if code not in NOT_LANGUAGES
            }
            facts.append(Fact(cells[0], cells[1], ids))
    return facts


def by_snippet(facts: list[Fact]) -> dict[tuple[str, str], list[str]]:
    """(language, snippet id) -> the numbers of the facts it carries, in COVERAGE.md order."""
    out: dict[tuple[str, str], list[str]] = {}
    for fact in facts:
        for code, ids in fact.snippets.items():
            for sid in ids:
                out.setdefault((code, sid), []).append(fact.number)
    return out
