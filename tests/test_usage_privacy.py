"""Usage records are private by design, kept only so long, and never in a caller's way."""

from __future__ import annotations

import logging
import re
from datetime import UTC, timedelta

import pytest
from sqlalchemy import insert, select

from simulator.phone import Endpoint, FlaskTransport, Phone, Texter
from tests.conftest import TOKEN, make_app
from tests.walk import start_call
from usage import tables
from usage.events import KINDS, Event, masked
from usage.report import figures_for, today

CALLER, TEXTER = "+14155550142", "+14155550177"
# Words nobody's content uses, so finding one means a body was stored.
NOT_UNDERSTOOD = "qwzx okonkwo 415 555 0199 ring me"
SPOKEN = "marguerite zanzibar 22 b"
# Not ours (a young child's fever): kept too, so a centre can see what the line turned away.
NOT_OURS = "my 3 year old okonkwo has a fever and a rash"
BODIES = ("symptoms", NOT_UNDERSTOOD, "I want to die okonkwo", NOT_OURS, "STOP", "START", "cure zanzibar")


def everything_usage_holds(app) -> str:
    """Every row of every usage table, as text."""
    app.extensions["usage"].flush()
    with app.extensions["line"].store.engine.connect() as conn:
        return "\n".join(repr(tuple(row)) for t in tables.ALL for row in conn.execute(select(t)))


def number_forms(number: str) -> list[str]:
    digits = re.sub(r"\D", "", number)
    return [number, digits, digits[1:], digits[-7:]]


def a_day_on_the_line(endpoint) -> list[str]:
    """Calls and texts with known numbers and words; returns the CallSids Twilio would know."""
    call = start_call(Phone(endpoint, caller=CALLER), "en")
    call.say(SPOKEN).press("3").press("2").press("0").dial_result("no-answer").hang_up()
    other = start_call(Phone(endpoint, caller=TEXTER), "es")
    other.hang_up()
    texter = Texter(endpoint, sender=TEXTER)
    for body in BODIES:
        texter.send(body)
    return [call.sid, other.sid]


@pytest.fixture
def keeping_app(tmp_path):
    return make_app(tmp_path, KEEP_UNMATCHED_DAYS="30")


def test_no_number_body_or_call_sid_in_any_usage_table(app, endpoint):
    sids = a_day_on_the_line(endpoint)
    held = everything_usage_holds(app)
    assert "'call_step'" in held and "'text'" in held  # the day was recorded
    for number in (CALLER, TEXTER):
        for form in number_forms(number):
            assert form not in held, form
    for word in ("okonkwo", "zanzibar", "marguerite", "ring me", "want to die"):
        assert word not in held.lower(), word
    for sid in sids:
        assert sid not in held
    with app.extensions["line"].store.engine.connect() as conn:
        assert conn.execute(select(tables.unmatched)).all() == []  # KEEP_UNMATCHED_DAYS is 0


def test_kept_unmatched_words_are_masked_and_have_no_sender(keeping_app):
    endpoint = Endpoint(FlaskTransport(keeping_app.test_client()), TOKEN, "http://localhost")
    a_day_on_the_line(endpoint)
    held = everything_usage_holds(keeping_app)
    with keeping_app.extensions["line"].store.engine.connect() as conn:
        kept = conn.execute(select(tables.unmatched)).mappings().all()
    assert {(r["channel"], r["language"], r["outcome"], r["text"]) for r in kept} == {
        ("sms", "en", "not_understood", "qwzx okonkwo ### ### #### ring me"),
        ("sms", "en", "outside", "my # year old okonkwo has a fever and a rash"),
        ("voice", "en", "not_understood", "marguerite zanzibar ## b"),
    }
    assert set(tables.unmatched.c.keys()) == {"id", "at", "channel", "language", "outcome", "text"}
    assert not re.search(r"\d", "".join(r["text"] for r in kept))
    # Only the unmatched table holds those words, and only masked.
    elsewhere = held
    for text in (r["text"] for r in kept):
        elsewhere = elsewhere.replace(text, "")
    for word in ("okonkwo", "zanzibar", "marguerite"):
        assert word not in elsewhere
    for form in number_forms(CALLER) + number_forms(TEXTER):
        assert form not in held
    fig = figures_for(keeping_app, today(), today())
    assert sorted(u.text for u in fig.unmatched) == [
        "marguerite zanzibar ## b",
        "my # year old okonkwo has a fever and a rash",
        "qwzx okonkwo ### ### #### ring me",
    ]


def test_email_addresses_are_masked_too():
    assert masked("write to ana.lopez@example.org or 555-0101") == "write to [email] or ###-####"


def test_old_rows_are_pruned_and_days_are_kept_as_counts(keeping_app):
    recorder = keeping_app.extensions["usage"]
    now = recorder.clock()
    engine = recorder.engine
    with engine.begin() as conn:
        for days_ago in (120, 91, 89, 1):
            conn.execute(
                insert(tables.events).values(
                    at=now - timedelta(days=days_ago), channel="sms", language="en", kind="text", detail="understood"
                )
            )
        for days_ago in (31, 29):
            conn.execute(
                insert(tables.unmatched).values(
                    at=now - timedelta(days=days_ago),
                    channel="sms",
                    language="en",
                    outcome="not_understood",
                    text=f"kept {days_ago} days",
                )
            )
    recorder.maintain()
    with engine.connect() as conn:
        kept_at = conn.execute(select(tables.events.c.at)).scalars().all()
        left = sorted(round((now - _aware(at)).total_seconds() / 86400) for at in kept_at)
        words = conn.execute(select(tables.unmatched.c.text)).scalars().all()
    assert left == [1, 89]
    assert words == ["kept 29 days"]
    # The pruned days still count: their roll-ups stay.
    totals = figures_for(keeping_app, (now - timedelta(days=125)).date(), today()).totals
    assert {r[0]: r[1] for r in totals.rows}["Texts received"] == 4


def test_turning_unmatched_off_deletes_what_was_kept(tmp_path):
    app = make_app(tmp_path, KEEP_UNMATCHED_DAYS="30")
    recorder = app.extensions["usage"]
    recorder.unmatched("sms", "en", "not_understood", "blorp")
    recorder.flush()
    app = make_app(tmp_path, KEEP_UNMATCHED_DAYS="0")  # the same database, keeping now off
    app.extensions["usage"].unmatched("sms", "en", "not_understood", "never queued")
    app.extensions["usage"].maintain()
    with app.extensions["line"].store.engine.connect() as conn:
        assert conn.execute(select(tables.unmatched)).all() == []


def test_webhooks_never_write_usage_themselves(app, endpoint):
    """Counting is queued in memory; only the writer (or a reader's flush) touches the tables."""
    start_call(Phone(endpoint, caller=CALLER), "en").press("3").hang_up()
    Texter(endpoint, sender=TEXTER).send("symptoms")
    with app.extensions["line"].store.engine.connect() as conn:
        assert conn.execute(select(tables.events)).all() == []
    assert app.extensions["usage"].flush() > 0


def test_a_broken_usage_table_never_breaks_a_call_or_a_text(app, endpoint, english, caplog):
    with app.extensions["line"].store.engine.begin() as conn:
        tables.events.drop(conn)
    call = start_call(Phone(endpoint, caller=CALLER), "en").press("3")
    assert english.node("symptoms").parts[0].voice in call.last_text
    replies = Texter(endpoint, sender=TEXTER).send("symptoms")
    assert english.node("symptoms").parts[0].text[:40] in " ".join(r.body for r in replies)
    caplog.set_level(logging.ERROR)
    assert app.extensions["usage"].flush() == 0
    assert "events not recorded (the line goes on)" in caplog.text


def test_a_failing_recorder_never_breaks_a_call_or_a_text(app, endpoint, english, caplog, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("usage is down")

    monkeypatch.setattr(app.extensions["usage"], "add", broken)
    caplog.set_level(logging.ERROR)
    call = start_call(Phone(endpoint, caller=CALLER), "en").press("3")
    assert english.node("symptoms").parts[0].voice in call.last_text
    assert english.prompt("error").voice not in call.all_text
    replies = Texter(endpoint, sender=TEXTER).send("symptoms")
    assert english.prompt("sms_error").text not in " ".join(r.body for r in replies)
    assert "call_step not recorded (the line goes on)" in caplog.text
    assert "text_turn not recorded (the line goes on)" in caplog.text


def test_events_hold_only_known_kinds_and_no_free_text(app, endpoint):
    a_day_on_the_line(endpoint)
    app.extensions["usage"].flush()
    with app.extensions["line"].store.engine.connect() as conn:
        rows = conn.execute(select(tables.events)).mappings().all()
    assert rows and {r["kind"] for r in rows} <= set(KINDS)
    library = app.extensions["line"].library
    topics = {n for lang in library.languages.values() for n in lang.nodes}
    for r in rows:
        if r["kind"] in ("topic", "call_topic"):
            assert r["detail"] in topics
        elif r["kind"] == "call_step":
            assert re.fullmatch(r"welcome|main menu|topic|part \d+|person|goodbye", r["detail"])
        assert r["call"] is None or re.fullmatch(r"[0-9a-f]{32}", r["call"])


def _aware(value):
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def test_event_dataclass_has_no_place_for_a_person():
    assert set(Event.__dataclass_fields__) == {"kind", "channel", "language", "detail", "value", "call"}


def test_retention_must_outlive_the_roll_up(tmp_path):
    with pytest.raises(SystemExit, match="USAGE_RETENTION_DAYS must be at least 2"):
        make_app(tmp_path, USAGE_RETENTION_DAYS="1")
    with pytest.raises(SystemExit, match="KEEP_UNMATCHED_DAYS must be a whole number"):
        make_app(tmp_path, KEEP_UNMATCHED_DAYS="forever")
