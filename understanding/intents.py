"""Topics and other intents from the content's own phrases: a small model trained at start-up.

Every topic's `examples:`, keywords, title and label, and the `words:` lists for asking for a
person, greetings, thanks and stop wishes, in every language, train one classifier (scikit-learn:
TF-IDF over character n-grams, with and without spaces, and words; then a logistic regression).
Character n-grams forgive typos and text-speak ("simptoms", "chemo stoped workin") and, with the
spaces squeezed out, speech cut into pieces ("met a static", "mela noma"); one model for all
languages reads mixed texts ("mi mamá tiene stage 4 breast cancer"). The model is the same for
text and speech; the navigators decide what a confidence is worth at each place.

Training takes a fraction of a second and is cached per content (the tests build many apps).
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from rapidfuzz import fuzz, process
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from content.model import ROOT_ID, Library
from understanding.text import normalise

# Intents that are not topics, learnt from the `words:` lists of every language.
WORD_INTENTS = {"person": "person", "greeting": "greeting", "thanks": "thanks", "stop_wish": "stop", "menu": "menu"}
C = 0.5  # a linear SVM's usual strength; higher overfits the few examples of each topic
SHARPNESS = 6.0  # margins -> confidences: a clear margin of 0.5 already gives a confident answer
NEARBY = 1.6  # topics of the menu the person is in weigh this much more ("liver" in Symptoms)
TITLE_WEIGHT = 2  # a title or keyword counts as this many examples: it is what the menu shows
# A word names something (is "content") when at most this share of the topics use it: "pain",
# "die", "hope" do; "cancer", "stage", "what", "de" do not. A message with no content word, and
# none a typo away, is never answered straight ("can you order me a pizza"): at most "did you mean".
CONTENT_SHARE = 0.35
FUZZY_CONTENT = 80.0  # rapidfuzz ratio that makes a typo count as a content word ("prostrate" 94)
FUZZY_LENGTH = 2  # ...and at most this many letters longer or shorter ("marguerite" is not "muerte")
# Exact phrases: a keyword beats a title, and a title beats an example ("liver" is the liver
# place's keyword and the liver signs' title: at the main menu it is the place).
EXACT_RANK = {"keyword": 0, "title": 1, "example": 2}


@dataclass(frozen=True)
class Guess:
    intent: str  # a node id, or person / greeting / thanks / stop
    confidence: float  # probability after the place's nudge, 0..1


def training_set(library: Library) -> tuple[list[str], list[str], list[str]]:
    """(folded phrase, intent, kind) triples from every language's content, as three lists."""
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


def _squeezed(text: str) -> str:
    return text.replace(" ", "")


class _Grams:
    """One fitted TF-IDF vectorizer, applied to one message without scikit-learn's per-call
    checks (they cost milliseconds; this costs a tenth of one). Same numbers as transform():
    sublinear tf, idf, L2 norm (in IntentModel.scores, for all the vectorizers at once)."""

    def __init__(self, vectorizer: TfidfVectorizer, offset: int):
        self.analyze = vectorizer.build_analyzer()
        self.index = {gram: i + offset for gram, i in vectorizer.vocabulary_.items()}

    def found(self, said: str, rows: list[int], counts: list[int]) -> None:
        """Adds the feature row and count of each gram of this text that the model knows."""
        index = self.index
        for gram, n in Counter(self.analyze(said)).items():
            i = index.get(gram)
            if i is not None:
                rows.append(i)
                counts.append(n)


class IntentModel:
    def __init__(self, texts: list[str], labels: list[str], kinds: list[str] | None = None):
        vectorizers = [
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, dtype=np.float32),
            TfidfVectorizer(
                analyzer="char", ngram_range=(3, 4), sublinear_tf=True, preprocessor=_squeezed, dtype=np.float32
            ),
            TfidfVectorizer(
                analyzer="word", ngram_range=(1, 2), token_pattern=r"\S+", sublinear_tf=True, dtype=np.float32
            ),
        ]
        blocks = [v.fit_transform(texts) for v in vectorizers]
        features = hstack(blocks).tocsr()
        self.grams, offset = [], 0
        for v, block in zip(vectorizers, blocks, strict=True):
            self.grams.append(_Grams(v, offset))
            offset += block.shape[1]
        self._idf = np.concatenate([v.idf_ for v in vectorizers]).astype(np.float32)
        classifier = LinearSVC(C=C)
        classifier.fit(features, labels)
        self.fitted = (vectorizers, classifier)  # kept to check scores() against scikit-learn
        self.classes = tuple(classifier.classes_)
        self._coef = np.ascontiguousarray(classifier.coef_.T, dtype=np.float32)  # features x classes
        self._bias = classifier.intercept_.astype(np.float32)
        self._nudges: dict[frozenset[str], np.ndarray] = {}
        self.exact: dict[str, dict[str, int]] = {}
        for text, label, kind in zip(texts, labels, kinds or ["example"] * len(texts), strict=True):
            ranks = self.exact.setdefault(text, {})
            ranks[label] = min(ranks.get(label, 9), EXACT_RANK[kind])
        topics = {label for label in labels if "." in label or label not in WORD_INTENTS.values()}
        used: dict[str, set[str]] = {}
        for text, label in zip(texts, labels, strict=True):
            if label in topics:
                for word in text.split():
                    used.setdefault(word, set()).add(label)
        most = max(2, int(CONTENT_SHARE * len(topics)))
        self.content_words = frozenset(
            w for w, ls in used.items() if len(ls) <= most and len(w) >= 3 and not w.isdigit()
        )
        self._content_list = sorted(w for w in self.content_words if len(w) >= 4)

    def scores(self, said: str) -> np.ndarray:
        """The classifier's margins for this folded text, one per class. Each vectorizer's
        weights are L2-normalised on their own, as hstack-ing three transform()s would be."""
        rows: list[int] = []
        counts: list[int] = []
        ends = []
        for grams in self.grams:
            grams.found(said, rows, counts)
            ends.append(len(rows))
        if not rows:
            return self._bias.copy()
        index = np.array(rows, dtype=np.intp)
        w = (1.0 + np.log(np.array(counts, dtype=np.float32))) * self._idf[index]
        start = 0
        for end in ends:
            if end > start:
                block = w[start:end]
                block /= np.sqrt(np.dot(block, block))
            start = end
        return w @ self._coef[index] + self._bias

    def guesses(self, said: str, nearby: frozenset[str] = frozenset()) -> list[Guess]:
        """The likeliest intents with a confidence, best first; `said` is folded text.

        The confidence is a softmax of the classifier's margins (SHARPNESS sets how peaked):
        an ordering and a scale for thresholds, not a calibrated probability."""
        scores = self.scores(said) * SHARPNESS
        scores -= scores.max()
        probs = np.exp(scores)
        if nearby:
            probs *= self._nudge(nearby)
        probs /= probs.sum()
        order = np.argsort(-probs)[:5]
        return [Guess(self.classes[i], float(probs[i])) for i in order]

    def _nudge(self, nearby: frozenset[str]) -> np.ndarray:
        """NEARBY for the menu's own topics, 1 for the rest; worked out once per menu."""
        weights = self._nudges.get(nearby)
        if weights is None:
            weights = np.array([NEARBY if c in nearby else 1.0 for c in self.classes], dtype=np.float32)
            self._nudges[nearby] = weights  # a few menus: bounded by the content
        return weights

    def exactly(self, said: str) -> dict[str, int]:
        """Intents whose own phrase is exactly this folded text -> rank (0 keyword, 1 title, 2 example)."""
        return self.exact.get(said, {})

    def names_something(self, said: str) -> bool:
        """True when the text has a content word, or a typo of one (also across a split: "mela noma")."""
        words = said.split()
        if any(w in self.content_words for w in words):
            return True
        tries = [w for w in words if len(w) >= 4] + [a + b for a, b in pairwise(words) if len(a + b) >= 5]
        for word in tries:
            hit = process.extractOne(word, self._content_list, scorer=fuzz.ratio, score_cutoff=FUZZY_CONTENT)
            if hit and abs(len(hit[0]) - len(word)) <= FUZZY_LENGTH:
                return True
        return False


_models: dict[str, IntentModel] = {}
_lock = threading.Lock()


def model_for(library: Library) -> IntentModel:
    """The trained model for this content; trained once per process for the same phrases."""
    texts, labels, kinds = training_set(library)
    joined = "\n".join(f"{a}\t{b}\t{c}" for a, b, c in zip(texts, labels, kinds, strict=True))
    key = hashlib.sha256(joined.encode()).hexdigest()
    with _lock:
        if key not in _models:
            _models[key] = IntentModel(texts, labels, kinds)
        return _models[key]
