"""The simulator page's JSON API, through the Flask client: calls, texts, outbox, who may use it."""

from __future__ import annotations

import pytest
from twilio.request_validator import RequestValidator

from content.segments import cost
from simulator import sessions, web
from tests.conftest import TOKEN, make_app


@pytest.fixture
def spanish(line):
    return line.library.get("es")


@pytest.fixture
def device(client):
    resp = client.post("/simulator/api/devices")
    assert resp.status_code == 201
    return resp.get_json()


def api(client, device, path, **body):
    return client.post(f"/simulator/api/devices/{device['device']}{path}", json=body)


def said(resp):
    return " ".join(h["text"] for h in resp.get_json()["heard"] if h["text"])


def english_call(client, device):
    api(client, device, "/call")
    return api(client, device, "/call/key", key="1")


# -- the page ------------------------------------------------------------------------------------
def test_page_has_the_phone_and_the_chat(client):
    resp = client.get("/")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    for control in ('id="call"', ">Hang up<", 'for="message">Message<', ">Send<", 'data-key="#"'):
        assert control in html
    assert "https://" not in html  # no CDN, no framework download
    assert "default-src 'self'" in resp.headers["Content-Security-Policy"]


@pytest.mark.parametrize("name", ["simulator.js", "simulator.css"])
def test_static_files_are_served_by_flask(client, name):
    assert client.get(f"/simulator/static/{name}").status_code == 200


# -- a call --------------------------------------------------------------------------------------
def test_call_hears_the_emergency_line_first_with_the_signed_request(client, device, english):
    resp = api(client, device, "/call")
    data = resp.get_json()
    assert resp.status_code == 200
    assert data["heard"][0]["text"] == "Para español, oprima 2."  # the only sentence before 911, 2 s
    assert data["heard"][1] == {
        "kind": "say",
        "text": english.prompt("emergency").voice,
        "lang": "en-US",
        "audio": None,
        "number": "",
    }
    assert data["call"] == {"ended": False, "waiting": True, "dialing": False, "dialed": ""}
    first = data["exchanges"][0]
    assert first["path"] == "/voice" and first["params"]["From"] == device["number"]
    assert RequestValidator(TOKEN).validate(first["url"], first["params"], first["signature"])
    assert "<Gather" in first["twiml"] and first["twiml"].startswith("<Response>")


def test_keys_reach_a_section(client, device, english):
    assert "Symptoms, press 3." in said(english_call(client, device))
    assert english.node("symptoms").parts[0].voice in said(api(client, device, "/call/key", key="3"))


def test_spoken_words_and_silence(client, device, english):
    english_call(client, device)
    assert english.node("symptoms").parts[0].voice in said(api(client, device, "/call/speech", words=" symptoms "))
    assert english.prompt("no_input").voice in said(api(client, device, "/call/silence"))


def test_zero_dials_a_person_and_busy_comes_back_to_the_menu(client, device, english):
    english_call(client, device)
    data = api(client, device, "/call/key", key="0").get_json()
    assert data["call"]["dialing"] and data["call"]["dialed"] == "+18004226237"
    assert data["heard"][-1]["kind"] == "dial"
    resp = api(client, device, "/call/dial", status="busy")
    assert english.prompt("dial_failed").voice in said(resp)
    assert resp.get_json()["call"]["waiting"]


def test_hang_up_posts_the_status_callback_and_ends_the_call(client, device):
    english_call(client, device)
    data = api(client, device, "/call/hangup").get_json()
    assert data["call"]["ended"]
    assert [e["path"] for e in data["exchanges"]] == ["/voice/status"]
    assert data["exchanges"][0]["params"]["CallStatus"] == "completed"
    late = api(client, device, "/call/key", key="1")
    assert late.status_code == 409 and "ended" in late.get_json()["error"]


def test_text_me_this_shows_in_this_devices_outbox_only(client, device, english):
    english_call(client, device)
    api(client, device, "/call/key", key="3")
    data = api(client, device, "/call/key", key="2").get_json()
    assert len(data["outbox"]) == 1
    row = data["outbox"][0]
    assert row["status"] == "queued" and english.prompt("sms_text_me").text in row["body"]
    assert row["segments"] == cost(row["body"]).segments
    other = client.post("/simulator/api/devices").get_json()
    assert client.get(f"/simulator/api/devices/{other['device']}/outbox").get_json() == {"outbox": []}


@pytest.mark.parametrize(
    "path, body, status",
    [
        ("/call/key", {"key": "12"}, 400),
        ("/call/key", {"key": "a"}, 400),
        ("/call/speech", {"words": "  "}, 400),
        ("/call/dial", {"status": "maybe"}, 400),
        ("/call/silence", {}, 409),  # no call yet
        ("/text", {"message": ""}, 400),
        ("/text", {"message": "hi", "channel": "fax"}, 400),
    ],
)
def test_bad_requests_are_explained(client, device, path, body, status):
    resp = api(client, device, path, **body)
    assert resp.status_code == status
    assert resp.get_json()["error"]


def test_unknown_device_and_non_json(client, device):
    assert client.post("/simulator/api/devices/nope/call").status_code == 404
    resp = client.post(f"/simulator/api/devices/{device['device']}/text", data="symptoms")
    assert resp.status_code == 415


# -- texts ---------------------------------------------------------------------------------------
def test_text_symptoms_replies_with_segment_counts_and_language(client, device, english):
    data = api(client, device, "/text", message="symptoms").get_json()
    opening = english.node("symptoms").parts[0].text.split(". ")[0]
    reply = next(r for r in data["replies"] if opening in r["body"])
    for r in data["replies"]:
        assert (r["segments"], r["encoding"]) == (cost(r["body"]).segments, "GSM-7")
    assert (data["language"], data["language_name"], data["channel"]) == ("en", "English", "sms")
    assert data["exchanges"][0]["path"] == "/sms"
    assert reply["chars"] == len(reply["body"])


def test_texting_espanol_turns_the_conversation_spanish(client, device, spanish):
    data = api(client, device, "/text", message="español").get_json()
    assert (data["language"], data["language_name"]) == ("es", spanish.name)
    data = api(client, device, "/text", message="síntomas").get_json()
    assert any(spanish.node("symptoms").parts[0].text.split(". ")[0] in r["body"] for r in data["replies"])


def test_whatsapp_texts_from_a_whatsapp_address(client, device):
    data = api(client, device, "/text", message="menu", channel="whatsapp").get_json()
    assert data["exchanges"][0]["params"]["From"] == "whatsapp:" + device["number"]
    assert "3 Symptoms" in data["replies"][0]["body"]


def test_stop_silences_the_line_until_start(client, device):
    data = api(client, device, "/text", message="STOP").get_json()
    assert data["replies"] == [] and data["opted_out"]
    assert api(client, device, "/text", message="START").get_json()["replies"]


# -- sound: captions for <Play>, browser files for the page --------------------------------------
def test_played_files_get_captions_and_web_audio(tmp_path, english):
    app = make_app(tmp_path, VOICE_PROMPTS="audio")
    line = app.extensions["line"]
    ext = {"phone": "wav", "web": "mp3"}
    line.audio_resolver = lambda snippet, kind: f"http://localhost/audio/{kind}/{snippet.id}.{ext[kind]}"
    client = app.test_client()
    device = client.post("/simulator/api/devices").get_json()
    first = api(client, device, "/call").get_json()["heard"][1]  # after "Para español, oprima 2."
    assert first["kind"] == "play"
    assert first["text"] == english.prompt("emergency").voice  # the caption, though <Play> has no words
    assert first["audio"] == f"/audio/web/{english.opening_emergency.id}.mp3"  # same origin as the page
    assert first["lang"] == "en-US"


def test_said_words_get_the_web_file_of_the_same_snippet_when_there_is_one(tmp_path, english):
    app = make_app(tmp_path)  # VOICE_PROMPTS=say: <Say>, yet the browser can still play the file
    app.extensions["line"].audio_resolver = lambda snippet, kind: f"https://cdn.example.org/{kind}/{snippet.id}"
    client = app.test_client()
    device = client.post("/simulator/api/devices").get_json()
    first = api(client, device, "/call").get_json()["heard"][1]  # after "Para español, oprima 2."
    assert first["kind"] == "say"
    # Said words find the snippet by its words: the 911 line's usual file (the same words).
    assert first["audio"] == f"https://cdn.example.org/web/{english.prompt('emergency').id}"


def test_without_web_files_the_page_plays_the_phone_file(tmp_path, english):
    # Chromium plays 8 kHz mu-law WAV: the page then sounds exactly like the call.
    app = make_app(tmp_path, VOICE_PROMPTS="audio")
    line = app.extensions["line"]
    line.audio_resolver = lambda snippet, kind: f"http://localhost/audio/{snippet.id}.wav" if kind == "phone" else None
    client = app.test_client()
    device = client.post("/simulator/api/devices").get_json()
    first = api(client, device, "/call").get_json()["heard"][1]  # after "Para español, oprima 2."
    assert first["kind"] == "play" and first["text"] == english.prompt("emergency").voice
    assert first["audio"] == f"/audio/{english.opening_emergency.id}.wav"  # 911 with no pause after it


# -- who may use it ------------------------------------------------------------------------------
def production(tmp_path, token=""):
    return make_app(tmp_path, APP_ENV="production", SIMULATOR_TOKEN=token).test_client()


def test_production_without_a_token_setting_has_no_page_and_no_api(tmp_path):
    client = production(tmp_path)
    assert client.get("/").status_code == 404
    assert client.get("/?token=anything").status_code == 404
    assert client.post("/simulator/api/devices").status_code == 404
    assert client.get("/simulator/static/simulator.js").status_code == 404


SIM_TOKEN = "s3cret-simulator-token-0123"


def test_production_token_is_posted_once_then_a_cookie(tmp_path):
    client = production(tmp_path, token=SIM_TOKEN)
    assert client.get("/").status_code == 404
    assert client.get(f"/?token={SIM_TOKEN}").status_code == 404  # never in a URL (access logs keep URLs)
    assert client.get_cookie(web.COOKIE) is None
    form = client.get("/simulator/login")
    assert form.status_code == 200 and b'type="password"' in form.data
    assert client.post("/simulator/login", data={"token": "wrong"}).status_code == 403
    resp = client.post("/simulator/login", data={"token": SIM_TOKEN})
    assert resp.status_code == 303 and resp.headers["Location"] == "/"
    cookie = client.get_cookie(web.COOKIE)
    assert cookie is not None and cookie.http_only and SIM_TOKEN not in cookie.value
    assert client.get("/").status_code == 200
    assert client.post("/simulator/api/devices").status_code == 201


def test_production_without_a_token_setting_has_no_login_form(tmp_path):
    client = production(tmp_path)
    assert client.get("/simulator/login").status_code == 404
    assert client.post("/simulator/login", data={"token": ""}).status_code == 404


def test_production_token_as_a_header(tmp_path):
    client = production(tmp_path, token=SIM_TOKEN)
    assert client.post("/simulator/api/devices", headers={web.HEADER: "wrong"}).status_code == 404
    resp = client.post("/simulator/api/devices", headers={web.HEADER: SIM_TOKEN})
    assert resp.status_code == 201
    device = resp.get_json()
    resp = client.post(f"/simulator/api/devices/{device['device']}/call", json={}, headers={web.HEADER: SIM_TOKEN})
    assert "emergency" in said(resp)


# -- memory --------------------------------------------------------------------------------------
def test_devices_are_capped_oldest_first():
    devices = sessions.Devices(limit=2)
    first, second, third = (devices.create(lambda: None) for _ in range(3))
    assert devices.get(first.id) is None
    assert devices.get(second.id) is second and devices.get(third.id) is third


def test_open_pages_never_share_a_made_up_number():
    # Two pages with one number would share the line's memory of it: the second "new" caller
    # would be greeted as the first one's returning caller, in the first one's language.
    devices = sessions.Devices()
    numbers = [devices.create(lambda: None).number for _ in range(sessions.MAX_DEVICES)]
    assert len(set(numbers)) == sessions.MAX_DEVICES


def test_made_up_numbers_are_fictional_555_01xx():
    for _ in range(50):
        number = sessions.made_up_number()
        assert len(number) == 12 and number[5:10] == "55501"


def test_pretend_phones_live_in_the_shared_store_so_any_worker_serves_any_page(tmp_path):
    """Finding 7: with the default 2 workers the simulator forgot 40% of pretend phones (each
    lived in the memory of the worker that made it). Two apps on one database stand for two
    workers: a page's call and texts go on whichever serves each step."""
    from tests.conftest import make_app

    workers = [make_app(tmp_path).test_client(), make_app(tmp_path).test_client()]
    device = workers[0].post("/simulator/api/devices", json={}).get_json()["device"]
    api = f"/simulator/api/devices/{device}"
    started = workers[1].post(f"{api}/call", json={})
    assert started.status_code == 200 and "emergency" in said(started)
    english = workers[0].post(f"{api}/call/key", json={"key": "1"})  # the other worker, mid-call
    assert english.status_code == 200, english.get_json()
    symptoms = workers[1].post(f"{api}/call/key", json={"key": "3"})
    assert symptoms.status_code == 200 and "To get this by text message, press 2." in said(symptoms)
    assert workers[0].post(f"{api}/call/key", json={"key": "2"}).get_json()["outbox"]  # text me this
    assert workers[1].post(f"{api}/call/hangup", json={}).get_json()["call"]["ended"]
    first = workers[0].post(f"{api}/text", json={"message": "what comes next"}).get_json()
    more = workers[1].post(f"{api}/text", json={"message": "MORE"}).get_json()
    assert first["replies"] and more["replies"][0]["body"].startswith("(2/")


def test_shared_devices_are_capped_oldest_first(tmp_path):
    from tests.conftest import make_app

    store = make_app(tmp_path).extensions["line"].store
    devices = sessions.Devices(limit=2, store=store)
    first, second, third = (devices.create(lambda: None) for _ in range(3))
    assert devices.get(first.id) is None
    assert devices.get(second.id).number == second.number and devices.get(third.id).number == third.number
