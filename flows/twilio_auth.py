"""Every Twilio-facing route checks X-Twilio-Signature against the public URL Twilio called."""

from __future__ import annotations

import functools
import logging

from flask import abort, current_app, request
from twilio.request_validator import RequestValidator

log = logging.getLogger(__name__)


def public_url() -> str:
    """The URL Twilio signed: PUBLIC_BASE_URL + path + query when set (TLS proxy, ngrok)."""
    base = current_app.config["PUBLIC_BASE_URL"]
    if not base:
        return request.url
    query = request.query_string.decode()
    return base + request.path + (f"?{query}" if query else "")


def signed(view):
    """403 unless the request carries Twilio's signature for this URL and these POST params."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        validator = RequestValidator(current_app.config["TWILIO_AUTH_TOKEN"])
        signature = request.headers.get("X-Twilio-Signature", "")
        # request.form, never request.values: query parameters are part of the URL, not the params.
        if not signature or not validator.validate(public_url(), request.form, signature):
            log.warning("rejected unsigned or wrongly signed request to %s", request.path)
            abort(403)
        return view(*args, **kwargs)

    return wrapper
