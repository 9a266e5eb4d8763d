"""Phone numbers as identifiers: keyed hashes for storage and logs, sealed copies for the outbox.

What a number is (bare, withheld, fictional, a real phone) is decided in phone_numbers.py.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from phone_numbers import bare_number


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
