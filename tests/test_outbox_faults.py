"""Faults between the outbox worker and Twilio, against a real HTTP server on loopback
(tests/fake_twilio.py): every text goes out once, however the API or the worker fails."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

import settings
from delivery import outbox
from delivery.outbox import Policy, Worker
from tests.conftest import HASH_SECRET, TOKEN
from tests.fake_twilio import FakeTwilio

pytestmark = pytest.mark.both_databases
SENDER = "+18005550100"
ACCOUNT = "AC" + "0" * 32
NUMBERS = [f"+1501712{n:04d}" for n in range(2660, 2664)]  # real-looking, not 555-01xx fiction


class Clock:
    def __init__(self):
        self.at = datetime.now(UTC) + timedelta(seconds=5)  # what the test just queued is due

    def __call__(self) -> datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def fake(clock):
    server = FakeTwilio(clock=clock).start()
    yield server
    server.down()


def client_for(fake, timeout=1.0):  # a loaded config: seconds already a number
    return outbox.make_client(
        {
            "TWILIO_ACCOUNT_SID": ACCOUNT,
            "TWILIO_AUTH_TOKEN": TOKEN,
            "TWILIO_TIMEOUT_S": timeout,
            "TWILIO_API_BASE_URL": fake.url,
        }
    )


@pytest.fixture
def worker(line, fake, clock):
    return Worker(line, client_for(fake), SENDER, clock=clock, owner="test-worker")


def queue_texts(line, numbers=NUMBERS, topic="symptoms") -> list[dict]:  # one text each
    for number in numbers:
        assert outbox.queue_topic(line, number, "en", topic)
    return line.store.texts()


def assert_each_sent_once(fake, line):
    rows = line.store.texts()
    assert rows and all(r["status"] == "sent" for r in rows), [(r["id"], r["status"], r["reason"]) for r in rows]
    delivered = [(m.to, m.body) for m in fake.messages]
    assert len(delivered) == len(set(delivered)) == len(rows), "a text went out twice, or not at all"
    for r in rows:
        assert r["provider_id"] in {m.sid for m in fake.messages}


# -- the API is down, busy or refusing ---------------------------------------------------------
@pytest.mark.parametrize("fault", ["down", "busy", "overloaded"])
def test_api_unreachable_for_a_while_then_every_text_goes_once(line, fake, clock, worker, fault):
    rows = queue_texts(line)
    if fault == "down":
        fake.down()  # connection refused
    else:
        fake.mode = fault  # 429, 503
    for _ in range(6):  # half an hour of trying, with backoff
        done = worker.run_once()
        assert done.sent == 0 and done.failed == 0
        clock.advance(300)
    texts = line.store.texts()
    assert {t["status"] for t in texts} == {"queued"} and all(t["attempts"] >= 2 for t in texts)
    assert fake.messages == []
    fake.up()
    fake.mode = "ok"
    clock.advance(2 * 3600)  # past any backoff
    assert worker.run_once().sent == len(rows)
    assert worker.run_once().sent == 0
    assert_each_sent_once(fake, line)


def test_backoff_grows_with_jitter_and_stops_at_the_cap():
    import random

    policy, rng = Policy(), random.Random(7)
    delays = [policy.backoff(n, rng) for n in range(1, 16)]
    assert delays[0] <= policy.backoff_base_s and delays[3] > delays[0]
    assert max(delays) <= policy.backoff_cap_s and delays[-1] >= policy.backoff_cap_s / 2
    assert len({round(policy.backoff(5, rng), 3) for _ in range(5)}) > 1  # jitter spreads a crowd


def test_a_day_without_the_api_ends_the_text_with_a_reason(line, fake, clock, worker):
    queue_texts(line, NUMBERS[:1])
    fake.down()
    worker.run_once()
    clock.advance(25 * 3600)
    worker.run_once()
    (row,) = line.store.texts()
    assert row["status"] == "failed" and "24 hours" in row["reason"]


def test_a_permanent_refusal_ends_the_text_with_twilios_code(line, fake, worker):
    queue_texts(line, NUMBERS[:1])
    fake.mode = "refuse"
    assert worker.run_once().failed == 1
    (row,) = line.store.texts()
    assert row["status"] == "failed" and "21211" in row["reason"]
    assert fake.requests == 1  # never tried again


# -- the answer is lost -----------------------------------------------------------------------
@pytest.mark.parametrize("fault", ["drop", "late"])
def test_lost_answers_never_send_a_text_twice(line, fake, clock, worker, fault):
    rows = queue_texts(line)
    fake.mode, fake.late_s = fault, 1.5  # the client waits 1 s
    done = worker.run_once()
    assert done.unsure == len(rows) and done.sent == 0
    assert len(fake.messages) == len(rows)  # Twilio has them all
    fake.mode = "ok"
    assert worker.run_once().sent == 0  # not blindly sent again
    clock.advance(Policy().reconcile_after_s + 1)
    done = worker.run_once()
    assert done.reconciled == len(rows) and done.sent == 0
    assert_each_sent_once(fake, line)
    assert {r["status"] for r in line.store.texts()} == {"sent"}


def test_a_lost_request_that_made_nothing_is_sent_after_the_lookups(line, fake, clock, worker):
    rows = queue_texts(line, NUMBERS[:2])
    fake.mode = "drop_before"
    assert worker.run_once().unsure == len(rows)
    fake.mode = "ok"
    for _ in range(Policy().lookups + 1):
        clock.advance(600)
        worker.run_once()
    assert_each_sent_once(fake, line)


def test_the_status_callback_settles_an_unsure_text(app, line, fake, clock, endpoint):
    worker = Worker(line, client_for(fake), SENDER, "https://line.example.org", clock=clock)
    queue_texts(line, NUMBERS[:1])
    fake.mode = "drop"
    worker.run_once()
    (message,) = fake.messages
    assert message.status_callback.startswith("https://line.example.org/sms/status/")
    path = message.status_callback.removeprefix("https://line.example.org")
    exchange = endpoint.post(path, {"MessageSid": message.sid, "MessageStatus": "sent", "AccountSid": ACCOUNT})
    assert exchange.status == 204
    fake.mode = "ok"
    clock.advance(3600)
    assert worker.run_once().sent == 0
    assert_each_sent_once(fake, line)


def test_a_status_callback_must_be_signed(client):
    assert client.post("/sms/status/1", data={"MessageSid": "SM1", "MessageStatus": "sent"}).status_code == 403


# -- the worker dies --------------------------------------------------------------------------
def test_a_killed_sender_loses_its_lease_and_each_text_goes_once(line, fake, clock, worker, database_url, tmp_path):
    rows = queue_texts(line, NUMBERS[:3])
    fake.mode = "hold"  # takes the first text, then never answers
    env = {
        **os.environ,
        "APP_ENV": "development",
        "DATABASE_URL": database_url,
        "HASH_SECRET": line_secret(),
        "TWILIO_AUTH_TOKEN": TOKEN,
        "TWILIO_ACCOUNT_SID": ACCOUNT,
        "TWILIO_FROM_NUMBER": SENDER,
        "TWILIO_API_BASE_URL": fake.url,
        "TWILIO_TIMEOUT_S": "30",
        "VOICE_PROMPTS": "say",
        "AUDIO_DIR": str(tmp_path / "audio"),
        "LOG_LEVEL": "WARNING",
    }
    log = open(tmp_path / "worker.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", "outbox", "run", "--poll", "0.2"],
        cwd=settings.ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        assert fake.held.wait(60), (tmp_path / "worker.log").read_text()
        os.kill(proc.pid, signal.SIGKILL)  # kill -9 while Twilio has the text and no answer came
    finally:
        proc.wait(10)
        log.close()
    fake.mode = "ok"
    assert [r["status"] for r in line.store.texts()].count("sending") == 1  # the dead worker's lease
    clock.advance(5)
    assert worker.run_once().sent == len(rows) - 1  # the others; the leased one waits for its lease
    clock.advance(Policy().lease_s + Policy().reconcile_after_s + 1)
    done = worker.run_once()
    assert done.reconciled == 1 and done.sent == 0  # found at Twilio, not sent again
    assert_each_sent_once(fake, line)


def line_secret() -> str:
    return HASH_SECRET  # the app fixture's, so the worker can unseal what the test queued


# -- the web worker dies mid-webhook ----------------------------------------------------------
def test_a_crashed_webhook_leaves_nothing_half_done_and_the_retry_gets_a_real_reply(texter, line, english, monkeypatch):
    from tests.walk import topic_of

    sid = "SM" + "d" * 32

    def crash(*args, **kwargs):
        raise RuntimeError("the worker died half-way through its writes")

    monkeypatch.setattr(line.store, "save_text_state", crash)
    first = texter.send("symptoms", sid=sid)
    assert first[0].body == english.prompt("sms_error").text
    assert line.store.reply_for(sid) is None  # the reply and the place are one transaction: neither stayed
    monkeypatch.undo()
    retry = texter.send("symptoms", sid=sid)  # Twilio retries the same MessageSid
    assert topic_of(english, retry) == "symptoms"
    assert [r.body for r in texter.send("symptoms", sid=sid)] == [r.body for r in retry]
