"""Who a message is about: "my mom", "mi esposo", "my husband's cancer" - or the writer themself.

Reading.relation carries it so the line can remember it for the conversation and speak of "your
mom" rather than "you". One word for each kind of person, in every language; None when the
message names no one close (the person is asking for themself, or we cannot tell).
"""

from __future__ import annotations

# Folded words after "my" / "mi" / "mis" -> the relation the line remembers.
WORDS = {
    "mom": "mom mother mum mommy momma mama mami madre madrecita mamita",
    "dad": "dad father daddy papa pop papi padre papito",
    "husband": "husband hubby esposo marido",
    "wife": "wife esposa mujer",
    "son": "son hijo",
    "daughter": "daughter hija",
    "partner": "partner boyfriend girlfriend fiance fiancee novio novia pareja companero companera",
    "friend": "friend bestie amigo amiga",
    "family": "brother sister sibling grandma grandmother grandpa grandfather granny nana aunt uncle cousin niece "
    "nephew stepmom stepdad stepmother stepfather inlaw inlaws hermano hermana abuela abuelo abuelita abuelito "
    "tia tio prima primo sobrina sobrino suegra suegro cunada cunado nuera yerno familiar",
}
BY_WORD = {word: relation for relation, words in WORDS.items() for word in words.split()}
MINE = frozenset({"my", "mi", "mis", "our", "nuestra", "nuestro", "nuestros"})
FAMILY = frozenset({"parents", "padres", "kids", "children", "hijos", "family", "familia", "siblings", "hermanos"})
LOOK_AHEAD = 4  # "my 70 year old mom", "mi querida madre"


def relation(said: str) -> str | None:
    """The first close person this folded text names after "my" / "mi" / "mis", or None."""
    words = said.split()
    for i, word in enumerate(words):
        if word not in MINE:
            continue
        for after in words[i + 1 : i + 1 + LOOK_AHEAD]:
            if after in MINE:
                break
            if after in FAMILY:
                return "family"  # "mis padres": both of them, or the household
            found = BY_WORD.get(after) or BY_WORD.get(after.removesuffix("s"))
            if found:
                return found
    return None
