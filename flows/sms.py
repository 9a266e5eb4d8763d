"""The text line: Twilio message webhooks in (SMS, MMS, WhatsApp), TwiML <Message>s out.

HTTP only: the words come from flows/text_navigator.py. Here: the signature, one answer per
MessageSid (written with its changes in one transaction, so a retry never advances MORE twice),
opt-outs (nothing is ever sent to an opted-out number), the texter's place in the store, audio
as <Media>, and answers without the database when it fails.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from flask import Blueprint, Response, current_app, request
from sqlalchemy.exc import SQLAlchemyError
from twilio.twiml.messaging_response import Message, MessagingResponse
from werkzeug.exceptions import HTTPException

import usage
from content.model import ROOT_ID
from flows.text_navigator import TextState, TextTurn
from flows.twilio_auth import signed

log = logging.getLogger(__name__)
bp = Blueprint("sms", __name__)

MAX_BODY = 1600  # Twilio's limit; anything longer did not come from Twilio


def _line():
    return current_app.extensions["line"]


def xml(resp: MessagingResponse) -> Response:
    return Response(str(resp), mimetype="text/xml")


def channel_of(address: str) -> str:
    return "whatsapp" if address.strip().lower().startswith("whatsapp:") else "sms"


CHOICES_MARK = "?"  # sms_menu holds "<menu>?<choice>|<choice>" while a "did you mean" waits for a number


def _state_for(key: str, first: str, conn=None) -> tuple[TextState, bool]:
    """The texter's place; a new texter starts in the line number's language (`first`)."""
    line = _line()
    saved = line.store.text_state(key, line.memory, conn=conn)
    language = saved.language if saved.language in line.library.languages else first
    menu, _, choices = (saved.menu or ROOT_ID).partition(CHOICES_MARK)
    state = TextState(
        language,
        saved.node,
        saved.page,
        menu or ROOT_ID,
        new=saved.language is None,
        choices=tuple(filter(None, choices.split("|"))),
    )
    return state, saved.opted_out


def _menu_field(state: TextState) -> str:
    return state.menu + (CHOICES_MARK + "|".join(state.choices) if state.choices else "")


@dataclass(frozen=True)
class _Answer:
    """What a message gets: the turn (with nothing to send to an opted-out number) and whether
    anything is sent."""

    state: TextState  # the place the message arrived in
    turn: TextTurn
    sent: bool  # False: an opted-out number gets nothing (Twilio would refuse it: error 21610)


def _answer(state: TextState, opted_out: bool, body: str) -> _Answer:
    turn = _line().texting.handle(state, body)
    farewell = turn.farewell and not opted_out  # the goodbye to a stop wish, once, if we may still send
    sent = farewell or not (opted_out if turn.opt_out is None else turn.opt_out)
    if not sent:
        turn = replace(turn, replies=(), media=())
    return _Answer(state, turn, sent)


def _write(key: str, answer: _Answer, conn) -> None:
    """What a message changes: the opt-out, and the texter's place (not an opted-out one's)."""
    store = _line().store
    turn = answer.turn
    if turn.opt_out is not None:
        store.set_opt_out(key, turn.opt_out, conn=conn)
    if answer.sent:
        s = turn.state
        store.save_text_state(key, s.language, s.node, s.page, _menu_field(s), conn=conn)


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
    try:
        with line.store.writing() as conn:
            answer = _answer(*_state_for(key, first, conn), body)
            out = str(render(answer.turn, channel))
            if sid:
                out, fresh = line.store.answer_message(sid, out, lambda c: _write(key, answer, c), conn=conn)
            else:
                _write(key, answer, conn)
        outage.ok()
        remembered = True
    except SQLAlchemyError as exc:
        outage.failed("text line", exc)
        remembered = False
        try:  # a database that cannot be written may still be read (a read-only file)
            state, opted_out = _state_for(key, first)
        except SQLAlchemyError:
            state, opted_out = TextState(first, None, 0, ROOT_ID), False
        answer = _answer(state, opted_out, body)
        out = str(render(_without_memory(answer.turn), channel))
    turn = answer.turn
    if turn.alarm:
        # The category only: never the words, never the number.
        log.warning("text safety reply: %s%s", "+".join(turn.alarm), "" if answer.sent else " (opted out: not sent)")
    if fresh:
        usage.text_turn(line, channel, answer.state, turn, body, sent=answer.sent)
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


def _without_memory(turn: TextTurn) -> TextTurn:
    """The same answer, led by a short note that the line cannot remember the texter's place
    (in the first reply when it fits the budget, else a text of its own)."""
    if not turn.replies:
        return turn
    line = _line()
    lang = line.library.get(turn.state.language)
    note = lang.prompt("sms_no_memory").text
    return replace(turn, replies=line.texting.pack(lang, note, turn.replies[0]) + turn.replies[1:])


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
        if not line.store.is_opted_out(line.identity.key(request.form.get("From", ""))):
            resp.message(line.library.get(None).prompt("sms_error").text)
    except Exception:
        log.exception("apology failed too")
    return xml(resp)
