"""What the server knows about the built audio: snippet -> URL, and a played URL -> its words.

It reads the build's manifest and reads it again whenever the file changes (a build may run
while the app serves), and it never hands out a file made from other words than the snippet's
current ones, nor a file that is not on disk (deleted, or a half-copied deploy): the voice line
then falls back to <Say>, and the missing file is logged once.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import has_request_context, request

from audio import manifest
from audio.manifest import Entry, text_hash
from audio.options import NORMAL, PACES

log = logging.getLogger(__name__)
ROUTE = "/audio"  # where audio/web.py serves the build folder
# How long "this file is there" (or is not) is believed before the disk is asked again: a stat
# per <Play> is cheap, but a menu plays several and a call makes many requests.
EXISTS_TTL_S = 10.0


class Catalog:
    def __init__(self, folder: Path, audio_base_url: str = "", public_base_url: str = ""):
        self.folder = Path(folder)
        self.audio_base_url = audio_base_url.rstrip("/")
        self.public_base_url = public_base_url.rstrip("/")
        self._lock = threading.Lock()
        self._stamp: tuple | None = None
        # (entries by (lang, id, pace), entries by file path), swapped as one so readers never mix builds
        self._state: tuple[dict[tuple[str, str, str], Entry], dict[str, Entry]] = ({}, {})
        self._exists: dict[str, tuple[bool, float]] = {}  # relative path -> (on disk, until)
        self._missing_logged: set[str] = set()

    # -- the manifest, fresh -------------------------------------------------------------------
    def _current(self) -> tuple[dict[tuple[str, str, str], Entry], dict[str, Entry]]:
        try:
            st = os.stat(self.folder / manifest.NAME)
            stamp = (st.st_ino, st.st_mtime_ns, st.st_size)  # os.replace gives a new inode
        except OSError:
            stamp = None
        if stamp != self._stamp:
            with self._lock:
                if stamp != self._stamp:
                    entries = manifest.load_all(self.folder) if stamp else {}
                    self._state = (entries, {f: e for e in entries.values() for f in e.files()})
                    self._exists = {}
                    self._stamp = stamp
        return self._state

    def entries(self, pace: str = NORMAL) -> dict[tuple[str, str], Entry]:
        """The entries of one pace by (lang, snippet id)."""
        return {(lang, sid): e for (lang, sid, p), e in self._current()[0].items() if p == pace}

    def all_entries(self) -> dict[tuple[str, str, str], Entry]:
        """Every pace's entries by (lang, snippet id, pace)."""
        return self._current()[0]

    def entry(self, snippet, pace: str = NORMAL) -> Entry | None:
        """The current entry for a snippet at a pace, or None when there is none or it says other
        words. A pace the build has no file for (a recording, or a build from before paces) gets
        the normal pace's file: the caller hears the words, if not slower."""
        entries = self._current()[0]
        entry = entries.get((snippet.lang, snippet.id, pace)) or entries.get((snippet.lang, snippet.id, NORMAL))
        if entry is None or entry.text_hash != text_hash(snippet.voice):
            return None
        return entry

    # -- the resolver the voice and text lines use -----------------------------------------------
    def url(self, snippet, kind: str = "phone", pace: str = NORMAL) -> str | None:
        """Absolute URL of the snippet's file ("phone": 8 kHz mu-law WAV; "web": MP3, made only by
        `audio build --web`) at a pace (PACES: "normal", "slow"), or None (the line then says
        the words with <Say>)."""
        if kind not in ("phone", "web"):
            raise ValueError(f"audio kind must be 'phone' or 'web', not {kind!r}")
        if pace not in PACES:
            raise ValueError(f"audio pace must be one of {', '.join(PACES)}, not {pace!r}")
        entry = self.entry(snippet, pace)
        rel = (entry.phone if kind == "phone" else entry.web) if entry else ""
        if not rel:
            return None
        if not self.on_disk(rel):
            return None  # Twilio would fetch a 404 and the caller would hear nothing: <Say> instead
        if self.audio_base_url:
            return f"{self.audio_base_url}/{rel}"
        if self.public_base_url:
            return f"{self.public_base_url}{ROUTE}/{rel}"
        if has_request_context():
            return f"{request.url_root.rstrip('/')}{ROUTE}/{rel}"
        return None  # no way to make an absolute URL: <Say> is the safe answer

    def on_disk(self, rel: str) -> bool:
        """Is the build's file there? Cached for EXISTS_TTL_S; a missing file is logged once."""
        now = time.monotonic()
        known = self._exists.get(rel)
        if known is not None and known[1] > now:
            return known[0]
        there = (self.folder / rel).is_file()
        self._exists[rel] = (there, now + EXISTS_TTL_S)
        if not there and rel not in self._missing_logged:
            self._missing_logged.add(rel)
            log.warning("audio file %s is in the manifest but not on disk; saying its words instead", rel)
        return there

    audio_url = url  # the name the pace API is documented under (README "Audio")

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
