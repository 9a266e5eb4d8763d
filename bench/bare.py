"""The baseline for bench/load.py: a bare Flask app that does only what every webhook must
(check X-Twilio-Signature with RequestValidator) and answers an empty TwiML response."""

from __future__ import annotations

import os

from flask import Flask, abort, request
from twilio.request_validator import RequestValidator

app = Flask("bare")
validator = RequestValidator(os.environ["TWILIO_AUTH_TOKEN"])


@app.post("/<path:anything>")
@app.post("/")
def answer(anything: str = ""):
    if not validator.validate(request.url, request.form, request.headers.get("X-Twilio-Signature", "")):
        abort(403)
    return "<Response/>", 200, {"Content-Type": "text/xml"}


@app.get("/healthz")
def healthz():
    return {"status": "ok"}
