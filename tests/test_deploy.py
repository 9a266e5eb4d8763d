"""The guide's deploy, end to end, as CI runs it on a fresh machine (docs/DEPLOY.md): production
settings; `flask --app app db upgrade` on an empty database; gunicorn with gunicorn.conf.py on a
free port; signed calls and texts; the outbox worker (`flask --app app outbox run`) sending to a
local fake of Twilio's REST API; worker recycling (max_requests) and a HUP reload under traffic
with no reply that lost its place; then `flask --app app report`. On SQLite and on PostgreSQL.

If the guide's commands or gunicorn.conf.py drift from what the code needs, this fails."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time

import pytest

from simulator.phone import Endpoint, HttpTransport, Phone, Texter
from tests.fake_twilio import FakeTwilio
from tests.servers import Server
from tests.test_deploy_commands import FLASK, ROOT, flask, production

pytestmark = pytest.mark.deploy
ACCOUNT = "AC" + "1" * 32
FROM = "+18005550100"


def test_the_guide_deploys_serves_reloads_sends_and_reports(tmp_path, empty_database):
    fake = FakeTwilio().start()
    env = production(
        tmp_path,
        empty_database,
        TWILIO_ACCOUNT_SID=ACCOUNT,
        TWILIO_FROM_NUMBER=FROM,
        TWILIO_API_BASE_URL=fake.url,
        LOG_LEVEL="INFO",
    )
    worker = None
    try:
        upgraded = flask(env, "db", "upgrade")  # the release step, on an empty database
        assert upgraded.returncode == 0, upgraded.stderr

        extra = ("--max-requests", "12", "--max-requests-jitter", "0")
        with Server(env, tmp_path / "gunicorn.log", workers=2, extra=extra) as server:
            server.wait_ready()
            worker = subprocess.Popen(
                [str(FLASK), "--app", "app", "outbox", "run", "--poll", "0.2"],
                cwd=ROOT,
                env=env,
                stdout=open(tmp_path / "worker.log", "w"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            transport = HttpTransport()
            endpoint = Endpoint(transport, env["TWILIO_AUTH_TOKEN"], server.url)

            # A caller asks for a topic by text ("text me this", key 2); the worker sends it.
            caller = "+15017123001"
            call = Phone(endpoint, caller=caller).call()
            call.press("1")  # English
            call.press("3")  # Symptoms
            assert "press 2" in call.last_text
            call.press("2")
            call.hang_up()

            # Texters walk topics while workers recycle and the master reloads (HUP).
            texters = [Texter(endpoint, sender=f"+1501712{n:04d}") for n in range(5)]
            lost, errors = [], []

            def walk(texter: Texter) -> None:
                try:
                    for _ in range(6):
                        first = texter.send("what comes next")
                        more = texter.send("MORE")
                        bodies = [r.body for r in first + more]
                        lost.extend(b for b in bodies if "remember our place" in b or "Sorry" in b)
                        if not more[0].body.startswith("(2/"):
                            lost.append(more[0].body)
                except Exception as exc:
                    errors.append(repr(exc))

            walkers = [threading.Thread(target=walk, args=(t,)) for t in texters]
            for w in walkers:
                w.start()
            time.sleep(1.0)
            os.kill(server.proc.pid, signal.SIGHUP)  # the guide's ExecReload
            for w in walkers:
                w.join(120)
            assert errors == [] and lost == [], (errors, lost[:3])

            deadline = time.monotonic() + 30
            while not fake.bodies_to(caller) and time.monotonic() < deadline:
                time.sleep(0.2)
            assert len(fake.bodies_to(caller)) == 1 and "Symptoms" in fake.bodies_to(caller)[0]
            time.sleep(1.5)  # the workers' usage writers put their counts in the tables
            out = server.output()
        assert out.count("Booting worker") >= 6, "recycled and reloaded"
        assert "Traceback" not in out

        report = flask(env, "report", "--days", "1")
        assert report.returncode == 0, report.stderr
        assert "Calls" in report.stdout and "Texts received" in report.stdout
    finally:
        if worker is not None and worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(30)
        fake.down()
    log = (tmp_path / "worker.log").read_text()
    assert "Traceback" not in log
