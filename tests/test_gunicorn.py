"""gunicorn as an operator runs it: bad settings stop the master once with the message; workers
on an empty database never crash; access logs hold no query strings; two servers sharing one
PostgreSQL serve one conversation alternately."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
import requests

from simulator.phone import Endpoint, FlaskTransport, HttpTransport, Phone, Texter
from tests.conftest import CALLER, TOKEN, empty_postgres, fresh_sqlite
from tests.servers import Server
from tests.test_deploy_commands import production as production_env


def test_a_missing_secret_stops_the_master_once_with_the_message(tmp_path):
    env = production_env(tmp_path, fresh_sqlite(tmp_path), TWILIO_AUTH_TOKEN="")
    server = Server(env, tmp_path / "gunicorn.log").start()
    started = time.monotonic()
    try:
        code = server.wait_exit(timeout=60)  # a guard against hanging; the time is printed, not asserted
    finally:
        server.stop()
    print(f"gunicorn exited {code} after {time.monotonic() - started:.1f} s")
    out = server.output()
    assert code != 0
    assert out.count("Refusing to start in production: TWILIO_AUTH_TOKEN is not set") == 1
    assert "Booting worker" not in out  # no worker was ever started, so none is restarted


def test_app_env_must_be_set_under_gunicorn(tmp_path):
    env = production_env(tmp_path, fresh_sqlite(tmp_path))
    del env["APP_ENV"]
    with Server(env, tmp_path / "gunicorn.log") as server:
        assert server.wait_exit(timeout=60) != 0
    assert "APP_ENV is not set" in server.output()


def test_production_on_an_empty_database_says_which_command_to_run(tmp_path):
    env = production_env(tmp_path, f"sqlite:///{tmp_path / 'empty.db'}")
    with Server(env, tmp_path / "gunicorn.log") as server:
        assert server.wait_exit(timeout=60) != 0
    out = server.output()
    assert out.count("Run: flask --app app db upgrade") == 1
    assert "Traceback" not in out and "already exists" not in out


@pytest.mark.parametrize("round_", range(2))
def test_two_workers_starting_on_an_empty_database_never_crash(tmp_path, round_):
    env = production_env(tmp_path, f"sqlite:///{tmp_path / 'empty.db'}", APP_ENV="development")
    with Server(env, tmp_path / "gunicorn.log", workers=2) as server:
        server.wait_ready()
        for _ in range(40):  # the workers answer, ready, on the freshly made schema
            resp = requests.get(server.url + "/readyz", timeout=5)
            assert resp.status_code == 200, resp.text
        out = server.output()
    assert "Traceback" not in out and "Worker failed to boot" not in out and "already exists" not in out
    assert out.count("Booting worker") == 2


def test_access_log_keeps_no_query_string_and_no_client_address(tmp_path):
    env = production_env(tmp_path, fresh_sqlite(tmp_path))
    with Server(env, tmp_path / "gunicorn.log", workers=1) as server:
        server.wait_ready()
        requests.get(server.url + "/healthz?token=very-secret-value&From=%2B15017122661", timeout=5)
        time.sleep(0.3)
        access = [line for line in server.output().splitlines() if '"GET ' in line]
    assert access and all('"GET /healthz" 200' in line for line in access)
    logged = "\n".join(access)
    assert "very-secret-value" not in logged and "15017122661" not in logged and "127.0.0.1" not in logged


# -- scale-out ----------------------------------------------------------------------------------
def test_two_servers_sharing_one_postgres_serve_one_conversation_alternately(tmp_path, postgres_url):
    empty_postgres(postgres_url)
    env = production_env(tmp_path, postgres_url)
    with Server(env, tmp_path / "a.log", workers=1) as a, Server(env, tmp_path / "b.log", workers=1) as b:
        a.wait_ready()
        b.wait_ready()
        texters = [Texter(Endpoint(HttpTransport(), TOKEN, s.url), sender=CALLER) for s in (a, b)]
        first = texters[0].send("what comes next")
        pages = [first[-1].body]
        for n in range(1, 3):  # a topic is three texts at most (issue 22)
            reply = texters[n % 2].send("MORE")  # every other message lands on the other server
            pages.append(reply[0].body)
            assert reply[0].body.startswith(f"({n + 1}/"), (n, reply[0].body)
        assert len(set(pages)) == len(pages)
        # Language chosen on a call to one server is known by the other.
        call = Phone(Endpoint(HttpTransport(), TOKEN, a.url), caller=CALLER).call()
        call.press("2")  # Español
        again = Phone(Endpoint(HttpTransport(), TOKEN, b.url), caller=CALLER).call()
        assert "Para español" not in again.last_text  # no language question: the choice is shared
    assert "Traceback" not in a.output() + b.output()


# -- forks: start, max_requests recycling, HUP reload -------------------------------------------
def master_files(pid: int) -> list[str]:
    """What the master has open: the database file (SQLite) or one socket more than gunicorn's
    listening socket (a PostgreSQL connection) would be a connection every later worker shares."""
    found = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            found.append(os.readlink(fd))
        except OSError:
            pass
    return found


def holds_a_connection(pid: int) -> bool:
    files = master_files(pid)
    return any("line.db" in f for f in files) or sum(f.startswith("socket:") for f in files) > 1


def test_the_usage_writer_never_starts_in_the_process_that_builds_the_app(tmp_path):
    """Finding 2: create_app() started the usage writer thread, so under gunicorn's preload it ran
    in the master. It now starts with the first event, in the worker that serves it."""
    from tests.conftest import make_app

    app = make_app(tmp_path, TESTING=False)
    recorder = app.extensions["usage"]
    try:
        assert "usage-writer" not in [t.name for t in threading.enumerate()]
        app.test_client().get("/healthz")
        assert recorder._thread is None
        Texter(Endpoint(FlaskTransport(app.test_client()), TOKEN, "http://localhost"), sender=CALLER).send("hi")
        assert recorder._thread is not None and recorder._thread.is_alive()  # started by the first event
    finally:
        recorder.stop()
        app.extensions["line"].store.dispose()


@pytest.mark.both_databases
def test_no_connection_or_thread_crosses_a_fork_and_no_place_is_lost(tmp_path, database_url):
    """Finding 2: the usage writer ran in the preloading master and held a database connection
    three seconds after start; workers forked later (max_requests recycling, `kill -HUP`) shared
    it, and texters got "I cannot remember our place". Now the master holds no thread and no
    database file, and under traffic with recycling every 15 requests and a HUP no place is lost."""
    env = production_env(tmp_path, database_url)
    extra = ("--max-requests", "15", "--max-requests-jitter", "0")
    with Server(env, tmp_path / "gunicorn.log", workers=2, extra=extra) as server:
        server.wait_ready()
        texters = [Texter(Endpoint(HttpTransport(), TOKEN, server.url), sender=f"+1501712{n:04d}") for n in range(6)]
        for texter in texters:  # every worker has served (and so started its writer) ...
            texter.send("hello")
        time.sleep(2.5)  # ... and the old writer connected 1 s after start
        master = server.proc.pid
        assert not holds_a_connection(master), master_files(master)

        forgot, wrong, errors = [], [], []

        def walk(texter: Texter) -> None:
            try:
                for _ in range(8):
                    first = texter.send("what comes next")
                    more = texter.send("MORE")
                    bodies = [r.body for r in first + more]
                    forgot.extend(b for b in bodies if "remember our place" in b or "Sorry" in b)
                    if not more or not more[0].body.startswith("(2/"):
                        wrong.append(more[0].body if more else "(no reply)")
            except Exception as exc:  # a refused connection or a 500 is a lost place too
                errors.append(repr(exc))

        walkers = [threading.Thread(target=walk, args=(t,)) for t in texters]
        for w in walkers:
            w.start()
        time.sleep(1.0)
        os.kill(master, signal.SIGHUP)  # the guide's ExecReload, in the middle of the traffic
        for w in walkers:
            w.join(120)
        time.sleep(1.5)
        assert not holds_a_connection(master), master_files(master)
        out = server.output()
    assert errors == [] and forgot == [] and wrong == [], (errors, forgot[:3], wrong[:3])
    assert out.count("Booting worker") >= 6, "max_requests recycled workers and the HUP started new ones"
    assert "Traceback" not in out and "DuplicatePreparedStatement" not in out
