"""A fake phone that behaves like Twilio: signed webhooks in, TwiML followed verb by verb.

It posts form requests with Twilio's parameters and X-Twilio-Signature, follows <Gather>
actions and <Redirect>s, runs the verbs after a <Gather> when the caller is silent, records
<Say> text and <Play> URLs, and stops at <Hangup> or <Dial>. Tests, the terminal CLI and
the browser page all use it, so there is one interpreter of our TwiML.
"""

from __future__ import annotations

import secrets
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urljoin, urlsplit, urlunsplit

from twilio.request_validator import RequestValidator

import settings

NESTABLE_IN_GATHER = {"Say", "Play", "Pause"}
MAX_REDIRECTS = 20  # a loop of Redirects is a bug; Twilio gives up too


class TwimlError(AssertionError):
    """The app answered with something Twilio would refuse (wrong type, bad XML, bad nesting)."""


@dataclass
class Exchange:
    """One webhook request and its answer, for reviewers and tests."""

    url: str
    params: dict[str, str]
    signature: str
    status: int
    content_type: str
    body: str


@dataclass
class Heard:
    kind: str  # say, play, dial, hangup
    text: str  # words said (for play: the caption, when known)
    url: str = ""
    language: str = ""
    voice: str = ""


class Transport(Protocol):
    """Posts a form; answers (status, content type, body). Flask test client or real HTTP."""

    def post(self, url: str, params: dict[str, str], headers: dict[str, str]) -> tuple[int, str, str]: ...


class FlaskTransport:
    def __init__(self, client):
        self.client = client

    def post(self, url, params, headers):
        resp = self.client.post(url, data=params, headers=headers)
        return resp.status_code, resp.mimetype or "", resp.get_data(as_text=True)


class HttpTransport:
    """Posts over HTTP. With `via` ("http://127.0.0.1:8000"), to that origin while the request is
    signed for its public URL: how Twilio's request reaches a server behind its TLS proxy."""

    def __init__(self, via: str | None = None):
        self.via = via.rstrip("/") if via else None

    def post(self, url, params, headers):
        import requests  # installed with twilio

        if self.via:
            parts = urlsplit(url)
            url = self.via + urlunsplit(("", "", parts.path, parts.query, ""))
        resp = requests.post(url, data=params, headers=headers, timeout=15)
        return resp.status_code, resp.headers.get("Content-Type", "").split(";")[0], resp.text


def _sid(prefix: str) -> str:
    return prefix + secrets.token_hex(16)


class Endpoint:
    """Signs and posts like Twilio: HMAC over the full URL and the sorted POST params."""

    def __init__(self, transport: Transport, token: str, base_url: str):
        self.transport = transport
        self.validator = RequestValidator(token)
        self.base_url = base_url.rstrip("/")
        self.exchanges: list[Exchange] = []

    def post(self, url: str, params: dict[str, str]) -> Exchange:
        # Like any HTTP client, Twilio sends (and signs) the URL percent-encoded. requests loads
        # here, not with the module: the web process registers the simulator page without it.
        from requests.utils import requote_uri

        full = requote_uri(urljoin(self.base_url + "/", url))
        signature = self.validator.compute_signature(full, params)
        status, ctype, body = self.transport.post(full, params, {"X-Twilio-Signature": signature})
        exchange = Exchange(full, dict(params), signature, status, ctype, body)
        self.exchanges.append(exchange)
        return exchange


def parse_twiml(exchange: Exchange) -> ET.Element:
    """What Twilio checks: 200, text/xml, well-formed, root <Response>, legal nesting."""
    if exchange.status != 200:
        raise TwimlError(f"{exchange.url} answered {exchange.status}")
    if exchange.content_type not in ("text/xml", "application/xml"):
        raise TwimlError(f"{exchange.url} answered {exchange.content_type!r}, not text/xml (Twilio error 12300)")
    if exchange.body[:1].isspace():
        raise TwimlError(f"{exchange.url}: leading whitespace (Twilio error 12100)")
    try:
        root = ET.fromstring(exchange.body)
    except ET.ParseError as exc:
        raise TwimlError(f"{exchange.url}: not XML ({exc})") from None
    if root.tag != "Response":
        raise TwimlError(f"{exchange.url}: root is <{root.tag}>, not <Response>")
    for gather in root.iter("Gather"):
        bad = [c.tag for c in gather if c.tag not in NESTABLE_IN_GATHER]
        if bad:
            raise TwimlError(f"{exchange.url}: <Gather> may not hold {bad}")
    return root


class Call:
    """One simulated phone call. `heard` holds everything said so far, in order."""

    def __init__(self, phone: Phone):
        self.phone = phone
        self.sid = _sid("CA")
        self.heard: list[Heard] = []
        self.ended = False
        self.gather: ET.Element | None = None  # waiting for input here
        self.after_gather: list[ET.Element] = []  # verbs Twilio runs on silence
        self.dialing: ET.Element | None = None
        self.dialed: list[str] = []
        self._mark = 0
        self._last_url = ""
        self.dialing_method = "POST"
        self.duration_s = 0

    # -- what a test or a person does -----------------------------------------------------------
    def press(self, digits: str) -> Call:
        """Keys, as Twilio collects them: up to numDigits, stopping at finishOnKey (default "#").
        The finish key alone is no input at all: Twilio then runs the verb after the Gather."""
        gather = self._require_gather()
        finish = gather.get("finishOnKey", "#")
        if finish and finish in digits:
            digits = digits[: digits.index(finish)]
        limit = gather.get("numDigits")
        if limit and limit.isdigit():
            digits = digits[: int(limit)]
        if not digits:
            return self.silence()
        return self._answer({"Digits": digits})

    def say(self, words: str, confidence: float = 0.92) -> Call:
        return self._answer({"SpeechResult": words, "Confidence": f"{confidence:.2f}"})

    def silence(self) -> Call:
        """Say nothing: Twilio skips the Gather's action and runs the next verb."""
        self._require_gather()
        rest, self.gather = self.after_gather, None
        self._mark = len(self.heard)
        self._run(rest, self._last_url)
        return self

    def dial_result(self, status: str = "no-answer") -> Call:
        """How the <Dial> ended: completed, busy, no-answer, failed or canceled."""
        if self.dialing is None:
            raise AssertionError("no <Dial> is waiting for a result")
        action = self.dialing.get("action")
        self.dialing = None
        self._mark = len(self.heard)
        if action:
            extra = {"DialCallStatus": status, "DialCallDuration": "60" if status == "completed" else "0"}
            self._fetch(action, self.dialing_method, extra)
        else:
            self._end()
        return self

    def hang_up(self) -> Call:
        self._mark = len(self.heard)
        if not self.ended:
            self._end()
        return self

    # -- reading what was heard -----------------------------------------------------------------
    @property
    def last_heard(self) -> list[Heard]:
        """What was said since the last key press, speech or silence."""
        return self.heard[self._mark :]

    @property
    def last_text(self) -> str:
        return " ".join(h.text for h in self.last_heard if h.text)

    @property
    def all_text(self) -> str:
        return " ".join(h.text for h in self.heard if h.text)

    @property
    def waiting(self) -> bool:
        return self.gather is not None

    # -- Twilio's side --------------------------------------------------------------------------
    def params(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        p = {
            "CallSid": self.sid,
            "AccountSid": self.phone.account_sid,
            "From": self.phone.caller,
            "To": self.phone.number,
            "Caller": self.phone.caller,
            "Called": self.phone.number,
            "CallStatus": "ringing" if not self.phone.endpoint.exchanges else "in-progress",
            "Direction": "inbound",
            "ApiVersion": "2010-04-01",
            "FromCountry": "US",
            "ToCountry": "US",
        }
        p.update(extra or {})
        return p

    def start(self) -> Call:
        self._fetch(self.phone.voice_path, "POST", {"CallStatus": "ringing"})
        return self

    def _answer(self, extra: dict[str, str]) -> Call:
        gather = self._require_gather()
        self.gather = None
        self._mark = len(self.heard)
        action = gather.get("action") or self._last_url
        self._fetch(action, gather.get("method", "POST"), extra)
        return self

    def _require_gather(self) -> ET.Element:
        if self.ended:
            raise AssertionError("the call has ended")
        if self.gather is None:
            raise AssertionError("the line is not waiting for input")
        return self.gather

    def _fetch(self, url: str, method: str, extra: dict[str, str] | None = None, hops: int = 0) -> None:
        if method.upper() != "POST":
            raise TwimlError(f"{url}: method {method}; this line only uses POST")
        exchange = self.phone.endpoint.post(url, self.params(extra))
        self._last_url = exchange.url
        root = parse_twiml(exchange)
        self._run(list(root), exchange.url, hops)

    def _run(self, verbs: list[ET.Element], base: str, hops: int = 0) -> None:
        for i, verb in enumerate(verbs):
            tag = verb.tag
            if tag == "Say":
                self._say(verb)
            elif tag == "Play":
                self._play(verb, base)
            elif tag == "Pause":
                continue
            elif tag == "Gather":
                for child in verb:
                    self._say(child) if child.tag == "Say" else self._play(child, base) if child.tag == "Play" else None
                self.gather = verb
                self.after_gather = verbs[i + 1 :]
                self._last_url = base
                return
            elif tag == "Redirect":
                if hops >= MAX_REDIRECTS:
                    raise TwimlError(f"{base}: more than {MAX_REDIRECTS} redirects in a row")
                self._fetch(urljoin(base, (verb.text or "").strip()), verb.get("method", "POST"), None, hops + 1)
                return
            elif tag == "Dial":
                number = (verb.findtext("Number") or verb.text or "").strip()
                self.dialed.append(number)
                self.heard.append(Heard("dial", "", url=number))
                self.dialing = verb
                self.dialing_method = verb.get("method", "POST")
                return
            elif tag == "Hangup":
                self.heard.append(Heard("hangup", ""))
                self._end()
                return
            else:
                raise TwimlError(f"{base}: verb <{tag}> is not used by this line")
        # Out of verbs: Twilio hangs up. A caller left in silence is a bug the tests catch.
        self.heard.append(Heard("hangup", ""))
        self._end()

    def _say(self, verb: ET.Element) -> None:
        self.heard.append(
            # itertext: a slow <Say> holds its words in SSML <prosody>
            Heard(
                "say", "".join(verb.itertext()).strip(), language=verb.get("language", ""), voice=verb.get("voice", "")
            )
        )

    def _play(self, verb: ET.Element, base: str) -> None:
        url = urljoin(base, (verb.text or "").strip())
        caption = self.phone.caption_for(url) if self.phone.caption_for else None
        self.heard.append(Heard("play", caption or "", url=url))

    def _end(self) -> None:
        if self.ended:
            return
        self.ended = True
        self.gather = None
        self.duration_s = max(1, len(self.all_text.split()) * 60 // settings.default("TTS_RATE"))
        self.phone.endpoint.post(
            self.phone.status_path,
            self.params({"CallStatus": "completed", "CallDuration": str(self.duration_s)}),
        )


@dataclass
class Phone:
    """A caller's phone. `caller` may be 'anonymous', as Twilio sends for hidden numbers."""

    endpoint: Endpoint
    caller: str = "+15005550006"
    number: str = "+18005550100"
    account_sid: str = field(default_factory=lambda: _sid("AC"))
    voice_path: str = "/voice"
    status_path: str = "/voice/status"
    caption_for: Callable[[str], str | None] | None = None

    def call(self) -> Call:
        return Call(self).start()


@dataclass
class Reply:
    body: str
    media: list[str]


class Texter:
    """A texter's phone (SMS, MMS or WhatsApp); `send` returns the replies the line sent back."""

    def __init__(
        self,
        endpoint: Endpoint,
        sender: str = "+15005550006",
        number: str = "+18005550100",
        channel: str = "sms",
        path: str = "/sms",
    ):
        self.endpoint, self.channel, self.path = endpoint, channel, path
        prefix = "whatsapp:" if channel == "whatsapp" else ""
        self.sender, self.number = prefix + sender, prefix + number
        self.account_sid = _sid("AC")
        self.history: list[tuple[str, list[Reply]]] = []

    def params(self, body: str, media: list[tuple[str, str]] | None = None, sid: str | None = None) -> dict[str, str]:
        sid = sid or _sid("SM")
        p = {
            "MessageSid": sid,
            "SmsMessageSid": sid,
            "SmsSid": sid,
            "AccountSid": self.account_sid,
            "MessagingServiceSid": "MG" + "0" * 32,
            "From": self.sender,
            "To": self.number,
            "Body": body,
            "NumMedia": str(len(media or [])),
            "NumSegments": "1",
            "SmsStatus": "received",
            "ApiVersion": "2010-04-01",
        }
        for i, (url, ctype) in enumerate(media or []):
            p[f"MediaUrl{i}"], p[f"MediaContentType{i}"] = url, ctype
        if self.channel == "whatsapp":
            p.update({"ProfileName": "Sam", "WaId": self.sender.split("+")[-1]})
        return p

    def send(self, body: str, media: list[tuple[str, str]] | None = None, sid: str | None = None) -> list[Reply]:
        exchange = self.endpoint.post(self.path, self.params(body, media, sid))
        root = parse_twiml(exchange)
        replies = []
        for message in root.iter("Message"):
            text = message.findtext("Body") if message.find("Body") is not None else message.text
            media_urls = [m.text.strip() for m in message.iter("Media") if m.text]
            replies.append(Reply((text or "").strip(), media_urls))
        self.history.append((body, replies))
        return replies
