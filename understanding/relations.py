"""Who a message is about: "my mom", "mi esposo", "my husband's cancer" - or the writer themself.

Reading.relation carries it so the line can remember it for the conversation and speak of "your
mom" rather than "you". One word for each kind of person, in every language; SELF when the writer
says the illness is their own ("I have stage 4", "me diagnosticaron") and names no one close, so a
phone shared by a patient and their family stops speaking as family; None when we cannot tell.
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
SELF = "self"  # the writer's own illness: not family (see family())
# Folded words that say the illness is the writer's own: "I have ... cancer", "my tumor".
ILLNESS = frozenset(
    "cancer cancers stage tumor tumors tumour mets metastatic metastasis metastases carcinoma lymphoma "
    "leukemia melanoma myeloma sarcoma tumores metastasico metastasica linfoma leucemia mieloma".split()
)
HAVE = frozenset({"i", "ive", "im", "tengo", "padezco"})  # "i have", "ive got", "im stage 4", "tengo"
OWN_SIGNS = frozenset({"diagnosticaron", "diagnostico", "diagnosticado", "diagnosticada"})


def family(relation: str | None) -> bool:
    """Whether a relation (read or remembered) means the line speaks to family."""
    return relation is not None and relation != SELF


def relation(said: str) -> str | None:
    """The first close person this folded text names after "my" / "mi" / "mis"; else SELF when the
    writer says the illness is theirs; else None."""
    return close_person(said) or (SELF if own_illness(said) else None)


def own_illness(said: str) -> bool:
    """ "i have stage 4 lung cancer", "im stage 4", "my cancer spread", "tengo cancer",
    "me diagnosticaron": the writer's own illness, said in the first person near an illness word."""
    words = said.split()
    for i, word in enumerate(words):
        ahead = words[i + 1 : i + 1 + LOOK_AHEAD]
        if word in HAVE and any(w in ILLNESS for w in ahead):
            return True
        if word in MINE and ahead and ahead[0] in ILLNESS:
            return True  # "my cancer", "mi cancer" (not "my mom's cancer": that names her first)
        if word == "me" and ahead and ahead[0] in OWN_SIGNS:
            return True
        if word == "i" and ahead[:2] in (["was", "diagnosed"], ["got", "diagnosed"]):
            return True
    return False


def close_person(said: str) -> str | None:
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
