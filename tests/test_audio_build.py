"""The audio build on a tiny library: incremental, recordings win, stale files go, nothing hangs."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from audio import manifest, parse_voices, workers
from audio.build import Options, build
from audio.render import sentences
from content.model import Language, Library, Node, Snippet, VoiceSettings

WORDS = {
    "welcome": "Welcome to the line.",
    "menu": "For symptoms, press 3. For help, press 0.",
    "goodbye": "Thank you for calling. Goodbye.",
}


def tiny_library(words: dict[str, str] = WORDS, tts_voice: str = "gmw/en-us") -> Library:
    prompts = {key: Snippet(f"prompt.{key}", text, text, "en") for key, text in words.items()}
    root = Node(id="root", digit=None, title="", label="", keywords=(), parts=())
    voice = VoiceSettings("Polly.Joanna-Neural", "en-US", "en-US", tts_voice)
    english = Language("en", "English", "1", voice, "GSM-7", 3, prompts, {}, root)
    return Library({"en": english}, "en")


def run(tmp_path, words=WORDS, **kwargs):
    kwargs.setdefault("recorded_dir", tmp_path / "recorded")
    return build(tiny_library(words), tmp_path / "build", Options(), **kwargs)


def test_first_build_renders_every_snippet_to_phone_and_web_files(tmp_path):
    report = run(tmp_path)
    assert sorted(report.rendered) == ["en/prompt.goodbye", "en/prompt.menu", "en/prompt.welcome"]
    assert (report.synthetic, report.recorded, report.failures) == (3, 0, [])
    for entry in manifest.load(tmp_path / "build").values():
        phone = sf.info(str(tmp_path / "build" / entry.phone))
        assert (phone.samplerate, phone.channels, phone.subtype, phone.format) == (8000, 1, "ULAW", "WAV")
        web = sf.info(str(tmp_path / "build" / entry.web))
        assert (web.format, web.channels) == ("MP3", 1)
        assert entry.key in entry.phone and entry.source == "synthetic"


def test_a_rebuild_with_no_change_renders_nothing(tmp_path):
    run(tmp_path)
    before = {p: p.stat().st_mtime_ns for p in (tmp_path / "build").rglob("*.wav")}
    report = run(tmp_path)
    assert report.rendered == [] and report.reused == 3 and report.removed == 0
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "build").rglob("*.wav")} == before


def test_changing_one_snippet_renders_exactly_that_one_and_removes_its_old_files(tmp_path):
    first = run(tmp_path).entries
    report = run(tmp_path, {**WORDS, "goodbye": "Take care. Goodbye."})
    assert report.rendered == ["en/prompt.goodbye"]
    assert report.reused == 2 and report.removed == 2  # the old phone and web files
    new = report.entries["en", "prompt.goodbye"]
    old = first["en", "prompt.goodbye"]
    assert new.phone != old.phone  # a new URL: no cache can serve the old words
    assert not (tmp_path / "build" / old.phone).exists()
    assert new.text == "Take care. Goodbye."


def test_the_same_words_always_come_out_the_same_length(tmp_path):
    # pyttsx3's runAndWait() returns before eSpeak finishes; a race here once gave sentences
    # seconds too long or too short. eSpeak's noise source still varies a few samples.
    first = run(tmp_path).entries
    again = run(tmp_path, force=True).entries
    for key, entry in first.items():
        assert again[key].duration == pytest.approx(entry.duration, abs=0.05), key


def test_a_removed_snippet_loses_its_files(tmp_path):
    run(tmp_path)
    report = run(tmp_path, {k: v for k, v in WORDS.items() if k != "menu"})
    assert ("en", "prompt.menu") not in manifest.load(tmp_path / "build")
    assert report.removed == 2 and report.rendered == []


def test_a_new_rate_renders_everything_again(tmp_path):
    run(tmp_path)
    report = build(tiny_library(), tmp_path / "build", Options(rate=120), recorded_dir=None)
    assert len(report.rendered) == 3 and report.removed == 6


def _record(tmp_path, sid: str, seconds: float = 1.0, rate: int = 44100, channels: int = 2) -> Path:
    folder = tmp_path / "recorded" / "en"
    folder.mkdir(parents=True, exist_ok=True)
    t = np.arange(int(seconds * rate)) / rate
    tone = 0.3 * np.sin(2 * np.pi * 440 * t)
    path = folder / f"{sid}.wav"
    sf.write(str(path), np.stack([tone] * channels, axis=1), rate)
    return path


def test_a_recording_overrides_its_snippet_converted_to_phone_format(tmp_path):
    run(tmp_path)
    recording = _record(tmp_path, "prompt.welcome", seconds=1.5)
    report = run(tmp_path)
    assert report.rendered == ["en/prompt.welcome"]
    assert (report.recorded, report.synthetic) == (1, 2)
    entry = report.entries["en", "prompt.welcome"]
    assert entry.source == "recorded"
    info = sf.info(str(tmp_path / "build" / entry.phone))
    assert (info.samplerate, info.channels, info.subtype) == (8000, 1, "ULAW")
    assert info.duration == pytest.approx(1.5, abs=0.01)
    # The build wrote down the words the recording says, so a later text change is noticed.
    assert recording.with_suffix(".txt").read_text().strip() == WORDS["welcome"]
    assert any("wrote the words" in n for n in report.notes)


def test_a_recording_whose_words_changed_warns_and_synthetic_speech_plays(tmp_path):
    _record(tmp_path, "prompt.welcome")
    run(tmp_path)
    report = run(tmp_path, {**WORDS, "welcome": "Welcome to the information line."})
    assert any("changed after it was recorded" in w and "prompt.welcome" in w for w in report.warnings)
    assert report.entries["en", "prompt.welcome"].source == "synthetic"
    assert report.rendered == ["en/prompt.welcome"]


def test_a_new_take_of_a_recording_gets_a_new_name(tmp_path):
    _record(tmp_path, "prompt.welcome", seconds=1.0)
    first = run(tmp_path).entries["en", "prompt.welcome"]
    _record(tmp_path, "prompt.welcome", seconds=2.0)
    second = run(tmp_path).entries["en", "prompt.welcome"]
    assert first.phone != second.phone and second.duration == pytest.approx(2.0, abs=0.01)


def test_a_recording_for_no_snippet_is_reported(tmp_path):
    _record(tmp_path, "prompt.welcom")
    report = run(tmp_path)
    assert any("prompt.welcom" in w and "no snippet" in w for w in report.warnings)


def test_an_unknown_voice_fails_that_snippet_with_a_clear_reason(tmp_path):
    library = tiny_library({"welcome": "Hello."}, tts_voice="xx/nothing")
    report = build(library, tmp_path / "build", Options(), recorded_dir=None, timeout=20)
    assert report.entries == {}
    assert len(report.failures) == 1 and "no voice 'xx/nothing'" in report.failures[0]


def test_tts_voices_override_the_content_voice(tmp_path):
    library = tiny_library({"welcome": "Hello."}, tts_voice="xx/nothing")
    report = build(library, tmp_path / "build", Options(voices={"en": "gmw/en-us"}), recorded_dir=None)
    assert report.failures == [] and report.rendered == ["en/prompt.welcome"]


def test_parse_voices():
    assert parse_voices(" en=gmw/en-us, es = roa/es-419 ") == {"en": "gmw/en-us", "es": "roa/es-419"}
    assert parse_voices("") == {}
    with pytest.raises(ValueError, match="en=gmw/en-us"):
        parse_voices("gmw/en-us")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three?", ["One.", "Two!", "Three?"]),
        ("Call 9 1 1. Then wait.", ["Call 9 1 1.", "Then wait."]),
        ("Use e.g. this one.", ["Use e.g. this one."]),
        ("¿Qué es? ¡Hola! Bien.", ["¿Qué es?", "¡Hola!", "Bien."]),
    ],
)
def test_sentences_get_their_own_pause(text, expected):
    assert sentences(text) == expected


# -- worker processes: a hung or crashing renderer cannot hang the build ---------------------------
def _job(tmp_path, name: str) -> workers.Job:
    return workers.Job(name=name, phone=str(tmp_path / f"{name}.wav"), web=str(tmp_path / f"{name}.mp3"))


def hangs_once(job: workers.Job) -> float:
    """Stands in for a renderer whose runAndWait() hangs, the first time only."""
    marker = Path(job.phone + ".tried")
    if job.name == "stuck" and not marker.exists():
        marker.touch()
        time.sleep(600)
    return 1.0


def always_fails(job: workers.Job) -> float:
    raise RuntimeError("no speech today")


def crashes_once(job: workers.Job) -> float:
    marker = Path(job.phone + ".tried")
    if not marker.exists():
        marker.touch()
        os._exit(3)
    return 2.0


def test_a_hung_renderer_is_killed_and_its_job_retried(tmp_path):
    jobs = [_job(tmp_path, n) for n in ("a", "stuck", "b", "c")]
    outcomes = workers.run(jobs, workers=2, timeout=1.5, batch_size=2, task=hangs_once)
    assert [o.error for o in outcomes] == ["", "", "", ""]
    assert [o.attempts for o in outcomes] == [1, 2, 1, 1]


def test_a_job_that_keeps_failing_is_reported_after_its_attempts(tmp_path):
    (outcome,) = workers.run([_job(tmp_path, "a")], task=always_fails, attempts=2)
    assert outcome.attempts == 2 and "no speech today" in outcome.error


def test_a_crashed_worker_is_replaced(tmp_path):
    outcomes = workers.run([_job(tmp_path, n) for n in ("a", "b")], workers=1, batch_size=2, task=crashes_once)
    assert [o.duration for o in outcomes] == [2.0, 2.0]
