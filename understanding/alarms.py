"""Crisis triage: the one place that decides whether a message is an emergency, an overdose or
poisoning, or thoughts of self-harm - for the text line and the voice line alike.

`Triage.check(text)` returns an Alarm (its categories, and the language whose rules matched) or
None. The navigators answer an alarm before anything else: 911 first for an emergency or an
overdose, Poison Help for an overdose or poisoning, 988 for self-harm. Only the category is ever
logged, never the words.

Why these rules live in code and not in content/*.yaml: they are rules for reading (word gaps,
negations, near misses that must stay quiet), reviewed together with their tests
(tests/test_alarms.py) and measured on the held-out set (bench/understanding.py). What the line
*says* lives in content (crisis_emergency, crisis_overdose, crisis_self_harm). Every content
language needs a table here: a test checks it.

How the lists were chosen (FIELD-NOTES, "Safety and privacy"):
- Recall first. A caring 911/988 reply sent by mistake costs little; a missed one can cost a
  life. So any mention of suicide answers, even "I'm not suicidal", and "I want to die" answers
  even when it might mean "at home".
- People write indirectly: "everyone would be better off without me", "can't do this anymore",
  "I'm a burden", "I wish I wouldn't wake up" - the wish without the word. They write about
  someone else ("he collapsed", "his lips are turning blue", "she wants to kill herself"), so
  the rules say he/she/my mom as well as I.
- Means predict rescue better than the word "suicide" (Crisis Text Line, 100M+ messages): pills,
  tablets, "800 mg", acetaminophen, a whole bottle, the pill emoji, a gun. Means with excess
  ("all my pills", "took 20", "a handful", "too many") or with intent ("going to take", "saving
  up") answer; medicine talk without excess does not ("which pain pills help", "I take all my
  meds every morning", "tomo muchas pastillas para el dolor"). Taking all of them, a whole
  bottle, or saying so ahead is also self-harm: 988 with 911 and Poison Help.
- Fear of dying and questions about it are this line's daily work, not a crisis: "will I die
  from this", "am I dying", "I'm going to die", "me voy a morir?" get the outlook topic. "I don't
  want to die" / "no quiero morir" are the opposite of intent: a negation just before a wish
  cancels it, while "no quiero vivir" is itself a crisis phrase.
- Idioms stay quiet: "the waiting is killing me", "my back is killing me", "dying to know",
  "chemo kills cells", "el dolor me está matando". "kill myself", "kms", "just kill me" answer.
- A symptom asked about is not a symptom happening: "what do seizures from brain mets look like"
  gets the brain signs, "she is having a seizure" gets 911. "short of breath" (a common symptom
  question; the lung signs topic says when to call 911), "breathing exercises", "chest x-ray",
  "chest port", "radiografía de pecho" stay quiet; "can't breathe", "chest pain", "no puede
  respirar" answer.
- Typos: words are folded (case, accents, apostrophes, "kiiill"), text-speak is spelled out
  ("cnt", "u", "wanna", "kms"), Spanish is read by sound (ll/y, v/b, z/s: "se desmallo" is "se
  desmayó"), and a word of 5+ letters that is not a known word is fixed to the nearest crisis word
  when it is close ("unconcious", "sezure", "suicde"). Guessing towards a crisis is the safe side.
"""

from __future__ import annotations

import re
import re._constants as sre
import re._parser as sre_parser
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from understanding.text import normalise

# In the order the replies come: 911 first, then Poison Help, then 988.
CATEGORIES = ("emergency", "overdose", "self_harm")
FUZZY_MIN = 84.0  # rapidfuzz ratio a typo needs to count as a crisis word ("sezure" 92, "suicde" 92)
FUZZY_MIN_LETTERS = 5  # shorter words are never guessed ("kill" is not "pill")
CLAUSE_END = re.compile(r"[,.;:!?\n\u00a1\u00bf]+")  # "No, I want to die": the "no" answers something else


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


# -- the rules -----------------------------------------------------------------------------------
# Each rule: (categories, pattern). Patterns are regular expressions over the folded text, with
# {macros} below, matched on whole words. A pattern starting with "~" is a wish a negation just
# before it cancels ("I don't want to die", "no me quiero morir").
_EN_MACROS = {
    "self": r"(?:myself|my self|himself|herself|themselves|themself|yourself)",
    "someone": r"(?:i|im|me|he|she|they|him|her|them|we|my \w+|his \w+|her \w+|mom|dad|mum|husband|wife|son|daughter"
    r"|brother|sister|father|mother|grandma|grandpa|baby|kid|child|partner|friend|patient)",
    "poss": r"(?:my|his|her|their|our|your|the)",
    "gap": r"(?:\w+ ){0,3}",
    "means": r"(?:pills?|tablets?|meds|medications?|medicines?|capsules?|caps|patch(?:es)?|doses?|painkillers?|pain killers?"
    r"|acetaminophen|tylenol|paracetamol|ibuprofen|advil|motrin|aleve|naproxen|aspirin|excedrin|oxycodone|oxy|oxys"
    r"|oxycontin|percocet|vicodin|hydrocodone|morphine|fentanyl|dilaudid|hydromorphone|methadone|tramadol|codeine"
    r"|opioids?|opiates?|narcotics?|xanax|valium|ativan|lorazepam|benzos?|ambien|sleeping pills|sleep pills|insulin"
    r"|antidepressants?|heroin|pillemoji)",
    "excess": r"(?:too many|too much|all|all of|every|whole|entire|handful|a handful of|bunch|a bunch of|bottle"
    r"|lots of|a lot of|extra|double|triple|[1-9]\d+|[5-9]|\d{3,} ?(?:mg|mcg|milligrams?))",
    "took": r"(?:took|taken|swallowed|ate|eaten|downed|popped|drank|drunk|injected|used|overdid)",
    "intent": r"(?:going to|want to|wanna|plan to|planning to|planning on|thinking about|thinking of|think about"
    r"|about to|ready to|gonna|will|might|decided to|tonight i will)",
    "poison": r"(?:bleach|antifreeze|anti freeze|poison|rat poison|drain cleaner|detergent|laundry pods?|chemicals?"
    r"|cleaning (?:stuff|products?|fluid)|lye|gasoline|windshield fluid|pesticide|weed killer|lighter fluid)",
}
_EN = [
    # self-harm, said straight out (first or third person)
    (("self_harm",), r"kill {self}|killing {self}|kms|kill me now|(?:just|please|someone|somebody) kill me"),
    (
        ("self_harm",),
        r"suicid\w*|sucid\w*|suicd\w*|self harm\w*|selfharm\w*|(?:hurt|hurting|harm|harming|cut|cutting) {self}",
    ),
    (
        ("self_harm",),
        r"(?:end|ending|take|taking) {poss} (?:own )?life|end it all|(?:end|ending) it (?:all|now|tonight|today)",
    ),
    (("self_harm",), r"(?:want|wants|wanted|thinking about|thinking of|think about) (?:to )?(?:end|ending) it$"),
    (("self_harm",), r"~(?:want|wants|wanted|wanna|wish|wishes|ready|plan|planning|trying) to (?:die|be dead)"),
    (
        ("self_harm",),
        r"~(?:let me|i should|i just want to|i wanna) die|better off dead|rather be dead|wish (?:i|he|she) (?:was|were) dead",
    ),
    (
        ("self_harm",),
        r"(?:dont|doesnt|do not|does not) (?:really )?(?:want|wanna) to (?:live|be alive|be here|go on|exist|wake up|keep living)",
    ),
    (("self_harm",), r"no (?:reason|point) (?:to|in) (?:live|living|go on|going on|keep going|be here|being alive)"),
    (
        ("self_harm",),
        r"no reason to keep going|nothing (?:left )?to live for|(?:whats|what is) the point (?:of|in) (?:living|life|going on|anything)",
    ),
    (
        ("self_harm",),
        r"better (?:off )?without me|nobody (?:would|will) (?:miss|care)|no one (?:would|will) (?:miss|care)",
    ),
    (
        ("self_harm",),
        r"(?:im|i am|i feel like|being|feel like) (?:such )?a burden|burden (?:to|on) (?:everyone|my family|them|you)",
    ),
    (
        ("self_harm",),
        r"(?:cant|couldnt) (?:do this|take (?:it|this)|go on|keep going|handle (?:it|this)|live like this|stand (?:it|this))(?: anymore| any more| any longer| no more|$)",
    ),
    (
        ("self_harm",),
        r"(?:wouldnt|would not|dont|never|not) wake up(?: again)?(?! from)|go to sleep and (?:not|never) wake",
    ),
    (
        ("self_harm",),
        r"give up on (?:life|living|everything)|done (?:with )?(?:life|living)|tired of (?:living|life|being alive)|sick of living",
    ),
    (("self_harm",), r"want (?:it|this|everything) (?:all )?to (?:end|be over)|(?:just|i) want it (?:all )?over"),
    (
        ("self_harm",),
        r"(?:jump|jumping) (?:off|from|in front)|hang {self}|(?:shoot|shooting) {self}|(?:gun|pistol|noose|firearm)",
    ),
    (
        ("self_harm",),
        r"(?:happier|better off|better) if (?:i|im) (?:was |were |am )?(?:gone|dead|not here)|never (?:been )?born",
    ),
    (
        ("self_harm",),
        r"im done$|(?:i )?cant (?:anymore|any more)$|(?:life|living) (?:is|isnt|is not|aint) (?:not )?worth (?:living|it)",
    ),
    (("self_harm",), r"(?:suicide|goodbye) (?:note|letter)|saying goodbye to (?:everyone|my family|you all)"),
    # overdose and poisoning: means with excess, taken or intended
    (("overdose",), r"overdos\w*|od(?:ed|d)? on|poisoned|poisoning"),
    (("overdose",), r"{took} {gap}{excess} {gap}{means}|{took} {gap}{means} {gap}(?:too many|too much|at once)"),
    (("overdose", "self_harm"), r"{took} {gap}(?:all|every|whole|entire|bottle) {gap}{means}"),
    (
        ("overdose", "self_harm"),
        r"{intent} (?:\w+ ){0,2}(?:take|taking|swallow|swallowing|overdose on|down) {gap}{excess} {gap}{means}",
    ),
    (
        ("overdose", "self_harm"),
        r"(?:saving|saving up|stockpiling|hoarding|collecting) (?:\w+ ){0,2}{means}|{means} to (?:die|end it)|pillemoji",
    ),
    (("overdose",), r"(?:drank|drink|drinking|swallowed|ate|eaten|ingested|got into) {gap}{poison}"),
    (("overdose",), r"(?:got into|ate|swallowed|chewed) {gap}{means}"),
    # medical emergencies (first or third person)
    (
        ("emergency",),
        r"(?:cant|unable to|struggling to|hard to|trouble|difficulty|fighting to) (?:catch (?:\w+ )?)?breath(?:e|ing)?",
    ),
    (
        ("emergency",),
        r"(?:not|isnt|stopped|stop|quit|no) breath(?:e|ing)|gasping|choking|choked|suffocating|cant get (?:air|enough air)",
    ),
    (
        ("emergency",),
        r"(?:turning|turned|going|is|are|look|looks|gone) blue|blue lips|lips (?:are )?(?:turning |going )?(?:blue|purple)",
    ),
    (
        ("emergency",),
        r"chest (?:pain|pains|hurts|hurting|pressure|is tight|tightness|feels tight|is crushing)|pain in {poss} chest|crushing (?:pain|chest)|heart attack",
    ),
    (
        ("emergency",),
        r"passed out|pass(?:es|ing)? out|fainted|fainting|collaps\w*|unconscious|unresponsive|blacked out|keeled over",
    ),
    (
        ("emergency",),
        r"(?:not|isnt|wont|doesnt|didnt|stopped) respond\w*|(?:wont|cant|couldnt|doesnt|will not|not) wak(?:e|ing) (?:up|him|her)|cant wake|no pulse",
    ),
    (
        ("emergency",),
        r"seiz(?:ure|ures|ing|ed)|convuls\w*|having a fit|(?:shaking|jerking) (?:and|uncontrollably|all over)",
    ),
    (("emergency",), r"stroke|face (?:is )?droop\w*|slurr\w*|cant (?:talk|speak) (?:right|properly|clearly)"),
    (
        ("emergency",),
        r"cant (?:feel|move) {poss} (?:legs|arm|arms|leg|side)|legs (?:gave out|are numb|went numb)|(?:suddenly|now) cant walk|lost control of {poss} (?:bladder|bowels)",
    ),
    (
        ("emergency",),
        r"(?:vomiting|vomit|vomited|throwing up|threw up|puking|coughing up|coughing|spitting up) (?:up )?(?:\w+ ){0,3}blood|blood (?:everywhere|wont stop|gushing)",
    ),
    (
        ("emergency",),
        r"bleeding (?:a lot|heavily|badly|wont stop|everywhere|so much|that wont stop)|(?:wont|cant|will not|doesnt) stop bleeding|hemorrhag\w*",
    ),
    (("emergency",), r"throat (?:is )?(?:closing|swelling|swollen)|anaphyla\w*|tongue (?:is )?swelling"),
    (
        ("emergency",),
        r"^emergency$|(?:its|it is|this is|having|have|got|its an) an? emergency|ambulance|call 911|^911$|dying (?:right )?now|think (?:he|she|im|i am|my \w+) (?:is )?dying",
    ),
]

_ES_MACROS = {
    "poss": r"(?:mi|su|tu|la)",
    "gap": r"(?:\w+ ){0,3}",
    "means": r"(?:pastillas?|pildoras?|medicinas?|medicamentos?|tabletas?|capsulas?|morfina|fentanilo|oxicodona|tramadol"
    r"|paracetamol|tylenol|ibuprofeno|aspirinas?|calmantes?|analgesicos?|somniferos?|pastillas para dormir|parches"
    r"|insulina|pillemoji)",
    "excess": r"(?:todas|todos|todo el|toda la|muchas|muchos|demasiad[ao]s?|un frasco|el frasco|frasco entero|un monton de|un punado de"
    r"|muchisimas|[1-9]\d+|[5-9]|\d{3,} ?mg)",
    "took": r"(?:me tome|se tomo|te tomaste|me trague|se trago|se comio|me comi|ingirio|ingeri|se bebio|me bebi|tomo demasiad\w*)",
    "poison": r"(?:cloro|lejia|blanqueador|veneno|veneno para ratas|raticida|anticongelante|insecticida|gasolina|destapacanos)",
}
_ES = [
    # self-harm
    (
        ("self_harm",),
        r"suisid\w*|matarme|matarse|(?:me|se|te) (?:voy|va|quiero|quiere|boy|ba) a? ?matar|quitarme la vida|quitarse la vida",
    ),
    (
        ("self_harm",),
        r"(?:acabar|terminar) con (?:mi|su) vida|(?:acabar|terminar) con todo|hacerme dano|hacerse dano|lastimarme|lastimarse",
    ),
    (("self_harm",), r"(?:me|se) (?:quiero|quiere|voy|va) a? ?(?:hacer dano|lastimar|suicidar|cortar las venas)"),
    (
        ("self_harm",),
        r"cortarme(?! el pelo| el cabello| las unas)|cortarse las benas|aorcarme|aorcarse|colgarme|pegarme un tiro|dispararme|tirarme (?:del|de un|de la|al|a las)",
    ),
    (
        ("self_harm",),
        r"~(?:me |se )?(?:quiero|quiere|quieren|queria|quisiera|deseo|desea) (?:morir|morirme|morirse)|ganas de morir\w*|me quiero ir de este mundo",
    ),
    (
        ("self_harm",),
        r"(?:ya )?no (?:quiero|quiere|quieren|deseo) (?:vivir|seguir|seguir bibiendo|estar aqui|estar bib[oa]|despertar)",
    ),
    (
        ("self_harm",),
        r"no bale la pena (?:bibir|seguir)|(?:para|pa) que (?:seguir|bibir)|no (?:le )?(?:beo|tiene|encuentro) sentido (?:a )?(?:la bida|bibir|seguir)",
    ),
    (
        ("self_harm",),
        r"sin (?:ganas|rason) de bibir|no tengo (?:rason|rasones|motibo|motibos) para bibir|mejor muert[oa]",
    ),
    (("self_harm",), r"(?:estaria|estarian|estan|estarían) mejor sin mi|nadie me (?:extranaria|ba a extranar)"),
    (
        ("self_harm",),
        r"(?:soy|me siento|ser) una carga|ya no (?:aguanto|soporto|puedo mas|puedo con esto|puedo seguir)|no aguanto mas",
    ),
    (
        ("self_harm",),
        r"dormir(?:me)? y no despertar|no despertar (?:mas|nunca)|ojala no despierte|ojala (?:estubiera muert[oa]|me muriera)|quiero desapareser",
    ),
    (
        ("self_harm",),
        r"dejar de existir|no quiero existir|cansad[oa] de (?:vivir|la vida)|(?:me quiero|quiero) ir(?:me)? con dios",
    ),
    (("self_harm",), r"pistola|arma de fuego"),
    # overdose and poisoning
    (("overdose",), r"sobredosis|enbenen\w*|intoxic\w*"),
    (("overdose",), r"{took} {gap}{excess} {gap}{means}|tomo demasiad\w* {gap}{means}"),
    (("overdose", "self_harm"), r"{took} {gap}(?:todas|todos|todo el|el frasco|un frasco|frasco entero) {gap}{means}"),
    (
        ("overdose", "self_harm"),
        r"(?:boy a|quiero|pienso|ba a|quiere) (?:tomarme|tragarme|tomar|tragar|tomarse|tragarse) {gap}{excess} {gap}{means}",
    ),
    (("overdose",), r"(?:tomo|bebio|trago|comio|ingirio|tome|bebi|trague|comi) {gap}{poison}"),
    # medical emergencies
    (
        ("emergency",),
        r"no (?:puedo|puede|podia|pueden|podemos) respirar|no respira|dejo de respirar|(?:me|le) cuesta (?:mucho )?respirar",
    ),
    (
        ("emergency",),
        r"(?:se|me) (?:esta |estoy )?aog(?:a|o|ando)|(?:labios|labio|cara|boca) (?:\w+ ){0,2}(?:morad|asul)\w*|(?:morad|asul)\w* (?:\w+ ){0,2}(?:labios|cara)",
    ),
    (("emergency",), r"se (?:puso|esta poniendo) (?:morad|asul)\w*"),
    (
        ("emergency",),
        r"dolor (?:de|en el) pecho|(?:me|le) duele (?:mucho )?el pecho|(?:opresion|presion) en el pecho|infarto|ataque (?:al|del) corason",
    ),
    (("emergency",), r"desmay\w*|desbanecio|perdio el conosimiento|inconsciente|insconsiente|inconsiente"),
    (
        ("emergency",),
        r"no (?:responde|reacsiona|despierta|contesta)|no (?:lo|la|le) (?:puedo|podemos) despertar|se (?:cayo|desplomo) y no|se desplomo|colapso",
    ),
    (("emergency",), r"conbulsi\w*|ataque epileptico|tiene un ataque$|temblando y no"),
    (("emergency",), r"derrame(?! pleural| pericardico| en el pulmon)|enbolia|cara (?:torsida|caida)|no puede ablar"),
    (
        ("emergency",),
        r"no (?:siento|siente) las piernas|no (?:puedo|puede) mober las piernas|no (?:puedo|puede) caminar",
    ),
    (
        ("emergency",),
        r"(?:bomita|bomito|bomitando|tose|toso|tosiendo|escupe|escupiendo) sangre|(?:no para|no deja) de sangrar|sangr(?:a|ando) (?:mucho|sin parar)|emorragia",
    ),
    (("emergency",), r"se (?:me|le) (?:esta )?sierra la garganta|garganta (?:serrada|inchada)"),
    (("emergency",), r"^emergensia$|es una emergensia|ambulansia|llamar? al 911|^911$"),
]

# A symptom asked about, not happening: the topic answers ("what do seizures look like").
_QUESTION_ABOUT = re.compile(
    r"(?:what|how|why|when|can|could|do|does|will)\b.*\b(?:seizures?|strokes?)\b.*\b(?:look|mean|like|happen|cause|from|normal)\b"
    r"|(?:cause|causes|causing|signs of|risk of|prevent|medicine for|meds for) (?:\w+ ){0,3}(?:seizures?|strokes?)"
    r"|^(?:what|whats) (?:is )?(?:a |an )?(?:seizure|stroke)s?$"
    r"|(?:causa|causar|provoca|provocar|dar|da|dan) (?:\w+ ){0,2}(?:convulsion|convulsiones|derrames?)"
    r"|^(?:que es|que son) (?:una |un |las )?(?:convulsion|convulsiones|derrame)"
)
_QUESTION_WORDS = frozenset(
    {"seizure", "seizures", "seizing", "stroke", "strokes", "convulsion", "convulsiones", "derrame"}
)

NEGATIONS = frozenset({"no", "not", "dont", "never", "nunca", "jamas", "doesnt", "didnt", "ni", "wont"})
BETWEEN = frozenset({"really", "ever", "even", "just", "me", "se", "realmente", "i", "do"})

# Text-speak spelled out before the rules read it (whole words or phrases, after folding).
_EN_SPELLING = [
    (r"cannot|can not|cnt|cn t|carnt|cnat", "cant"),
    (r"do not|dnt|don t", "dont"),
    (r"does not", "doesnt"),
    (r"will not", "wont"),
    (r"is not", "isnt"),
    (r"i m|i am", "im"),
    (r"hes", "he is"),
    (r"shes", "she is"),
    (r"u", "you"),
    (r"ur", "your"),
    (r"r", "are"),
    (r"wanna", "want to"),
    (r"gonna", "going to"),
    (r"kys", "kill yourself"),
    (r"kil", "kill"),  # "kiiilll" folds to "kil"
    (r"breth\w*", "breathe"),
    (r"breath", "breathe"),
]
_ES_SPELLING = [
    (r"q", "que"),
    (r"k", "que"),
    (r"xq|pq|xk", "porque"),
    (r"x", "por"),
    (r"d", "de"),
    (r"xfa", "por favor"),
]


# Accents tell a Spanish past tense from the present ("tomó" he took, "tomo" I take); folding
# drops them, so these are spelled out first.
_ES_PAST_WORDS = [
    ("tomó", "se tomo"),
    ("tomé", "me tome"),
    ("tragó", "se trago"),
    ("tragué", "me trague"),
    ("bebió", "se bebio"),
    ("ingirió", "ingirio"),
    ("comió", "se comio"),
]


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


_ES_PAST = Respelling(_ES_PAST_WORDS, re.IGNORECASE)
if any(word.isascii() for word, _ in _ES_PAST_WORDS):
    raise RuntimeError("Triage.check respells past tenses only in texts with an accent: each needs one")


_SOFT_C = re.compile(r"c([ei])")
_SILENT_H = re.compile(r"(?<![cs\\])h")


def _sound_es(text: str) -> str:
    """Spanish as it sounds, so spelling slips meet: ll/y, v/b, z/s, ce/se, ci/si, silent h.
    Applied to the rules when they are compiled and to every message, so both meet halfway."""
    text = text.replace("ll", "y").replace("v", "b").replace("z", "s")
    return _SILENT_H.sub("", _SOFT_C.sub(r"s\1", text))


def _first_letters(pattern: str, flags: int) -> frozenset[str] | None:
    """The characters a match of `pattern` can start with, from its parsed form (CPython's own
    regex parser, a private module: Python is pinned); None when it could start with anything,
    or be empty, or the parse has a shape not handled here - a safe answer, since None only
    means "always try this rule"."""
    try:
        letters, empty = _sequence_letters(sre_parser.parse(pattern, flags).data)
    except _AnyLetter:
        return None
    return None if empty else frozenset(letters)


class _AnyLetter(Exception):
    """This part of a pattern can start with any character."""


def _sequence_letters(items) -> tuple[set[str], bool]:
    """(the first characters, whether it can match nothing) of a parsed sequence."""
    out: set[str] = set()
    for op, av in items:
        letters, empty = _item_letters(op, av)
        out |= letters
        if not empty:
            return out, False
    return out, True


def _item_letters(op, av) -> tuple[set[str], bool]:
    if op is sre.LITERAL:
        return {chr(av)}, False
    if op is sre.IN:
        letters = set()
        for kind, value in av:
            if kind is sre.LITERAL:
                letters.add(chr(value))
            elif kind is sre.RANGE:
                letters |= {chr(c) for c in range(value[0], value[1] + 1)}
            else:  # a class (\\w), a negation: anything
                raise _AnyLetter
        return letters, False
    if op is sre.BRANCH:
        letters, empty = set(), False
        for branch in av[1]:
            more, may_be_empty = _sequence_letters(branch)
            letters |= more
            empty = empty or may_be_empty
        return letters, empty
    if op is sre.SUBPATTERN:
        return _sequence_letters(av[3])
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        low, _, body = av
        letters, empty = _sequence_letters(body)
        return letters, empty or low == 0
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return set(), True  # zero-width (^, $, \\b, look-arounds): the next part starts the match
    raise _AnyLetter


class _Prefilter:
    """Could any rule of a table match this folded text? The rules all start where a word does,
    so at each word start only the rules that can begin with its first letter are tried, as one
    regex (worked out once from each rule's parsed pattern). One scan of every rule at every word
    was most of the time a calm message took to read; this gives the same answer (tested)."""

    def __init__(self, bodies: list[str], flags: int):
        if flags & re.IGNORECASE:
            raise ValueError("first letters are worked out for case-sensitive rules only")
        firsts = [_first_letters(body, flags) for body in bodies]
        tail = r")(?![a-z0-9])"
        anywhere = [b for b, f in zip(bodies, firsts, strict=True) if f is None or " " in f]
        # A rule that could start at a space or match nothing is tried everywhere, as before.
        self._everywhere = re.compile(r"\b(?:" + "|".join(anywhere) + tail, flags) if anywhere else None
        letters = set().union(*(f for f in firsts if f is not None))
        self._by_letter = {
            letter: re.compile(
                r"(?:" + "|".join(b for b, f in zip(bodies, firsts, strict=True) if f and letter in f) + tail, flags
            )
            for letter in letters
        }

    def search(self, text: str) -> bool:
        """True when a rule may match: `text` is folded (words of a-z and 0-9, single spaces)."""
        if self._everywhere is not None and self._everywhere.search(text):
            return True
        by_letter = self._by_letter
        start = 0
        for word in text.split(" "):
            if word:
                rx = by_letter.get(word[0])
                if rx is not None and rx.match(text, start):
                    return True
            start += len(word) + 1
        return False


@dataclass(frozen=True)
class _Table:
    code: str
    rules: tuple[tuple[tuple[str, ...], re.Pattern, bool], ...]
    any: _Prefilter  # every rule at once: most messages hold none and are done in one look
    lexicon: tuple[str, ...]  # the crisis words a typo may be fixed to
    lexicon_near: dict[int, tuple[str, ...]]  # a word's length -> the lexicon words a typo of it may be
    words: frozenset[str]
    stems: tuple[str, ...]
    spelling: Respelling  # text-speak spelled out
    by_sound: bool


def _table(code: str, rules, macros, spelling, by_sound: bool) -> _Table:
    compiled, bodies = [], []
    for categories, pattern in rules:
        negatable = pattern.startswith("~")
        body = pattern.lstrip("~")
        for name, value in macros.items():
            body = body.replace("{" + name + "}", value)
        if by_sound:
            body = _sound_es(body)
        compiled.append((categories, re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])", re.ASCII), negatable))
        bodies.append(body)
    words = set()
    for _, rx, _ in compiled:
        words.update(w for w in re.findall(r"[a-z]{5,}", rx.pattern))
    lexicon = tuple(sorted(words))
    return _Table(
        code,
        tuple(compiled),
        _Prefilter([f"(?:{b})" for b in bodies], re.ASCII),
        lexicon,
        _near_lengths(lexicon),
        frozenset(words),
        lexicon,  # a word that starts with a rule's word already meets it ("cansada": "cansad[oa]")
        Respelling(spelling),
        by_sound,
    )


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


TABLES = {
    "en": _table("en", _EN, _EN_MACROS, _EN_SPELLING, by_sound=False),
    "es": _table("es", _ES, _ES_MACROS, _ES_SPELLING, by_sound=True),
}


class Triage:
    """Reads a message for a crisis in every language it has rules for."""

    def __init__(self, known_words: frozenset[str] = frozenset()):
        # Words of the content: real words, never "fixed" into a crisis word.
        self.known = {
            code: frozenset(_sound_es(w) for w in known_words) if t.by_sound else frozenset(known_words)
            for code, t in TABLES.items()
        }

    def check(self, text: str, first: str | None = None) -> Alarm | None:
        """The crisis categories of this text, or None. `first`: the language to try first."""
        order = sorted(TABLES, key=lambda c: c != first)
        if not text.isascii():  # every past tense respelled here carries an accent
            text = _ES_PAST(text)
        clauses = [c for c in (normalise(part) for part in CLAUSE_END.split(text)) if c]
        if not clauses:
            return None
        found: list[str] = []
        language = None
        for code in order:
            table = TABLES[code]
            read = [self._read(table, c) for c in clauses]
            whole = " ".join(read)
            # One search over the whole text settles most messages; a short clause is searched on its
            # own too, for the rules that must be the whole clause ("EMERGENCY!", "911").
            short = [c for c in read if len(c.split()) <= 3] if len(read) > 1 else []
            if not table.any.search(whole) and not any(table.any.search(c) for c in short):
                continue
            for categories, rx, negatable in table.rules:
                if all(c in found for c in categories):
                    continue
                if any(_says(clause, rx, negatable) for clause in read):
                    found.extend(c for c in categories if c not in found)
                    language = language or code
        found = [c for c in found if not (c == "emergency" and _only_asked_about(clauses, found))]
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


def _only_asked_about(clauses: list[str], found: list[str]) -> bool:
    """An emergency word that only names a symptom someone asks about ("what do seizures look like")."""
    if found != ["emergency"]:
        return False
    text = " ".join(clauses)
    words = set(text.split())
    return bool(words & _QUESTION_WORDS) and bool(_QUESTION_ABOUT.search(text)) and not _urgent(text)


def _urgent(text: str) -> bool:
    return bool(re.search(r"\b(?:now|right now|having|is having|help|911)\b", text))
