"""Care, comfort and family (issue 22): what a texter reads and a caller hears, in both languages.

Through the signed webhooks (tests/conftest.py): texting CARE / CUIDADOS and each topic's own words,
pressing 7 and a topic's key, and asking in plain words by text and by speech. The key facts below are
written here, apart from the content, as the words a person must get on the first reply or the first
part heard (content/COVERAGE.md marks the same facts **key**). The questions are written apart from the
topics' examples (and from tests/data/understanding.txt), as families ask them.
"""

from __future__ import annotations

import pytest

from content.segments import plain
from tests.walk import start_call, texter_in, topic_of

CODES = ["en", "es"]
TOPICS = ["pain", "hospice", "eating", "feelings", "caring", "children", "planning", "money"]

# The numbers as each channel gives them: texted as digits, said digit by digit.
NUMBER = {"emergency": {"text": "911", "voice": "9 1 1"}, "crisis": {"text": "988", "voice": "9 8 8"}}

# Topic -> language -> what the first reply (text) and the first part (voice) must say. A name in
# NUMBER stands for that number in the channel's own form.
KEY_FACTS = {
    "pain": {
        "en": [
            "Cancer pain can nearly always be eased",
            "Tell your care team about any pain",
            "If pain is sudden or very bad, call your care team now",
            "emergency",
        ],
        "es": [
            "El dolor del cáncer casi siempre se puede aliviar",
            "Dígale a su equipo médico",
            "Si es repentino o muy fuerte, llámelos ya",
            "emergency",
        ],
    },
    "hospice": {
        "en": ["Stopping cancer treatment is a choice", "It is not giving up", "Hospice", "Talk with your care team"],
        "es": ["Dejar el tratamiento es una decisión, no es rendirse", "hospicio", "Hable con su equipo médico"],
    },
    "eating": {
        "en": ["losing weight", "very tired are common with cancer", "Tell your care team", "dietitian"],
        "es": ["bajar de peso y sentir mucho cansancio", "Dígaselo a su equipo médico", "dietista"],
    },
    "feelings": {
        "en": [
            "Fear, sadness and worry are normal",
            "If you are thinking about hurting yourself, call or text",
            "crisis",
        ],
        "es": ["El miedo y la tristeza son normales", "Si piensa en hacerse daño, llame o mande un texto", "crisis"],
    },
    "caring": {
        "en": ["Take care of yourself too", "Ask the care team for a social worker"],
        "es": ["Cuídese usted también", "Pida al equipo médico un trabajador social"],
    },
    "children": {
        "en": ["Tell them the truth, in simple words that fit their age", "Let them ask questions"],
        "es": ["Dígales la verdad con palabras simples, según su edad", "Deje que pregunten"],
    },
    "planning": {
        "en": ["Advance directives are forms", "if you cannot speak for yourself", "Talk about your wishes early"],
        "es": ["Las directivas anticipadas", "si no puede hablar", "Hable pronto de sus deseos"],
    },
    "money": {
        "en": ["Ask your care team for a financial counselor or a social worker", "insurance"],
        "es": ["Pida a su equipo médico un consejero financiero o un trabajador social", "seguro"],
    },
}

# Questions as families text and say them, written apart from the examples: one per topic.
QUESTIONS = {
    "pain": {"en": "nothing is helping his pain", "es": "el dolor no se le quita con nada"},
    "hospice": {"en": "she wants to stop treatment", "es": "ella quiere dejar el tratamiento"},
    "eating": {
        "en": "my mother barely eats and keeps losing weight",
        "es": "mi mamá casi no come y está bajando de peso",
    },
    "feelings": {"en": "i am so sad and scared since we got the news", "es": "me siento muy triste y con miedo"},
    "caring": {"en": "caregiver for my husband and worn out", "es": "soy la cuidadora de mi esposo y ya no puedo"},
    "children": {
        "en": "how should we explain the cancer to our kids",
        "es": "cómo le explico a mis hijos lo del cáncer",
    },
    "planning": {"en": "how do i set up a living will", "es": "cómo hago mi testamento en vida"},
    "money": {"en": "who helps with paying the medical bills", "es": "quién me ayuda a pagar las cuentas del hospital"},
}


def said(fact: str, channel: str) -> str:
    """The words as the channel gives them: texts drop the accents of a, i, o, u (SMS_ACCENTS=plain)."""
    if fact in NUMBER:
        return NUMBER[fact][channel]
    return plain(fact) if channel == "text" else fact


def assert_key_facts(topic: str, code: str, channel: str, words: str) -> None:
    for fact in KEY_FACTS[topic][code]:
        assert said(fact, channel) in words, (topic, code, channel, fact, words)


def test_the_main_menu_offers_care_on_key_7_in_both_languages(line):
    for code, title in (("en", "Care, comfort and family"), ("es", "Cuidados, alivio y familia")):
        lang = line.library.get(code)
        care = lang.node("care")
        assert (care.digit, care.title) == ("7", title)
        assert f"7 {plain(title)}" in lang.menu(lang.root).text
        assert [child.id for child in care.children] == [f"care.{t}" for t in TOPICS]


# -- must-fix 4 and 5 of issue 22 --------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("en", "PAIN"),
        ("en", "my mom's pain is not getting better"),
        ("es", "DOLOR"),
        ("es", "a mi papá le duele mucho"),
    ],
)
def test_must_fix_4_pain_gets_how_it_is_eased_and_the_care_team_not_only_911(texter, line, code, words):
    lang = line.library.get(code)
    first = texter_in(texter, code).send(words)
    assert topic_of(lang, first) == "care.pain"
    assert_key_facts("pain", code, "text", first[0].body)  # eased, tell the team, and 911 on the first text


@pytest.mark.parametrize("code", CODES)
def test_must_fix_4_pain_by_voice_key_7_then_1_and_by_speech(phone, line, code):
    call = start_call(phone, code).press("7").press("1")
    assert_key_facts("pain", code, "voice", call.last_text)
    spoken = start_call(phone, code).say(QUESTIONS["pain"][code])
    assert_key_facts("pain", code, "voice", spoken.last_text)


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("en", "she wants to stop treatment"),
        ("en", "my dad wants to stop chemo"),
        ("en", "HOSPICE"),
        ("es", "ella quiere dejar el tratamiento"),
        ("es", "mi mamá quiere dejar la quimio"),
        ("es", "HOSPICIO"),
    ],
)
def test_must_fix_5_stopping_treatment_gets_hospice_not_chemo_facts_nor_988(texter, line, code, words):
    lang = line.library.get(code)
    first = texter_in(texter, code).send(words)
    assert topic_of(lang, first) == "care.hospice"
    assert_key_facts("hospice", code, "text", first[0].body)
    body = "\n".join(r.body for r in first)
    assert lang.node("resist").parts[0].text not in body  # not "chemotherapy is still a main treatment"
    assert lang.prompt("crisis_self_harm").text not in body  # a choice about treatment is not self-harm


@pytest.mark.parametrize("code", CODES)
def test_must_fix_5_stopping_treatment_by_voice_key_7_then_2_and_by_speech(phone, line, code):
    call = start_call(phone, code).press("7").press("2")
    assert_key_facts("hospice", code, "voice", call.last_text)
    spoken = start_call(phone, code).say(QUESTIONS["hospice"][code])
    assert_key_facts("hospice", code, "voice", spoken.last_text)
    assert line.library.get(code).prompt("crisis_self_harm").voice not in spoken.last_text


# -- every topic, by text and by voice, in both languages --------------------------------------


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("topic", TOPICS)
def test_care_then_the_topic_key_and_its_keywords_give_the_key_fact_first(texter, line, code, topic):
    lang = line.library.get(code)
    node = lang.node(f"care.{topic}")
    menu = texter_in(texter, code).send("CARE" if code == "en" else "CUIDADOS")
    assert topic_of(lang, menu) == "care"
    assert f"{node.digit} {plain(node.title)}" in menu[-1].body
    first = texter.send(node.digit)
    assert topic_of(lang, first) == node.id
    assert_key_facts(topic, code, "text", first[0].body)
    for keyword in node.keywords:
        replies = texter.send(keyword)
        assert topic_of(lang, replies) == node.id, (keyword, replies[0].body)
        assert_key_facts(topic, code, "text", replies[0].body)


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("topic", TOPICS)
def test_a_question_in_plain_words_reaches_the_topic_by_text(texter, line, code, topic):
    lang = line.library.get(code)
    first = texter_in(texter, code).send(QUESTIONS[topic][code])
    assert topic_of(lang, first) == f"care.{topic}", first[0].body
    assert_key_facts(topic, code, "text", first[0].body)


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("topic", TOPICS)
def test_key_7_then_the_topic_key_plays_the_key_fact_and_so_does_asking(phone, line, code, topic):
    lang = line.library.get(code)
    node = lang.node(f"care.{topic}")
    at_care = start_call(phone, code).press("7")
    assert lang.menu(lang.node("care")).voice in at_care.last_text
    call = at_care.press(node.digit)
    assert node.parts[0].voice in call.last_text
    assert_key_facts(topic, code, "voice", call.last_text)
    spoken = start_call(phone, code).say(QUESTIONS[topic][code])
    assert_key_facts(topic, code, "voice", spoken.last_text)


@pytest.mark.parametrize("code", CODES)
def test_every_care_topic_is_at_most_three_texts(texter, line, code):
    lang = line.library.get(code)
    texter_in(texter, code)
    for topic in TOPICS:
        first = texter.send(lang.node(f"care.{topic}").keywords[0])
        assert first[0].body.startswith(("(1/2) ", "(1/3) ")) or "(1/" not in first[0].body, (topic, first[0].body)
