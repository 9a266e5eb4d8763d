"""Long messages as people write them: a warning sign leads, a second ask is named, and what the
line does not cover is said plainly (issue 25, the text line's side of Reading.sign/.also/outside)."""

from __future__ import annotations

import pytest

from tests.conftest import check_replies
from tests.walk import texter_in, topic_of


@pytest.mark.parametrize(
    ("code", "body", "page"),
    [
        ("en", "my mom has a fever of 101 after chemo and i wonder how long she can live", "symptoms.urgent.fever"),
        ("en", "his leg is swollen and red since yesterday, what does stage 4 mean anyway", "symptoms.urgent.clot"),
        ("es", "mi esposo tiene la pierna hinchada y roja, queremos saber de ensayos", "symptoms.urgent.clot"),
    ],
)
def test_a_warning_sign_in_a_long_message_opens_its_urgent_page_first(texter, line, code, body, page):
    lang = line.library.get(code)
    replies = texter_in(texter, code).send(body)
    assert topic_of(lang, replies) == page
    assert lang.node(page).parts[0].text[:40] in replies[0].body  # the sign's own words, first


@pytest.mark.parametrize(
    ("code", "body"),
    [("en", "how long do test results usually take"), ("en", "who is this")],
)
def test_a_question_the_line_does_not_cover_gets_what_it_covers_not_a_guessed_topic(texter, line, code, body):
    lang = line.library.get(code)
    texter.send("MENU")
    replies = texter.send(body)
    assert [r.body for r in replies] == [lang.prompt("sms_outside").text]


def test_a_second_ask_is_named_in_one_line_after_the_answer(line):
    """The navigator offers Reading.also by its title (what the understanding found is its own test)."""
    from dataclasses import replace

    from navigation.turn import TextState

    texting = line.texting
    english = line.library.get("en")
    shown = texting.topic(TextState("en"), english, english.node("care.pain"))
    offered = texting.with_also(shown, english, "care.money")
    also = english.prompt("sms_also").text.format(title=english.node("care.money").title)
    last = offered.replies[-1].split("\n")
    assert last[-2] == also  # the line just before how to go on, which still ends the text
    assert last[-1] == shown.replies[-1].split("\n")[-1]
    check_replies(english, list(offered.replies))
    assert offered.topic == "care.pain"
    assert texting.with_also(replace(shown), english, "care.pain") == shown  # never the same topic twice


@pytest.mark.parametrize("code", ["en", "es"])
def test_a_second_ask_in_a_text_of_its_own_still_ends_with_how_to_go_on(line, code):
    """When the answer's last text has no room for the line naming the other ask, the line goes in
    a text of its own, and that text, now the last, says how to go on (MENU or BACK)."""
    from navigation.turn import TextState

    texting = line.texting
    lang = line.library.get(code)
    split = []
    for node in lang.nodes.values():
        if node.parts and node.id != "care.money":
            shown = texting.topic(TextState(code), lang, node)
            offered = texting.with_also(shown, lang, "care.money")
            if len(offered.replies) > len(shown.replies):
                split.append(offered)
    assert split, "no page is full enough to push the line into a text of its own"
    also = lang.prompt("sms_also").text.format(title=lang.node("care.money").title)
    for offered in split:
        assert offered.replies[-1] == "\n".join([also, lang.prompt("sms_menu_hint").text])
