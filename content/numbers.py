"""Phone numbers as people read them and as a voice should say them."""

from __future__ import annotations

import re


def _digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def _groups(number: str) -> list[str]:
    """North American numbers in their usual groups (1 800 422 6237); short codes as they are."""
    d = _digits(number)
    if len(d) == 11 and d.startswith("1"):
        return [d[0], d[1:4], d[4:7], d[7:]]
    if len(d) == 10:
        return [d[:3], d[3:6], d[6:]]
    return [d]


def texted(number: str) -> str:
    """1-800-422-6237, 988, 911 (GSM-7 characters only)."""
    return "-".join(_groups(number))


def spoken(number: str) -> str:
    """Digit by digit with a pause between groups, so no voice says "nine hundred eleven"."""
    return ", ".join(" ".join(group) for group in _groups(number))


def from_settings(config) -> dict[str, str]:
    """The numbers content placeholders stand for: {helpline}, {crisis}, {emergency}, {poison}."""
    return {
        "helpline": config["HELPLINE_NUMBER"],
        "crisis": config["CRISIS_NUMBER"],
        "emergency": config["EMERGENCY_NUMBER"],
        "poison": config["POISON_HELP_NUMBER"],
    }
