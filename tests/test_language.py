"""Which language a text is in (understanding/language.py): a naive Bayes model of the content's own
text and crisis rule words, fitted ahead of time and read with numpy; one-word crisis texts are
answered in the language they are written in."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from understanding import Context, fitting, language

CRISIS_KEYS = ("crisis_emergency", "crisis_overdose", "crisis_self_harm")


def crisis_first(lang, body: str) -> bool:
    return any(body.startswith(lang.prompt(key).text) for key in CRISIS_KEYS)


# One or two words, as a frightened person texts them: answered in that language's crisis words
# (the reply's language follows the language whose crisis rules matched when the model is unsure).
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("suicide", "en"),
        ("Suicidal", "en"),
        ("suicidal thoughts", "en"),
        ("overdose", "en"),
        ("OVERDOSED", "en"),
        ("kms", "en"),
        ("seizure now", "en"),
        ("suicidio", "es"),
        ("sobredosis", "es"),
        ("me quiero matar", "es"),
        ("quiero suicidarme", "es"),
        ("convulsiones ahora", "es"),
    ],
)
def test_a_first_crisis_text_of_a_word_or_two_is_answered_in_its_language(texter, line, text, code):
    replies = texter.send(text)
    assert crisis_first(line.library.get(code), replies[0].body), (text, replies[0].body)


def test_a_crisis_word_from_a_spanish_conversation_keeps_spanish(texter, spanish):
    texter.send("ESPAÑOL")
    assert crisis_first(spanish, texter.send("overdose")[0].body)


@pytest.mark.parametrize(
    ("text", "code", "sure"),
    [
        ("my dad's cancer spread to his bones", "en", True),
        ("el cáncer de mi papá se pasó a los huesos", "es", True),
        ("el cancer de mi papa se paso a los huesos", "es", True),  # texted without accents
        ("¿qué es metástasis?", "es", True),
        ("what does stage four mean", "en", True),
        ("12345", None, False),
    ],
)
def test_sentences_read_as_their_language(line, text, code, sure):
    guess = line.navigator.understanding.languages.read(text)
    assert (guess.code, guess.sure) == (code, sure)


def test_the_grams_are_scikit_learns_char_wb_and_each_whole_word():
    from sklearn.feature_extraction.text import CountVectorizer

    said = language.letters("¿Qué es la METÁSTASIS? my dad's a ok")
    char_wb = CountVectorizer(analyzer="char_wb", ngram_range=(1, 4), lowercase=False).build_analyzer()
    whole = [f" {w} " for w in said.split()] * 4
    short = [g for g in char_wb(said) if g in whole]  # char_wb counts a word shorter than n once, whole
    assert sorted(language.grams(said, 1, 4)) == sorted([g for g in char_wb(said) if g not in short] + whole)


@pytest.mark.parametrize("text", ["colon", "melanoma", "menu", "ok"])
def test_a_word_both_languages_use_never_switches_a_conversation(line, text):
    assert not line.navigator.understanding.languages.read(text).sure


def test_each_language_s_crisis_rule_words_are_in_the_training_set(line):
    texts, labels = language.training_set(line.library)
    trained = {(t, c) for t, c in zip(texts, labels, strict=True)}
    for code in line.library.languages:
        words = language.rule_words(code)
        assert words, code
        assert all((w, code) in trained for w in words)
    assert "overdose" in language.rule_words("en") and "sobredosis" in language.rule_words("es")


def test_a_reading_of_a_crisis_names_the_language_whose_rules_matched(line):
    understanding = line.navigator.understanding
    for text, code in [("suicide", "en"), ("suicidio", "es")]:
        for conversation in ("en", "es", None):
            reading = understanding.read(text, Context("text", conversation))
            assert reading.alarm and reading.alarm.language == code
            assert reading.language == code and not reading.language_sure


_FITTED = {}


@pytest.fixture
def sklearn_language(line):
    # Fitted once per content (every test's app reads the same content).
    key = language.model_path(line.library)
    if key not in _FITTED:
        _FITTED[key] = fitting.language_fitted(*language.training_set(line.library))
    return _FITTED[key]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(["el cáncer se pasó al hígado", "my mom has stage 4", "ÑANDÚ", "x", "", "¿Sí?  ok 🙂"])
    | st.text(alphabet="abcdefghijklmnñopqrstuvwxyzáéíóú ¿?!.,0123", max_size=60)
)
def test_the_plain_scoring_is_scikit_learns_naive_bayes(line, sklearn_language, text):
    # The web process sums fitted log-probabilities itself: the same likelihoods (divided by
    # OVERLAP) as scikit-learn's naive Bayes, from the same counts.
    vectorizer, classifier = sklearn_language
    model = line.navigator.understanding.languages.model
    said = language.letters(text)
    counts = vectorizer.transform([said])
    got = model.probabilities(text)
    if counts.nnz == 0:
        assert got == {}
        return
    joint = classifier.class_log_prior_ + (counts @ classifier.feature_log_prob_.T).ravel() / language.OVERLAP
    expected = np.exp(joint - joint.max())
    expected /= expected.sum()
    assert [got[c] for c in classifier.classes_] == pytest.approx(expected.tolist())
