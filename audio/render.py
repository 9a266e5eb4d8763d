"""Offline speech: pyttsx3 driving eSpeak NG from the espeakng-loader wheel, no system package.

Only worker processes import this module's engine (see audio/workers.py): eSpeak keeps global
state, and pyttsx3's runAndWait() is known to hang on Linux, so the build process never loads it.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import os
import re
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import soundfile as sf

# Changing how speech is shaped here? Bump the "+rN" in version(), so every file gets a new name.
SOURCE_RATE = 22050  # eSpeak NG's output rate
LEAD_S = 0.15  # a breath of silence before the first word
QUIET = 1e-3  # below this (of full scale) counts as silence when trimming a sentence
EDGE_S = 0.03  # keep this much around each sentence so no consonant is clipped
SENTENCE_TIMEOUT_S = 20  # eSpeak renders a sentence in milliseconds; this is "something is wrong"

# A sentence ends at . ! ? or an ellipsis followed by a space and anything but a lowercase letter
# (so "e.g. this" stays whole). Spanish openers (¿ ¡) start the next sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[^a-záéíóúñü])")

_engine = None
_finished = threading.Event()  # set by pyttsx3's "finished-utterance", after the file is written
_completed: list[bool] = []  # that notification's `completed` flag: False means eSpeak cancelled


def engine():
    """pyttsx3's eSpeak engine, once per process, with the wheel's library and data."""
    global _engine
    if _engine is None:
        import espeakng_loader

        # pyttsx3 dlopens "libespeak-ng.so.1", the wheel's soname: load that copy first, globally,
        # and point it at the wheel's voices, before pyttsx3 is imported.
        ctypes.CDLL(espeakng_loader.get_library_path(), mode=ctypes.RTLD_GLOBAL)
        os.environ["ESPEAK_DATA_PATH"] = espeakng_loader.get_data_path()
        import pyttsx3

        _engine = pyttsx3.init("espeak")
        _engine.connect("finished-utterance", _on_finished)
    return _engine


def _on_finished(completed: bool = True, **_) -> None:
    _completed.append(bool(completed))
    _finished.set()


def _say_to_file(eng, sentence: str, path: Path) -> None:
    """One sentence to a WAV file, or an exception: never a missing, partial or mixed-up file.

    pyttsx3 2.99 with eSpeak's AUDIO_OUTPUT_RETRIEVAL mode is racy: synthesis runs on eSpeak's own
    thread and runAndWait() returns before it ends; if eSpeak is still busy when the next
    runAndWait() starts, pyttsx3 cancels the new sentence. Seen here: missing and half-written
    WAVs, and sentences seconds too short or too long. So: wait until eSpeak is idle, start the
    sentence, wait for the driver's "finished-utterance", and accept it only if it completed.
    """
    from pyttsx3.drivers import _espeak

    for _ in range(3):
        _wait(lambda: not _espeak.IsPlaying(), "eSpeak NG stayed busy")
        _finished.clear()
        _completed.clear()
        path.unlink(missing_ok=True)
        with contextlib.redirect_stdout(io.StringIO()):  # the driver prints "Audio saved to ..."
            eng.save_to_file(sentence, str(path))
            eng.runAndWait()
            _wait(_finished.is_set, f"eSpeak NG did not finish {sentence[:60]!r}")
        if _completed == [True] and path.exists():
            return
    raise RuntimeError(f"eSpeak NG kept cancelling {sentence[:60]!r}")


def _wait(ready, message: str) -> None:
    deadline = time.monotonic() + SENTENCE_TIMEOUT_S
    while not ready():
        if time.monotonic() > deadline:
            raise TimeoutError(message)
        time.sleep(0.002)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def trim(samples: np.ndarray, rate: int = SOURCE_RATE) -> np.ndarray:
    """Drop the silence eSpeak puts around a sentence; we set the pauses ourselves."""
    loud = np.flatnonzero(np.abs(samples) > QUIET)
    if not loud.size:
        return samples[:0]
    edge = int(EDGE_S * rate)
    return samples[max(0, loud[0] - edge) : loud[-1] + edge]


def speak(text: str, voice: str, rate: int, pause_ms: int) -> np.ndarray:
    """Float samples at SOURCE_RATE: each sentence rendered on its own, then joined by pauses.

    pyttsx3's eSpeak driver calls espeak_Synth with ENDPAUSE | CHARS_UTF8 and no SSML flag, so a
    <break> tag would be read aloud; rendering sentence by sentence gives exact, calm pauses.
    """
    eng = engine()
    eng.setProperty("voice", voice)
    eng.setProperty("rate", int(rate))
    pause = np.zeros(int(SOURCE_RATE * pause_ms / 1000), dtype=np.float32)
    pieces = [np.zeros(int(SOURCE_RATE * LEAD_S), dtype=np.float32)]
    with tempfile.TemporaryDirectory(prefix="tts-") as tmp:
        for i, sentence in enumerate(sentences(text)):
            path = Path(tmp) / f"{i}.wav"
            _say_to_file(eng, sentence, path)
            if i == 0 and (eng.getProperty("voice") or "").lower() != voice.lower():
                # eSpeak keeps the previous voice when it does not know a name: fail loudly instead.
                raise ValueError(f"eSpeak NG has no voice {voice!r} (see TTS_VOICES or the content's tts_voice)")
            samples, got_rate = sf.read(path, dtype="float32")
            if got_rate != SOURCE_RATE:
                raise RuntimeError(f"eSpeak NG wrote {got_rate} Hz, expected {SOURCE_RATE} Hz")
            pieces += [trim(samples), pause]
    return np.concatenate(pieces)


def version() -> str:
    """Part of every synthetic file's hash: new engine versions give new names."""
    from importlib.metadata import version as v

    return f"pyttsx3-{v('pyttsx3')}+espeakng-loader-{v('espeakng-loader')}+r2"
