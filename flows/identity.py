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


# What Twilio puts in From when the caller withheld their number: they look like numbers, but
# belong to no one (anonymous, restricted, blocked, unavailable).
WITHHELD = frozenset({"+266696687", "+7378742833", "+2562533", "+8656696"})


def is_phone_number(address: str) -> bool:
    """False for 'anonymous', 'unknown', client: names, short codes and Twilio's stand-ins for a
    withheld number: nothing to text back, and no one to remember."""
    bare = bare_number(address)
    return bool(E164.match(bare)) and bare not in WITHHELD


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
