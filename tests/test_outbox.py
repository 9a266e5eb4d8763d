"""'Text me this' from a call: one message queued, never for hidden or opted-out callers."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from delivery import outbox
from delivery.outbox import Worker
from simulator.phone import Phone, Texter
from tests.conftest import CALLER
from tests.walk import start_call


@dataclass
class Sent:
    sid: str


class FakeTwilio:
    """Stands in for twilio.rest.Client: records what would have gone out."""

    def __init__(self, fail: bool = False):
        self.created: list[dict] = []
        self.fail = fail
        self.messages = self

    def create(self, **kwargs):
        if self.fail:
            raise ConnectionError("twilio unreachable")
        self.created.append(kwargs)
        return Sent("SM" + "9" * 32)


pytestmark = pytest.mark.both_databases


def send_pending(line, client, sender) -> int:
    return Worker(line, client, sender).run_once().sent


def ask_for_text(phone, code="en"):
    call = start_call(phone, code)
    call.press("3").press("2")
    return call


def test_text_me_this_queues_one_message_and_says_so(phone, line, english):
    call = ask_for_text(phone)
    assert english.prompt("text_queued").voice in call.last_text
    assert "To go on, press 1." in call.last_text  # the call goes on
    texts = line.store.texts()
    assert len(texts) == 1
    assert texts[0]["status"] == "queued"
    assert english.prompt("sms_text_me").text in texts[0]["body"].split("\n")[0]
    assert "Symptoms:" in texts[0]["body"]


def test_hidden_caller_gets_no_text(endpoint, line, english):
    call = start_call(Phone(endpoint, caller="anonymous"), "en")
    call.press("3").press("2")
    assert english.prompt("text_not_possible").voice in call.last_text
    assert line.store.texts() == []


def test_opted_out_caller_gets_no_text(endpoint, phone, line, english):
    Texter(endpoint, sender=CALLER).send("STOP")
    call = ask_for_text(phone)
    assert english.prompt("text_not_possible").voice in call.last_text
    assert line.store.texts() == []


def test_sender_delivers_and_forgets_the_address(phone, line):
    ask_for_text(phone)
    twilio = FakeTwilio()
    assert send_pending(line, twilio, "+18005550100") == 1
    assert twilio.created[0]["to"] == CALLER
    assert twilio.created[0]["from_"] == "+18005550100"
    assert line.store.texts()[0]["status"] == "sent"
    assert send_pending(line, twilio, "+18005550100") == 0  # never twice
    with line.store.engine.connect() as conn:
        sealed = conn.execute(outbox_sealed_query()).scalars().all()
    assert sealed == [None]


def test_sender_rechecks_opt_out_at_send_time(phone, endpoint, line):
    ask_for_text(phone)
    Texter(endpoint, sender=CALLER).send("STOP")
    twilio = FakeTwilio()
    assert send_pending(line, twilio, "+18005550100") == 0
    assert twilio.created == []
    assert line.store.texts()[0]["status"] == "cancelled"


def test_messaging_service_sid_is_used_as_the_sender(phone, line):
    ask_for_text(phone)
    twilio = FakeTwilio()
    send_pending(line, twilio, "MG" + "1" * 32)
    assert twilio.created[0]["messaging_service_sid"] == "MG" + "1" * 32


def test_an_unclear_failure_is_never_blindly_sent_again(phone, line):
    ask_for_text(phone)
    assert send_pending(line, FakeTwilio(fail=True), "+18005550100") == 0
    row = line.store.texts()[0]
    assert row["status"] == "unsure"  # looked up at Twilio before anything is sent again
    twilio = FakeTwilio()
    assert send_pending(line, twilio, "+18005550100") == 0  # not due yet: Twilio's list may lag
    assert twilio.created == []


def test_more_by_text_continues_a_topic_sent_from_a_call(phone, texter, line, english):
    call = start_call(phone, "en")
    call.press("6").press("2")  # "what comes next" is long: the text holds its first page
    reply = texter.send("MORE")
    assert reply[0].body.startswith("(2/")


def outbox_sealed_query():
    from sqlalchemy import select

    from database.store import outbox as table

    return select(table.c.sealed_to)


@pytest.mark.parametrize(("code", "digits"), [("en", "62"), ("es", "62"), ("es", "12")])
def test_text_me_then_more_by_text_goes_on_where_the_text_stopped(phone, texter, line, code, digits):
    if code not in line.library.languages:
        pytest.skip(f"no {code} content")
    lang = line.library.get(code)
    call = start_call(phone, code)
    call.press(digits[0]).press(digits[1])  # a long topic, then "text me this"
    queued = [row["body"] for row in reversed(line.store.texts()) if row["status"] == "queued"]
    assert lang.prompt("sms_text_me").text in queued[0]
    pages = line.texting.pages(lang, lang.node(lang.root.child_for(digits[0]).id))
    # The topic's own first page (not one reshuffled by the extra line), so MORE goes on from it.
    assert queued[-1].endswith(pages[0])
    assert texter.send("MORE")[0].body == pages[1]


def test_queued_texts_are_sent_again_once_opted_in(line, texter):
    texter.send("STOP")
    assert not outbox.queue_topic(line, CALLER, "en", "cure")
    texter.send("START")
    assert outbox.queue_topic(line, CALLER, "en", "cure")
    twilio = FakeTwilio()
    assert send_pending(line, twilio, "+18005550100") >= 1
    assert twilio.created[0]["to"] == CALLER


def test_pretend_numbers_are_queued_but_never_sent(endpoint, line):
    call = start_call(Phone(endpoint, caller="+17135550136"), "en")  # 555-01xx: fiction
    call.press("3").press("2")
    assert line.store.texts()[0]["status"] == "queued"  # the simulator page shows it
    twilio = FakeTwilio()
    assert send_pending(line, twilio, "+18005550100") == 0
    assert twilio.created == []
    assert line.store.texts()[0]["reason"] == "fictional number"


def test_a_key_press_twilio_delivers_twice_queues_one_text(phone, endpoint, line, english):
    ask_for_text(phone)
    queued = len(line.store.texts())
    pressed = endpoint.exchanges[-1]  # the <Gather> action with Digits=2
    assert pressed.params["Digits"] == "2"
    again = endpoint.post(pressed.url.removeprefix("http://localhost"), pressed.params)
    assert english.prompt("text_queued").voice in again.body  # the caller hears the same
    assert len(line.store.texts()) == queued


def test_stop_cancels_texts_still_waiting(phone, endpoint, line):
    ask_for_text(phone)
    Texter(endpoint, sender=CALLER).send("STOP")
    (row,) = line.store.texts()
    assert row["status"] == "cancelled" and row["reason"] == "opted out"
    with line.store.engine.connect() as conn:
        assert conn.execute(outbox_sealed_query()).scalars().all() == [None]  # the address is gone


def test_outbox_status_lists_counts_without_numbers_or_words(app, phone, line):
    ask_for_text(phone)
    result = app.test_cli_runner().invoke(args=["outbox", "status"])
    assert result.exit_code == 0
    assert "queued     1" in result.output
    assert CALLER not in result.output and "Symptoms" not in result.output


WITHHELD = ["+266696687", "+7378742833", "+8656696", "+86282452253", "anonymous", "Restricted", "unknown",
            "unavailable", ""]  # fmt: skip


@pytest.mark.parametrize("caller", WITHHELD)
def test_withheld_caller_ids_in_every_twilio_form_are_never_offered_a_text(endpoint, line, english, caller):
    """Finding 6: Twilio's stand-ins for withheld numbers (+266696687 "anonymous", +7378742833
    "restricted", +8656696 "unknown", +86282452253 "unavailable") were taken for phone numbers:
    the caller was offered "press 2" and a text was queued to a stranger's number."""
    from delivery.outbox import can_text

    call = start_call(Phone(endpoint, caller=caller), "en")
    call.press("3")
    assert english.prompt("text_me_option").voice not in call.last_text
    call.press("2")
    assert english.prompt("text_queued").voice not in call.last_text
    assert line.store.texts() == [] and not can_text(line, caller)


def test_a_stop_spooled_during_an_outage_stops_a_text_queued_before_it(phone, line, english):
    """A STOP that only reached the spool (the database was down) is honoured by the worker: it
    writes the spool first, so the text queued before the STOP is never sent."""
    ask_for_text(phone).hang_up()
    key = line.identity.key(phone.caller)
    line.spool.add(key, True)  # what the text route does with a STOP while the database is down
    client = FakeTwilio()
    assert send_pending(line, client, "+15005550006") == 0
    assert client.created == []
    assert line.store.is_opted_out(key)  # written through, and the spool emptied
    assert not line.spool.waiting()
