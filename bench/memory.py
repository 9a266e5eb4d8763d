"""Memory of one web worker after 1,000 mixed requests (issue 23: at most 100 MiB), beside the bare
Flask app of bench/bare.py in the same run, and what the line's worker has imported.

Each target runs under gunicorn (gunicorn.conf.py, ONE worker x 4 threads, SQLite on disk) and gets
the simulated callers and texters of bench/load.py - menus, digits, topics, MORE, questions - until
exactly --requests have been answered; then the worker's resident memory is read from the
kernel's own accounting (/proc/<pid>/status: VmRSS now, VmHWM its peak; smaps_rollup: PSS, and
the private pages no other process shares). Only 127.0.0.1.

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

from bench.load import load  # noqa: E402
from bench.production import production_env  # noqa: E402
from tests.servers import Server  # noqa: E402


def workers(master: int) -> list[int]:
    """The gunicorn master's child processes (its workers)."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of a process (/proc/<pid>/status), and its proportional and private share
    (/proc/<pid>/smaps_rollup: pages shared with the gunicorn master count in RSS in full), in KiB."""
    out = {}
    for path in (f"/proc/{pid}/status", f"/proc/{pid}/smaps_rollup"):
        for line in Path(path).read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM", "Pss", "Private_Clean", "Private_Dirty"):
                out[name] = int(value.split()[0])
    out["Private"] = out["Private_Clean"] + out["Private_Dirty"]
    return out


# The bare app is served as the line is (one gthread worker, 4 threads) but without the line's
# gunicorn.conf.py, whose post_fork hook imports the line's app module into every worker.
BARE = ("-c", "/dev/null", "--worker-class", "gthread", "--threads", "4", "bench.bare:app")


def measure(name: str, env: dict[str, str], extra: tuple[str, ...], args, folder: Path) -> str:
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
        f"{after['VmRSS'] / mib:.0f} | {after['VmHWM'] / mib:.0f} | {after['Pss'] / mib:.0f} | "
        f"{after['Private'] / mib:.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--users", type=int, default=20)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="line-memory-"))
    base = production_env(folder, f"sqlite:///{folder / 'line.db'}")
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"],
        cwd=ROOT,
        check=True,
        env={**os.environ, **base},
    )
    rows = [
        measure("bare Flask + signature check", base, BARE, args, folder),
        measure("line, SQLite (WAL, on disk)", base, (), args, folder),
    ]
    print(
        f"One gunicorn worker (gthread, 4 threads), {args.requests} requests from {args.users} simulated "
        f"people (half callers, half texters), {os.cpu_count()} cores"
    )
    print(
        "| target | requests | errors | worker RSS at start, MiB | RSS after, MiB | peak RSS (VmHWM), MiB "
        "| PSS after, MiB | private after, MiB |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        print(row)


if __name__ == "__main__":
    main()
