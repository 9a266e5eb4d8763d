"""Every Twilio-facing route refuses requests Twilio did not sign for this URL and these params."""

from __future__ import annotations

import pytest
from twilio.request_validator import RequestValidator

from tests.conftest import TOKEN, make_app

WEBHOOKS = {
    "/voice": {"CallSid": "CA" + "1" * 32, "From": "+15017122661", "To": "+18005550100", "CallStatus": "ringing"},
    "/sms": {"MessageSid": "SM" + "1" * 32, "From": "+15017122661", "To": "+18005550100", "Body": "menu"},
    "/voice/status": {"CallSid": "CA" + "1" * 32, "CallStatus": "completed", "CallDuration": "42"},
}


def sign(url: str, params: dict, token: str = TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, params)


@pytest.mark.parametrize("path", WEBHOOKS)
def test_correctly_signed_request_is_answered(client, path):
    params = WEBHOOKS[path]
    resp = client.post(path, data=params, headers={"X-Twilio-Signature": sign(f"http://localhost{path}", params)})
    assert resp.status_code in ((204,) if path == "/voice/status" else (200,))
    if path != "/voice/status":
        assert resp.mimetype == "text/xml"
        assert resp.get_data(as_text=True).startswith("<?xml")


@pytest.mark.parametrize("path", WEBHOOKS)
def test_unsigned_request_is_refused(client, path):
    assert client.post(path, data=WEBHOOKS[path]).status_code == 403


@pytest.mark.parametrize("path", WEBHOOKS)
def test_wrong_token_is_refused(client, path):
    params = WEBHOOKS[path]
    bad = sign(f"http://localhost{path}", params, token="someone-elses-token")
    assert client.post(path, data=params, headers={"X-Twilio-Signature": bad}).status_code == 403


@pytest.mark.parametrize("path", WEBHOOKS)
def test_tampered_parameter_is_refused(client, path):
    params = dict(WEBHOOKS[path])
    signature = sign(f"http://localhost{path}", params)
    params["From" if "From" in params else "CallDuration"] = "+19999999999"
    assert client.post(path, data=params, headers={"X-Twilio-Signature": signature}).status_code == 403


@pytest.mark.parametrize("path", WEBHOOKS)
def test_signed_for_another_host_is_refused(client, path):
    params = WEBHOOKS[path]
    signature = sign(f"https://attacker.example{path}", params)
    assert client.post(path, data=params, headers={"X-Twilio-Signature": signature}).status_code == 403


@pytest.mark.parametrize("path", WEBHOOKS)
def test_behind_a_proxy_the_public_url_is_checked(tmp_path, path):
    """Twilio signed https://line.example.org/...; Flask sees http://127.0.0.1:5000/..."""
    app = make_app(tmp_path, PUBLIC_BASE_URL="https://line.example.org/")
    client = app.test_client()
    params = WEBHOOKS[path]
    public = sign(f"https://line.example.org{path}", params)
    internal = sign(f"http://127.0.0.1:5000{path}", params)
    kwargs = {"data": params, "base_url": "http://127.0.0.1:5000"}
    assert client.post(path, headers={"X-Twilio-Signature": public}, **kwargs).status_code in (200, 204)
    assert client.post(path, headers={"X-Twilio-Signature": internal}, **kwargs).status_code == 403


def test_query_string_is_part_of_the_signed_url(client):
    params = WEBHOOKS["/voice"]
    signed_without = sign("http://localhost/voice", params)
    resp = client.post("/voice?x=1", data=params, headers={"X-Twilio-Signature": signed_without})
    assert resp.status_code == 403
    signed_with = sign("http://localhost/voice?x=1", params)
    assert client.post("/voice?x=1", data=params, headers={"X-Twilio-Signature": signed_with}).status_code == 200


def test_internal_voice_urls_are_checked_too(client):
    assert client.post("/voice/en/menu/root/0/0/input", data={"Digits": "3"}).status_code == 403
