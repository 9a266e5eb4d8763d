"""Matching words and questions to topics: the functions the voice and text lines share."""

from __future__ import annotations

import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from content.loader import load_library
from content.model import ROOT_ID
from flows import keywords
from flows.keywords import best_topic, is_phrase, normalise


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("  SÍNTOMAS!! ", "sintomas"),
        ("Menú", "menu"),
        ("can't breathe", "cant breathe"),
        ("can’t  breathe", "cant breathe"),
        ("siiiintomas", "sintomas"),
        ("Stage-4 cancer?", "stage 4 cancer"),
        ("ESPAÑOL", "espanol"),
        ("🙏", ""),
    ],
)
def test_normalise(text, folded):
    assert normalise(text) == folded


def test_is_phrase_keeps_its_meaning():
    assert is_phrase("Go back, please", ("go back",))
    assert is_phrase("INGLÉS", ("ingles",))
    assert not is_phrase("feedback", ("back",))


@pytest.mark.parametrize(
    ("said", "node_id"),
    [
        ("bone pain", "symptoms.bone"),
        ("where does it spread", "where"),
        ("can it be cured", "cure"),
        ("my chemo is not working", "resist"),
        ("what comes next", "next"),
        ("tell me about the liver", "where.place.liver"),
    ],
)
def test_speech_like_phrases_find_their_topic(english, said, node_id):
    match = best_topic(english, said)
    assert match is not None and match.node.id == node_id
    assert match.score > 0 and isinstance(match.keyword, str)


@pytest.mark.parametrize("said", ["purple elephants", "", "uh", "thank you", "is this a real person", "the"])
def test_nothing_fits_means_none(english, said):
    assert best_topic(english, said) is None


def test_the_menu_the_person_is_in_wins_close_calls(english):
    assert best_topic(english, "liver").node.id == "where.place.liver"
    assert best_topic(english, "liver", within=english.node("symptoms")).node.id == "symptoms.liver"
    # ...but a clear question still goes where it belongs.
    assert best_topic(english, "bone pain", within=english.node("where.place")).node.id == "symptoms.bone"


def test_rare_words_outweigh_common_ones(english):
    # "stage 4" is in half the topics; "cured" in a few.
    assert best_topic(english, "can stage 4 be cured").node.id == "cure"
    assert best_topic(english, "what is stage 4").node.id == "spread"


def test_misspelt_keywords_are_fixed_but_short_words_are_never_guessed(english):
    assert best_topic(english, "simptoms").node.id == "symptoms"
    assert best_topic(english, "chemo stoped working").node.id == "resist"
    assert best_topic(english, "real") is None  # not "renal"


def test_every_keyword_and_title_reaches_its_topic_from_its_menu(line):
    """Each keyword and title, typed in the menu that lists its topic, lands on that topic -
    unless a sibling in the same menu shares the same words (after stemming)."""
    for lang in line.library.languages.values():
        index = keywords._index(lang)
        for node in lang.nodes.values():
            if node.id == ROOT_ID:
                continue
            parent = lang.parent_of(node)
            siblings = [c for c in parent.children if c.id != node.id]
            for phrase in (*node.keywords, node.title):
                stems = index.stems(normalise(phrase))
                shared = any(stems in {index.stems(normalise(p)) for p in (*s.keywords, s.title)} for s in siblings)
                if shared:
                    continue
                match = best_topic(lang, phrase, within=parent)
                assert match is not None and match.node.id == node.id, (lang.code, phrase, match and match.node.id)


def test_spanish_questions(spanish):
    assert best_topic(spanish, "se puede curar?").node.id == "cure"
    assert best_topic(spanish, "sintomas").node.id == "symptoms"


@functools.cache
def _library():
    return load_library({"helpline": "+18004226237", "crisis": "988", "emergency": "911"})


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_a_match_or_none(text):
    for lang in _library().languages.values():
        match = best_topic(lang, text, within=lang.root)
        assert match is None or match.node.id in lang.nodes
