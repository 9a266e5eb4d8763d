"""Audio build benchmark: full build at every pace (serial baseline vs parallel; the normal pace
alone as before paces), with browser files, rebuilds, bytes.

Run: .venv/bin/python bench/audio.py   (builds into temporary folders; audio/build is not touched)
Paste the output into BENCHMARKS.md.
"""

from __future__ import annotations

import datetime
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SOURCE_BYTES_PER_S = 22050 * 2  # what pyttsx3/eSpeak writes: 22.05 kHz 16-bit mono PCM


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        names = [ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"{cpu}, {os.cpu_count()} cores, {system}, Python {platform.python_version()}"


def best(runs: dict[str, float], name: str, seconds: float) -> None:
    runs[name] = min(seconds, runs.get(name, seconds))


def _one_changed(library):
    """The same library with one more sentence in the default language's welcome."""
    from dataclasses import replace

    lang = library.languages[library.default]
    welcome = lang.prompts["welcome"]
    prompts = {**lang.prompts, "welcome": replace(welcome, voice=welcome.voice + " We are glad you called.")}
    return replace(library, languages={**library.languages, lang.code: replace(lang, prompts=prompts, nodes={})})


def main() -> None:
    from dataclasses import replace

    import settings
    from audio.build import build
    from audio.options import Options
    from content.loader import load_library

    config = settings.load(environ=dict(os.environ))
    from content import numbers

    library = load_library(numbers.from_settings(config), default=config["DEFAULT_LANGUAGE"])
    options = Options.from_config(config)
    with_web = Options.from_config(config, web=True)
    normal_only = replace(options, paces=("normal",))
    count = sum(len(lang.snippets()) for lang in library.languages.values())
    print(f"# Audio build benchmark, {datetime.date.today()}")
    print(f"Machine: {machine()}")
    print(f"Content: {count} voice snippets in {', '.join(library.languages)}; rate {options.rate} wpm")
    files = count * len(options.paces)
    print(f"Paces: {', '.join(options.paces)} (every snippet rendered once per pace: {files} files)\n")

    print(f"Load average before: {os.getloadavg()[0]:.2f} (other work on the machine slows every row)\n")
    runs = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # Best of ROUNDS each (two unless BENCH_ROUNDS says), alternating, so a burst of other
        # load does not pick the winner.
        for n in range(int(os.environ.get("BENCH_ROUNDS", "2"))):
            # Baseline: one worker process renders everything, one snippet after another.
            started = time.perf_counter()
            build(library, tmp / f"serial{n}", options, recorded_dir=None, workers_count=1, batch_size=files)
            best(runs, "full build, serial baseline (1 process)", time.perf_counter() - started)
            started = time.perf_counter()
            report = build(library, tmp / f"parallel{n}", options, recorded_dir=None, workers_count=2)
            best(runs, "full build, parallel (2 workers, batches)", time.perf_counter() - started)
            started = time.perf_counter()
            build(library, tmp / f"normal{n}", normal_only, recorded_dir=None, workers_count=2)
            best(runs, "full build, parallel, normal pace only (as before paces)", time.perf_counter() - started)
            started = time.perf_counter()
            web_report = build(library, tmp / f"web{n}", with_web, recorded_dir=None, workers_count=2)
            best(runs, "full build with browser MP3s (--web, 2 workers)", time.perf_counter() - started)
        started = time.perf_counter()
        again = build(library, tmp / "parallel0", options, recorded_dir=None, workers_count=2)
        runs["no-change rebuild"] = time.perf_counter() - started
        assert again.rendered == [] and not report.failures, (again.rendered, report.failures)
        changed = _one_changed(library)
        started = time.perf_counter()
        one = build(changed, tmp / "parallel0", options, recorded_dir=None, workers_count=2)
        runs["one snippet changed"] = time.perf_counter() - started
        assert len(one.rendered) == len(options.paces), one.rendered

    print("Voices: " + "; ".join(f"{lang}: {why}" for lang, why in report.voices.items()) + "\n")
    entries = list(report.paced.values())
    seconds = sum(e.duration for e in entries)
    phone = sum(e.phone_bytes for e in entries)
    web = sum(e.web_bytes for e in web_report.paced.values())
    longest = max(entries, key=lambda e: e.duration)
    print("| Measure | Value |")
    print("| --- | --- |")
    for name, value in runs.items():
        print(f"| {name} | {value:.2f} s |")
    print(f"| speech rendered | {seconds:.1f} s ({seconds / 60:.1f} min) in {len(entries)} files per format |")
    print(f"| build speed (parallel) | {seconds / runs['full build, parallel (2 workers, batches)']:.0f}x real time |")
    print(f"| phone files (8 kHz mu-law WAV) | {phone / 1e6:.2f} MB, {phone / seconds:,.0f} B/s of speech |")
    print(f"| web files (MP3) | {web / 1e6:.2f} MB, {web / seconds:,.0f} B/s of speech |")
    source = SOURCE_BYTES_PER_S * seconds
    print(f"| 22 kHz 16-bit source, for comparison | {source / 1e6:.2f} MB, {SOURCE_BYTES_PER_S:,} B/s |")
    words = len(longest.text.split())
    print(f"| longest part | {longest.duration:.1f} s ({longest.lang}/{longest.id}, {words} words) |")


if __name__ == "__main__":  # worker processes import this file's parent modules, never run it
    main()
