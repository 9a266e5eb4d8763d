"""Texts through the simulator: what a texter reads back."""

from __future__ import annotations

import pytest

from content.model import ROOT_ID
from content.segments import cost
from tests.walk import chain


def assert_in_budget(lang, replies):
    for reply in replies:
        c = cost(reply.body)
        assert c.segments <= lang.sms_max_segments, (c, reply.body)
        if lang.sms_alphabet == "GSM-7":
            assert c.encoding == "GSM-7", reply.body


def test_menu_lists_the_six_topics(texter, english):
    replies = texter.send("MENU")
    assert len(replies) == 1
    assert "3 Symptoms" in replies[0].body
    assert_in_budget(english, replies)


@pytest.mark.parametrize("node_id", ["spread", "where", "symptoms", "cure", "resist", "next"])
def test_every_section_by_number_and_by_keyword(texter, english, node_id):
    node = english.node(node_id)
    texter.send("menu")
    by_number = texter.send(node.digit)
    assert node.parts[0].text.split(".")[0] in by_number[0].body
    by_word = texter.send(node.keywords[0])
    assert by_word[0].body == by_number[0].body
    assert_in_budget(english, by_number)


def test_every_topic_is_reached_by_numbers_from_the_menus(texter, english):
    for node in english.nodes.values():
        if node.id == ROOT_ID:
            continue
        texter.send("menu")
        for step in chain(english, node):
            replies = texter.send(step.digit)
        assert replies[0].body.split("\n")[0].endswith(node.title + ":"), (node.id, replies[0].body)
        assert_in_budget(english, replies)


def test_more_walks_a_long_topic_to_its_end(texter, english):
    node = english.node("next")
    replies = [texter.send("what comes next")[-1]]
    while "Reply MORE" in replies[-1].body:
        replies.append(texter.send("MORE")[0])
        assert len(replies) < 10
    joined = " ".join(r.body for r in replies)
    for part in node.parts:
        for sentence in part.text.split(". "):
            assert sentence.strip(". ") in joined
    assert replies[0].body.startswith("(1/")
    assert english.prompt("sms_menu_hint").text in replies[-1].body


def test_unknown_text_gets_a_kind_reprompt_with_the_menu(texter, english):
    replies = texter.send("purple elephants")
    assert english.prompt("sms_not_understood").text in replies[0].body
    assert "3 Symptoms" in replies[0].body


def test_same_message_sid_twice_does_not_advance_more(texter):
    texter.send("what comes next")
    first = texter.send("MORE", sid="SM" + "a" * 32)
    again = texter.send("MORE", sid="SM" + "a" * 32)
    assert [r.body for r in first] == [r.body for r in again]
    after = texter.send("MORE")
    assert after[0].body != first[0].body


def test_stop_opts_out_with_an_empty_reply_and_start_opts_back_in(texter, line):
    assert texter.send("STOP") == []
    assert line.store.is_opted_out(line.identity.key(texter.sender))
    assert texter.send("symptoms") == []
    back = texter.send("start")
    assert back and "MENU" in back[0].body
    assert not line.store.is_opted_out(line.identity.key(texter.sender))


def test_a_forced_failure_gives_a_short_apology(texter, english, line, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("forced")

    monkeypatch.setattr(line.texting, "handle", broken)
    replies = texter.send("symptoms")
    assert replies[0].body == english.prompt("sms_error").text
