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

from audio import voices

# Changing how speech is shaped here? Bump the "+rN" in version(), so every file gets a new name.
SOURCE_RATE = 22050  # eSpeak NG's output rate
LEAD_S = 0.15  # a breath of silence before the first word
QUIET = 1e-3  # below this (of full scale) counts as silence when trimming a sentence
EDGE_S = 0.03  # keep this much around each sentence so no consonant is clipped
SENTENCE_TIMEOUT_S = 20  # eSpeak renders a sentence in milliseconds; this is "something is wrong"

# A sentence ends at . ! ? or an ellipsis followed by a space and anything but a lowercase letter
# (so "e.g. this" stays whole). Spanish openers (¿ ¡) start the next sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[^a-záéíóúñü])")

# What a complete sentence looks like (see check_sentence): eSpeak ends every utterance with
# about 0.45 s of silence (ENDPAUSE), so a render cut short ends in speech; at TTS_RATE words
# per minute a sentence lasts roughly words / rate, whatever the voice.
END_SILENCE_S = 0.2  # a complete render ends with at least this much (0.45 s at 135 wpm, 0.26 at 190)
MIN_RATIO, MAX_RATIO = 0.5, 2.5  # speech length against words / rate
MAX_GAP_S = 1.0  # longest silence inside one sentence (a comma is about 0.3 s)
MIN_PEAK = 0.05  # quieter than this is not speech
SENTENCE_TRIES = 3  # renders of one sentence before the job fails (the worker then retries it)

_engine = None
_kind = ""
_collector = None
_finished = threading.Event()  # set by pyttsx3's "finished-utterance", after the file is written
_completed: list[bool] = []  # that notification's `completed` flag: False means eSpeak cancelled


class RenderError(RuntimeError):
    """A sentence that would not render completely, with what was wrong."""


class _Collector:
    """Our own copy of every sample eSpeak hands pyttsx3's driver.

    pyttsx3 2.99 writes its WAV when the "message terminated" event arrives, then appends the
    samples that came with that callback - too late for the file. Keeping the samples ourselves
    (and reading them once eSpeak is idle) means nothing can arrive after we look.
    """

    def __init__(self, driver):
        self.driver = driver
        self.chunks: list[np.ndarray] = []

    def __call__(self, wav, numsamples, events):
        if numsamples > 0 and self.driver._speaking:
            self.chunks.append(np.ctypeslib.as_array(wav, shape=(numsamples,)).copy())
        return self.driver._onSynth(wav, numsamples, events)

    def take(self) -> np.ndarray:
        chunks, self.chunks = self.chunks, []
        if not chunks:
            return np.zeros(0, dtype=np.float32)
        return (np.concatenate(chunks).astype(np.float32) / 32768.0).astype(np.float32)


def engine(kind: str = voices.BUNDLED):
    """pyttsx3's eSpeak engine, once per process: the wheel's library and data ("bundled"), or
    Debian's with MBROLA ("system", see audio/voices.py). A process speaks with one of them
    only (eSpeak keeps global state): audio/workers.py never mixes them in one worker."""
    global _engine, _collector, _kind
    if _engine is not None and kind != _kind:
        raise RenderError(f"this worker speaks with the {_kind} eSpeak NG, not the {kind} one")
    if _engine is None:
        if kind == voices.SYSTEM:
            library, data = voices.system_library(), voices.system_data()
            if not (library and data):
                raise RenderError("no system eSpeak NG (Debian packages libespeak-ng1 and espeak-ng-data)")
        else:
            import espeakng_loader

            library, data = espeakng_loader.get_library_path(), espeakng_loader.get_data_path()
        # pyttsx3 dlopens "libespeak-ng.so.1", the soname of both: load the chosen copy first,
        # globally, and point it at its own data, before pyttsx3 is imported.
        ctypes.CDLL(library, mode=ctypes.RTLD_GLOBAL)
        os.environ["ESPEAK_DATA_PATH"] = data
        import pyttsx3
        from pyttsx3.drivers import _espeak

        _engine = pyttsx3.init("espeak")
        _engine.connect("finished-utterance", _on_finished)
        _collector = _Collector(_engine.proxy._driver)
        _espeak.SetSynthCallback(_collector)  # ours first, then the driver's own
        _kind = kind
    return _engine


def _on_finished(completed: bool = True, **_) -> None:
    _completed.append(bool(completed))
    _finished.set()


def _synthesize(eng, sentence: str, path: Path) -> np.ndarray:
    """One sentence as float samples, exactly as eSpeak made it (silence around it included).

    pyttsx3 2.99 with eSpeak's AUDIO_OUTPUT_RETRIEVAL mode is racy: synthesis runs on eSpeak's own
    thread and runAndWait() returns before it ends; if eSpeak is still busy when the next
    runAndWait() starts, pyttsx3 cancels the new sentence. So: wait until eSpeak is idle, start
    the sentence, wait for the driver's "finished-utterance" and for eSpeak to be idle again, and
    accept it only if it completed. What comes back is still checked (check_sentence).
    """
    from pyttsx3.drivers import _espeak

    _wait(lambda: not _espeak.IsPlaying(), "eSpeak NG stayed busy")
    _finished.clear()
    _completed.clear()
    _collector.take()
    with contextlib.redirect_stdout(io.StringIO()):  # the driver prints "Audio saved to ..."
        eng.save_to_file(sentence, str(path))  # pyttsx3 only synthesises towards a file here
        eng.runAndWait()
        _wait(_finished.is_set, f"eSpeak NG did not finish {sentence[:60]!r}")
    _wait(lambda: not _espeak.IsPlaying(), "eSpeak NG stayed busy")
    samples = _collector.take()
    if _completed != [True]:
        raise RenderError(f"eSpeak NG cancelled {sentence[:60]!r}")
    # eSpeak's own voices speak at 22.05 kHz; an MBROLA voice at its database's rate (16 kHz).
    rate = _espeak.dll.espeak_ng_GetSampleRate()
    if rate != SOURCE_RATE:
        import soxr

        samples = soxr.resample(samples, rate, SOURCE_RATE, quality="HQ").astype(np.float32)
    return samples


def check_sentence(samples: np.ndarray, sentence: str, rate: int) -> str | None:
    """What is wrong with one sentence's render, or None: cut short, too short or long for its
    words at this rate, a long silence inside, or no real sound."""
    loud = np.flatnonzero(np.abs(samples) > QUIET)
    if not loud.size:
        return "no sound"
    peak = float(np.max(np.abs(samples)))
    if peak < MIN_PEAK:
        return f"too quiet (peak {peak:.3f})"
    tail = (samples.size - 1 - loud[-1]) / SOURCE_RATE
    if tail < END_SILENCE_S:
        return f"cut short (ends in speech, {tail:.2f} s of silence at the end)"
    spoken = (loud[-1] - loud[0]) / SOURCE_RATE
    expected = max(1, len(sentence.split())) * 60 / max(1, rate)
    if not MIN_RATIO * expected <= spoken <= MAX_RATIO * expected + 0.5:
        return f"{spoken:.2f} s of speech for {len(sentence.split())} words (about {expected:.2f} s expected)"
    gap = float(np.max(np.diff(loud), initial=0)) / SOURCE_RATE
    if gap > MAX_GAP_S:
        return f"{gap:.2f} s of silence inside the sentence"
    return None


def _say(eng, sentence: str, path: Path, rate: int) -> np.ndarray:
    """One sentence, rendered again until it passes check_sentence (or RenderError)."""
    problem = ""
    for _ in range(SENTENCE_TRIES):
        try:
            samples = _synthesize(eng, sentence, path)
        except RenderError as exc:
            problem = str(exc)
            continue
        problem = check_sentence(samples, sentence, rate)
        if problem is None:
            return samples
    raise RenderError(f"{sentence[:60]!r}: {problem} after {SENTENCE_TRIES} renders")


def _configure(eng, voice: str, rate: int) -> None:
    """Voice and rate, set straight on the driver and read back before any sentence.

    pyttsx3 queues setProperty() and runs it at the next runAndWait(), whose end-of-loop stop()
    calls espeak_Cancel() if eSpeak is still busy - which also drops a rate change still waiting
    in eSpeak's own queue. Seen here: a process's first sentences cancelled, or every sentence
    rendered at the driver's default 200 words a minute (renders seconds too short).
    """
    from pyttsx3.drivers import _espeak

    driver = eng.proxy._driver
    for _ in range(SENTENCE_TRIES):
        _wait(lambda: not _espeak.IsPlaying(), "eSpeak NG stayed busy")
        unknown = ValueError(f"eSpeak NG has no voice {voice!r} (see TTS_VOICES or the content's tts_voice)")
        try:
            driver.setProperty("voice", voice)
        except ValueError:
            raise unknown from None
        driver.setProperty("rate", rate)
        _wait(lambda: not _espeak.IsPlaying(), "eSpeak NG stayed busy")
        if (driver.getProperty("voice") or "").lower() != voice.lower():
            raise unknown  # eSpeak may keep the previous voice for a name it does not know
        # pyttsx3 declares espeak_GetParameter with one argument; it takes two (current=1).
        if _espeak.dll.espeak_GetParameter(_espeak.RATE, 1) == rate:
            return
    raise RenderError(f"eSpeak NG would not take the rate {rate}")


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


def speak_marked(text: str, voice: str, rate: int, pause_ms: int) -> tuple[np.ndarray, tuple[float, ...]]:
    """Float samples at SOURCE_RATE, each sentence rendered on its own and joined by pauses, and
    the second at which each sentence's words end (for measuring when a caller hears an option).

    pyttsx3's eSpeak driver calls espeak_Synth with ENDPAUSE | CHARS_UTF8 and no SSML flag, so a
    <break> tag would be read aloud; rendering sentence by sentence gives exact, calm pauses.
    """
    eng = engine(voices.engine_for(voice))
    # `rate` is the pace a caller hears; an MBROLA voice gets the setting that gives that pace.
    _configure(eng, voice, voices.rate_for(voice, int(rate)))
    pause = np.zeros(int(SOURCE_RATE * pause_ms / 1000), dtype=np.float32)
    lead = np.zeros(int(SOURCE_RATE * LEAD_S), dtype=np.float32)
    # The last sentence is followed by the pause less the next file's lead: two files played one
    # after the other are as far apart as two sentences of one file (and a caller hears the next
    # prompt no later than that).
    tail = pause[: max(0, pause.size - lead.size)]
    pieces = [lead]
    ends, length = [], lead.size
    with tempfile.TemporaryDirectory(prefix="tts-") as tmp:
        path = Path(tmp) / "sentence.wav"
        for sentence in sentences(text):
            spoken = trim(_say(eng, sentence, path, rate))
            length += spoken.size
            ends.append(round(length / SOURCE_RATE, 3))
            length += pause.size
            pieces += [spoken, pause]
    if len(pieces) > 1:
        pieces[-1] = tail
    return np.concatenate(pieces), tuple(ends)


def version(voice: str = "") -> str:
    """Part of every synthetic file's hash: new engine versions give new names."""
    from importlib.metadata import version as v

    base = f"pyttsx3-{v('pyttsx3')}+espeakng-loader-{v('espeakng-loader')}+r6"
    if voices.engine_for(voice) != voices.SYSTEM:
        return base
    # Debian's eSpeak NG and MBROLA: the library's real file name carries its version.
    library = voices.system_library()
    return f"{base}+{Path(os.path.realpath(library)).name if library else 'none'}+mbrola"
