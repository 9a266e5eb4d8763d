"""Which language a message is in: a character n-gram model of the content's own text, plus its words.

The model is fitted ahead of time, like the topic model (`python -m understanding build`,
understanding/fitting.py: multinomial naive Bayes over the character n-grams of each word), on
every text each language's content has - parts, titles, keywords, examples, prompts, word
lists - and the words of each language's crisis rules (understanding/rules/<code>.py), so
"suicide", "overdose", "sobredosis" and "suicidio" are known even when no page says them. The
web process reads the fitted arrays with numpy alone (understanding/build/language-<key>.npz):
no detector library, no models to load at start (lingua's en+es models cost every worker about
115 MiB and a second).

On one to three words the model guesses, so the content vocabulary decides there: a word that
only one language's content uses ("sintomas", "hola", "pain") settles it; a word both use
("colon", "melanoma", "stage 4") settles nothing and the conversation's language stays. A crisis
says which language's rules matched (understanding/reading.py lets that count when the guess is
not sure).
"""

from __future__ import annotations

import hashlib
import math
import re
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from content.model import Library
from understanding.alarms import RULES
from understanding.model_files import BUILD_DIR, HERE, build_here, ensure
from understanding.text import grams, letters, normalise, words

FORMAT = "language-1"  # bump when the file's arrays change meaning

SHORT = 3  # words: at or below this, the content vocabulary speaks first
WORD_WEIGHT = 2.0  # one word only one language uses is worth this much log-odds
SURE = 1.5  # log-odds margin for "clearly this language" (about 80% against 20%)
MODEL_ALONE = 0.85  # the model's probability that counts on one to three words the content does not know
MODEL_FLOOR = 1e-3  # the model's probabilities are floored here before their log is added
# The model adds log(p) in [log(MODEL_FLOOR), 0] to each language, so it moves a margin by at most
# -log(MODEL_FLOOR): words that lead by that much plus SURE settle it, and the model is not asked.
SETTLED = SURE - math.log(MODEL_FLOOR)
# A letter is in up to four grams of each word (n = 1..4): naive Bayes counts it four times over,
# so its sums are divided by this before they become probabilities (a word or two is a guess).
OVERLAP = 4.0
RULE_TIMES = 3  # each crisis rule word counts as this many phrases: short crisis texts must read right


@dataclass(frozen=True)
class LanguageGuess:
    code: str | None  # None: nothing to go on (digits, emoji, words every language uses)
    sure: bool  # clearly this language: enough to switch a conversation to it


def _content_texts(lang) -> list[str]:
    texts = []
    for node in lang.nodes.values():
        texts += [node.title, node.label, *node.keywords, *node.examples, *(p.text for p in node.parts)]
        texts += [node.intro.text] if node.intro else []
    texts += [s.text for s in lang.prompts.values()] + [w for ws in lang.words.values() for w in ws]
    texts += [t for ws in lang.speech.values() for t in ws]
    return [t for t in texts if t]


def rule_words(code: str) -> list[str]:
    """The words of a language's crisis rules, macros spelled out ("suicid", "overdose", "pastillas"),
    and the whole words its stems stand for (WORD_FORMS: "suicide", "suicidal")."""
    data = RULES.get(code)
    if data is None:
        return []
    found: set[str] = set()
    for _, pattern in data.RULES:
        for name, value in data.MACROS.items():
            pattern = pattern.replace("{" + name + "}", value)
        found.update(re.findall(r"[a-z]{3,}", pattern))
    found.update(letters(getattr(data, "WORD_FORMS", "")).split())
    return sorted(found)


def sources(library: Library) -> tuple[list[str], list[str]]:
    """What the model learns from, as written: (text, language) pairs of every content text and
    each crisis rule word RULE_TIMES times. Cheap to gather: the model file's name hashes these."""
    texts, labels = [], []
    for code, lang in library.languages.items():
        for text in _content_texts(lang):
            texts.append(text)
            labels.append(code)
        for word in rule_words(code):
            texts += [word] * RULE_TIMES
            labels += [code] * RULE_TIMES
    return texts, labels


def training_set(library: Library) -> tuple[list[str], list[str]]:
    """(text, language) pairs as the model reads them: each source as written and folded (people
    text without accents)."""
    texts, labels = [], []
    for text, code in zip(*sources(library), strict=True):
        for form in dict.fromkeys((letters(text), letters(normalise(text)))):
            if form:
                texts.append(form)
                labels.append(code)
    return texts, labels


def model_key(library: Library) -> str:
    """A hash of the sources, their languages and the fitting and counting code: the file's name."""
    digest = hashlib.sha256(FORMAT.encode())
    digest.update((HERE / "fitting.py").read_bytes())
    digest.update((HERE / "language.py").read_bytes())  # training_set()
    digest.update((HERE / "text.py").read_bytes())  # grams(), letters(): what is counted
    for text, label in zip(*sources(library), strict=True):
        digest.update(f"{text}\t{label}\n".encode())
    return digest.hexdigest()[:20]


def model_path(library: Library) -> Path:
    return BUILD_DIR / f"language-{model_key(library)}.npz"


class LanguageModel:
    """Naive Bayes log-probabilities of each language for a text, from the fitted arrays."""

    def __init__(self, fitted: dict[str, np.ndarray]):
        self.index = {str(g): i for i, g in enumerate(fitted["grams"].tolist())}
        self.n = tuple(int(n) for n in fitted["n"])
        self.log_prob = np.ascontiguousarray(fitted["log_prob"], dtype=np.float64)  # grams x languages
        self.prior = fitted["prior"].astype(np.float64)
        self.classes = tuple(str(c) for c in fitted["classes"].tolist())

    def probabilities(self, text: str) -> dict[str, float]:
        """Each language's probability for this text ({} when it has no gram the model knows)."""
        rows = Counter(i for g in grams(letters(text), *self.n) if (i := self.index.get(g)) is not None)
        if not rows:
            return {}
        counts = np.fromiter(rows.values(), dtype=np.float64, count=len(rows))
        joint = self.prior + (counts @ self.log_prob.take(list(rows), axis=0)) / OVERLAP
        joint = np.exp(joint - joint.max())
        joint /= joint.sum()
        return dict(zip(self.classes, joint.tolist(), strict=True))


_models: dict[str, LanguageModel] = {}
_lock = threading.Lock()


def model_for(library: Library, build: bool = True) -> LanguageModel:
    """The fitted model for this content, read once per process. A missing file is fitted in a
    subprocess (scikit-learn stays out of this process) when `build`; otherwise NotBuilt."""
    key = model_key(library)
    with _lock:
        if key not in _models:
            path = BUILD_DIR / f"language-{key}.npz"
            ensure(path, "language model", build, lambda: training_set(library), "--language")
            with np.load(path, allow_pickle=False) as fitted:
                _models[key] = LanguageModel(dict(fitted))
        return _models[key]


def build(library: Library) -> tuple[Path, bool]:
    """Fit this content's language model here (the build command), unless its file is there.
    Other contents' files are removed. Returns (the file, whether it was fitted now)."""
    from understanding import fitting  # scikit-learn: only here, never on a request's path

    path = model_path(library)
    return build_here(path, "language", lambda: fitting.write(path, *training_set(library), fitting.language_arrays))


def vocabulary(library: Library) -> dict[str, frozenset[str]]:
    """Every folded word each language's content uses: parts, titles, keywords, examples, word lists."""
    out = {}
    for code, lang in library.languages.items():
        found: set[str] = set()
        for text in _content_texts(lang):
            found.update(words(text))
        out[code] = frozenset(w for w in found if not w.isdigit())
    return out


class LanguageReader:
    def __init__(self, library: Library):
        self.codes = tuple(library.languages)
        vocab = vocabulary(library)
        # Words only one language uses; words every language uses tell nothing.
        self.only = {
            code: frozenset(w for w in vocab[code] if not any(w in vocab[o] for o in self.codes if o != code))
            for code in self.codes
        }
        self.known = frozenset().union(*vocab.values()) if vocab else frozenset()
        self.model = model_for(library) if len(self.codes) >= 2 else None

    def read(self, text: str, folded: str | None = None) -> LanguageGuess:
        """`folded`: the text already folded (understanding/text.py), when the caller has it."""
        said = words(text) if folded is None else folded.split()
        if not said:
            return LanguageGuess(None, False)
        odds = self.votes(text, said)
        known = any(odds.values())  # a word of only one language's content
        model: dict[str, float] = {}
        if (len(said) > SHORT or not known) and _margin(odds) < SETTLED:
            model = self.model.probabilities(text) if self.model else {}
            for code, p in model.items():
                if code in odds:
                    odds[code] += math.log(max(p, MODEL_FLOOR))
        ranked = sorted(odds.items(), key=lambda kv: -kv[1])
        if len(ranked) < 2:
            return LanguageGuess(ranked[0][0], True)
        (best, top), (_, second) = ranked[0], ranked[1]
        if top == second:
            return LanguageGuess(None, False)
        if len(said) <= SHORT and not known:
            # The model alone on a word or two is a guess: only a clear one ("suicidio", "jajaja")
            # counts, and never enough to switch a conversation ("menu", "ok" stay where they are).
            p = model.get(best, 0.0)
            return LanguageGuess(best if p >= MODEL_ALONE else None, False)
        return LanguageGuess(best, top - second >= SURE)

    def votes(self, text: str, said: list[str] | None = None) -> dict[str, float]:
        """Log-odds from the content's words alone: WORD_WEIGHT for each word only one language uses."""
        said = words(text) if said is None else said
        return {code: WORD_WEIGHT * sum(w in self.only[code] for w in said) for code in self.codes}


def _margin(odds: dict[str, float]) -> float:
    """How far the likeliest language leads the next."""
    top = sorted(odds.values(), reverse=True)
    return top[0] - top[1] if len(top) > 1 else math.inf
