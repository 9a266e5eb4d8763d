"""The browser page's simulated people: one phone number, its calls and its texts.

A "device" is one open page: a made-up number (555-01xx, reserved for fiction, so a queued
"text me this" can never reach a real person), the current call and a texter per channel.
With the app's store, devices live in the shared database (table simulator_devices: the number
and the call in progress as JSON), so any worker process, on any machine, serves any page; the
oldest are forgotten past MAX_DEVICES. Without a store (unit tests) they live in memory.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
import xml.dom.minidom
import xml.etree.ElementTree as ET
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from content.segments import cost
from phone_numbers import fictional
from simulator.phone import Call, Endpoint, Exchange, FlaskTransport, Heard, Phone, Texter

MAX_DEVICES = 200
KEEP_EXCHANGES = 100  # per endpoint; older steps were already shown to the page
AUDIO_INDEX_SECONDS = 10  # audio files can be built while the server runs
# Area codes for the made-up numbers; 555-0100..0199 is reserved for fiction in every one.
AREA_CODES = ("202", "212", "305", "312", "415", "503", "617", "713", "808", "919")


def made_up_number() -> str:
    return fictional(secrets.choice(AREA_CODES), secrets.randbelow(100))


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
    """Thread-safe, size-capped map of device id -> Device: in the shared database when given the
    app's store (every worker sees every page), else in this process's memory."""

    def __init__(self, limit: int = MAX_DEVICES, store=None):
        self.limit = limit
        self.store = store
        self._items: OrderedDict[str, Device] = OrderedDict()
        self._lock = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}

    def lock_for(self, device_id: str) -> threading.Lock:
        """One step at a time per page in this process (the page itself sends one at a time)."""
        with self._lock:
            if len(self._locks) > 4 * self.limit:
                self._locks.clear()
            return self._locks.setdefault(device_id, threading.Lock())

    def create(self, endpoint_factory) -> Device:
        if self.store is not None:
            return self._create_shared(endpoint_factory)
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

    def get(self, device_id: str, endpoint_factory=None, caption_for=None) -> Device | None:
        if self.store is not None:
            return self._get_shared(device_id, endpoint_factory, caption_for)
        with self._lock:
            device = self._items.get(device_id)
            if device is not None:
                self._items.move_to_end(device_id)
            return device

    def save(self, device: Device) -> None:
        """After a step: the call's new state, for whichever worker serves the next one."""
        if self.store is None:
            return
        from sqlalchemy import update

        from database.tables import simulator_devices as table

        with self.store.writing() as conn:
            conn.execute(
                update(table)
                .where(table.c.id == device.id)
                .values(state=json.dumps(device_state(device)), seen_at=datetime.now(UTC))
            )

    # -- in the shared database ----------------------------------------------------------------
    def _create_shared(self, endpoint_factory) -> Device:
        from sqlalchemy import delete, insert, select
        from sqlalchemy.exc import IntegrityError

        from database.tables import simulator_devices as table

        for _ in range(50):  # a number another page holds: the unique index says so, try another
            device = Device(secrets.token_urlsafe(18), made_up_number(), endpoint_factory)
            try:
                with self.store.writing() as conn:
                    conn.execute(
                        insert(table).values(id=device.id, number=device.number, state="{}", seen_at=datetime.now(UTC))
                    )
                    newest = select(table.c.id).order_by(table.c.seen_at.desc()).limit(self.limit)
                    conn.execute(delete(table).where(table.c.id.not_in(newest.scalar_subquery())))
                return device
            except IntegrityError:
                continue
        raise RuntimeError("no free made-up number for a new simulated phone")

    def _get_shared(self, device_id: str, endpoint_factory, caption_for) -> Device | None:
        from sqlalchemy import select

        from database.tables import simulator_devices as table

        with self.store.reading() as conn:
            row = conn.execute(select(table.c.number, table.c.state).where(table.c.id == device_id)).first()
        if row is None:
            return None
        device = Device(device_id, row.number, endpoint_factory)
        restore_call(device, json.loads(row.state or "{}"), caption_for)
        return device


# -- a call's state as JSON, so another worker can take the next step ------------------------------
def device_state(device: Device) -> dict:
    call = device.call
    if call is None:
        return {}
    xml = lambda e: ET.tostring(e, encoding="unicode") if e is not None else None  # noqa: E731
    return {
        "call": {
            "sid": call.sid,
            "account_sid": call.phone.account_sid,
            "heard": [asdict(h) for h in call.heard[-KEEP_EXCHANGES:]],
            "ended": call.ended,
            "gather": xml(call.gather),
            "after_gather": [xml(e) for e in call.after_gather],
            "dialing": xml(call.dialing),
            "dialed": call.dialed,
            "last_url": call._last_url,
            "dialing_method": call.dialing_method,
            "duration_s": call.duration_s,
            "answered": bool(call.phone.endpoint.exchanges),
        }
    }


def restore_call(device: Device, state: dict, caption_for) -> None:
    saved = state.get("call")
    if not saved:
        return
    phone = Phone(device.endpoint_factory(), caller=device.number, caption_for=caption_for)
    phone.account_sid = saved["account_sid"]
    call = Call(phone)
    parse = lambda x: ET.fromstring(x) if x else None  # noqa: E731
    call.sid = saved["sid"]
    call.heard = [Heard(**h) for h in saved["heard"]]
    call._mark = len(call.heard)
    call.ended = saved["ended"]
    call.gather = parse(saved["gather"])
    call.after_gather = [parse(x) for x in saved["after_gather"]]
    call.dialing = parse(saved["dialing"])
    call.dialed = list(saved["dialed"])
    call._last_url = saved["last_url"]
    call.dialing_method = saved["dialing_method"]
    call.duration_s = saved["duration_s"]
    if saved["answered"]:
        # Twilio says "in-progress" once a call was answered; Call reads that from its exchanges.
        phone.endpoint.exchanges.append(Exchange(saved["last_url"], {}, "", 200, "text/xml", ""))
    device.call = call


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
