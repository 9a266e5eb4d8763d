"""The browser page: a phone and a text chat that drive the real line through simulator/phone.py.

The page never reads TwiML itself. It calls the small JSON API below; the server runs each
step through Phone/Texter against this same app (in-process, signed with the app's token)
and answers what the caller heard, the replies, the outbox and the requests behind them.
On in development; in production only when SIMULATOR_TOKEN is set and presented.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from flask import Blueprint, abort, current_app, jsonify, make_response, redirect, render_template, request

from simulator.phone import TwimlError
from simulator.sessions import (
    AudioIndexCache,
    Devices,
    app_endpoint,
    browser_url,
    call_state,
    exchange_json,
    heard_json,
    reply_json,
    trim,
)

bp = Blueprint(
    "simulator", __name__, template_folder="templates", static_folder="static", static_url_path="/simulator/static"
)
COOKIE = "simulator_pass"
HEADER = "X-Simulator-Token"
SESSION_SECONDS = 12 * 3600  # the pass cookie ends with the working day, like the admin's
# How the person line (key 0) answered: Twilio's DialCallStatus, and the page's button names.
DIAL_RESULTS = {"completed": "Answered", "busy": "Busy", "no-answer": "No answer"}
CHANNELS = ("sms", "whatsapp")
MAX_CHARS = 1600  # speech or a text message: Twilio delivers texts of up to 1600 characters


@bp.record_once
def _setup(state) -> None:
    # Made once at registration, so concurrent first requests share one map of devices.
    # Pretend phones live in the shared database: any worker process serves any page.
    store = state.app.extensions["line"].store
    state.app.extensions["simulator"] = {"devices": Devices(store=store), "audio": AudioIndexCache()}


def _state() -> tuple[Devices, AudioIndexCache]:
    ext = current_app.extensions["simulator"]
    return ext["devices"], ext["audio"]


# -- who may use it ------------------------------------------------------------------------------
def _pass_for(token: str) -> str:
    """What the cookie holds: derived from the token, so the token itself is not stored."""
    return hmac.new(token.encode(), b"simulator-page", hashlib.sha256).hexdigest()


def _matches(presented: str, token: str) -> bool:
    return bool(token and presented) and hmac.compare_digest(presented.encode(), token.encode())


def _token_presented(token: str) -> bool:
    # A header or a POSTed form only: a token in a URL would land in access logs and history.
    return _matches(request.headers.get(HEADER, ""), token)


def _allowed() -> bool:
    config = current_app.config
    if config["APP_ENV"] == "development":
        return True
    token = config["SIMULATOR_TOKEN"]
    if not token:
        return False
    if _token_presented(token):
        return True
    return hmac.compare_digest(request.cookies.get(COOKIE, "").encode(), _pass_for(token).encode())


@bp.before_request
def only_when_allowed():
    if request.endpoint in ("simulator.login", "simulator.login_form") and current_app.config["SIMULATOR_TOKEN"]:
        return None  # the form that trades the token for a cookie
    if not _allowed():
        abort(404)  # in production the page does not exist for anyone without the token


@bp.after_request
def no_third_parties(resp):
    media = "'self' " + current_app.config["AUDIO_BASE_URL"]
    resp.headers.setdefault(
        "Content-Security-Policy",
        f"default-src 'self'; img-src 'self' data:; media-src {media.strip()}; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    )
    # same-origin, not no-referrer: with no-referrer a browser sends `Origin: null` on the page's
    # own POSTs, which the cross-site check (hardening.py) must refuse.
    resp.headers.setdefault("Referrer-Policy", "same-origin")
    resp.headers.setdefault("Cache-Control", "no-store")
    return resp


# -- the page ------------------------------------------------------------------------------------
@bp.get("/")
def page():
    return render_template("simulator/index.html", dial_results=DIAL_RESULTS)


@bp.get("/simulator/login")
def login_form():
    return render_template("simulator/login.html", wrong=False)


@bp.post("/simulator/login")
def login():
    """Trade the token (typed into the form) for a cookie that holds only a value derived from it."""
    token = current_app.config["SIMULATOR_TOKEN"]
    if not _matches(request.form.get("token", ""), token):
        return render_template("simulator/login.html", wrong=True), 403
    resp = redirect("/", code=303)
    secure = request.is_secure or current_app.config["PUBLIC_BASE_URL"].startswith("https://")
    resp.set_cookie(
        COOKIE, _pass_for(token), max_age=SESSION_SECONDS, httponly=True, samesite="Strict", secure=secure, path="/"
    )
    return resp


# -- the API -------------------------------------------------------------------------------------
def _fail(status: int, message: str, **extra):
    return make_response(jsonify({"error": message, **extra}), status)


def _body() -> dict:
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # JSON nested thousands deep: not something the page sends
        abort(_fail(400, "The JSON is nested too deeply."))
    if not isinstance(data, dict):
        abort(_fail(415, "Send a JSON object with Content-Type: application/json."))
    return data


def _endpoint_factory():
    config = current_app.config
    base = config["PUBLIC_BASE_URL"] or "http://localhost"
    return app_endpoint(current_app._get_current_object(), config["TWILIO_AUTH_TOKEN"], base)


def _device(device_id: str):
    devices, audio = _state()
    caption_for = audio.get(current_app.extensions["line"]).caption_for
    device = devices.get(device_id, _endpoint_factory(), caption_for)
    if device is None:
        abort(_fail(404, "This simulated phone was forgotten (many newer pages were opened since). Reload the page."))
    return device


def _origins() -> set[str]:
    base = current_app.config["PUBLIC_BASE_URL"] or "http://localhost"
    return {base, "http://localhost", request.host_url.rstrip("/")}


def _outbox(device) -> list[dict]:
    line = current_app.extensions["line"]
    mine = line.identity.key(device.number)
    rows = [r for r in line.store.texts() if r["person"] == mine]
    return [
        {
            "id": r["id"],
            "channel": r["channel"],
            "status": r["status"],
            "reason": r["reason"],
            "media": browser_url(r["media_url"], _origins()),
            **reply_json(r["body"], []),
        }
        for r in rows
    ]


@bp.post("/simulator/api/devices")
def new_device():
    devices, _ = _state()
    device = devices.create(_endpoint_factory())
    return jsonify({"device": device.id, "number": device.number}), 201


def _call_step(device, action, new_call: bool = False):
    """Run one thing the caller does; answer what they heard since, and the requests behind it."""
    devices, audio = _state()
    line = current_app.extensions["line"]
    with devices.lock_for(device.id):
        if new_call:
            device.new_call(audio.get(line).caption_for)
        call = device.call
        if call is None:
            return _fail(409, "There is no call. Press Call first.")
        endpoint = call.phone.endpoint
        mark_heard, mark_sent = len(call.heard), len(endpoint.exchanges)
        error = None
        try:
            action(call)
        except TwimlError as exc:  # the app answered something Twilio would refuse
            error = str(exc)
        except AssertionError as exc:  # not waiting for a key, no <Dial> to answer, call over
            return _fail(409, str(exc), call=call_state(call))
        index = audio.get(line)
        payload = {
            "heard": [heard_json(h, index, _origins()) for h in call.heard[mark_heard:]],
            "call": call_state(call),
            "exchanges": [exchange_json(e) for e in endpoint.exchanges[mark_sent:]],
            "outbox": _outbox(device),
        }
        trim(endpoint)
        devices.save(device)
    if error:
        return jsonify({"error": error, **payload}), 502
    return jsonify(payload)


@bp.post("/simulator/api/devices/<device_id>/call")
def call_start(device_id):
    return _call_step(_device(device_id), lambda call: call.start(), new_call=True)


@bp.post("/simulator/api/devices/<device_id>/call/key")
def call_key(device_id):
    key = str(_body().get("key", ""))
    if len(key) != 1 or key not in "0123456789*#":
        return _fail(400, "key must be one of 0-9, * or #.")
    return _call_step(_device(device_id), lambda call: call.press(key))


@bp.post("/simulator/api/devices/<device_id>/call/speech")
def call_speech(device_id):
    words = " ".join(str(_body().get("words", "")).split())[:MAX_CHARS]
    if not words:
        return _fail(400, "Type the words the caller says.")
    return _call_step(_device(device_id), lambda call: call.say(words))


@bp.post("/simulator/api/devices/<device_id>/call/silence")
def call_silence(device_id):
    return _call_step(_device(device_id), lambda call: call.silence())


@bp.post("/simulator/api/devices/<device_id>/call/dial")
def call_dial(device_id):
    status = str(_body().get("status", ""))
    if status not in DIAL_RESULTS:
        return _fail(400, f"status must be one of {', '.join(DIAL_RESULTS)}.")
    return _call_step(_device(device_id), lambda call: call.dial_result(status))


@bp.post("/simulator/api/devices/<device_id>/call/hangup")
def call_hangup(device_id):
    return _call_step(_device(device_id), lambda call: call.hang_up())


@bp.post("/simulator/api/devices/<device_id>/text")
def text_send(device_id):
    device = _device(device_id)
    data = _body()
    channel = str(data.get("channel", "sms"))
    if channel not in CHANNELS:
        return _fail(400, f"channel must be one of {', '.join(CHANNELS)}.")
    message = str(data.get("message", ""))[:MAX_CHARS]
    if not message.strip():
        return _fail(400, "Type a message first.")
    line = current_app.extensions["line"]
    devices, _ = _state()
    with devices.lock_for(device.id):
        texter = device.texter(channel)
        mark = len(texter.endpoint.exchanges)
        error, replies = None, []
        try:
            replies = [reply_json(r.body, [browser_url(m, _origins()) for m in r.media]) for r in texter.send(message)]
        except TwimlError as exc:
            error = str(exc)
        ttl = timedelta(hours=current_app.config["SMS_STATE_TTL_HOURS"])
        state = line.store.text_state(line.identity.key(device.number), ttl)
        payload = {
            "replies": replies,
            "channel": channel,
            "language": line.library.get(state.language).code,
            "language_name": line.library.get(state.language).name,
            "opted_out": state.opted_out,
            "exchanges": [exchange_json(e) for e in texter.endpoint.exchanges[mark:]],
            "outbox": _outbox(device),
        }
        trim(texter.endpoint)
    if error:
        return jsonify({"error": error, **payload}), 502
    return jsonify(payload)


@bp.get("/simulator/api/devices/<device_id>/outbox")
def outbox(device_id):
    return jsonify({"outbox": _outbox(_device(device_id))})
