"""The clarity bench's measures (bench/voice_clarity.py): word error rate and speech levels."""

from __future__ import annotations

import numpy as np
import pytest

from audio.clarity import errors, measure, wer, words


def test_words_are_compared_as_a_listener_writes_them():
    assert words("Call 9 1 1, now!") == words("call 911 now") == ["call", "nine", "one", "one", "now"]
    assert words("1-800-222-1222") == words("1, 8 0 0, 2 2 2, 1 2 2 2")
    assert words("Llame al 9 1 1. ¿Está sola?", "es") == ["llame", "al", "nueve", "uno", "uno", "esta", "sola"]
    assert words("It's 50%") == ["its", "five", "zero", "percent"]


def test_word_error_rate_counts_substitutions_deletions_and_insertions():
    reference = "we give general facts not medical advice"
    assert errors(words(reference), words("We give general facts, the automatical advice.")) == 2  # 2 substitutions
    assert errors(words(reference), words("we give facts not medical advice today")) == 2  # 1 deletion, 1 insertion
    assert errors(words("a b c"), words("a x b c d")) == 2  # two insertions
    assert wer([(reference, reference)]) == 0.0
    # over a set of files: all errors over all reference words, not a mean of rates
    assert wer([("one two three four", "one two three four"), ("five six", "")]) == pytest.approx(2 / 6)


def test_speech_measures_level_sound_and_pauses():
    rate = 8000
    tone = 0.1 * np.sin(2 * np.pi * 300 * np.arange(rate) / rate)  # 1 s at -23 dBFS RMS
    samples = np.concatenate([tone, np.zeros(rate // 2), tone]).astype(np.float32)
    speech = measure(samples, rate)
    assert speech.rms_db == pytest.approx(-23.0, abs=0.1)
    assert speech.speech_s == pytest.approx(2.0, abs=0.02)
    assert speech.pauses_s == (0.5,)
