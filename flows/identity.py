"""Phone numbers as identifiers: keyed hashes for storage and logs, sealed copies for the outbox."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

E164 = re.compile(r"^\+[1-9]\d{7,14}$")
CHANNEL_PREFIXES = ("whatsapp:", "messenger:", "sms:")


def bare_number(address: str) -> str:
    """'+15551234567' from 'whatsapp:+1 555 123 4567'; an opt-out on one channel covers them all."""
    address = (address or "").strip()
    for prefix in CHANNEL_PREFIXES:
        if address.lower().startswith(prefix):
            address = address[len(prefix) :]
    return re.sub(r"[\s().-]", "", address)


FICTIONAL = re.compile(r"^\+1\d{3}55501\d{2}$")  # 555-0100..0199: reserved for fiction (the simulator page)


def is_fictional(address: str) -> bool:
    return bool(FICTIONAL.match(bare_number(address)))


# What Twilio puts in From when a caller withholds their number: a word, or a stand-in that looks
# like an E.164 number but spells the word on a keypad (ANONYMOUS, RESTRICTED, UNKNOWN,
# UNAVAILABLE). Every withheld caller shares it: texting it would reach a stranger, and
# remembering a language for it would give every hidden caller that language.
WITHHELD_WORDS = frozenset({"", "anonymous", "restricted", "unknown", "unavailable", "private", "blocked"})
WITHHELD_STAND_INS = frozenset({"+266696687", "+7378742833", "+8656696", "+86282452253"})


def is_withheld(address: str) -> bool:
    number = bare_number(address)
    return number.lower() in WITHHELD_WORDS or number in WITHHELD_STAND_INS


def is_phone_number(address: str) -> bool:
    """False for a withheld caller ID in any of Twilio's forms, client: names and short codes:
    nothing to text back, nobody to remember."""
    return not is_withheld(address) and bool(E164.match(bare_number(address)))


class Identity:
    """Keyed HMAC of a number (a plain hash of ~10^10 numbers is brute-forced in minutes)."""

    def __init__(self, secret: str):
        self._key = secret.encode()
        okm = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"outbox-address").derive(self._key)
        self._fernet = Fernet(base64.urlsafe_b64encode(okm))

    def key(self, address: str) -> str:
        """Stable id for a person; never reversible without the secret."""
        number = bare_number(address)
        if not number:
            return "none"
        return hmac.new(self._key, number.encode(), hashlib.sha256).hexdigest()[:32]

    def seal(self, address: str) -> str:
        return self._fernet.encrypt(address.encode()).decode()

    def unseal(self, sealed: str) -> str:
        return self._fernet.decrypt(sealed.encode()).decode()
