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
from content.model import GLOBAL_KEYS, ROOT_ID, Library, Node, Snippet
from understanding import Context, Intent, Reading, Understanding

MAX_SILENT_TRIES = 2  # re-prompts that add help; the next silence ends the call kindly
SPEECH_MIN_CONFIDENCE = 0.4  # below this, ask again instead of guessing
SCREENS = ("lang", "menu", "part", "after", "choose")
KEY_FOR_COMMAND = {"person": "0", "back": "*", "repeat": "9", "main_menu": "#", "next": "1", "text_me": "2"}


@dataclass(frozen=True)
class Place:
    """Where a caller is. `menu` lists a node's children; `part` plays a part then its options;
    `after` gives a part's options again without replaying it; `lang` is the opening choice;
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
    def opening(self, known_language: str | None) -> Turn:
        """Emergency line first; then the language choice, or straight on for a known caller."""
        default = self.library.get(None)
        first = (default.prompt("emergency"),)
        if known_language in self.library.languages:
            return self._start(known_language, lead=first if known_language == default.code else ())
        offers = tuple(lang.prompt("language_offer") for lang in self.library.languages.values())
        return Turn(first + offers, Place(default.code, "lang"))

    def show(self, place: Place, tries: int = 0, lead: tuple[Snippet, ...] = (), help_: bool = False) -> Turn:
        """The prompts of a place, with the keys spelled out after a silence or a wrong key."""
        lang = self.library.get(place.lang)
        keys = (lang.prompt("keys_help"),) if tries or help_ else ()
        if place.screen == "lang":
            offers = tuple(x.prompt("language_offer") for x in self.library.languages.values())
            return Turn(lead + offers, place, tries)
        node = lang.node(place.node) or lang.root
        if place.screen == "choose":
            return Turn(lead + self._choices_said(lang, place) + keys, place, tries)
        if place.screen == "menu":
            intro = (lang.prompt("main_menu_intro"),) if node.id == ROOT_ID else ((node.intro,) if node.intro else ())
            return Turn(lead + intro + (lang.menu(node),) + keys, place, tries, node_reached=node.id)
        if not node.parts:
            return self.show(Place(place.lang, "menu", node.id), tries, lead)
        index = min(max(place.part, 0), len(node.parts) - 1)
        place = replace(place, node=node.id, part=index)
        body = (node.parts[index],) if place.screen == "part" else ()
        return Turn(lead + body + (lang.prompt("part_options"),) + keys, place, tries, node_reached=node.id)

    def _start(self, code: str, lead: tuple[Snippet, ...] = ()) -> Turn:
        lang = self.library.get(code)
        opening = (*lead, lang.prompt("disclaimer"), lang.prompt("welcome"))
        return self.show(Place(lang.code, "menu", ROOT_ID), lead=opening)

    def goodbye(self, code: str, lead: tuple[Snippet, ...] = ()) -> Turn:
        return Turn((*lead, self.library.get(code).prompt("goodbye")), None, action="hangup")

    # -- input -----------------------------------------------------------------------------
    def handle(self, place: Place, said: Input, tries: int = 0) -> Turn:
        if said.silent:
            return self._silence(place, tries)
        if place.screen == "lang":
            return self._choose_language(place, said, tries)
        if said.speech and not said.digits:
            return self._speech(place, said, tries)
        return self._press(place, said.digits[:1], tries)

    def _speech(self, place: Place, said: Input, tries: int) -> Turn:
        lang = self.library.get(place.lang)
        menu = place.node if place.screen == "menu" else None
        context = Context("voice", lang.code, menu, after_part=place.screen in ("part", "after"))
        reading = self.understanding.read(said.speech, context)
        if reading.alarm:
            return self._crisis(place, reading, tries)  # whatever Twilio's confidence: recall first
        intent = reading.intent
        heard = said.confidence is None or said.confidence >= SPEECH_MIN_CONFIDENCE
        if heard and intent.name == "number" and intent.value:
            return self._press(place, intent.value, tries)
        if heard and intent.name == "command" and intent.value in KEY_FOR_COMMAND:
            return self._press(place, KEY_FOR_COMMAND[intent.value], tries)
        if heard and intent.name == "person":
            return self._press(place, "0", tries)
        if heard and intent.name == "topic" and lang.node(intent.value or ""):
            return self._enter(lang.code, lang.node(intent.value or ""))
        if intent.name in ("topic", "unsure") and reading.choices:
            # Unsure (or a topic heard with low confidence): ask with keys rather than guess.
            return self.did_you_mean(place, [c.value for c in reading.choices if c.value])
        quiet = _options_only(place)
        return self.show(quiet, tries, lead=(lang.prompt("not_understood"),), help_=True)

    def did_you_mean(self, place: Place, choices: list[str]) -> Turn:
        lang = self.library.get(place.lang)
        kept = tuple(c for c in choices if lang.node(c))[:3]
        return replace(self.show(Place(lang.code, "choose", place.node, 0, kept)), outcome="did_you_mean")

    def _choices_said(self, lang, place: Place) -> tuple[Snippet, ...]:
        option = lang.prompts["menu_option"]
        words = " ".join(
            option.voice.format(label=n.label, key=str(i))
            for i, n in enumerate((lang.node(c) for c in place.choices), start=1)
            if n
        )
        return (lang.prompt("did_you_mean"), Snippet(f"choose.{'.'.join(place.choices)}", words, words, lang.code))

    def _silence(self, place: Place, tries: int) -> Turn:
        lang = self.library.get(place.lang)
        if place.screen == "lang":
            # Most callers wait through the offer: silence keeps the default language.
            return self._start(lang.code)
        if tries >= MAX_SILENT_TRIES:
            return self.goodbye(lang.code, lead=(lang.prompt("no_input"),))
        quiet = _options_only(place)
        return self.show(quiet, tries + 1, lead=(lang.prompt("no_input"),))

    def _crisis(self, place: Place, reading: Reading, tries: int) -> Turn:
        """Spoken crisis words: 911 first (an emergency or an overdose), Poison Help for an overdose,
        988 for self-harm. A medical emergency alone then goes on to the topic it names ("seizure"
        -> brain signs), like the text line; otherwise only the keys follow (0 is a person)."""
        lang = self.library.get(place.lang)
        alarm = reading.alarm
        lead = tuple(lang.prompt(key) for key in replies.crisis_keys(alarm.categories))
        if alarm.categories == ("emergency",) and reading.topic and lang.node(reading.topic):
            entered = self._enter(lang.code, lang.node(reading.topic))
            return replace(entered, say=lead + entered.say, alarm=alarm.categories)
        quiet = _options_only(place)
        return replace(self.show(quiet, tries, lead=lead, help_=True), alarm=alarm.categories)

    def _choose_language(self, place: Place, said: Input, tries: int) -> Turn:
        heard = self.understanding.read(said.speech, Context("voice", place.lang)) if said.speech else None
        if heard and heard.alarm:
            return self._crisis(Place(place.lang, "menu", ROOT_ID), heard, tries)
        for code, lang in self.library.languages.items():
            if said.digits[:1] == lang.digit or (heard and heard.intent == Intent("language", code)):
                turn = self._start(code, lead=() if code == place.lang else (lang.prompt("emergency"),))
                return replace(turn, language_chosen=code)
        lang = self.library.get(place.lang)
        lead = lang.prompt("invalid_key") if said.digits else lang.prompt("not_understood")
        return self.show(place, tries, lead=(lead,))

    def _press(self, place: Place, key: str, tries: int) -> Turn:
        lang = self.library.get(place.lang)
        node = lang.node(place.node) or lang.root
        if key == "0":
            return Turn((lang.prompt("connecting"),), place, action="dial")
        if key == "#":
            return self.show(Place(lang.code, "menu", ROOT_ID))
        if place.screen == "choose":
            return self._pick(place, key, tries)
        if place.screen == "menu":
            if key == "9":
                return self.show(place)
            if key == "*":
                return self.show(Place(lang.code, "menu", node.parent or ROOT_ID))
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

    def _enter(self, code: str, node: Node) -> Turn:
        if node.parts:
            return self.show(Place(code, "part", node.id, 0))
        return self.show(Place(code, "menu", node.id))

    def _next_part(self, code: str, node: Node, index: int) -> Turn:
        if index + 1 < len(node.parts):
            return self.show(Place(code, "part", node.id, index + 1))
        if node.children:
            return self.show(Place(code, "menu", node.id))
        lang = self.library.get(code)
        return self.show(Place(code, "menu", node.parent or ROOT_ID), lead=(lang.prompt("end_of_topic"),))

    def after_text(self, place: Place, queued: bool) -> Turn:
        """Back to the part's options after "text me this", saying whether a text is on its way."""
        lang = self.library.get(place.lang)
        said = lang.prompt("text_queued" if queued else "text_not_possible")
        return self.show(replace(place, screen="after"), lead=(said,))

    def after_dial(self, place: Place) -> Turn:
        lang = self.library.get(place.lang)
        return self.show(Place(lang.code, "menu", ROOT_ID), lead=(lang.prompt("dial_failed"),))

    def apology(self, code: str | None) -> Turn:
        lang = self.library.get(code)
        return self.show(Place(lang.code, "menu", ROOT_ID), lead=(lang.prompt("error"),))

    # -- every place, for crawlers and consistency tests --------------------------------------
    def places(self, code: str) -> list[Place]:
        lang = self.library.get(code)
        out = [Place(code, "lang"), Place(code, "choose", ROOT_ID, 0, tuple(c.id for c in lang.root.children[:3]))]
        for node in lang.nodes.values():
            if node.children:
                out.append(Place(code, "menu", node.id))
            for i in range(len(node.parts)):
                out += [Place(code, "part", node.id, i), Place(code, "after", node.id, i)]
        return out


__all__ = ["GLOBAL_KEYS", "Input", "Place", "Turn", "VoiceNavigator"]
