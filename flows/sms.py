"""The text line: Twilio message webhooks in (SMS, MMS, WhatsApp), TwiML <Message>s out.

HTTP only: the words come from flows/text_navigator.py. Here: the signature, one answer per
MessageSid (written with its changes in one transaction, so a retry never advances MORE twice),
opt-outs (nothing is ever sent to an opted-out number), the texter's place in the store, audio
as <Media>, and answers without the database when it fails.
"""

from __future__ import annotations

import logging
from dataclasses import replace

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


def _state_for(key: str, first: str) -> tuple[TextState, bool]:
    """The texter's place; a new texter starts in the line number's language (`first`)."""
    line = _line()
    saved = line.store.text_state(key, line.memory)
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


@bp.post("/sms")
@signed
def incoming_message():
    """One answer per MessageSid: the reply and what it changes (place, opt-out) are written in
    one transaction, and the first to commit wins, so a retry - even one racing the first
    request, or one after a crash - gets a real reply and never moves MORE twice. Without a
    database the texter still gets an answer from content, with a note that the line cannot
    remember their place."""
    line = _line()
    outage = current_app.extensions["outage"]
    sid = request.form.get("MessageSid") or request.form.get("SmsSid") or ""
    address = request.form.get("From", "")
    key = line.identity.key(address)
    first = line.first_language(request.form.get("To", ""))
    remembered = True
    try:
        # A retry is found when its answer is written (answer_message): the first answer wins.
        state, opted_out = _state_for(key, first)
    except SQLAlchemyError as exc:
        outage.failed("text line read", exc)
        remembered, opted_out = False, False
        state = TextState(first, None, 0, ROOT_ID)
    turn = line.texting.handle(state, request.form.get("Body", "")[:MAX_BODY])
    farewell = turn.farewell and not opted_out  # the goodbye to a stop wish, once, if we may still send
    if turn.opt_out is not None:
        opted_out = turn.opt_out
    if turn.alarm:
        # The category only: never the words, never the number.
        log.warning("text safety reply: %s%s", "+".join(turn.alarm), " (opted out: not sent)" if opted_out else "")
    if opted_out and not farewell:
        # Nothing is ever sent to an opted-out number (Twilio would refuse it too: error 21610).
        turn = replace(turn, replies=(), media=())

    def write(conn) -> None:
        if turn.opt_out is not None:
            line.store.set_opt_out(key, turn.opt_out, conn=conn)
        if not opted_out or farewell:
            s = turn.state
            line.store.save_text_state(key, s.language, s.node, s.page, _menu_field(s), conn=conn)

    channel = channel_of(address)
    out = str(render(turn, channel))
    fresh = True  # False for a Twilio retry of a message already answered: counted once
    if remembered:
        try:
            if sid:
                out, fresh = line.store.answer_message(sid, out, write)
            else:
                with line.store.writing() as conn:
                    write(conn)
            outage.ok()
        except SQLAlchemyError as exc:
            outage.failed("text line write", exc)
            remembered = False
    if not remembered:
        out = str(render(_without_memory(turn), channel))
    if fresh:
        body = request.form.get("Body", "")[:MAX_BODY]
        usage.text_turn(line, channel, state, turn, body, sent=not opted_out or farewell)
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
