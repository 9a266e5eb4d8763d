"""Phone numbers as people read them and as a voice should say them."""

from __future__ import annotations

from phone_numbers import groups as _groups


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
