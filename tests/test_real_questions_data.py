"""tests/data/real_questions.txt is well formed, labelled with real topic ids, and stays held out.

The file holds real questions people wrote (sources in tests/data/REAL_QUESTIONS.md). It is read by
tests/evaluation.py like tests/data/understanding.txt; these tests check the data itself, never what
the line answers: a line must not be chosen or relabelled by running the model on it.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from content.loader import load_library
from content.model import ROOT_ID
from tests.evaluation import cases
from understanding.intents import fitting_set
from understanding.text import normalise

DATA = Path(__file__).resolve().parent / "data"
REAL = DATA / "real_questions.txt"
SOURCES = DATA / "REAL_QUESTIONS.md"
NUMBERS = {"helpline": "+18004226237", "crisis": "988", "emergency": "911", "poison": "+18002221222"}

KINDS = {"topic", "off_topic", "crisis", "near_miss"}
CRISES = {"emergency", "self_harm", "overdose"}
SOURCE_COMMENT = re.compile(r"^# src: (\S+)( \(rendered\))?$")


@pytest.fixture(scope="module")
def library():
    return load_library(NUMBERS)


@pytest.fixture(scope="module")
def real():
    return cases(REAL)


def plain(text: str) -> str:
    """Lower case with runs of white space collapsed: the sameness the held-out rule means."""
    return " ".join(text.casefold().split())


def test_every_line_parses(real):
    lines = [
        (number, raw)
        for number, raw in enumerate(REAL.read_text(encoding="utf-8").splitlines(), start=1)
        if raw.strip() and not raw.startswith("#")
    ]
    assert len(real) == len(lines)
    for case in real:
        assert case.text.strip() == case.text and case.text, (case.line, "empty or padded text")
        assert case.channel == "text" and case.place == ROOT_ID, (case.line, case.channel, case.place)
        assert case.lang in {"en", "es"}, (case.line, case.lang)


def test_kinds_and_expects_are_valid(real, library):
    node_ids = {node_id for lang in library.languages.values() for node_id in lang.nodes} - {ROOT_ID}
    known = node_ids  # every expected id is a node of the content
    for case in real:
        assert case.kind in KINDS, (case.line, case.kind)
        if case.kind == "off_topic":
            assert case.expect == "-", (case.line, case.expect)
        elif case.kind == "crisis":
            assert case.expect in CRISES, (case.line, case.expect)
        elif case.kind == "near_miss" and case.expect == "-":
            continue
        else:
            unknown = case.expected - known
            assert not unknown, (case.line, sorted(unknown))
            assert len(case.expected) == len(case.expect.split("|")), (case.line, "an id listed twice")


def test_no_line_is_an_example_keyword_or_title_of_the_content(real, library):
    # Everything the topic model learns from, folded: examples, keywords, titles, word lists and
    # the long messages of understanding/messages/ (folding equal covers "the same when lower-cased").
    texts, labels, _ = fitting_set(library)
    taken = dict(zip(texts, labels, strict=True))
    both = [(c.line, c.text, taken[normalise(c.text)]) for c in real if normalise(c.text) in taken]
    assert not both, f"held-out real questions that the content also holds: {both}"


def test_no_line_is_a_line_of_the_short_held_out_set(real):
    short = cases(DATA / "understanding.txt")
    seen = {plain(c.text) for c in short} | {normalise(c.text) for c in short}
    both = [(c.line, c.text) for c in real if plain(c.text) in seen or normalise(c.text) in seen]
    assert not both, f"lines also in tests/data/understanding.txt: {both}"


def test_no_duplicate_lines(real):
    counts = Counter(plain(c.text) for c in real)
    assert not [text for text, n in counts.items() if n > 1]


def test_every_line_names_a_source_listed_in_real_questions_md():
    listed = SOURCES.read_text(encoding="utf-8")
    source, missing, unnamed = None, set(), []
    for number, raw in enumerate(REAL.read_text(encoding="utf-8").splitlines(), start=1):
        found = SOURCE_COMMENT.match(raw)
        if found:
            source = found.group(1)
            if f"`{source}`" not in listed:
                missing.add(source)
        elif raw.startswith(("# ----", "# ====")):
            source = None  # a new section: its lines name their own source
        elif raw.startswith("#") or not raw.strip():
            continue
        elif source is None:
            unnamed.append(number)
    assert not unnamed, f"lines with no '# src:' comment above them: {unnamed}"
    assert not missing, f"sources missing from REAL_QUESTIONS.md: {sorted(missing)}"


def test_the_set_is_big_and_mixed_enough(real):
    by_lang = Counter(c.lang for c in real)
    assert by_lang["en"] >= 120 and by_lang["es"] >= 90, by_lang
    kinds = Counter((c.lang, c.kind) for c in real)
    for lang in ("en", "es"):
        for kind in KINDS:
            assert kinds[(lang, kind)] >= 3, (lang, kind, kinds[(lang, kind)])
