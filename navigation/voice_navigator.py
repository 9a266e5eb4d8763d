"""The voice conversation rules: what a key, a spoken word or silence means at each place.

The one place that decides a voice step: step(CallFacts) -> Turn (navigation/turn.py). The route
(flows/voice.py) reads the facts first - the place from the URL, what was pressed or said, the
remembered language, whether a text can reach this phone and whether the database answers -
calls step() once, applies the Turn's effects and renders it; it never patches a Turn.
Pure: imports point down only (content, understanding, navigation/turn.py); no Flask, no Twilio, no
database, so the rules are tested without HTTP. What a caller says goes through the same
understanding as a text: crisis words first (content/crisis.py, the plan both lines follow),
then commands, numbers and topics; when it is unsure between topics it asks "did you mean" with
keys (the "choose" screen).

Family (issue #22): words that name someone close ("my mom has...", Reading.relation) are
remembered (RememberRelation: a category, never the words), and a caller the line knows is
asking about someone (CallFacts.relation: from a text or an earlier call) hears the care topic
offered first in a menu that lists it ("Care, comfort and family, press 7." before the main menu,
"Caring for someone, press 5." before the care menu), each with its usual key, and the care
topics first in a "did you mean".
"""

from __future__ import annotations

from dataclasses import replace

from content import crisis
from content.model import FAMILY_FIRST, GLOBAL_KEYS, KEY_FOR_COMMAND, ROOT_ID, Language, Library, Node, Snippet
from navigation.turn import (
    NORMAL,
    OPENINGS,
    SCREENS,
    SLOW,
    CallFacts,
    Input,
    NoteHeard,
    Place,
    QueueText,
    RememberLanguage,
    RememberPace,
    RememberPlace,
    RememberRelation,
    Turn,
    WantRecap,
)
from understanding import Context, Reading, Understanding
from understanding.relations import family as is_family

MAX_SILENT_TRIES = 2  # re-prompts that add help; the next silence ends the call kindly
SPEECH_MIN_CONFIDENCE = 0.4  # below this, ask again instead of guessing
TEXT_OFFER = "prompt.text_me_option"  # "To get this by text message, press 2."
# "Wait": rounds of quiet (each a <Pause> inside a keys-only <Gather>, flows/voice.py) before the
# line goes back to where the caller was; quiet while paused is never "no input".
MAX_PAUSE_ROUNDS = 5  # each round a 55 s <Pause> and a 5 s timeout (flows/voice.py): five minutes
CONTROLS = ("slower", "faster", "wait")  # said anywhere in the call (content `speech:`)
RECAP_KEY = "3"  # after a part, once the recap was offered: free there (1 goes on, 2 texts the topic)


def _options_only(place: Place) -> Place:
    """After a part, answers repeat the options, not the part the caller just heard."""
    return replace(place, screen="after") if place.screen == "part" else place


class VoiceNavigator:
    def __init__(self, library: Library, understanding: Understanding | None = None):
        self.library = library
        self.understanding = understanding or Understanding(library)

    # -- the one call a route makes ---------------------------------------------------------
    def step(self, facts: CallFacts) -> Turn:
        """A call answered (facts.place None) or an input at a place: the Turn, its effects, and
        what became of words said (the outcome the usage counts read; None for a key or silence).
        The "text me" offer is made only where a text can reach this phone now (facts)."""
        if facts.place is None:
            turn = self.opening(facts.known_language, facts.first_language, facts.resume)
            turn = replace(turn, pace=facts.known_pace if facts.known_pace in (NORMAL, SLOW) else None)
        elif facts.dial_status is not None:
            turn = self._after_dial(facts.place, facts.dial_status)
        else:
            turn = self._input(facts)
            outcome = turn.outcome or ("crisis" if turn.alarm else "understood")
            turn = replace(turn, outcome=outcome if facts.said.spoken else None)
            if facts.went_on and turn.language_chosen is None:
                turn = replace(turn, effects=(RememberLanguage(facts.place.lang), *turn.effects))
        # The pace holds for the call unless this turn changed it; a part heard is kept, so the
        # next call can go on from it.
        turn = replace(turn, pace=turn.pace or facts.pace, recap=turn.recap or facts.recap)
        if turn.place is not None and turn.place.screen == "part" and not turn.paused:
            place = turn.place
            heard = (RememberPlace(place.lang, place.node, place.part), NoteHeard(place.node))
            turn = replace(turn, effects=(*turn.effects, *heard))
            if not turn.recap and facts.can_text and facts.remembering:
                # Once per call, after the first part heard: a text of what was covered, by key 3.
                offer = self.library.get(place.lang).prompt("recap_option")
                turn = replace(turn, say=(*turn.say, offer), recap="offered")
        turn = self._for_family(turn, facts)
        if facts.can_text and facts.remembering:
            return turn
        # How to read it by texting the line instead; key 2 there still says why no text comes.
        instead = self.library.get(turn.lang).prompt("text_me_instead")
        return replace(turn, say=tuple(instead if s.id == TEXT_OFFER else s for s in turn.say))

    def _for_family(self, turn: Turn, facts: CallFacts) -> Turn:
        """A caller asking about someone (named now or remembered): a menu listing a care topic
        says that one first, before the usual options."""
        named = next((e.relation for e in turn.effects if isinstance(e, RememberRelation)), None)
        place = turn.place
        if not is_family(named or facts.relation) or place is None:
            return turn
        if place.screen == "choose":
            # "Did you mean": the care topics first (their keys follow the order said, in the URL).
            ordered = tuple(sorted(place.choices, key=lambda c: not _for_family(c)))
            if ordered == place.choices:
                return turn
            shown = self.show(replace(place, choices=ordered))
            return replace(turn, say=shown.say, place=shown.place)
        if place.screen != "menu":
            return turn
        lang = self.library.get(place.lang)
        node = lang.node(place.node) or lang.root
        first, menu = lang.family_option(node), lang.menu(node) if node.children else None
        if first is None or menu not in turn.say:
            return turn
        at = turn.say.index(menu)
        return replace(turn, say=(*turn.say[:at], first, *turn.say[at:]))

    def handle(self, place: Place, said: Input, tries: int = 0) -> Turn:
        """One input for a phone a text can reach (tests, the evaluation and the benchmarks)."""
        return self.step(CallFacts(place, said, tries))

    # -- screens ---------------------------------------------------------------------------
    def opening(
        self, known_language: str | None, first: str | None = None, resume: tuple[str, int] | None = None
    ) -> Turn:
        """Every call says the emergency line in the language it opens in and offers the other
        language(s), each in its own voice; a language picked at the opening hears its own 911
        line before its welcome (_choose). A new caller on the shared number (the default
        language's; `first`) hears the other languages' offers first - "Para español, oprima 2."
        - then 911 in the default language, and silence goes on in it: a Spanish speaker can press
        2 after two seconds instead of after the whole English opening (bench/caller_time.py),
        and an English caller has nothing to press. On a language's own number
        (LANGUAGE_BY_NUMBER: its callers nearly all speak it) its 911 line and key come first, then
        the others' offers. A caller the line knows who heard a part within the quiet period
        (`resume`) is offered, right after the emergency line, to go on with it by their own
        language's key (a no-op there otherwise); the known opening's place holds that topic and
        part. An opening that goes on by itself carries what follows quiet (Turn.then: the
        welcome and menu, or for a known caller the menu), so the caller waits a second, not a
        second plus a request."""
        if known_language in self.library.languages:
            lang = self.library.get(known_language)
            node = lang.node(resume[0]) if resume else None
            place = Place(lang.code, "known")
            if node is not None and node.parts and node.id != ROOT_ID:
                place = Place(lang.code, "known", node.id, min(max(resume[1], 0), len(node.parts) - 1))
            # Calling again in it keeps it remembered; quiet goes straight on to the main menu.
            turn = self.show(place, lead=(lang.prompt("emergency"),))
            menu = self.show(Place(lang.code, "menu", ROOT_ID))
            return replace(turn, effects=(RememberLanguage(lang.code),), then=menu)
        opening = self.library.get(first)
        offers = tuple(o.prompt("language_offer") for o in self.library.languages.values() if o is not opening)
        emergency = opening.prompt("emergency")
        if opening.code == self.library.default:
            # Said last before the 1 s timeout: the timeout is its pause (the file has none after).
            last = opening.opening_emergency or emergency
            return Turn((*offers, last), Place(opening.code, "lang"), then=self._start(opening.code))
        return Turn((emergency, opening.prompt("language_offer"), *offers), Place(opening.code, "lang"))

    def show(
        self,
        place: Place,
        tries: int = 0,
        lead: tuple[Snippet, ...] = (),
        help_: bool = False,
    ) -> Turn:
        """The prompts of a place, with the keys spelled out after a silence or a wrong key."""
        lang = self.library.get(place.lang)
        keys = (lang.prompt("keys_help"),) if tries or help_ else ()
        if place.opening:
            others = [x for x in self.library.languages.values() if place.screen == "lang" or x is not lang]
            offers = tuple(x.prompt("language_offer") for x in others)
            return Turn(lead + self._resume_offer(lang, place) + offers, place, tries)
        node = lang.node(place.node) or lang.root
        if place.screen == "choose":
            return Turn(lead + self._choices_said(lang, place) + keys, place, tries)
        if place.screen == "menu":
            intro = (node.intro,) if node.intro else ()
            # A person, named early: after the main menu's topics (not before: the first topic
            # option comes as soon as it can), unless the keys help says it anyway.
            person = (lang.prompt("person_option"),) if node.id == ROOT_ID and not keys else ()
            return Turn(lead + intro + (lang.menu(node),) + person + keys, place, tries, node_reached=node.id)
        if not node.parts:
            return self.show(Place(place.lang, "menu", node.id), tries, lead)
        index = min(max(place.part, 0), len(node.parts) - 1)
        place = replace(place, node=node.id, part=index)
        body = (node.parts[index],) if place.screen == "part" else ()
        return Turn(lead + body + self._options(lang, node, index) + keys, place, tries, node_reached=node.id)

    @staticmethod
    def _resume_offer(lang: Language, place: Place) -> tuple[Snippet, ...]:
        """ "To go on with Symptoms, press 1.": at a known opening that holds a part last heard."""
        node = lang.node(place.node) if place.screen == "known" and place.node != ROOT_ID else None
        if node is None or not node.parts:
            return ()
        return (lang.resume_offer(node),)

    def _options(self, lang: Language, node: Node, index: int) -> tuple[Snippet, ...]:
        """After a part: 1 goes on - to the next part, the topic's own menu, or the next topic in
        its list (never back to a menu the caller did not ask for); 2 texts it (offered only where
        a text can go: step)."""
        if index + 1 < len(node.parts) or node.children:
            options = (lang.prompt("go_on"),)
        elif self._next_topic(lang, node):
            options = (lang.prompt("end_of_topic"), lang.prompt("next_topic"))
        else:
            options = (lang.prompt("end_of_topic"), lang.prompt("last_topic"))
        return options + (lang.prompt("text_me_option"),)

    @staticmethod
    def _next_topic(lang: Language, node: Node) -> Node | None:
        siblings = lang.parent_of(node).children
        later = [c for c in siblings if (c.digit or "") > (node.digit or "")]
        return later[0] if later else None

    def _start(self, code: str, welcome: bool = True) -> Turn:
        """After the language choice: one sentence of welcome (general facts, not advice), then the
        main menu's options. A caller the line knows (heard it within SMS_STATE_TTL_HOURS) goes
        straight to the options."""
        lang = self.library.get(code)
        return self.show(Place(lang.code, "menu", ROOT_ID), lead=(lang.prompt("welcome"),) if welcome else ())

    def goodbye(self, code: str, lead: tuple[Snippet, ...] = ()) -> Turn:
        return Turn((*lead, self.library.get(code).prompt("goodbye")), None, action="hangup")

    # -- input -----------------------------------------------------------------------------
    def _input(self, facts: CallFacts) -> Turn:
        said = facts.said
        spoken = not facts.paused and not said.silent and said.speech and not said.digits
        reading = self._read(facts.place, said) if spoken else None
        turn = self._answer(facts, reading)
        if (
            reading is not None
            and reading.relation
            and facts.remembering
            and (is_family(reading.relation) or is_family(facts.relation))
        ):
            # Only the category is kept ("mom"), for the rest of the call and the next one; a
            # caller speaking of their own illness (relations.SELF) ends a remembered one.
            turn = replace(turn, effects=(*turn.effects, RememberRelation(reading.relation)))
        return turn

    def _answer(self, facts: CallFacts, reading: Reading | None) -> Turn:
        place, said, tries = facts.place, facts.said, facts.tries
        lang = self.library.get(place.lang)
        if facts.paused:
            return self._paused(facts)
        if said.silent:
            return self._silence(place, tries)
        if reading is not None:
            if reading.alarm:
                return self._crisis(place, reading, tries)  # whatever Twilio's confidence: recall first
            chosen = reading.intent.value if reading.intent.name == "language" else None
            if chosen in self.library.languages and (place.opening or chosen != place.lang):
                return self._switch(place, chosen)
            heard = _heard(said)
            if heard and reading.intent.name == "command" and reading.intent.value in CONTROLS:
                return self._control(place, reading.intent.value)
        if place.opening:
            return self._choose_language(facts, reading)
        key = said.digits[:1] if said.digits else self._key_for_speech(place, said, reading)
        if key == "9":
            # 9 repeats; 9 again right after a repeat plays it again, slower (keys help).
            if facts.repeated and facts.pace != SLOW:
                return self._control(place, "slower")
            return replace(self._press(facts, key), repeated=True)
        if isinstance(key, tuple):
            return self.did_you_mean(place, list(key))
        if key is None and _asks_outside(said, reading):
            return self._outside(place, tries)
        if key is None:
            # Speech we could not place: ask again, with the keys spelled out.
            quiet = _options_only(place)
            turn = self.show(quiet, tries, lead=(lang.prompt("not_understood"),), help_=True)
            return replace(turn, outcome="not_understood")
        if isinstance(key, Node):
            return self._enter(place.lang, key)
        return self._press(facts, key)

    def _again(self, place: Place, lead: tuple[Snippet, ...] = ()) -> Turn:
        """The current part (not only its options) or menu, from the start."""
        return self.show(replace(place, screen="part") if place.screen == "after" else place, lead=lead)

    def _control(self, place: Place, command: str) -> Turn:
        """Slower or faster: said once, then the part or menu again at the new pace, which holds
        for the call (the URL) and the next call (remembered). Wait: several minutes of quiet."""
        lang = self.library.get(place.lang)
        if command == "wait":
            return Turn((lang.prompt("take_your_time"),), place, paused=1, control="wait")
        pace = SLOW if command == "slower" else NORMAL
        turn = self._again(place, lead=(lang.prompt(command),))
        return replace(turn, pace=pace, effects=(RememberPace(pace),), control=command)

    def _paused(self, facts: CallFacts) -> Turn:
        """While the caller takes their time: any key comes back to where they were; quiet gives
        another round, and after MAX_PAUSE_ROUNDS the line goes back there by itself (never a
        hang-up, and it never counts as no input)."""
        if facts.said.silent and facts.paused < MAX_PAUSE_ROUNDS:
            return Turn((), facts.place, paused=facts.paused + 1)
        return self._again(facts.place)

    def _read(self, place: Place, said: Input) -> Reading:
        menu = place.node if place.screen == "menu" else (ROOT_ID if place.opening else None)
        context = Context("voice", place.lang, menu, after_part=place.after_part)
        return self.understanding.read(said.speech, context)

    def did_you_mean(self, place: Place, choices: list[str]) -> Turn:
        """Two or three topics the words might mean, each with its key (1, 2, 3)."""
        lang = self.library.get(place.lang)
        kept = tuple(c for c in choices if lang.node(c))[:3]
        origin = place.node if not place.opening else ROOT_ID
        return replace(self.show(Place(lang.code, "choose", origin, 0, kept)), outcome="did_you_mean")

    def _choices_said(self, lang: Language, place: Place) -> tuple[Snippet, ...]:
        option = lang.prompts["menu_option"]
        words = " ".join(
            option.voice.format(label=n.label, key=str(i))
            for i, n in enumerate((lang.node(c) for c in place.choices), start=1)
            if n
        )
        return (lang.prompt("did_you_mean"), Snippet(f"choose.{'.'.join(place.choices)}", words, words, lang.code))

    def _pick(self, place: Place, key: str, tries: int) -> Turn:
        """A key at "did you mean": 1-3 the choices, 9 again, * back where the caller was."""
        lang = self.library.get(place.lang)
        if key.isdigit() and 1 <= int(key) <= len(place.choices) and lang.node(place.choices[int(key) - 1]):
            return self._enter(lang.code, lang.node(place.choices[int(key) - 1]))
        if key == "9":
            return self.show(place)
        if key == "*":
            origin = lang.node(place.node) or lang.root
            return self.show(Place(lang.code, "menu", origin.id if origin.children else origin.parent or ROOT_ID))
        return self.show(place, tries, lead=(lang.prompt("invalid_key"),), help_=True)

    def _switch(self, place: Place, code: str) -> Turn:
        """The same place in the other language (every language has the same topics and parts),
        and the choice remembered; from the opening, the welcome and main menu."""
        if place.opening:
            return self._choose(place, code)
        return replace(self.show(replace(place, lang=code)), effects=(RememberLanguage(code),))

    def _choose(self, place: Place, code: str) -> Turn:
        """A language picked at an opening (key or word): the welcome and main menu, remembered.
        The opening said 911 only in its own language, so another language's caller hears its
        911 line first: never a topic before the emergency line in the caller's language."""
        turn = self._start(code, welcome=place.screen == "lang" or code != place.lang)
        if code != place.lang:
            turn = replace(turn, say=(self.library.get(code).prompt("emergency"), *turn.say))
        return replace(turn, effects=(RememberLanguage(code),))

    def _silence(self, place: Place, tries: int) -> Turn:
        lang = self.library.get(place.lang)
        if place.opening:
            # Most callers wait through the offer: silence keeps the language they have.
            return self._start(lang.code, welcome=place.screen == "lang")
        if tries >= MAX_SILENT_TRIES:
            return self.goodbye(lang.code, lead=(lang.prompt("no_input"),))
        quiet = _options_only(place)
        return self.show(quiet, tries + 1, lead=(lang.prompt("no_input"),))

    def _crisis(self, place: Place, reading: Reading, tries: int) -> Turn:
        """Spoken crisis words: the crisis prompts first, in the plan both lines follow
        (content/crisis.py: 911, Poison Help, 988). A medical emergency alone then goes on to the
        topic it names ("seizure" -> brain signs); otherwise only the keys follow (0 is a person)."""
        lang = self.library.get(place.lang)
        plan = crisis.plan(reading.alarm.categories, reading.sign or reading.topic)  # the sign named, else the topic
        lead = tuple(lang.prompt(key) for key in plan.prompts)
        if plan.topic and lang.node(plan.topic):
            turn = self._enter(lang.code, lang.node(plan.topic))
            turn = replace(turn, say=lead + turn.say)
        else:
            quiet = _options_only(place) if not place.opening else Place(lang.code, "menu", ROOT_ID)
            turn = self.show(quiet, tries, lead=lead, help_=True)
        return replace(turn, alarm=plan.categories, outcome="crisis")

    def _outside(self, place: Place, tries: int) -> Turn:
        """Words that ask what the line does not cover (a test result, another illness, a young
        child's fever): what it covers and the care team, then the emergency line, as the text
        line's reply does; then the keys, 0 for a person among them. From the opening, the main
        menu follows (the caller has spoken in this language); elsewhere, the options here."""
        lang = self.library.get(place.lang)
        quiet = _options_only(place) if not place.opening else Place(lang.code, "menu", ROOT_ID)
        turn = self.show(quiet, tries, lead=(lang.prompt("outside"), lang.prompt("emergency")), help_=True)
        return replace(turn, outcome="outside")

    def _choose_language(self, facts: CallFacts, reading: Reading | None = None) -> Turn:
        """At the opening: a language's key picks it. A caller who already knows the menu may
        press its key here too (3 for symptoms), in the language the line has for them; spoken
        topic words go there as well. Global keys do their jobs."""
        place, said, tries = facts.place, facts.said, facts.tries
        resume = self.library.get(place.lang).node(place.node) if place.screen == "known" else None
        if resume is not None and resume.id != ROOT_ID and said.digits[:1] == self.library.get(place.lang).digit:
            turn = self.show(Place(place.lang, "part", resume.id, place.part))  # go on where they left off
            return replace(turn, control="resume")
        for code, lang in self.library.languages.items():
            if said.digits[:1] == lang.digit:
                return self._choose(place, code)
        lang = self.library.get(place.lang)
        key = said.digits[:1] or self._key_for_speech(Place(lang.code, "menu"), said, reading)
        if isinstance(key, tuple):
            return self.did_you_mean(place, list(key))
        if isinstance(key, str):
            key = lang.root.child_for(key) or key
        if isinstance(key, Node):
            return self._enter(lang.code, key)
        if key in ("*", "#"):
            return self._start(lang.code, welcome=place.screen == "lang")
        if key in ("0", "9"):
            return self._press(facts, key)
        if said.digits:
            return self.show(place, tries, lead=(lang.prompt("invalid_key"),))
        if _asks_outside(said, reading):
            return self._outside(place, tries)
        return replace(self.show(place, tries, lead=(lang.prompt("not_understood"),)), outcome="not_understood")

    def _key_for_speech(self, place: Place, said: Input, reading: Reading | None) -> str | Node | tuple | None:
        """What the words are worth here: a key (a command or a number said), a topic, the topics to
        offer by key when unsure (a tuple), or None. The understanding puts a command said on its
        own first, and a topic the words name before a command word inside them ("next steps" is
        the topic, not "go on")."""
        if reading is None:
            return None
        lang = self.library.get(place.lang)
        intent = reading.intent
        heard = _heard(said)
        if heard and intent.name == "number" and intent.value:
            return intent.value
        if heard and intent.name == "command" and intent.value in KEY_FOR_COMMAND:
            return KEY_FOR_COMMAND[intent.value]  # "next" and "text me" are read as commands only after a part
        if heard and intent.name == "person":
            return "0"
        if heard and lang.node(reading.sign or "") and intent.name not in ("command", "number"):
            return lang.node(reading.sign)  # a warning sign leads, as on the text line
        if heard and intent.name == "topic" and lang.node(intent.value or ""):
            return lang.node(intent.value or "")
        if intent.name in ("topic", "unsure") and reading.choices:
            # Unsure, or a topic Twilio heard with low confidence: ask with keys rather than guess.
            return tuple(c.value for c in reading.choices if c.value)
        return None

    def _press(self, facts: CallFacts, key: str) -> Turn:
        """A key (or a command said aloud) at a menu, a part or the opening."""
        place, tries = facts.place, facts.tries
        lang = self.library.get(place.lang)
        node = lang.node(place.node) or lang.root
        if key == "0":
            return Turn((lang.prompt("connecting"),), place, action="dial")
        if key == "#":
            return self.show(Place(lang.code, "menu", ROOT_ID))
        if place.screen == "choose":
            return self._pick(place, key, tries)
        if place.screen == "menu" or place.opening:
            if key == "9":
                return self.show(place)
            if key == "*":
                # Back from the main menu is the start: the language choice.
                back = Place(lang.code, "lang") if node.id == ROOT_ID else Place(lang.code, "menu", node.parent)
                return self.show(back)
            child = node.child_for(key)
            if child:
                return self._enter(lang.code, child)
        else:
            if key == "9":
                return self.show(replace(place, screen="part"))
            if key == "*":
                if place.part > 0:
                    return self.show(replace(place, screen="part", part=place.part - 1))
                return self.show(Place(lang.code, "menu", node.parent or ROOT_ID))
            if key == "1":
                return self._next_part(lang.code, node, place.part)
            if key == "2":
                return self._text_me(facts, node)
            if key == RECAP_KEY and facts.recap:
                return self._recap(facts)
        options_only = _options_only(place)
        return self.show(options_only, tries, lead=(lang.prompt("invalid_key"),), help_=True)

    def _enter(self, code: str, node: Node) -> Turn:
        if node.parts:
            return self.show(Place(code, "part", node.id, 0))
        return self.show(Place(code, "menu", node.id))

    def _next_part(self, code: str, node: Node, index: int) -> Turn:
        if index + 1 < len(node.parts):
            return self.show(Place(code, "part", node.id, index + 1))
        if len(node.children) == 1:
            return self._enter(code, node.children[0])  # a menu of one option would be a step for nothing
        if node.children:
            return self.show(Place(code, "menu", node.id))
        lang = self.library.get(code)
        following = self._next_topic(lang, node)
        if following:
            return self._enter(code, following)
        # The last topic of its list: its options say so; stay (never a menu the caller did not ask for).
        return self.show(Place(code, "after", node.id, index), help_=True)

    def _text_me(self, facts: CallFacts, node: Node) -> Turn:
        """Key 2 after a part: the topic goes by text when one can reach this phone (the outbox
        sends each request at most once); otherwise the caller hears why not. The part's options
        follow either way."""
        lang = self.library.get(facts.place.lang)
        if not facts.remembering:
            said, effects = "text_later", ()  # the database is down: not now, but later
        elif not facts.can_text:
            said, effects = "text_not_possible", ()
        else:
            said, effects = "text_queued", (QueueText(lang.code, node.id, facts.place.part),)
        turn = self.show(replace(facts.place, screen="after"), lead=(lang.prompt(said),))
        return replace(turn, effects=effects)

    def _recap(self, facts: CallFacts) -> Turn:
        """Yes to the recap: kept for the end of the call (sent once, where a text can go), and
        the part's options again."""
        lang = self.library.get(facts.place.lang)
        if not facts.remembering:
            said, effects = "text_later", ()
        elif not facts.can_text:
            said, effects = "text_not_possible", ()
        else:
            said, effects = "recap_queued", (WantRecap(lang.code),)
        turn = self.show(replace(facts.place, screen="after"), lead=(lang.prompt(said),))
        return replace(turn, effects=effects, recap="yes" if effects else None, control="recap" if effects else None)

    def _after_dial(self, place: Place, status: str) -> Turn:
        """After talking with a person the call ends kindly; busy, no answer or a failure comes
        back to the main menu."""
        lang = self.library.get(place.lang)
        if status == "completed":
            return self.goodbye(lang.code)
        return self.show(Place(lang.code, "menu", ROOT_ID), lead=(lang.prompt("dial_failed"),))

    def apology(self, code: str | None) -> Turn:
        lang = self.library.get(code)
        return self.show(Place(lang.code, "menu", ROOT_ID), lead=(lang.prompt("error"),))

    # -- every place, for crawlers and consistency tests --------------------------------------
    def places(self, code: str) -> list[Place]:
        lang = self.library.get(code)
        out = [Place(code, "lang"), Place(code, "known")]
        out.append(Place(code, "choose", ROOT_ID, 0, tuple(c.id for c in lang.root.children[:3])))
        for node in lang.nodes.values():
            if node.children:
                out.append(Place(code, "menu", node.id))
            for i in range(len(node.parts)):
                out += [Place(code, "part", node.id, i), Place(code, "after", node.id, i)]
        return out


__all__ = ["GLOBAL_KEYS", "OPENINGS", "SCREENS", "CallFacts", "Input", "Place", "Turn", "VoiceNavigator"]


def _for_family(node_id: str) -> bool:
    """A care topic (FAMILY_FIRST and the topics under them): what a family member hears first."""
    return any(node_id == f or node_id.startswith(f + ".") for f in FAMILY_FIRST)


def _heard(said: Input) -> bool:
    """Twilio sure enough of the words to act on them (keys and typed words carry no confidence)."""
    return said.confidence is None or said.confidence >= SPEECH_MIN_CONFIDENCE


def _asks_outside(said: Input, reading: Reading | None) -> bool:
    """Words heard clearly enough that ask what the line does not cover. Heard poorly, the caller
    is asked again instead: a misheard question of ours must not be turned away."""
    return _heard(said) and reading is not None and reading.intent.name == "outside"
