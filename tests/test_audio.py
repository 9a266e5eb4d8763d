"""Every voice snippet has telephone audio, and a call hears it: <Play> URLs Twilio can fetch and cache.

The whole content is rendered once per test session into a temporary folder (AUDIO_DIR).
"""

from __future__ import annotations

import io
import shutil
from dataclasses import replace

import numpy as np
import pytest
import soundfile as sf

from audio import manifest
from audio.build import build
from audio.catalog import Catalog
from audio.options import PACES, Options
from audio.render import LEAD_S, sentences
from content.model import ROOT_ID, Snippet
from simulator.phone import Endpoint, FlaskTransport, Phone
from tests.conftest import CALLER, TOKEN, make_app
from tests.walk import keypad_to, start_call


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """(build folder, report) for the real content in every language, built once."""
    root = tmp_path_factory.mktemp("audio")
    app = make_app(root, AUDIO_DIR=str(root / "build"))
    report = build(app.extensions["line"].library, root / "build", Options.from_config(app.config), recorded_dir=None)
    assert report.failures == []
    return root / "build", report


@pytest.fixture
def audio_app(tmp_path, built):
    return make_app(tmp_path, VOICE_PROMPTS="audio", AUDIO_DIR=str(built[0]))


@pytest.fixture
def audio_client(audio_app):
    return audio_app.test_client()


def captioned_phone(client, app, caller: str = CALLER) -> Phone:
    """A phone that knows which words each played file says (captions)."""
    endpoint = Endpoint(FlaskTransport(client), TOKEN, "http://localhost")
    return Phone(endpoint, caller=caller, caption_for=app.extensions["audio"].caption_for)


@pytest.fixture
def listener(audio_client, audio_app):
    return captioned_phone(audio_client, audio_app)


def voice_snippets(app):
    return [s for lang in app.extensions["line"].library.languages.values() for s in lang.snippets()]


# -- the files --------------------------------------------------------------------------------------
def test_every_voice_snippet_in_every_language_has_current_audio(audio_app, built):
    catalog = audio_app.extensions["audio"]
    missing = [f"{s.lang}/{s.id}" for s in voice_snippets(audio_app) if catalog.entry(s) is None]
    assert missing == []
    assert {lang for lang, _ in built[1].entries} == set(audio_app.extensions["line"].library.languages)


def test_every_voice_snippet_has_a_slow_pace_file_with_the_same_words_said_slower(audio_app, built):
    catalog = audio_app.extensions["audio"]
    for snippet in voice_snippets(audio_app):
        normal, slow = catalog.entry(snippet), catalog.entry(snippet, "slow")
        assert slow.pace == "slow" and slow.phone != normal.phone and slow.text == normal.text, snippet.id
        # 0.8x the words per minute and longer pauses: a slow file is longer, never the same.
        assert slow.duration > 1.1 * normal.duration, (snippet.id, normal.duration, slow.duration)


def test_phone_files_are_8khz_mono_mulaw_and_fit_the_length_of_their_words(audio_app, built):
    folder, report = built
    options = Options.from_config(audio_app.config)
    for entry in report.paced.values():
        info = sf.info(str(folder / entry.phone))
        assert (info.samplerate, info.channels, info.format, info.subtype) == (8000, 1, "WAV", "ULAW"), entry.id
        rate = options.rate * PACES[entry.pace][0]
        pause_s = options.pause_ms * PACES[entry.pace][1] / 1000
        speech = len(entry.text.split()) / rate * 60
        silence = LEAD_S + pause_s  # before the first word, after the last
        assert 0.5 * speech <= info.duration <= 2 * speech + silence, (entry.id, info.duration, speech)
        assert info.duration == pytest.approx(entry.duration, abs=0.01)


def _quiet(samples: np.ndarray, rate: int, start_s: float, seconds: float) -> bool:
    """No speech between start_s and start_s + seconds."""
    piece = samples[int(start_s * rate) : int((start_s + seconds) * rate)]
    return piece.size > 0 and float(np.sqrt(np.mean(piece**2))) < 0.01


def test_every_sentence_is_heard_with_a_calm_pause_between_sentences(audio_app, built):
    """Prose sentences get TTS_PAUSE_MS after them; the short sentences of a menu a briefer gap.
    The build records where each sentence's words end; the file is silent for the pause after."""
    folder, report = built
    options = Options.from_config(audio_app.config)
    wrong = {}
    for entry in report.paced.values():
        pause_s = options.pacing(entry.id, entry.pace)[1] / 1000
        samples, rate = sf.read(str(folder / entry.phone))
        ends = entry.ends
        if len(ends) != len(sentences(entry.text)):
            wrong[entry.name] = ("sentences", len(sentences(entry.text)), len(ends))
            continue
        # The opening's last line has no pause rendered after it: Twilio's 1 s timeout is it.
        gaps = ends if pause_s else ends[:-1]
        loud_gaps = [end for end in gaps if not _quiet(samples, rate, end + 0.02, 0.9 * pause_s - 0.04)]
        if loud_gaps:
            wrong[entry.name] = ("no pause after", loud_gaps)
    assert wrong == {}
    root_menu = report.entries["en", "menu.root"]
    assert options.pacing(root_menu.id)[1] < audio_app.config["TTS_PAUSE_MS"]  # menus are brisker
    # The welcome is said at the menu's words per minute, with a full pause before the menu.
    welcome = report.entries["en", "prompt.welcome"]
    assert options.pacing(welcome.id) == (options.pacing(root_menu.id)[0], audio_app.config["TTS_PAUSE_MS"])


def test_two_prompts_in_a_row_are_as_far_apart_as_two_sentences(audio_app, built):
    """A file ends with its pause less the next file's lead: the gap between two <Play>s (the
    emergency line, then "For English, press 1.") is the pause between two sentences, and the
    one-option prompts are read at the menu's pace."""
    report = built[1]
    options = Options.from_config(audio_app.config)
    wrong = {}
    for entry in report.paced.values():
        pause_s = options.pacing(entry.id, entry.pace)[1] / 1000
        tail = entry.duration - entry.ends[-1]
        if abs(tail - max(0.0, pause_s - LEAD_S)) > 0.02:
            wrong[entry.name] = round(tail + LEAD_S, 3)
    assert wrong == {}
    # Said last before the shared opening's 1 s timeout, the emergency line ends with its words:
    # the caller hears a 1 s gap before the welcome, not 1 s plus a sentence pause.
    for code in ("en", "es"):
        last, said = report.entries[code, "opening.emergency"], report.entries[code, "prompt.emergency"]
        assert last.text == said.text
        assert last.duration - last.ends[-1] < 0.01
        assert options.pacing(last.id)[0] == options.pacing(said.id)[0]  # as calm as elsewhere
    # "To go on with Symptoms, press 1." is one option, read as a menu's are.
    resume = next(e for (code, sid), e in report.entries.items() if code == "en" and sid.startswith("resume."))
    assert options.pacing(resume.id) == options.pacing("menu.root")
    offer, emergency = report.entries["es", "prompt.language_offer"], report.entries["es", "prompt.emergency"]
    assert options.pacing(offer.id) == options.pacing(report.entries["es", "menu.root"].id)
    assert options.pacing(offer.id)[0] > options.pacing(emergency.id)[0]  # the emergency line stays calm


def test_a_rebuild_with_no_change_renders_nothing(audio_app, built, tmp_path):
    runner = audio_app.test_cli_runner()
    result = runner.invoke(args=["audio", "build", "--recorded", str(tmp_path / "none")])
    assert result.exit_code == 0, result.output
    assert f"0 rendered, {len(built[1].paced)} reused" in result.output
    assert "0 stale files removed" in result.output


def test_recordings_in_the_repository_name_real_snippets(audio_app):
    from audio.build import RECORDED_DIR, RECORDING_SUFFIXES

    known = {(s.lang, s.id) for s in voice_snippets(audio_app)}
    for path in sorted(RECORDED_DIR.glob("*/*")):
        if path.suffix in RECORDING_SUFFIXES:
            assert (path.parent.name, path.stem) in known, f"{path}: no such snippet"
            assert sf.info(str(path)).duration > 0
            assert path.with_suffix(".txt").is_file(), f"{path}: commit the words recorded beside it"


# -- a call hears the files ---------------------------------------------------------------------
def test_a_call_plays_files_and_the_caption_gives_their_words(listener, audio_app):
    english = audio_app.extensions["line"].library.get("en")
    call = start_call(listener, "en")
    assert call.heard[1].kind == "play"  # after "Para español, oprima 2."
    assert call.heard[1].text == english.prompt("emergency").voice
    assert all(h.kind == "play" for h in call.last_heard), [h for h in call.last_heard if h.kind != "play"]
    assert "Symptoms, press 3." in call.last_text
    keypad_to(call, english, english.node("symptoms.bone"))
    assert english.node("symptoms.bone").parts[0].voice in call.last_text


def test_every_topic_and_part_in_every_language_is_played_not_said(audio_client, audio_app):
    library = audio_app.extensions["line"].library
    for n, (code, language) in enumerate(library.languages.items()):
        # The line remembers a caller's language: one caller per language.
        phone = captioned_phone(audio_client, audio_app, caller=f"+1501712{n:04d}")
        for node in language.nodes.values():
            if node.id != ROOT_ID and node.parts:
                _walk_topic(phone, code, language, node)


def _walk_topic(listener, code, language, node):
    """Call, reach the topic by keypad, hear every part: all of it from files, all captioned."""
    call = start_call(listener, code)
    keypad_to(call, language, node)
    for _ in node.parts[1:]:
        call.press("1")
    said = [h.text for h in call.heard if h.kind == "say"]
    assert said == [], (code, node.id, said)
    assert all(h.text for h in call.heard if h.kind == "play"), (code, node.id)
    assert node.parts[-1].voice in call.last_text
    call.hang_up()


def test_played_urls_answer_200_with_audio_type_etag_and_a_long_max_age(listener, audio_client):
    call = start_call(listener, "en").press("3")
    urls = {h.url for h in call.heard if h.kind == "play"}
    assert urls
    for url in urls:
        assert url.startswith("http://localhost/audio/")
        resp = audio_client.get(url)
        assert resp.status_code == 200
        assert resp.mimetype == "audio/wav"
        assert resp.headers["ETag"]
        assert resp.cache_control.max_age == 31536000
        assert resp.cache_control.public and "immutable" in resp.headers["Cache-Control"]
        assert sf.info(io.BytesIO(resp.data)).subtype == "ULAW"


def test_conditional_get_range_and_head(listener, audio_client):
    url = start_call(listener, "en").heard[0].url
    first = audio_client.get(url)
    again = audio_client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    part = audio_client.get(url, headers={"Range": "bytes=0-43"})
    assert part.status_code == 206 and part.data == first.data[:44]
    assert part.headers["Content-Range"] == f"bytes 0-43/{len(first.data)}"
    head = audio_client.head(url)
    assert head.status_code == 200 and head.data == b"" and head.content_length == len(first.data)


def test_web_files_are_served_as_mpeg_once_built(tmp_path, audio_app):
    english = audio_app.extensions["line"].library.get("en")
    with audio_app.test_request_context():
        assert audio_app.extensions["line"].audio_url(english.prompt("welcome"), "web") is None  # not asked for
    welcome = english.prompt("welcome")
    only_welcome = replace(english, prompts={"welcome": welcome}, root=replace(english.root, children=()), nodes={})
    library = replace(audio_app.extensions["line"].library, languages={"en": only_welcome})
    build(library, tmp_path / "web", Options(web=True), recorded_dir=None)
    app = make_app(tmp_path, VOICE_PROMPTS="audio", AUDIO_DIR=str(tmp_path / "web"))
    with app.test_request_context():
        url = app.extensions["line"].audio_url(welcome, "web")
    resp = app.test_client().get(url)
    assert resp.status_code == 200 and resp.mimetype == "audio/mpeg"


@pytest.mark.parametrize(
    "path",
    [
        "/audio/en/nothing-0000.wav",
        "/audio/en/x.txt",
        "/audio/en/..%2fmanifest.json",
        "/audio/../manifest.json",
        "/audio/..%2f..%2fsettings.wav",
        "/audio/..%2F..%2F..%2Fetc/passwd.wav",
        "/audio/en/%2e%2e/%2e%2e/app.py",
    ],
)
def test_missing_or_outside_files_are_404(audio_client, path):
    assert audio_client.get(path).status_code == 404


# -- never stale, and a new manifest is seen without a restart ----------------------------------
def test_a_snippet_whose_words_changed_is_said_not_played(tmp_path, built):
    entries = dict(built[1].entries)
    # The shared number's opening says 911 last, from its own file (no pause after it).
    old = entries["en", "opening.emergency"]
    entries["en", "opening.emergency"] = replace(old, text="Old words.", text_hash=manifest.text_hash("Old words."))
    shutil.copytree(built[0], tmp_path / "stale")
    manifest.save(tmp_path / "stale", entries, {})
    app = make_app(tmp_path, VOICE_PROMPTS="audio", AUDIO_DIR=str(tmp_path / "stale"))
    phone = Phone(Endpoint(FlaskTransport(app.test_client()), TOKEN, "http://localhost"), caller=CALLER)
    offer, emergency = phone.call().heard[:2]  # "Para español, oprima 2.", then 911
    assert emergency.kind == "say" and "emergency" in emergency.text
    assert offer.kind == "play"


def test_the_catalog_reads_a_new_manifest_without_a_restart(tmp_path, built):
    catalog = Catalog(tmp_path, public_base_url="https://line.example.org")
    entry = next(iter(built[1].entries.values()))
    snippet = Snippet(entry.id, entry.text, entry.text, entry.lang)
    assert catalog.url(snippet) is None
    for rel in entry.files():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(built[0] / rel, tmp_path / rel)
    manifest.save(tmp_path, {(entry.lang, entry.id): entry}, {})
    assert catalog.url(snippet) == f"https://line.example.org/audio/{entry.phone}"
    changed = Snippet(entry.id, entry.text + " More.", entry.text, entry.lang)
    assert catalog.url(changed) is None
    manifest.save(tmp_path, {}, {})
    assert catalog.url(snippet) is None


def test_the_catalog_gives_each_pace_its_own_file_and_falls_back_to_the_normal_pace(tmp_path, built):
    catalog = Catalog(built[0], public_base_url="https://line.example.org")
    normal = built[1].entries["en", "prompt.welcome"]
    slow = built[1].paced["en", "prompt.welcome", "slow"]
    snippet = Snippet(normal.id, normal.text, normal.text, normal.lang)
    assert catalog.url(snippet) == catalog.url(snippet, "phone", "normal") == catalog.audio_url(snippet)
    assert catalog.url(snippet, "phone", "slow") == f"https://line.example.org/audio/{slow.phone}"
    assert catalog.caption_for(catalog.url(snippet, pace="slow")) == normal.text
    with pytest.raises(ValueError, match="pace"):
        catalog.url(snippet, "phone", "very slow")
    # A build from before paces (or a recording, made once) has no slow file: the normal one plays.
    shutil.copytree(built[0], tmp_path / "old")
    manifest.save(tmp_path / "old", {(normal.lang, normal.id): normal}, {})
    old = Catalog(tmp_path / "old", public_base_url="https://line.example.org")
    assert old.url(snippet, "phone", "slow") == f"https://line.example.org/audio/{normal.phone}"


def test_audio_base_url_points_play_at_a_cdn_and_captions_still_work(tmp_path, built):
    app = make_app(
        tmp_path, VOICE_PROMPTS="audio", AUDIO_DIR=str(built[0]), AUDIO_BASE_URL="https://cdn.example.org/a/"
    )
    english = app.extensions["line"].library.get("en")
    url = app.extensions["line"].audio_url(english.prompt("welcome"))
    assert url.startswith("https://cdn.example.org/a/en/prompt.welcome-") and url.endswith(".wav")
    assert app.extensions["audio"].caption_for(url) == english.prompt("welcome").voice
    assert app.extensions["audio"].caption_for("https://elsewhere.example/x.wav") is None


def test_without_a_request_or_base_url_there_is_no_url(audio_app):
    english = audio_app.extensions["line"].library.get("en")
    assert audio_app.extensions["line"].audio_url(english.prompt("welcome")) is None


def test_a_deleted_file_is_said_not_played_and_logged_once(tmp_path, built, caplog):
    shutil.copytree(built[0], tmp_path / "build")
    app = make_app(tmp_path, VOICE_PROMPTS="audio", AUDIO_DIR=str(tmp_path / "build"))
    english = app.extensions["line"].library.get("en")
    entry = app.extensions["audio"].entry(english.opening_emergency)  # 911, last in the shared opening
    (tmp_path / "build" / entry.phone).unlink()
    for _ in range(3):
        phone = Phone(Endpoint(FlaskTransport(app.test_client()), TOKEN, "http://localhost"), caller=CALLER)
        offer, emergency = phone.call().heard[:2]  # "Para español, oprima 2.", then 911
        assert emergency.kind == "say" and emergency.text == english.prompt("emergency").voice
        assert offer.kind == "play"  # the other files still play
    missing = [r for r in caplog.records if "not on disk" in r.getMessage()]
    assert len(missing) == 1 and entry.phone in missing[0].getMessage()


def test_readyz_reports_an_audio_manifest_that_does_not_match_its_files(tmp_path, built):
    shutil.copytree(built[0], tmp_path / "build")
    app = make_app(tmp_path, VOICE_PROMPTS="audio", AUDIO_DIR=str(tmp_path / "build"))
    client = app.test_client()
    ready = client.get("/readyz").get_json()
    assert ready["checks"]["audio"]["ok"] and ready["checks"]["audio"]["files"] > 100
    english = app.extensions["line"].library.get("en")
    (tmp_path / "build" / app.extensions["audio"].entry(english.prompt("welcome")).phone).unlink()
    app.extensions.pop("health_audio")  # the probe's 30 s cache
    resp = client.get("/readyz")  # named for alerting; no reason to take the server out (finding 5)
    assert resp.status_code == 200 and resp.get_json()["checks"]["audio"]["missing"] == 1
    assert resp.get_json()["degraded"] == ["audio"]
