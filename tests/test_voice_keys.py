"""The same keys do the same job in every menu, in every language (README "Keys")."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from content.model import ROOT_ID
from flows.voice import place_path
from navigation.voice_navigator import OPENINGS, Input, Place
from simulator.phone import parse_twiml
from tests.walk import start_call

SID = {"CallSid": "CA" + "3" * 32}
OTHER = {"en": "es", "es": "en"}


def spoken(endpoint, place: Place, digits: str) -> tuple[str, ET.Element]:
    root = parse_twiml(endpoint.post(place_path(place, 0, "input"), {**SID, "Digits": digits}))
    return " ".join((e.text or "") for e in root.iter("Say")), root


def reachable(line):
    for code in line.library.codes:
        for place in line.navigator.places(code):
            if place.screen not in OPENINGS:
                yield place


def test_zero_dials_a_person_from_every_menu(line, endpoint, app):
    for place in reachable(line):
        _, root = spoken(endpoint, place, "0")
        numbers = [n.text for n in root.iter("Number")]
        assert numbers == [app.config["HELPLINE_NUMBER"]], place
        assert root.find("Dial").get("action"), place


def test_pound_goes_to_the_main_menu_from_every_menu(line, endpoint):
    for place in reachable(line):
        lang = line.library.get(place.lang)
        said, _ = spoken(endpoint, place, "#")
        assert lang.menu(lang.root).voice in said, place


def test_nine_repeats_from_every_menu(line, endpoint):
    for place in reachable(line):
        lang = line.library.get(place.lang)
        node = lang.node(place.node)
        said, _ = spoken(endpoint, place, "9")
        if place.screen == "choose":
            expected = lang.prompt("did_you_mean").voice
        else:
            expected = lang.menu(node).voice if place.screen == "menu" else node.parts[place.part].voice
        assert expected in said, place


def test_star_goes_back_from_every_menu(line, endpoint):
    for place in reachable(line):
        lang = line.library.get(place.lang)
        node = lang.node(place.node)
        said, _ = spoken(endpoint, place, "*")
        if place.screen == "choose":
            expected = lang.menu(node if node.children else lang.node(node.parent or ROOT_ID)).voice
        elif place.screen in ("part", "after") and place.part > 0:
            expected = node.parts[place.part - 1].voice
        elif node.id == ROOT_ID:  # back from the main menu is the start: the language offers
            expected = line.library.get(OTHER[place.lang]).prompt("language_offer").voice
        else:
            expected = lang.menu(lang.node(node.parent or ROOT_ID)).voice
        assert expected in said, place


def test_keys_are_spoken_in_help(line):
    for code in line.library.codes:
        help_text = line.library.get(code).prompt("keys_help").voice
        for key in ("9", "0"):
            assert key in help_text, code


def test_menus_are_at_most_three_deep_and_digits_never_take_a_global_key(line):
    for code in line.library.codes:
        for node in line.library.get(code).nodes.values():
            if node.children:
                depth = 1 if node.id == ROOT_ID else node.id.count(".") + 2
                assert depth <= 3, node.id
            for child in node.children:
                assert child.digit not in ("0", "9", "*", "#"), child.id


def test_menu_options_are_goal_first(line):
    for code in line.library.codes:
        lang = line.library.get(code)
        template = lang.prompts["menu_option"].voice
        assert template.index("{label}") < template.index("{key}"), code


# Words before the first menu option on the shared number (bench/caller_time.py measures the real
# audio): an English caller waits through "Para español, oprima 2." and 911; a Spanish speaker
# presses 2 at its offer, then hears 911 in Spanish and the welcome.
@pytest.mark.parametrize(("code", "limit_s"), [("en", 10), ("es", 10)])
def test_opening_is_short(line, app, code, limit_s):
    turn = line.navigator.opening(None)
    lang = line.library.get(code)
    if lang.prompt("language_offer") in turn.say:
        heard = turn.say[: turn.say.index(lang.prompt("language_offer")) + 1]
        chosen = line.navigator.handle(turn.place, Input(digits=lang.digit))
    else:
        heard, chosen = turn.say, turn.then
    before_menu = [*heard, *chosen.say[: chosen.say.index(lang.menu(lang.root))]]
    words = sum(len(s.voice.split()) for s in before_menu)
    seconds = words * 60 / app.config["TTS_RATE"]
    assert seconds <= limit_s, (code, seconds, [s.id for s in before_menu])


def test_pound_on_a_real_keypad_reaches_the_main_menu(phone, line):
    # Twilio's default finishOnKey is "#": alone, it would count as no input at all.
    english = line.library.get("en")
    call = start_call(phone, "en")
    call.press("3")
    assert english.node("symptoms").parts[0].voice in call.last_text
    call.press("#")
    assert english.menu(english.root).voice in call.last_text
    assert english.prompt("no_input").voice not in call.last_text
