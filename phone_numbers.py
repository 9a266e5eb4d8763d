"""Phone numbers, in one place: every rule for reading, checking and grouping a number.

Twilio hands us addresses ('+15551234567', 'whatsapp:+1 555 123 4567', 'anonymous', a client: name);
settings name the line's own numbers and the numbers content reads out. This module alone decides
what the bare number is, whether it is a real phone (not withheld, not a short code), whether it
is one of the fictional 555-01xx numbers, and how its digits are grouped for reading and speech.
It imports nothing of the project, so settings, content, the flows and the simulator all use it.

Only US/Canada (NANP) grouping and the 555-01xx fiction range are known here: the line serves the
US. The `phonenumbers` package (not installed) would parse and group any country's numbers and
could replace `bare_number`, `is_phone_number` and `groups` if the line ever goes abroad.
"""

from __future__ import annotations

import re

# E.164: a plus, a country code that does not start with 0, at most 15 digits in all.
E164 = re.compile(r"^\+[1-9]\d{7,14}$")
CHANNEL_PREFIXES = ("whatsapp:", "messenger:", "sms:")
SEPARATORS = re.compile(r"[\s().-]")


def bare_number(address: str) -> str:
    """'+15551234567' from 'whatsapp:+1 555 123 4567'; an opt-out on one channel covers them all."""
    address = (address or "").strip()
    for prefix in CHANNEL_PREFIXES:
        if address.lower().startswith(prefix):
            address = address[len(prefix) :]
    return SEPARATORS.sub("", address)


def is_e164(number: str) -> bool:
    """A number written as E.164 once spaces, dots, dashes and brackets are dropped."""
    return bool(E164.match(bare_number(number)))


# 555-0100..0199 is reserved for fiction in every North American area code (the simulator page).
FICTIONAL = re.compile(r"^\+1\d{3}55501\d{2}$")


def is_fictional(address: str) -> bool:
    return bool(FICTIONAL.match(bare_number(address)))


def fictional(area_code: str, line: int) -> str:
    """The fictional number `line` (0-99) in an area code: '+1' area '555 01' line."""
    if not (area_code.isdigit() and len(area_code) == 3 and 0 <= line <= 99):
        raise ValueError(f"no fictional number {area_code!r} {line!r}")
    return f"+1{area_code}55501{line:02d}"


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
    return not is_withheld(address) and is_e164(address)


def digits(number: str) -> str:
    """Only the digits: '+1 (800) 422-6237' -> '18004226237'."""
    return re.sub(r"\D", "", number or "")


def groups(number: str) -> list[str]:
    """North American numbers in their usual groups (1 800 422 6237); short codes as they are."""
    d = digits(number)
    if len(d) == 11 and d.startswith("1"):
        return [d[0], d[1:4], d[4:7], d[7:]]
    if len(d) == 10:
        return [d[:3], d[3:6], d[6:]]
    return [d]
