"""SMS segments: how many parts a text costs, and whether it stays in the GSM-7 alphabet."""

from __future__ import annotations

import math
from dataclasses import dataclass

import gsm0338  # noqa: F401  (registers the "gsm03.38" codec)

GSM7_SINGLE, GSM7_MULTI = 160, 153
UCS2_SINGLE, UCS2_MULTI = 70, 67


@dataclass(frozen=True)
class Cost:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets (escaped characters count 2) or UTF-16 code units
    segments: int


def gsm7_units(text: str) -> int | None:
    """Septets the text needs in GSM-7, or None when one character is outside the alphabet."""
    try:
        return len(text.encode("gsm03.38"))
    except UnicodeEncodeError:
        return None


def cost(text: str) -> Cost:
    units = gsm7_units(text)
    if units is not None:
        single, multi, encoding = GSM7_SINGLE, GSM7_MULTI, "GSM-7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, multi, encoding = UCS2_SINGLE, UCS2_MULTI, "UCS-2"
    segments = 1 if units <= single else math.ceil(units / multi)
    return Cost(encoding, units, segments)


# The only letters of Spanish outside GSM-7 (ñ, é, ü, ¿ and ¡ are in it): one of them makes a whole
# text UCS-2, which holds 70 characters a segment instead of 160. Texts drop their accents.
PLAIN_LETTERS = str.maketrans("áíóúÁÍÓÚ", "aiouAIOU")
ACCENTS = ("plain", "keep")  # the SMS_ACCENTS setting


def plain(text: str) -> str:
    """á í ó ú (and capitals) as a i o u; every other character as it is."""
    return text.translate(PLAIN_LETTERS)


def keeps_accents(setting: str) -> bool:
    """SMS_ACCENTS: `plain` (the default) or `keep`; anything else stops the start."""
    value = (setting or "plain").strip().lower()
    if value not in ACCENTS:
        raise ValueError(f"SMS_ACCENTS must be 'plain' or 'keep', not {setting!r}")
    return value == "keep"


def outside_gsm7(text: str) -> list[str]:
    """The characters that would turn a text into UCS-2 (for error messages)."""
    return sorted({ch for ch in text if gsm7_units(ch) is None})
