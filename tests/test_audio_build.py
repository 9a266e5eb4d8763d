"""The audio build on a tiny library: incremental, recordings win, stale files go, nothing hangs."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from audio import manifest, render, voices, workers
from audio.build import build
from audio.options import Options, parse_voices
from audio.render import SOURCE_RATE, check_sentence, sentences
from content.model import Language, Library, Node, Snippet, VoiceSettings

WORDS = {
    "welcome": "Welcome to the line.",
    "menu": "Symptoms, press 3. For help, press 0.",
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


def both_paces(*names: str) -> list[str]:
    return [n for name in names for n in (name, f"{name} (slow)")]


def test_first_build_renders_every_snippet_to_a_phone_file_at_each_pace(tmp_path):
    report = run(tmp_path)
    assert sorted(report.rendered) == both_paces("en/prompt.goodbye", "en/prompt.menu", "en/prompt.welcome")
    assert (report.synthetic, report.recorded, report.failures) == (3, 0, [])
    assert sorted(manifest.load_all(tmp_path / "build")) == sorted(
        ("en", f"prompt.{key}", pace) for key in WORDS for pace in ("normal", "slow")
    )
    for entry in manifest.load_all(tmp_path / "build").values():
        phone = sf.info(str(tmp_path / "build" / entry.phone))
        assert (phone.samplerate, phone.channels, phone.subtype, phone.format) == (8000, 1, "ULAW", "WAV")
        assert entry.key in entry.phone and entry.source == "synthetic"
        assert entry.web == ""  # browser files only when asked
    assert list((tmp_path / "build").rglob("*.mp3")) == []


def test_web_files_are_mp3_of_the_same_speech_when_asked(tmp_path):
    report = build(tiny_library(), tmp_path / "build", Options(web=True), recorded_dir=None)
    for entry in report.entries.values():
        web = sf.info(str(tmp_path / "build" / entry.web))
        assert (web.format, web.channels) == ("MP3", 1)
        assert web.duration == pytest.approx(entry.duration, abs=0.2), entry.id


def test_a_build_without_web_keeps_earlier_web_files_while_their_words_stay(tmp_path):
    with_web = build(tiny_library(), tmp_path / "build", Options(web=True), recorded_dir=None).entries
    report = run(tmp_path, {**WORDS, "goodbye": "Take care. Goodbye."})
    assert report.rendered == both_paces("en/prompt.goodbye")
    assert report.entries["en", "prompt.welcome"].web == with_web["en", "prompt.welcome"].web
    assert (tmp_path / "build" / with_web["en", "prompt.welcome"].web).is_file()
    assert report.entries["en", "prompt.goodbye"].web == ""
    assert not (tmp_path / "build" / with_web["en", "prompt.goodbye"].web).exists()
    # Asking for web files again renders only what lacks one.
    again = build(tiny_library({**WORDS, "goodbye": "Take care. Goodbye."}), tmp_path / "build", Options(web=True))
    assert again.rendered == both_paces("en/prompt.goodbye") and again.entries["en", "prompt.goodbye"].web


def test_a_rebuild_with_no_change_renders_nothing(tmp_path):
    run(tmp_path)
    before = {p: p.stat().st_mtime_ns for p in (tmp_path / "build").rglob("*.wav")}
    report = run(tmp_path)
    assert report.rendered == [] and report.reused == 6 and report.removed == 0
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "build").rglob("*.wav")} == before


def test_changing_one_snippet_renders_exactly_that_one_and_removes_its_old_files(tmp_path):
    first = run(tmp_path).entries
    report = run(tmp_path, {**WORDS, "goodbye": "Take care. Goodbye."})
    assert report.rendered == both_paces("en/prompt.goodbye")
    assert report.reused == 4 and report.removed == 2  # the old phone files, one per pace
    new = report.entries["en", "prompt.goodbye"]
    old = first["en", "prompt.goodbye"]
    assert new.phone != old.phone  # a new URL: no cache can serve the old words
    assert not (tmp_path / "build" / old.phone).exists()
    assert new.text == "Take care. Goodbye."


def test_the_same_words_always_come_out_the_same_length(tmp_path):
    # pyttsx3's runAndWait() returns before eSpeak finishes, and its driver writes the file
    # before the last samples: races here once gave renders up to 1.4 s short. eSpeak's noise
    # source still varies a few samples.
    first = run(tmp_path).entries
    for _ in range(2):
        again = run(tmp_path, force=True).entries
        for key, entry in first.items():
            assert again[key].duration == pytest.approx(entry.duration, abs=0.05), key


# -- every render is checked before it is kept -----------------------------------------------------
def _speech(seconds: float, tail: float = 0.45, gap_at: float | None = None, gap: float = 0.0, peak: float = 0.5):
    """Stand-in for one sentence from eSpeak: a tone of `seconds`, then `tail` of silence."""
    t = np.arange(int(seconds * SOURCE_RATE)) / SOURCE_RATE
    voiced = (peak * np.sin(2 * np.pi * 180 * t)).astype(np.float32)
    voiced[np.abs(voiced) < 2e-3] = 2e-3  # a tone crosses zero; speech-like sound never goes quiet
    if gap_at is not None:
        cut = int(gap_at * SOURCE_RATE)
        voiced = np.concatenate([voiced[:cut], np.zeros(int(gap * SOURCE_RATE), np.float32), voiced[cut:]])
    return np.concatenate([voiced, np.zeros(int(tail * SOURCE_RATE), np.float32)])


def test_a_complete_sentence_passes_the_checks():
    assert check_sentence(_speech(2.0), "For symptoms, press 3 now please.", 135) is None


@pytest.mark.parametrize(
    ("samples", "problem"),
    [
        (_speech(2.0, tail=0.01), "cut short"),
        (_speech(0.6), "0.60 s of speech for 6 words"),
        (_speech(9.0), "9.00 s of speech for 6 words"),
        (_speech(2.0, gap_at=1.0, gap=1.5), "1.50 s of silence inside"),
        (_speech(2.0, peak=0.01), "too quiet"),
        (np.zeros(SOURCE_RATE, np.float32), "no sound"),
    ],
)
def test_an_odd_render_is_named_for_what_is_wrong(samples, problem):
    assert problem in check_sentence(samples, "For symptoms, press 3 now please.", 135)


def truncated_once(job: workers.Job) -> float:
    """The real renderer, but the first sentence it makes comes back cut in half."""
    real, cuts = render._synthesize, []

    def cut_first(eng, sentence, path):
        samples = real(eng, sentence, path)
        cuts.append(sentence)
        return samples[: samples.size // 2] if len(cuts) == 1 else samples

    render._synthesize = cut_first
    try:
        return workers.produce(job)
    finally:
        render._synthesize = real


def always_truncated(job: workers.Job) -> float:
    real = render._synthesize

    def cut(eng, sentence, path):
        samples = real(eng, sentence, path)
        return samples[: samples.size * 6 // 10]

    render._synthesize = cut
    try:
        return workers.produce(job)
    finally:
        render._synthesize = real


def _speech_job(tmp_path, name: str) -> workers.Job:
    return workers.Job(name=name, phone=str(tmp_path / f"{name}.wav"), web="", text=WORDS["goodbye"], voice="gmw/en-us")


def test_a_truncated_render_is_rendered_again_and_comes_out_whole(tmp_path):
    (whole,) = workers.run([_speech_job(tmp_path, "whole")])
    (mended,) = workers.run([_speech_job(tmp_path, "mended")], task=truncated_once)
    assert whole.error == mended.error == "" and mended.attempts == 1  # mended inside the worker
    assert mended.duration == pytest.approx(whole.duration, abs=0.05)


def test_a_render_that_stays_truncated_fails_loudly_with_its_snippet(tmp_path):
    (outcome,) = workers.run([_speech_job(tmp_path, "en/prompt.goodbye")], task=always_truncated, attempts=2)
    assert outcome.attempts == 2 and "cut short" in outcome.error and "Thank you for calling" in outcome.error
    assert not (tmp_path / "en/prompt.goodbye.wav").exists()


def test_a_removed_snippet_loses_its_files(tmp_path):
    run(tmp_path)
    report = run(tmp_path, {k: v for k, v in WORDS.items() if k != "menu"})
    assert ("en", "prompt.menu") not in manifest.load(tmp_path / "build")
    assert report.removed == 2 and report.rendered == []


def test_a_new_rate_renders_everything_again(tmp_path):
    run(tmp_path)
    report = build(tiny_library(), tmp_path / "build", Options(rate=120), recorded_dir=None)
    assert len(report.rendered) == 6 and report.removed == 6


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
    assert report.rendered == both_paces("en/prompt.welcome")


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
    options = Options(voices={"en": "xx/nothing"}, paces=("normal",))
    report = build(library, tmp_path / "build", options, recorded_dir=None, timeout=20)
    assert report.entries == {}
    assert len(report.failures) == 1 and "no voice 'xx/nothing'" in report.failures[0]


def test_tts_voices_override_the_content_voice(tmp_path):
    library = tiny_library({"welcome": "Hello."}, tts_voice="xx/nothing")
    report = build(library, tmp_path / "build", Options(voices={"en": "gmw/en-us"}), recorded_dir=None)
    assert report.failures == [] and report.rendered == both_paces("en/prompt.welcome")
    assert report.voices == {"en": "gmw/en-us (set by TTS_VOICES)"}


def test_without_the_mbrola_packages_english_falls_back_to_the_bundled_voice_and_says_why(tmp_path, monkeypatch):
    monkeypatch.setattr(voices, "MBROLA_DIR", tmp_path / "no-mbrola")  # as on a machine without mbrola-us2
    library = tiny_library({"welcome": "Hello there."})
    report = build(library, tmp_path / "build", Options(paces=("normal",)), recorded_dir=None)
    assert report.failures == [] and report.rendered == ["en/prompt.welcome"]
    assert report.voices["en"].startswith("gmw/en-us (mb/mb-us2 is not installed")
    assert "apt-get install mbrola mbrola-us2" in report.voices["en"]
    assert any(note.startswith("English: voice gmw/en-us") for note in report.notes)


@pytest.mark.skipif(
    bool(voices.missing("mb/mb-us2")) and not os.environ.get("CI"),
    reason=f"MBROLA us2 is not installed here ({voices.missing('mb/mb-us2')}); .ci/run installs it",
)
def test_with_the_mbrola_packages_english_speaks_with_mbrola_us2_at_the_same_pace(tmp_path):
    library = tiny_library({"welcome": "People can live for years with stage 4 cancer."})
    mbrola = build(library, tmp_path / "mbrola", Options(), recorded_dir=None)
    assert mbrola.failures == [] and mbrola.voices["en"].startswith("mb/mb-us2 (the clearest voice")
    bundled = build(library, tmp_path / "bundled", Options(preferred={}), recorded_dir=None)
    assert bundled.voices["en"].startswith("gmw/en-us")
    for pace in ("normal", "slow"):
        ours, theirs = mbrola.paced["en", "prompt.welcome", pace], bundled.paced["en", "prompt.welcome", pace]
        assert ours.phone != theirs.phone  # another voice, another file name
        # MBROLA's rate is scaled so a caller hears the same pace whichever voice speaks
        assert ours.duration == pytest.approx(theirs.duration, rel=0.2), pace


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
    return workers.Job(name=name, phone=str(tmp_path / f"{name}.wav"), web="")


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
