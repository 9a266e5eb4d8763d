"""The build's manifest: language + snippet id -> files, the words they say, duration, source.

audio/build/manifest.json is written atomically after every file it names exists, so a server
that reads it (audio/catalog.py) never points a caller at a missing or half-written file.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

NAME = "manifest.json"
VERSION = 1


def digest(*parts: object, length: int = 16) -> str:
    """A short sha256 of the parts, as hex: file names and text checks use it."""
    blob = json.dumps([str(p) for p in parts], ensure_ascii=False).encode()
    return hashlib.sha256(blob).hexdigest()[:length]


def text_hash(words: str) -> str:
    """What a file says, normalised for whitespace only: any other change is a change."""
    return digest(" ".join(words.split()))


@dataclass(frozen=True)
class Entry:
    lang: str
    id: str
    key: str  # hash of everything that shapes the sound; part of both file names
    source: str  # "synthetic" or "recorded"
    text: str  # the words the files say (captions, and the stale check)
    text_hash: str
    phone: str  # path relative to the build folder: en/<id>-<key>.wav
    web: str  # en/<id>-<key>.mp3, or "" when browser files were not asked for
    duration: float  # seconds
    phone_bytes: int = 0
    web_bytes: int = 0
    ends: tuple[float, ...] = ()  # second at which each sentence's words end (synthetic speech only)
    pace: str = "normal"  # audio/options.py PACES; a recording plays at every pace

    @property
    def name(self) -> str:
        """lang/id, and the pace when it is not the normal one: for messages."""
        return f"{self.lang}/{self.id}" + ("" if self.pace == "normal" else f" ({self.pace})")

    def files(self) -> tuple[str, ...]:
        return tuple(f for f in (self.phone, self.web) if f)


def load(folder: Path) -> dict[tuple[str, str], Entry]:
    """Normal-pace entries by (lang, snippet id); an unreadable or old-version manifest counts as empty."""
    return {(lang, sid): e for (lang, sid, pace), e in load_all(folder).items() if pace == "normal"}


def load_all(folder: Path) -> dict[tuple[str, str, str], Entry]:
    """Entries at every pace by (lang, snippet id, pace).

    The normal pace sits under "languages" as before paces existed; each other pace under
    "paces": {pace: {lang: {id: ...}}}."""
    try:
        data = json.loads((folder / NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return {}
    out = {}
    tables = [("normal", data.get("languages", {}))] + list((data.get("paces") or {}).items())
    for pace, languages in tables:
        for lang, snippets in languages.items():
            for sid, raw in snippets.items():
                try:
                    raw = {**raw, "ends": tuple(raw.get("ends") or ()), "pace": pace}
                    out[lang, sid, pace] = Entry(lang=lang, id=sid, **raw)
                except TypeError:
                    continue  # a field we no longer know: that snippet is simply rebuilt
    return out


def save(folder: Path, entries: dict, about: dict) -> None:
    """Write every entry (the dict's keys are not read: each entry knows its lang, id and pace)."""
    languages: dict[str, dict] = {}
    paces: dict[str, dict] = {}
    for entry in sorted(entries.values(), key=lambda e: (e.pace != "normal", e.pace, e.lang, e.id)):
        raw = asdict(entry)
        del raw["lang"], raw["id"], raw["pace"]
        table = languages if entry.pace == "normal" else paces.setdefault(entry.pace, {})
        table.setdefault(entry.lang, {})[entry.id] = raw
    body = json.dumps(
        {"version": VERSION, **about, "languages": languages, "paces": paces}, ensure_ascii=False, indent=1
    )
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{NAME}.{os.getpid()}.tmp"
    tmp.write_text(body + "\n", encoding="utf-8")
    os.replace(tmp, folder / NAME)
