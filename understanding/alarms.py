"""Crisis triage: the one place that decides whether a message is an emergency, an overdose or
poisoning, or thoughts of self-harm - for the text line and the voice line alike.

`Triage.check(text)` returns an Alarm (its categories, and the language whose rules matched) or
None. The navigators answer an alarm before anything else: 911 first for an emergency or an
overdose, Poison Help for an overdose or poisoning, 988 for self-harm. Only the category is ever
logged, never the words.

The rules are data, one module per language (understanding/rules/en.py, es.py; why each list is
as it is: understanding/rules/__init__.py). This module reads a message with them: clauses,
text-speak, Spanish by sound, typos fixed towards crisis words (never a real word:
rules/real_words.py), negations, symptoms only asked about, signs told as weeks or years back.
Why the rules live in code and not in content/*.yaml: they are rules for reading (word
gaps, negations, near misses that must stay quiet), reviewed with their tests
(tests/test_alarms.py) and measured on the held-out sets (bench/understanding.py). What the
line *says* lives in content (crisis_emergency, crisis_overdose, crisis_self_harm).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import import_module
from types import ModuleType

from rapidfuzz import fuzz, process

from understanding import rules
from understanding.rules import real_words
from understanding.text import normalise

# In the order the replies come: 911 first, then Poison Help, then 988.
CATEGORIES = ("emergency", "overdose", "self_harm")
FUZZY_MIN = 84.0  # rapidfuzz ratio a typo needs to count as a crisis word ("sezure" 92, "suicde" 92)
FUZZY_MIN_LETTERS = 5  # shorter words are never guessed ("kill" is not "pill")
CLAUSE_END = re.compile(r"[,.;:!?\n\u00a1\u00bf]+")  # "No, I want to die": the "no" answers something else
# A negation just before a "~" wish cancels it; these words may stand between ("I don't really want to die").
NEGATIONS = frozenset({"no", "not", "dont", "never", "nunca", "jamas", "doesnt", "didnt", "ni", "wont"})
BETWEEN = frozenset({"really", "ever", "even", "just", "me", "se", "realmente", "i", "do"})


@dataclass(frozen=True)
class Alarm:
    categories: tuple[str, ...]  # in CATEGORIES order
    language: str  # the language whose rules matched first (answer in it)

    @property
    def emergency(self) -> bool:
        """911 first: a medical emergency, or an overdose or poisoning."""
        return "emergency" in self.categories or "overdose" in self.categories

    @property
    def overdose(self) -> bool:
        return "overdose" in self.categories

    @property
    def self_harm(self) -> bool:
        return "self_harm" in self.categories


class Respelling:
    """Whole words or phrases respelled, all in one pass over the text: the same as respelling
    them rule by rule, since no rule's output is another's input (tested), at a tenth of the cost.
    One plain alternation of the rules' words: regex groups around each rule would defeat the
    regex engine's quick first-letter test and cost more than the rule-by-rule passes."""

    def __init__(self, rules: list[tuple[str, str]], flags: int = 0):
        self.rules = rules  # (words pattern, replacement); the word boundaries are added here
        self.flags = flags
        self._each = [(re.compile(pattern, flags), replacement) for pattern, replacement in rules]
        self._rx = re.compile(r"\b(?:" + "|".join(pattern for pattern, _ in rules) + r")\b", flags)

    def __call__(self, text: str) -> str:
        return self._rx.sub(self._replace, text)

    def _replace(self, match: re.Match) -> str:
        said = match.group(0)  # the first rule that reads these words is the one the scan chose
        return next(replacement for rx, replacement in self._each if rx.fullmatch(said))


_SOFT_C = re.compile(r"c([ei])")
_SILENT_H = re.compile(r"(?<![cs\\])h")


def _sound_es(text: str) -> str:
    """Spanish as it sounds, so spelling slips meet: ll/y, v/b, z/s, ce/se, ci/si, silent h.
    Applied to the rules when they are compiled and to every message, so both meet halfway."""
    text = text.replace("ll", "y").replace("v", "b").replace("z", "s")
    return _SILENT_H.sub("", _SOFT_C.sub(r"s\1", text))


@dataclass(frozen=True)
class _Table:
    code: str
    # (categories, rx, negatable, marks): marks hold "?" (a strain: quiet beside caring), "!" (the
    # word "emergency" itself: quiet in a rallying cry), "&" (read across the clauses: two signs
    # told either side of a comma), or nothing (always answers, within one clause)
    rules: tuple[tuple[tuple[str, ...], re.Pattern, bool, str], ...]
    caring: re.Pattern  # caregiving or a treatment choice (or `calm`): a "?" strain rule stays quiet
    calm: re.Pattern  # an end-of-life story (hospice, a death): an emergency word alone stays quiet
    ward: re.Pattern  # the person is in a hospital bed now: an emergency sign alone is the story
    rally: re.Pattern  # a call for a cure or research: "this is an emergency!" is a figure of speech
    any: re.Pattern  # every rule at once: most messages hold none and are done in one search
    lexicon: tuple[str, ...]  # the crisis words a typo may be fixed to
    lexicon_near: dict[int, tuple[str, ...]]  # a word's length -> the lexicon words a typo of it may be
    words: frozenset[str]
    stems: tuple[str, ...]
    spelling: Respelling  # text-speak spelled out
    by_sound: bool


def _table(code: str, data: ModuleType) -> _Table:
    compiled, bodies = [], []
    by_sound = data.BY_SOUND
    for categories, pattern in data.RULES:
        marks = pattern[: len(pattern) - len(pattern.lstrip("~?!&"))]
        negatable, quiet = "~" in marks, "".join(m for m in marks if m in "?!&")
        body = pattern[len(marks) :]
        for name, value in data.MACROS.items():
            body = body.replace("{" + name + "}", value)
        if by_sound:
            body = _sound_es(body)
        compiled.append((categories, _whole_words(body), negatable, quiet))
        bodies.append(body)
    words = set()
    for _, rx, _, _ in compiled:
        words.update(w for w in re.findall(r"[a-z]{5,}", rx.pattern))
    lexicon = tuple(sorted(words))
    return _Table(
        code,
        tuple(compiled),
        _whole_words(data.CARING, by_sound),
        _whole_words(data.CALM, by_sound),
        _whole_words(data.WARD, by_sound),
        _whole_words(data.RALLY, by_sound),
        _whole_words("|".join(f"(?:{b})" for b in bodies)),
        lexicon,
        _near_lengths(lexicon),
        frozenset(words),
        lexicon,  # a word that starts with a rule's word already meets it ("cansada": "cansad[oa]")
        Respelling(data.SPELLING),
        by_sound,
    )


def _whole_words(body: str, by_sound: bool = False) -> re.Pattern:
    """A pattern matched on whole words of folded text (by sound for Spanish rules' extras)."""
    return re.compile(rf"(?<![a-z0-9])(?:{_sound_es(body) if by_sound else body})(?![a-z0-9])", re.ASCII)


def _near_lengths(lexicon: tuple[str, ...]) -> dict[int, tuple[str, ...]]:
    """For each length a typo can have, the lexicon words (in order) that could score FUZZY_MIN
    against it: a rapidfuzz ratio is at most 200 * shorter / (both lengths), so the others can
    never be the closest crisis word. Searching only these gives the same answer, quicker."""
    longest = max(map(len, lexicon))
    out = {}
    for length in range(1, 2 * longest + 1):
        near = tuple(w for w in lexicon if 200 * min(length, len(w)) / (length + len(w)) >= FUZZY_MIN)
        if near:
            out[length] = near
    return out


RULES = {code: import_module(f"understanding.rules.{code}") for code in rules.LANGUAGES}
TABLES = {code: _table(code, data) for code, data in RULES.items()}
# Accented past tenses respelled before folding (only Spanish has them now).
PAST = Respelling([pair for data in RULES.values() for pair in getattr(data, "PAST_WORDS", ())], re.IGNORECASE)
if any(word.isascii() for word, _ in PAST.rules):
    raise RuntimeError("Triage.check respells past tenses only in texts with an accent: each needs one")
ASKED_ABOUT = re.compile("|".join(f"(?:{data.ASKED_ABOUT})" for data in RULES.values()))
ASKED_WORDS = frozenset().union(*(data.ASKED_WORDS for data in RULES.values()))
OVERDOSE_ASKED = re.compile("|".join(f"(?:{data.OVERDOSE_ASKED})" for data in RULES.values()))
OVERDOSE_TAKEN = re.compile("|".join(f"(?:{data.OVERDOSE_TAKEN})" for data in RULES.values()))
WHETHER_TO_CALL = re.compile("|".join(f"(?:{data.WHETHER_TO_CALL})" for data in RULES.values()))


class Triage:
    """Reads a message for a crisis in every language it has rules for."""

    def __init__(self, known_words: frozenset[str] = frozenset()):
        # Words of the content: real words, never "fixed" into a crisis word.
        self.known = {
            code: frozenset(_sound_es(w) for w in known_words) if t.by_sound else frozenset(known_words)
            for code, t in TABLES.items()
        }
        # ...nor the real words each language's rules name as a letter away from a crisis word, nor
        # any word of that language's dictionary that the fixer would change ("cooking" is not
        # "choking": understanding/rules/real_words.py, made by understanding/rules/dictionary.py).
        self.known = {
            code: known | frozenset(getattr(RULES[code], "REAL_WORDS", ())) | real_words.WORDS.get(code, frozenset())
            for code, known in self.known.items()
        }

    def check(self, text: str, first: str | None = None) -> Alarm | None:
        """The crisis categories of this text, or None. `first`: the language to try first."""
        order = sorted(TABLES, key=lambda c: c != first)
        if not text.isascii():  # every past tense respelled here carries an accent
            text = PAST(text)
        # Asking whether to call 911 is not calling: taken out before anything reads the message
        clauses = [c for c in (_unasked(normalise(part)) for part in CLAUSE_END.split(text)) if c]
        if not clauses:
            return None
        found: list[str] = []
        language = None
        reads = {}  # each language's reading of each clause
        wholes = {}  # ...and of the whole text
        for code in order:
            table = TABLES[code]
            read = reads[code] = [self._read(table, c) for c in clauses]
            whole = wholes[code] = " ".join(read)
            # One search over the whole text settles most messages; a short clause is searched on its
            # own too, for the rules that must be the whole clause ("EMERGENCY!", "911").
            short = [c for c in read if len(c.split()) <= 3] if len(read) > 1 else []
            if not table.any.search(whole) and not any(table.any.search(c) for c in short):
                continue
            calm = bool(table.calm.search(whole))
            caring = calm or bool(table.caring.search(whole))
            rally = bool(table.rally.search(whole))
            for categories, rx, negatable, quiet in table.rules:
                if all(c in found for c in categories) or ("?" in quiet and caring):
                    continue  # "I can't do this anymore" from a tired caregiver: their topic, not 988
                if "!" in quiet and rally:
                    continue  # "Stage 4 is an emergency! We need a cure": a cause, not a call for help
                # "&": "he hit his head, now he is confused" - the blow and what followed, a comma apart
                if any(_says(clause, rx, negatable) for clause in ((whole,) if "&" in quiet else read)):
                    found.extend(c for c in categories if c not in found)
                    language = language or code
        if found == ["emergency"] and _a_story(wholes) and not CALLING_NOW.search(" ".join(clauses)):
            # "she was unresponsive the last two days, in hospice", "mum is in hospital, her speech
            # is slurred": a story told, with nurses at hand - not a 911 call. Decided over every
            # language's rules at once: the story may be told in words only one of them reads.
            found = []
        if found == ["emergency"] and _only_long_ago(clauses, reads):
            # "my husband had a heart attack 2 months ago and is in cardiac rehab": a sign told of
            # weeks or years back, nothing said of now - the care team answers, not 911.
            found = []
        found = [c for c in found if not (c == "emergency" and _only_asked_about(clauses, found))]
        if found == ["overdose"] and _overdose_only_asked_about(clauses):
            found = []
        if not found:
            return None
        return Alarm(tuple(c for c in CATEGORIES if c in found), language or order[0])

    def _read(self, table: _Table, clause: str) -> str:
        return _read(table.code, clause, self.known[table.code])


def _read(code: str, clause: str, known: frozenset[str]) -> str:
    """A clause as the rules read it: text-speak spelled out, Spanish by sound, typos fixed.
    Not cached: nothing a person wrote is kept once their message is answered."""
    table = TABLES[code]
    text = table.spelling(clause)
    if table.by_sound:
        text = _sound_es(text)
    fixed = []
    for word in text.split():
        if (
            len(word) >= FUZZY_MIN_LETTERS
            and word not in known
            and word not in table.words
            and not word.isdigit()
            and not word.startswith(table.stems)  # "cansada" already meets the rule's "cansad[oa]"
        ):
            word = _closest(table, word)
        fixed.append(word)
    return " ".join(fixed)


def _closest(table: _Table, word: str) -> str:
    """The crisis word this word is a typo of ("sezure" -> "seizure"), or the word itself."""
    near = table.lexicon_near.get(len(word))
    hit = process.extractOne(word, near, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN) if near else None
    return hit[0] if hit else word


def _says(clause: str, rx: re.Pattern, negatable: bool) -> bool:
    for found in rx.finditer(clause):
        if negatable and _negated(clause, found.start()):
            continue
        return True
    return False


def _negated(clause: str, start: int) -> bool:
    before = clause[:start].split()
    while before and before[-1] in BETWEEN:
        before.pop()
    return bool(before) and before[-1] in NEGATIONS


def _only_long_ago(clauses: list[str], reads: dict[str, list[str]]) -> bool:
    """Every clause an emergency rule reads (`reads`: each language's reading of each clause) says
    it was days, weeks or years ago, and nothing in the message says now ("had a stroke last year,
    now she cant speak" still answers)."""
    # "now on keppra and doing fine" says it is over, not happening: only another "now" counts
    unsettled = " ".join(c for c in clauses if not WELL_NOW.search(c))
    if CALLING_NOW.search(" ".join(clauses)) or NOW.search(unsettled):
        return False
    told = {
        i
        for code, read in reads.items()
        for i, clause in enumerate(read)
        if any("emergency" in cats and _says(clause, rx, neg) for cats, rx, neg, _ in TABLES[code].rules)
    }
    well = any(WELL.search(c) for c in clauses)
    return bool(told) and all(LONG_AGO.search(clauses[i]) or (well and RECENT.search(clauses[i])) for i in told)


def _a_story(wholes: dict[str, str]) -> bool:
    """An end-of-life story, or someone in a hospital bed now (CALM, WARD), in any language's words."""
    return any(TABLES[code].calm.search(w) or TABLES[code].ward.search(w) for code, w in wholes.items())


def _only_asked_about(clauses: list[str], found: list[str]) -> bool:
    """An emergency word that only names a symptom someone asks about ("what do seizures look like")."""
    if found != ["emergency"]:
        return False
    text = " ".join(clauses)
    words = set(text.split())
    return bool(words & ASKED_WORDS) and bool(ASKED_ABOUT.search(text)) and not _urgent(text)


def _overdose_only_asked_about(clauses: list[str]) -> bool:
    """An overdose asked about in general ("how much morphine is an overdose", "what happens if
    someone overdoses"), nothing taken and no means in excess: the pain topic answers, not 911."""
    text = " ".join(clauses)
    return bool(OVERDOSE_ASKED.search(text)) and not OVERDOSE_TAKEN.search(text) and not _urgent(text)


def _unasked(clause: str) -> str:
    """The clause without a question whether to call 911 (each language's WHETHER_TO_CALL)."""
    return " ".join(WHETHER_TO_CALL.sub(" ", clause).split())


# Words that make a story a call for help now, whatever else it says (a question whether to call is
# already taken out: "do we still call 911 or hospice first").
CALLING_NOW = re.compile(r"\b(?:right now|ahora mismo|911)\b")
# A sign told as days, weeks or years back (folded text, both languages)...
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DIAS = "lunes|martes|miercoles|jueves|viernes|sabado|domingo"
_MESES = "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
LONG_AGO = re.compile(
    r"\b(?:\d+|a|an|one|two|three|four|five|six|several|a few|few|some)"
    r" (?:days?|weeks?|wks?|months?|mos?|years?|yrs?) ago\b"
    rf"|\blast (?:week|month|year|spring|summer|fall|autumn|winter|{_DAYS})\b|\bin (?:19|20)\d\d\b"
    rf"|\b(?:in|back in) (?:{_MONTHS})\b"
    r"|\bhace (?:\d+|un|una|unos|unas|dos|tres|cuatro|cinco|seis|varios|varias|algunos|algunas|mas de un|mas de una)"
    r" (?:dias?|semanas?|mes|meses|anos?)\b|\b(?:la semana pasada|el mes pasado|el ano pasado)\b"
    rf"|\b(?:el )?(?:{_DIAS}) pasado\b|\ben (?:{_MESES})\b|\bel (?:{_DIAS}) (?:a (?:mi|su) \w+ )?(?:le|me|nos) dio\b"
)
# ...or last night or yesterday, when the message also says all is well today ("I fainted last night
# getting up too fast, I'm ok today"): still "anoche no despertaba" alone answers
RECENT = re.compile(r"\b(?:last night|yesterday|this morning|anoche|ayer|esta manana)\b")
# All is well again ("doing fine", "none since", "hoy ya estoy bien"), not said with a "not" before it...
_WELL = (
    r"(?<!not )(?<!isnt )(?<!no )\b(?:doing (?:fine|well|better|ok|okay|good)"
    r"|(?:is|im|hes|shes|are) (?:fine|ok|okay|stable|better)"
    r"|(?:esta|estoy|sigue) (?:bien|mejor|estable)|(?:hasnt|has not|havent|have not) had (?:another|any more|one since)"
    r"|(?:been |doing |totally )?(?:fine|ok|okay|good|normal) (?:since|all day|ever since|today)|none since|quedo bien"
    r"|(?:esta|sigue) tranquil[oa]|(?:hoy|ya) (?:estoy|esta) bien|no (?:le |me )?ha vuelto"
    r"|(?<!hasnt )(?<!never )(?<!not )(?:fully |completely )?recovered|(?<!no )salio (?:todo )?bien|todo salio bien)\b"
)
WELL = re.compile(_WELL)
# ...and a "now" that says so ("now on keppra and doing fine", "doing good now"), or that only
# worries ("now im worried about another one"): the now of such a clause is not a sign going on.
_WORRIED = (
    r"(?:im|i am|were|we are|hes|shes) (?:worried|scared|afraid|nervous)|(?:estoy|estamos) (?:preocupad|asustad)\w*"
)
_SETTLED = rf"(?:{_WELL}|\b(?:{_WORRIED})\b)"
WELL_NOW = re.compile(rf"\b(?:now|ahora|today|hoy)\b.*{_SETTLED}|{_SETTLED}.*\b(?:now|ahora|today|hoy)\b")
# ...unless the message says it is now, or again.
# ("should he still drive" asks about a plan, not a sign going on)
NOW = re.compile(
    # ("now has lung cancer" tells what came after, "is it likely to happen again" a worry)
    r"\b(?:(?<!for )now(?! (?:has|have|with|diagnosed with|got|fighting) (?:\w+ ){0,3}cancer)|today|tonight"
    r"|(?<!drive )(?<!driving )(?<!work )(?<!travel )(?<!happen )(?<!it happening )(?<!from happening )again"
    r"|still(?! (?:be )?(?:drive|driving|work|working|travel|fly|go|get|take|be able))"
    r"|ahora|hoy|esta noche|otra vez|de nuevo|todavia|sigue)\b"
)


# Words that make a sign asked about one happening ("how do you know if someone is having a stroke"
# asks; "he is having one" tells; "me da miedo que le dé un derrame, ya tiene la cara chueca" tells one now)
URGENT = re.compile(
    r"\b(?:now|right now|(?<!if someone is )(?<!if somebody is )having|help|911|esta teniendo|ya tiene|ayuda|auxilio)\b"
)


def _urgent(text: str) -> bool:
    return bool(URGENT.search(text))
