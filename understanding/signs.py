"""Warning signs in a message that call for the care team today, named by their urgent page.

Not the alarm (understanding/alarms.py: 911, Poison Help, 988, answered before anything): a
fever after chemo, back pain with weak legs, a swollen red leg, getting more breathless over
days. A message that carries one is answered with its urgent page first, whatever else it asks
(the navigators lead with Reading.sign). The patterns are data in understanding/rules/<lang>.py
(SIGNS); a page the content does not have yet falls back to its parent ("symptoms.urgent").
"""

from __future__ import annotations

import re
from collections.abc import Collection

from understanding.alarms import RULES


class Signs:
    def __init__(self, nodes: Collection[str]):
        self.rules: list[tuple[str, tuple[re.Pattern, ...]]] = []
        for data in RULES.values():
            for node, patterns in getattr(data, "SIGNS", ()):
                page = node if node in nodes else node.rsplit(".", 1)[0]
                if page in nodes:
                    compiled = tuple(re.compile(rf"(?<![a-z0-9])(?:{p})(?![a-z0-9])") for p in patterns)
                    self.rules.append((page, compiled))

    def find(self, said: str) -> str | None:
        """The urgent page for the first warning sign in this folded text, or None."""
        for page, patterns in self.rules:
            if all(p.search(said) for p in patterns):
                return page
        return None
