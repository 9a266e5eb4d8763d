"""Crisis and emergency words: checked before anything else a person writes, in every language.

`check(text)` says whether a message speaks of harming oneself (`self_harm`), of a way to do
it (`means`: an overdose, a whole bottle of pills) or of a medical emergency (`emergency`:
cannot breathe, chest pain, a seizure). The text line then answers at once with the crisis
line and/or the emergency number (prompts crisis_self_harm, crisis_emergency) before any
other content. Only the category is ever logged, never the words.

Why the phrase lists live here and not in content/*.yaml: they are rules for reading what
people write (with negations and deliberate near misses), not words the line says; keeping
them beside the matcher keeps the rules and their tests reviewed together. What the line
*says* in a crisis lives in content (crisis_self_harm, crisis_emergency), translated like
every prompt. Every language in content/ must have a table here (a test checks).

How the choices were made (the tests hold every example below):
- Err towards answering. A caring 988/911 message sent by mistake costs little; a missed
  one can cost a life. So any mention of suicide triggers, even "I'm not suicidal", and
  "I want to die" triggers even as "I want to die at home" (we cannot tell the wish apart
  from a place-of-care wish in one text).
- But fear of dying and questions about it are the line's daily work, not a crisis: "will I
  die?", "am I dying", "how long until I die", "me voy a morir?" get the content (cure,
  what comes next). "I don't want to die" / "no quiero morir" are the opposite of intent,
  so a negation right before "want to die" / "quiero morir" cancels it - while "no quiero
  vivir" (I don't want to live) is itself a crisis phrase.
- Idioms stay quiet: "killing time", "this pain is killing me", "is chemo going to kill me?",
  "el dolor me está matando". "kill myself", "kms" and "just kill me" trigger.
- Pills alone are everyday medicine talk ("the pills make me sick?", "which pain pills
  help", "I take all my pills every morning", "tomo muchas pastillas"). Means need excess
  or intent: "overdose", "all my pills at once", "took too many pills", "a whole bottle of",
  "sobredosis", "me tomé todas", "todas mis pastillas de una vez".
- Breathing: "can't breathe", "cant breath", "hard to breathe", "no puedo respirar" are
  emergencies; "breathe easier", "breathing exercises" and "short of breath" (a common
  symptom question; the lung signs topic itself says when to call 911) are not.
- Chest: "chest pain", "my chest hurts", "dolor de pecho" trigger; "chest x-ray", "chest
  port", "radiografía de pecho" do not.
- Matching is on whole words after folding case, accents, apostrophes ("cant") and repeated
  letters ("kiiill", "pleeease", "sooobredosis"), never fuzzy: a guessed word must not
  decide a crisis reply, and a missed typo still reaches the menu, which always shows 911.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flows.keywords import normalise

CATEGORIES = ("self_harm", "means", "emergency")

# One phrase list per language and category, phrases separated by ";" (folded like texts are).
_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "self_harm": """
            kill myself; kill my self; killing myself; kms; just kill me; please kill me; end my life; end my
            own life; ending my life; end it all; take my life; take my own life; want to die; wanna die; want
            to be dead; wish i was dead; wish i were dead; better off dead; rather be dead; dont want to live;
            do not want to live; dont want to be alive; dont want to be here anymore; no reason to live; nothing
            to live for; hurt myself; hurting myself; harm myself; self harm; cut myself; suicide; suicidal
        """,
        "means": """
            overdose; overdosed; overdosing; all my pills at once; all of my pills at once; swallow all my
            pills; swallowed all my pills; took too many pills; taken too many pills; whole bottle of; bottle of
            pills; stockpiling pills; saving up my pills; pills to die; pills to end it
        """,
        "emergency": """
            cant breathe; cannot breathe; can not breathe; cant breath; cannot breath; unable to breathe; not
            breathing; stopped breathing; hard to breathe; trouble breathing; struggling to breathe; gasping for
            air; choking; chest pain; chest pains; pain in my chest; chest hurts; chest is tight; heart attack;
            stroke; seizure; seizures; seizing; convulsion; convulsions; convulsing; passed out; fainted;
            unconscious; wont wake up; cant wake; coughing up blood; vomiting blood; throwing up blood; cant
            stop bleeding; wont stop bleeding; cant feel my legs; cant move my legs
        """,
    },
    "es": {
        "self_harm": """
            quiero morir; quiero morirme; me quiero morir; quisiera morir; quisiera morirme; deseo morir; ganas
            de morir; ganas de morirme; no quiero vivir; no quiero seguir viviendo; no quiero estar vivo; no
            quiero estar viva; suicidarme; suicidio; suicida; suicidar; matarme; me voy a matar; me quiero
            matar; quitarme la vida; acabar con mi vida; terminar con mi vida; hacerme dano; lastimarme;
            cortarme las venas; mejor muerto; mejor muerta; no vale la pena vivir; ojala estuviera muerto; ojala
            estuviera muerta
        """,
        "means": """
            sobredosis; todas mis pastillas de una vez; todas las pastillas de una vez; tragarme todas; me tome
            todas; me tome demasiadas; tome demasiadas pastillas; frasco de pastillas; todo el frasco; pastillas
            para morir
        """,
        "emergency": """
            no puedo respirar; no puede respirar; no respira; me ahogo; me estoy ahogando; me cuesta respirar;
            dolor de pecho; dolor en el pecho; me duele el pecho; ataque al corazon; infarto; derrame cerebral;
            convulsion; convulsiones; convulsionando; ataque epileptico; se desmayo; me desmaye; inconsciente;
            no despierta; no reacciona; tose sangre; toso sangre; vomita sangre; vomito sangre; no para de
            sangrar
        """,
    },
}
PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    code: {cat: tuple(" ".join(p.split()) for p in words.split(";") if p.strip()) for cat, words in table.items()}
    for code, table in _WORDS.items()
}

# A negation right before these, in the same clause, cancels them ("I don't want to die",
# "no me quiero morir"); a few small words may sit between ("I don't really want to die").
NEGATABLE = {
    " ".join(p.split())
    for p in """
    deseo morir; me quiero morir; quiero morir; quiero morirme; quisiera morir; quisiera morirme; wanna
    die; want to be dead; want to die
""".split(";")
}
NEGATIONS = {"no", "not", "dont", "never", "nunca", "jamas", "doesnt", "didnt", "ni"}
BETWEEN = {"really", "ever", "even", "just", "me", "realmente"}
CLAUSE_END = re.compile(r"[,.;:!?\n\u00a1\u00bf]+")  # "No, I want to die": the "no" answers something else


@dataclass(frozen=True)
class Alarm:
    categories: tuple[str, ...]  # in CATEGORIES order: self_harm, means, emergency
    language: str  # the language whose phrase matched first (answer in it)

    @property
    def self_harm(self) -> bool:
        return "self_harm" in self.categories or "means" in self.categories

    @property
    def emergency(self) -> bool:
        return "emergency" in self.categories or "means" in self.categories


def fold(text: str) -> str:
    """normalise(), then every doubled letter made single, so "kiiilll" and "kill" read alike."""
    return re.sub(r"([a-z])\1+", r"\1", normalise(text))


_PATTERNS = {
    code: {
        category: [(phrase, re.compile(rf"(?<![a-z0-9]){re.escape(fold(phrase))}(?![a-z0-9])")) for phrase in phrases]
        for category, phrases in table.items()
    }
    for code, table in PHRASES.items()
}
# One pattern for all of a language's phrases: most texts hold none, and are done in one search.
_ANY = {
    code: re.compile(
        r"(?<![a-z0-9])(?:" + "|".join(re.escape(fold(p)) for t in table.values() for p in t) + r")(?![a-z0-9])"
    )
    for code, table in PHRASES.items()
}
_NEGATABLE = {fold(p) for p in NEGATABLE}
_NEGATIONS = {fold(w) for w in NEGATIONS}
_BETWEEN = {fold(w) for w in BETWEEN}


def _negated(folded: str, start: int) -> bool:
    before = folded[:start].split()
    while before and before[-1] in _BETWEEN:
        before.pop()
    return bool(before) and before[-1] in _NEGATIONS


def _says(folded: str, phrase: str, pattern: re.Pattern) -> bool:
    for found in pattern.finditer(folded):
        if fold(phrase) in _NEGATABLE and _negated(folded, found.start()):
            continue
        return True
    return False


def check(text: str, languages: tuple[str, ...] | None = None) -> Alarm | None:
    """The crisis categories this text speaks of (all languages unless given), or None."""
    whole = fold(text)
    codes = [c for c in languages or tuple(PHRASES) if c in _ANY and _ANY[c].search(whole)]
    if not codes:
        return None
    clauses = [c for c in (fold(part) for part in CLAUSE_END.split(text)) if c]
    found: list[str] = []
    language = None
    for code in codes:
        for category, patterns in _PATTERNS[code].items():
            if category in found:
                continue
            if any(_says(clause, p, rx) for clause in clauses for p, rx in patterns):
                found.append(category)
                language = language or code
    if not found:
        return None
    return Alarm(tuple(c for c in CATEGORIES if c in found), language or "")
