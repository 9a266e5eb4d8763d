"""Issue 22's urgent signs, as a texter reads them and a caller hears them, in both languages.

Get help now's first page lists every sign on one screen (911 first); each sign has its own short
page that a question about it opens directly, with what to do, and the emergency room when the
care team cannot be reached. The questions here are written apart from the topics' examples.
"""

from __future__ import annotations

import pytest

from content.replies import node_replies
from tests.walk import keypad_to, start_call, texter_in, topic_of

CODES = ["en", "es"]
SIGNS = ("fever", "spine", "calcium", "clot", "brain", "breathing", "bleeding")
# What each language's first page of Get help now must name: every sign, then the way out.
EVERY_SIGN = {
    "en": (
        "911",
        "breathing",
        "chest pain",
        "seizure",
        "weakness",
        "headache",
        "bleeding",
        "100.4",
        "numb",
        "swollen",
        "thirst",
        "emergency room",
    ),
    "es": (
        "911",
        "respirar",
        "pecho",
        "convulsion",
        "debilidad",
        "dolor de cabeza",
        "sangrado",
        "100.4",
        "adormecidas",
        "hinchado",
        "sed",
        "sala de emergencias",
    ),
}
CANNOT_REACH = {"en": "If you cannot reach", "es": "Si no los puede localizar"}


# -- must-fix 1: urgent signs are not buried --------------------------------------------------------
@pytest.mark.parametrize("code", CODES)
def test_must_fix_1_get_help_now_lists_every_sign_on_its_first_text(texter, line, code):
    lang = line.library.get(code)
    first = texter_in(texter, code).send("URGENT" if code == "en" else "URGENTE")
    assert topic_of(lang, first) == "symptoms.urgent"
    screen = first[0].body
    for words in EVERY_SIGN[code]:
        assert words in screen, words
    assert screen.index("911") < screen.index("100.4")  # 911 first: the most important action


@pytest.mark.parametrize("code", CODES)
def test_must_fix_1_a_caller_hears_every_sign_in_the_first_part(phone, line, code):
    lang = line.library.get(code)
    call = start_call(phone, code)
    keypad_to(call, lang, lang.node("symptoms.urgent"))
    heard = call.last_text
    assert "9 1 1" in heard and "100.4" in heard
    for words in EVERY_SIGN[code][1:-1]:
        if words not in ("911", "100.4"):
            assert words in lang.node("symptoms.urgent").parts[0].text, words
    assert lang.node("symptoms.urgent").parts[0].voice in heard


@pytest.mark.parametrize(
    ("code", "words", "sign", "says"),
    [
        ("en", "i am on chemo and running a fever of 101", "fever", "100.4 F (38 C)"),
        ("en", "back pain and numb legs", "spine", "spinal cord"),
        ("en", "very thirsty and peeing all the time", "calcium", "high calcium"),
        ("en", "what are the signs of high calcium", "calcium", "very thirsty"),
        ("es", "tengo fiebre y me estan dando quimio", "fever", "100.4 F (38 C)"),
        ("es", "dolor de espalda y las piernas adormecidas", "spine", "médula espinal"),
        ("es", "tengo mucha sed y orino todo el tiempo", "calcium", "calcio alto"),
    ],
)
def test_must_fix_1_a_question_about_a_sign_opens_its_own_page_first(texter, line, code, words, sign, says):
    lang = line.library.get(code)
    first = texter_in(texter, code).send(words)
    assert topic_of(lang, first) == f"symptoms.urgent.{sign}"
    assert says in first[0].body


@pytest.mark.parametrize(("code", "word"), [("en", "fever"), ("es", "fiebre")])
def test_must_fix_1_a_caller_who_says_fever_hears_about_fever(phone, line, code, word):
    lang = line.library.get(code)
    call = start_call(phone, code)
    call.say(word)
    assert lang.node("symptoms.urgent.fever").parts[0].voice in call.last_text
    assert "100.4" in call.last_text


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("en", "my mom's right side went numb and her arm is weak"),
        ("es", "a mi papa se le durmio todo el lado izquierdo"),
    ],
)
def test_one_side_gone_numb_gets_911_then_the_sudden_brain_signs(texter, line, code, words):
    # A stroke's sign (session 33): 911 first, then the sudden brain signs page, not the spine's.
    lang = line.library.get(code)
    replies = texter_in(texter, code).send(words)
    assert replies[0].body.split("\n")[0] == lang.prompt("crisis_emergency").text
    assert lang.node("symptoms.urgent.brain").title in replies[1].body


# -- must-fix 2: blood clots -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("en", "my dads leg is red and swollen"),
        ("en", "blood clot"),
        ("es", "a mi esposo se le hincho la pierna"),
        ("es", "coagulo"),
    ],
)
def test_must_fix_2_a_swollen_red_leg_gets_the_clot_page(texter, line, code, words):
    lang = line.library.get(code)
    first = texter_in(texter, code).send(words)
    assert topic_of(lang, first) == "symptoms.urgent.clot"
    body = first[0].body
    assert "911" in body
    assert ("swollen" in body and "red" in body) if code == "en" else ("hincha" in body and "rojo" in body)


@pytest.mark.parametrize("code", CODES)
def test_must_fix_2_a_caller_hears_the_clot_signs_by_key(phone, line, code):
    lang = line.library.get(code)
    call = start_call(phone, code)
    keypad_to(call, lang, lang.node("symptoms.urgent.clot"))
    assert lang.node("symptoms.urgent.clot").parts[0].voice in call.last_text


# -- each sign: its own short page, the way out, its sources --------------------------------------------
@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("sign", SIGNS)
def test_each_sign_is_one_text_with_what_to_do_and_its_sources(line, code, sign):
    lang = line.library.get(code)
    node = lang.node(f"symptoms.urgent.{sign}")
    replies = node_replies(lang, node)
    assert len(replies) == 1, replies  # one text: nothing waits behind MORE
    part = node.parts[0]
    assert "911" in part.text or "equipo" in part.text or "care team" in part.text
    # must-fix 7: every urgent page names the emergency room for when the care team cannot be reached.
    assert CANNOT_REACH[code] in part.text and CANNOT_REACH[code] in part.voice
    assert node.sources and all(url.startswith("https://") for url in node.sources)
    assert len(set(node.examples)) >= 8


@pytest.mark.parametrize("code", CODES)
def test_must_fix_7_get_help_now_says_go_to_the_emergency_room(line, code):
    part = line.library.get(code).node("symptoms.urgent").parts[0]
    assert CANNOT_REACH[code] in part.text and CANNOT_REACH[code] in part.voice
