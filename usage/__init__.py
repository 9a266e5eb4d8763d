"""Usage counts for the people who run the line: events, not people; best effort, never in the way.

The webhooks call the functions below, one line per event (flows/voice.py, flows/sms.py,
delivery/outbox.py). Each one only queues events in memory (usage/recorder.py) and swallows its own
errors: counting can fail, a call or a text cannot fail because of it.
"""

from __future__ import annotations

import functools
import logging

from usage import events as ev
from usage.recorder import Recorder

log = logging.getLogger(__name__)

__all__ = ["Recorder", "apology", "call_end", "call_step", "init_app", "outbox", "person", "speech", "text_turn"]


def init_app(app) -> Recorder:
    config = app.config
    line = app.extensions["line"]
    recorder = Recorder(
        line.store.engine,
        config["HASH_SECRET"],
        retention_days=config["USAGE_RETENTION_DAYS"],
        keep_unmatched_days=config["KEEP_UNMATCHED_DAYS"],
    )
    line.usage = recorder
    app.extensions["usage"] = recorder
    if not config.get("TESTING"):
        recorder.start()  # tests read after recorder.flush(); a server writes in the background
    from usage import report

    report.register(app)
    return recorder


def _best_effort(fn):
    """Run with the line's recorder; a line without one records nothing; an error is only logged."""

    @functools.wraps(fn)
    def hook(line, *args, **kwargs) -> None:
        recorder = getattr(line, "usage", None)
        if recorder is None:
            return
        try:
            fn(line, recorder, *args, **kwargs)
        except Exception:
            log.exception("usage: %s not recorded (the line goes on)", fn.__name__)

    return hook


@_best_effort
def call_step(line, recorder: Recorder, call_sid: str, turn) -> None:
    """Every voice answer: where the caller is, the topic shown, key 0, crisis words answered."""
    recorder.add(ev.call_step(turn, recorder.call_key(call_sid)))


@_best_effort
def speech(line, recorder: Recorder, turn, words: str) -> None:
    """Words said on a call: the Turn's outcome (and, when kept, the words it did not place)."""
    recorder.add(ev.speech(turn))
    if turn.outcome in ev.UNMATCHED_OUTCOMES and words.strip():
        recorder.unmatched("voice", turn.lang or "", turn.outcome, words)


@_best_effort
def person(line, recorder: Recorder, lang: str, dial_status: str) -> None:
    """How the person line answered after key 0 (Twilio's DialCallStatus)."""
    recorder.add([ev.Event("person", "voice", lang, (dial_status or "unknown")[:20])])


@_best_effort
def call_end(line, recorder: Recorder, call_sid: str, status: str, seconds: int | None) -> None:
    recorder.add([ev.Event("call_end", "voice", "", status or "unknown", seconds, recorder.call_key(call_sid))])


@_best_effort
def text_turn(line, recorder: Recorder, channel: str, turn, body: str) -> None:
    """One text in: its outcome, a new conversation, the topic sent, crisis categories; unmatched words."""
    recorder.add(ev.text_turn(turn, channel))
    if turn.outcome in ev.UNMATCHED_OUTCOMES and body.strip():
        recorder.unmatched(channel, turn.state.language, turn.outcome, body)


@_best_effort
def outbox(line, recorder: Recorder, outcome: str, lang: str = "", count: int = 1) -> None:
    """A text the line sends on its own: queued, sent, retry, unsure, failed, opted_out, fictional."""
    recorder.add([ev.Event("outbox", "outbox", lang, outcome)] * count)


@_best_effort
def apology(line, recorder: Recorder, channel: str, lang: str | None) -> None:
    recorder.add([ev.Event("apology", channel, lang or "")])
