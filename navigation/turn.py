"""What a navigator decides, as data: the facts a request brings in, the Turn it gets back, and
the Turn's typed effects.

    route: read the facts -> navigator: decide (facts -> Turn) -> route: apply the effects
    (flows/effects.py, in the webhook's one transaction) and render the words

Pure: no Flask, no database, no Twilio; usage reads these fields and nothing else. A new kind of
effect is a new frozen dataclass below and its edge in flows/effects.py: no route changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from content.model import ROOT_ID, Snippet

# -- where a caller or a texter is ------------------------------------------------------------
SCREENS = ("lang", "known", "menu", "part", "after", "choose")
OPENINGS = ("lang", "known")  # the language offers: for a new caller, and for one the line knows
AFTER_PART = ("part", "after")  # a part was just heard: 1 goes on, 2 texts it
# How fast the line speaks (audio.options.PACES renders each): "slow" is 0.8x the words per minute
# with longer pauses. A caller's pace holds for the call (in the URL) and for their next call.
NORMAL, SLOW = "normal", "slow"
PACES = (NORMAL, SLOW)


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

    @property
    def opening(self) -> bool:
        return self.screen in OPENINGS

    @property
    def after_part(self) -> bool:
        return self.screen in AFTER_PART


@dataclass(frozen=True)
class Input:
    """What a caller pressed or said (Twilio's Digits, SpeechResult and Confidence)."""

    digits: str = ""
    speech: str = ""
    confidence: float | None = None

    @property
    def silent(self) -> bool:
        return not self.digits and not self.speech.strip()

    @property
    def spoken(self) -> bool:
        """Words and no key: what the usage counts call speech."""
        return bool(self.speech.strip()) and not self.digits


CHOICES_MARK = "?"  # the saved menu holds "<menu>?<choice>|<choice>" while a "did you mean" waits


@dataclass(frozen=True)
class TextState:
    """Where a texter is."""

    language: str
    node: str | None = None  # topic being read
    page: int = 0  # pages of it already sent
    menu: str = ROOT_ID  # last menu shown: numbers pick from it
    new: bool = False  # first message from this person (or first after a long quiet)
    choices: tuple[str, ...] = ()  # topics offered by "did you mean": numbers pick from these first
    # Who the texter asks about ("mom", "husband": understanding/relations.py), named in this message
    # or remembered (database/store.py relations, kept apart from the place: menu_field leaves it out).
    relation: str | None = None

    @property
    def menu_field(self) -> str:
        """The menu and any did-you-mean choices as the store keeps them, in one column."""
        return self.menu + (CHOICES_MARK + "|".join(self.choices) if self.choices else "")

    @classmethod
    def from_saved(cls, language: str, node: str | None, page: int, menu_field: str | None, new: bool) -> TextState:
        """The reverse of menu_field: a place as the store gave it back."""
        menu, _, choices = (menu_field or ROOT_ID).partition(CHOICES_MARK)
        return cls(language, node, page, menu or ROOT_ID, new, tuple(filter(None, choices.split("|"))))


# -- effects: what a Turn asks the edges to do ------------------------------------------------
@dataclass(frozen=True)
class Effect:
    """One thing a Turn changes outside itself. Applied by flows/effects.py, in the webhook's
    transaction; each kind says there what it does while the database is down."""


@dataclass(frozen=True)
class RememberLanguage(Effect):
    """Keep the language this caller chose (or called in again) for their next call."""

    code: str


@dataclass(frozen=True)
class QueueText(Effect):
    """Send this topic's first page to the caller by text ("text me this", key 2 after `part`)."""

    lang: str
    node: str
    part: int = 0


@dataclass(frozen=True)
class OptOut(Effect):
    """on=True: send this person nothing more (STOP, a stop wish); on=False: back in (START)."""

    on: bool


@dataclass(frozen=True)
class SaveTextPlace(Effect):
    """Keep the texter's place, so MORE, BACK and a number mean the same next time."""

    state: TextState


@dataclass(frozen=True)
class RememberPace(Effect):
    """Keep the pace this caller asked for ("slower", "faster", 9 twice) for their next call."""

    pace: str


@dataclass(frozen=True)
class RememberPlace(Effect):
    """Keep the part this caller just heard (and its language): a call within the quiet period
    offers to go on from there."""

    lang: str
    node: str
    part: int


@dataclass(frozen=True)
class NoteHeard(Effect):
    """This call heard a part of this topic (the recap text lists the call's topics)."""

    node: str


@dataclass(frozen=True)
class WantRecap(Effect):
    """The caller said yes to a text, when the call ends, of the topics heard (at most one)."""

    lang: str


@dataclass(frozen=True)
class RememberRelation(Effect):
    """Keep who this person asks about (a category from understanding/relations.py: "mom",
    "husband", ...; never their words) for their conversation and their next call."""

    relation: str


# -- facts: what a navigator is told ----------------------------------------------------------
@dataclass(frozen=True)
class CallFacts:
    """A voice request's facts, read by the route before the one navigator call. `place` None:
    the call has just been answered."""

    place: Place | None = None
    said: Input = field(default_factory=Input)
    tries: int = 0  # silences so far at this place (from the URL)
    dial_status: str | None = None  # back from <Dial> (key 0): how the person line answered
    known_language: str | None = None  # the language this number chose on an earlier call
    first_language: str | None = None  # the line number's own language (LANGUAGE_BY_NUMBER)
    can_text: bool = True  # a text can reach this phone: a number, not opted out, not fiction
    remembering: bool = True  # the database answers: the line can remember and queue
    pace: str = NORMAL  # how fast the line speaks in this call (from the URL)
    repeated: bool = False  # the last turn was a repeat (9): 9 again now plays it slower
    paused: int = 0  # rounds of quiet given so far while the caller takes their time (from the URL)
    known_pace: str | None = None  # the pace this number asked for on an earlier call
    resume: tuple[str, int] | None = None  # (topic, part) this number last heard, within the quiet period
    recap: str = ""  # the recap text in this call: "" not offered yet, "offered", or "yes" (from the URL)
    relation: str | None = None  # who this number asks about, remembered from a text or an earlier call
    # The first answer after an opening that went on by itself (Turn.then; from the URL): staying in
    # the opening's language was the caller's choice, remembered as a key press would be.
    went_on: bool = False


@dataclass(frozen=True)
class TextFacts:
    """A text's facts: the texter's place, whether they opted out, and what they wrote."""

    state: TextState
    body: str = ""
    opted_out: bool = False
    remembering: bool = True  # False: the database is down, the place will not be kept


# -- turns: what a navigator decided ----------------------------------------------------------
@dataclass(frozen=True)
class Turn:
    """A voice turn: what to say, where the caller's next input lands, and what else to do."""

    say: tuple[Snippet, ...]
    place: Place | None  # None: the call ends after `say`
    tries: int = 0  # silences so far at this place (travels in the URL path)
    action: str | None = None  # None, "dial", "hangup"
    node_reached: str | None = None  # topic the caller reached (for call records)
    alarm: tuple[str, ...] = ()  # safety categories answered (only these are logged)
    # What became of words said (understood, did_you_mean, not_understood, outside, crisis); None for a key
    # or silence. The usage counts read this, never the words.
    outcome: str | None = None
    effects: tuple[Effect, ...] = ()
    pace: str | None = None  # None: the call's pace as it was (step() fills it in)
    repeated: bool = False  # this turn repeated the place (9): 9 again plays it slower
    paused: int = 0  # > 0: the caller is taking their time; quiet here is not "no input"
    recap: str | None = None  # None: as it was in this call (step() fills it in); else "offered", "yes"
    control: str | None = None  # a listening control used (slower, faster, wait, resume, recap): usage counts it
    # On silence the call goes straight on to this turn's prompts, rendered as the next <Gather> of
    # the same answer: no request and no round trip in between (the shared number's opening).
    then: Turn | None = None

    @property
    def lang(self) -> str | None:
        return self.place.lang if self.place else None

    @property
    def language_chosen(self) -> str | None:
        return next((e.code for e in self.effects if isinstance(e, RememberLanguage)), None)


@dataclass(frozen=True)
class TextTurn:
    """A text turn: the replies, the texter's next place, and what else to do."""

    replies: tuple[str, ...]  # each within the language's segment budget; empty: nothing is sent
    state: TextState
    topic: str | None = None  # topic shown (for audio by message, and the counts)
    media: tuple[Snippet, ...] = ()  # LISTEN: snippets whose audio goes with replies[0] as its caption
    alarm: tuple[str, ...] = ()  # safety categories answered (only these are logged)
    # understood, did_you_mean, not_understood, outside, crisis, opt_out or opt_in: for the usage counts.
    outcome: str = "understood"
    effects: tuple[Effect, ...] = ()
    farewell: bool = False  # a stop wish's goodbye: it goes out even as the texter opts out
    first_message: bool = False  # it started a conversation (the texter's first, or after a long quiet)

    @property
    def opt_out(self) -> bool | None:
        """True: opted out; False: back in; None: no change."""
        return next((e.on for e in self.effects if isinstance(e, OptOut)), None)

    @property
    def sent(self) -> bool:
        return bool(self.replies or self.media)


__all__ = [
    "AFTER_PART",
    "NORMAL",
    "OPENINGS",
    "PACES",
    "SCREENS",
    "SLOW",
    "CallFacts",
    "Effect",
    "Input",
    "NoteHeard",
    "OptOut",
    "Place",
    "QueueText",
    "RememberLanguage",
    "RememberPace",
    "RememberPlace",
    "RememberRelation",
    "SaveTextPlace",
    "TextFacts",
    "TextState",
    "TextTurn",
    "Turn",
    "WantRecap",
]
