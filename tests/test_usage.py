"""Usage counts: calls and texts through the signed webhooks, then the report's numbers, exactly.

One morning on the line, in both languages: six calls (one hangs up at the welcome, one gets a
busy person line and then silence, two go deep into topics, one says crisis words), three
texters (one says STOP and START, one writes in Spanish, one on WhatsApp), and the outbox.
"""

from __future__ import annotations

import csv
from datetime import timedelta

import pytest
import requests

from database.store import now
from delivery.outbox import Worker
from simulator.phone import Phone, Texter
from tests.test_outbox import FakeTwilio
from tests.walk import start_call
from usage.report import figures_for, today

NUMBERS = {name: f"+1501712{i:04d}" for i, name in enumerate("A B C D E F T1 T2 T3".split(), start=3000)}


@pytest.fixture
def morning(app, endpoint, line):
    """The calls and texts of the module docstring; returns how many texts 'text me this' queued."""

    def call(name, code):
        return start_call(Phone(endpoint, caller=NUMBERS[name]), code)

    call("A", "en").press("3").press("2").hang_up()  # symptoms, part 1, then "text me this"
    call("B", "en").press("4").press("1").press("1").hang_up()  # cure: parts 1, 2, then its menu
    Phone(endpoint, caller=NUMBERS["C"]).call().hang_up()  # gone at the welcome
    d = call("D", "en").say("zebra quokka")  # not understood
    d.press("0").dial_result("busy")  # a person, busy: back to the main menu
    d.silence().silence().silence()  # the line says goodbye
    call("E", "es").say("mi nene de tres años tiene calentura").press("3").hang_up()  # not ours; síntomas
    call("F", "es").say("síntomas").say("no puedo respirar").hang_up()  # emergency, then lung signs

    t1 = Texter(endpoint, sender=NUMBERS["T1"])
    for body in ("symptoms", "more", "qwzx vbnm", "I want to die", "STOP", "symptoms", "START"):
        t1.send(body)
    t2 = Texter(endpoint, sender=NUMBERS["T2"])
    for body in ("síntomas", "no puedo respirar", "xyzzy plugh"):
        t2.send(body)
    Texter(endpoint, sender=NUMBERS["T3"], channel="whatsapp").send("cure")

    queued = len(line.store.texts())
    Worker(line, Unreachable(), "+15005550006").run_once()  # each one: not sent, tried again later
    later = Worker(line, FakeTwilio(), "+15005550006", clock=lambda: now() + timedelta(hours=2))
    later.run_once()  # then sent
    return queued


class Unreachable(FakeTwilio):
    """Twilio's API cannot be reached: nothing went out, so the text is tried again."""

    def create(self, **kwargs):
        raise requests.exceptions.ConnectTimeout("api.twilio.com unreachable")


def rows(table) -> dict:
    return {row[0]: tuple(row[1:]) for row in table.rows}


def test_totals_in_both_languages(app, morning):
    totals = rows(figures_for(app, today(), today()).totals)
    assert morning >= 1
    #                                              All  English  Español
    assert totals["Calls"] == (6, 4, 2)
    assert totals["Texts received"] == (11, 8, 3)
    assert totals["Text conversations started"] == (3, 2, 1)
    assert totals["Topics opened on calls"] == (5, 2, 3)  # symptoms, cure | síntomas twice, pulmones
    assert totals["Topics sent by text"] == (4, 2, 2)  # not the one asked for while opted out
    assert totals["Texts understood"] == ("71%", "80%", "50%")
    assert totals["Crisis replies (each category counts)"] == (3, 1, 2)
    assert totals["Opt-outs (STOP)"] == (1, 1, 0)
    assert totals["Opt-ins (START)"] == (1, 1, 0)
    assert totals["Calls asking for a person (key 0)"] == (1, 1, 0)
    assert totals["Texts queued (text me this)"] == (morning, morning, 0)
    assert totals["Texts sent by the line"][0] == morning
    assert totals["Texts that failed for good"][0] == 0
    assert totals["Apologies (something broke)"] == (0, 0, 0)


def test_calls_and_texts_per_day(app, morning):
    fig = figures_for(app, today() - timedelta(days=6), today())
    assert fig.daily.columns == ("Day", "Calls, English", "Calls, Español", "Texts, English", "Texts, Español")
    assert len(fig.daily.rows) == 7
    assert fig.daily.rows[-1] == (today().isoformat(), 4, 2, 8, 3)
    assert all(row[1:] == (0, 0, 0, 0) for row in fig.daily.rows[:-1])


def test_topics_by_channel(app, morning):
    topics = {row[0]: row[2:] for row in figures_for(app, today(), today()).topics.rows}
    assert topics["symptoms"] == (3, 2)  # calls A, E, F | T1 and T2 (not T1 while opted out)
    assert topics["symptoms.urgent.breathing"] == (1, 1)  # after "no puedo respirar", on a call and by text
    assert topics["cure"] == (1, 1)
    assert sum(v[0] for v in topics.values()) == 5 and sum(v[1] for v in topics.values()) == 4


def test_the_call_funnel_and_where_calls_ended(app, morning):
    fig = figures_for(app, today(), today())
    assert rows(fig.funnel) == {
        "Heard the welcome": (6, "100%", 1),  # C hung up there
        "Reached the main menu": (5, "83%", 0),
        "Opened a topic": (4, "67%", 1),  # B, at cure's menu after its two parts
        "Heard part 1 of a topic": (4, "67%", 3),  # A (after "text me this"), E, F
        "Heard part 2 of a topic": (1, "17%", 0),
    }
    assert rows(fig.ended) == {
        "During the welcome or language choice": (1,),
        "In or after part 1": (3,),
        "At a topic's menu": (1,),  # B, at cure's menu
        "The line said goodbye": (1,),  # D, after three silences
    }
    assert fig.ended.note == ""  # Twilio reported the end of every call


def test_a_call_still_going_has_no_end_yet(app, endpoint):
    start_call(Phone(endpoint, caller=NUMBERS["A"]), "en").press("3")
    ended = figures_for(app, today(), today()).ended
    assert rows(ended) == {"In or after part 1": (1,)}
    assert ended.note.startswith("1 call(s) with no end reported by Twilio yet")


def test_understanding_by_channel_and_language(app, morning):
    understanding = {(r[0], r[1]): r[2:] for r in figures_for(app, today(), today()).understanding.rows}
    # Understood, did you mean, not understood, not ours, share understood (not ours counts in it)
    assert understanding["Texts", "All"] == (5, 0, 2, 0, "71%")
    assert understanding["Texts", "English"] == (4, 0, 1, 0, "80%")
    assert understanding["Texts", "Español"] == (1, 0, 1, 0, "50%")
    assert understanding["Speech on calls", "English"] == (0, 0, 1, 0, "0%")
    # E's child's fever was told what the line covers; F's crisis words count apart
    assert understanding["Speech on calls", "Español"] == (1, 0, 0, 1, "100%")


def test_crisis_opt_outs_outbox_and_a_person(app, morning):
    fig = figures_for(app, today(), today())
    crisis = {(r[0], r[1]): r[2:] for r in fig.crisis.rows}
    #                                               English  Español  All
    assert crisis["Thoughts of self-harm", "Text"] == (1, 0, 1)
    assert crisis["Medical emergency", "Text"] == (0, 1, 1)
    assert crisis["Medical emergency", "Phone"] == (0, 1, 1)
    assert sum(r[-1] for r in fig.crisis.rows) == 3
    assert rows(fig.opt) == {"English": (1, 1), "Español": (0, 0)}
    assert rows(fig.outbox) == {
        "Queued (text me this)": (morning,),
        "Sent": (morning,),
        "Failed, tried again": (morning,),
        "Failed for good": (0,),
        "No clear answer: looked up at Twilio, never sent twice": (0,),
        "Not sent: opted out": (0,),
        "Not sent: a pretend number": (0,),
    }
    assert fig.waiting_now == 0
    person = rows(fig.person)
    assert person["Asked for a person (key 0)"] == (1,) and person["Busy"] == (1,) and person["Answered"] == (0,)


def test_rolled_up_days_give_the_same_figures(app, morning):
    recorder = app.extensions["usage"]
    before = figures_for(app, today(), today()).tables()
    recorder.maintain(at=recorder.clock() + timedelta(days=2))  # today is over: it is rolled up
    from sqlalchemy import func, select

    from usage import tables

    with recorder.engine.connect() as conn:
        assert today() in set(conn.execute(select(tables.days.c.day)).scalars())
        assert conn.execute(select(func.count()).select_from(tables.daily)).scalar() > 0
    after = figures_for(app, today(), today()).tables()
    assert [t.rows for t in after] == [t.rows for t in before]
    recorder.maintain(at=recorder.clock() + timedelta(days=2))  # again: nothing counted twice
    assert [t.rows for t in figures_for(app, today(), today()).tables()] == [t.rows for t in before]


def test_report_command_prints_the_tables_and_writes_csv(app, morning, tmp_path):
    runner = app.test_cli_runner()
    printed = runner.invoke(args=["report", "--days", "30"])
    assert printed.exit_code == 0, printed.output
    assert "Usage from" in printed.output and "(30 days, UTC)" in printed.output
    calls = next(line for line in printed.output.splitlines() if line.startswith("Calls "))
    assert calls.split()[1:] == ["6", "4", "2"]
    assert "Heard part 2 of a topic" in printed.output

    written = runner.invoke(args=["report", "--days", "30", "--csv", str(tmp_path / "csv")])
    assert written.exit_code == 0, written.output
    names = sorted(p.name for p in (tmp_path / "csv").iterdir())
    assert names == sorted(
        f"{n}.csv"
        for n in (
            "totals",
            "daily",
            "topics",
            "funnel",
            "ended",
            "understanding",
            "crisis",
            "opt_outs",
            "outbox",
            "person",
        )
    )
    with (tmp_path / "csv" / "totals.csv").open(encoding="utf-8") as f:
        table = list(csv.reader(f))
    assert table[0] == ["Figure", "All", "English", "Español"]
    assert ["Calls", "6", "4", "2"] in table
    with (tmp_path / "csv" / "daily.csv").open(encoding="utf-8") as f:
        days = list(csv.reader(f))
    assert len(days) == 31 and days[-1] == [today().isoformat(), "4", "2", "8", "3"]


def test_report_from_to(app, morning):
    result = app.test_cli_runner().invoke(args=["report", "--from", "2020-01-01", "--to", "2020-01-31"])
    assert result.exit_code == 0, result.output
    assert "Usage from 2020-01-01 to 2020-01-31 (31 days, UTC)" in result.output
    calls = next(line for line in result.output.splitlines() if line.startswith("Calls "))
    assert calls.split()[1:] == ["0", "0", "0"]


def test_a_server_writes_counts_in_the_background(app, line):
    """Outside tests the writer thread empties the queue on its own (here: a recorder of our own)."""
    import time

    from sqlalchemy import func, select

    from usage import Recorder, tables
    from usage.events import Event

    recorder = Recorder(line.store.engine, "secret", retention_days=90, keep_unmatched_days=0)
    recorder.start()
    try:
        recorder.add([Event("text", "sms", "en", "understood")])
        deadline = time.monotonic() + 10
        while True:
            with line.store.engine.connect() as conn:  # a new read each time: SQLite's WAL snapshots
                if conn.execute(select(func.count()).select_from(tables.events)).scalar():
                    break
            assert time.monotonic() < deadline, "the writer never wrote"
            time.sleep(0.1)
    finally:
        recorder.stop()
    assert recorder.dropped == 0


def test_an_overdose_is_counted_under_its_own_name(app, endpoint):
    Texter(endpoint, sender="+15017129999").send("I took too many of my pain pills")
    crisis = {(r[0], r[1]): r[2:] for r in figures_for(app, today(), today()).crisis.rows}
    #                                                  English  Español  All
    assert crisis["Overdose or poisoning", "Text"] == (1, 0, 1)
