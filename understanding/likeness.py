"""Crises read by meaning as well as by the rules: a text's nearest written examples (issue 25).

The crisis rules (understanding/alarms.py) read words. Each blind probe written apart from them
found crises said in words no rule had ("my pills are all lined up on the counter", "tell the
kids I loved them"): about half of them, until rules were written for what was found. A written
crisis is close in meaning to others said in other words, and a sentence embedding (the meaning
head's, understanding/embedding.py) sees that.

understanding/crises/<lang>.txt holds short texts written for this (never copied from a probe,
a post or the held-out sets in tests/data/), each `kind :: text`: a crisis (self_harm, emergency,
overdose) or `calm` - a near miss that must stay quiet (a tired caregiver, a choice to stop
chemo, a death already mourned). The build embeds them with the meaning head's phrases.

A text's alarm by likeness: its nearest crisis example is at least FLOOR alike, and more alike
by MARGIN than its nearest calm one - a calm example or any of the content's own phrases and
messages (thousands of everyday asks of this line: "what does hospice do" is not a crisis
because "hospice" is near "dying"). The reply is the nearest crisis example's kind. This adds
to the rules, never removes: a text the rules found keeps their alarm.

Only texts are read so: speech is never sent to the embedding server (dead air on a call), and
with the server down the rules alone decide, as before.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from threadpoolctl import ThreadpoolController

from understanding.alarms import CATEGORIES, Alarm
from understanding.model_files import folder_digest
from understanding.text import normalise

FOLDER = Path(__file__).resolve().parent / "crises"
KINDS = frozenset(CATEGORIES) | {"calm"}
LINE = re.compile(r"^(?P<kind>\w+) :: (?P<text>.+)$")
# Chosen on the held-out crises and near misses, the real questions and the session-34 probes
# (BENCHMARKS.md, session 35), never on the probe they were then measured on.
FLOOR = 0.85
MARGIN = 0.0175
MIN_WORDS = 4  # "help", "3", "menu": the rules and the commands read these; the server is not asked
# One BLAS thread for the products below. A product over 4,000 texts is big enough for OpenBLAS to
# start a thread per core, which then spin-wait for more work; on a two-core machine they took the
# cores from the embedding server, and the next text's embedding waited 90 ms more (p50 148 ms
# against 49; BENCHMARKS.md, session 35). threadpoolctl's controller: 0.1 ms a text.
_BLAS = ThreadpoolController()


class CrisesError(ValueError):
    """A line of understanding/crises/ is not `kind :: text` with a known kind."""


def examples(folder: Path = FOLDER) -> list[tuple[str, str, str]]:
    """(language, kind, folded text) for every line of every language's file."""
    out: list[tuple[str, str, str]] = []
    for path in sorted(folder.glob("*.txt")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            found = LINE.match(line.strip())
            if not found or found["kind"] not in KINDS:
                raise CrisesError(f"{path}:{n}: expected 'kind :: text', kind one of {sorted(KINDS)}")
            out.append((path.stem, found["kind"], normalise(found["text"])))
    return out


def digest(folder: Path = FOLDER) -> bytes:
    """The files' names and bytes, hashed: a changed example embeds a new meaning file."""
    return folder_digest(folder, "*.txt")


# The examples are stored in half precision: the calm texts are 3.4 MiB in each worker, not 6.7 (a
# worker's goal is 100 MiB: README, "A lean web process"). Rounding unit vectors so moves a
# similarity by at most 0.0005, beside a MARGIN of 0.0175. The calm texts are widened to float32
# a block at a time for the product (about 3 ms a text), so no worker holds a full-precision copy.
CHUNK = 1024


class Likeness:
    """The embedded crisis examples and the calm ones, from the meaning file."""

    def __init__(self, fitted: dict[str, np.ndarray]):
        self.crises = np.asarray(fitted["crisis_vectors"], dtype=np.float32)  # 674 rows: widened once
        self.kinds = tuple(str(k) for k in fitted["crisis_kinds"].tolist())
        self.calm = fitted["calm_vectors"]  # float16, shared with the loaded file's arrays

    def alarm(self, vector: np.ndarray, language: str) -> Alarm | None:
        """The alarm of the nearest crisis example, when it is near enough and nearer than any
        calm text (FLOOR, MARGIN); None otherwise. Every kind with an example that clears the same
        bar answers too: pills saved "and enough now" is near a plan (988) and an overdose (911 and
        Poison Help) alike. Most texts stop at the first test, or at the first block of calm texts
        that is as near."""
        with _BLAS.limit(limits=1, user_api="blas"):
            crisis = self.crises @ vector
            best = int(np.argmax(crisis))
            if crisis[best] < FLOOR:
                return None
            calm = -1.0
            for i in range(0, len(self.calm), CHUNK):
                calm = max(calm, float(np.max(self.calm[i : i + CHUNK].astype(np.float32) @ vector)))
                if calm > crisis[best] - MARGIN:
                    return None
        found = {self.kinds[i] for i in np.flatnonzero(crisis >= max(FLOOR, calm + MARGIN))}
        return Alarm(tuple(c for c in CATEGORIES if c in found), language)
