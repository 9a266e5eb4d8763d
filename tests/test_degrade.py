"""Degrade, never break: with the SQLite file read-only or deleted mid-call, callers still walk
the menus and hear every part; texters get answers from content with a note that the line cannot
remember their place; and the line recovers without a restart when the database comes back."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess

import pytest

from simulator.phone import Texter
from tests.conftest import CALLER, check_replies
from tests.walk import keypad_to, start_call, topic_of


def _chattr(flag: str, *paths) -> bool:
    if os.geteuid() != 0 or not shutil.which("chattr"):
        return False
    return subprocess.run(["chattr", flag, *map(str, paths)], capture_output=True).returncode == 0


@contextlib.contextmanager
def read_only(db):
    """The database file (and its write-ahead log) cannot be written, even by root: the immutable
    flag where it works (root ignores file modes), else chmod."""
    files = [p for p in (db, db.with_name(db.name + "-wal")) if p.exists()]
    frozen = _chattr("+i", *files)
    if not frozen:
        if os.geteuid() == 0:
            pytest.skip("needs chattr (e2fsprogs) to make a file read-only for root")
        for p in files:
            p.chmod(0o444)
    try:
        yield
    finally:
        if frozen:
            _chattr("-i", *files)
        else:
            for p in files:
                p.chmod(0o644)


@contextlib.contextmanager
def unreachable(db, line):
    """The database cannot be opened at all (a folder where the file was), then is back."""
    line.store.dispose()
    away = db.with_name("away.db")
    db.rename(away)
    db.mkdir()
    try:
        yield
    finally:
        db.rmdir()
        away.rename(db)


def delete(db) -> None:
    for suffix in ("", "-wal", "-shm"):
        db.with_name(db.name + suffix).unlink(missing_ok=True)


def outage_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if "database unavailable" in r.getMessage()]


def walk_the_line(call, english) -> None:
    """Menus, several topics and their parts, back and the main menu, all by keypad."""
    for node_id in ("symptoms", "cure", "spread"):
        node = english.node(node_id)
        call.press("#")
        assert english.menu(english.root).voice in call.last_text
        keypad_to(call, english, node)
        if node.parts:
            assert node.parts[0].voice[:60] in call.last_text
            if len(node.parts) > 1:
                call.press("1")
                assert node.parts[1].voice[:60] in call.last_text
        else:
            assert node.children[0].label in call.last_text


@pytest.fixture
def db(tmp_path, app):
    return tmp_path / "line.db"


def test_read_only_database_mid_call_still_walks_menus_and_hears_parts(db, phone, english, caplog):
    caplog.set_level(logging.INFO)
    call = start_call(phone, "en")
    call.press("3")
    with read_only(db):
        walk_the_line(call, english)
        call.press("2")  # "text me this" cannot be queued now: the caller is told, and the call goes on
        assert english.prompt("text_later").voice in call.last_text
        assert english.prompt("text_not_possible").voice not in call.last_text  # this phone can get texts
    assert len(outage_lines(caplog)) == 1  # logged once, not once a step


def test_deleted_database_mid_call_comes_back_fresh_and_migrated_and_says_so(db, phone, english, line, caplog):
    """Finding 4: a deleted SQLite file never recovered without a restart and an upgrade. The
    next connection makes it anew; the store migrates it at once and logs it, once."""
    caplog.set_level(logging.INFO)
    call = start_call(phone, "en")
    call.press("3")
    delete(db)
    walk_the_line(call, english)
    made = [r for r in caplog.records if "was deleted while the line ran" in r.getMessage()]
    assert len(made) == 1 and outage_lines(caplog) == []
    assert line.store.schema_status().ok
    assert line.store.call(call.sid)["steps"] >= 1  # statistics are written again, no restart


def test_a_new_call_without_a_database_is_offered_the_language_choice(db, endpoint, english, spanish):
    delete(db)
    from simulator.phone import Phone

    call = Phone(endpoint, caller=CALLER).call()
    assert spanish.prompt("language_offer").voice in call.last_text
    call.silence()  # English goes on by itself
    assert english.prompt("welcome").voice in call.last_text
    assert english.menu(english.root).voice in call.last_text


def test_a_returning_caller_with_a_read_only_database_still_hears_their_language_first(db, phone, spanish):
    start_call(phone, "es").hang_up()  # the line remembers this number chose Spanish
    with read_only(db):
        again = phone.call()
        assert again.last_text.startswith(spanish.prompt("emergency").voice)
        assert spanish.prompt("welcome").voice not in again.last_text  # a known caller, not a new one


@pytest.mark.parametrize("fault", ["read-only", "unreachable"])
def test_texts_are_answered_from_content_with_a_note_and_remembered_again_later(
    db, endpoint, line, english, fault, caplog
):
    texter = Texter(endpoint, sender=CALLER)
    texter.send("hi")
    note = english.prompt("sms_no_memory").text
    with read_only(db) if fault == "read-only" else unreachable(db, line):
        replies = texter.send("what comes next")
        bodies = [r.body for r in replies]
        assert bodies[0].startswith(note)
        assert topic_of(english, replies) == "next"
        check_replies(english, bodies)  # still within the budget, still GSM-7, still a next step
        assert texter.send("STOP") == []  # never an error
    assert texter.send("what comes next") == []  # the STOP sent during the outage holds
    assert line.store.is_opted_out(line.identity.key(CALLER))
    texter.send("START")
    replies = texter.send("what comes next")  # recovered, without a restart
    assert note not in replies[0].body
    assert texter.send("MORE")[0].body.startswith("(2/")  # the place is remembered again


def test_the_no_memory_note_is_plain_and_gsm7(english, spanish):
    from content.readability import scale, score
    from content.segments import cost

    note = english.prompt("sms_no_memory").text
    assert cost(note).encoding == "GSM-7"
    assert not scale("en").fails(score(note, "en"))
    assert not scale("es").fails(score(spanish.prompt("sms_no_memory").text, "es"))
