"""SMS segments per reply, per language: every reply the text line can send (content.replies.all_replies)
and the first reply of every topic (what one question costs). Results go in BENCHMARKS.md.

    .venv/bin/python bench/segments.py                 # as sent: SMS_ACCENTS=plain
    .venv/bin/python bench/segments.py --keep-accents  # SMS_ACCENTS=keep (Spanish in UCS-2)

Runs on an older checkout too (no SMS_ACCENTS there): point PYTHONPATH at it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from content.loader import load_library
from content.model import ROOT_ID
from content.replies import all_replies, node_replies
from content.segments import cost

NUMBERS = {"helpline": "+18004226237", "crisis": "988", "emergency": "911", "poison": "+18002221222"}


def figures(values: list[int]) -> str:
    return f"{len(values):4d} replies, mean {statistics.fmean(values):.2f}, max {max(values)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep-accents", action="store_true", help="texts keep á í ó ú (SMS_ACCENTS=keep)")
    args = parser.parse_args()
    try:
        library = load_library(NUMBERS, keep_accents=args.keep_accents)
    except TypeError:  # a checkout from before SMS_ACCENTS: texts always kept their accents
        library = load_library(NUMBERS)
    for code in library.codes:
        lang = library.languages[code]
        every = [cost(r).segments for _, replies in all_replies(lang) for r in replies]
        topics = [n for n in lang.nodes.values() if n.id != ROOT_ID]
        first = [cost(node_replies(lang, n)[0]).segments for n in topics]
        texts = [len(node_replies(lang, n)) for n in topics]
        whole = [sum(cost(r).segments for r in node_replies(lang, n)) for n in topics]
        print(f"{code} ({lang.sms_alphabet}):")
        print(f"  every reply:        {figures(every)}")
        print(f"  a topic's 1st reply: {figures(first)}")
        print(f"  texts per topic:    mean {statistics.fmean(texts):.2f}, max {max(texts)}")
        print(f"  segments per topic: mean {statistics.fmean(whole):.2f}, max {max(whole)} (read to the end)")


if __name__ == "__main__":
    main()
