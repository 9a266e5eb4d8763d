"""What counting costs a caller, and how fast the dashboard reads a busy month.

1. A webhook with usage recording on and off (the same app, the same requests, in turns):
   recording must not slow a call - it only queues events in memory.
2. Writing 1,000 queued events (the writer thread's job, off the webhook's path).
3. The dashboard's figures for 30 days of a busy line (200 calls and 400 texts a day, in raw
   events), before the days are rolled up and after.
Run: .venv/bin/python bench/usage.py [--n 300]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert

from app import create_app
from simulator.phone import Endpoint, FlaskTransport
from usage import rollup, tables
from usage.events import Event
from usage.figures import build

TOKEN = "bench-token"
CALLS_A_DAY, TEXTS_A_DAY, DAYS = 200, 400, 30


def p50(samples: list[float]) -> float:
    return statistics.median(samples)


def webhooks(app, n: int) -> None:
    line = app.extensions["line"]
    recorder = line.usage
    endpoint = Endpoint(FlaskTransport(app.test_client()), TOKEN, "http://localhost")
    call = {"CallSid": "CA" + "1" * 32, "From": "+15005550006", "To": "+18005550100"}
    counter = iter(range(10**9))
    cases = {
        "menu key (press 3)": lambda: endpoint.post("/voice/en/menu/root/0/0/input", {**call, "Digits": "3"}),
        "SMS keyword (symptoms)": lambda: endpoint.post(
            "/sms", {"MessageSid": f"SM{next(counter):032d}", "From": "+15005550006", "Body": "symptoms"}
        ),
    }
    print(f"Webhooks, {n} requests each, recording off and on in turns (p50):")
    for name, fn in cases.items():
        off, on = [], []
        fn()
        for i in range(2 * n):
            line.usage = recorder if i % 2 else None
            start = time.perf_counter()
            fn()
            (on if i % 2 else off).append((time.perf_counter() - start) * 1000)
            if i % 50 == 49:
                recorder.flush()  # as the writer thread would, outside the timed request
        line.usage = recorder
        print(f"  {name:<26} off {p50(off):6.2f} ms   on {p50(on):6.2f} ms   difference {p50(on) - p50(off):+6.2f} ms")


def flush_cost(recorder) -> None:
    samples = []
    for _ in range(5):
        recorder.add([Event("text", "sms", "en", "understood")] * 1000)
        start = time.perf_counter()
        recorder.flush()
        samples.append((time.perf_counter() - start) * 1000)
    print(f"Writer: 1,000 queued events in one transaction: {p50(samples):.1f} ms (p50 of 5)")


def busy_month(engine, library, now: datetime) -> int:
    rng = random.Random(4)
    topics = [n for n in library.get("en").nodes if n != "root"]
    rows = []
    for day in range(DAYS):
        base = now - timedelta(days=day, hours=2)
        for c in range(CALLS_A_DAY):
            lang, key = rng.choice(("en", "en", "es")), f"{day:04d}{c:028d}"
            at = base + timedelta(seconds=c * 30)
            steps = ["welcome", "main menu", "part 1", "part 2", "topic", "part 1"][: rng.randint(1, 6)]
            for i, where in enumerate(steps):
                rows.append(
                    dict(
                        at=at + timedelta(seconds=i * 20),
                        channel="voice",
                        language=lang,
                        kind="call_step",
                        detail=where,
                        value=None,
                        call=key,
                    )
                )
                if where.startswith("part"):
                    rows.append(
                        dict(
                            at=at,
                            channel="voice",
                            language=lang,
                            kind="call_topic",
                            detail=rng.choice(topics),
                            value=None,
                            call=key,
                        )
                    )
            rows.append(
                dict(
                    at=at + timedelta(seconds=150),
                    channel="voice",
                    language="",
                    kind="call_end",
                    detail="completed",
                    value=150,
                    call=key,
                )
            )
        for t in range(TEXTS_A_DAY):
            lang = rng.choice(("en", "en", "es"))
            at = base + timedelta(seconds=t * 15)
            rows.append(
                dict(at=at, channel="sms", language=lang, kind="text", detail="understood", value=None, call=None)
            )
            rows.append(
                dict(
                    at=at, channel="sms", language=lang, kind="topic", detail=rng.choice(topics), value=None, call=None
                )
            )
    with engine.begin() as conn:
        conn.execute(insert(tables.events), rows)
    return len(rows)


def timed_once(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=300)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())

    def app_on(name: str):
        return create_app(
            {
                "DATABASE_URL": f"sqlite:///{folder / name}",
                "TWILIO_AUTH_TOKEN": TOKEN,
                "HASH_SECRET": "bench",
                "VOICE_PROMPTS": "say",
                "LOG_LEVEL": "WARNING",
                "TESTING": True,
            }
        )

    app = app_on("bench.db")
    recorder, library = app.extensions["usage"], app.extensions["line"].library
    print(f"SQLite in {folder}")
    webhooks(app, args.n)
    flush_cost(recorder)

    engine = app_on("month.db").extensions["usage"].engine
    now = datetime.now(UTC)
    count = busy_month(engine, library, now)
    first, last = (now - timedelta(days=DAYS - 1)).date(), now.date()
    raw = timed_once(lambda: build(engine, library, first, last, keep_unmatched=False))
    rolling = timed_once(lambda: rollup.roll_up(engine, now))
    rolled = timed_once(lambda: build(engine, library, first, last, keep_unmatched=False))
    print(f"Dashboard figures, {DAYS} days, {count:,} raw events ({CALLS_A_DAY} calls, {TEXTS_A_DAY} texts a day):")
    print(f"  baseline: read from raw events   {raw:8.0f} ms")
    print(f"  rolling up the finished days     {rolling:8.0f} ms (once, in the writer thread)")
    print(f"  read after the roll-up           {rolled:8.0f} ms ({raw / rolled:.0f}x faster)")


if __name__ == "__main__":
    main()
