"""Texts through the simulator: what a texter reads back (English, and Spanish when it exists).

Every reply these tests receive is checked by the `texter` fixture (tests/conftest.py): within
its language's segment budget, GSM-7 for English, and the last one says what to do next.
"""

from __future__ import annotations

import re
import threading
import time
from datetime import timedelta

import pytest

from content.model import ROOT_ID
from database import store as store_module
from tests.conftest import teases
from tests.walk import chain, texter_in, topic_of


def fresh(texter):
    """Past the welcome: the texter has already said hello."""
    texter.send("menu")
    return texter


# -- menu, numbers, keywords -------------------------------------------------------------------
def test_first_text_gets_the_welcome_and_the_menu(texter, english):
    replies = texter.send("MENU")
    assert english.prompt("sms_welcome").text in replies[0].body
    assert "3 Symptoms" in replies[-1].body
    assert len(replies) == 1  # both fit in one text


def test_first_text_gets_the_welcome_even_when_the_topic_fills_a_text(texter, english):
    replies = texter.send("what comes next")
    node = english.node("next")
    assert english.prompt("sms_welcome").text in replies[0].body
    assert topic_of(english, replies) == "next"
    assert node.parts[0].text.split(".")[0] in " ".join(r.body for r in replies)
    # The welcome does not push text off the page: MORE goes on with page 2 of the topic.
    assert texter.send("MORE")[0].body.startswith("(2/")


@pytest.mark.parametrize("menu_word", ["MENU", "menu", " Menú ", "MENÚ", "menu please"])
def test_menu_words(texter, english, menu_word):
    fresh(texter).send("symptoms")
    assert "3 Symptoms" in texter.send(menu_word)[-1].body


@pytest.mark.parametrize("node_id", ["spread", "where", "symptoms", "cure", "resist", "next"])
def test_every_section_by_number_and_by_keyword(texter, english, node_id):
    node = english.node(node_id)
    fresh(texter)
    by_number = texter.send(node.digit)
    assert topic_of(english, by_number) == node_id
    by_word = texter.send(node.keywords[0])
    assert [r.body for r in by_word] == [r.body for r in by_number]


@pytest.mark.parametrize("code", ["en", "es"])
def test_every_topic_is_reached_by_numbers_from_the_menus(texter, line, code):
    lang = line.library.get(code)
    texter.send(lang.name)  # "English" / "Español" switches (and stays)
    for node in lang.nodes.values():
        if node.id == ROOT_ID:
            continue
        texter.send("menu")
        for step in chain(lang, node):
            replies = texter.send(step.digit)
        assert topic_of(lang, replies) == node.id, (node.id, replies[0].body)


@pytest.mark.parametrize("code", ["en", "es"])
def test_every_topic_is_reached_by_its_keywords(texter, line, code):
    lang = line.library.get(code)
    fresh(texter).send(lang.name)
    for node in lang.nodes.values():
        for keyword in node.keywords[:2]:
            assert topic_of(lang, texter.send(keyword)) == node.id, (code, node.id, keyword)


def test_a_number_picks_from_the_last_menu_shown(texter, english):
    fresh(texter).send("symptoms")  # shows the Symptoms menu: 1 Bone, 2 Lung, ...
    assert topic_of(english, texter.send("2")) == "symptoms.lung"
    texter.send("menu")
    assert topic_of(english, texter.send("2 please")) == "where"


def test_a_number_not_in_the_menu_gets_the_menu_again(texter, english):
    replies = fresh(texter).send("9")
    assert english.prompt("sms_not_understood").text in replies[-1].body
    assert "3 Symptoms" in replies[-1].body


@pytest.mark.parametrize(
    ("text", "node_id"),
    [
        # misspellings
        ("simptoms", "symptoms"),
        ("SYMPTOMS", "symptoms"),
        ("  symptoms  ", "symptoms"),
        ("chemo stoped working", "resist"),
        ("brest cancer", "where.type.breast"),
        ("prostrate", "where.type.prostate"),
        # short questions
        ("can stage 4 be cured?", "cure"),
        ("does breast cancer go to the bones?", "where.type.breast"),
        ("how do I stop the pain", "care.pain"),  # issue 22, must-fix 4: pain gets how it is eased
        ("where does it spread", "where"),
        ("what is metastatic cancer", "spread"),
        ("how long do i have", "cure.outlook"),
        ("why did my chemo stop working", "resist"),
        ("is there any hope", "next"),
        ("yellow skin", "symptoms.liver"),
        ("i have bone pain", "symptoms.bone"),
        ("whats a clinical trial?", "next.trials"),
    ],
)
def test_words_misspellings_and_questions_land_on_the_right_topic(texter, english, text, node_id):
    assert topic_of(english, fresh(texter).send(text)) == node_id


def test_a_menu_line_typed_as_words_picks_it_in_that_menu(texter, english):
    fresh(texter).send("symptoms")
    assert topic_of(english, texter.send("liver")) == "symptoms.liver"
    texter.send("menu")
    assert topic_of(english, texter.send("liver")) == "where.place.liver"


@pytest.mark.parametrize(
    ("menu", "word", "node_id"), [("symptoms", "lungs", "symptoms.lung"), ("symptoms", "bones", "symptoms.bone")]
)
def test_a_word_nearly_a_menu_lines_name_picks_it_over_another_topics_keyword(texter, english, menu, word, node_id):
    """At Symptoms (1 Bone, 2 Lung...) "lungs" is the lung signs, though "lungs" is word for word
    the keyword of where it spreads; at the main menu it is still the place."""
    fresh(texter).send(menu)
    assert topic_of(english, texter.send(word)) == node_id
    texter.send("menu")
    assert topic_of(english, texter.send(word)) != node_id


def test_a_common_word_near_a_topics_word_is_not_answered_as_that_topic(texter, english):
    """ "what" is a letter from "whats" ("whats stage 4" names a topic), but the content uses "what"
    itself: it is no typo, and names no topic (it was answered as What comes next)."""
    assert topic_of(english, fresh(texter).send("what")) is None


@pytest.mark.parametrize(("text", "node_id"), [("metastatis", "spread"), ("sintomaz", "symptoms")])
def test_a_typo_of_a_topics_word_still_names_it(texter, english, text, node_id):
    assert topic_of(english, fresh(texter).send(text)) == node_id


@pytest.mark.parametrize("text", ["purple elephants", "asdfgh", "ok"])
def test_low_confidence_gets_the_menu_with_two_example_words(texter, english, text):
    replies = fresh(texter).send(text)
    assert english.prompt("sms_not_understood").text in replies[-1].body  # "like SYMPTOMS or CURE"
    assert "3 Symptoms" in replies[-1].body


# -- MORE, BACK, paging ------------------------------------------------------------------------
def test_more_walks_a_long_topic_to_its_end(texter, english):
    node = english.node("next")
    replies = [fresh(texter).send("what comes next")[-1]]
    while english.prompt("sms_more").text in replies[-1].body or teases(english, replies[-1].body):
        replies.append(texter.send("MORE")[-1])
        assert len(replies) < 10
    joined = " ".join(r.body for r in replies)
    for part in node.parts:
        for sentence in part.text.split(". "):
            assert sentence.strip(". ") in joined
    total = len(replies)
    assert total > 1
    assert [r.body[: len(f"({n}/{total})")] for n, r in enumerate(replies, 1)] == [
        f"({n}/{total})" for n in range(1, total + 1)
    ]
    assert english.prompt("sms_menu_hint").text in replies[-1].body
    # One more MORE: the topic's own subtopics (Finding a clinical trial...), not a dead end.
    assert english.node("next.trials").title in texter.send("more")[-1].body


@pytest.mark.parametrize("word", ["MORE", "more", "More please"])
def test_more_words(texter, english, word):
    fresh(texter).send("what comes next")
    assert texter.send(word)[-1].body.startswith("(2/")


def test_a_short_topic_is_not_numbered(texter, english):
    replies = fresh(texter).send("jaundice")
    assert topic_of(english, replies) == "symptoms.liver"
    assert not replies[0].body.startswith("(")


def test_back_goes_up_one_level(texter, english):
    fresh(texter).send("symptoms")
    texter.send("3")
    assert topic_of(english, texter.send("BACK")) == "symptoms"
    assert "3 Symptoms" in texter.send("back")[-1].body


def test_more_with_nothing_to_continue_shows_the_menu(texter, english):
    assert "3 Symptoms" in fresh(texter).send("MORE")[-1].body


# -- compliance --------------------------------------------------------------------------------
OPT_OUT_WORDS = ["STOP", "stop", " Stop ", "STOPALL", "UNSUBSCRIBE", "cancel", "END", "quit", "REVOKE", "OptOut"]


@pytest.mark.parametrize("word", OPT_OUT_WORDS)
def test_stop_family_opts_out_with_an_empty_reply(texter, line, word):
    fresh(texter)
    assert texter.send(word) == []
    assert line.store.is_opted_out(line.identity.key(texter.sender))


@pytest.mark.parametrize("word", ["START", "yes", "Unstop"])
def test_start_family_opts_back_in_with_a_welcome(texter, line, english, word):
    texter.send("STOP")
    assert texter.send("symptoms") == []
    assert texter.send("HELP") == []  # nothing at all goes to an opted-out number
    assert texter.send("I want to die") == []  # not even this: Twilio would refuse it (21610)
    back = texter.send(word)
    assert english.prompt("sms_optin").text in back[0].body
    assert "3 Symptoms" in back[-1].body
    assert not line.store.is_opted_out(line.identity.key(texter.sender))
    assert topic_of(english, texter.send("symptoms")) == "symptoms"


@pytest.mark.parametrize("text", ["stop the pain", "how do I stop the pain", "STOP PAIN", "stop pain now"])
def test_stop_inside_a_question_is_a_question(texter, line, english, text):
    replies = fresh(texter).send(text)
    assert topic_of(english, replies) == "care.pain"  # issue 22, must-fix 4: how pain is eased
    assert not line.store.is_opted_out(line.identity.key(texter.sender))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("stop texting me", "en"),
        ("Stop please", "en"),
        ("PARAR", "es"),
        ("BAJA", "es"),
        ("ya no me manden textos", "es"),
    ],
)
def test_a_stop_wish_in_other_words_opts_out_with_one_goodbye_in_its_language(texter, line, text, code):
    replies = fresh(texter).send(text)
    assert [r.body for r in replies] == [line.library.get(code).prompt("sms_stopped").text]  # says how to come back
    assert line.store.is_opted_out(line.identity.key(texter.sender))
    assert texter.send("symptoms") == []  # then nothing, until START
    assert texter.send("START")


@pytest.mark.parametrize("text", ["cancel my appointment", "how do I quit smoking", "my sister keeps texting me"])
def test_other_uses_of_stop_words_are_not_opt_outs(texter, line, text):
    assert fresh(texter).send(text)
    assert not line.store.is_opted_out(line.identity.key(texter.sender))


def test_asking_for_a_person_gets_the_helpline(texter, english):
    assert fresh(texter).send("is this a real person")[-1].body == english.prompt("sms_help").text


@pytest.mark.parametrize("word", ["HELP", "help", "Info", "help please"])
def test_help_carries_every_required_part(texter, app, word):
    body = fresh(texter).send(word)[-1].body
    assert "Stage 4 Cancer Info Line" in body
    assert re.sub(r"\D", "", app.config["HELPLINE_NUMBER"])[-10:] in re.sub(r"\D", "", body)
    assert "Msg & data rates may apply" in body
    assert "Reply STOP to cancel" in body


def test_ayuda_gets_the_help_reply_in_spanish(texter, spanish):
    assert fresh(texter).send("AYUDA")[-1].body == spanish.prompt("sms_help").text


# -- language ----------------------------------------------------------------------------------
@pytest.mark.parametrize("word", ["ESPAÑOL", "espanol", "Español", "SPANISH"])
def test_spanish_switch(texter, spanish, word):
    replies = fresh(texter).send(word)
    assert spanish.prompt("sms_welcome").text in replies[0].body
    assert spanish.prompt("sms_menu_header").text in replies[-1].body


def test_spanish_is_remembered_and_english_switches_back(texter, english, spanish):
    fresh(texter).send("ESPAÑOL")
    assert topic_of(spanish, texter.send("3")) == "symptoms"
    assert topic_of(spanish, texter.send("MENÚ") + texter.send("4")) == "cure"
    assert spanish.prompt("sms_menu_header").text in texter.send("menu")[-1].body
    replies = texter.send("ENGLISH")
    assert english.prompt("sms_welcome").text in replies[0].body
    assert topic_of(english, texter.send("symptoms")) == "symptoms"
    texter.send("espanol")
    assert english.prompt("sms_welcome").text in texter.send("INGLES")[0].body


@pytest.mark.parametrize(
    ("text", "node_id"),
    [
        ("sintomas", "symptoms"),
        ("síntomas", "symptoms"),
        ("SINTOMAS", "symptoms"),
        ("siiintomas", "symptoms"),
        ("sintonas", "symptoms"),
        ("se puede curar?", "cure"),
        ("¿Se puede curar?", "cure"),
        ("la quimio dejó de funcionar", "resist"),
        ("la quimio dejo de funcionar", "resist"),
        ("a dónde se propaga", "where"),
        ("dolor de huesos", "symptoms.bone"),
        ("cáncer de mama", "where.type.breast"),
    ],
)
def test_spanish_words_misspellings_and_questions(texter, spanish, text, node_id):
    fresh(texter).send("ESPAÑOL")
    assert topic_of(spanish, texter.send(text)) == node_id


@pytest.mark.parametrize("text", ["sintomas", "se puede curar?", "hola"])
def test_a_spanish_first_text_is_answered_in_spanish(texter, spanish, text):
    replies = texter.send(text)
    assert spanish.prompt("sms_welcome").text in replies[0].body
    assert texter.send("menu")[-1].body.startswith(spanish.prompt("sms_menu_header").text)


@pytest.mark.parametrize("text", ["menú", "MENU por favor"])
def test_a_first_menu_word_in_spanish_gets_the_spanish_menu(texter, spanish, text):
    joined = "\n".join(r.body for r in texter.send(text))
    assert spanish.prompt("sms_welcome").text in joined
    assert spanish.prompt("sms_menu_header").text in joined


@pytest.mark.parametrize("word", ["MÁS", "mas", "Más por favor"])
def test_mas_walks_a_spanish_topic(texter, spanish, word):
    fresh(texter).send("ESPAÑOL")
    pages = [texter.send("6")[-1]]
    assert pages[0].body.startswith("(1/")
    while spanish.prompt("sms_more").text in pages[-1].body or teases(spanish, pages[-1].body):
        pages.append(texter.send(word)[-1])
        assert len(pages) < 30
    joined = " ".join(p.body for p in pages)
    for part in spanish.node("next").parts:
        assert part.text.split(". ")[0] in joined


def test_language_and_place_are_forgotten_after_the_quiet_time(texter, app, english, spanish, monkeypatch):
    fresh(texter).send("ESPAÑOL")
    texter.send("6")
    later = store_module.now() + timedelta(hours=app.config["SMS_STATE_TTL_HOURS"] + 1)
    monkeypatch.setattr(store_module, "now", lambda: later)
    replies = texter.send("MORE")  # nothing to continue any more: a fresh start, in English
    assert english.prompt("sms_welcome").text in replies[0].body


def test_place_is_kept_within_the_quiet_time(texter, app, english, monkeypatch):
    fresh(texter).send("what comes next")
    later = store_module.now() + timedelta(hours=app.config["SMS_STATE_TTL_HOURS"] - 1)
    monkeypatch.setattr(store_module, "now", lambda: later)
    assert texter.send("MORE")[-1].body.startswith("(2/")


# -- robustness --------------------------------------------------------------------------------
def test_same_message_sid_twice_does_not_advance_more(texter):
    fresh(texter).send("what comes next")
    first = texter.send("MORE", sid="SM" + "a" * 32)
    again = texter.send("MORE", sid="SM" + "a" * 32)
    assert [r.body for r in first] == [r.body for r in again]
    assert first[0].body.startswith("(2/")
    assert texter.send("MORE")[0].body.startswith("(3/")


def test_a_retry_racing_the_first_request_gets_the_same_reply_and_advances_once(texter, line, monkeypatch):
    fresh(texter).send("what comes next")
    sid = "SM" + "b" * 32
    real = line.store.answer_message
    retry = {}

    def racing(message_sid, reply, write=None, conn=None):
        if not retry:  # Twilio's retry lands while the first request is still working
            retry["thread"] = threading.Thread(target=lambda: retry.update(replies=texter.send("MORE", sid=sid)))
            retry["thread"].start()
            time.sleep(0.1)  # it reaches the database (and, on SQLite, waits for this transaction)
        return real(message_sid, reply, write, conn=conn)

    monkeypatch.setattr(line.store, "answer_message", racing)
    first = texter.send("MORE", sid=sid)
    retry["thread"].join(timeout=10)
    assert [r.body for r in first] == [r.body for r in retry["replies"]]
    assert first[0].body.startswith("(2/")
    assert texter.send("MORE")[0].body.startswith("(3/")


def test_a_failed_message_can_be_retried(texter, english, line, monkeypatch):
    sid = "SM" + "c" * 32
    real = line.texting.handle

    def broken(*args, **kwargs):
        raise RuntimeError("forced")

    monkeypatch.setattr(line.texting, "handle", broken)
    assert texter.send("symptoms", sid=sid)[0].body == english.prompt("sms_error").text
    monkeypatch.setattr(line.texting, "handle", real)
    assert topic_of(english, texter.send("symptoms", sid=sid)) == "symptoms"


def test_a_forced_failure_gives_a_short_apology(texter, english, line, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("forced")

    monkeypatch.setattr(line.texting, "handle", broken)
    replies = texter.send("symptoms")
    assert replies[0].body == english.prompt("sms_error").text


def test_no_apology_to_an_opted_out_number(texter, line, monkeypatch):
    texter.send("STOP")

    def broken(*args, **kwargs):
        raise RuntimeError("forced")

    monkeypatch.setattr(line.texting, "handle", broken)
    assert texter.send("symptoms") == []


@pytest.mark.parametrize("body", ["", "   ", "👍", "🙏🙏🙏", "...", "\u200f\u05e9\u05dc\u05d5\u05dd"])
def test_media_or_no_words_asks_for_a_word(texter, english, body):
    fresh(texter)
    replies = texter.send(body, media=[("https://api.twilio.com/media/ME1", "image/jpeg")])
    assert replies[-1].body == english.prompt("sms_media_only").text


@pytest.mark.parametrize(
    "body",
    [
        "symptoms " + "x" * 1590,
        "\x00\x01\x07symptoms\x1b[0m",
        "مرحبا كيف حالك",  # right-to-left
        "\u202esmotpmys\u202c",
        "🫁 can't breathe 😰",
        "sympt\u0000oms\r\n\r\n",
        "SYMPTOMS" * 200,
    ],
)
def test_odd_bodies_get_a_valid_reply(texter, body):
    assert texter.send(body)  # parsed as TwiML by the simulator, budget checked by the fixture


# -- WhatsApp and audio ------------------------------------------------------------------------
def test_whatsapp_gets_the_same_replies_as_sms(endpoint, line):
    from tests.conftest import CheckedTexter

    sms = CheckedTexter(endpoint, line, sender="+15005550001")
    wa = CheckedTexter(endpoint, line, sender="+15005550002", channel="whatsapp")
    for body in ("hi", "simptoms", "2", "more", "can stage 4 be cured?", "MORE", "back", "help", "purple"):
        assert [r.body for r in sms.send(body)] == [r.body for r in wa.send(body)], body


def test_whatsapp_stop_covers_the_number_on_every_channel(whatsapp, endpoint, line):
    from tests.conftest import CALLER, CheckedTexter

    assert whatsapp.send("STOP") == []
    assert CheckedTexter(endpoint, line, sender=CALLER).send("symptoms") == []


def test_whatsapp_profile_fields_are_ignored_and_never_stored(whatsapp, app, caplog, tmp_path):
    caplog.set_level("DEBUG")
    assert whatsapp.params("x")["ProfileName"] == "Sam"
    whatsapp.send("symptoms")
    app.extensions["line"].store.dispose()
    assert b"Sam" not in (tmp_path / "line.db").read_bytes()
    assert "Sam" not in "\n".join(r.getMessage() for r in caplog.records)


def _fake_audio(urls: dict):
    def resolve(snippet, kind):
        assert kind == "web"
        return urls.get(snippet.id, f"https://cdn.example.org/audio/{snippet.id}.mp3")

    return resolve


@pytest.mark.parametrize("word", ["LISTEN", "listen", "Escuchar"])
def test_listen_on_whatsapp_sends_the_audio_with_the_text_as_caption(whatsapp, line, english, word):
    line.audio_resolver = _fake_audio({})
    fresh(whatsapp).send("what comes next")
    page = whatsapp.send("MORE")[-1].body
    replies = whatsapp.send(word)
    assert all(len(r.media) == 1 for r in replies)  # WhatsApp: one file per message
    assert replies[-1].body == page  # the words, with their next step, come last
    media = [m for r in replies for m in r.media]
    assert media and all(m.startswith("https://cdn.example.org/audio/next.p") for m in media)
    assert whatsapp.send("MORE")[-1].body.startswith("(3/")  # LISTEN did not move the place


def test_listen_by_mms_sends_every_file_in_one_message(texter, line, english):
    line.audio_resolver = _fake_audio({})
    fresh(texter).send("liver")
    replies = texter.send("LISTEN")
    assert len(replies) == 1
    assert replies[0].media == ["https://cdn.example.org/audio/where.place.liver.p1.mp3"]
    assert topic_of(english, replies) == "where.place.liver"


def test_listen_without_an_audio_file_sends_the_words(whatsapp, line, english):
    line.audio_resolver = _fake_audio({"symptoms.bone.p1": None})
    fresh(whatsapp).send("bone pain")
    replies = whatsapp.send("LISTEN")
    assert [r.media for r in replies] == [[], []]
    assert replies[0].body == english.prompt("sms_no_audio").text
    assert topic_of(english, replies) == "symptoms.bone"


def test_listen_with_no_topic_shows_the_menu(texter, line):
    line.audio_resolver = _fake_audio({})
    replies = fresh(texter).send("LISTEN")
    assert replies[-1].media == []
    assert "3 Symptoms" in replies[-1].body


def test_a_subtopic_menu_never_pushes_the_topics_words_onto_a_more_reply(texter, english):
    """Symptoms ends with "call 911": that sentence stays on the first reply; the menu follows."""
    first = fresh(texter).send("symptoms")[0].body
    assert english.node("symptoms").parts[0].text in first.replace("\n", " ")
    menu = texter.send("MORE")[0].body
    assert "1 Bone\n2 Lung\n3 Liver\n4 Brain" in menu


@pytest.mark.parametrize(
    ("code", "words"),
    [("en", "how are you"), ("en", "anyone there?"), ("es", "¿qué haces?"), ("es", "q onda")],
)
def test_small_talk_gets_the_menu_not_a_topic(texter, line, code, words):
    # "que haces" read as where cancer spreads (session 33): small talk is a greeting, and the
    # menu says what the line is for.
    lang = line.library.get(code)
    replies = texter_in(texter, code).send(words)
    assert topic_of(lang, replies) is None
    assert lang.prompt("sms_menu_header").text in replies[-1].body
