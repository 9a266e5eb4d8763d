"""Issue 22: the must-fixes outside the urgent signs, the new next.* pages, and the SMS paging rules,
as a texter reads them and a caller hears them, in both languages."""

from __future__ import annotations

import pytest

from content.replies import node_replies
from content.segments import cost, plain
from tests.conftest import teases
from tests.walk import keypad_to, start_call, texter_in, topic_of

CODES = ["en", "es"]


# -- must-fix 3: lymphoma and blood cancers ------------------------------------------------------------
BLOOD = {
    "en": ("Hodgkin lymphoma is often cured", "some are cured"),
    "es": ("Hodgkin muchas veces se cura", "algunos se curan"),
}


@pytest.mark.parametrize(
    ("code", "words"),
    [("en", "my brother has stage four hodgkins"), ("en", "lymphoma"), ("es", "mi hermano tiene linfoma etapa cuatro")],
)
def test_must_fix_3_a_lymphoma_question_hears_it_is_often_cured(texter, line, code, words):
    lang = line.library.get(code)
    first = texter_in(texter, code).send(words)
    assert topic_of(lang, first) == "spread.blood"
    assert BLOOD[code][0] in first[0].body


@pytest.mark.parametrize("code", CODES)
def test_must_fix_3_stage_4_and_cure_pages_say_blood_cancers_are_different(phone, texter, line, code):
    lang = line.library.get(code)
    spread = texter_in(texter, code).send(lang.node("spread").digit)
    assert BLOOD[code][1] in spread[0].body  # on the first text: "stage 4" is not the same for them
    cure = lang.node("cure").parts[0]
    assert "Hodgkin" in cure.text and "Hodgkin" in cure.voice
    call = start_call(phone, code)
    keypad_to(call, lang, lang.node("spread.blood"))
    assert lang.node("spread.blood").parts[0].voice in call.last_text


# -- must-fix 6: Spanish says as much as English ---------------------------------------------------------
def test_must_fix_6_spanish_bone_and_urgent_pages_name_numbness(line):
    es = line.library.get("es")
    for node_id in ("symptoms.bone", "symptoms.urgent", "symptoms.urgent.spine"):
        assert "adormecidas" in es.node(node_id).parts[0].voice, node_id


def test_must_fix_6_spanish_cure_never_hints_at_a_partial_cure(line):
    es = line.library.get("es")
    words = " ".join(p.voice for n in ("cure", "cure.control", "cure.outlook") for p in es.node(n).parts)
    assert "del todo" not in words and "casi siempre no" not in words and "dé por vencido" not in words
    assert "no tienen cura" in es.node("cure").parts[1].voice
    assert "no es rendirse" in es.node("cure.control").parts[0].voice
    assert "en la mayoría de los casos no se puede curar" in es.node("cure.outlook").parts[1].voice


# -- must-fix 7: no dead end without an emergency line ------------------------------------------------------
@pytest.mark.parametrize("code", CODES)
def test_must_fix_7_the_failed_transfer_names_911_and_988(line, code):
    prompt = line.library.get(code).prompt("dial_failed")
    assert "9 1 1" in prompt.voice and "9 8 8" in prompt.voice
    assert "911" in prompt.text and "988" in prompt.text


# -- should-fix: the goodbye names the line; key 0 is named in the first menu ---------------------------
@pytest.mark.parametrize(
    ("code", "line_name", "person"),
    [
        ("en", "Stage 4 Cancer Info Line", "To talk with a person, press 0"),
        ("es", "Línea de Cáncer en Etapa 4", "Para hablar con una persona, oprima 0"),
    ],
)
def test_a_caller_hears_key_0_in_the_first_menu_and_the_goodbye_names_the_line(phone, line, code, line_name, person):
    lang = line.library.get(code)
    call = start_call(phone, code)
    heard = call.last_text
    first_option = lang.prompt("menu_option").voice.format(label=lang.root.children[0].label, key="1")
    # After the topics, so it never delays the first one (bench/caller_time.py, BENCHMARKS.md).
    assert heard.index(first_option) < heard.index(person)
    assert line_name in lang.prompt("goodbye").voice


# -- next.trials and next.second ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("code", "words", "node_id", "says"),
    [
        ("en", "can my husband join a research study for his cancer", "next.trials", "1-800-4-CANCER"),
        ("en", "we want a different doctor to look at her case", "next.second", "second opinion"),
        ("es", "como encuentro un estudio clinico para mi mama", "next.trials", "1-800-422-6237"),
        ("es", "quiero otra opinion de otro oncologo", "next.second", "segunda opinion"),
    ],
)
def test_trials_and_second_opinions_open_on_the_first_reply(texter, line, code, words, node_id, says):
    lang = line.library.get(code)
    first = texter_in(texter, code).send(words)
    assert topic_of(lang, first) == node_id
    assert says in first[0].body


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("node_id", ["next.trials", "next.second", "spread.blood"])
def test_the_new_pages_are_reachable_by_key_and_list_their_sources(phone, line, code, node_id):
    lang = line.library.get(code)
    call = start_call(phone, code)
    keypad_to(call, lang, lang.node(node_id))
    assert lang.node(node_id).parts[0].voice in call.last_text
    assert lang.node(node_id).sources


# -- SMS paging: at most 3 texts, the first complete, MORE says what it brings -------------------------------
@pytest.mark.parametrize("code", CODES)
def test_no_topic_runs_to_more_than_three_texts(line, code):
    lang = line.library.get(code)
    for node_id, node in lang.nodes.items():
        if node_id != "root":
            replies = node_replies(lang, node)
            assert len(replies) <= 3, (node_id, len(replies))
            assert all(cost(r).segments <= lang.sms_max_segments for r in replies)


@pytest.mark.parametrize("code", CODES)
def test_a_topics_first_text_holds_its_whole_first_part(line, code):
    lang = line.library.get(code)
    for node_id, node in lang.nodes.items():
        if node_id != "root" and node.parts:
            assert node.parts[0].text in node_replies(lang, node)[0], node_id


@pytest.mark.parametrize("code", CODES)
def test_more_says_what_it_brings(texter, line, code):
    lang = line.library.get(code)
    first = texter_in(texter, code).send(lang.node("spread").digit)
    assert first[0].body.startswith("(1/")
    about = lang.node("spread").parts[1].about
    assert about and about in first[0].body.splitlines()[-1]
    assert teases(lang, first[0].body)
    more = texter.send("MORE" if code == "en" else "MÁS")
    assert lang.node("spread").parts[1].text in more[0].body


def test_spanish_texts_stay_in_gsm7_and_voices_keep_their_accents(line):
    es = line.library.get("es")
    part = es.node("cure").parts[0]
    assert "mayoría" in part.voice and "mayoria" in part.text
    assert part.text == plain(part.text)
    assert cost(node_replies(es, es.node("cure"))[0]).encoding == "GSM-7"
