"""gunicorn as an operator runs it: bad settings stop the master once with the message; workers
on an empty database never crash; access logs hold no query strings; two servers sharing one
PostgreSQL serve one conversation alternately."""

from __future__ import annotations

import time

import pytest
import requests

from simulator.phone import Endpoint, HttpTransport, Phone, Texter
from tests.conftest import CALLER, HASH_SECRET, TOKEN, empty_postgres, fresh_sqlite
from tests.servers import Server


def production_env(tmp_path, database_url: str, **extra) -> dict[str, str]:
    return {
        "APP_ENV": "production",
        "DATABASE_URL": database_url,
        "TWILIO_AUTH_TOKEN": TOKEN,
        "HASH_SECRET": HASH_SECRET,
        "VOICE_PROMPTS": "say",
        "AUDIO_DIR": str(tmp_path / "audio"),
        "PUBLIC_BASE_URL": "",
        "SIMULATOR_TOKEN": "",
        **extra,
    }


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
        for n in range(1, 4):
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
