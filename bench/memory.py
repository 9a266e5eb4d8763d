"""Memory of one web worker after 1,000 mixed requests (issue 23: at most 100 MiB), beside the bare
Flask app of bench/bare.py in the same run, and what the line's worker has imported.

Each target runs under gunicorn (gunicorn.conf.py, ONE worker x 4 threads, SQLite on disk) and gets
the simulated callers and texters of bench/load.py - menus, digits, topics, MORE, questions - until
exactly --requests have been answered; then the worker's resident memory is read from the
kernel's own accounting (/proc/<pid>/status: VmRSS now, VmHWM its peak). Only 127.0.0.1.

Run: .venv/bin/python bench/memory.py [--requests 1000] [--users 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load import HASH, TOKEN, load  # noqa: E402
from tests.servers import Server  # noqa: E402


def workers(master: int) -> list[int]:
    """The gunicorn master's child processes (its workers)."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of a process, in KiB (the kernel's /proc/<pid>/status)."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            out[name] = int(value.split()[0])
    return out


def measure(name: str, env: dict[str, str], app_arg: str | None, args, folder: Path) -> str:
    extra = (app_arg,) if app_arg else ()
    # No recycling in the middle of the run: the worker measured is the one that answered them all.
    extra += ("--max-requests", "0")
    with Server(env, folder / f"{name.split()[0]}.log", workers=1, extra=extra) as server:
        server.wait_ready()
        (pid,) = workers(server.proc.pid)
        fresh = status(pid)
        stats = asyncio.run(load(server.url, args.users, 3600, args.requests))
        after = status(pid)
        assert workers(server.proc.pid) == [pid], "the worker was replaced during the run"
    mib = 1024
    return (
        f"| {name} | {len(stats.ms)} | {stats.errors} | {fresh['VmRSS'] / mib:.0f} | "
        f"{after['VmRSS'] / mib:.0f} | {after['VmHWM'] / mib:.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--users", type=int, default=20)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="line-memory-"))
    base = {
        "APP_ENV": "production",
        "TWILIO_AUTH_TOKEN": TOKEN,
        "HASH_SECRET": HASH,
        "HELPLINE_NUMBER": "+18004226237",
        "VOICE_PROMPTS": "say",
        "AUDIO_DIR": str(folder / "audio"),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"sqlite:///{folder / 'line.db'}",
    }
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"],
        cwd=ROOT,
        check=True,
        env={**os.environ, **base},
    )
    rows = [
        measure("bare Flask + signature check", base, "bench.bare:app", args, folder),
        measure("line, SQLite (WAL, on disk)", base, None, args, folder),
    ]
    print(
        f"One gunicorn worker (gthread, 4 threads), {args.requests} requests from {args.users} simulated "
        f"people (half callers, half texters), {os.cpu_count()} cores"
    )
    print("| target | requests | errors | worker RSS at start, MiB | RSS after, MiB | peak RSS (VmHWM), MiB |")
    print("| --- | --- | --- | --- | --- | --- |")
    for row in rows:
        print(row)


if __name__ == "__main__":
    main()
