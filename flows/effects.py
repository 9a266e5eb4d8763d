"""The edges: a Turn's effects (navigation/turn.py) applied to the store, the outbox and the spool.

As goflow's engine returns events that its edges apply, a navigator returns typed effects and
the route hands them here, with the webhook's transaction (`Scene.conn`). Each kind of effect
has one applier below, which also says what it does while the database is down (conn None):
an opt-out is spooled on this machine (flows/spool.py); what can wait is dropped. A new kind of
effect is a new dataclass in navigation/turn.py and one `@apply.register` here; no route changes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, singledispatch
from typing import TYPE_CHECKING

from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from delivery import outbox
from flows.spool import KEY
from navigation.turn import (
    Effect,
    NoteHeard,
    OptOut,
    QueueText,
    RememberLanguage,
    RememberPace,
    RememberPlace,
    RememberRelation,
    SaveTextPlace,
    WantRecap,
)
from phone_numbers import is_phone_number

if TYPE_CHECKING:
    from flows.line import Line

log = logging.getLogger(__name__)


@dataclass
class Scene:
    """Where effects land: the line, the webhook's transaction (None while the database is down),
    and who the request is from (Twilio's From: never stored, only its keyed hash)."""

    line: Line
    conn: Connection | None
    address: str = ""
    call_sid: str = ""

    @cached_property
    def key(self) -> str:
        return self.line.identity.key(self.address)

    @property
    def remembers_caller(self) -> bool:
        """Whether what this person chose can be kept for next time: a hidden number cannot be
        remembered, and without the database nothing is kept (the next call or text asks again)."""
        return self.conn is not None and is_phone_number(self.address)


def apply_all(effects: Iterable[Effect], scene: Scene) -> None:
    for effect in effects:
        apply(effect, scene)


@singledispatch
def apply(effect: Effect, scene: Scene) -> None:
    raise TypeError(f"no edge applies {type(effect).__name__}: register one in flows/effects.py")


@apply.register
def _remember_language(effect: RememberLanguage, scene: Scene) -> None:
    if scene.remembers_caller:
        scene.line.store.remember_voice_language(scene.key, effect.code, conn=scene.conn)


@apply.register
def _remember_pace(effect: RememberPace, scene: Scene) -> None:
    if scene.remembers_caller:
        scene.line.store.remember_voice_pace(scene.key, effect.pace, conn=scene.conn)


@apply.register
def _remember_place(effect: RememberPlace, scene: Scene) -> None:
    if scene.remembers_caller:
        scene.line.store.remember_voice_place(scene.key, effect.lang, effect.node, effect.part, conn=scene.conn)


@apply.register
def _remember_relation(effect: RememberRelation, scene: Scene) -> None:
    # Only the category, under the number's keyed hash.
    if scene.remembers_caller:
        scene.line.store.remember_relation(scene.key, effect.relation, conn=scene.conn)


@apply.register
def _note_heard(effect: NoteHeard, scene: Scene) -> None:
    # Kept on the call's row (no number); without the database the recap leaves the topic out.
    if scene.conn is not None and scene.call_sid:
        scene.line.store.note_heard(scene.call_sid, effect.node, conn=scene.conn)


@apply.register
def _want_recap(effect: WantRecap, scene: Scene) -> None:
    # The text itself is queued when the call ends (flows/voice.py call_status), once per call.
    if scene.conn is not None and scene.call_sid:
        scene.line.store.want_recap(scene.call_sid, effect.lang, conn=scene.conn)


@apply.register
def _queue_text(effect: QueueText, scene: Scene) -> None:
    # Twilio may deliver the same key press twice: one text per call and place (the outbox's
    # idempotency key). The navigator asks for this only while the database answers.
    if scene.conn is None:
        return
    request_key = f"call:{scene.call_sid}:after:{effect.part}" if scene.call_sid else None
    outbox.queue_topic(scene.line, scene.address, effect.lang, effect.node, request_key, conn=scene.conn)


@apply.register
def _opt_out(effect: OptOut, scene: Scene) -> None:
    if scene.conn is not None:
        scene.line.store.set_opt_out(scene.key, effect.on, conn=scene.conn)
    elif KEY.match(scene.key):  # never lost: kept on this machine until the database is back
        scene.line.spool.add(scene.key, effect.on)


@apply.register
def _save_text_place(effect: SaveTextPlace, scene: Scene) -> None:
    if scene.conn is not None:
        s = effect.state
        scene.line.store.save_text_state(scene.key, s.language, s.node, s.page, s.menu_field, conn=scene.conn)


def settle(line: Line) -> None:
    """Before a webhook's own transaction: opt-outs spooled during an outage (by any process),
    written now if the database answers, so they come before what this message changes. Cheap
    when nothing waits (two stat calls); while opt-outs wait and the database is still down it
    is one more failing try a webhook (a refused connection fails at once)."""
    try:
        written = line.spool.settle(line.store)
    except SQLAlchemyError:
        return  # still down: the webhook answers without the database, and logs it
    if written:
        log.warning("database back: %d opt-out(s) kept during the outage written", written)
