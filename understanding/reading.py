"""One reading of one message: its language, any alarm, and what the person wants, with a confidence.

`Understanding(library).read(text, Context(...))` is the only door: the text line and the voice
line both come through it, and the navigators decide from the Reading alone. Speech is first read
as meant (understanding/speech.py: "collin cancer" is the colon). The order is fixed and matters:

1. the carriers' words, exactly (STOP, START, HELP...; texts only): never guessed
2. the alarm, whatever else the message says (understanding/alarms.py)
3. a number ("3", "3 please", spoken "three")
4. the command words of every language (MENU, MÁS, ATRÁS, ESPAÑOL...; spoken: "go back", "repeat")
5. hellos and thanks, alone
6. stop wishes in other words ("PARAR", "please stop texting me")
7. a topic: a word or two nearly one of the menu's own option names ("lungs" at Symptoms, whose
   option is "Lung"); a phrase the content has word for word (the menu the person is in first), else the
   model trained on the content's examples (understanding/intents.py), with its runner-ups -
   read clause by clause as well as whole (understanding/clauses.py), a clause that asks
   weighing more than one that tells, so the ask in a long story leads; a second ask in its
   own clause is named too (Reading.also). A message that asks for what the line does not
   cover ("how long do lab results take", "who is this"), or that names another illness and no
   word of cancer (a parent's dementia), is "outside", not a guessed topic.

Beside the intent, whatever it is: an urgent warning sign (Reading.sign, understanding/signs.py)
and who the message is about (Reading.relation, understanding/relations.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from content import commands
from content.model import AFTER_PART_COMMANDS, Library, Node
from understanding import embedding, likeness
from understanding.alarms import Alarm, Triage
from understanding.clauses import Clause, clauses
from understanding.embedder import Embedder
from understanding.intents import Guess, model_for
from understanding.language import LanguageGuess, LanguageReader
from understanding.relations import relation
from understanding.signs import Signs
from understanding.speech import as_meant
from understanding.text import has_phrase, normalise, strip_words

# Words that say an animal is ill (Understanding.animal_ill).
ILL = r"(?:cancer|tumou?rs?|tumores|lymphoma|linfoma|diagnos\w*|sick|ill|enferm\w*|muriendo|dying)\b"
# A young child by age (Understanding.child_ill): "my 3 year old", "mi hija de 8 anos", "our 9 month old".
KID = r"(?:son|daughter|kid|child|boy|girl|grandson|granddaughter|hijo|hija|hijito|hijita|nino|nina|nieto|nieta)"
# Ages said in words as well ("my two year old": a caller's recogniser may write either).
AGE_WORDS = {
    **{w: i + 1 for i, w in enumerate("one two three four five six seven eight nine ten eleven twelve".split())},
    **{w: i + 1 for i, w in enumerate("uno dos tres cuatro cinco seis siete ocho nueve diez once doce".split())},
    "un": 1,
    "una": 1,
}
CHILD_AGE = (
    rf"\b(?:my|our|mi|nuestr[oa]) (?:{KID} (?:de |is |es |who is |tiene |que tiene )?)?"
    rf"(\d{{1,2}}|{'|'.join(AGE_WORDS)}) ?(months?|mos?|weeks?|meses|mes|semanas?|years?|yrs?|yo|anos?|anitos?)\b"
)
CHILD_YEARS = 12  # "my 12 year old" is a child; a teenager's complaints are often an adult's
# Inside a sentence, "back" after "come" is a return, not the Back command: "when will my scan
# results come back", "cuando van a regresar los resultados" (Understanding._voice_command).
COMING_BACK = re.compile(
    r"\b(?:come|comes|came|coming) back\b|\b(?:van a|va a|vayan a|tardan en|tarda en) (?:regresar|volver)\b"
)
# Words that deny what follows them, within NEGATION_REACH words ("no he tenido gripa").
NEGATION = frozenset("no not never dont doesnt didnt isnt wasnt hasnt havent without nunca sin ni".split())
NEGATION_REACH = 3
# An illness named by its shape ("balanitis", "asbestosis", "Addison's disease", "enfermedad de
# Addison"): when the content never uses the word, it is some other illness, and the line says what it
# covers instead of guessing one of its topics (Understanding.not_ours). A cancer treatment's own
# (mucositis, pneumonitis, lymphedema) are `cancer_words`.
ILLNESS_SHAPED = re.compile(r"\b\w{3,}(?:itis|osis|iasis|opathy|opatia|plegia|plejia)\b")
# ...shaped like one, and not one (a dose too many is the alarm's and the pain page's)
NOT_ILLNESSES = frozenset(
    "dosis sobredosis overdosis hypnosis hipnosis osmosis mitosis apoptosis symbiosis simbiosis metamorphosis"
    " metamorfosis homeopathy naturopathy osteopathy homeopatia naturopatia osteopatia".split()
)
ILLNESS_NAMED = re.compile(
    r"\b(\w{3,}) (?:s )?(?:disease|syndrome|disorder|palsy)\b|\b(?:enfermedad|sindrome|trastorno|mal) de (\w{3,})\b"
)
# ...and not a word said of any illness, cancer too ("this horrible disease took my dad")
ANY_ILLNESS = frozenset(
    "terrible horrible awful dreadful cruel evil nasty stupid damn damned deadly fatal rare chronic serious"
    " same new old progressive incurable mysterious debilitating rotten ugly scary wicked hateful".split()
)
DYING = re.compile(r"\b(?:die|dies|died|dying|death|passed away|morir|muriendo|muera|murio|fallecio)\b")
# Confidence (understanding/intents.py) at which a topic is answered; between CHOICES and ANSWER
# the person gets "did you mean" with the likeliest two or three; below, the menu. Chosen on the
# examples and checked on the held-out set (bench/understanding.py): above ANSWER, 9 in 10
# answers are right; a wrong topic costs a frightened person more than one more question.
ANSWER = 0.45
CHOICES = 0.12
RUNNER_UP = 0.05  # a runner-up below this is not worth offering
# A message with no word the content uses (understanding/intents.py names_something) is only
# offered choices when the model is this sure ("sim tums"); "zebra quokka" gets the menu.
UNNAMED_CHOICES = 0.6
MAX_CHOICES = 3
# A long message is read whole and clause by clause. The topic model learnt from whole long
# messages as people write them (understanding/messages/), so the whole message counts WHOLE times
# its best clause: the two are averaged, and a reading both agree on leads. A clause that only
# tells (the story) counts less than one that asks. Chosen on the messages themselves, each half
# fitted on the other (never on the held-out sets): taking the surer of whole and clause, with the
# whole at 0.8 (before the messages were learnt), read 70% of English and 68% of Spanish messages
# right; this average reads 82% and 82%.
TELLS = 0.6
WHOLE = 3.0
ALSO = 0.5  # a second topic is named (Reading.also) when its own clause is at least this sure
ANSWER_LONG = 0.15  # an average over whole and clauses spreads over more topics: best on the messages
# ...or a clear lead: many topics share the confidence out, so a topic far ahead of the next is
# answered even below ANSWER ("sim tums": symptoms 0.43, the next 0.05).
LEAD = 4.0
LEAD_FLOOR = 0.3
OUTSIDE_UNSURE = 0.15  # below ANSWER for every topic, this much "outside" makes it outside
BOTH = 0.3  # a parent and its own child are offered together only when both are at least this sure
NARROWER = 0.5  # a subtopic this likely beside its own section's share answers instead of the section
# A short text at a menu that is nearly one of its options' names picks that option, before any
# other topic's exact phrase: at Symptoms, "lungs" is the "Lung" signs page, not where it spreads
# (the places' keyword). A rapidfuzz ratio of 85 lets a plural or a one-letter slip through
# ("lungs"/"lung" 89, "bones"/"bone" 89) and no other name ("liver"/"lung" 44).
MENU_LIKE = 85.0
MENU_WORDS = 3  # a name is a word or three ("Hospice and stopping treatment" is read by the model)
STOP_SURE = 0.5  # a stop wish in a sentence must be this clear, and name the texts
VOICE_COMMANDS = ("next", "text_me", "repeat", "back", "main_menu", "person", "slower", "faster", "wait")


@dataclass(frozen=True)
class Context:
    """Where the message arrives: the channel, the conversation's language, the menu shown last."""

    channel: str = "text"  # "text" or "voice"
    language: str | None = None
    menu: str | None = None  # node id whose menu the person saw or heard last
    after_part: bool = False  # voice: the caller just heard a part ("next" and "text me" mean something)


@dataclass(frozen=True)
class Intent:
    # topic, unsure, outside (asks what the line does not cover), unknown, number, command, language,
    # opt_out, opt_in, help, stop, person, greeting, thanks, empty
    name: str
    value: str | None = None  # the node id, digit, command name or language code
    confidence: float = 1.0


@dataclass(frozen=True)
class Reading:
    said: str  # the folded text (never logged)
    language: str | None  # a text's language, when it has one (None for speech: see read())
    language_sure: bool  # clearly that language (enough to switch a conversation)
    alarm: Alarm | None
    intent: Intent
    choices: tuple[Intent, ...] = field(default=())  # likeliest topics when unsure (did you mean), no repeats
    also: str | None = None  # a second topic the message asks about, in a clause of its own (node id)
    sign: str | None = None  # the urgent page for a warning sign in it (node id under symptoms.urgent)
    relation: str | None = None  # who it is about: mom, dad, husband, wife, son, daughter, partner, friend, family

    @property
    def topic(self) -> str | None:
        return self.intent.value if self.intent.name == "topic" else None


class Understanding:
    def __init__(self, library: Library, embedder: Embedder | None = None):
        self.library = library
        self.languages = LanguageReader(library)
        self.triage = Triage(self.languages.known)
        self.model = model_for(library)
        # A long text is read by meaning too when the embedding server is set (EMBEDDING_URL) and
        # the build fitted the head; otherwise by words alone (understanding/embedding.py).
        self.embedder = embedder
        self.head = embedding.head_for(library) if embedder else None
        # A text the crisis rules find nothing in is also read for crises by likeness (understanding/likeness.py).
        self.likeness = embedding.likeness_for(library) if embedder else None
        self.nodes = frozenset(library.get(None).nodes)
        # A menu's option names, folded, by (language, menu id): worked out once (_menu_option).
        self._option_names: dict[tuple[str, str], dict[str, str]] = {}
        self.signs = Signs(self.nodes)
        langs = list(library.languages.values())
        self.polite = frozenset(w for lang in langs for p in lang.words.get("polite", ()) for w in normalise(p).split())
        self.carrier = {
            "opt_out": frozenset(normalise(w) for w in commands.OPT_OUT),
            "opt_in": frozenset(normalise(w) for w in commands.OPT_IN),
            "help": frozenset(normalise(w) for w in commands.HELP),
        }
        self.text_commands = {
            name: frozenset(normalise(w) for lang in langs for w in lang.words.get(name, ()))
            for name in ("menu", "more", "back", "listen", "help")
        }
        self.language_words = {
            lang.code: frozenset(normalise(w) for w in lang.words.get("language", ())) for lang in langs
        }
        animals = "|".join(sorted({normalise(w) for lang in langs for w in lang.words.get("animals", ())}))
        # The one who is ill is an animal: "our dog was diagnosed with lymphoma", "le diagnosticaron
        # linfoma a mi perro". The line is for people: outside, whatever cancer words follow.
        self.animal_ill = re.compile(
            rf"\b(?:my|our|mi|mis|nuestr[oa]s?) (?:\w+ )?(?:{animals})s? (?:\w+ ){{0,3}}{ILL}"
            rf"|\bdiagnos\w* (?:\w+ ){{0,4}}(?:my|our|mi|nuestr[oa]) (?:{animals})\b"
        )
        # Another illness or paperwork named, and no word of cancer (Understanding.not_ours).
        self.other_ills = _phrases(w for lang in langs for w in lang.words.get("other_ills", ()))
        self.cancer_words = _phrases(w for lang in langs for w in lang.words.get("cancer_words", ()))
        # ...or an illness named by its shape that the content never names (_unknown_illnesses)
        self._not_shaped = self.languages.known | NOT_ILLNESSES
        self._not_named = self.languages.known | ANY_ILLNESS
        self.young_child = re.compile(
            _phrases(w for lang in langs for w in lang.words.get("young_child", ())).pattern + "|" + CHILD_AGE
        )
        self.child_ills = _phrases(w for lang in langs for w in lang.words.get("child_ills", ()))
        self.greetings = frozenset(normalise(w) for lang in langs for w in lang.words.get("greeting", ()))
        self.thanks = frozenset(normalise(w) for lang in langs for w in lang.words.get("thanks", ()))
        self.stop_alone = frozenset(
            normalise(w) for lang in langs for w in lang.words.get("stop_wish", ()) if w not in self.polite
        )
        self.messages = frozenset(
            w for lang in langs for p in lang.words.get("messages", ()) for w in normalise(p).split()
        )
        self.stopping = tuple(normalise(w) for lang in langs for w in lang.words.get("stopping", ()))
        self.numbers = {normalise(w): str(i + 1) for lang in langs for i, w in enumerate(lang.words.get("numbers", ()))}
        # Spoken command phrases per language (content `speech:`), folded once.
        self.speech = {
            lang.code: {name: tuple(normalise(p) for p in phrases) for name, phrases in lang.speech.items()}
            for lang in langs
        }

    # -- the one door ------------------------------------------------------------------------
    def read(self, text: str, context: Context = Context()) -> Reading:
        said = normalise(text)
        if context.channel == "voice" and said:
            # What the recogniser wrote, as the caller meant it ("cola cancer" is the colon):
            # everything after reads the respelled words (understanding/speech.py).
            said = as_meant(said, context.language)
            text = said
        # A call's language is chosen by key or by name ("español"), never guessed from speech
        # (Twilio transcribes in the call's language anyway): only a text's language is read.
        guess = self.languages.read(text, said) if said and context.channel == "text" else LanguageGuess(None, False)

        sign = self.signs.find(said) if said else None
        if sign and self.child_ill(said):
            # A baby's fever is not the fever of someone on chemo: that page would only frighten
            # and mislead (the reply says what the line covers and to ask the care team).
            sign = None
        who = relation(said) if said else None

        def reading(
            intent: Intent, alarm: Alarm | None = None, choices: tuple[Intent, ...] = (), also: str | None = None
        ) -> Reading:
            return Reading(said, guess.code, guess.sure, alarm, intent, choices, also, sign, who)

        if context.channel == "text":
            for name in ("opt_out", "opt_in", "help"):
                if said in self.carrier[name]:
                    return reading(Intent(name))
        alarm = self.triage.check(text, first=guess.code or context.language) if said else None
        if alarm and not guess.sure and alarm.language != guess.code:
            # The rules of the language tried first saw nothing; another language's rules found a
            # crisis: the words are in that language ("suicide", "overdose" alone), and the
            # reply's language must be the one the person can read.
            guess = LanguageGuess(alarm.language, False)
        if not said:
            return reading(Intent("empty"), alarm)
        bare = strip_words(said, self.polite)
        voice = context.channel == "voice"
        found = self._number(bare) or (
            self._voice_command(said, context, whole=True) if voice else self._text_command(bare)
        )
        if found:
            return reading(found, alarm)
        if bare in self.greetings:
            return reading(Intent("greeting"), alarm)
        if bare in self.thanks:
            return reading(Intent("thanks"), alarm)
        if context.channel == "text" and (
            bare in self.stop_alone or said in self.stop_alone or bare in self.carrier["opt_out"]
        ):
            # "Stop please", "PARAR", "BAJA": not the carrier's exact word, so the line itself opts out.
            return reading(Intent("stop"), alarm)
        # One embedding per text, asked only when the topic (embedding.weight) or the crisis
        # likeness will read it; never for speech (a caller would hear the wait).
        language = guess.code or context.language
        words = len(said.split())
        text_line = context.channel == "text"
        weight = embedding.weight(words, language) if text_line else 0.0
        by_likeness = bool(self.likeness) and alarm is None and text_line and words >= likeness.MIN_WORDS
        vector = self._vector(said) if weight or by_likeness else None
        if by_likeness and vector is not None:
            alarm = self.likeness.alarm(vector, language or self.library.default)
        found = self._topic(text, said, context, reading, alarm, self._meaning(vector) if weight else None, weight)
        if voice and found.intent.name != "topic" and not self.other_matter(said):
            # A command word inside other words counts only when no topic is named ("next steps"
            # is the topic; "go back please" is back), nor another illness ("I'm pregnant and my
            # back hurts" is told what the line covers, not taken back a menu).
            inside = self._voice_command(said, context, whole=False)
            if inside:
                return reading(inside, alarm)
        return found

    def other_matter(self, said: str) -> bool:
        """Plainly none of ours, whatever the topic model would guess: an animal that is ill,
        another illness or paperwork with no word of cancer (not_ours), or a young child's own
        fever, cough or rash (child_ill)."""
        return bool(self.animal_ill.search(said)) or self.not_ours(said) or self.child_ill(said)

    def child_ill(self, said: str) -> bool:
        """A parent asks about a young child's own fever, cough or rash, and no word of cancer or
        of dying: "mi bebé de 9 meses tiene calentura", "my 3 year old has a rash". Telling a child
        about a parent's cancer ("how do I tell my 6 year old") names no complaint and stays ours."""
        if not self.child_ills.search(said) or self.cancer_words.search(said) or DYING.search(said):
            return False
        for found in self.young_child.finditer(said):
            age, unit = found.group(1), found.group(2)  # None: a baby word ("toddler", "bebé")
            in_years = unit is not None and unit.startswith(("y", "a"))  # years, yrs, yo, anos
            if age is None or not in_years or (AGE_WORDS.get(age) or int(age)) <= CHILD_YEARS:
                return True
        return False

    def not_ours(self, said: str) -> bool:
        """Another illness or paperwork, and not a word of cancer: a parent's dementia, a bladder
        infection's confusion, where old medical records go. However long the story and whatever it
        asks ("how long will this last"), the topic model would only guess one of ours: a nurse on
        this line would say what it covers and give the helpline."""
        if self.cancer_words.search(said):
            return False
        # An illness said not to be there is no other illness: "no he tenido gripa", "she's not diabetic".
        return any(
            not NEGATION.intersection(said[: found.start()].split()[-NEGATION_REACH:])
            for found in (*self.other_ills.finditer(said), *self._unknown_illnesses(said))
        )

    def _unknown_illnesses(self, said: str) -> list[re.Match]:
        """Illnesses named by their shape whose name the content never uses (ILLNESS_SHAPED, ILLNESS_NAMED)."""
        shaped = [m for m in ILLNESS_SHAPED.finditer(said) if m.group(0) not in self._not_shaped]
        return shaped + [m for m in ILLNESS_NAMED.finditer(said) if (m.group(1) or m.group(2)) not in self._not_named]

    # -- steps -------------------------------------------------------------------------------
    def _number(self, bare: str) -> Intent | None:
        if bare.isdigit() and len(bare) <= 2:
            return Intent("number", bare)
        if bare in self.numbers:
            return Intent("number", self.numbers[bare])
        for prefix in ("number ", "option ", "numero ", "opcion ", "press ", "oprima "):
            rest = bare.removeprefix(prefix)
            if rest != bare and (rest.isdigit() or rest in self.numbers):
                return Intent("number", rest if rest.isdigit() else self.numbers[rest])
        return None

    def _text_command(self, bare: str) -> Intent | None:
        if bare in self.carrier["help"]:
            return Intent("help")  # "help please"
        for name, words in self.text_commands.items():
            if bare in words:
                return Intent("help") if name == "help" else Intent("command", name)
        for code, words in self.language_words.items():
            if bare in words:
                return Intent("language", code)
        return None

    def _voice_command(self, said: str, context: Context, whole: bool) -> Intent | None:
        """Spoken commands (content `speech:`): the whole of what was said ("repeat"), or, with
        whole=False, a phrase inside it ("go back please"). A language's name anywhere asks for it."""
        lang = self.library.get(context.language)
        for code, phrases in self.speech.items():
            if has_phrase(said, phrases.get("language", ())):
                return Intent("language", code)
        inside = COMING_BACK.sub(" ", said)  # "results come back" holds no Back command
        for command in VOICE_COMMANDS:
            if command in AFTER_PART_COMMANDS and not context.after_part:
                continue  # keys 1 and 2 mean these only after a part ("next" at a menu is a topic)
            phrases = self.speech[lang.code].get(command, ())
            if whole and said in phrases:
                return Intent("command", command)
            if not whole and has_phrase(inside, phrases):
                return Intent("command", command)
        return None

    def _topic(
        self,
        text: str,
        said: str,
        context: Context,
        reading,
        alarm: Alarm | None,
        meaning: dict[str, float] | None,
        weight: float,
    ) -> Reading:
        lang = self.library.get(context.language)
        menu = lang.node(context.menu or "")
        nearby = frozenset(c.id for c in menu.children) if menu else frozenset()
        exact = self.model.exactly(said)
        nodes = self.library.get(None).nodes
        option = self._menu_option(said, lang.code, menu) if menu and not nearby & exact.keys() else None
        if option and not any(self._kin(option, i) for i in exact):
            return reading(Intent("topic", option, 1.0), alarm)
        if exact:
            # A phrase the content has word for word: the menu the person is in first, then a
            # keyword over a title over an example, then the earlier topic in the menu tree.
            order = list(nodes)
            pick = min(exact, key=lambda i: (i not in nearby, exact[i], order.index(i) if i in order else 0))
            if pick not in nodes:
                found = self._word_intent(pick, said, context, 1.0)
                if found:
                    return reading(found, alarm)
            else:
                return reading(Intent("topic", pick, 1.0), alarm)
        if self.other_matter(said):
            return reading(Intent("outside", None, 1.0), alarm)
        parts = clauses(text)
        guesses = self.model.guesses(said, nearby, meaning, weight)
        best = guesses[0]
        # "Outside" for a whole long message waits for its clauses (_weighed): a story full of clinic
        # visits and results may still ask something of ours in so many words ("is it normal for it
        # to go to the liver?"), and then something in it is ours.
        story = len(parts) > 1 and best.intent == "outside"
        if best.intent not in nodes and best.confidence >= ANSWER and not story:
            found = self._word_intent(best.intent, said, context, best.confidence)
            if found:
                return reading(found, alarm)
            # Not that after all ("who sent me this message" names the texts but asks no stop):
            # the next likeliest reading decides, with the refused one's share given back.
            guesses = [Guess(g.intent, g.confidence / max(1e-9, 1.0 - best.confidence)) for g in guesses[1:]]
            best = guesses[0]
            if best.intent == "outside" and best.confidence >= ANSWER:
                return reading(Intent("outside", None, best.confidence), alarm)
        outside = next((g.confidence for g in guesses if g.intent == "outside"), 0.0)
        guesses = _unless_outside(guesses)
        best = guesses[0]
        also = None
        if len(parts) > 1:
            guesses, also, asked_outside = self._weighed(guesses, parts, nearby)
            best = guesses[0]
            # A clause that asks something plainly none of ours ("too late?") counts as much as the
            # whole message does towards leaving an unsure message alone; and when whole and
            # clauses together read likeliest as none of ours, a list of our topics would only
            # guess: the reply says what the line covers.
            outside = max(outside, asked_outside)
            if best.intent == "outside":
                return reading(Intent("outside", None, best.confidence), alarm)
        topics = [g for g in guesses if g.intent in nodes]
        if not topics:
            return reading(Intent("unknown", None, 0.0), alarm)
        top = topics[0]
        # A long message read clause by clause has had its ask weighed: less certainty is needed.
        answer = ANSWER_LONG if len(parts) > 1 else ANSWER
        if top.confidence < answer and outside >= OUTSIDE_UNSURE:
            # Unsure which topic, and quite possibly none of ours: say what the line covers
            # rather than offer topics the person did not ask about.
            return reading(Intent("outside", None, outside), alarm)
        named = self.model.names_something(said)
        # A section and its own subtopics share the evidence ("how does it get into other organs":
        # spread and how it spreads): together they make the answer clear, and the lead is over the
        # likeliest topic outside that family. The answer is still the top one (or its narrower page).
        family = top.confidence + sum(g.confidence for g in topics[1:] if self._kin(g.intent, top.intent))
        others = [g for g in topics[1:] if not self._kin(g.intent, top.intent)]
        second = others[0].confidence if others else 0.0
        clear = family >= answer or (family >= LEAD_FLOOR and family >= LEAD * second)
        if clear and top is best and named:
            pick = self._narrower(top, topics)
            also = also if also and not self._kin(also, pick.intent) else None
            return reading(Intent("topic", pick.intent, top.confidence), alarm, also=also)
        choices = self._choices(topics)
        if choices and (top.confidence >= UNNAMED_CHOICES or (named and top.confidence >= CHOICES)):
            return reading(Intent("unsure", top.intent, top.confidence), alarm, choices)
        return reading(Intent("unknown", top.intent, top.confidence), alarm, choices)

    def _menu_option(self, said: str, code: str, menu: Node) -> str | None:
        """The option of this menu whose name - its title as texted, its label as heard, a keyword -
        the text nearly is (MENU_LIKE). The caller checks that no exact phrase of the option's own
        family says more: "place" at the main menu is the places' keyword, though nearly "places"."""
        if len(said.split()) > MENU_WORDS:
            return None
        names = self._option_names.get((code, menu.id))
        if names is None:  # bounded by the content's menus
            names = {normalise(p): c.id for c in menu.children for p in (c.title, c.label, *c.keywords)}
            self._option_names[(code, menu.id)] = names
        hit = process.extractOne(said, list(names), scorer=fuzz.ratio, score_cutoff=MENU_LIKE)
        return names[hit[0]] if hit else None

    def _vector(self, said: str) -> np.ndarray | None:
        """The text's embedding, or None: no server or no meaning file, or the server did not
        answer in time. Asked once per text, for the topic and the crisis likeness alike."""
        if not (self.head and self.embedder):
            return None
        vector = self.embedder.vector(said)
        return vector if vector is not None and vector.shape == (self.head.dim,) else None

    def _meaning(self, vector: np.ndarray | None) -> dict[str, float] | None:
        """What the embedding head reads in a text's embedding. Which texts are read by meaning
        is embedding.weight's to say."""
        return self.head.probabilities(vector) if vector is not None and self.head else None

    def _weighed(
        self, whole: list[Guess], parts: list[Clause], nearby: frozenset[str]
    ) -> tuple[list[Guess], str | None, float]:
        """Each intent's weighed confidence, best first: the whole message's and its best clause's,
        averaged with the whole counting WHOLE times; a second topic: the best of another asking
        clause, when it is sure enough; and how surely a clause that asks is none of ours.

        The evidence adds up rather than the surest reading winning: a story about pain that asks
        about hospice has hospice in the whole and in the ask, and pain only in the whole."""
        asking = any(c.asks for c in parts)
        clause_best: dict[str, float] = {}
        tops: list[Guess] = []
        for clause in parts:
            if not self.model.names_something(clause.said) and not clause.asks:
                continue  # "we are so scared": nothing the line covers, and no ask
            found = _unless_outside(self.model.guesses(clause.said, nearby))
            w = 1.0 if clause.asks or not asking else TELLS
            for g in found:
                # "Outside" is about the ask: a story's clinic visits and results ("we take turns at
                # the hospital") do not make a message none of ours.
                if g.intent in self.nodes or (g.intent == "outside" and (clause.asks or not asking)):
                    clause_best[g.intent] = max(clause_best.get(g.intent, 0.0), w * g.confidence)
            if clause.asks and found[0].intent in self.nodes:
                tops.append(found[0])
        sure = [g for g in tops if g.confidence >= ALSO]
        weighed = {g.intent: WHOLE * g.confidence for g in whole}
        if sure and "outside" not in clause_best:
            # The ask is plainly ours and no clause that asks is none of ours: the story around it
            # cannot make the whole message none of ours.
            weighed.pop("outside", None)
        for intent, confidence in clause_best.items():
            weighed[intent] = weighed.get(intent, 0.0) + confidence
        ranked = [Guess(i, c / (WHOLE + 1)) for i, c in sorted(weighed.items(), key=lambda kv: -kv[1])]
        main = ranked[0].intent
        others = [g for g in sure if g.intent != main and not self._kin(g.intent, main)]
        return ranked, others[0].intent if others else None, clause_best.get("outside", 0.0)

    def _choices(self, topics: list[Guess]) -> tuple[Intent, ...]:
        """The did-you-mean list: each topic once, and never a topic beside its own parent or
        child unless both are likely (then the person may well mean either)."""
        kept: list[Guess] = []
        for g in topics:
            if g.confidence < RUNNER_UP or any(k.intent == g.intent for k in kept):
                continue
            kin = [k for k in kept if self._kin(k.intent, g.intent)]
            if kin and not (g.confidence >= BOTH and all(k.confidence >= BOTH for k in kin)):
                continue
            kept.append(g)
            if len(kept) == MAX_CHOICES:
                break
        return tuple(Intent("topic", g.intent, g.confidence) for g in kept)

    @staticmethod
    def _narrower(top: Guess, topics: list[Guess]) -> Guess:
        """A section whose own subtopic is nearly as likely: the subtopic answers the ask (a
        section's first page is its menu; "how do I help my dad with his pain" wants the page)."""
        children = [g for g in topics if g.intent.startswith(top.intent + ".")]
        if children and children[0].confidence >= NARROWER * top.confidence:
            return children[0]
        return top

    @staticmethod
    def _kin(a: str, b: str) -> bool:
        """One topic is the other, or its parent or child at any depth ("where.place", "where.place.liver")."""
        return a == b or a.startswith(b + ".") or b.startswith(a + ".")

    def _word_intent(self, name: str, said: str, context: Context, confidence: float) -> Intent | None:
        if name == "outside":
            return Intent("outside", None, confidence)
        if name == "menu":
            return Intent("command", "menu", confidence) if context.channel == "text" else None
        if name == "stop":
            if context.channel != "text":
                return None
            # Opting someone out by mistake cuts them off: a stop wish in a sentence must name the
            # texts and ask to stop them ("my sister keeps texting me" does not; "quit smoking" neither).
            words = set(said.split())
            if not (words & self.messages and has_phrase(said, self.stopping)):
                return None
        return Intent(name, None, confidence)


def _phrases(words) -> re.Pattern:
    """Whole folded words or phrases, any of them, in folded text."""
    folded = sorted({normalise(w) for w in words} - {""}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, folded)) + r")\b" if folded else r"(?!x)x")


def _unless_outside(guesses: list[Guess]) -> list[Guess]:
    """ "Outside" decides only when it is the likeliest: otherwise its share is given back to the
    rest, so learning what the line does not cover never makes it less sure of what it does."""
    if guesses[0].intent == "outside":
        return guesses
    out = sum(g.confidence for g in guesses if g.intent == "outside")
    return [Guess(g.intent, g.confidence / (1.0 - out)) for g in guesses if g.intent != "outside"]
