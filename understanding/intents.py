"""Topics and other intents from the content's own phrases: a small model fitted ahead of time.

Every topic's `examples:`, keywords, title and label, and the `words:` lists for asking for a
person, greetings, thanks and stop wishes, in every language, train one classifier: TF-IDF over
character n-grams, with and without spaces, and words; then a linear SVM (understanding/fitting.py,
scikit-learn, at build time). Character n-grams forgive typos and text-speak ("simptoms", "chemo
stoped workin") and, with the spaces squeezed out, speech cut into pieces ("met a static", "mela
noma"); one model for all languages reads mixed texts ("mi mamá tiene stage 4 breast cancer").
The model is the same for text and speech; the navigators decide what a confidence is worth.

The fitted weights live in a file named by a hash of the phrases and of the fitting code
(understanding/build/intents-<key>.npz, `python -m understanding build`), read here with numpy
alone: the web process never imports scikit-learn or scipy. A missing file is fitted in a
subprocess when `build` is allowed (development, tests); production stops with the command.
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections import Counter
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

import numpy as np
from rapidfuzz import fuzz, process

from content.model import ROOT_ID, Library
from understanding.messages import digest as messages_digest
from understanding.messages import written
from understanding.model_files import BUILD_DIR, HERE, build_here, ensure
from understanding.text import normalise

FORMAT = "intents-1"  # bump when the file's arrays change meaning
# Intents that are not topics, learnt from the `words:` lists of every language.
WORD_INTENTS = {
    "person": "person",
    "greeting": "greeting",
    "thanks": "thanks",
    "stop_wish": "stop",
    "menu": "menu",
    "outside": "outside",  # asks the line does not cover: left alone rather than guessed
}
SHARPNESS = 6.0  # margins -> confidences: a clear margin of 0.5 already gives a confident answer
# A long text's reading by meaning (understanding/embedding.py) counts this many times the words'
# own: chosen on the long messages, each half fitted on the other (1 reads fewer right in both
# languages; 3 five more English and three fewer Spanish). BENCHMARKS.md, session 29.
MEANING_WEIGHT = 2.0
NEARBY = 1.6  # topics of the menu the person is in weigh this much more ("liver" in Symptoms)
TITLE_WEIGHT = 2  # a title or keyword counts as this many examples: it is what the menu shows
# A word names something (is "content") when at most this share of the topics use it: "pain",
# "die", "hope" do; "cancer", "stage", "what", "de" do not. A message with no content word, and
# none a typo away, is never answered straight ("can you order me a pizza"): at most "did you mean".
CONTENT_SHARE = 0.35
SHOWN_LETTERS = 5  # ...as does a word of this many letters in a title or keyword
FUZZY_CONTENT = 80.0  # rapidfuzz ratio that makes a typo count as a content word ("prostrate" 94)
FUZZY_LENGTH = 2  # ...and at most this many letters longer or shorter ("marguerite" is not "muerte")
# Exact phrases: a keyword beats a title, and a title beats an example ("liver" is the liver
# place's keyword and the liver signs' title: at the main menu it is the place).
EXACT_RANK = {"keyword": 0, "title": 1, "example": 2}


class Guess(NamedTuple):
    intent: str  # a node id, or person / greeting / thanks / stop
    confidence: float  # probability after the place's nudge, 0..1


def training_set(library: Library) -> tuple[list[str], list[str], list[str]]:
    """(folded phrase, intent, kind) triples from every language's content, as three lists: what
    the web process needs beside the weights (exact phrases, the words that name something)."""
    texts, labels, kinds = [], [], []

    def add(phrase: str, label: str, kind: str, times: int = 1) -> None:
        folded = normalise(phrase)
        if folded:
            texts.extend([folded] * times)
            labels.extend([label] * times)
            kinds.extend([kind] * times)

    for lang in library.languages.values():
        for node in lang.nodes.values():
            if node.id == ROOT_ID:
                continue
            add(node.title, node.id, "title", TITLE_WEIGHT)
            for phrase in node.keywords:
                add(phrase, node.id, "keyword", TITLE_WEIGHT)
            add(node.label, node.id, "example")
            for phrase in node.examples:
                add(phrase, node.id, "example")
        for list_name, intent in WORD_INTENTS.items():
            for phrase in lang.words.get(list_name, ()):
                add(phrase, intent, "example")
    return texts, labels, kinds


def fitting_set(library: Library) -> tuple[list[str], list[str], list[str]]:
    """Everything the model is fitted on: the content's phrases and the long messages people write
    (understanding/messages.py). Only fitting reads the messages: at start their files' digest
    names the model, and parsing and folding 1,600 long messages would cost every worker's start."""
    texts, labels, kinds = training_set(library)
    for _code, intent, message in written(library, frozenset(WORD_INTENTS.values())):
        folded = normalise(message)
        if folded:
            texts.append(folded)
            labels.append(intent)
            kinds.append("message")
    return texts, labels, kinds


def _squeezed(text: str) -> str:
    return text.replace(" ", "")


# The n-grams each vectorizer counts, as its scikit-learn analyzer makes them from folded text
# (lower case, single spaces: understanding/text.py), without its per-call machinery: the same
# lists (tested on held-out and random texts), in a fraction of the time.
def _in_word_grams(word: str, low: int, high: int) -> list[str]:
    """analyzer="char_wb": each word padded with a space either side; a word shorter than n once."""
    padded = f" {word} "
    out: list[str] = []
    for n in range(low, high + 1):
        if len(padded) <= n:
            out.append(padded)
            break
        out += [padded[i : i + n] for i in range(len(padded) - n + 1)]
    return out


def _char_grams(text: str, low: int, high: int) -> list[str]:
    """analyzer="char" on the text with its spaces squeezed out ("mela noma" -> "melanoma")."""
    squeezed = _squeezed(text)
    return [squeezed[i : i + n] for n in range(low, high + 1) for i in range(len(squeezed) - n + 1)]


def _word_grams(words: list[str]) -> list[str]:
    """analyzer="word", ngram_range=(1, 2): the words, then each pair of neighbours."""
    return words + [f"{a} {b}" for a, b in pairwise(words)]


def _rows(index: dict[str, int], grams: list[str]) -> list[int]:
    """The feature rows of the grams the model knows (a gram that comes twice, twice)."""
    return [i for g in grams if (i := index.get(g)) is not None]


class IntentModel:
    """Scores folded text with fitted weights (understanding/fitting.py's arrays), in plain Python
    and one numpy dot product."""

    def __init__(self, texts: list[str], labels: list[str], kinds: list[str], fitted: dict[str, np.ndarray]):
        in_word, char, word = (
            {str(g): i for i, g in enumerate(fitted[f"grams_{name}"].tolist())} for name in ("in_word", "char", "word")
        )
        # One feature row per gram: the blocks follow each other (in-word, squeezed, words).
        offset = len(in_word)
        char = {g: i + offset for g, i in char.items()}
        offset += len(char)
        word = {g: i + offset for g, i in word.items()}
        self._in_word, self._char, self._word = in_word, char, word
        self._in_word_n = tuple(int(n) for n in fitted["n_in_word"])
        self._char_n = tuple(int(n) for n in fitted["n_char"])
        # The in-word rows of a word the content uses, worked out the first time a message has it
        # and kept (most words of a message are the content's own); a texter's other words are
        # never kept. Filled as messages come, not at start: a fresh worker is ready sooner.
        self._vocabulary = frozenset(w for text in texts for w in text.split())
        self._in_word_rows: dict[str, list[int]] = {}
        self._idf = np.concatenate([fitted[f"idf_{n}"] for n in ("in_word", "char", "word")]).tolist()
        self.classes = tuple(str(c) for c in fitted["classes"].tolist())
        self._coef = np.ascontiguousarray(fitted["coef"], dtype=np.float32)  # features x classes
        self._bias = fitted["bias"].astype(np.float32)
        self._nudges: dict[frozenset[str], tuple[float, ...]] = {}
        self.exact: dict[str, dict[str, int]] = {}
        for text, label, kind in zip(texts, labels, kinds, strict=True):
            ranks = self.exact.setdefault(text, {})
            ranks[label] = min(ranks.get(label, 9), EXACT_RANK[kind])
        topics = {label for label in labels if "." in label or label not in WORD_INTENTS.values()}
        used: dict[str, set[str]] = {}
        for text, label, kind in zip(texts, labels, kinds, strict=True):
            # What a topic names comes from its own short phrases: a story's every word ("tuesday",
            # "sister") would make small talk look like it names something.
            if label in topics and kind != "message":
                for word in text.split():
                    used.setdefault(word, set()).add(label)
        most = max(2, int(CONTENT_SHARE * len(topics)))
        # A long word of a topic's title or keyword names something however many topics use it
        # ("metastatic", "stage"): the menu shows it, so people say it.
        shown = {
            w
            for text, label, kind in zip(texts, labels, kinds, strict=True)
            if kind in ("title", "keyword") and label in topics
            for w in text.split()
            if len(w) >= SHOWN_LETTERS
        }
        self.content_words = frozenset(
            w for w, ls in used.items() if (len(ls) <= most or w in shown) and len(w) >= 3 and not w.isdigit()
        )
        self._content_list = sorted(w for w in self.content_words if len(w) >= 4)

    def scores(self, said: str) -> np.ndarray:
        """The classifier's margins for this folded text, one per class: what scikit-learn's
        transform() (sublinear tf, idf, each vectorizer's weights L2-normalised on their own, as
        hstack-ing three transform()s gives) and decision_function() give (tested), without them."""
        words = said.split()
        in_word: list[int] = []
        for w in words:
            rows = self._in_word_rows.get(w)
            if rows is None:
                rows = _rows(self._in_word, _in_word_grams(w, *self._in_word_n))
                if w in self._vocabulary:
                    self._in_word_rows[w] = rows  # one dict assignment: safe across threads
            in_word += rows
        blocks = [
            Counter(in_word),
            Counter(_rows(self._char, _char_grams(said, *self._char_n))),
            Counter(_rows(self._word, _word_grams(words))),
        ]
        # A message's hundred-odd weights: plain Python, then one gather and one dot product
        # (numpy's per-call cost is more than the arithmetic at this size).
        idf = self._idf
        weights: list[float] = []
        index: list[int] = []
        for block in blocks:
            if block:
                ws = [idf[i] if n == 1 else (1.0 + math.log(n)) * idf[i] for i, n in block.items()]
                norm = 1.0 / math.hypot(*ws)
                weights += [x * norm for x in ws]
                index += block
        if not index:
            return self._bias.copy()
        return np.dot(np.array(weights, dtype=np.float32), self._coef.take(index, axis=0)) + self._bias

    def guesses(
        self,
        said: str,
        nearby: frozenset[str] = frozenset(),
        meaning: dict[str, float] | None = None,
        weight: float = MEANING_WEIGHT,
    ) -> list[Guess]:
        """The likeliest intents with a confidence, best first; `said` is folded text.

        The confidence is a softmax of the classifier's margins (SHARPNESS sets how peaked):
        an ordering and a scale for thresholds, not a calibrated probability. A few dozen
        classes: plain Python is quicker here than numpy's per-call cost. `meaning`: what the
        sentence-embedding head reads in the same text (understanding/embedding.py), averaged in
        counting `weight` times the words' own."""
        margins = self.scores(said).tolist()
        top = max(margins)
        probs = [math.exp(SHARPNESS * (m - top)) for m in margins]
        if nearby:
            probs = [p * k for p, k in zip(probs, self._nudge(nearby), strict=True)]
        total = sum(probs)
        if meaning:
            probs = [p / total + weight * meaning.get(c, 0.0) for p, c in zip(probs, self.classes, strict=True)]
            total = sum(probs)
        best = sorted(range(len(probs)), key=probs.__getitem__, reverse=True)[:5]
        return [Guess(self.classes[i], probs[i] / total) for i in best]

    def _nudge(self, nearby: frozenset[str]) -> tuple[float, ...]:
        """NEARBY for the menu's own topics, 1 for the rest; worked out once per menu."""
        weights = self._nudges.get(nearby)
        if weights is None:
            weights = tuple(NEARBY if c in nearby else 1.0 for c in self.classes)
            self._nudges[nearby] = weights  # a few menus: bounded by the content
        return weights

    def exactly(self, said: str) -> dict[str, int]:
        """Intents whose own phrase is exactly this folded text -> rank (0 keyword, 1 title, 2 example)."""
        return self.exact.get(said, {})

    def names_something(self, said: str) -> bool:
        """True when the text has a content word, or a typo of one (also across a split: "mela noma",
        "met a static")."""
        words = said.split()
        if any(w in self.content_words for w in words):
            return True
        # A word the content itself uses is no typo: "what" is not "whats" (which names the stage
        # in "whats stage 4"), and common words name nothing however close they are to one that does.
        tries = [w for w in words if len(w) >= 4 and w not in self._vocabulary]
        tries += [a + b for a, b in pairwise(words) if len(a + b) >= 5]
        tries += ["".join(words[i : i + 3]) for i in range(len(words) - 2)]  # "met a static"
        for word in tries:
            hit = process.extractOne(word, self._content_list, scorer=fuzz.ratio, score_cutoff=FUZZY_CONTENT)
            if hit and abs(len(hit[0]) - len(word)) <= FUZZY_LENGTH:
                return True
        return False


_models: dict[str, IntentModel] = {}
_last: list = []  # [library, texts, labels, kinds, key] of the content asked for last
_lock = threading.Lock()


def model_key(texts: list[str], labels: list[str]) -> str:
    """A hash of the content's phrases, their intents, the long messages' files and the fitting
    code: the model file's name."""
    digest = hashlib.sha256(FORMAT.encode())
    digest.update((HERE / "fitting.py").read_bytes())
    digest.update(messages_digest())
    for text, label in zip(texts, labels, strict=True):
        digest.update(f"{text}\t{label}\n".encode())
    return digest.hexdigest()[:20]


def model_path(library: Library) -> Path:
    texts, labels, _ = training_set(library)
    return BUILD_DIR / f"intents-{model_key(texts, labels)}.npz"


def _content(library: Library) -> tuple[list[str], list[str], list[str], str]:
    """(texts, labels, kinds, model key) of this content; call with _lock held. The content asked
    for last is kept: a start asks several times (app.py checks the file, then the Understanding
    reads it and the meaning head's name), and folding 6,000 phrases again costs every worker's start."""
    if not (_last and _last[0] is library):
        texts, labels, kinds = training_set(library)
        _last[:] = [library, texts, labels, kinds, model_key(texts, labels)]
    return _last[1], _last[2], _last[3], _last[4]


def content_key(library: Library) -> str:
    """The topic model's key for this content: what other files fitted on the same phrases are named by."""
    with _lock:
        return _content(library)[3]


def model_for(library: Library, build: bool = True) -> IntentModel:
    """The fitted model for this content, read once per process. A missing file is fitted in a
    subprocess (scikit-learn stays out of this process) when `build`; otherwise NotBuilt says
    the command to run."""
    with _lock:
        texts, labels, kinds, key = _content(library)
        if key not in _models:
            path = BUILD_DIR / f"intents-{key}.npz"
            ensure(path, "topic model", build, lambda: fitting_set(library)[:2])
            with np.load(path, allow_pickle=False) as fitted:
                _models[key] = IntentModel(texts, labels, kinds, dict(fitted))
        return _models[key]


def build(library: Library) -> tuple[Path, bool]:
    """Fit this content's model in this process (the build command), unless its file is there.
    Other contents' files are removed. Returns (the file, whether it was fitted now)."""
    from understanding import fitting  # scikit-learn: only here, never on a request's path

    path = model_path(library)
    return build_here(path, "intents", lambda: fitting.write(path, *fitting_set(library)[:2]))
