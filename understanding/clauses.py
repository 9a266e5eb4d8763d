"""A message cut into the sentences and clauses a nurse would read one by one, each marked when it asks.

People write a story and then the question ("My mom was told her breast cancer spread to her
bones last week. We are all so scared. How do I help her cope?"): the topic model reads each
clause on its own as well as the whole, and a clause that asks weighs more than one that tells
(understanding/reading.py). Two asks in one message ("how long can she live, and should we look
at hospice") become two clauses, so the second can be offered after the first is answered.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from understanding.text import normalise

# Sentence ends, and the words that start a new ask inside a sentence.
SENTENCE_END = re.compile(r"(?<=[.?!;\n])\s*|(?=[\u00bf\u00a1])")
_ASKS_EN = r"how|what|whats|when|where|why|who|which|can|could|should|is|are|will|would|do|does|did|if"
_ASKS_ES = r"como|cómo|que|qué|cuando|cuándo|cuanto|cuánto|donde|dónde|por que|por qué|se puede|puede|es|hay|si"
_AND = rf"(?:and|y|e)(?: also| tambien| también)?(?=\s+(?:{_ASKS_EN}|{_ASKS_ES})\b)"  # "and how long..."
JOINS = re.compile(rf"\s*,?\s+\b(?:but|also|plus|pero|tambien|también|{_AND})\b\s*", re.IGNORECASE)
# Folded words that open a question in each language, or say "I want to know".
ASKING_STARTS = frozenset(
    "what whats how hows why when where who whos which can could is are will would should shall do does did "
    "any has have may might isnt arent cant wont explain tell "
    "que qué como cuando donde cual cuales quien quienes cuanto cuanta cuantos cuantas puede pueden podria "
    "se es son hay tiene tienen debo deberia deberiamos existe existen sera va vale necesito".split()
)
ASKING_PHRASES = (
    "i want to know",
    "i need to know",
    "i would like to know",
    "id like to know",
    "wondering",
    "i wonder",
    "any advice",
    "any tips",
    "need advice",
    "need help",
    "help me understand",
    "looking for",
    "quiero saber",
    "necesito saber",
    "me gustaria saber",
    "alguien sabe",
    "algun consejo",
    "necesito ayuda",
    "ayudenme",
    "me pueden decir",
    "pueden decirme",
)
# The words that open a question wherever they stand. The others in ASKING_STARTS ("is", "can",
# "do", "es", "tiene"...) open one only at the start of a sentence: after "and" in a statement they
# go on telling ("Grandma is jaundiced and is very tired").
QUESTION_WORDS = frozenset(
    "what whats how hows why when where who whos which explain tell "
    "que qué como cuando donde cual cuales quien quienes cuanto cuanta cuantos cuantas".split()
)
FILLERS = frozenset("and also so but then well ok okay plus y e tambien pero entonces bueno pues".split())
MIN_WORDS = 2  # a shorter clause ("ok.", "thanks!") is not read on its own


class Clause(NamedTuple):
    said: str  # folded (understanding/text.py)
    asks: bool  # a question, or "I want to know ..."


def clauses(text: str) -> list[Clause]:
    """The message's clauses in order, folded; empty ones and one-word ones left out."""
    out = []
    for sentence in SENTENCE_END.split(text):
        if not sentence or not sentence.strip():
            continue
        parts = JOINS.split(sentence)
        for i, part in enumerate(parts):
            said = normalise(part)
            if len(said.split()) >= MIN_WORDS:
                # The question mark belongs to the part that holds it: "My mom has breast cancer,
                # and is it curable?" asks in its second part only.
                marked = "?" in part or ("?" in sentence and i == len(parts) - 1)
                out.append(Clause(said, marked or asks(said, opening=i == 0)))
    return out


def asks(said: str, opening: bool = True) -> bool:
    """A folded clause that asks: it opens with a question word, or says it wants to know.
    `opening`: the clause starts its sentence (else only a question word opens an ask)."""
    words = said.split()
    while len(words) > 1 and words[0] in FILLERS:
        words.pop(0)  # "and should we...", "y que pasa si..."
    if words and words[0] in (ASKING_STARTS if opening else QUESTION_WORDS):
        return True
    padded = f" {said} "
    return any(f" {p} " in padded for p in ASKING_PHRASES)
