"""How a message is folded before anything reads it: case, accents, apostrophes, stretched letters.

Every part of the understanding reads the same folded text, so "¿Se puede CURAR?" and "se puede
curar", "can't" and "cant", "siiiintomas" and "sintomas" are one message.
"""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"[a-z0-9]+")
APOSTROPHES = re.compile(r"['\u2019\u2018\u02bc`\u00b4]")
# Emoji that carry meaning for a crisis line (Crisis Text Line found the pill emoji among the
# strongest signs of an overdose in progress): kept as words, every other symbol dropped.
EMOJI_WORDS = {"\U0001f48a": " pillemoji ", "\U0001f52b": " gun ", "\U0001fa78": " blood ", "\U0001f691": " ambulance "}
MAX_CHARS = 1600  # Twilio's longest message; a SpeechResult is far shorter
# Folding takes the accent off "mamá" (mom), which leaves "mama" (breast, "cancer de mama"): after
# a possessive it is the mother ("el cancer de mi mama" is not breast cancer), said as "madre".
MOTHER = re.compile(r"\b(mi|mis|su|sus|tu|tus|nuestra|nuestras) mamas?\b")


def normalise(text: str) -> str:
    """Lower case, no accents or apostrophes, letters stretched 3+ times once, words only."""
    text = text[:MAX_CHARS]
    for emoji, word in EMOJI_WORDS.items():
        if emoji in text:
            text = text.replace(emoji, word)
    text = text.casefold()
    if not text.isascii():  # most texts are plain ASCII: no accents to take off
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = APOSTROPHES.sub("", text)  # "can't" -> "cant", as people type it
    text = re.sub(r"(.)\1{2,}", r"\1", text)
    folded = " ".join(WORD.findall(text))
    return MOTHER.sub(r"\1 madre", folded) if "mama" in folded else folded


def words(text: str) -> list[str]:
    return normalise(text).split()


def is_phrase(said: str, phrases) -> bool:
    """True when the text holds one of the phrases as whole words (both folded here)."""
    return has_phrase(normalise(said), (normalise(x) for x in phrases))


def has_phrase(folded: str, folded_phrases) -> bool:
    """is_phrase() for text and phrases folded already (content phrases are folded once, at start)."""
    padded = f" {folded} "
    return any(f" {p} " in padded for p in folded_phrases if p)


def strip_words(said: str, drop: frozenset[str]) -> str:
    """The folded text without words that do not change a command ("menu please" -> "menu")."""
    kept = [w for w in said.split() if w not in drop]
    return " ".join(kept) if kept else said


# What the language model reads and counts (language.py at run time, fitting.py at build time):
# here, so both count alike without the one importing the other.
LETTERS = re.compile(r"[^\W\d_]+")  # words of letters in any script, accents kept


def letters(text: str) -> str:
    """What the model reads: lower case words of letters, accents kept ("¿Qué es?" -> "qué es")."""
    return " ".join(LETTERS.findall(text.casefold()))


def grams(text: str, low: int, high: int) -> list[str]:
    """What the model counts in text already passed through letters(): each word padded with a
    space either side, its n-grams for each n (scikit-learn's analyzer="char_wb"; a word shorter
    than n once), and the whole padded word ("suicide" and "suicida" share most of their grams),
    counted once for each n as its letters are, so OVERLAP weighs it as one word."""
    out: list[str] = []
    for word in text.split():
        padded = f" {word} "
        for n in range(low, high + 1):
            if len(padded) <= n:
                break
            out += [padded[i : i + n] for i in range(len(padded) - n + 1)]
        out += [padded] * (high - low + 1)  # as many as each of its letters: a whole word is evidence too
    return out
