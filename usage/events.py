"""What a step of a call or a text turn counts as: pure, no database, no Flask.

Events count things, not people: a call's steps are linked by a keyed hash of its CallSid (to
find how far it got and where it ended), and nothing else links two events. What happened is
read from a navigator's Turn (navigation/turn.py: its place, action, alarm and outcome), never from
the words of a reply; nothing here imports the flows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from content.model import ROOT_ID

# Kinds of raw event (usage_events.kind) and what `detail` holds for each.
KINDS = {
    "call_step": "where the caller is after a step: welcome, main menu, topic, part N, person, goodbye",
    "call_topic": "a topic shown on a call (topic id); counted once per call",
    "call_end": "how the call ended (Twilio CallStatus); value = seconds",
    "speech": "words said on a call: understood, did_you_mean, not_understood, outside, crisis",
    "control": "a listening control on a call: slower, faster, wait, resume (went on from the last call), recap (yes)",
    "person": "key 0: asked, then how the person line answered (completed, busy, no-answer, failed...)",
    "text": "a text turn: understood, did_you_mean, not_understood, outside, crisis, opt_out, opt_in",
    "conversation": "a texter's first message, or the first after SMS_STATE_TTL_HOURS of quiet",
    "topic": "a topic's first page sent by text (topic id)",
    "crisis": "a crisis reply, by category: emergency, overdose, self_harm",
    "outbox": "a text the line sends on its own: queued, sent, retry, unsure, failed, opted_out, fictional",
    "apology": "something broke and the person got the apology",
}
TEXT_OUTCOMES = ("understood", "did_you_mean", "not_understood", "outside", "crisis", "opt_out", "opt_in")
# "outside" too: a question the line turned away is where a centre finds one it should have answered.
UNMATCHED_OUTCOMES = ("not_understood", "did_you_mean", "outside")
UNMATCHED_MAX_CHARS = 300

# The funnel of a call: how far it got. "part N" ranks above "topic" and grows with N.
STAGES = ("welcome", "main menu", "topic")
# Where a call can be when it ends: the stages, parts, and these.
ELSEWHERE = ("person", "goodbye")


@dataclass(frozen=True)
class Event:
    kind: str
    channel: str
    language: str = ""
    detail: str = ""
    value: int | None = None
    call: str | None = None


def rank(stage: str) -> int | None:
    """welcome 0, main menu 1, topic 2, part 1 -> 3, part 2 -> 4...; None for person/goodbye."""
    if stage in STAGES:
        return STAGES.index(stage)
    if stage.startswith("part ") and stage[5:].isdigit():
        return len(STAGES) - 1 + int(stage[5:])
    return None


def stage_at(position: int) -> str:
    return STAGES[position] if position < len(STAGES) else f"part {position - len(STAGES) + 1}"


def where(turn) -> str:
    """Where a caller is after this turn (a voice Turn, navigation/turn.py)."""
    if turn.place is None:
        return "goodbye"  # the line ended the call (silences, or after talking with a person)
    if turn.action == "dial":
        return "person"
    place = turn.place
    if place.opening:
        return "welcome"
    if place.screen == "menu":
        return "main menu" if place.node == ROOT_ID else "topic"
    return f"part {place.part + 1}"  # hearing a part, or its options after it


def call_step(turn, call: str) -> list[Event]:
    lang = turn.lang or ""
    out = [Event("call_step", "voice", lang, where(turn), call=call)]
    if turn.place is not None and turn.place.node != ROOT_ID and not turn.place.opening:
        out.append(Event("call_topic", "voice", lang, turn.place.node, call=call))
    if turn.action == "dial":
        out.append(Event("person", "voice", lang, "asked"))
    if turn.control:
        out.append(Event("control", "voice", lang, turn.control))
    out += [Event("crisis", "voice", lang, category) for category in turn.alarm]
    return out


def speech(turn) -> list[Event]:
    """Words said on a call: what became of them (none for a key press or silence)."""
    if not turn.outcome:
        return []
    return [Event("speech", "voice", turn.lang or "", turn.outcome)]


def text_turn(turn, channel: str) -> list[Event]:
    """A text turn (navigation/turn.py TextTurn): its outcome, a new conversation, the topic sent, crises."""
    lang = turn.state.language
    out = [Event("text", channel, lang, turn.outcome)]
    if turn.first_message:
        out.append(Event("conversation", channel, lang))
    # A topic counts when its first page goes out: not for MORE (page 2...), not for LISTEN.
    if turn.topic and turn.state.page == 1 and not turn.media and turn.replies:
        out.append(Event("topic", channel, lang, turn.topic))
    out += [Event("crisis", channel, lang, category) for category in turn.alarm]
    return out


EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
DIGIT = re.compile(r"\d")


def masked(words: str) -> str:
    """What may be kept of unmatched words: every digit becomes #, an email address [email]."""
    text = DIGIT.sub("#", EMAIL.sub("[email]", " ".join(words.split())))
    return text[:UNMATCHED_MAX_CHARS]
