"""Match what people say or type to a topic: keyword phrases first, then the topic's own words.

`normalise()` folds case, accents, apostrophes and stretched letters. `best_topic()` scores
every topic of a language against the text, BM25-style: whole keyword phrases and titles
(stemmed, with rapidfuzz fixing misspelt words) weigh most, the topic's parts add a smaller
score, and rare words weigh more than common ones - "stage 4" is in half the topics, "cured"
in a few, so "can stage 4 be cured?" finds the cure topic. No model, no download: the index
is built from the content itself the first time a language is asked.
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
import weakref
from collections import Counter
from dataclasses import dataclass

import snowballstemmer
from rapidfuzz import fuzz, process

from content.model import Language, Node

WORD = re.compile(r"[a-z0-9]+")
APOSTROPHES = re.compile(r"['\u2019\u2018\u02bc`\u00b4]")

# Snowball stemmers by language code; a language without one is matched on whole words.
STEMMERS = {"en": "english", "es": "spanish", "fr": "french", "pt": "portuguese", "it": "italian", "de": "german"}
PHRASE_WEIGHT = 3.0  # a keyword or title phrase counts this much more than a word in the parts
TITLE_FACTOR = 0.6  # a title is a phrase too (people type what the menu shows), weaker than keywords
EXACT_WORDS = 1.5  # a phrase typed exactly as the content writes it, not only the same stems
COVER_BONUS = 0.5  # per word a phrase covers: longer, more specific phrases win close calls
BODY_WEIGHT = 1.0
MENU_LINE = 1000.0  # score of a text that is the title of a line in the menu shown
BM25_K1, BM25_B = 1.2, 0.5
NEARBY = 1.5  # nudge for topics in the menu the person is in ("liver" in Symptoms = liver signs)
# A topic found only by its parts' words needs two of the text's words and this score: one
# word is a guess ("is this a real person" must not land on the topic that says "each
# person", nor "stop texting me" on the one that says "stops" six times).
BODY_MIN = 3.0
MAX_WORDS = 80  # long texts: the first words carry the question
FUZZY_MIN = 80.0  # rapidfuzz ratio a misspelt word needs ("simptoms" 88, "stoped" 92)
FUZZY_MIN_LETTERS = 5  # shorter words are never guessed: "real" is not "renal"


def normalise(text: str) -> str:
    """Case, accents, apostrophes, punctuation and stretched letters ("siiintomas") folded away."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = APOSTROPHES.sub("", text)  # "can't" -> "cant", as people type it
    text = re.sub(r"(.)\1{2,}", r"\1", text)
    return " ".join(WORD.findall(text))


@dataclass(frozen=True)
class Match:
    node: Node
    score: float
    keyword: str  # the keyword or title that matched; "" when found by the parts' words alone


def _phrase_in(phrase: str, text: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", text) is not None


def is_phrase(text: str, phrases: tuple[str, ...] | list[str]) -> bool:
    """True when the text says one of the phrases (after normalising both)."""
    said = normalise(text)
    return any(_phrase_in(normalise(p), said) for p in phrases if normalise(p))


# -- the index ---------------------------------------------------------------------------------
# Words too common in questions to tell topics apart by the parts' text (phrases still use them:
# "how long", "what is it"). Folded like normalise() does.
FUNCTION_WORDS = {
    "en": set(
        "a an the and or but is are was were be been am do does did i im me my you your it its this that to of "
        "in on at for with from by about as can will would could should have has had what whats how why when who "
        "which there so if not please pls get go goes there they them their we us our".split()
    ),
    "es": set(
        "el la los las un una unos unas de del a al en y o que es son se me mi mis yo tu su sus lo le les por "
        "para con sin como cuando muy pero si ya este esta eso esto va van puede tengo mas hay estoy".split()
    ),
}


@dataclass(frozen=True)
class _Topic:
    node: Node
    phrases: tuple[tuple[str, tuple[str, ...], float], ...]  # (keyword or title, its stems, weight)
    body: Counter  # stems of title, label, intro and parts (function words left out)
    length: int


class _Index:
    """Per-language statistics: which topics use which stems and phrases, and words to fix typos with."""

    def __init__(self, language: Language):
        name = STEMMERS.get(language.code)
        self._stemmer = snowballstemmer.stemmer(name) if name else None
        self._stems: dict[str, str] = {}
        self.function_words = {self.stem(w) for w in FUNCTION_WORDS.get(language.code, ())}
        self.topics: list[_Topic] = []
        grams: list[set[tuple[str, ...]]] = []
        for node in language.nodes.values():
            if node is language.root:
                continue
            phrases = {}
            for phrase, weight in [(k, 1.0) for k in node.keywords] + [(node.title, TITLE_FACTOR)]:
                stems = self.stems(normalise(phrase))
                if stems and weight > phrases.get(stems, ("", 0.0))[1]:
                    phrases[stems] = (phrase, weight)
            words = [node.title, node.label, node.intro.text if node.intro else ""] + [p.text for p in node.parts]
            sequence = self.stems(normalise(" ".join(words)))
            body = Counter(s for s in sequence if s not in self.function_words)
            self.topics.append(
                _Topic(node, tuple((p, k, w) for k, (p, w) in phrases.items()), body, sum(body.values()))
            )
            longest = max((len(k) for k in phrases), default=1)
            found = {tuple(sequence[i : i + n]) for n in range(1, longest + 1) for i in range(len(sequence) - n + 1)}
            grams.append(found | set(phrases) | {(s,) for k in phrases for s in k})
        n = len(self.topics)
        self.avg_length = max(1.0, sum(t.length for t in self.topics) / max(1, n))
        # How rare a word or a whole phrase is: in how many topics (keywords, title or parts) it occurs.
        df: Counter = Counter()
        for found in grams:
            df.update(found)
        self.idf = {gram: math.log(1 + (n - d + 0.5) / (d + 0.5)) for gram, d in df.items()}
        # Typos are fixed against the words of keywords and titles only ("simptoms" -> "symptoms"):
        # against every word of the parts, real words get "fixed" too ("texting" -> "testing").
        vocabulary = set()
        for node in language.nodes.values():
            vocabulary.update(normalise(" ".join([*node.keywords, node.title])).split())
        self.vocabulary = sorted(
            w for w in vocabulary if len(w) >= 4 and not w.isdigit() and self.stem(w) not in self.function_words
        )

    def stem(self, word: str) -> str:
        if self._stemmer is None or word.isdigit():
            return word
        found = self._stems.get(word)
        if found is None:
            found = self._stems[word] = self._stemmer.stemWord(word)
        return found

    def stems(self, said: str) -> tuple[str, ...]:
        return tuple(self.stem(w) for w in said.split())

    def read(self, said: str) -> list[tuple[str, float]]:
        """The text as (stem, trust): 1 for a known word, the fuzzy ratio for a fixed typo, 0 unknown."""
        out = []
        for word in said.split()[:MAX_WORDS]:
            stem = self.stem(word)
            if (stem,) in self.idf:
                out.append((stem, 1.0))
                continue
            hit = None
            if len(word) >= FUZZY_MIN_LETTERS and not word.isdigit():
                hit = process.extractOne(word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN)
            out.append((self.stem(hit[0]), hit[1] / 100) if hit else (stem, 0.0))
        return out


_indexes: dict[int, tuple[weakref.ref, _Index]] = {}
_lock = threading.Lock()


def _index(language: Language) -> _Index:
    with _lock:
        found = _indexes.get(id(language))
        if found is not None and found[0]() is language:
            return found[1]
        index = _Index(language)
        _indexes[id(language)] = (weakref.ref(language), index)
        for key in [k for k, (ref, _) in _indexes.items() if ref() is None]:
            del _indexes[key]
        return index


# -- scoring -----------------------------------------------------------------------------------
def _phrase_score(
    index: _Index, topic: _Topic, read: list[tuple[str, float]], words: list[str]
) -> tuple[float, int, str]:
    """Whole keyword phrases (or the title) of this topic found in the text, rarest first.

    Returns (score, words covered, the best phrase). Overlapping phrases count once ("can it be
    cured" and "cured"), separate ones add up ("chemo" + "stopped working"). A phrase written
    exactly as the content has it beats one that only shares its stems ("place" vs "places").
    """
    stems = [s for s, _ in read]
    found = []
    for phrase, keys, weight in topic.phrases:
        n = len(keys)
        for i in range(len(stems) - n + 1):
            if tuple(stems[i : i + n]) == keys:
                trust = min(read[j][1] for j in range(i, i + n))
                if trust > 0:
                    exact = EXACT_WORDS if words[i : i + n] == normalise(phrase).split() else 1.0
                    found.append((index.idf[keys] * weight * trust * exact, n, phrase, set(range(i, i + n))))
    score, covered, best = 0.0, set(), ""
    for value, _n, phrase, span in sorted(found, key=lambda f: (-f[0], -f[1])):
        if span & covered:
            continue
        best = best or phrase
        score += value
        covered |= span
    return score, len(covered), best


def _bm25(index: _Index, topic: _Topic, read: list[tuple[str, float]]) -> tuple[float, int]:
    """BM25 of the text against the topic's own words (function words left out), and how many
    different words of the text, as written (not guessed from a typo), the topic has."""
    score, words = 0.0, 0
    for stem, trust in {s: t for s, t in read if t > 0 and s not in index.function_words}.items():
        tf = topic.body.get(stem, 0)
        if tf:
            norm = tf * (BM25_K1 + 1) / (tf + BM25_K1 * (1 - BM25_B + BM25_B * topic.length / index.avg_length))
            score += index.idf[(stem,)] * trust * norm
            words += trust == 1.0
    return score, words


def best_topic(language: Language, text: str, within: Node | None = None) -> Match | None:
    """The topic that best fits the text, or None when nothing fits well enough to answer.

    Keyword phrases decide first; the parts' words only break ties between them, or answer
    alone when no phrase matched and they score at least BODY_MIN. Topics in `within` (the
    menu the person is in) get a small nudge, so "liver" in the Symptoms menu means liver
    signs, while "bone pain" anywhere still finds bone signs.
    """
    said = normalise(text)
    if not said:
        return None
    index = _index(language)
    read = index.read(said)
    if not any(trust for _, trust in read):
        return None
    nearby = {c.id for c in within.children} if within is not None else set()
    for child in within.children if within is not None else ():
        if index.stems(normalise(child.title)) == tuple(s for s, _ in read):
            # The words of a line in the menu the person is reading: as good as its number.
            return Match(child, MENU_LINE, child.title)
    by_phrase: list[tuple[float, Match]] = []
    by_body: list[tuple[float, Match]] = []
    for topic in index.topics:
        phrase_score, covered, phrase = _phrase_score(index, topic, read, said.split()[:MAX_WORDS])
        body, words = _bm25(index, topic, read)
        nudge = NEARBY if topic.node.id in nearby else 0.0
        if covered:
            score = PHRASE_WEIGHT * phrase_score + COVER_BONUS * covered + BODY_WEIGHT * body + nudge
            by_phrase.append((score, Match(topic.node, score, phrase)))
        elif body >= BODY_MIN and words >= 2:  # the nudge only orders; it never makes a guess good enough
            by_body.append((body + nudge, Match(topic.node, body + nudge, "")))
    # max() keeps the first of equal scores: the earlier topic in the menu tree.
    ranked = by_phrase or by_body
    return max(ranked, key=lambda x: x[0])[1] if ranked else None
