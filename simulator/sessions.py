"""The browser page's simulated people: one phone number, its calls and its texts, in memory.

A "device" is one open page: a made-up number (555-01xx, reserved for fiction, so a queued
"text me this" can never reach a real person), the current call and a texter per channel.
Devices live in this process's memory, keyed by a random id, and the oldest are forgotten
past MAX_DEVICES - fine for a development tool; with several worker processes a device
only exists in the worker that made it.
"""

from __future__ import annotations

import secrets
import threading
import time
import xml.dom.minidom
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from content.segments import cost
from simulator.phone import Call, Endpoint, Exchange, FlaskTransport, Heard, Phone, Texter

MAX_DEVICES = 200
KEEP_EXCHANGES = 100  # per endpoint; older steps were already shown to the page
AUDIO_INDEX_SECONDS = 10  # audio files can be built while the server runs
# Area codes for the made-up numbers; 555-0100..0199 is reserved for fiction in every one.
AREA_CODES = ("202", "212", "305", "312", "415", "503", "617", "713", "808", "919")


def made_up_number() -> str:
    return f"+1{secrets.choice(AREA_CODES)}55501{secrets.randbelow(100):02d}"


@dataclass
class Device:
    id: str
    number: str
    endpoint_factory: Callable[[], Endpoint]  # bound to the app
    call: Call | None = None
    texters: dict[str, Texter] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def new_call(self, caption_for) -> Call:
        if self.call is not None and not self.call.ended:
            self.call.hang_up()
        phone = Phone(self.endpoint_factory(), caller=self.number, caption_for=caption_for)
        self.call = Call(phone)  # started by the caller, so its exchanges can be collected
        return self.call

    def texter(self, channel: str) -> Texter:
        if channel not in self.texters:
            self.texters[channel] = Texter(self.endpoint_factory(), sender=self.number, channel=channel)
        return self.texters[channel]


class Devices:
    """Thread-safe, size-capped map of device id -> Device."""

    def __init__(self, limit: int = MAX_DEVICES):
        self.limit = limit
        self._items: OrderedDict[str, Device] = OrderedDict()
        self._lock = threading.Lock()

    def create(self, endpoint_factory) -> Device:
        with self._lock:
            # A number no other open page has: two pages sharing one would share the line's memory
            # of it (a remembered language, a texter's place). There are 1,000 made-up numbers
            # for at most MAX_DEVICES pages.
            taken = {d.number for d in self._items.values()}
            number = made_up_number()
            while number in taken:
                number = made_up_number()
            device = Device(secrets.token_urlsafe(18), number, endpoint_factory)
            self._items[device.id] = device
            while len(self._items) > self.limit:
                self._items.popitem(last=False)
        return device

    def get(self, device_id: str) -> Device | None:
        with self._lock:
            device = self._items.get(device_id)
            if device is not None:
                self._items.move_to_end(device_id)
            return device


def app_endpoint(app, token: str, base_url: str):
    """An Endpoint factory posting in-process to the app itself, signed like Twilio."""
    return lambda: Endpoint(FlaskTransport(app.test_client()), token, base_url)


def trim(endpoint: Endpoint) -> None:
    # Never empty it: Call uses "no exchanges yet" to tell a ringing call from a live one.
    if len(endpoint.exchanges) > KEEP_EXCHANGES:
        del endpoint.exchanges[:-KEEP_EXCHANGES]


# -- audio: captions for <Play> and browser files for what was heard ---------------------------
@dataclass(frozen=True)
class Sound:
    caption: str
    listen_url: str | None  # what the page plays: the MP3, or the phone WAV when there is none
    lang: str


class AudioIndex:
    """Every snippet's phone file (what <Play> names) and web file, from line.audio_url."""

    def __init__(self, line):
        self.by_url: dict[str, Sound] = {}
        self.by_words: dict[str, Sound] = {}
        if line.audio_resolver is None:
            return
        for language in line.library.languages.values():
            for snippet in language.snippets():
                phone = line.audio_url(snippet, "phone")
                # The MP3 when `audio build --web` made one; else the phone file itself, which
                # Chromium plays too (8 kHz mu-law WAV): exactly what a caller hears.
                heard = line.audio_url(snippet, "web") or phone
                sound = Sound(snippet.voice, heard, language.voice.say_language)
                self.by_words.setdefault(snippet.voice, sound)
                if phone:
                    self.by_url.setdefault(phone, sound)
                    # The path too: the phone URL may have been made for another host name.
                    self.by_url.setdefault(urlsplit(phone).path, sound)

    def for_url(self, url: str) -> Sound | None:
        return self.by_url.get(url) or self.by_url.get(urlsplit(url).path)

    def caption_for(self, url: str) -> str | None:
        sound = self.for_url(url)
        return sound.caption if sound else None


class AudioIndexCache:
    def __init__(self):
        self._lock = threading.Lock()
        self._index: AudioIndex | None = None
        self._made = 0.0

    def get(self, line) -> AudioIndex:
        with self._lock:
            if self._index is None or time.monotonic() - self._made > AUDIO_INDEX_SECONDS:
                self._index, self._made = AudioIndex(line), time.monotonic()
            return self._index


# -- what the page receives ---------------------------------------------------------------------
def browser_url(url: str | None, same_origins: set[str]) -> str | None:
    """Files this app serves become paths, so the browser fetches them from the page's own host."""
    if not url:
        return None
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" in same_origins:
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return url


def heard_json(heard: Heard, index: AudioIndex, same_origins: set[str]) -> dict:
    if heard.kind == "play":
        sound = index.for_url(heard.url)
        audio, lang = (sound.listen_url, sound.lang) if sound else (None, "")
    elif heard.kind == "say":
        sound = index.by_words.get(heard.text)
        audio, lang = (sound.listen_url if sound else None), heard.language
    else:
        audio, lang = None, ""
    return {
        "kind": heard.kind,
        "text": heard.text,
        "lang": lang,
        "audio": browser_url(audio, same_origins),
        "number": heard.url if heard.kind == "dial" else "",
    }


def call_state(call: Call) -> dict:
    return {
        "ended": call.ended,
        "waiting": call.waiting,
        "dialing": call.dialing is not None,
        "dialed": call.dialed[-1] if call.dialing is not None and call.dialed else "",
    }


def pretty_xml(body: str) -> str:
    try:
        return xml.dom.minidom.parseString(body).toprettyxml(indent="  ").split("\n", 1)[1].strip()
    except Exception:  # not XML: show it as it came (the reviewer should see the fault)
        return body


def exchange_json(exchange: Exchange) -> dict:
    parts = urlsplit(exchange.url)
    return {
        "url": exchange.url,
        "path": parts.path,
        "signature": exchange.signature,
        "params": dict(sorted(exchange.params.items())),
        "status": exchange.status,
        "content_type": exchange.content_type,
        "body": exchange.body,
        "twiml": pretty_xml(exchange.body) if exchange.body.strip() else "",
    }


def reply_json(body: str, media: list[str]) -> dict:
    c = cost(body)
    return {"body": body, "media": media, "segments": c.segments, "encoding": c.encoding, "chars": len(body)}
