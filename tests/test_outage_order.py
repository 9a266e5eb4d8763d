"""Degrade in the right order (issue #21 item 3): during any database fault - a read-only or
SQLite file that cannot be opened, a PostgreSQL that is not there - a crisis text gets the crisis words first,
a STOP is kept on this machine and honoured afterwards, key 2 says a text cannot be sent right
now, and content is still served. Through signed webhooks, as Twilio sends them."""

from __future__ import annotations

import contextlib
import socket

import pytest

from database.store import Store
from flows.spool import Spool
from simulator.phone import Texter
from tests.conftest import CALLER, make_app
from tests.test_degrade import read_only, unreachable
from tests.walk import start_call, topic_of

# Not a deleted SQLite file: that is no outage any more, the store makes it anew at once (finding 4,
# tests/test_degrade.py); a folder where the file was cannot be opened at all.
FAULTS = ["read-only", "unreachable", "postgresql-stopped"]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when this returns: nothing listens there


@contextlib.contextmanager
def outage(fault: str, db, line):
    """The database fails the way an operator would see it, then comes back."""
    if fault == "read-only":
        with read_only(db):
            yield
    elif fault == "unreachable":
        with unreachable(db, line):
            yield
    else:
        real = line.store
        line.store = Store(f"postgresql+psycopg://line@127.0.0.1:{_closed_port()}/line?connect_timeout=2")
        try:
            yield
        finally:
            line.store.dispose()
            line.store = real


@pytest.fixture
def db(tmp_path, app):
    return tmp_path / "line.db"


def _texter(endpoint):
    return Texter(endpoint, sender=CALLER)


# -- (a) the crisis words first ------------------------------------------------------------------
@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize(("code", "words"), [("en", "I want to die"), ("es", "quiero morir")])
def test_a_crisis_text_gets_the_crisis_words_first(db, endpoint, line, fault, code, words):
    lang = line.library.get(code)
    texter = _texter(endpoint)
    texter.send("menu")
    with outage(fault, db, line):
        bodies = [r.body for r in texter.send(words)]
    assert bodies[0].startswith(lang.prompt("crisis_self_harm").text)
    joined = "\n".join(bodies)
    note = lang.prompt("sms_no_memory").text
    assert note not in joined or joined.index(note) > joined.index(lang.prompt("crisis_self_harm").text)


@pytest.mark.parametrize("fault", FAULTS)
def test_an_emergency_gets_911_then_its_topic_then_the_note(db, endpoint, line, english, fault):
    texter = _texter(endpoint)
    texter.send("menu")
    with outage(fault, db, line):
        replies = texter.send("chest pain")
    assert replies[0].body == english.prompt("crisis_emergency").text
    assert topic_of(english, replies[1:]) is not None  # content is still served
    assert english.prompt("sms_no_memory").text not in replies[0].body


# -- (b) a STOP is never lost ----------------------------------------------------------------------
@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("stop", ["STOP", "please stop texting me"])
def test_a_stop_during_the_outage_is_honoured_afterwards(db, endpoint, line, english, fault, stop):
    texter = _texter(endpoint)
    texter.send("menu")
    with outage(fault, db, line):
        said = texter.send(stop)
        assert [r.body for r in said] in ([], [english.prompt("sms_stopped").text])  # a stop wish: one goodbye
        assert texter.send("symptoms") == []  # honoured at once, while it waits in the spool
        assert line.spool.waiting()
    assert texter.send("symptoms") == []  # and after: the database has it
    assert line.store.is_opted_out(line.identity.key(CALLER))
    assert not line.spool.waiting()  # written once, then gone
    texter.send("START")
    assert topic_of(english, texter.send("symptoms")) == "symptoms"


def test_the_spool_holds_only_the_keyed_hash_and_the_flag(db, endpoint, line):
    texter = _texter(endpoint)
    with read_only(db):
        texter.send("STOP")
        spooled = line.spool.path.read_text()
    key = line.identity.key(CALLER)
    assert spooled == f"{key} 1\n"
    assert CALLER[2:] not in spooled and "STOP" not in spooled


def test_another_worker_writes_the_spooled_stop_when_the_database_is_back(db, tmp_path, endpoint, line, english):
    from simulator.phone import Endpoint, FlaskTransport
    from tests.conftest import TOKEN

    _texter(endpoint).send("menu")
    with read_only(db):
        assert _texter(endpoint).send("STOP") == []
    other = make_app(tmp_path)  # a second worker process: same database, same instance folder
    try:
        other_endpoint = Endpoint(FlaskTransport(other.test_client()), TOKEN, "http://localhost")
        assert Texter(other_endpoint, sender=CALLER).send("symptoms") == []
        assert not line.spool.waiting()
    finally:
        other.extensions["line"].store.dispose()
    assert line.store.is_opted_out(line.identity.key(CALLER))


def test_a_start_during_the_outage_is_kept_too(db, endpoint, line, english):
    texter = _texter(endpoint)
    texter.send("STOP")
    with read_only(db):
        assert texter.send("START")  # answered: back in
    assert topic_of(english, texter.send("symptoms")) == "symptoms"
    assert not line.store.is_opted_out(line.identity.key(CALLER))


# -- (c) key 2 says "not now" --------------------------------------------------------------------
@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("code", ["en", "es"])
def test_key_2_during_the_outage_says_a_text_cannot_be_sent_right_now(db, phone, line, fault, code):
    lang = line.library.get(code)
    topic = next(n for n in lang.root.children if len(n.parts) > 1)
    call = start_call(phone, code).press(topic.digit)
    assert lang.prompt("text_me_option").voice in call.last_text  # a phone our texts reach
    with outage(fault, db, line):
        call.press("2")
        assert lang.prompt("text_later").voice in call.last_text
        assert lang.prompt("text_not_possible").voice not in call.last_text
        call.press("1")  # (d) the call goes on, with content
        assert topic.parts[1].voice[:50] in call.last_text
    assert line.store.texts() == []
    call.press("9").press("2")
    assert lang.prompt("text_queued").voice in call.last_text  # back: the text is queued again


def test_text_later_is_plain(english, spanish):
    from content.readability import scale, score

    assert not scale("en").fails(score(english.prompt("text_later").voice, "en"))
    assert not scale("es").fails(score(spanish.prompt("text_later").voice, "es"))


# -- the spool itself ----------------------------------------------------------------------------
def test_a_failed_write_keeps_the_spool_for_the_next_try_in_order(tmp_path):
    spool = Spool(tmp_path / "s.spool")
    spool.add("a" * 32, True)

    def down(entries):
        raise OSError("still down")

    with pytest.raises(OSError):
        spool.drain(down)
    spool.add("a" * 32, False)  # a START after the STOP, while the first write failed
    written: list = []
    assert spool.drain(written.extend) == 2
    assert written == [("a" * 32, True), ("a" * 32, False)]  # the older first: START wins
    assert not spool.waiting()


def test_a_line_cut_short_never_swallows_the_next(tmp_path):
    spool = Spool(tmp_path / "s.spool")
    spool.path.write_text("b" * 20)  # a crash in the middle of a write
    spool.add("c" * 32, True)
    assert spool.entries() == [("c" * 32, True)]


def test_only_a_keyed_hash_may_be_spooled(tmp_path):
    with pytest.raises(ValueError):
        Spool(tmp_path / "s.spool").add("+15017122661", True)


def test_one_writer_at_a_time(tmp_path):
    spool = Spool(tmp_path / "s.spool")
    spool.add("d" * 32, True)
    inner: list[int] = []
    assert spool.drain(lambda entries: inner.append(spool.drain(lambda e: None))) == 1
    assert inner == [0]  # a second writer (another process) finds the lock held and moves on
