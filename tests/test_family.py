"""Family spoken to as family (issue 22): "my mom", "mi esposo" is noticed, remembered for the
conversation and the caller (a category under the number's keyed hash, never the words), and the
replies fit - a line for them before a topic, the care topics first in menus and "did you mean".

Through the signed webhooks (tests/conftest.py), in English and Spanish; the remembering tests run
on SQLite and on PostgreSQL (both_databases).
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from content.model import FAMILY_FIRST
from content.schema import RELATIONS
from content.segments import plain
from database.tables import relations
from navigation.turn import CallFacts, Input, Place, TextState
from tests.conftest import CALLER, CheckedTexter
from tests.walk import start_call, texter_in, topic_of
from understanding.relations import WORDS, relation
from understanding.text import words as fold

OTHER = "+15017122662"  # a second texter, the patient writing for themself

# A family member's first message, and what the line must show: the topic and the line for them.
ASKS = {
    "en": ("my mom has stage 4 lung cancer, what is hospice", "mom"),
    "es": ("mi esposo tiene cáncer de pulmón en etapa 4, qué es el hospicio", "husband"),
}
# The patient's own words: the same question, about themself.
OWN = {
    "en": "I have stage 4 lung cancer, what is hospice",
    "es": "tengo cáncer de pulmón en etapa 4, qué es el hospicio",
}
# The line for them, as the texter reads it (texts drop the accents of a, i, o, u).
FAMILY_LINE = {
    "en": "This may help you and your mom.",
    "es": plain("Esto puede ayudarles a usted y a su esposo."),
}
# A later message naming no one.
LATER = {"en": "how do i find a clinical trial", "es": "cómo busco un ensayo clínico"}


def stored(line, number: str, ttl: timedelta = timedelta(days=1)) -> str | None:
    return line.store.relation(line.identity.key(number), ttl)


def every_family_line(lang) -> list[str]:
    return [lang.prompt(f"sms_family_{who}").text for who in RELATIONS]


def test_every_relation_the_understanding_names_has_its_line_in_every_language(line):
    assert set(RELATIONS) == set(WORDS)
    for lang in line.library.languages.values():
        for who in RELATIONS:
            assert lang.prompt(f"sms_family_{who}").text.strip()
    for node_id in FAMILY_FIRST:
        assert line.library.get("en").node(node_id), node_id


def test_spanish_lines_say_su_and_name_the_person(line):
    es = line.library.get("es")
    # madre/padre: texts drop the accent, and "su mama" / "su papa" would read as other words
    for who, noun in (("mom", "madre"), ("dad", "padre"), ("husband", "esposo"), ("wife", "esposa")):
        text = plain(es.prompt(f"sms_family_{who}").text)
        assert f"a usted y a su {noun}." in text, text


@pytest.mark.both_databases
@pytest.mark.parametrize("code", ["en", "es"])
def test_a_family_member_gets_the_topic_with_a_line_for_them_and_it_is_remembered(texter, line, code):
    lang = line.library.get(code)
    words, who = ASKS[code]
    first = texter_in(texter, code).send(words)
    assert topic_of(lang, first) == "care.hospice", first[0].body
    assert first[0].body.startswith(FAMILY_LINE[code]), first[0].body
    assert plain(lang.node("care.hospice").parts[0].text)[:40] in "\n".join(r.body for r in first)
    assert stored(line, CALLER) == who

    # Later, from the same number, naming no one: still spoken to as family.
    later = texter.send(LATER[code])
    assert topic_of(lang, later) == "next.trials", later[0].body
    assert later[0].body.startswith(FAMILY_LINE[code]), later[0].body
    # MORE goes on with the same pages, with no line added.
    more = texter.send("MORE" if code == "en" else "MÁS")
    assert not any(line_ in r.body for r in more for line_ in every_family_line(lang))


@pytest.mark.parametrize("code", ["en", "es"])
def test_the_patients_own_message_gets_no_family_line(endpoint, line, code):
    lang = line.library.get(code)
    own = texter_in(CheckedTexter(endpoint, line, sender=OTHER), code).send(OWN[code])
    assert topic_of(lang, own) == "care.hospice", own[0].body
    body = "\n".join(r.body for r in own)
    assert not any(family in body for family in every_family_line(lang)), body
    assert stored(line, OTHER) is None


def test_only_the_category_is_stored_never_the_words_nor_the_number(app, texter, line, tmp_path):
    words, _ = ASKS["en"]
    texter_in(texter, "en").send(words)
    with line.store.reading() as conn:
        rows = conn.execute(select(relations)).mappings().all()
    assert [(r["key"], r["relation"]) for r in rows] == [(line.identity.key(CALLER), "mom")]
    line.store.dispose()
    db = (tmp_path / "line.db").read_bytes()
    # Our reply is kept for a retry (messages_seen) and names the topic; the texter's words never are.
    assert b"my mom" not in db.lower() and b"lung cancer, what" not in db
    for form in (CALLER, re.sub(r"\D", "", CALLER), CALLER[-7:]):
        assert form.encode() not in db, form


@pytest.mark.both_databases
def test_the_relation_is_forgotten_after_the_quiet_period(texter, line):
    texter_in(texter, "en").send("my dad wants to stop chemo")
    key = line.identity.key(CALLER)
    assert line.store.relation(key, timedelta(hours=1)) == "dad"
    assert line.store.relation(key, timedelta(0)) is None  # ttl passed: a new conversation starts plain


@pytest.mark.both_databases
def test_a_new_relation_replaces_the_old_one(texter, line):
    texter_in(texter, "en").send("my mom has no appetite")
    texter.send("my husband is so tired")
    assert stored(line, CALLER) == "husband"
    reply = texter.send("pain")
    assert reply[0].body.startswith("This may help you and your husband."), reply[0].body


@pytest.mark.parametrize("code", ["en", "es"])
def test_menus_list_the_care_topics_first_for_family(texter, line, code):
    lang = line.library.get(code)
    texter_in(texter, code).send(ASKS[code][0])
    menu = texter.send("MENU" if code == "en" else "MENÚ")[-1].body
    options = [ln for ln in menu.split("\n") if re.match(r"^\d ", ln)]
    care = lang.node("care")
    assert options[0] == f"{care.digit} {plain(care.title)}", menu
    assert len(options) == len(lang.root.children)
    # The number still picks the same topic: 7 is care, whatever line it is on.
    care_menu = texter.send(care.digit)[-1].body
    options = [ln for ln in care_menu.split("\n") if re.match(r"^\d ", ln)]
    caring = lang.node("care.caring")
    assert options[0] == f"{caring.digit} {plain(caring.title)}", care_menu
    picked = texter.send(caring.digit)
    assert topic_of(lang, picked) == "care.caring"


def test_a_patients_menu_keeps_its_usual_order(texter, line):
    en = line.library.get("en")
    texter_in(texter, "en").send("I have stage 4 lung cancer")
    menu = texter.send("MENU")[-1].body
    assert en.menu(en.root).text in menu


def test_did_you_mean_offers_the_care_topics_first_to_family(line):
    # The navigator alone (the route gives it the remembered relation the same way).
    nav = line.texting
    en = line.library.get("en")
    choices = ["next.trials", "care.caring", "cure.outlook"]
    plain_turn = nav.did_you_mean(TextState("en"), en, list(choices))
    family_turn = nav.did_you_mean(TextState("en", relation="wife"), en, list(choices))
    assert plain_turn.state.choices == tuple(choices)
    assert family_turn.state.choices == ("care.caring", "next.trials", "cure.outlook")
    assert "1 Caring for someone" in family_turn.replies[0]


def test_an_urgent_sign_or_a_crisis_gets_no_line_before_911(texter, line):
    en = line.library.get("en")
    texter_in(texter, "en").send("my mom has cancer")
    crisis = texter.send("my mom cant breathe")
    assert crisis[0].body.startswith(en.prompt("crisis_emergency").text), crisis[0].body
    assert not any(en.prompt("sms_family_mom").text in r.body for r in crisis)


@pytest.mark.parametrize(
    "words",
    [
        "my dad is in the hospital now, he had a seizure and can't talk",  # a sign told from a ward: no 911 alarm
        "get help now",  # Get help now asked for by name
        "URGENT",
    ],
)
def test_an_urgent_page_never_has_the_family_line_before_it_however_it_is_reached(texter, line, words):
    en = line.library.get("en")
    texter_in(texter, "en").send("my dad has stage 4 cancer")
    reply = texter.send(words)
    assert topic_of(en, reply).startswith("symptoms.urgent"), reply[0].body
    assert not any(en.prompt("sms_family_dad").text in r.body for r in reply), reply[0].body


# -- voice -------------------------------------------------------------------------------------


@pytest.mark.both_databases
@pytest.mark.parametrize("code", ["en", "es"])
def test_a_caller_who_names_family_is_remembered_and_hears_caring_first_in_the_care_menu(phone, line, code):
    lang = line.library.get(code)
    said = ASKS[code][0]
    call = start_call(phone, code).say(said)
    assert stored(line, CALLER) == ASKS[code][1]
    call.hang_up()
    care = lang.node("care")
    first = lang.family_option(care)
    at_care = start_call(phone, code).press("#").press(care.digit)
    heard = at_care.last_text
    assert heard.count(first.voice) == 2 and lang.menu(care).voice in heard  # first, and in its place
    assert heard.index(first.voice) < heard.index(lang.menu(care).voice)
    assert at_care.press(lang.node("care.caring").digit).last_text.startswith(lang.node("care.caring").parts[0].voice)


def test_a_caller_who_did_not_name_anyone_hears_the_usual_care_menu(phone, line):
    en = line.library.get("en")
    care = en.node("care")
    heard = start_call(phone, "en").press(care.digit).last_text
    assert heard.count(en.family_option(care).voice) == 1  # only in its place in the menu
    assert stored(line, CALLER) is None


def test_a_relation_named_by_text_shapes_the_next_call(texter, phone, line):
    en = line.library.get("en")
    texter_in(texter, "en").send("my wife is in a lot of pain")
    heard = start_call(phone, "en").press("7").last_text
    assert heard.count(en.family_option(en.node("care")).voice) == 2


def test_a_callers_did_you_mean_says_the_care_topics_first_to_family(line):
    # The navigator alone (the route gives it the remembered relation, as the tests above show).
    nav = line.navigator
    en = line.library.get("en")
    place = Place("en", "choose", "root", 0, ("next.trials", "care.caring"))
    plain_turn = nav.step(CallFacts(place, Input(digits="9")))
    family_turn = nav.step(CallFacts(place, Input(digits="9"), relation="husband"))
    assert plain_turn.place.choices == ("next.trials", "care.caring")
    assert family_turn.place.choices == ("care.caring", "next.trials")
    said = " ".join(s.voice for s in family_turn.say)
    assert said.index(en.node("care.caring").label) < said.index(en.node("next.trials").label)
    # Key 1 now picks what was said first.
    picked = nav.step(CallFacts(family_turn.place, Input(digits="1"), relation="husband"))
    assert picked.place.node == "care.caring"


@pytest.mark.parametrize("code", ["en", "es"])
def test_the_patient_writing_of_their_own_illness_ends_a_remembered_relation(texter, line, code):
    # One phone, two people: a daughter asks first, then her father writes of his own cancer.
    lang = line.library.get(code)
    words, who = ASKS[code]
    texter_in(texter, code).send(words)
    assert stored(line, CALLER) == who
    own = texter.send(OWN[code])
    body = "\n".join(r.body for r in own)
    assert topic_of(lang, own) == "care.hospice", body
    assert not any(family in body for family in every_family_line(lang)), body
    later = texter.send(LATER[code])
    assert not any(family in r.body for r in later for family in every_family_line(lang)), later[0].body


@pytest.mark.parametrize(
    "said, who",
    [
        ("i was diagnosed with stage 4 colon cancer last month", "self"),
        ("im stage 4 and scared", "self"),
        ("my cancer spread to my liver", "self"),
        ("me diagnosticaron cancer de seno", "self"),
        ("tengo un tumor en el higado", "self"),
        ("i have a question about hospice", None),
        ("my moms cancer spread to her bones", "mom"),
        ("i have to help my dad with his chemo", "dad"),
    ],
)
def test_who_a_message_is_about(said, who):
    assert relation(" ".join(fold(said))) == who
