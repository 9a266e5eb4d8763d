"""Calls through the simulator: what a caller hears, key by key."""

from __future__ import annotations

import pytest

from simulator.phone import TwimlError, parse_twiml
from tests.walk import keypad_to, start_call


def english_call(phone):
    return start_call(phone, "en")


def test_emergency_line_is_the_first_thing_heard_in_english(phone, english, spanish):
    call = phone.call()
    offer, first = call.heard[:2]  # only "Para español, oprima 2." comes before it
    assert offer.text == spanish.prompt("language_offer").voice
    assert first.kind == "say"
    assert first.text == english.prompt("emergency").voice
    assert "hang up and call 9 1 1" in first.text


def test_opening_gives_the_welcome_with_the_disclaimer_then_a_goal_first_menu(phone, english):
    call = english_call(phone)
    text = call.last_text
    assert call.last_heard[0].text == english.prompt("welcome").voice
    assert "Symptoms, press 3." in text
    assert text.index("not medical advice") < text.index("Symptoms, press 3.")


def test_silence_at_language_choice_keeps_the_default_language(phone, english):
    call = phone.call().silence()
    assert "Symptoms, press 3." in call.last_text


@pytest.mark.parametrize("node_id", ["spread", "where", "symptoms", "cure", "resist", "next"])
def test_every_section_is_reached_by_keypad(phone, english, node_id):
    node = english.node(node_id)
    call = english_call(phone)
    call.press(node.digit)
    assert node.parts[0].voice in call.last_text
    assert "To go on, press 1." in call.last_text


def test_after_the_last_part_one_goes_on_to_the_next_topic(phone, english):
    call = english_call(phone)
    node = english.node("where.type.breast")  # a topic with no subtopics, in a list of them
    keypad_to(call, english, node)
    for _ in node.parts[1:]:
        call.press("1")
    assert english.prompt("end_of_topic").voice in call.last_text
    assert english.prompt("next_topic").voice in call.last_text
    call.press("1")
    assert call.last_heard[0].text == english.node("where.type.lung").parts[0].voice


def test_silence_after_a_menu_reprompts_with_the_keys(phone, english):
    call = english_call(phone).silence()
    assert english.prompt("no_input").voice in call.last_text
    assert "To talk with a person, press 0." in call.last_text
    assert "Symptoms, press 3." in call.last_text
    assert not call.ended


def test_silence_after_a_part_repeats_the_options_not_the_part(phone, english):
    call = english_call(phone).press("4").silence()
    assert english.prompt("no_input").voice in call.last_text
    assert english.node("cure").parts[0].voice not in call.last_text
    assert "To go on, press 1." in call.last_text


def test_third_silence_ends_with_the_helpline_and_goodbye(phone, english):
    call = english_call(phone).silence().silence()
    assert not call.ended
    call.silence()
    assert call.ended
    assert "1, 8 0 0, 4 2 2, 6 2 3 7" in call.last_text
    assert "Goodbye" in call.last_text
    assert call.heard[-1].kind == "hangup"


@pytest.mark.parametrize("key", ["8"])
def test_unassigned_key_in_the_main_menu_reprompts(phone, english, key):
    call = english_call(phone).press(key)
    assert call.last_text.startswith(english.prompt("invalid_key").voice)
    assert "Symptoms, press 3." in call.last_text
    assert not call.ended


def test_pound_goes_to_the_main_menu_and_star_goes_back(phone, english):
    call = english_call(phone)
    keypad_to(call, english, english.node("where.place.liver"))
    call.press("*")
    assert english.menu(english.node("where.place")).voice in call.last_text
    call.press("#")
    assert english.menu(english.root).voice in call.last_text


def test_nine_repeats_a_part(phone, english):
    call = english_call(phone).press("5").press("9")
    assert english.node("resist").parts[0].voice in call.last_text


def test_speech_reaches_a_topic(phone, english):
    call = english_call(phone).say("bone pain")
    assert english.node("symptoms.bone").parts[0].voice in call.last_text


def test_speech_nearly_a_menu_lines_name_picks_it(phone, english):
    """At the Symptoms menu a caller who says "lungs" (the option is "Lung") hears the lung signs,
    not where cancer spreads, whose keyword "lungs" is word for word."""
    call = english_call(phone).press("3")
    for _ in english.node("symptoms").parts:
        call.press("1")  # hear the parts; the Symptoms menu comes next
    assert english.menu(english.node("symptoms")).voice in call.last_text
    call.say("lungs")
    assert english.node("symptoms.lung").parts[0].voice in call.last_text


def test_unclear_speech_asks_again(phone, english):
    call = english_call(phone).say("purple elephants")
    assert english.prompt("not_understood").voice in call.last_text
    assert not call.ended


def test_zero_dials_the_helpline_and_a_busy_line_comes_back(phone, english, app):
    call = english_call(phone).press("0")
    assert call.dialed == [app.config["HELPLINE_NUMBER"]]
    call.dial_result("busy")
    assert english.prompt("dial_failed").voice in call.last_text
    assert english.menu(english.root).voice in call.last_text


def test_a_forced_failure_gives_the_spoken_apology(phone, english, line, monkeypatch):
    call = english_call(phone)

    def broken(*args, **kwargs):
        raise RuntimeError("forced")

    monkeypatch.setattr(line.navigator, "step", broken)
    call.press("3")
    assert english.prompt("error").voice in call.last_text
    assert call.waiting  # back at a menu, not hung up


def test_when_even_the_apology_fails_the_caller_hears_911_in_both_languages(phone, english, line, monkeypatch):
    """Issue 22 must-fix 7: the last-resort words were English only, with no emergency number."""
    call = english_call(phone)

    def broken(*args, **kwargs):
        raise RuntimeError("forced")

    monkeypatch.setattr(line.navigator, "step", broken)
    monkeypatch.setattr(line.navigator, "apology", broken)
    call.press("3")
    heard = [(h.text, h.language) for h in call.last_heard if h.kind == "say"]
    assert [language for _, language in heard] == ["en-US", "es-US"]
    assert all("911" in words for words, _ in heard)
    assert "emergencia" in heard[1][0]
    assert not call.waiting  # it ends kindly, never in silence


def test_status_callback_records_the_call_without_numbers(phone, line):
    call = english_call(phone).press("3").press("1")
    call.hang_up()
    record = line.store.call(call.sid)
    assert record["status"] == "completed"
    assert record["furthest_node"].startswith("symptoms")
    assert record["duration_s"] > 0
    assert "+1" not in repr(record)


def test_every_reachable_twiml_is_valid_and_every_gather_has_a_fallback(line, endpoint):
    """Crawl every place with every key and silence; what comes back must be TwiML Twilio accepts."""
    from flows.voice import place_path

    keys = list("0123456789*#") + [""]
    for code in line.library.codes:
        for place in line.navigator.places(code):
            for tries in (0, 2):
                for key in keys:
                    exchange = endpoint.post(
                        place_path(place, tries, "input"), {"CallSid": "CA" + "2" * 32, "Digits": key}
                    )
                    root = parse_twiml(exchange)
                    verbs = list(root)
                    assert verbs, exchange.url
                    for i, verb in enumerate(verbs):
                        if verb.tag == "Gather":
                            assert i + 1 < len(verbs), f"{exchange.url} Digits={key}: Gather without fallback"
                            assert verb.get("input") == "dtmf speech"
                            assert verb.get("action")
                    last = verbs[-1].tag
                    assert last in ("Redirect", "Hangup", "Dial"), f"{exchange.url} Digits={key}: ends with {last}"


def test_parse_twiml_rejects_what_twilio_would():
    from simulator.phone import Exchange

    with pytest.raises(TwimlError):
        parse_twiml(Exchange("u", {}, "", 200, "text/html", "<Response/>"))
    with pytest.raises(TwimlError):
        parse_twiml(Exchange("u", {}, "", 500, "text/xml", "<Response/>"))
    with pytest.raises(TwimlError):
        parse_twiml(Exchange("u", {}, "", 200, "text/xml", "<Response><Gather><Dial/></Gather></Response>"))


def test_status_callback_is_idempotent(phone, line, endpoint):
    call = english_call(phone).press("2")
    call.hang_up()
    before = line.store.call(call.sid)
    endpoint.post("/voice/status", call.params({"CallStatus": "completed", "CallDuration": str(call.duration_s)}))
    after = line.store.call(call.sid)
    assert {k: v for k, v in after.items() if k != "ended_at"} == {k: v for k, v in before.items() if k != "ended_at"}


def test_hanging_up_mid_menu_leaves_nothing_broken(phone, english, line):
    first = english_call(phone).press("2").press("1")
    first.hang_up()
    assert line.store.call(first.sid)["status"] == "completed"
    second = phone.call()  # the same caller calls back: 911, the other language, then the menu
    assert english.prompt("language_offer").voice not in second.last_text
    assert english.menu(english.root).voice in second.silence().last_text


def test_language_choice_is_remembered_by_keyed_hash(phone, line):
    english_call(phone).hang_up()
    key = line.identity.key(phone.caller)
    assert line.store.voice_language(key, line.memory) == "en"
    assert phone.caller not in key


def test_low_confidence_speech_asks_again(phone, english):
    call = english_call(phone).say("symptoms", confidence=0.1)
    assert english.prompt("not_understood").voice in call.last_text
    assert english.node("symptoms").parts[0].voice not in call.last_text


@pytest.mark.parametrize(
    ("words", "node_id"),
    [
        ("symptoms", "symptoms"),
        ("simptoms", "symptoms"),
        ("where does it spread", "where"),
        ("can it be cured", "cure"),
        ("the liver", "where.place.liver"),
    ],
)
def test_spoken_words_and_questions_reach_the_right_topic(phone, english, words, node_id):
    call = english_call(phone).say(words)
    assert english.node(node_id).parts[0].voice in call.last_text


@pytest.mark.parametrize(("words", "expected"), [("repeat", "menu"), ("operator", "dial"), ("main menu", "menu")])
def test_spoken_commands_do_what_their_keys_do(phone, english, words, expected):
    call = english_call(phone).say(words)
    if expected == "dial":
        assert call.dialing is not None
    else:
        assert english.menu(english.root).voice in call.last_text


def test_gathers_take_speech_with_hints_in_the_callers_language(endpoint, english):
    root = parse_twiml(endpoint.post("/voice/en/menu/root/0/0/input", {"CallSid": "CA" + "4" * 32, "Digits": "9"}))
    gather = root.find("Gather")
    assert gather.get("input") == "dtmf speech"
    assert gather.get("language") == english.voice.speech_language
    assert "symptoms" in gather.get("hints").split(",")
    assert "repeat" in gather.get("hints").split(",")
    assert "text me" not in gather.get("hints").split(",")  # only after a part
    assert gather.get("numDigits") == "1"


@pytest.mark.parametrize(
    ("words", "prompts"),
    [
        ("I want to kill myself", ["crisis_self_harm"]),
        ("I can't breathe", ["crisis_emergency"]),
        ("I took too many pills", ["crisis_emergency", "crisis_overdose"]),
        ("I am going to swallow all my pills tonight", ["crisis_emergency", "crisis_overdose", "crisis_self_harm"]),
        ("I already took 60 milligrams of oxycontin today and then more", ["crisis_emergency", "crisis_overdose"]),
        ("my mom has cancer in her bones and I just want all of this to be over", ["crisis_self_harm"]),
    ],
)
def test_spoken_crisis_words_get_911_or_988_at_once(phone, english, words, prompts, caplog):
    call = english_call(phone).say(words)
    for key in prompts:
        assert english.prompt(key).voice in call.last_text
    assert call.last_heard[0].text == english.prompt(prompts[0]).voice
    if len(prompts) > 1 or "crisis_self_harm" in prompts:  # no other content, and the way to a person
        assert "To talk with a person, press 0." in call.last_text
    assert not call.ended
    assert words not in caplog.text


def test_spoken_near_miss_is_not_a_crisis(phone, english):
    call = english_call(phone).say("is chemo going to kill me")
    assert english.prompt("crisis_self_harm").voice not in call.last_text


def test_spanish_spoken_crisis_is_answered_in_spanish(phone, line):
    es = line.library.get("es")
    call = start_call(phone, "es").say("quiero morir")
    assert es.prompt("crisis_self_harm").voice in call.last_text


def test_a_spoken_emergency_then_goes_to_the_topic_it_names(phone, english):
    call = english_call(phone).say("seizure")
    assert call.last_heard[0].text == english.prompt("crisis_emergency").voice
    assert english.node("symptoms.brain").parts[0].voice in call.last_text
