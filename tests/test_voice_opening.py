"""The way into the voice line: 911 first on every call, the other language always offered and
switchable, keys and words that go straight to content, and no loops or dead offers after a part."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from content.model import ROOT_ID
from database.tables import people
from flows.voice import place_path
from simulator.phone import Endpoint, FlaskTransport, Phone, Texter, parse_twiml
from tests.conftest import TOKEN, make_app
from tests.walk import at_opening, keypad_to, start_call

OTHER = {"en": "es", "es": "en"}


def said(call) -> list[tuple[str, str]]:
    """(words, <Say> language) of what was heard since the last input."""
    return [(h.text, h.language) for h in call.last_heard if h.kind == "say"]


def prompt_of(lang, key):
    return (lang.prompt(key).voice, lang.voice.say_language)


def shared_opening(en, es) -> list[tuple[str, str]]:
    """The shared number: the other language's offer, brief and in its own voice, then 911 in the
    number's language; its callers have nothing to press."""
    return [prompt_of(es, "language_offer"), prompt_of(en, "emergency")]


def own_number_opening(es, en) -> list[tuple[str, str]]:
    """A language's own number: its 911 line and key first, then the other language's offer."""
    return [prompt_of(es, "emergency"), prompt_of(es, "language_offer"), prompt_of(en, "language_offer")]


def test_a_new_caller_on_the_shared_number_hears_the_spanish_offer_then_911_in_english(phone, line):
    en, es = line.library.get("en"), line.library.get("es")
    call = phone.call()
    assert said(call) == shared_opening(en, es)
    assert at_opening(call)
    call.silence()  # an English caller presses nothing: the welcome and menu follow
    assert said(call)[0] == prompt_of(en, "welcome") and en.menu(en.root).voice in call.last_text


def test_an_english_caller_who_waited_is_remembered_by_their_first_key(phone, line):
    en, es = line.library.get("en"), line.library.get("es")
    call = phone.call().silence().press(en.node("care").digit)  # a menu, not a part: only the key tells
    assert en.node("care").intro.voice in call.last_text
    call.hang_up()
    assert said(phone.call()) == [prompt_of(en, "emergency"), prompt_of(es, "language_offer")]


def test_a_spanish_speaker_on_the_shared_number_hears_911_in_spanish_before_the_spanish_menu(phone, line):
    es = line.library.get("es")
    call = phone.call().press(es.digit)
    assert said(call)[:2] == [prompt_of(es, "emergency"), prompt_of(es, "welcome")]
    assert es.menu(es.root).voice in call.last_text
    assert all(language == es.voice.say_language for _, language in said(call))
    call.press(es.node("symptoms").digit)
    assert call.last_heard[0].text == es.node("symptoms").parts[0].voice
    call.hang_up()
    assert said(phone.call())[0] == prompt_of(es, "emergency")  # remembered: Spanish from the start


def test_the_spanish_key_and_word_work_during_the_first_prompt(endpoint, line):
    """Both first sentences are inside the opening's <Gather> (a key interrupts them), and the line
    goes on to the English welcome and menu by itself: a second <Gather> in the same answer."""
    es = line.library.get("es")
    first, menu = parse_twiml(endpoint.post("/voice", {"From": "+15017120444", "To": "+18005550100"})).findall("Gather")
    assert [v.tag for v in first] == ["Say", "Say"] and first.get("timeout") == "1"
    assert "/en/lang/" in first.get("action") and "/en/menu/root/" in menu.get("action")
    assert menu.get("timeout") == "8"
    call = Phone(endpoint, caller="+15017120445").call().say("español")
    assert said(call)[:2] == [prompt_of(es, "emergency"), prompt_of(es, "welcome")]


@pytest.mark.parametrize("code", ["en", "es"])
def test_a_returning_caller_hears_911_in_their_language_then_the_other_language(phone, line, code):
    lang, other = line.library.get(code), line.library.get(OTHER[code])
    start_call(phone, code).hang_up()
    call = phone.call()
    assert said(call) == [prompt_of(lang, "emergency"), prompt_of(other, "language_offer")]
    # A second of quiet, and the options follow in the same answer (no request in between).
    assert call.gather.get("timeout") == "1" and call.after_gather[0].tag == "Gather"
    call.silence()  # waiting keeps the remembered language, straight to the options
    assert call.last_heard[0].text == lang.menu(lang.root).voice


def test_a_second_call_from_an_english_number_can_choose_spanish_at_the_start(phone, line):
    es = line.library.get("es")
    start_call(phone, "en").hang_up()
    call = phone.call().press(es.digit)
    assert said(call)[:2] == [prompt_of(es, "emergency"), prompt_of(es, "welcome")]  # 911 in Spanish first
    assert es.menu(es.root).voice in call.last_text
    call.hang_up()
    assert said(phone.call())[0] == prompt_of(es, "emergency")  # remembered for the next call


@pytest.mark.parametrize(("word", "code"), [("español", "es"), ("spanish", "es"), ("english", "en"), ("inglés", "en")])
def test_saying_a_language_mid_call_switches_the_same_place_and_is_remembered(phone, line, word, code):
    start = OTHER[code]
    lang = line.library.get(code)
    call = start_call(phone, start).press("4")  # in the middle of "Can it be cured?"
    call.say(word)
    assert lang.node("cure").parts[0].voice in call.last_text
    assert all(language == lang.voice.say_language for _, language in said(call))
    call.hang_up()
    assert said(phone.call())[0] == prompt_of(lang, "emergency")


def test_star_at_the_main_menu_offers_the_languages_again(phone, line):
    en, es = line.library.get("en"), line.library.get("es")
    assert "star at the main menu" in en.prompt("keys_help").voice  # the keypad way, in the keys help
    call = start_call(phone, "en").press("*")
    assert prompt_of(es, "language_offer") in said(call) and at_opening(call)
    call.press(es.digit)
    assert es.menu(es.root).voice in call.last_text


@pytest.mark.parametrize("code", ["en", "es"])
def test_a_returning_caller_can_press_a_topic_key_during_the_opening(phone, line, code):
    lang = line.library.get(code)
    start_call(phone, code).hang_up()
    call = phone.call().press("3")
    assert call.last_heard[0].text == lang.node("symptoms").parts[0].voice


def test_a_topic_said_at_the_first_prompt_goes_straight_there(phone, english):
    call = phone.call().say("symptoms")
    assert call.last_heard[0].text == english.node("symptoms").parts[0].voice


def test_every_prompt_of_a_menu_response_is_inside_its_gather(line, endpoint):
    """Barge-in: a key or a word interrupts anything the line says while it listens."""
    for code in line.library.codes:
        for place in line.navigator.places(code):
            for key in ("", "1", "2", "9", "*"):
                root = parse_twiml(
                    endpoint.post(place_path(place, 0, "input"), {"CallSid": "CA" + "5" * 32, "Digits": key})
                )
                if root.find("Gather") is None:
                    continue  # goodbye, or connecting to a person
                outside = [v.tag for v in root if v.tag in ("Say", "Play")]
                assert outside == [], (place, key)


@pytest.mark.parametrize("code", ["en", "es"])
def test_after_the_last_part_one_goes_to_the_next_topic_never_back_to_a_menu(phone, line, code):
    lang = line.library.get(code)
    for node in lang.nodes.values():
        if node.id == ROOT_ID or node.children or not node.parts:
            continue
        siblings = lang.parent_of(node).children
        following = siblings[siblings.index(node) + 1] if node is not siblings[-1] else None
        call = start_call(phone, code)
        keypad_to(call, lang, node)
        for _ in node.parts[1:]:
            call.press("1")
        assert lang.prompt("end_of_topic").voice in call.last_text, node.id
        call.press("1")
        if following:
            first = following.parts[0].voice if following.parts else following.intro.voice
            assert call.last_heard[0].text == first, node.id
        else:
            assert lang.prompt("last_topic").voice in call.last_text, node.id
            assert lang.menu(lang.parent_of(node)).voice not in call.last_text, node.id
        call.hang_up()


@pytest.mark.parametrize("caller", ["anonymous", "+15005550123", "opted-out"])
def test_no_text_offer_where_a_text_cannot_go(tmp_path, caller):
    # Production, simulator off: a pretend 555-01xx number cannot get a text either.
    app = make_app(tmp_path, APP_ENV="production")
    line, english = app.extensions["line"], app.extensions["line"].library.get("en")
    endpoint = Endpoint(FlaskTransport(app.test_client()), TOKEN, "http://localhost")
    number = caller
    if caller == "opted-out":
        number = "+15017122999"
        line.store.set_opt_out(line.identity.key(number), True)
    call = start_call(Phone(endpoint, caller=number), "en").press("4")
    assert english.prompt("text_me_option").voice not in call.last_text
    assert english.prompt("text_me_instead").voice in call.last_text
    call.press("2")
    assert english.prompt("text_not_possible").voice in call.last_text
    assert english.prompt("text_me_option").voice not in call.last_text
    assert line.store.texts() == []


def test_a_phone_that_can_get_texts_is_offered_one(phone, english, line):
    call = start_call(phone, "en").press("4")
    assert english.prompt("text_me_option").voice in call.last_text
    call.press("2")
    assert english.prompt("text_queued").voice in call.last_text
    assert len(line.store.texts()) >= 1


def test_next_steps_said_during_a_part_goes_to_that_topic(phone, english):
    call = start_call(phone, "en").press("4").say("next steps")
    assert call.last_heard[0].text == english.node("next").parts[0].voice
    call.say("next")  # alone, it still means go on
    assert call.last_heard[0].text == english.node("next").parts[1].voice


def test_a_remembered_language_is_forgotten_after_the_quiet_period(phone, line):
    """A shared family phone: the Spanish-speaking relative is not held in English for ever."""
    en, es = line.library.get("en"), line.library.get("es")
    start_call(phone, "en").hang_up()
    key = line.identity.key(phone.caller)
    with line.store.engine.begin() as conn:  # the last call was longer ago than SMS_STATE_TTL_HOURS
        old = datetime.now(UTC) - line.memory - timedelta(minutes=1)
        conn.execute(update(people).where(people.c.key == key).values(voice_seen_at=old))
    assert said(phone.call()) == shared_opening(en, es)


def test_each_call_in_the_remembered_language_keeps_it(phone, line):
    start_call(phone, "es").hang_up()
    key = line.identity.key(phone.caller)
    with line.store.engine.begin() as conn:
        almost = datetime.now(UTC) - line.memory + timedelta(minutes=5)
        conn.execute(update(people).where(people.c.key == key).values(voice_seen_at=almost))
    phone.call().hang_up()  # a call within the quiet period starts it again
    with line.store.engine.begin() as conn:
        later = datetime.now(UTC) - timedelta(minutes=10)
        seen = conn.execute(select(people.c.voice_seen_at).where(people.c.key == key)).scalar()
    assert seen.replace(tzinfo=UTC) > later
    assert line.store.voice_language(key, line.memory) == "es"


@pytest.mark.parametrize("code", ["en", "es"])
def test_going_on_from_a_topic_with_one_subtopic_enters_it(phone, line, code):
    lang = line.library.get(code)
    cure = lang.node("resist")  # the topic with one subtopic (resist.why)
    assert len(cure.children) == 1
    call = start_call(phone, code).press(cure.digit)
    for _ in cure.parts:
        call.press("1")
    assert call.last_heard[0].text == cure.children[0].parts[0].voice


SPANISH_LINE = "+18005550199"


@pytest.fixture
def two_numbers(tmp_path):
    """One line, two Twilio numbers: the usual one (English first) and a Spanish line number."""
    app = make_app(tmp_path, LANGUAGE_BY_NUMBER=f"{SPANISH_LINE}=es")
    return app, Endpoint(FlaskTransport(app.test_client()), TOKEN, "http://localhost")


def test_a_spanish_line_number_opens_in_spanish_first(two_numbers):
    app, endpoint = two_numbers
    en, es = (app.extensions["line"].library.get(code) for code in ("en", "es"))
    call = Phone(endpoint, caller="+15017120777", number=SPANISH_LINE).call()
    assert said(call) == own_number_opening(es, en)
    call.silence()  # waiting keeps the number's language
    assert said(call)[0] == prompt_of(es, "welcome") and es.menu(es.root).voice in call.last_text
    english = Phone(endpoint, caller="+15017120779", number=SPANISH_LINE).call().press(en.digit)
    assert said(english)[:2] == [prompt_of(en, "emergency"), prompt_of(en, "welcome")]  # 911 in English first
    usual = Phone(endpoint, caller="+15017120778").call()  # the usual number: English, Spanish offered first
    assert said(usual) == shared_opening(en, es)


def test_a_new_texter_on_the_spanish_line_number_is_answered_in_spanish(two_numbers):
    app, endpoint = two_numbers
    es = app.extensions["line"].library.get("es")
    replies = Texter(endpoint, sender="+15017120779", number=SPANISH_LINE).send("menu")  # either language
    assert es.prompt("sms_welcome").text in replies[0].body


@pytest.mark.parametrize(
    ("value", "message"),
    [("18005550199=es", r"should look like \+18005550199=es"), ("+18005550199=fr", "no content")],
)
def test_a_wrong_language_by_number_stops_the_start(tmp_path, value, message):
    with pytest.raises(SystemExit, match=message):
        make_app(tmp_path, LANGUAGE_BY_NUMBER=value)


def test_the_first_prompt_hints_the_topics_it_understands(endpoint, english):
    root = parse_twiml(endpoint.post("/voice", {"CallSid": "CA" + "6" * 32, "From": "+15017120666"}))
    hints = root.find("Gather").get("hints").split(",")
    assert "español" in hints and "symptoms" in hints
