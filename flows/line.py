"""The line's parts wired together once per app: content, rules, store, identity, audio."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from content.model import Library, Snippet
from flows.identity import Identity
from flows.navigator import Navigator
from flows.store import Store
from flows.texting import Texting


@dataclass
class Line:
    library: Library
    store: Store
    identity: Identity
    navigator: Navigator
    texting: Texting
    # Set by the audio package when rendered or recorded files exist: snippet -> absolute URL.
    audio_resolver: Callable[[Snippet], str | None] | None = None

    @classmethod
    def build(cls, library: Library, store: Store, identity: Identity) -> Line:
        return cls(library, store, identity, Navigator(library), Texting(library))

    def audio_url(self, snippet: Snippet) -> str | None:
        return self.audio_resolver(snippet) if self.audio_resolver else None
