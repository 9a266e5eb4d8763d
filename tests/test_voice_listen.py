"""Controls for people who listen (issue #24): a person named early, slower and back, a pause
that is not "no input", and going on where the last call left off - through the signed webhooks."""

from __future__ import annotations

import pytest

from navigation.voice_navigator import MAX_PAUSE_ROUNDS
from simulator.phone import Phone, parse_twiml
from tests.walk import at_opening, start_call

OTHER = {"en": "es", "es": "en"}
SLOWER = {"en": ["slower", "slow down"], "es": ["más despacio", "más lento"]}
FASTER = {"en": "faster", "es": "más rápido"}
WAIT = {"en": ["wait", "hold on"], "es": ["espere", "un momento"]}


def last_answer(phone):
    """The line's last TwiML (not the status callback's empty answer)."""
    return parse_twiml(next(e for e in reversed(phone.endpoint.exchanges) if not e.url.endswith("/status")))


def slow_words(phone) -> list[str]:
    """Words said at the slow pace (SSML prosody at 80%) in the line's last answer."""
    return [p.text for p in last_answer(phone).iter("prosody") if p.get("rate") == "80%"]


def plain_words(phone) -> list[str]:
    return [s.text for s in last_answer(phone).iter("Say") if s.text]


# -- 1. a person, named early -----------------------------------------------------------------
@pytest.mark.parametrize("code", ["en", "es"])
def test_the_main_menu_names_a_person_before_any_topic_is_heard(phone, line, code):
    lang = line.library.get(code)
    call = start_call(phone, code)
    assert lang.menu(lang.root).voice in call.last_text
    assert lang.prompt("person_option").voice in call.last_text
    assert "0" in lang.prompt("person_option").voice
    call.press("0")
    assert call.dialed == [line_helpline(phone)]


def line_helpline(phone) -> str:
    return phone.endpoint.transport.client.application.config["HELPLINE_NUMBER"]


@pytest.mark.parametrize("code", ["en", "es"])
def test_the_keys_help_says_the_new_controls(line, code):
    help_text = line.library.get(code).prompt("keys_help").voice
    assert help_text.count("9") >= 2, help_text  # 9 repeats; 9 again, slower
    words = {"en": ("slower", "wait"), "es": ("despacio", "espere")}[code]
    for word in words:
        assert word in help_text.lower(), (code, word)


# -- 2. slower and back -------------------------------------------------------------------------
@pytest.mark.parametrize("code", ["en", "es"])
def test_saying_slower_plays_the_part_again_slowly_for_the_call_and_the_next_call(phone, line, code):
    lang = line.library.get(code)
    cure = lang.node("cure")
    for word in SLOWER[code]:
        call = start_call(phone, code).press(cure.digit)
        call.say(word)
        assert call.last_heard[0].text == lang.prompt("slower").voice
        assert cure.parts[0].voice in slow_words(phone)  # the same part, again, slower
        assert plain_words(phone) == []
        call.press("1")  # the pace holds for the call
        assert cure.parts[1].voice in slow_words(phone)
        call.hang_up()
        phone.call()  # remembered for the next call, from its first words
        assert lang.prompt("emergency").voice in slow_words(phone)
        assert plain_words(phone) == []
        phone_reset_pace(phone, line, code)


def phone_reset_pace(phone, line, code):
    """Say "faster" on a fresh call: back to the usual pace, for this call and the next."""
    lang = line.library.get(code)
    call = phone.call()
    call.silence()  # the menu, still slow
    call.say(FASTER[code])
    assert call.last_heard[0].text == lang.prompt("faster").voice
    assert lang.menu(lang.root).voice in plain_words(phone) and slow_words(phone) == []
    call.hang_up()
    phone.call()
    assert slow_words(phone) == [] and lang.prompt("emergency").voice in plain_words(phone)


@pytest.mark.parametrize("code", ["en", "es"])
def test_nine_twice_plays_it_again_slower_and_nine_once_only_repeats(phone, line, code):
    lang = line.library.get(code)
    symptoms = lang.node("symptoms")
    call = start_call(phone, code).press(symptoms.digit)
    call.press("9")
    assert call.last_heard[0].text == symptoms.parts[0].voice and slow_words(phone) == []
    call.press("9")
    assert call.last_heard[0].text == lang.prompt("slower").voice
    assert symptoms.parts[0].voice in slow_words(phone)
    call.press("9")  # already slow: a repeat, still slow
    assert call.last_heard[0].text == symptoms.parts[0].voice and symptoms.parts[0].voice in slow_words(phone)
    call.press("#")
    assert lang.menu(lang.root).voice in slow_words(phone)


def test_nine_after_another_key_is_a_plain_repeat(phone, english):
    call = start_call(phone, "en").press("9")  # the main menu again
    call.press("3").press("9")  # not right after a repeat: a repeat
    assert call.last_heard[0].text == english.node("symptoms").parts[0].voice
    assert slow_words(phone) == []


def test_slower_at_the_opening_and_at_a_menu_replays_it_slowly(phone, line):
    en = line.library.get("en")
    call = phone.call().say("slower")
    assert en.prompt("slower").voice in slow_words(phone) and at_opening(call)
    call.press("1")
    assert en.menu(en.root).voice in slow_words(phone)


def test_old_urls_without_a_pace_still_answer_at_the_usual_pace(endpoint, english):
    root = parse_twiml(endpoint.post("/voice/en/part/symptoms/0/0/input", {"CallSid": "CA" + "7" * 32, "Digits": "9"}))
    said = [s.text for s in root.iter("Say")]
    assert english.node("symptoms").parts[0].voice in said
    assert "again=1" in root.find("Gather").get("action")


def test_a_hidden_number_is_not_remembered_slow(endpoint, english):
    hidden = Phone(endpoint, caller="anonymous")
    call = start_call(hidden, "en").say("slower")
    assert english.menu(english.root).voice in slow_words(hidden)
    call.hang_up()
    hidden.call()
    assert slow_words(hidden) == []


# -- 3. pause -----------------------------------------------------------------------------------
def quiet_seconds(call) -> int:
    """What one silence costs while paused: the Pause inside the Gather, then its timeout."""
    gather = call.gather
    pauses = [int(p.get("length", "1")) for p in gather.iter("Pause")]
    return sum(pauses) + int(gather.get("timeout", "5"))


@pytest.mark.parametrize("code", ["en", "es"])
def test_wait_gives_minutes_of_quiet_without_a_hang_up_then_goes_back(phone, line, code):
    lang = line.library.get(code)
    cure = lang.node("cure")
    for word in WAIT[code]:
        call = start_call(phone, code).press(cure.digit)
        call.say(word)
        assert call.last_heard[0].text == lang.prompt("take_your_time").voice
        assert call.gather.get("input") == "dtmf"  # talk in the room does not end it
        quiet = 0
        while call.gather is not None and call.gather.find("Pause") is not None:
            quiet += quiet_seconds(call)
            call.silence()
            assert not call.ended
            assert lang.prompt("no_input").voice not in call.last_text
        assert quiet >= 180, quiet
        assert quiet <= 6 * 60
        assert call.last_heard[0].text == cure.parts[0].voice  # back where they were
        call.silence().silence()  # from here silence counts again, kindly
        assert not call.ended
        call.hang_up()


def test_any_key_ends_the_pause_where_the_caller_was(phone, english):
    symptoms = english.node("cure").children[0]  # How long can I live?: four parts
    assert len(symptoms.parts) >= 3
    call = start_call(phone, "en").press(english.node("cure").digit).press("1").press("1")
    while call.last_heard[0].text != symptoms.parts[0].voice:  # cure's own parts first
        call.press("1")
    call.press("1")  # the second part
    call.say("wait")
    call.silence()
    call.press("5")  # a key that picks a topic at a menu: here it only means "ready"
    assert call.last_heard[0].text == symptoms.parts[1].voice
    call.press("1")  # and the call goes on as before
    assert call.last_heard[0].text == symptoms.parts[2].voice


def test_the_pause_rounds_are_bounded(endpoint, english):
    url = f"/voice/en/part/symptoms/0/0/input?wait={MAX_PAUSE_ROUNDS}"
    root = parse_twiml(endpoint.post(url, {"CallSid": "CA" + "8" * 32}))
    assert root.find("Gather").find("Pause") is None
    assert english.node("symptoms").parts[0].voice in [s.text for s in root.iter("Say")]


# -- 4. pick up where you left off ----------------------------------------------------------------
@pytest.mark.parametrize("code", ["en", "es"])
def test_a_caller_again_is_offered_the_part_last_heard_right_after_911(phone, line, code):
    lang, other = line.library.get(code), line.library.get(OTHER[code])
    cure = lang.node("cure")
    start_call(phone, code).press(cure.digit).press("1").hang_up()  # heard part 2 of "cure"
    call = phone.call()
    offer = lang.prompt("resume_offer", topic=cure.label, digit=lang.digit).voice
    assert [h.text for h in call.last_heard] == [
        lang.prompt("emergency").voice,
        offer,
        other.prompt("language_offer").voice,
    ]
    assert cure.label in offer and lang.digit in offer and other.digit not in offer
    call.press(lang.digit)
    assert call.last_heard[0].text == cure.parts[1].voice


@pytest.mark.parametrize("code", ["en", "es"])
def test_the_offer_to_go_on_is_skipped_by_silence_or_another_key(phone, line, code):
    lang, other = line.library.get(code), line.library.get(OTHER[code])
    start_call(phone, code).press(lang.node("cure").digit).hang_up()
    call = phone.call().silence()  # as today: the main menu
    assert lang.menu(lang.root).voice in call.last_text
    call.hang_up()
    call = phone.call().press(lang.node("symptoms").digit)  # a topic key: that topic
    assert call.last_heard[0].text == lang.node("symptoms").parts[0].voice
    call.hang_up()
    call = phone.call().press(other.digit)  # the other language: its welcome, no resume
    assert other.menu(other.root).voice in call.last_text


def test_no_offer_to_go_on_for_a_new_or_hidden_caller(phone, endpoint, line):
    en = line.library.get("en")
    marker = en.prompts["resume_offer"].voice.split("{")[0].strip()
    assert marker not in phone.call().last_text
    hidden = Phone(endpoint, caller="anonymous")
    start_call(hidden, "en").press("4").hang_up()
    assert marker not in hidden.call().last_text


# -- 5. a recap by text, with the caller's yes ----------------------------------------------------
def recaps(line) -> list[str]:
    # Spanish texts go out without the accents of a, i, o, u (SMS_ACCENTS=plain): "escucho:".
    return [t["body"] for t in line.store.texts() if "you heard" in t["body"] or "escucho:" in t["body"]]


@pytest.mark.parametrize("code", ["en", "es"])
def test_a_recap_is_offered_once_and_sent_once_with_a_yes(phone, line, code):
    lang = line.library.get(code)
    offer = lang.prompt("recap_option").voice
    call = start_call(phone, code)
    assert offer not in call.last_text  # not before a part was heard
    call.press(lang.node("cure").digit)
    assert offer in call.last_text
    call.press("1")
    assert offer not in call.last_text  # once per call
    call.press("3")
    assert call.last_heard[0].text == lang.prompt("recap_queued").voice
    assert recaps(line) == []  # not during the call
    call.press("#").press(lang.node("symptoms").digit)
    call.hang_up()
    sent = recaps(line)
    assert len(sent) == 1
    assert lang.node("cure").title in sent[0] and lang.node("symptoms").title in sent[0]
    assert lang.node("resist").title not in sent[0]
    # Twilio may report the end again: still one text.
    phone.endpoint.post(phone.status_path, call.params({"CallStatus": "completed", "CallDuration": "60"}))
    assert len(recaps(line)) == 1


def test_no_recap_without_a_yes(phone, line, english):
    call = start_call(phone, "en").press("4").press("1")
    call.hang_up()
    assert recaps(line) == []


@pytest.mark.parametrize("caller", ["anonymous", "+266696687", "opted-out"])
def test_no_recap_offer_or_text_to_a_withheld_or_opted_out_number(endpoint, line, english, caller):
    if caller == "opted-out":
        caller = "+15017122999"
        line.store.set_opt_out(line.identity.key(caller), True)
    call = start_call(Phone(endpoint, caller=caller), "en").press("4")
    assert english.prompt("recap_option").voice not in call.last_text
    call.press("3")  # as if it had been offered
    assert english.prompt("recap_queued").voice not in call.last_text
    call.hang_up()
    assert recaps(line) == []


def test_a_recap_yes_from_a_number_that_opts_out_before_the_end_is_not_sent(phone, line, english):
    call = start_call(phone, "en").press("4").press("3")
    assert call.last_heard[0].text == english.prompt("recap_queued").voice
    line.store.set_opt_out(line.identity.key(phone.caller), True)
    call.hang_up()
    assert recaps(line) == []


# -- usage: the controls are counted from the Turn, never from the words ----------------------------
def test_the_controls_are_counted(app, phone, line, english):
    from sqlalchemy import select

    from usage import tables

    call = start_call(phone, "en").press("4")
    call.say("slower").say("faster").say("wait")
    call.press("1")
    call.press("3")  # yes to the recap
    call.hang_up()
    call = phone.call().press("1")  # go on where the last call left off
    call.hang_up()
    app.extensions["usage"].flush()
    with line.store.engine.connect() as conn:
        rows = conn.execute(select(tables.events).where(tables.events.c.kind == "control")).mappings().all()
    assert sorted(r["detail"] for r in rows) == ["faster", "recap", "resume", "slower", "wait"]
