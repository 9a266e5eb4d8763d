"""The held-out evaluations, run through both navigators without HTTP: tests/data/understanding.txt
(short texts and speech) and tests/data/real_questions*.txt (messages real people wrote, issue 25).

Shared by tests/test_understanding_eval.py (which holds the floors) and bench/understanding.py
(which prints the table for BENCHMARKS.md). Each case starts a fresh conversation: a first
text at the main menu (the line does not know the texter's language yet), or, for a case at
another place, a texter or caller already there in the case's language.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from content.model import ROOT_ID
from navigation.text_navigator import TextNavigator, TextState, TextTurn
from navigation.voice_navigator import Input, Place, Turn, VoiceNavigator
from understanding import Context

DATA = Path(__file__).resolve().parent / "data" / "understanding.txt"
REAL = sorted((Path(__file__).resolve().parent / "data").glob("real_questions*.txt"))


def real_cases() -> list[Case]:
    """Every line of the real-question files (written apart from the content and the rules)."""
    return [c for path in REAL for c in cases(path)]


@dataclass(frozen=True)
class Case:
    channel: str
    lang: str
    place: str
    kind: str
    expect: str
    text: str
    line: int

    @property
    def expected(self) -> set[str]:
        return set(self.expect.split("|"))


def cases(path: Path = DATA) -> list[Case]:
    out = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        head, text = raw.split(" :: ", 1)
        channel, lang, place, kind, expect = head.split()
        out.append(Case(channel, lang, place, kind, expect, text, number))
    return out


@dataclass
class Result:
    case: Case
    right: bool
    language_right: bool
    alarm: tuple[str, ...]
    got: str  # what the line did, for the report
    # As the Reading names it, for the navigators to come: its urgent page (Reading.sign) leads,
    # then its topic; a topic case is right when either is a listed id. Other kinds: as `right`.
    reading_right: bool | None = None


@dataclass
class Score:
    results: list[Result] = field(default_factory=list)

    def share(self, pick) -> tuple[int, int]:
        chosen = [r for r in self.results if pick(r.case)]
        return sum(r.right for r in chosen), len(chosen)

    def topic_accuracy(self, lang: str, channel: str = "text") -> tuple[int, int]:
        return self.share(lambda c: c.channel == channel and c.lang == lang and c.kind == "topic")

    def crisis_recall(self) -> tuple[int, int]:
        return self.share(lambda c: c.kind == "crisis")

    def false_alarms(self) -> tuple[int, int]:
        near = [r for r in self.results if r.case.kind == "near_miss"]
        return sum(bool(r.alarm) for r in near), len(near)

    def stop_wishes(self) -> tuple[int, int]:
        return self.share(lambda c: c.kind == "stop")

    def not_stops(self) -> tuple[int, int]:
        return self.share(lambda c: c.kind == "not_stop")

    def spoken(self) -> tuple[int, int]:
        return self.share(lambda c: c.channel == "voice")

    def language_right(self) -> tuple[int, int]:
        text = [r for r in self.results if r.case.channel == "text"]
        return sum(r.language_right for r in text), len(text)

    def by_kind(self) -> dict[tuple[str, str, str], tuple[int, int]]:
        keys = Counter((r.case.channel, r.case.lang, r.case.kind) for r in self.results)
        return {k: self.share(lambda c, k=k: (c.channel, c.lang, c.kind) == k) for k in sorted(keys)}

    def answered_well(self, lang: str, by_reading: bool = False) -> tuple[int, int]:
        """Every case of a language, whatever its kind: the right topic, an off-topic message left
        alone, a crisis with 911/988 first, a near miss without an alarm."""
        chosen = [r for r in self.results if r.case.lang == lang and r.case.channel == "text"]
        return sum(bool(r.reading_right if by_reading else r.right) for r in chosen), len(chosen)

    def kind_share(self, lang: str, kind: str, by_reading: bool = False) -> tuple[int, int]:
        chosen = [r for r in self.results if r.case.lang == lang and r.case.kind == kind]
        return sum(bool(r.reading_right if by_reading else r.right) for r in chosen), len(chosen)

    def misses(self) -> list[Result]:
        return [r for r in self.results if not r.right or (r.case.channel == "text" and not r.language_right)]


def evaluate(texting: TextNavigator, voice: VoiceNavigator, chosen: list[Case] | None = None) -> Score:
    score = Score()
    for case in chosen if chosen is not None else cases():
        run = _text if case.channel == "text" else _voice
        score.results.append(run(texting, voice, case))
    return score


# -- text --------------------------------------------------------------------------------------
def _text_state(texting: TextNavigator, case: Case) -> TextState:
    library = texting.library
    if case.place == ROOT_ID:
        return TextState(library.default, menu=ROOT_ID, new=True)  # a first text: language unknown
    lang = library.get(case.lang)
    node = lang.node(case.place)
    if node.parts:  # reading its first page: MORE, BACK and LISTEN mean something
        return TextState(case.lang, node.id, 1, node.id if node.children else node.parent or ROOT_ID)
    return TextState(case.lang, None, 0, node.id)


def _text(texting: TextNavigator, voice: VoiceNavigator, case: Case) -> Result:
    state = _text_state(texting, case)
    turn = texting.handle(state, case.text)
    library = texting.library
    lang = library.get(turn.state.language)
    joined = "\n".join(turn.replies)
    first = turn.replies[0] if turn.replies else ""
    expected_language = case.expect.split(":")[1] if case.expect.startswith("lang:") else case.lang
    language_right = turn.state.language == expected_language
    right = False
    got = turn.topic or turn.outcome or "understood"
    kind = case.kind
    if kind in ("topic", "near_miss") and case.expect != "-":
        right = turn.topic in case.expected and not (kind == "near_miss" and turn.alarm)
    elif kind == "near_miss":
        right = not turn.alarm
    elif kind == "crisis":
        right = _crisis_right(lang, case.expect, turn.replies)
        got = "+".join(turn.alarm) or got
    elif kind == "stop":
        stopped = lang.prompt("sms_stopped").text
        right = turn.opt_out is True and (turn.replies in ((), (stopped,)))
        got = f"opt_out={turn.opt_out}"
    elif kind == "not_stop":
        right = not turn.opt_out and (case.expect == "-" or turn.topic in case.expected)
        got = f"opt_out={turn.opt_out} {turn.topic}"
    elif kind == "command":
        right = _command_right(texting, case, turn)
    elif kind == "greeting":
        right = lang.prompt("sms_menu_header").text in joined
    elif kind == "thanks":
        right = lang.prompt("sms_thanks").text in first
    elif kind == "off_topic":
        # Left alone: no topic, no "did you mean", no alarm, no opt-out.
        right = turn.topic is None and turn.outcome != "did_you_mean" and not turn.alarm and not turn.opt_out
    reading_right = right
    if kind == "topic":
        read = texting.understanding.read(case.text, Context("text", state.language, state.menu))
        reading_right = bool({read.sign, read.topic} & case.expected) and not (read.alarm and read.alarm.self_harm)
    return Result(case, right, language_right, turn.alarm, got, reading_right)


def _crisis_right(lang, expect: str, replies: tuple[str, ...]) -> bool:
    """911 (or 988 for self-harm) opens the first reply; an overdose also gets Poison Help."""
    if not replies:
        return False
    first = replies[0]
    emergency, overdose, self_harm = (
        lang.prompt(k).text for k in ("crisis_emergency", "crisis_overdose", "crisis_self_harm")
    )
    if expect == "emergency":
        return first.startswith(emergency)
    if expect == "overdose":
        return first.startswith(emergency) and overdose in "\n".join(replies)
    return first.startswith(self_harm) or (first.startswith(emergency) and self_harm in first)


def _command_right(texting: TextNavigator, case: Case, turn: TextTurn) -> bool:
    lang = texting.library.get(turn.state.language)
    joined = "\n".join(turn.replies)
    what = case.expect
    if what == "menu":
        return lang.prompt("sms_menu_header").text in joined and turn.state.menu == ROOT_ID
    if what == "more":
        return bool(turn.replies) and turn.replies[0].startswith("(2/")
    if what == "back":
        return turn.state.menu == ROOT_ID and lang.prompt("sms_menu_header").text in joined
    if what in ("help", "person"):
        return turn.replies == (lang.prompt("sms_help").text,)
    if what == "listen":
        return bool(turn.media)
    if what.startswith("lang:"):
        code = what.split(":")[1]
        return turn.state.language == code and texting.library.get(code).prompt("sms_welcome").text in joined
    return False


# -- voice -------------------------------------------------------------------------------------
def _voice(texting: TextNavigator, voice: VoiceNavigator, case: Case) -> Result:
    lang = voice.library.get(case.lang)
    if case.place.startswith("part:"):
        place = Place(case.lang, "part", case.place.split(":", 1)[1], 0)
    else:
        place = Place(case.lang, "menu", case.place)
    turn: Turn = voice.handle(place, Input(speech=case.text, confidence=0.9))
    said = [s.id for s in turn.say]
    got = turn.node_reached or (turn.place.screen if turn.place else "end")
    if case.kind in ("topic", "near_miss"):
        entered = turn.place is not None and turn.place.screen in ("part", "menu") and turn.place.node in case.expected
        right = entered and turn.node_reached in case.expected and not (case.kind == "near_miss" and turn.alarm)
    elif case.kind == "crisis":
        want = {"emergency": "prompt.crisis_emergency", "overdose": "prompt.crisis_emergency"}.get(
            case.expect, "prompt.crisis_self_harm"
        )
        right = bool(said) and said[0] == want
        if case.expect == "overdose":
            right = right and "prompt.crisis_overdose" in said
        if case.expect == "self_harm":
            right = "prompt.crisis_self_harm" in said[:2] and said[0] in (
                "prompt.crisis_self_harm",
                "prompt.crisis_emergency",
            )
        got = "+".join(turn.alarm) or got
    else:
        right = False
    return Result(case, right, turn.place is None or turn.place.lang == lang.code, turn.alarm, got, right)
