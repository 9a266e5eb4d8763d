"""understanding/messages/: long messages the topic model learns from, checked like content.

A message under a topic the content no longer has, or in a language it lacks, must stop the start
rather than train nothing; every language has messages for the topics people write long about.
"""

from __future__ import annotations

from collections import Counter

import pytest

from content.loader import load_library
from understanding.intents import WORD_INTENTS, fitting_set
from understanding.messages import FOLDER, MessagesError, written
from understanding.text import normalise

NUMBERS = {"helpline": "+18004226237", "crisis": "988", "emergency": "911", "poison": "+18002221222"}
INTENTS = frozenset(WORD_INTENTS.values())


@pytest.fixture(scope="module")
def library():
    return load_library(NUMBERS)


def test_every_language_has_long_messages_for_the_care_topics_and_for_outside(library):
    found = written(library, INTENTS)
    for code in library.languages:
        counts = Counter(intent for lang, intent, _ in found if lang == code)
        care = [n for n in library.languages[code].nodes if n.startswith("care.")]
        assert care
        for intent in (*care, "cure.outlook", "resist", "next", "outside"):
            assert counts[intent] >= 6, (code, intent, counts[intent])


def test_messages_are_long_and_each_written_once(library):
    found = written(library, INTENTS)
    words = sorted(len(m.split()) for _, _, m in found)
    assert words[len(words) // 2] >= 20, "most messages tell a story before they ask"
    repeated = [m for m, n in Counter(normalise(m) for _, _, m in found).items() if n > 1]
    assert not repeated


def test_the_topic_model_learns_from_them(library):
    texts, labels, kinds = fitting_set(library)
    _, intent, message = written(library, INTENTS)[0]
    learnt = {(t, label) for t, label, kind in zip(texts, labels, kinds, strict=True) if kind == "message"}
    assert (normalise(message), intent) in learnt


def test_an_unknown_topic_or_language_stops_the_load(library, tmp_path):
    (tmp_path / "en.yaml").write_text("care.gone:\n  - my mom asks about a topic the line removed\n", encoding="utf-8")
    with pytest.raises(MessagesError, match=r"care\.gone"):
        written(library, INTENTS, tmp_path)
    (tmp_path / "en.yaml").write_text("outside:\n  - what time is the game on tonight\n", encoding="utf-8")
    assert written(library, INTENTS, tmp_path) == [("en", "outside", "what time is the game on tonight")]
    (tmp_path / "fr.yaml").write_text("care.pain:\n  - ma mere a mal\n", encoding="utf-8")
    with pytest.raises(MessagesError, match="'fr'"):
        written(library, INTENTS, tmp_path)


def test_a_key_without_a_list_of_messages_stops_the_load(library, tmp_path):
    (tmp_path / "es.yaml").write_text("care.pain: mi mama tiene dolor\n", encoding="utf-8")
    with pytest.raises(MessagesError, match=r"care\.pain"):
        written(library, INTENTS, tmp_path)
    (tmp_path / "es.yaml").write_text("root:\n  - hola\n", encoding="utf-8")
    with pytest.raises(MessagesError, match="root"):
        written(library, INTENTS, tmp_path)


def test_the_shipped_folder_is_the_one_read():
    assert {p.stem for p in FOLDER.glob("*.yaml")} == {"en", "es"}
