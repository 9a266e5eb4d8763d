"""One crisis plan for both lines: which crisis prompts an alarm gets, in which order, and what
may follow them. The voice line says these prompts, the text line sends them (and the content
linter measures them as sent); understanding/alarms.py decides only whether words are a crisis."""

from __future__ import annotations

from dataclasses import dataclass

# The order they are said or sent: 911 first, then Poison Help, then 988.
ORDER = (("emergency", "crisis_emergency"), ("overdose", "crisis_overdose"), ("self_harm", "crisis_self_harm"))


@dataclass(frozen=True)
class CrisisPlan:
    categories: tuple[str, ...]  # what the alarm found: emergency, overdose, self_harm
    prompts: tuple[str, ...]  # the crisis prompts' keys, in ORDER
    # A medical emergency alone goes on to the topic its words name ("chest pain" -> lung signs);
    # self-harm or an overdose gets the numbers and the way back, never other content.
    topic: str | None = None


def plan(categories: tuple[str, ...], topic: str | None = None) -> CrisisPlan:
    """An overdose also gets 911 (not awake, not breathing)."""
    categories = tuple(categories)
    wanted = set(categories) | ({"emergency"} if "overdose" in categories else set())
    prompts = tuple(key for category, key in ORDER if category in wanted)
    return CrisisPlan(categories, prompts, topic if categories == ("emergency",) else None)
