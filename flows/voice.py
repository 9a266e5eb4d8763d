"""The voice line: Twilio webhooks in, TwiML out. Turns from the navigator become <Gather>s.

One way through every step: read the facts (the place from the URL, what was pressed or said,
in one transaction the remembered language and whether a text can reach this phone) -> the
navigator decides once (navigation/voice_navigator.py: CallFacts -> Turn) -> its effects are applied
in the same transaction (flows/effects.py) -> the Turn is rendered -> usage counts its outcome.
State travels in the URL path - /voice/<lang>/<screen>/<node>/<part>/<tries>/... - so any
worker can answer any request and nothing lives in process memory.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import TypeVar

from flask import Blueprint, Response, current_app, request
from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError
from twilio.twiml.voice_response import Gather, VoiceResponse
from werkzeug.exceptions import HTTPException

import usage
from content.model import AFTER_PART_COMMANDS, ROOT_ID, Snippet, depth
from database.store import VoiceMemory
from delivery import outbox
from flows import effects
from flows.effects import Scene
from flows.twilio_auth import signed
from navigation.turn import NORMAL, PACES, SCREENS, SLOW, CallFacts, Input, Place, Turn
from navigation.voice_navigator import MAX_PAUSE_ROUNDS, MAX_SILENT_TRIES
from phone_numbers import is_phone_number

log = logging.getLogger(__name__)
bp = Blueprint("voice", __name__)
T = TypeVar("T")

GATHER_TIMEOUT_S = 8  # low-literacy callers need longer than Twilio's 5 s default
LANGUAGE_TIMEOUT_S = 3  # after the offers: most callers keep their language, don't hold them long
# An opening that goes on by itself (Turn.then: the shared number's, and a known caller's) has
# said its offers already; it waits the least Twilio allows before the welcome or menu.
GO_ON_TIMEOUT_S = 1
DIAL_TIMEOUT_S = 30
# "Wait": each round of quiet is a <Pause> inside a keys-only <Gather> (talk in the room does not
# end it), then the Gather's own timeout; MAX_PAUSE_ROUNDS rounds, then back where the caller was.
PAUSE_S = 55
PAUSE_TIMEOUT_S = 5
SLOW_SAY_RATE = "80%"  # <Say> at the slow pace when there is no slow file: 0.8x the words per minute
MAX_HINTS = 400  # Twilio allows 500 hints of <= 100 characters
# Only if the content itself cannot be read: everything else a caller hears lives in content/.
# Both languages, each with the emergency number, in that language's voice (issue 22 must-fix 7).
LAST_RESORT = (
    ("Sorry, something went wrong. In an emergency, call {emergency}. Please call back soon.", "en-US"),
    ("Lo sentimos, algo salió mal. En una emergencia, llame al {emergency}. Llame otra vez pronto.", "es-US"),
)


def _line():
    return current_app.extensions["line"]


CHOICE_SEP = "~"  # a "did you mean" keeps its choices after the node: /voice/en/choose/root~cure~cure.outlook/...


def place_path(
    place: Place,
    tries: int,
    leaf: str,
    pace: str = NORMAL,
    repeated: bool = False,
    paused: int = 0,
    recap: str = "",
    went_on: bool = False,
) -> str:
    """The call's state as a URL. What holds for the call rather than the place - the pace, a
    repeat just made, a pause's rounds - rides in the query, only when not the default, so URLs
    from before it (and the usual pace) stay as they were."""
    node = CHOICE_SEP.join((place.node, *place.choices))
    path = f"/voice/{place.lang}/{place.screen}/{node}/{place.part}/{tries}/{leaf}"
    query = [f"pace={pace}"] if pace != NORMAL else []
    query += ["again=1"] if repeated else []
    query += [f"wait={paused}"] if paused else []
    query += [f"recap={recap}"] if recap else []
    query += ["went_on=1"] if went_on else []
    return path + ("?" + "&".join(query) if query else "")


def turn_path(turn: Turn, leaf: str) -> str:
    return place_path(turn.place, turn.tries, leaf, turn.pace or NORMAL, turn.repeated, turn.paused, turn.recap or "")


RECAP_STATES = ("offered", "yes")


def _call_state() -> tuple[str, bool, int, str]:
    """The query of place_path, read back; anything else is the default."""
    pace = request.args.get("pace", NORMAL)
    wait = request.args.get("wait", "0")
    paused = min(int(wait), MAX_PAUSE_ROUNDS) if wait.isdigit() else 0
    recap = request.args.get("recap", "")
    return (
        pace if pace in PACES else NORMAL,
        request.args.get("again") == "1",
        paused,
        recap if recap in RECAP_STATES else "",
    )


def xml(resp: VoiceResponse) -> Response:
    return Response(str(resp), mimetype="text/xml")


# -- rendering ---------------------------------------------------------------------------------
def _speak(target, snippet: Snippet, pace: str = NORMAL) -> None:
    """<Play> the rendered or recorded file at the call's pace when there is one, else <Say> in
    the snippet's voice (slow: SSML prosody at 0.8x)."""
    line = _line()
    audio = line.audio_url(snippet, "phone", pace) if current_app.config["VOICE_PROMPTS"] == "audio" else None
    if audio:
        target.play(audio)
        return
    settings = line.library.get(snippet.lang).voice
    if pace == SLOW:
        say = target.say(voice=settings.say_voice, language=settings.say_language)
        say.prosody(snippet.voice, rate=SLOW_SAY_RATE)
        return
    target.say(snippet.voice, voice=settings.say_voice, language=settings.say_language)


def _hints(place: Place) -> str:
    lang = _line().library.get(place.lang)
    node = lang.node(place.node) or lang.root
    phrases: list[str] = []
    if place.opening:
        for other in _line().library.languages.values():
            phrases += other.speech["language"]
        for child in lang.root.children:  # a topic said at the first prompt goes straight there
            phrases += [child.title, *child.keywords]
    elif place.screen == "choose":
        for choice in filter(None, (lang.node(c) for c in place.choices)):
            phrases += [choice.title, *choice.keywords]
        phrases += list(lang.words.get("numbers", ()))[: len(place.choices)]
    else:
        for child in node.children:
            phrases += [child.title, *child.keywords]
        for command, words in lang.speech.items():
            if command != "language" and (command not in AFTER_PART_COMMANDS or place.after_part):
                phrases += words
    unique = list(dict.fromkeys(p[:100] for p in phrases if p))
    return ",".join(unique[:MAX_HINTS])


def render(turn: Turn) -> VoiceResponse:
    resp = VoiceResponse()
    pace = turn.pace or NORMAL
    if turn.place is None:
        for snippet in turn.say:
            _speak(resp, snippet, pace)
        resp.hangup()
        return resp
    if turn.action == "dial":
        for snippet in turn.say:
            _speak(resp, snippet, pace)
        action = place_path(turn.place, 0, "dialed", pace, recap=turn.recap or "")
        dial = resp.dial(action=action, method="POST", timeout=DIAL_TIMEOUT_S)
        dial.number(current_app.config["HELPLINE_NUMBER"])
        return resp
    action = turn_path(turn, "input")
    if turn.paused:
        # Taking their time: keys only, so talk in the room does not end it; quiet comes back here.
        gather = Gather(
            input="dtmf", num_digits=1, finish_on_key="", timeout=PAUSE_TIMEOUT_S, action=action, method="POST"
        )
        for snippet in turn.say:
            _speak(gather, snippet, pace)
        gather.pause(length=PAUSE_S)
        resp.append(gather)
        resp.redirect(action, method="POST")
        return resp
    resp.append(_gather(turn, action, pace))
    if turn.then is not None:
        # An opening that goes on by itself: quiet runs the welcome and menu of this same answer.
        action = place_path(turn.then.place, turn.then.tries, "input", pace, recap=turn.recap or "", went_on=True)
        resp.append(_gather(turn.then, action, pace))
    # Silence: Twilio skips the action and runs the next verb. Never leave it without one.
    resp.redirect(action, method="POST")
    return resp


def _gather(turn: Turn, action: str, pace: str) -> Gather:
    """The turn's prompts nested in a <Gather> for keys and speech, so a key interrupts them."""
    lang = _line().library.get(turn.place.lang)
    gather = Gather(
        input="dtmf speech",
        num_digits=1,
        # Twilio's default finish key is "#": pressed alone it counts as no input at all, and
        # "#" is the main-menu key here. No finish key: with one digit, none is needed.
        finish_on_key="",
        timeout=_timeout(turn),
        action=action,
        method="POST",
        language=lang.voice.speech_language,
        hints=_hints(turn.place),
        speech_timeout="auto",
    )
    for snippet in turn.say:
        _speak(gather, snippet, pace)  # nested, so a key press interrupts (barge-in)
    return gather


def _timeout(turn: Turn) -> int:
    """Seconds of quiet after the prompts before the line goes on. At a known opening the offer
    to go on (if any) comes before the other language's offer, which gives the caller its length
    to press, then GO_ON_TIMEOUT_S."""
    if turn.then is not None:
        return GO_ON_TIMEOUT_S
    return LANGUAGE_TIMEOUT_S if turn.place.opening else GATHER_TIMEOUT_S


# -- routes ------------------------------------------------------------------------------------
def _place_from_path(lang: str, screen: str, node: str, part: int) -> Place:
    library = _line().library
    code = lang if lang in library.languages else library.default
    language = library.get(code)
    node, *choices = node.split(CHOICE_SEP)
    node = node if language.node(node) else ROOT_ID
    choices = tuple(c for c in choices if language.node(c))[:3]
    screen = screen if screen in SCREENS else "menu"
    if screen == "choose" and not choices:
        screen = "menu"  # a did-you-mean with nothing left to offer: the menu
    return Place(code, screen, node, max(part, 0), choices if screen == "choose" else ())


def _in_one_transaction(step: Callable[[Connection | None], T], what: str) -> T:
    """A voice step's reads and writes in one transaction (one connection, one commit: the
    webhook answers sooner). Best effort: voice state lives in the URL, so when the database
    cannot be used `step(None)` answers without it and the failure is logged once. `step` must
    leave nothing behind but database writes: it may run a second time, without the database."""
    outage = current_app.extensions["outage"]
    effects.settle(_line())
    try:
        with _line().store.writing() as conn:
            done = step(conn)
    except SQLAlchemyError as exc:
        outage.failed(what, exc)
        return step(None)
    outage.ok()
    return done


def _respond(read: Callable[[Connection | None], CallFacts], what: str = "voice step") -> Response:
    """One step, one way: read the facts (in the transaction, or without the database), let the
    navigator decide once, apply the Turn's effects and note the call's step in the same
    transaction, then count and render."""
    line = _line()
    sid = request.form.get("CallSid", "")
    retry = _retry_key()
    facts = None

    def step(conn: Connection | None) -> tuple[Turn, str, bool]:
        nonlocal facts
        facts = read(conn)
        turn = line.navigator.step(facts)
        effects.apply_all(turn.effects, Scene(line, conn, request.form.get("From", ""), sid))
        if conn is not None and sid:
            line.store.note_call(sid, turn.lang, turn.node_reached, depth(turn.node_reached), conn=conn)
        out = str(render(turn))
        if conn is not None and retry:
            # Twilio re-delivered this request: the first answer's TwiML again, and its writes
            # (effects, the call's step) rolled back, so nothing is done or counted twice.
            out, fresh = line.store.answer_message(retry, out, conn=conn)
            return turn, out, fresh
        return turn, out, True

    turn, out, fresh = _in_one_transaction(step, what)
    if fresh:
        usage.call_step(line, sid, turn)
        usage.speech(line, turn, facts.said.speech)
        if turn.alarm:
            log.warning("voice safety reply: %s", ",".join(turn.alarm))  # the category only, never the words
    return Response(out, mimetype="text/xml")


def _retry_key() -> str | None:
    """Twilio marks a re-delivered webhook with the same I-Twilio-Idempotency-Token; kept (hashed
    to MessageSid size) beside the MessageSids the text line already de-duplicates."""
    token = request.headers.get("I-Twilio-Idempotency-Token", "")
    return "VC" + hashlib.sha256(token.encode()).hexdigest()[:32] if token else None


def _remembered(caller: str, conn: Connection | None) -> VoiceMemory:
    """What the line keeps of this number: language, pace, the part last heard. Without a
    transaction (the database cannot be written: a read-only file) a plain read is still tried;
    without that either, the caller is offered the language choice, as a new caller is."""
    if not is_phone_number(caller):
        return VoiceMemory()
    line = _line()
    key = line.identity.key(caller)
    if conn is not None:
        return line.store.voice_memory(key, line.memory, conn=conn)
    try:
        return line.store.voice_memory(key, line.memory)
    except SQLAlchemyError:
        return VoiceMemory()


def _relation(caller: str, conn: Connection | None) -> str | None:
    """Who this number asked about by text or on an earlier call ("mom"): the menus offer the care
    topics first. Only inside the webhook's transaction; without it the call goes on without."""
    if conn is None or not is_phone_number(caller):
        return None
    line = _line()
    return line.store.relation(line.identity.key(caller), line.memory, conn=conn)


@bp.post("/voice")
@signed
def incoming_call():
    line = _line()
    caller = request.form.get("From", "")
    first = line.first_language(request.form.get("To", ""))

    def read(conn: Connection | None) -> CallFacts:
        known = _remembered(caller, conn)
        resume = (known.node, known.part or 0) if known.node else None
        return CallFacts(known_language=known.language, first_language=first, known_pace=known.pace, resume=resume)

    return _respond(read, "voice call")


@bp.post("/voice/<lang>/<screen>/<path:node>/<int:part>/<int:tries>/input")
@signed
def caller_input(lang: str, screen: str, node: str, part: int, tries: int):
    line = _line()
    place = _place_from_path(lang, screen, node, part)
    caller = request.form.get("From", "")
    said = Input(
        digits=request.form.get("Digits", "").strip(),
        speech=request.form.get("SpeechResult", ""),
        confidence=_confidence(request.form.get("Confidence")),
    )
    pace, repeated, paused, recap = _call_state()
    went_on = request.args.get("went_on") == "1"

    def read(conn: Connection | None) -> CallFacts:
        return CallFacts(
            place,
            said,
            min(tries, MAX_SILENT_TRIES),
            can_text=conn is not None and outbox.can_text(line, caller, conn=conn),
            remembering=conn is not None,
            pace=pace,
            repeated=repeated,
            paused=paused,
            recap=recap,
            relation=_relation(caller, conn),
            went_on=went_on,
        )

    return _respond(read)


@bp.post("/voice/<lang>/<screen>/<path:node>/<int:part>/<int:tries>/dialed")
@signed
def dialed(lang: str, screen: str, node: str, part: int, tries: int):
    """After <Dial>: the navigator decides from how the person line answered."""
    place = _place_from_path(lang, screen, node, part)
    status = request.form.get("DialCallStatus", "")
    usage.person(_line(), place.lang, status)
    pace, _, _, recap = _call_state()
    return _respond(lambda conn: CallFacts(place, dial_status=status, pace=pace, recap=recap), "voice dial")


@bp.post("/voice/status")
@signed
def call_status():
    """Status callback: record how the call ended, without any phone number. Idempotent."""
    sid = request.form.get("CallSid", "")
    if sid:
        duration = request.form.get("CallDuration", "")
        # A length of at most a week's seconds: 400 digits (a bad or hostile request) is no length.
        seconds = int(duration) if duration.isascii() and duration.isdigit() and len(duration) <= 6 else None
        try:
            _line().store.finish_call(sid, request.form.get("CallStatus", "")[:20], seconds)
        except SQLAlchemyError as exc:
            current_app.extensions["outage"].failed("call status", exc)
        usage.call_end(_line(), sid, request.form.get("CallStatus", "")[:20], seconds)
        if request.form.get("CallStatus") == "completed":
            _send_recap(sid, request.form.get("From", ""))
    return Response(status=204)


def _send_recap(sid: str, caller: str) -> None:
    """The recap text the caller said yes to, queued once the call has ended (the CallSid is its
    request key: a repeated callback queues nothing more); never to a withheld or opted-out
    number (outbox.queue_recap). Best effort: without the database there is no recap."""
    line = _line()
    try:
        with line.store.writing() as conn:
            lang, topics = line.store.recap(sid, conn=conn)
            if lang and topics:
                outbox.queue_recap(line, caller, lang, topics, f"call:{sid}:recap", conn=conn)
    except SQLAlchemyError as exc:
        current_app.extensions["outage"].failed("recap text", exc)


def _confidence(raw: str | None) -> float | None:
    try:
        return float(raw) if raw not in (None, "") else None
    except ValueError:
        return None


@bp.errorhandler(Exception)
def apology(exc: Exception):
    """A caller never hears Twilio's "application error": apologise, give the number, go on."""
    if isinstance(exc, HTTPException):
        return exc
    log.exception("voice route failed; caller hears the apology")
    try:
        lang = (request.view_args or {}).get("lang")
        usage.apology(_line(), "voice", lang)
        return xml(render(_line().navigator.apology(lang)))
    except Exception:
        log.exception("apology failed too")
        resp = VoiceResponse()
        emergency = current_app.config["EMERGENCY_NUMBER"]
        for words, language in LAST_RESORT:
            resp.say(words.format(emergency=emergency), language=language)
        resp.hangup()
        return xml(resp)
