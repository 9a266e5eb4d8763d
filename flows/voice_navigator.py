"""The voice conversation rules: what a key, a spoken word or silence means at each place.

Pure: (library, place, input) -> Turn. Imports point one way - content -> understanding ->
navigators -> renderers (voice.py, sms.py) -> routes. No Flask and no Twilio here, so the
rules are tested without HTTP. What a caller says goes through the same understanding as a
text (understanding/): crisis words first, then commands, numbers and topics; when it is
unsure between topics it asks "did you mean" with keys (the "choose" screen).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from content import replies
from content.model import GLOBAL_KEYS, ROOT_ID, Language, Library, Node, Snippet
from understanding import Context, Reading, Understanding

MAX_SILENT_TRIES = 2  # re-prompts that add help; the next silence ends the call kindly
SPEECH_MIN_CONFIDENCE = 0.4  # below this, ask again instead of guessing
SCREENS = ("lang", "known", "menu", "part", "after", "choose")
OPENINGS = ("lang", "known")  # the language offers: for a new caller, and for one the line knows
TEXT_OFFER = "prompt.text_me_option"  # "To get this by text message, press 2."
KEY_FOR_COMMAND = {"person": "0", "back": "*", "repeat": "9", "main_menu": "#", "next": "1", "text_me": "2"}


@dataclass(frozen=True)
class Place:
    """Where a caller is. `menu` lists a node's children; `part` plays a part then its options;
    `after` gives a part's options again without replaying it; `lang` offers every language (a new
    caller's opening, or * at the main menu); `known` is the opening for a caller whose language
    the line remembers: it offers the other languages, and waiting goes straight to the menu;
    `choose` offers the `choices` of a "did you mean" by key (from `node`, where the caller was)."""

    lang: str
    screen: str
    node: str = ROOT_ID
    part: int = 0
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Input:
    digits: str = ""
    speech: str = ""
    confidence: float | None = None

    @property
    def silent(self) -> bool:
        return not self.digits and not self.speech.strip()


@dataclass(frozen=True)
class Turn:
    """What to say, where the caller's next input lands, and what else to do."""

    say: tuple[Snippet, ...]
    place: Place | None  # None: the call ends after `say`
    tries: int = 0  # silences so far at this place (travels in the URL path)
    action: str | None = None  # None, "dial", "text_me", "hangup"
    language_chosen: str | None = None
    node_reached: str | None = None  # topic the caller reached (for call records)
    alarm: tuple[str, ...] = ()  # safety categories answered (only these are logged)
    outcome: str | None = None  # did_you_mean, for the usage counts (never the words)

    @property
    def offers_text(self) -> bool:
        return any(s.id == TEXT_OFFER for s in self.say)

    @property
    def lang(self) -> str | None:
        return self.place.lang if self.place else None


def _options_only(place: Place) -> Place:
    """After a part, answers repeat the options, not the part the caller just heard."""
    return replace(place, screen="after") if place.screen == "part" else place


class VoiceNavigator:
    def __init__(self, library: Library, understanding: Understanding | None = None):
        self.library = library
        self.understanding = understanding or Understanding(library)

    # -- screens ---------------------------------------------------------------------------
    def opening(self, known_language: str | None, first: str | None = None) -> Turn:
        """Every call starts with the emergency line, in the caller's language, then offers the
        other language(s), each in its own voice. A new caller hears each language's emergency
        line before that language's offer, the line number's own language first (`first`,
        LANGUAGE_BY_NUMBER; else the default): an English caller can press 1 after seven seconds,
        and a Spanish speaker has heard 911 in Spanish before choosing."""
        if known_language in self.library.languages:
            lang = self.library.get(known_language)
            return self.show(Place(lang.code, "known"), lead=(lang.prompt("emergency"),))
        default = self.library.get(first)
        ordered = [default, *(o for o in self.library.languages.values() if o is not default)]
        say = tuple(p for lang in ordered for p in (lang.prompt("emergency"), lang.prompt("language_offer")))
        return Turn(say, Place(default.code, "lang"))

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
        if place.screen in OPENINGS:
            others = [x for x in self.library.languages.values() if place.screen == "lang" or x is not lang]
            return Turn(lead + tuple(x.prompt("language_offer") for x in others), place, tries)
        node = lang.node(place.node) or lang.root
        if place.screen == "choose":
            return Turn(lead + self._choices_said(lang, place) + keys, place, tries)
        if place.screen == "menu":
            intro = (node.intro,) if node.intro else ()
            return Turn(lead + intro + (lang.menu(node),) + keys, place, tries, node_reached=node.id)
        if not node.parts:
            return self.show(Place(place.lang, "menu", node.id), tries, lead)
        index = min(max(place.part, 0), len(node.parts) - 1)
        place = replace(place, node=node.id, part=index)
        body = (node.parts[index],) if place.screen == "part" else ()
        return Turn(lead + body + self._options(lang, node, index) + keys, place, tries, node_reached=node.id)

    def _options(self, lang: Language, node: Node, index: int) -> tuple[Snippet, ...]:
        """After a part: 1 goes on - to the next part, the topic's own menu, or the next topic in
        its list (never back to a menu the caller did not ask for); 2 texts it (see _no_text_offer)."""
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
    def without_text_offer(self, turn: Turn) -> Turn:
        """For a phone our texts cannot reach (the route knows): how to read it instead of
        "press 2 for a text". Key 2 there still reaches the outbox, which says it cannot."""
        swapped = tuple(
            self.library.get(s.lang).prompt("text_me_instead") if s.id == TEXT_OFFER else s for s in turn.say
        )
        return replace(turn, say=swapped)

    def handle(self, place: Place, said: Input, tries: int = 0) -> Turn:
        lang = self.library.get(place.lang)
        if said.silent:
            return self._silence(place, tries)
        reading = self._read(place, said) if said.speech and not said.digits else None
        if reading is not None:
            if reading.alarm:
                return self._crisis(place, reading, tries)  # whatever Twilio's confidence: recall first
            chosen = reading.intent.value if reading.intent.name == "language" else None
            if chosen in self.library.languages and (place.screen in OPENINGS or chosen != place.lang):
                return self._switch(place, chosen)
        if place.screen in OPENINGS:
            return self._choose_language(place, said, tries, reading)
        key = said.digits[:1] if said.digits else self._key_for_speech(place, said, reading)
        if isinstance(key, tuple):
            return self.did_you_mean(place, list(key))
        if key is None:
            # Speech we could not place: ask again, with the keys spelled out.
            quiet = _options_only(place)
            return self.show(quiet, tries, lead=(lang.prompt("not_understood"),), help_=True)
        if isinstance(key, Node):
            return self._enter(place.lang, key)
        return self._press(place, key, tries)

    def _read(self, place: Place, said: Input) -> Reading:
        menu = place.node if place.screen == "menu" else (ROOT_ID if place.screen in OPENINGS else None)
        context = Context("voice", place.lang, menu, after_part=place.screen in ("part", "after"))
        return self.understanding.read(said.speech, context)

    def did_you_mean(self, place: Place, choices: list[str]) -> Turn:
        """Two or three topics the words might mean, each with its key (1, 2, 3)."""
        lang = self.library.get(place.lang)
        kept = tuple(c for c in choices if lang.node(c))[:3]
        origin = place.node if place.screen not in OPENINGS else ROOT_ID
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
        if place.screen in OPENINGS:
            turn = self._start(code, welcome=place.screen == "lang" or code != place.lang)
        else:
            turn = self.show(replace(place, lang=code))
        return replace(turn, language_chosen=code)

    def _silence(self, place: Place, tries: int) -> Turn:
        lang = self.library.get(place.lang)
        if place.screen in OPENINGS:
            # Most callers wait through the offer: silence keeps the language they have.
            return self._start(lang.code, welcome=place.screen == "lang")
        if tries >= MAX_SILENT_TRIES:
            return self.goodbye(lang.code, lead=(lang.prompt("no_input"),))
        quiet = _options_only(place)
        return self.show(quiet, tries + 1, lead=(lang.prompt("no_input"),))

    def _crisis(self, place: Place, reading: Reading, tries: int) -> Turn:
        """Spoken crisis words: 911 first (an emergency or an overdose), Poison Help for an overdose,
        988 for self-harm (content/replies.crisis_keys, as on the text line). A medical emergency
        alone then goes on to the topic it names ("seizure" -> brain signs); otherwise only the keys
        follow (0 is a person)."""
        lang = self.library.get(place.lang)
        alarm = reading.alarm
        lead = tuple(lang.prompt(key) for key in replies.crisis_keys(alarm.categories))
        if alarm.categories == ("emergency",) and reading.topic and lang.node(reading.topic):
            entered = self._enter(lang.code, lang.node(reading.topic))
            return replace(entered, say=lead + entered.say, alarm=alarm.categories)
        quiet = _options_only(place) if place.screen not in OPENINGS else Place(lang.code, "menu", ROOT_ID)
        return replace(self.show(quiet, tries, lead=lead, help_=True), alarm=alarm.categories)

    def _choose_language(self, place: Place, said: Input, tries: int, reading: Reading | None = None) -> Turn:
        """At the opening: a language's key picks it. A caller who already knows the menu may
        press its key here too (3 for symptoms), in the language the line has for them; spoken
        topic words go there as well. Global keys do their jobs."""
        for code, lang in self.library.languages.items():
            if said.digits[:1] == lang.digit:
                welcome = place.screen == "lang" or code != place.lang
                return replace(self._start(code, welcome), language_chosen=code)
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
            return self._press(place, key, tries)
        lead = lang.prompt("invalid_key") if said.digits else lang.prompt("not_understood")
        return self.show(place, tries, lead=(lead,))

    def _key_for_speech(self, place: Place, said: Input, reading: Reading | None) -> str | Node | tuple | None:
        """What the words are worth here: a key (a command or a number said), a topic, the topics to
        offer by key when unsure (a tuple), or None. The understanding puts a command said on its
        own first, and a topic the words name before a command word inside them ("next steps" is
        the topic, not "go on")."""
        if reading is None:
            return None
        lang = self.library.get(place.lang)
        intent = reading.intent
        heard = said.confidence is None or said.confidence >= SPEECH_MIN_CONFIDENCE
        if heard and intent.name == "number" and intent.value:
            return intent.value
        if heard and intent.name == "command" and intent.value in KEY_FOR_COMMAND:
            key = KEY_FOR_COMMAND[intent.value]
            return key if key not in ("1", "2") or place.screen in ("part", "after") else None
        if heard and intent.name == "person":
            return "0"
        if heard and intent.name == "topic" and lang.node(intent.value or ""):
            return lang.node(intent.value or "")
        if intent.name in ("topic", "unsure") and reading.choices:
            # Unsure, or a topic Twilio heard with low confidence: ask with keys rather than guess.
            return tuple(c.value for c in reading.choices if c.value)
        return None

    def _press(self, place: Place, key: str, tries: int) -> Turn:
        """A key (or a command said aloud) at a menu, a part or the opening."""
        lang = self.library.get(place.lang)
        node = lang.node(place.node) or lang.root
        if key == "0":
            return Turn((lang.prompt("connecting"),), place, action="dial")
        if key == "#":
            return self.show(Place(lang.code, "menu", ROOT_ID))
        if place.screen == "choose":
            return self._pick(place, key, tries)
        if place.screen in ("menu", *OPENINGS):
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
                return Turn((), replace(place, screen="after"), action="text_me", node_reached=node.id)
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

    def after_text(self, place: Place, queued: bool) -> Turn:
        """Back to the part's options after "text me this", saying whether a text is on its way."""
        lang = self.library.get(place.lang)
        said = lang.prompt("text_queued" if queued else "text_not_possible")
        turn = self.show(replace(place, screen="after"), lead=(said,))
        return turn if queued else self.without_text_offer(turn)

    def after_dial(self, place: Place) -> Turn:
        lang = self.library.get(place.lang)
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


__all__ = ["GLOBAL_KEYS", "Input", "Place", "Turn", "VoiceNavigator"]
