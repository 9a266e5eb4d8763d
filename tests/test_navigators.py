"""Both navigators driven directly, without HTTP: did you mean, and its numbers and keys."""

from __future__ import annotations

import pytest

from content.model import ROOT_ID
from flows.text_navigator import TextState
from flows.voice_navigator import Input, Place
from understanding import Context

UNSURE = {"en": "liver", "es": "higado"}  # the liver as a place, or the liver's signs


def _unsure_text(line, code):
    """A text the understanding hesitates on, found by asking it (so the test follows the model)."""
    for text in ("liver cancer signs spread", "bone", "cancer liver", "higado cancer senales", "tengo dudas hueso"):
        reading = line.texting.understanding.read(text, Context("text", code))
        if reading.intent.name == "unsure" and len(reading.choices) >= 2:
            return text, reading
    pytest.skip("no unsure text for this model")


@pytest.mark.parametrize("code", ["en", "es"])
def test_text_did_you_mean_then_a_number_picks_that_topic(line, code):
    lang = line.library.get(code)
    _, reading = _unsure_text(line, code)
    turn = line.texting.did_you_mean(TextState(code), lang, [c.value for c in reading.choices])
    assert turn.replies[0].startswith(lang.prompt("sms_did_you_mean").text)
    assert lang.prompt("sms_choose").text in turn.replies[0]
    second = lang.node(turn.state.choices[1])
    assert f"2 {second.title}" in turn.replies[0]
    picked = line.texting.handle(turn.state, "2")
    assert picked.topic == second.id and picked.state.language == code


def test_a_number_after_did_you_mean_then_a_menu_number_again(line, english):
    turn = line.texting.did_you_mean(TextState("en"), english, ["cure", "cure.outlook"])
    picked = line.texting.handle(turn.state, "1")
    assert picked.topic == "cure" and picked.state.choices == ()
    menu = line.texting.handle(picked.state, "menu")
    assert line.texting.handle(menu.state, "3").topic == "symptoms"


@pytest.mark.parametrize("code", ["en", "es"])
def test_voice_did_you_mean_with_keys(line, code):
    lang = line.library.get(code)
    turn = line.navigator.did_you_mean(Place(code, "menu", ROOT_ID), ["where.place.liver", "symptoms.liver"])
    said = " ".join(s.voice for s in turn.say)
    assert said.startswith(lang.prompt("did_you_mean").voice)
    assert lang.prompt("menu_option").voice.format(label=lang.node("symptoms.liver").label, key="2") in said
    chosen = line.navigator.handle(turn.place, Input(digits="2"))
    assert chosen.node_reached == "symptoms.liver"
    spoken = line.navigator.handle(turn.place, Input(speech=lang.words["numbers"][0], confidence=0.9))
    assert spoken.node_reached == "where.place.liver"
    back = line.navigator.handle(turn.place, Input(digits="*"))
    assert back.place.screen == "menu"


def test_unsure_speech_gets_did_you_mean_not_a_guess(line, english):
    reading = line.navigator.understanding.read("cola cancer", Context("voice", "en", ROOT_ID))
    turn = line.navigator.handle(Place("en", "menu", ROOT_ID), Input(speech="cola cancer", confidence=0.9))
    if reading.intent.name == "topic":
        assert turn.node_reached == reading.topic
    else:
        assert turn.place.screen in ("choose", "menu")


@pytest.mark.parametrize(
    ("state_lang", "text", "reply_lang"),
    [
        ("en", "se le pasó al hígado?", "es"),
        ("en", "cancer de colon con metastasis", "es"),
        ("es", "how long do people live with it", "en"),
        ("es", "melanoma", "es"),  # a word both languages use: the conversation's language stays
        ("en", "melanoma", "en"),
        ("es", "MORE", "es"),  # a command word never switches
    ],
)
def test_reply_in_the_messages_language(line, state_lang, text, reply_lang):
    turn = line.texting.handle(TextState(state_lang), text)
    assert turn.state.language == reply_lang


def test_an_explicit_choice_holds_until_a_clearly_other_language(line):
    turn = line.texting.handle(TextState("en"), "ESPAÑOL")
    assert turn.state.language == "es"
    assert line.texting.handle(turn.state, "colon").state.language == "es"
    assert line.texting.handle(turn.state, "what are the symptoms of stage 4").state.language == "en"


def test_emergency_then_the_topic_it_names(line):
    turn = line.texting.handle(TextState("en"), "her skin is turning yellow and she collapsed")
    assert turn.alarm == ("emergency",)
    assert turn.replies[0].startswith(line.library.get("en").prompt("crisis_emergency").text)
