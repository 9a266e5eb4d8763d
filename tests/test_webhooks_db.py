"""The webhooks' memory on both databases: the same conversations against SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.walk import start_call, topic_of

pytestmark = pytest.mark.both_databases


def test_more_goes_on_and_a_retried_message_sid_changes_nothing(texter, english):
    first = texter.send("what comes next")
    assert topic_of(english, first) == "next"
    sid = "SM" + "e" * 32
    more = texter.send("MORE", sid=sid)
    assert more[0].body.startswith("(2/")
    assert [r.body for r in texter.send("MORE", sid=sid)] == [r.body for r in more]  # Twilio's retry
    assert texter.send("MORE")[0].body.startswith("(3/")


def test_stop_then_start(texter, line, english):
    assert texter.send("STOP") == []
    assert line.store.is_opted_out(line.identity.key(texter.sender))
    assert texter.send("symptoms") == []
    assert english.prompt("sms_optin").text in texter.send("START")[0].body


def test_a_callers_language_is_remembered_for_the_next_call(phone, spanish):
    start_call(phone, "es").hang_up()
    again = phone.call()
    assert again.heard[0].text == spanish.prompt("emergency").voice
    assert spanish.prompt("language_offer").voice not in again.last_text
    assert spanish.menu(spanish.root).voice in again.silence().last_text


def test_call_statistics_and_status(phone, line):
    call = start_call(phone, "en")
    call.press("3").press("1")
    call.hang_up()
    record = line.store.call(call.sid)
    assert record["language"] == "en" and record["steps"] >= 3 and record["furthest_node"].startswith("symptoms")
    assert record["status"] == "completed"
