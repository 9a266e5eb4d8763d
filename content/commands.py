"""The carriers' SMS words, defined once: the same in every language, matched exactly, never fuzzily.

Everything else people send that is not a topic (MENU, MÁS, ATRÁS, hellos, thanks, "stop texting
me", PARAR...) lives per language in content/<lang>.yaml under `words:`, so a new language is a
new file. The understanding matches both; the content linter keeps keywords clear of both.
"""

from __future__ import annotations

import unicodedata

# On long codes and toll-free numbers Twilio itself acts on these single words (and still
# forwards them): opt-out, opt-in and the HELP reply. US carriers require them in English.
OPT_OUT = ("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT")
OPT_IN = ("START", "YES", "UNSTOP")
HELP = ("HELP", "INFO")

ALL = OPT_OUT + OPT_IN + HELP

# The `words:` lists that are commands a texter sends alone (and so may not be keywords).
COMMAND_LISTS = ("menu", "more", "back", "listen", "help", "language")


def fold(text: str) -> str:
    """Upper case, accents and tildes removed, spaces squeezed: "  Menú " -> "MENU"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.upper().split())


FOLDED = frozenset(fold(word) for word in ALL)


def is_command(text: str) -> bool:
    """True when the whole text is one carrier word (after folding): "stop" yes, "stop pain" no."""
    return fold(text) in FOLDED


def command_words(languages) -> frozenset[str]:
    """Every command a texter can send alone, folded: the carriers' words and each language's lists."""
    words = set(FOLDED)
    for lang in languages:
        for name in COMMAND_LISTS:
            words.update(fold(w) for w in lang.words.get(name, ()))
    return frozenset(words)
