"""Both navigators driven directly, without HTTP: facts in, one Turn out (words, effects, outcome);
did you mean, and its numbers and keys; one crisis plan."""

from __future__ import annotations

import pytest

from content import crisis
from content.model import ROOT_ID
from navigation.text_navigator import TextState
from navigation.turn import CallFacts, OptOut, QueueText, RememberLanguage, SaveTextPlace, TextFacts
from navigation.voice_navigator import Input, Place
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


# -- facts in, one Turn out: effects and outcomes ---------------------------------------------------
def _topic(lang):
    return next(n for n in lang.root.children if len(n.parts) > 1)


@pytest.mark.parametrize("code", ["en", "es"])
def test_key_2_says_from_the_facts_whether_a_text_comes(line, code):
    lang = line.library.get(code)
    node = _topic(lang)
    place = Place(code, "part", node.id, 0)
    queued = line.navigator.step(CallFacts(place, Input(digits="2")))
    assert queued.effects == (QueueText(code, node.id, 0),)
    assert queued.say[0] == lang.prompt("text_queued") and queued.place.screen == "after"
    cannot = line.navigator.step(CallFacts(place, Input(digits="2"), can_text=False))
    assert cannot.effects == () and cannot.say[0] == lang.prompt("text_not_possible")
    assert lang.prompt("text_me_option") not in cannot.say and lang.prompt("text_me_instead") in cannot.say
    later = line.navigator.step(CallFacts(place, Input(digits="2"), remembering=False))
    assert later.effects == () and later.say[0] == lang.prompt("text_later")


def test_the_text_offer_follows_the_facts(line, english):
    node = _topic(english)
    at_menu = Place("en", "menu")
    offered = line.navigator.step(CallFacts(at_menu, Input(digits=node.digit)))
    assert english.prompt("text_me_option") in offered.say
    withheld = line.navigator.step(CallFacts(at_menu, Input(digits=node.digit), can_text=False))
    assert english.prompt("text_me_option") not in withheld.say
    assert english.prompt("text_me_instead") in withheld.say


def test_a_language_chosen_or_known_is_an_effect(line, spanish):
    opening = line.navigator.step(CallFacts(known_language="es"))
    assert opening.effects == (RememberLanguage("es"),)
    new = line.navigator.step(CallFacts())
    chosen = line.navigator.step(CallFacts(new.place, Input(digits=spanish.digit)))
    assert chosen.effects == (RememberLanguage("es"),) and chosen.lang == "es"


def test_the_outcome_of_words_said_and_none_for_a_key(line, english):
    menu = Place("en", "menu")
    assert line.navigator.step(CallFacts(menu, Input(digits="3"))).outcome is None
    assert line.navigator.step(CallFacts(menu, Input(speech="symptoms", confidence=0.9))).outcome == "understood"
    assert line.navigator.step(CallFacts(menu, Input(speech="zzqx blorp", confidence=0.9))).outcome in (
        "not_understood",
        "did_you_mean",
    )
    assert line.navigator.step(CallFacts(menu, Input(speech="I want to die", confidence=0.9))).outcome == "crisis"


def test_text_effects_and_outcomes(line, english):
    state = TextState("en", menu=ROOT_ID)
    stop = line.texting.answer(TextFacts(state, "STOP"))
    assert stop.replies == () and stop.effects == (OptOut(True),) and stop.outcome == "opt_out"
    wish = line.texting.answer(TextFacts(state, "please stop texting me"))
    assert wish.replies == (english.prompt("sms_stopped").text,) and wish.effects[0] == OptOut(True)
    start = line.texting.answer(TextFacts(state, "START", opted_out=True))
    assert start.effects[0] == OptOut(False) and isinstance(start.effects[1], SaveTextPlace)
    topic = line.texting.answer(TextFacts(state, "symptoms"))
    assert topic.effects == (SaveTextPlace(topic.state),) and topic.outcome == "understood"
    silent = line.texting.answer(TextFacts(state, "symptoms", opted_out=True))
    assert silent.replies == () and silent.effects == () and not silent.sent
    assert line.texting.answer(TextFacts(state, "zzqx blorp")).outcome in ("not_understood", "did_you_mean")
    assert line.texting.answer(TextFacts(state, "")).outcome == "not_understood"


def test_without_the_database_the_note_never_comes_before_the_crisis_words(line, english):
    state = TextState("en", menu=ROOT_ID)
    note = english.prompt("sms_no_memory").text
    topic = line.texting.answer(TextFacts(state, "symptoms", remembering=False))
    assert topic.replies[0].startswith(note)
    crisis = line.texting.answer(TextFacts(state, "I want to die", remembering=False))
    assert crisis.replies[0].startswith(english.prompt("crisis_self_harm").text)
    assert crisis.replies[-1].endswith(note)


@pytest.mark.parametrize(
    ("words", "categories"),
    [("I want to kill myself", ("self_harm",)), ("I took too many pills", ("overdose",)), ("I can't breathe", None)],
)
def test_one_crisis_plan_for_both_lines(line, english, words, categories):
    voice = line.navigator.step(CallFacts(Place("en", "menu"), Input(speech=words, confidence=0.9)))
    text = line.texting.answer(TextFacts(TextState("en", menu=ROOT_ID), words))
    assert voice.alarm == text.alarm and (categories is None or set(categories) <= set(voice.alarm))
    prompts = crisis.plan(voice.alarm).prompts
    assert [s.id for s in voice.say[: len(prompts)]] == [f"prompt.{key}" for key in prompts]
    assert "\n".join(text.replies).startswith("\n".join(english.prompt(key).text for key in prompts))


def test_the_plan_puts_911_first_and_a_topic_only_after_an_emergency_alone():
    assert crisis.plan(("self_harm", "overdose")).prompts == ("crisis_emergency", "crisis_overdose", "crisis_self_harm")
    assert crisis.plan(("emergency",), "symptoms.lung").topic == "symptoms.lung"
    assert crisis.plan(("emergency", "self_harm"), "symptoms.lung").topic is None


def test_a_text_place_is_kept_in_one_column_and_read_back_the_same():
    state = TextState("es", "cure", 2, "cure", choices=("cure", "cure.outlook"))
    assert state.menu_field == "cure?cure|cure.outlook"
    assert TextState.from_saved("es", "cure", 2, state.menu_field, new=False) == state
    assert TextState.from_saved("en", None, 0, None, new=True) == TextState("en", new=True)


def test_usage_reads_turns_without_importing_the_flows():
    import subprocess
    import sys

    code = (
        "import sys, usage, usage.events; print([m for m in sys.modules if m.split('.')[0] in ('flows', 'navigation')])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_navigation_decides_without_the_webhooks_the_database_or_twilio():
    # The rules stand below flows/: importing them must load no webhook, store, Flask or Twilio,
    # so they are tested without HTTP and a webhook change never reaches a decision.
    import subprocess
    import sys

    code = (
        "import sys, navigation.voice_navigator, navigation.text_navigator; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'flows', 'delivery', 'database', 'usage', 'flask', 'twilio', 'sqlalchemy'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_delivery_sends_without_the_webhooks():
    # The outbox worker is its own process: it needs the store and Twilio, never a webhook.
    import subprocess
    import sys

    code = "import sys, delivery.outbox; print([m for m in sys.modules if m.split('.')[0] == 'flows'])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
