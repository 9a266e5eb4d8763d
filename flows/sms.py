"""The text line: Twilio message webhooks in (SMS, MMS, WhatsApp), TwiML <Message>s out."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import Blueprint, Response, current_app, request
from twilio.twiml.messaging_response import MessagingResponse
from werkzeug.exceptions import HTTPException

from content.model import ROOT_ID
from flows.texting import TextState, TextTurn
from flows.twilio_auth import signed

log = logging.getLogger(__name__)
bp = Blueprint("sms", __name__)


def _line():
    return current_app.extensions["line"]


def xml(resp: MessagingResponse) -> Response:
    return Response(str(resp), mimetype="text/xml")


def _state_for(key: str) -> tuple[TextState, bool]:
    line = _line()
    ttl = timedelta(hours=float(current_app.config["SMS_STATE_TTL_HOURS"]))
    saved = line.store.text_state(key, ttl)
    language = saved.language or line.library.default
    state = TextState(language, saved.node, saved.page, saved.menu or ROOT_ID, new=saved.language is None)
    return state, saved.opted_out


@bp.post("/sms")
@signed
def incoming_message():
    line = _line()
    form = request.form
    sid = form.get("MessageSid") or form.get("SmsSid") or ""
    if sid:
        earlier = line.store.reply_for(sid)
        if earlier is not None:
            # Twilio retried a message we already answered: same reply, no second step.
            return Response(earlier, mimetype="text/xml")
    key = line.identity.key(form.get("From", ""))
    state, opted_out = _state_for(key)
    body = form.get("Body", "")
    lang = line.library.get(state.language)
    if not body.strip() and _media_count(form):
        turn = TextTurn((lang.prompt("sms_media_only").text,), state)
    else:
        turn = line.texting.handle(state, body)
    if turn.opt_out is not None:
        line.store.set_opt_out(key, turn.opt_out)
        opted_out = turn.opt_out
    elif opted_out and turn.replies[:1] != (lang.prompt("sms_help").text,):
        # Opted out: say nothing (Twilio would refuse to deliver it anyway) until START.
        turn = TextTurn((), state)
    if not opted_out:
        line.store.save_text_state(key, turn.state.language, turn.state.node, turn.state.page, turn.state.menu)
    resp = MessagingResponse()
    for reply in turn.replies:
        resp.message(reply)
    out = str(resp)
    if sid and not line.store.remember_reply(sid, out):
        out = line.store.reply_for(sid) or out
    log.info(
        "text in: lang=%s topic=%s replies=%d opt_out=%s",
        turn.state.language,
        turn.topic,
        len(turn.replies),
        turn.opt_out,
    )
    return Response(out, mimetype="text/xml")


def _media_count(form) -> int:
    raw = form.get("NumMedia", "0")
    return int(raw) if raw.isdigit() else 0


@bp.errorhandler(Exception)
def apology(exc: Exception):
    """A texter gets a short apology, never silence and never a Twilio error."""
    if isinstance(exc, HTTPException):
        return exc
    log.exception("text route failed; texter gets the apology")
    resp = MessagingResponse()
    try:
        resp.message(_line().library.get(None).prompt("sms_error").text)
    except Exception:
        log.exception("apology failed too")
    return xml(resp)
