"""Issue 22: a question about each new section, said by a caller at the main menu (and, for the
urgent pages, texted), reaches that section on the first reply, in English and Spanish (care.* has
its own file: tests/test_care.py). The phrases are written here, apart from the topics' examples
(a test below keeps them apart)."""

from __future__ import annotations

import pytest

from tests.walk import start_call, texter_in, topic_of
from understanding.text import normalise

SAID = {
    "symptoms.urgent.fever": {
        "en": "she has a high temperature after her chemo",
        "es": "tiene calentura despues de la quimio",
    },
    "symptoms.urgent.spine": {
        "en": "his back hurts and his legs feel weak and numb",
        "es": "le duele la espalda y no siente bien las piernas",
    },
    "symptoms.urgent.calcium": {"en": "she is always thirsty and confused", "es": "tiene mucha sed y esta confundida"},
    "symptoms.urgent.clot": {
        "en": "his calf is swollen warm and red",
        "es": "tiene la pantorrilla hinchada y caliente",
    },
    "symptoms.urgent.bleeding": {"en": "he is coughing up blood", "es": "esta tosiendo sangre"},
    "symptoms.urgent.brain": {"en": "she suddenly got confused and weak", "es": "de repente esta confundida y debil"},
    "symptoms.urgent.breathing": {"en": "she is more and more short of breath", "es": "cada vez le falta mas el aire"},
    "next.trials": {"en": "how do we find a research study for her", "es": "como encontramos un estudio clinico"},
    "next.second": {"en": "we want another doctor to look at her case", "es": "queremos la opinion de otro doctor"},
    "spread.blood": {"en": "what about stage four lymphoma", "es": "y el linfoma en etapa cuatro"},
}
CASES = [(node, code, words) for node, by_lang in SAID.items() for code, words in by_lang.items()]


@pytest.mark.parametrize(("node_id", "code", "words"), CASES)
def test_a_spoken_question_reaches_the_new_section_first(phone, line, node_id, code, words):
    lang = line.library.get(code)
    call = start_call(phone, code).say(words)
    assert lang.node(node_id).parts[0].voice in call.last_text


@pytest.mark.parametrize(("node_id", "code", "words"), [c for c in CASES if c[0].startswith("symptoms.urgent.")])
def test_the_same_question_texted_opens_the_urgent_page_first(texter, line, node_id, code, words):
    lang = line.library.get(code)
    assert topic_of(lang, texter_in(texter, code).send(words)) == node_id


def test_the_spoken_questions_are_not_the_topics_examples(line):
    taught = {
        normalise(x)
        for lang in line.library.languages.values()
        for node in lang.nodes.values()
        for x in (*node.examples, *node.keywords, node.title)
    }
    assert not [words for _, _, words in CASES if normalise(words) in taught]
