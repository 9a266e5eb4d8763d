"""How fast the line answers Twilio, measured in-process against a bare Flask route.

Twilio waits at most 15 s, and every millisecond is dead air for a caller, so the target
is "milliseconds": a webhook's p50 should be within 3x of a bare Flask route that does what
any webhook must (check X-Twilio-Signature with RequestValidator) and nothing else, posted
with the same signed form in the same run. The line's webhooks use SQLite on disk (WAL).
Run: .venv/bin/python bench/webhooks.py [--n 300]
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask, abort, request
from twilio.request_validator import RequestValidator

from app import create_app
from simulator.phone import Endpoint, FlaskTransport
from tests.evaluation import cases as held_out

TOKEN = "bench-token"


def interleaved(cases: dict, n: int, batch: int = 10) -> dict[str, list[float]]:
    """Each case `n` times, taken in turns a batch at a time, so the machine's other load (it is
    shared) falls on the baseline and the webhooks alike."""
    for fn in cases.values():
        fn()  # warm up
    out: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(0, n, batch):
        for name, fn in cases.items():
            for _ in range(batch):
                start = time.perf_counter()
                fn()
                out[name].append((time.perf_counter() - start) * 1000)
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
    validator = RequestValidator(TOKEN)

    def checked():
        if not validator.validate(request.url, request.form, request.headers.get("X-Twilio-Signature", "")):
            abort(403)
        return "<Response/>", 200, {"Content-Type": "text/xml"}

    bare.add_url_rule("/bare", "bare", checked, methods=["POST"])
    bare_endpoint = Endpoint(FlaskTransport(bare.test_client()), TOKEN, "http://localhost")

    folder = Path(tempfile.mkdtemp())
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{folder / 'bench.db'}",
            "TWILIO_AUTH_TOKEN": TOKEN,
            "HASH_SECRET": "bench-hash-secret",
            "VOICE_PROMPTS": "say",
            "LOG_LEVEL": "WARNING",
            "TESTING": True,
        }
    )
    endpoint = Endpoint(FlaskTransport(app.test_client()), TOKEN, "http://localhost")
    counter = iter(range(10**9))

    def retried_sms(body: str):
        sid = f"SM{next(counter):032d}"  # one MessageSid, posted again and again
        return lambda: endpoint.post("/sms", {"MessageSid": sid, "From": "+15005550006", "Body": body})

    def fresh_sms(bodies, sender: str = "+15005550006"):
        """Each text with a new MessageSid; its body the next of `bodies`."""
        return lambda: endpoint.post(
            "/sms", {"MessageSid": f"SM{next(counter):032d}", "From": sender, "Body": next(bodies)}
        )

    # Real questions differ from one another (and no cache of the line has seen them): the
    # held-out set's questions, each once until the set runs out (345 texts, English and Spanish).
    questions = itertools.cycle(
        [c.text for c in held_out() if c.channel == "text" and c.kind in ("topic", "near_miss", "off_topic")]
    )

    call = {"CallSid": "CA" + "1" * 32, "From": "+15005550006", "To": "+18005550100"}
    cases = {
        "baseline: Flask POST + signature check": lambda: bare_endpoint.post("/bare", {**call, "Digits": "3"}),
        "POST /voice (call comes in)": lambda: endpoint.post("/voice", call),
        "menu key (press 3)": lambda: endpoint.post("/voice/en/menu/root/0/0/input", {**call, "Digits": "3"}),
        "speech (where does it spread)": lambda: endpoint.post(
            "/voice/en/menu/root/0/0/input", {**call, "SpeechResult": "where does it spread"}
        ),
        "SMS keyword (symptoms)": fresh_sms(itertools.repeat("symptoms")),
        "SMS question (fuzzy)": fresh_sms(itertools.repeat("does brest cancer go to the bones?")),
        "SMS questions (held-out, varied)": fresh_sms(questions, sender="+15005550007"),
        "SMS retry (same MessageSid)": retried_sms("menu"),
    }
    samples = interleaved(cases, args.n)
    base_p50 = statistics.median(samples["baseline: Flask POST + signature check"])
    cases = samples
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"{args.n} requests each, taken in turns, in-process (Flask test client), SQLite (WAL) in {folder}")
    print(f"load average: {load} on {os.cpu_count()} cores")
    for name, samples in cases.items():
        print(row(name, samples, base_p50))
    worst = max(statistics.median(v) / base_p50 for k, v in cases.items() if not k.startswith("baseline"))
    print(f"worst webhook p50: x{worst:.1f} the baseline (goal: within x3)")


if __name__ == "__main__":
    main()
