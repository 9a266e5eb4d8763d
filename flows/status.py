"""Twilio's status callback for the outbox's texts: settles texts whose send answer was lost.

The worker sets StatusCallback to /sms/status/<outbox id> when PUBLIC_BASE_URL is set. A callback
proves Twilio has the message, so an unsure text becomes sent, and is never sent again.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, request
from sqlalchemy.exc import SQLAlchemyError

from flows.twilio_auth import signed

log = logging.getLogger(__name__)
bp = Blueprint("status", __name__)


@bp.post("/sms/status/<int:text_id>")
@signed
def text_status(text_id: int):
    status = request.form.get("MessageStatus", "")[:20]
    sid = request.form.get("MessageSid", "")[:64]
    error = request.form.get("ErrorCode", "")
    try:
        known = current_app.extensions["line"].store.note_delivery(
            text_id, sid, status, f"Twilio {error}" if error else None
        )
    except SQLAlchemyError as exc:
        current_app.extensions["outage"].failed("status callback", exc)
        return Response(status=503)  # Twilio does not retry these, but says so in its debugger
    if not known:
        log.warning("status callback for an unknown outbox text %s", text_id)
    return Response(status=204)
