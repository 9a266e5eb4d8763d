"""The audio build: render only new or changed snippets, prefer recordings, remove stale files.

Every snippet is rendered at every pace (audio/options.py PACES: normal and slow, each its own
file, never stretched on the fly). Every file name carries a hash of what shapes its sound
(words, voice, rate, pauses, pace, format, engine version; for a recording, its bytes), so a
rebuild reuses what still matches and an old URL never serves new words.
"""

from __future__ import annotations

import fcntl
import hashlib
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from audio import convert, manifest, render, voices, workers
from audio.manifest import Entry, digest, text_hash
from audio.options import BUILD_DIR, NORMAL, Options
from content.pronunciation import respell

RECORDED_DIR = Path(__file__).resolve().parent / "recorded"
RECORDING_SUFFIXES = (".wav", ".mp3")  # first found wins
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass
class Report:
    languages: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)  # lang/id, made this run (synthetic or recorded)
    reused: int = 0
    recorded: int = 0  # snippets whose audio is a human recording
    synthetic: int = 0
    removed: int = 0  # stale files deleted
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    entries: dict[tuple[str, str], Entry] = field(default_factory=dict)  # normal pace, by (lang, id)
    paced: dict[tuple[str, str, str], Entry] = field(default_factory=dict)  # every pace, by (lang, id, pace)
    voices: dict[str, str] = field(default_factory=dict)  # lang -> "voice (why)"

    def summary(self) -> str:
        return (
            f"Audio for {len(self.entries)} snippets in {', '.join(self.languages) or 'no languages'}: "
            f"{len(self.rendered)} rendered, {self.reused} reused; {self.recorded} recorded, "
            f"{self.synthetic} synthetic; {self.removed} stale files removed; "
            f"{len(self.failures)} failed ({self.seconds:.1f} s)."
        )


def _recording(recorded_dir: Path | None, lang: str, sid: str) -> Path | None:
    if not recorded_dir:
        return None
    return next((p for s in RECORDING_SUFFIXES if (p := recorded_dir / lang / f"{sid}{s}").is_file()), None)


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _stray_recordings(recorded_dir: Path | None, known: set[tuple[str, str]]) -> list[str]:
    if not recorded_dir or not recorded_dir.is_dir():
        return []
    return [
        f"{path}: no snippet {path.parent.name}/{path.stem} in the content (check the file name)"
        for path in sorted(recorded_dir.glob("*/*"))
        if path.suffix in RECORDING_SUFFIXES and (path.parent.name, path.stem) not in known
    ]


def build(
    library,
    folder: Path = BUILD_DIR,
    options: Options | None = None,
    *,
    recorded_dir: Path | None = RECORDED_DIR,
    workers_count: int = 2,
    timeout: float = 30.0,
    batch_size: int | None = None,
    force: bool = False,
    progress: bool = False,
) -> Report:
    """Bring `folder` up to date with every voice snippet of every language in `library`."""
    started = time.monotonic()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    report = Report(languages=list(library.languages))
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time per folder (make run vs make audio)
        old = {} if force else manifest.load_all(folder)
        entries, pending = _plan(library, folder, options or Options(), recorded_dir, old, report)
        outcomes = _render([job for job, _ in pending], workers_count, timeout, batch_size, progress)
        for outcome, (job, entry) in zip(outcomes, pending, strict=True):
            if outcome.error:
                report.failures.append(f"{job.name}: {outcome.error} (after {outcome.attempts} tries)")
                continue
            sizes = {
                "phone_bytes": Path(job.phone).stat().st_size,
                "web_bytes": Path(job.web).stat().st_size if job.web else 0,
            }
            done = {"duration": outcome.duration, "ends": outcome.ends, **sizes}
            entries[entry.lang, entry.id, entry.pace] = Entry(**{**entry.__dict__, **done})
            report.rendered.append(job.name)
        report.paced = entries
        report.entries = {(lang, sid): e for (lang, sid, pace), e in entries.items() if pace == NORMAL}
        report.recorded = sum(e.source == "recorded" for e in report.entries.values())
        report.synthetic = len(report.entries) - report.recorded
        about = {"engine": render.version(), "format": convert.FORMAT, "voices": report.voices}
        manifest.save(folder, entries, about)
        report.removed = _remove_stale(folder, {f for e in entries.values() for f in e.files()})
    report.seconds = time.monotonic() - started
    return report


def _plan(library, folder: Path, options: Options, recorded_dir, old, report: Report):
    """Entries that can be reused as they are, and (job, entry) pairs for everything else: every
    snippet at every pace (a recording once: it plays at every pace)."""
    entries: dict[tuple[str, str, str], Entry] = {}
    pending: list[tuple[workers.Job, Entry]] = []
    for code, language in library.languages.items():
        choice = voices.choose(language.voice.tts_voice, options.voices.get(code), options.preferred.get(code))
        report.voices[code] = f"{choice.voice} ({choice.why})"
        report.notes.append(f"{language.name}: voice {choice.voice}, {choice.why}")
        engine_version = render.version(choice.voice)
        for snippet in language.snippets():
            if not (SAFE_NAME.match(code) and SAFE_NAME.match(snippet.id)):
                report.warnings.append(f"{code}/{snippet.id}: not a safe file name; it will use <Say>")
                continue
            words = snippet.voice
            spoken = respell(words, language.pronunciation)  # eSpeak respellings; captions keep `words`
            recording = _recording(recorded_dir, code, snippet.id)
            if recording and not _recording_matches(recording, words, code, snippet.id, report):
                recording = None
            for pace in (NORMAL,) if recording else options.paces:
                rate, pause_ms = options.pacing(snippet.id, pace)
                if recording:
                    key = digest("recorded", _file_hash(recording), convert.FORMAT)
                else:
                    setting = voices.rate_for(choice.voice, rate)  # what eSpeak is told (MBROLA: scaled)
                    shape = (spoken, choice.voice, rate, setting, pause_ms, pace, convert.FORMAT, engine_version)
                    key = digest("synthetic", *shape)
                stem = f"{code}/{snippet.id}-{key}"
                entry = Entry(
                    lang=code,
                    id=snippet.id,
                    key=key,
                    source="recorded" if recording else "synthetic",
                    text=words,
                    text_hash=text_hash(words),
                    phone=stem + convert.PHONE_SUFFIX,
                    web=stem + convert.WEB_SUFFIX if options.web else "",
                    duration=0.0,
                    pace=pace,
                )
                before = old.get((code, snippet.id, pace))
                wanted = before is not None and (before.web or not options.web)  # has a web file, if asked
                if wanted and before.key == key and all((folder / f).is_file() for f in before.files()):
                    # Browser files made by an earlier `--web` build stay while their words do.
                    entries[code, snippet.id, pace] = Entry(
                        **{**before.__dict__, "text": words, "text_hash": entry.text_hash}
                    )
                    report.reused += 1
                    continue
                job = workers.Job(
                    name=entry.name,
                    phone=str(folder / entry.phone),
                    web=str(folder / entry.web) if entry.web else "",
                    text=spoken,
                    voice=choice.voice,
                    rate=rate,
                    pause_ms=pause_ms,
                    recording=str(recording) if recording else "",
                )
                pending.append((job, entry))
    known = {(code, s.id) for code, lang in library.languages.items() for s in lang.snippets()}
    report.warnings += _stray_recordings(recorded_dir, known)
    return entries, pending


def _recording_matches(recording: Path, words: str, code: str, sid: str, report: Report) -> bool:
    """A recording plays only while its sidecar .txt holds the snippet's current words."""
    sidecar = recording.with_suffix(".txt")
    if not sidecar.exists():
        sidecar.write_text(words + "\n", encoding="utf-8")
        report.notes.append(f"{sidecar}: wrote the words of {code}/{sid} beside its recording (commit it)")
        return True
    if text_hash(sidecar.read_text(encoding="utf-8")) == text_hash(words):
        return True
    report.warnings.append(
        f"{recording}: the words of {code}/{sid} changed after it was recorded; "
        f"synthetic speech plays until it is re-recorded and {sidecar.name} holds the new words"
    )
    return False


def _render(jobs, workers_count, timeout, batch_size, progress) -> list[workers.Outcome]:
    if not jobs:
        return []
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(jobs), unit="snippet", desc="Rendering audio")
    try:
        return workers.run(
            jobs,
            workers=workers_count,
            timeout=timeout,
            batch_size=batch_size,
            on_done=(lambda _o: bar.update(1)) if bar else None,
        )
    finally:
        if bar:
            bar.close()


def _remove_stale(folder: Path, keep: set[str]) -> int:
    """Delete audio (and leftover temporary files) the manifest no longer names."""
    removed = 0
    for path in sorted([*folder.glob("*/*"), *folder.glob("*.tmp")]):
        if not path.is_file() or path.relative_to(folder).as_posix() in keep:
            continue
        if path.suffix == ".tmp":  # left by a build that was killed mid-write
            path.unlink()
        elif path.suffix in (convert.PHONE_SUFFIX, convert.WEB_SUFFIX):
            path.unlink()
            removed += 1
    for sub in folder.iterdir():
        if sub.is_dir() and not any(sub.iterdir()):
            sub.rmdir()
    return removed
