"""A real PostgreSQL stop and start under load (issue 21): what texters get while the database is
down, and whether a STOP sent then holds afterwards. Prints one table for BENCHMARKS.md.

gunicorn (gunicorn.conf.py, production settings) on a throwaway durable PostgreSQL cluster, as
bench/load.py starts one; texters walk "what comes next" / MORE the whole time; the cluster is
stopped (pg_ctl -m fast), crisis texts in English and Spanish and a STOP are sent, the cluster is
started again, and the STOP's sender texts once more. Only 127.0.0.1 is ever a target.

Run: .venv/bin/python bench/pg_outage.py [--pg-port 55498] [--seconds-down 8]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.production import TOKEN, production_env  # noqa: E402
from simulator.phone import Endpoint, HttpTransport, Texter  # noqa: E402
from tests.servers import Server  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg-port", type=int, default=55498)
    parser.add_argument("--seconds-down", type=float, default=8.0)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="line-outage-"))
    pgdir = Path(tempfile.mkdtemp(prefix="line-outage-pg-"))
    sh = f"source {ROOT}/.ci/postgres.sh && "
    subprocess.run(["bash", "-c", sh + f"pg_start {pgdir} {args.pg_port} durable"], check=True)
    url = f"postgresql+psycopg://postgres@/line_test?host={pgdir}&port={args.pg_port}"
    env = production_env(folder, url)
    flask = [sys.executable, "-m", "flask", "--app", "app"]

    def pg(action: str) -> None:
        bin_dir = subprocess.run(["bash", "-c", sh + "pg_bin"], capture_output=True, text=True).stdout.strip()
        opts = f"-p {args.pg_port} -k '{pgdir}' -c listen_addresses=''"
        command = f"{bin_dir}/pg_ctl -D '{pgdir}' -l '{pgdir}/server.log' -o \"{opts}\" -m fast -w {action}"
        subprocess.run(["bash", "-c", sh + f"pg_as '{command}'"], check=True, capture_output=True)

    rows: list[tuple[str, str]] = []
    try:
        subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, check=True, env={**os.environ, **env})
        with Server(env, folder / "gunicorn.log", workers=2) as server:
            server.wait_ready()
            endpoint = Endpoint(HttpTransport(), TOKEN, server.url)
            stop_load = threading.Event()
            answered, empty = [0], [0]

            def walk(n: int) -> None:
                texter = Texter(endpoint, sender=f"+1501713{n:04d}")
                while not stop_load.is_set():
                    for body in ("what comes next", "MORE"):
                        replies = texter.send(body)
                        answered[0] += 1
                        empty[0] += not replies
                    time.sleep(0.2)

            load = [threading.Thread(target=walk, args=(n,), daemon=True) for n in range(6)]
            for t in load:
                t.start()
            stopper = Texter(endpoint, sender="+15017139999")
            stopper.send("hi")
            time.sleep(2.0)

            pg("stop")
            down_at = time.monotonic()
            crisis = {
                "en": Texter(endpoint, sender="+15017139001").send("I want to die, I can't do this"),
                "es": Texter(endpoint, sender="+15017139002").send("ya no quiero vivir"),
            }
            stop_reply = stopper.send("STOP")
            time.sleep(max(0.0, args.seconds_down - (time.monotonic() - down_at)))
            pg("start")
            time.sleep(3.0)  # the pool's pre-ping finds the new server; the spool is written then
            after = stopper.send("what comes next")
            stop_load.set()
            for t in load:
                t.join(10)
            out = server.output()

        for code, replies in crisis.items():
            first = replies[0].body if replies else ""
            rows.append((f"first reply to a crisis text ({code}), database down", first.split("\n")[0][:90]))
        rows.append(("reply to STOP while down", "(nothing)" if not stop_reply else stop_reply[0].body[:60]))
        rows.append(
            ("that number texts after the restart", "(nothing: opted out)" if not after else after[0].body[:60])
        )
        rows.append(("texts answered under load (through the outage)", f"{answered[0]}, {empty[0]} without a reply"))
        rows.append(("tracebacks in gunicorn's log", str(out.count("Traceback"))))
    finally:
        subprocess.run(["bash", "-c", sh + f"pg_stop {pgdir}"], check=False)

    print(f"PostgreSQL stopped for {args.seconds_down:.0f} s under load (6 texters, gunicorn 2 workers x 4 threads)")
    print("| what | result |")
    print("| --- | --- |")
    for what, result in rows:
        print(f"| {what} | {result} |")


if __name__ == "__main__":
    main()
