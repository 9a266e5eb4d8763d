"""Both languages on the phone: the choice, every topic by keypad and by speech."""

from __future__ import annotations

import pytest

from content.model import ROOT_ID
from tests.walk import keypad_to, start_call

CODES = ["en", "es"]


def landed_on(call, lang, node) -> bool:
    """Hearing a topic means hearing its first part, or its menu when it has no parts."""
    first = node.parts[0].voice if node.parts else lang.menu(node).voice
    return first in call.last_text


def test_spanish_caller_hears_the_offer_first_and_911_in_spanish_before_the_menu(phone, line):
    en, es = line.library.get("en"), line.library.get("es")
    call = phone.call()
    offer = call.heard[0]
    assert offer.text == es.prompt("language_offer").voice
    assert offer.language == es.voice.say_language  # said in a Spanish voice
    assert call.heard[1].text == en.prompt("emergency").voice
    call.press(es.digit)
    assert [h.text for h in call.last_heard[:2]] == [es.prompt("emergency").voice, es.prompt("welcome").voice]
    assert "Síntomas, oprima 3." in call.last_text
    assert all(h.language == es.voice.say_language for h in call.last_heard if h.kind == "say")


def test_spanish_choice_is_remembered_on_the_next_call(phone, line):
    es = line.library.get("es")
    phone.call().press(es.digit).hang_up()
    again = phone.call()
    assert again.heard[0].text == es.prompt("emergency").voice
    assert es.prompt("language_offer").voice not in again.last_text
    assert es.menu(es.root).voice in again.silence().last_text


def test_saying_espanol_picks_spanish(phone, line):
    es = line.library.get("es")
    call = phone.call().say("español")
    assert es.menu(es.root).voice in call.last_text


@pytest.mark.parametrize("code", CODES)
def test_every_topic_and_part_is_reached_by_keypad(phone, line, code):
    lang = line.library.get(code)
    for node in lang.nodes.values():
        if node.id == ROOT_ID:
            continue
        call = start_call(phone, code)
        keypad_to(call, lang, node)
        assert landed_on(call, lang, node), node.id
        for i, part in enumerate(node.parts):
            assert part.voice in call.last_text, (node.id, i)
            if i + 1 < len(node.parts):
                call.press("1")
        call.hang_up()


@pytest.mark.parametrize("code", CODES)
def test_every_topic_is_reached_by_speech(phone, line, code):
    lang = line.library.get(code)
    for node in lang.nodes.values():
        if node.id == ROOT_ID:
            continue
        for keyword in node.keywords[:2]:
            call = start_call(phone, code).say(keyword)
            assert landed_on(call, lang, node), (node.id, keyword, call.last_text[:120])
            call.hang_up()


@pytest.mark.parametrize(
    ("code", "words", "node_id"),
    [
        ("es", "sintomas", "symptoms"),
        ("es", "síntomas", "symptoms"),
        ("es", "se puede curar", "cure"),
        ("es", "el hígado", "where.place.liver"),
        ("en", "bone pain", "symptoms.bone"),
        ("en", "where does it spread", "where"),
    ],
)
def test_spoken_questions_and_misspellings(phone, line, code, words, node_id):
    lang = line.library.get(code)
    call = start_call(phone, code).say(words)
    assert landed_on(call, lang, lang.node(node_id)), call.last_text[:200]


@pytest.mark.parametrize("code", CODES)
def test_two_silences_then_helpline_and_goodbye(phone, line, code):
    lang = line.library.get(code)
    call = start_call(phone, code).silence().silence().silence()
    assert call.ended
    assert lang.prompt("goodbye").voice in call.last_text


@pytest.mark.parametrize("code", CODES)
def test_text_me_this_in_both_languages(phone, line, code):
    lang = line.library.get(code)
    call = start_call(phone, code).press("4").press("2")
    assert lang.prompt("text_queued").voice in call.last_text
    assert lang.node("cure").title in line.store.texts()[0]["body"]
