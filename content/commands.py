"""SMS command words, defined once: the SMS flow matches them, the content linter keeps keywords clear of them."""

from __future__ import annotations

import unicodedata

# Carrier/Twilio words on long codes and toll-free numbers: matched exactly, never fuzzily.
OPT_OUT = ("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT")
OPT_IN = ("START", "YES", "UNSTOP")
HELP = ("HELP", "INFO", "AYUDA")
# Our own navigation words, in English and Spanish (with and without accents).
MORE = ("MORE", "MAS", "MÁS")
BACK = ("BACK", "ATRAS", "ATRÁS")
MENU = ("MENU", "MENÚ")
LISTEN = ("LISTEN", "ESCUCHAR")
ENGLISH = ("ENGLISH", "INGLES", "INGLÉS")
SPANISH = ("SPANISH", "ESPAÑOL", "ESPANOL")

ALL = OPT_OUT + OPT_IN + HELP + MORE + BACK + MENU + LISTEN + ENGLISH + SPANISH


def fold(text: str) -> str:
    """Upper case, accents and tildes removed, spaces squeezed: "  Menú " -> "MENU"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.upper().split())


FOLDED = frozenset(fold(word) for word in ALL)


def is_command(text: str) -> bool:
    """True when the whole text is one command word (after folding): "stop" yes, "stop pain" no."""
    return fold(text) in FOLDED


# Language switch words by the language they choose.
LANGUAGE_WORDS = {"en": ENGLISH, "es": SPANISH}
