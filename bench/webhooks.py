"""How fast the line answers Twilio, measured in-process against a bare Flask route.

Twilio waits at most 15 s, and every millisecond is dead air for a caller, so the target
is "milliseconds": a webhook should cost a small multiple of an empty Flask request.
Run: .venv/bin/python bench/webhooks.py [--n 300]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask

from app import create_app
from simulator.phone import Endpoint, FlaskTransport

TOKEN = "bench-token"


def timed(fn, n: int) -> list[float]:
    fn()  # warm up
    out = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def row(name: str, samples: list[float], base: float) -> str:
    p50 = statistics.median(samples)
    p95 = statistics.quantiles(samples, n=20)[18]
    return f"{name:<34} p50 {p50:7.2f} ms  p95 {p95:7.2f} ms  max {max(samples):7.2f} ms  x{p50 / base:5.1f} baseline"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=300)
    args = parser.parse_args()

    bare = Flask("baseline")
    bare.add_url_rule("/", "hello", lambda: "ok", methods=["POST"])
    bare_client = bare.test_client()

    folder = Path(tempfile.mkdtemp())
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{folder / 'bench.db'}",
            "TWILIO_AUTH_TOKEN": TOKEN,
            "HASH_SECRET": "bench",
            "VOICE_PROMPTS": "say",
            "LOG_LEVEL": "WARNING",
            "TESTING": True,
        }
    )
    endpoint = Endpoint(FlaskTransport(app.test_client()), TOKEN, "http://localhost")
    call = {"CallSid": "CA" + "1" * 32, "From": "+15005550006", "To": "+18005550100"}
    counter = iter(range(10**9))

    def retried_sms(body: str):
        sid = f"SM{next(counter):032d}"  # one MessageSid, posted again and again
        return lambda: endpoint.post("/sms", {"MessageSid": sid, "From": "+15005550006", "Body": body})

    def fresh_sms(body: str):
        return lambda: endpoint.post(
            "/sms", {"MessageSid": f"SM{next(counter):032d}", "From": "+15005550006", "Body": body}
        )

    base = timed(lambda: bare_client.post("/"), args.n)
    base_p50 = statistics.median(base)
    cases = {
        "baseline: empty Flask POST": base,
        "POST /voice (call comes in)": timed(lambda: endpoint.post("/voice", call), args.n),
        "menu key (press 3)": timed(
            lambda: endpoint.post("/voice/en/menu/root/0/0/input", {**call, "Digits": "3"}), args.n
        ),
        "speech (where does it spread)": timed(
            lambda: endpoint.post("/voice/en/menu/root/0/0/input", {**call, "SpeechResult": "where does it spread"}),
            args.n,
        ),
        "SMS keyword (symptoms)": timed(fresh_sms("symptoms"), args.n),
        "SMS question (fuzzy)": timed(fresh_sms("does brest cancer go to the bones?"), args.n),
        "SMS retry (same MessageSid)": timed(retried_sms("menu"), args.n),
    }
    print(f"{args.n} requests each, in-process (Flask test client), SQLite in {folder}")
    for name, samples in cases.items():
        print(row(name, samples, base_p50))


if __name__ == "__main__":
    main()
