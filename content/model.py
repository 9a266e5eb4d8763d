"""The content model: languages, the menu tree of nodes, and the snippets both channels say."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

ROOT_ID = "root"
# Keys with the same job in every voice menu (see README "Keys"); menus use 1-8 for topics.
GLOBAL_KEYS = {"0": "person", "*": "back", "9": "repeat", "#": "main_menu"}
TOPIC_DIGITS = tuple("12345678")
# Only after a part do 1 and 2 mean these (elsewhere they pick topics); spoken, too.
AFTER_PART_KEYS = {"1": "next", "2": "text_me"}
AFTER_PART_COMMANDS = tuple(AFTER_PART_KEYS.values())
# The keypad: a command said aloud does what its key does.
KEY_FOR_COMMAND = {command: key for key, command in {**GLOBAL_KEYS, **AFTER_PART_KEYS}.items()}
# Topics offered first to someone asking about a family member or friend (issue #22): a menu that
# lists one shows it before the others (it keeps its own key), and "did you mean" puts it first.
# Most people who contact a cancer line are family (docs: FIELD-NOTES, NCI LiveHelp).
FAMILY_FIRST = ("care", "care.caring")


# Get help now and its warning-sign pages: nothing may come before their 911 line.
URGENT_ID = "symptoms.urgent"


def is_urgent(node_id: str) -> bool:
    """Get help now or one of its warning-sign pages ("symptoms.urgent.fever")."""
    return node_id == URGENT_ID or node_id.startswith(URGENT_ID + ".")


def depth(node_id: str | None) -> int:
    """How deep a node sits: the main menu 0, "spread" 1, "spread.bones" 2 (ids join with dots)."""
    return 0 if not node_id or node_id == ROOT_ID else node_id.count(".") + 1


@dataclass(frozen=True)
class Snippet:
    """One unit of words, spoken (`voice`) and texted (`text`); the same id on both channels."""

    id: str
    voice: str
    text: str
    lang: str = ""
    # A part's few words for the reply before it: "MORE: how it spreads" (texted only, may be empty).
    about: str = ""


@dataclass(frozen=True)
class VoiceSettings:
    say_voice: str  # Twilio <Say voice=...>
    say_language: str  # Twilio <Say language=...>, e.g. en-US
    speech_language: str  # <Gather language=...> for speech recognition
    tts_voice: str  # eSpeak NG voice id used by the offline renderer


@dataclass(frozen=True)
class Node:
    """A topic in the menu tree: its parts are heard in order, then its children as a menu."""

    id: str
    digit: str | None
    title: str
    label: str
    keywords: tuple[str, ...]
    parts: tuple[Snippet, ...]
    children: tuple[Node, ...] = ()
    parent: str | None = None
    intro: Snippet | None = None
    # Phrases as people type and say them ("can u cure it", "se puede curar?"): the
    # understanding learns topics from these. Never shown or spoken.
    examples: tuple[str, ...] = ()
    # Pages the words were checked against (https URLs, content/schema.py SOURCE_HOSTS): shown in the
    # clinician review export beside the words, never said or texted.
    sources: tuple[str, ...] = ()

    def child_for(self, digit: str) -> Node | None:
        return next((c for c in self.children if c.digit == digit), None)


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    digit: str  # key that picks this language in the opening choice
    voice: VoiceSettings
    sms_alphabet: str  # "GSM-7" or "UCS-2"
    sms_max_segments: int
    prompts: dict[str, Snippet]
    speech: dict[str, tuple[str, ...]]  # command -> spoken phrases (schema.SPEECH_COMMANDS)
    root: Node
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # schema.WORD_LISTS -> words
    source: str = ""
    nodes: dict[str, Node] = field(default_factory=dict)
    # Respellings for the offline voice only (content/pronunciation.py): never texted or sent to <Say>.
    pronunciation: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        def walk(node: Node):
            self.nodes[node.id] = node
            for child in node.children:
                walk(child)

        walk(self.root)

    def prompt(self, key: str, **values: str) -> Snippet:
        """A prompt; `values` fill {placeholders} left for run time (rare: most are filled at load)."""
        snip = self.prompts[key]
        if not values:
            return snip
        return Snippet(snip.id, snip.voice.format(**values), snip.text.format(**values), snip.lang)

    def node(self, node_id: str) -> Node | None:
        return self.nodes.get(node_id)

    def parent_of(self, node: Node) -> Node:
        return self.nodes[node.parent] if node.parent else self.root

    def menu(self, node: Node) -> Snippet:
        """The options of a node's menu, goal first: "For symptoms, press 3." / "3 Symptoms"."""
        return self._menus[node.id]

    @cached_property
    def _menus(self) -> dict[str, Snippet]:
        option = self.prompts["menu_option"]
        sms_option = self.prompts["sms_menu_option"]
        menus = {}
        for node in self.nodes.values():
            if not node.children:
                continue
            voice = " ".join(option.voice.format(label=c.label, key=c.digit) for c in node.children)
            text = "\n".join(sms_option.text.format(label=c.title, key=c.digit) for c in node.children)
            menus[node.id] = Snippet(f"menu.{node.id}", voice, text, self.code)
        return menus

    def family_order(self, node: Node) -> tuple[Node, ...]:
        """A node's children with the FAMILY_FIRST topics before the others, each with its own key."""
        first = tuple(c for c in node.children if c.id in FAMILY_FIRST)
        return first + tuple(c for c in node.children if c.id not in FAMILY_FIRST)

    def family_option(self, node: Node) -> Snippet | None:
        """ "Caring for someone, press 5.": said before the menu that lists a FAMILY_FIRST topic,
        to a caller who named a family member; None for a menu without one. Fixed words, so the
        audio build renders it like a menu."""
        return self._family_options.get(node.id)

    @cached_property
    def _family_options(self) -> dict[str, Snippet]:
        option = self.prompts.get("menu_option")
        if option is None:  # a language built by hand with only some prompts (tests)
            return {}
        out = {}
        for node in self.nodes.values():
            first = next((c for c in node.children if c.id in FAMILY_FIRST), None)
            if first is not None:
                voice = option.voice.format(label=first.label, key=first.digit)
                out[node.id] = Snippet(f"family.{first.id}", voice, "", self.code)
        return out

    @cached_property
    def opening_emergency(self) -> Snippet | None:
        """The emergency line with no silence rendered after it (audio/options.py OPENING_PREFIX):
        said last in the shared number's opening, where Twilio's 1 s timeout is the pause before
        the welcome. Same words; None for a language built by hand without the prompt (tests)."""
        said = self.prompts.get("emergency")
        return Snippet("opening.emergency", said.voice, said.text, self.code) if said else None

    def resume_offer(self, node: Node) -> Snippet:
        """ "To go on with Symptoms, press 1.": a returning caller's offer, one per topic with
        parts, with fixed words so the audio build renders it like a menu."""
        return self._resume_offers[node.id]

    @cached_property
    def _resume_offers(self) -> dict[str, Snippet]:
        offer = self.prompts.get("resume_offer")
        if offer is None:  # a language built by hand with only some prompts (tests)
            return {}
        return {
            n.id: Snippet(f"resume.{n.id}", offer.voice.format(topic=n.label, digit=self.digit), "", self.code)
            for n in self.nodes.values()
            if n.parts and n.parent is not None
        }

    def snippets(self) -> list[Snippet]:
        """Every snippet the voice line can say, with its fixed words (what the audio build renders)."""
        # sms_* prompts are text only: never spoken, so never rendered.
        out = [s for k, s in sorted(self.prompts.items()) if not k.startswith("sms_") and not _has_placeholder(s.voice)]
        if self.opening_emergency is not None and not _has_placeholder(self.opening_emergency.voice):
            out.append(self.opening_emergency)
        for node in self.nodes.values():
            if node.intro:
                out.append(node.intro)
            out.extend(node.parts)
            if node.children:
                out.append(self.menu(node))
            if node.id in self._resume_offers:
                out.append(self.resume_offer(node))
            if node.id in self._family_options:
                out.append(self.family_option(node))
        return out


def _has_placeholder(text: str) -> bool:
    return "{" in text and "}" in text


@dataclass(frozen=True)
class Library:
    """All languages, keyed by code; the default language is the fallback."""

    languages: dict[str, Language]
    default: str

    def get(self, code: str | None) -> Language:
        return self.languages.get(code or "", self.languages[self.default])

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.languages)
