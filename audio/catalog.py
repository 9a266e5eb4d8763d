"""What the server knows about the built audio: snippet -> URL, and a played URL -> its words.

It reads the build's manifest and reads it again whenever the file changes (a build may run
while the app serves), and it never hands out a file made from other words than the snippet's
current ones: the voice line then falls back to <Say>.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import has_request_context, request

from audio import manifest
from audio.manifest import Entry, text_hash

ROUTE = "/audio"  # where audio/web.py serves the build folder


class Catalog:
    def __init__(self, folder: Path, audio_base_url: str = "", public_base_url: str = ""):
        self.folder = Path(folder)
        self.audio_base_url = audio_base_url.rstrip("/")
        self.public_base_url = public_base_url.rstrip("/")
        self._lock = threading.Lock()
        self._stamp: tuple | None = None
        # (entries by (lang, id), entries by file path), swapped as one so readers never mix builds
        self._state: tuple[dict[tuple[str, str], Entry], dict[str, Entry]] = ({}, {})

    # -- the manifest, fresh -------------------------------------------------------------------
    def _current(self) -> tuple[dict[tuple[str, str], Entry], dict[str, Entry]]:
        try:
            st = os.stat(self.folder / manifest.NAME)
            stamp = (st.st_ino, st.st_mtime_ns, st.st_size)  # os.replace gives a new inode
        except OSError:
            stamp = None
        if stamp != self._stamp:
            with self._lock:
                if stamp != self._stamp:
                    entries = manifest.load(self.folder) if stamp else {}
                    self._state = (entries, {f: e for e in entries.values() for f in e.files()})
                    self._stamp = stamp
        return self._state

    def entries(self) -> dict[tuple[str, str], Entry]:
        return self._current()[0]

    def entry(self, snippet) -> Entry | None:
        """The current entry for a snippet, or None when there is none or it says other words."""
        entry = self.entries().get((snippet.lang, snippet.id))
        if entry is None or entry.text_hash != text_hash(snippet.voice):
            return None
        return entry

    # -- the resolver the voice and text lines use -----------------------------------------------
    def url(self, snippet, kind: str = "phone") -> str | None:
        """Absolute URL of the snippet's file ("phone": 8 kHz mu-law WAV; "web": MP3, made only by
        `audio build --web`), or None."""
        if kind not in ("phone", "web"):
            raise ValueError(f"audio kind must be 'phone' or 'web', not {kind!r}")
        entry = self.entry(snippet)
        rel = (entry.phone if kind == "phone" else entry.web) if entry else ""
        if not rel:
            return None
        if self.audio_base_url:
            return f"{self.audio_base_url}/{rel}"
        if self.public_base_url:
            return f"{self.public_base_url}{ROUTE}/{rel}"
        if has_request_context():
            return f"{request.url_root.rstrip('/')}{ROUTE}/{rel}"
        return None  # no way to make an absolute URL: <Say> is the safe answer

    # -- captions: which words a played URL says ---------------------------------------------------
    def entry_for_url(self, url: str) -> Entry | None:
        """The entry of a played URL (phone or web file, any host), or None if it is not ours."""
        parts = unquote(urlsplit(url).path).rstrip("/").split("/")
        if len(parts) < 2:
            return None
        return self._current()[1].get(f"{parts[-2]}/{parts[-1]}")

    def caption_for(self, url: str) -> str | None:
        """The words of a played URL, or None if it is not ours."""
        entry = self.entry_for_url(url)
        return entry.text if entry else None
