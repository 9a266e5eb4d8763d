"""Finding 7's smaller defects, each through what an operator or Twilio actually does."""

from __future__ import annotations

import threading

from sqlalchemy import select
from werkzeug.serving import make_server

from database.store import outbox as outbox_table
from delivery import outbox
from tests.conftest import CALLER, TOKEN, make_app
from tests.fake_twilio import FakeTwilio
from usage import tables as usage_tables

ACCOUNT = "AC" + "0" * 32


def test_a_late_sent_callback_never_overwrites_delivered(endpoint, line):
    """Finding 7: a late "sent" status callback overwrote "delivered"."""
    assert outbox.queue_topic(line, CALLER, "en", "cure")
    text_id = line.store.texts()[0]["id"]
    for status in ("delivered", "sent"):  # out of order, as Twilio may deliver them
        endpoint.post(f"/sms/status/{text_id}", {"MessageSid": "SM" + "1" * 32, "MessageStatus": status})
    with line.store.reading() as conn:
        row = conn.execute(
            select(outbox_table.c.status, outbox_table.c.provider_status).where(outbox_table.c.id == text_id)
        ).one()
    assert row.status == "sent" and row.provider_status == "delivered"


def test_a_400_digit_call_duration_still_records_the_end_of_the_call(endpoint, line):
    """Finding 7: a 400-digit CallDuration gave a traceback and lost the call's end."""
    sid = "CA" + "2" * 32
    params = {"CallSid": sid, "CallStatus": "completed", "CallDuration": "9" * 400, "From": CALLER}
    exchange = endpoint.post("/voice/status", params)
    assert exchange.status == 204
    assert line.store.call(sid)["status"] == "completed" and line.store.call(sid)["duration_s"] is None


def test_deep_json_to_the_simulator_api_is_a_400(client):
    """Finding 7: 50,000-deep JSON to the simulator API was a 500."""
    deep = "[" * 50_000 + "]" * 50_000
    device = client.post("/simulator/api/devices", json={}).get_json()["device"]
    resp = client.post(f"/simulator/api/devices/{device}/text", data=deep, content_type="application/json")
    assert resp.status_code == 400 and "nested" in resp.get_json()["error"]


def test_outbox_run_once_counts_what_it_sent_before_it_exits(tmp_path):
    """Finding 7: `flask outbox run --once` sent but never counted "sent" (the process ended
    before the usage writer ran)."""
    fake = FakeTwilio().start()
    try:
        app = make_app(
            tmp_path,
            TWILIO_ACCOUNT_SID=ACCOUNT,
            TWILIO_FROM_NUMBER="+18005550100",
            TWILIO_API_BASE_URL=fake.url,
        )
        line = app.extensions["line"]
        assert outbox.queue_topic(line, CALLER, "en", "cure")
        queued = len(line.store.texts())  # "as you asked" and the first page: one or two texts
        result = app.test_cli_runner().invoke(args=["outbox", "run", "--once"])
        assert result.exit_code == 0 and f"sent {queued}," in result.output, result.output
        with line.store.engine.connect() as conn:  # what is in the table, not in memory
            kinds = conn.execute(select(usage_tables.events.c.detail).where(usage_tables.events.c.kind == "outbox"))
            assert "sent" in {k for (k,) in kinds}
        line.store.dispose()
    finally:
        fake.down()


def test_flask_text_url_signs_for_the_public_url(tmp_path):
    """Finding 7: `flask text --url` signed the loopback URL while the server checks signatures
    against PUBLIC_BASE_URL, so a production server could not be tested from its own machine."""
    public = "https://line.example.org"
    server_app = make_app(tmp_path, PUBLIC_BASE_URL=public)
    server = make_server("127.0.0.1", 0, server_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        cli_app = make_app(tmp_path, PUBLIC_BASE_URL=public, TWILIO_AUTH_TOKEN=TOKEN)
        url = f"http://127.0.0.1:{server.server_port}"
        result = cli_app.test_cli_runner().invoke(args=["text", "symptoms", "--url", url])
        assert result.exit_code == 0 and "Symptoms:" in result.output, result.output
    finally:
        server.shutdown()
        server_app.extensions["line"].store.dispose()


def test_a_redelivered_voice_step_is_answered_the_same_and_counted_once(app, client, phone, line):
    """Finding 7: a re-delivered voice step (Twilio's I-Twilio-Idempotency-Token again) counted its
    speech, crisis or key-0 event twice and added a step. Now the first answer's TwiML comes back
    and nothing is written or counted again."""
    from twilio.request_validator import RequestValidator

    from tests.conftest import TOKEN
    from tests.walk import start_call

    call = start_call(phone, "en")
    sid = call.sid
    url = "http://localhost/voice/en/menu/root/0/0/input"
    params = {"CallSid": sid, "From": phone.caller, "To": "+15005550006", "SpeechResult": "I cant breathe"}
    headers = {
        "X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(url, params),
        "I-Twilio-Idempotency-Token": "AC00000000000000000000000000000000-8c6b0d7e-retry",
    }
    from sqlalchemy import func, select

    from usage.tables import events

    def crisis_events() -> int:
        line.usage.flush()
        with line.store.reading() as conn:
            return conn.execute(
                select(func.count()).where(events.c.channel == "voice", events.c.kind == "crisis")
            ).scalar()

    steps, crises = line.store.call(sid)["steps"], crisis_events()
    first = client.post(url, data=params, headers=headers)
    again = client.post(url, data=params, headers=headers)
    assert first.status_code == again.status_code == 200
    assert again.get_data(as_text=True) == first.get_data(as_text=True)
    assert line.store.call(sid)["steps"] == steps + 1
    assert crisis_events() == crises + 1
