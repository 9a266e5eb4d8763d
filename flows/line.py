"""The line's parts wired together once per app: content, rules, store, spool, identity, audio."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

import settings
from content.model import Library, Snippet
from database.store import Store
from flows.identity import Identity
from flows.spool import Spool
from navigation.text_navigator import TextNavigator
from navigation.voice_navigator import VoiceNavigator
from phone_numbers import bare_number
from understanding import Understanding
from understanding.embedder import Embedder

if TYPE_CHECKING:
    from usage.recorder import Recorder


@dataclass
class Line:
    library: Library
    store: Store
    identity: Identity
    navigator: VoiceNavigator
    texting: TextNavigator
    # Opt-outs kept on this machine while the database is down (flows/spool.py).
    spool: Spool
    # Set by the audio package: (snippet, kind[, pace]) -> absolute URL of its file, or None when
    # there is no current file. kind "phone" is 8 kHz mu-law WAV for <Play>; "web" is for
    # browsers, WhatsApp and MMS; pace "slow" (asked only when not "normal") the slower render.
    audio_resolver: Callable[[Snippet, str], str | None] | None = None
    # The simulator page is on: its pretend 555-01xx phones get "text me this" in its outbox
    # (queued and shown, never sent). Elsewhere such a number is offered no text.
    pretend_phones: bool = False
    # SMS_STATE_TTL_HOURS: quiet after which a texter's place and a caller's language are forgotten.
    memory: timedelta = timedelta(hours=settings.default("SMS_STATE_TTL_HOURS"))
    # LANGUAGE_BY_NUMBER: a line number of our own -> the language a new caller or texter starts in.
    language_by_number: dict[str, str] = field(default_factory=dict)
    # Set by the usage package: counts what happens (usage/recorder.py); None counts nothing.
    usage: Recorder | None = None

    @classmethod
    def build(
        cls, library: Library, store: Store, identity: Identity, spool: Spool, embedder: Embedder | None = None
    ) -> Line:
        understanding = Understanding(library, embedder)  # one for both channels: read once at start-up
        voice, text = VoiceNavigator(library, understanding), TextNavigator(library, understanding)
        return cls(library, store, identity, voice, text, spool)

    def first_language(self, our_number: str) -> str:
        """The language a new caller or texter on this line number starts in."""
        return self.language_by_number.get(bare_number(our_number), self.library.default)

    def audio_url(self, snippet: Snippet, kind: str = "phone", pace: str = "normal") -> str | None:
        """The file for a snippet; at the slow pace the build's slow file (audio.catalog.url)."""
        if not self.audio_resolver:
            return None
        return self.audio_resolver(snippet, kind) if pace == "normal" else self.audio_resolver(snippet, kind, pace)
