"""Seconds from pickup until each top-level topic's first sentence, for three kinds of caller.

Run: .venv/bin/python bench/caller_time.py   (uses audio/build when it is current, else builds
into a temporary folder first). Paste the output into BENCHMARKS.md.

The calls are real: signed webhooks through the simulator's phone, which follows the TwiML as
Twilio does. Time comes from what the caller hears: each played file's real length, and inside
a file the end of each sentence, found from the pauses between sentences in the 8 kHz WAV;
<Say> (no file) is counted as words at TTS_RATE plus TTS_PAUSE_MS per sentence. Each answer
from the line costs ROUND_TRIP_S (Twilio's request, our webhook - a few ms, see webhooks.py -
and the start of the next file). The callers:

- first-time: presses each key as soon as its option has been said ("For English, press 1",
  then "For symptoms, press 3"), at the end of the option's sentence;
- returning: the same, calling again from a number whose language the line remembers;
- barge-in: a returning caller who knows the keys and presses the topic's key at the first
  moment the line would take it there (keys interrupt prompts nested in <Gather>).
A caller who has nothing to press at a prompt waits: the whole prompt, then the Gather's timeout,
then a round trip - none when the next <Gather> is in the same answer (the shared number's opening
goes on to the welcome and menu so). Spanish is measured on the usual number too: its speakers
press 2 at "Para español, oprima 2", said there before the English 911 line.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ROUND_TRIP_S = 0.25  # one webhook answered and its first file started
CALLER = "+15017120001"
USUAL_NUMBER = "+18005550100"  # the line's number: DEFAULT_LANGUAGE first
# A Twilio number of the line's own for each other language (LANGUAGE_BY_NUMBER), as a bilingual
# line publishes in that language's leaflets: a new caller on it hears that language first.
OWN_NUMBERS = {"es": "+18005550199"}
GOALS = {
    "first option (first-time)": 12.0,
    "first-time": 25.0,
    # Another language's speaker on the shared number (issue 24): every topic by keys, as on its own.
    "first-time, usual number": 25.0,
    "barge-in": 8.0,
}
GOAL_TOPICS = 6  # the goals were set for topics 1-6; later topics are measured and shown beside


@dataclass
class Timed:
    """What one heard item costs: sentence ends (seconds from its start) and its whole length."""

    sentences: list[tuple[str, float]]
    total: float


class Clock:
    def __init__(self, app):
        from audio.options import Options
        from audio.render import LEAD_S, sentences

        self.app = app
        self.catalog = app.extensions["audio"]
        self.options = Options.from_config(app.config)
        self.rate = self.options.rate
        self.pause = self.options.pause_ms / 1000
        self.lead = LEAD_S
        self.split = sentences
        self.cache: dict[str, Timed] = {}

    def timed(self, heard) -> Timed:
        if heard.kind == "play":
            if heard.url not in self.cache:
                self.cache[heard.url] = self._from_file(heard.url)
            return self.cache[heard.url]
        said = self.split(heard.text)
        ends, t = [], self.lead
        for sentence in said:
            t += len(sentence.split()) * 60 / self.rate
            ends.append((sentence, t))
            t += self.pause
        return Timed(ends, t)

    def _from_file(self, url: str) -> Timed:
        """Sentence ends as the build recorded them; for a human recording, its length shared
        out by words."""
        entry = self.catalog.entry_for_url(url)
        said = self.split(entry.text)
        ends = list(entry.ends)
        if len(ends) != len(said):
            share = np.cumsum([len(s.split()) for s in said]) / max(1, len(entry.text.split()))
            ends = list(share * entry.duration)
        return Timed(list(zip(said, ends, strict=True)), entry.duration)


def _place(url: str):
    from navigation.voice_navigator import Place

    lang, screen, node, part = re.search(r"/voice/([^/]+)/([^/]+)/(.+)/(\d+)/\d+/input(?:\?.*)?$", url).groups()
    return Place(lang, screen, node, int(part))


class Caller:
    """One scripted caller on one call; `seconds` is the time from pickup to the topic's first sentence."""

    def __init__(self, app, clock: Clock, code: str, topic_id: str, barge_in: bool = False, number=USUAL_NUMBER):
        from simulator.phone import Endpoint, FlaskTransport, Phone
        from tests.conftest import TOKEN

        self.app, self.clock, self.code, self.barge_in = app, clock, code, barge_in
        self.line = app.extensions["line"]
        self.lang = self.line.library.get(code)
        self.topic = self.lang.node(topic_id)
        # Its first sentence: the first part, or for a topic that is a menu of its own, its intro.
        first = self.topic.parts[0] if self.topic.parts else self.topic.intro or self.lang.menu(self.topic)
        self.target = first.voice
        endpoint = Endpoint(FlaskTransport(app.test_client()), TOKEN, "http://localhost")
        self.phone = Phone(endpoint, caller=CALLER, number=number, caption_for=self.catalog_caption)
        self.first_option_at: float | None = None

    def catalog_caption(self, url: str) -> str | None:
        return self.clock.catalog.caption_for(url)

    def _wanted(self, place) -> tuple[str, str] | None:
        """(key, the sentence that offers it) for this prompt, or None when nothing here is for us."""
        if place.screen == "lang":
            offer = self.lang.prompt("language_offer").voice
            return self.lang.digit, offer
        node = self.lang.node(place.node) or self.lang.root
        for child in node.children:
            if child.id == self.topic.id or self.topic.id.startswith(child.id + "."):
                option = self.lang.prompt("menu_option").voice.format(label=child.label, key=child.digit)
                return child.digit, option
        return None

    def _reaches_topic(self, place, key: str) -> bool:
        from navigation.voice_navigator import Input

        turn = self.line.navigator.handle(place, Input(digits=key))
        return turn.place is not None and turn.place.node == self.topic.id and turn.place.part == 0

    def run(self) -> float:
        call = self.phone.call()
        t = 0.0
        top = self.lang.root.children[0]
        first_option = self.lang.prompt("menu_option").voice.format(label=top.label, key=top.digit)
        for _ in range(12):
            heard = call.last_heard
            if heard and heard[0].text == self.target:
                return t + self.clock.lead
            if not call.waiting:
                raise RuntimeError(f"the call ended before {self.topic.id}: {call.last_text[-200:]}")
            place = _place(call.gather.get("action"))
            offsets, elapsed = [], t
            for item in heard:
                timed = self.clock.timed(item)
                offsets.append((item, elapsed, timed))
                if self.first_option_at is None:
                    for sentence, end in timed.sentences:
                        if sentence == first_option:
                            self.first_option_at = elapsed + end - len(sentence.split()) * 60 / self.clock.rate
                            break
                elapsed += timed.total
            if self.barge_in:
                # As soon as this prompt starts: the topic's key if it goes there from here, or at
                # the opening, the key of the caller's own language (then the topic's key).
                key = self.topic.digit if self._reaches_topic(place, self.topic.digit) else None
                if key is None and place.screen in ("lang", "known"):
                    key = self.lang.digit
                if key:
                    call.press(key)
                    t += ROUND_TRIP_S
                    continue
            wanted = self._wanted(place)
            if wanted:
                key, sentence = wanted
                ends = (start + e for _item, start, timed in offsets for s, e in timed.sentences if s == sentence)
                end = next(ends, None)
                if end is not None:
                    call.press(key)
                    t = end + ROUND_TRIP_S
                    continue
            t = elapsed + int(call.gather.get("timeout", "5"))
            # Quiet runs the next verb: a <Gather> in the same answer costs no request.
            chained = bool(call.after_gather) and call.after_gather[0].tag == "Gather"
            call.silence()
            t += 0.0 if chained else ROUND_TRIP_S
        raise RuntimeError(f"{self.topic.id} not reached: {call.last_text[-200:]}")


def _app(audio_dir: Path, db: Path):
    from tests.conftest import make_app

    numbers = ",".join(f"{number}={code}" for code, number in OWN_NUMBERS.items())
    return make_app(
        db.parent,
        DATABASE_URL=f"sqlite:///{db}",
        VOICE_PROMPTS="audio",
        AUDIO_DIR=str(audio_dir),
        LANGUAGE_BY_NUMBER=numbers,
    )


def _audio_dir(tmp: Path) -> Path:
    """audio/build when every snippet has current audio, else a fresh build in `tmp`."""
    from audio.build import build
    from audio.options import BUILD_DIR, Options

    app = _app(BUILD_DIR, tmp / "probe.db")
    catalog = app.extensions["audio"]
    library = app.extensions["line"].library
    if all(catalog.entry(s) for lang in library.languages.values() for s in lang.snippets()):
        return BUILD_DIR
    print("audio/build is not current: building into a temporary folder first")
    report = build(library, tmp / "audio", Options.from_config(app.config), recorded_dir=None)
    assert not report.failures, report.failures
    return tmp / "audio"


def main() -> None:
    import datetime

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        audio_dir = _audio_dir(tmp)
        app = _app(audio_dir, tmp / "probe.db")
        library = app.extensions["line"].library
        print(f"# Time to content, {datetime.date.today()} (seconds from pickup to the topic's first sentence)")
        print(f"Audio: {audio_dir}; TTS_RATE {app.config['TTS_RATE']} wpm; round trip {ROUND_TRIP_S} s per answer\n")
        worst = {}
        for code, lang in library.languages.items():
            print(f"## {lang.name}\n")
            own = OWN_NUMBERS.get(code, USUAL_NUMBER)
            # (column, number called, a new caller?, the goal it counts for)
            columns = [("first-time", own, True, "first-time")]
            if own != USUAL_NUMBER:
                usual = ("first-time (usual number)", USUAL_NUMBER, True, "first-time, usual number")
                columns = [usual, (f"first-time ({own})", own, True, "first-time")]
            columns += [("returning", USUAL_NUMBER, False, None), ("barge-in", USUAL_NUMBER, False, "barge-in")]
            print("| Topic | " + " | ".join(c[0] for c in columns) + " |")
            print("|" + " --- |" * (len(columns) + 1))
            first_options = []
            for n, topic in enumerate(lang.root.children):
                row = []
                for name, number, new, goal in columns:
                    fresh = _app(audio_dir, tmp / f"{code}-{n}-{len(row)}.db")
                    clock = Clock(fresh)
                    if not new:  # the line remembers this number's language
                        Caller(fresh, clock, code, topic.id).run()
                    caller = Caller(fresh, clock, code, topic.id, barge_in=name == "barge-in", number=number)
                    seconds = caller.run()
                    if goal and goal.startswith("first-time") and caller.first_option_at is not None:
                        first_options.append((number, caller.first_option_at))
                    if goal:
                        worst[goal] = max(worst.get(goal, 0.0), seconds)
                        if n < GOAL_TOPICS:
                            worst[goal, "set"] = max(worst.get((goal, "set"), 0.0), seconds)
                    row.append(f"{seconds:.1f}")
                print(f"| {topic.digit} {topic.title} | " + " | ".join(row) + " |")
            print()
            for number in dict.fromkeys(n for n, _ in first_options):
                first = max(s for n, s in first_options if n == number)
                if number == own:
                    worst["first option (first-time)"] = max(worst.get("first option (first-time)", 0.0), first)
                print(f"First menu option starts after {first:.1f} s for a first-time caller on {number}.")
            print()
        print("## Goals (worst over both languages, each on its own number, and on the usual number)\n")
        print(f"| Measure | Worst, topics 1-{GOAL_TOPICS} | Goal | Worst, every topic |")
        print("| --- | --- | --- | --- |")
        for name, goal in GOALS.items():
            value = worst.get((name, "set"), worst.get(name, float("nan")))
            verdict = f"{'<=' if value <= goal else 'OVER'} {goal:.0f} s"
            print(f"| {name} | {value:.1f} s | {verdict} | {worst.get(name, float('nan')):.1f} s |")


if __name__ == "__main__":
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    main()
