"""The text line: Twilio message webhooks in (SMS, MMS, WhatsApp), TwiML <Message>s out.

HTTP only; the words and what they change come from navigation/text_navigator.py. One way through a
message: read the facts (the texter's place and opt-out, in one transaction) -> the navigator
decides once (TextFacts -> TextTurn) -> the reply is rendered and stored for its MessageSid
with the Turn's effects (flows/effects.py), in the same transaction, so a retry never advances
MORE twice -> usage counts its outcome. Without the database the facts say so, the navigator
answers from content, and an opt-out is spooled on this machine (flows/spool.py).
"""

from __future__ import annotations

import logging
from dataclasses import replace

from flask import Blueprint, Response, current_app, request
from sqlalchemy.exc import SQLAlchemyError
from twilio.twiml.messaging_response import Message, MessagingResponse
from werkzeug.exceptions import HTTPException

import usage
from flows import effects
from flows.effects import Scene
from flows.twilio_auth import signed
from navigation.turn import TextFacts, TextState, TextTurn

log = logging.getLogger(__name__)
bp = Blueprint("sms", __name__)

MAX_BODY = 1600  # Twilio's limit; anything longer did not come from Twilio


def _line():
    return current_app.extensions["line"]


def xml(resp: MessagingResponse) -> Response:
    return Response(str(resp), mimetype="text/xml")


def channel_of(address: str) -> str:
    return "whatsapp" if address.strip().lower().startswith("whatsapp:") else "sms"


def _facts(key: str, first: str, body: str, conn=None, remembering: bool = True) -> TextFacts:
    """The texter's place, who they ask about, and opt-out; a new texter starts in the line number's language
    (`first`). An opt-out (or START) spooled during an outage counts until it is written."""
    line = _line()
    saved = line.store.text_state(key, line.memory, conn=conn)
    language = saved.language if saved.language in line.library.languages else first
    state = TextState.from_saved(language, saved.node, saved.page, saved.menu, new=saved.language is None)
    # Who they asked about before ("mom"), forgotten after the same quiet as the place.
    state = replace(state, relation=line.store.relation(key, line.memory, conn=conn))
    wish = line.spool.wish(key) if line.spool.waiting() else None
    opted_out = saved.opted_out if wish is None else wish
    return TextFacts(state, body, opted_out, remembering)


@bp.post("/sms")
@signed
def incoming_message():
    """One answer per MessageSid, in one transaction: the texter's place is read, and the reply
    and what it changes (place, opt-out) are written, and the first answer to commit wins, so a
    retry - even one racing the first request, or one after a crash - gets a real reply and
    never moves MORE twice. Without a database the texter still gets an answer from content,
    with a note that the line cannot remember their place."""
    line = _line()
    outage = current_app.extensions["outage"]
    sid = request.form.get("MessageSid") or request.form.get("SmsSid") or ""
    address = request.form.get("From", "")
    key = line.identity.key(address)
    first = line.first_language(request.form.get("To", ""))
    body = request.form.get("Body", "")[:MAX_BODY]
    channel = channel_of(address)
    fresh = True  # False for a Twilio retry of a message already answered: counted once
    effects.settle(line)
    try:
        with line.store.writing() as conn:
            turn = line.texting.answer(_facts(key, first, body, conn))
            out = str(render(turn, channel))

            def remember(c) -> None:
                effects.apply_all(turn.effects, Scene(line, c, address))

            if sid:
                out, fresh = line.store.answer_message(sid, out, remember, conn=conn)
            else:
                remember(conn)
        outage.ok()
        remembered = True
    except SQLAlchemyError as exc:
        outage.failed("text line", exc)
        remembered = False
        try:  # a database that cannot be written may still be read (a read-only file)
            facts = _facts(key, first, body, remembering=False)
        except SQLAlchemyError:
            wish = line.spool.wish(key)
            facts = TextFacts(TextState(first), body, bool(wish), remembering=False)
        turn = line.texting.answer(facts)
        effects.apply_all(turn.effects, Scene(line, None, address))  # an opt-out is spooled
        out = str(render(turn, channel))
    if turn.alarm:
        # The category only: never the words, never the number.
        log.warning("text safety reply: %s%s", "+".join(turn.alarm), "" if turn.sent else " (opted out: not sent)")
    if fresh:
        usage.text_turn(line, channel, turn, body)
    log.info(
        "text in: channel=%s lang=%s topic=%s replies=%d media=%d opt_out=%s%s",
        channel,
        turn.state.language,
        turn.topic,
        len(turn.replies),
        len(turn.media),
        turn.opt_out,
        "" if remembered else " (not remembered)",
    )
    return Response(out, mimetype="text/xml")


def render(turn: TextTurn, channel: str) -> MessagingResponse:
    """Replies as <Message>s; LISTEN's audio as <Media> with the text as its caption."""
    resp = MessagingResponse()
    replies = list(turn.replies)
    urls = [_line().audio_url(snippet, kind="web") for snippet in turn.media]
    if turn.media and replies and all(urls):
        caption = replies.pop(0)
        # WhatsApp carries one file per message; MMS several in one. The words (with the next
        # step) ride on the last message, so they arrive after the sound.
        groups = [[u] for u in urls] if channel == "whatsapp" else [urls]
        for i, group in enumerate(groups):
            message = Message()
            if i == len(groups) - 1:
                message.body(caption)
            for url in group:
                message.media(url)
            resp.append(message)
    elif turn.media:
        log.info("no audio file for this topic yet; sending its words")
        resp.message(_line().library.get(turn.state.language).prompt("sms_no_audio").text)
    for reply in replies:
        resp.message(reply)
    return resp


@bp.errorhandler(Exception)
def apology(exc: Exception):
    """A texter gets a short apology, never silence and never a Twilio error."""
    if isinstance(exc, HTTPException):
        return exc
    log.exception("text route failed; texter gets the apology")
    resp = MessagingResponse()
    try:
        line = _line()
        usage.apology(line, channel_of(request.form.get("From", "")), None)
        key = line.identity.key(request.form.get("From", ""))
        wish = line.spool.wish(key)
        if not (line.store.is_opted_out(key) if wish is None else wish):
            resp.message(line.library.get(None).prompt("sms_error").text)
    except Exception:
        log.exception("apology failed too")
    return xml(resp)
