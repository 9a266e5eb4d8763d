"""One settings table: the README documents every setting; production refuses unsafe starts."""

from __future__ import annotations

import re

import pytest

import settings
from tests.conftest import make_app


def test_readme_settings_table_lists_every_setting():
    readme = (settings.ROOT / "README.md").read_text()
    documented = set(re.findall(r"^\|\s*`([A-Z_]+)`\s*\|", readme, flags=re.M))
    assert documented == {s.name for s in settings.SETTINGS}


def test_production_refuses_to_start_without_a_token(tmp_path, monkeypatch):
    monkeypatch.delenv("TWILIO_AUTH_TOKEN", raising=False)
    with pytest.raises(SystemExit, match="TWILIO_AUTH_TOKEN"):
        make_app(tmp_path, APP_ENV="production", TWILIO_AUTH_TOKEN="")


def test_production_refuses_to_start_without_a_hash_secret(tmp_path):
    with pytest.raises(SystemExit, match="HASH_SECRET"):
        make_app(tmp_path, APP_ENV="production", HASH_SECRET="")


def test_development_makes_a_local_token_so_the_simulator_can_sign(tmp_path):
    app = make_app(tmp_path, TWILIO_AUTH_TOKEN="")
    assert len(app.config["TWILIO_AUTH_TOKEN"]) >= 32


def test_unknown_setting_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="NOT_A_SETTING"):
        make_app(tmp_path, NOT_A_SETTING="1")


def test_bad_choice_is_explained(tmp_path):
    with pytest.raises(SystemExit, match="VOICE_PROMPTS"):
        make_app(tmp_path, VOICE_PROMPTS="loud")


def test_environment_is_read(monkeypatch):
    config = settings.load(environ={"HELPLINE_NUMBER": "+18002272345", "APP_ENV": "development"})
    assert config["HELPLINE_NUMBER"] == "+18002272345"
    assert config["DEFAULT_LANGUAGE"] == "en"


PROD = {"APP_ENV": "production", "TWILIO_AUTH_TOKEN": "t" * 2 + "0123456789abcdef0123456789abcdef"}


@pytest.mark.parametrize(
    ("name", "value", "reason"),
    [
        ("HASH_SECRET", "0" * 32, "one character repeated"),
        ("HASH_SECRET", "changeme" * 4, "short pattern repeated"),
        ("HASH_SECRET", "PROD_TOKEN", "same as TWILIO_AUTH_TOKEN"),
        ("ADMIN_TOKEN", "a" * 16, "one character repeated"),
        ("HASH_SECRET", "abababababababababababababababcd", "different characters"),
    ],
)
def test_production_refuses_weak_or_reused_secrets_with_the_reason(name, value, reason):
    """Finding 8: production accepted HASH_SECRET of 32 zeros, equal to the Twilio token, or
    "changeme" repeated, and ADMIN_TOKEN of 16 identical letters."""
    environ = {**PROD, "HASH_SECRET": "9f2c4e1a7b3d5f60a8e2c4b6d1f3a5c7", "HELPLINE_NUMBER": "+18005550199"}
    environ[name] = PROD["TWILIO_AUTH_TOKEN"] if value == "PROD_TOKEN" else value
    with pytest.raises(SystemExit, match=reason):
        settings.load(environ=environ)


def test_production_needs_its_own_helpline_number_and_development_has_one():
    """Finding 8: HELPLINE_NUMBER silently defaulted to a real national line in production."""
    environ = {**PROD, "HASH_SECRET": "9f2c4e1a7b3d5f60a8e2c4b6d1f3a5c7"}
    with pytest.raises(SystemExit, match="HELPLINE_NUMBER is not set"):
        settings.load(environ=environ)
    assert settings.load(environ={**environ, "HELPLINE_NUMBER": "+18005550199"})["HELPLINE_NUMBER"] == "+18005550199"
    assert settings.load(environ={"APP_ENV": "development"})["HELPLINE_NUMBER"] == "+18004226237"


def test_readme_settings_table_shows_each_default_and_kind():
    readme = (settings.ROOT / "README.md").read_text()
    rows = {m[0]: (m[1], m[2]) for m in re.findall(r"^\|\s*`([A-Z_]+)`\s*\|\s*(.*?)\s*\|\s*(.*?)\s*\|", readme, re.M)}
    for s in settings.SETTINGS:
        assert rows[s.name] == (f"`{s.default}`" if s.default else "(empty)", s.kind_text), s.name


def test_load_returns_typed_values():
    config = settings.load(
        environ={
            "APP_ENV": "development",
            "TTS_RATE": " 150 ",
            "TWILIO_TIMEOUT_S": "2.5",
            "SMS_STATE_TTL_HOURS": "",  # empty: the default
        }
    )
    assert config["TTS_RATE"] == 150 and isinstance(config["TTS_RATE"], int)
    assert config["TTS_PAUSE_MS"] == 700 and isinstance(config["TTS_PAUSE_MS"], int)
    assert config["TWILIO_TIMEOUT_S"] == 2.5
    assert config["SMS_STATE_TTL_HOURS"] == 72.0 and isinstance(config["SMS_STATE_TTL_HOURS"], float)
    assert config["USAGE_RETENTION_DAYS"] == 90 and config["KEEP_UNMATCHED_DAYS"] == 0
    assert config["VOICE_PROMPTS"] == "audio" and config["LOG_LEVEL"] == "INFO"


def test_each_default_is_written_once_and_typed():
    """The speech rate, pause and memory defaults elsewhere come from the table (settings.default)."""
    from audio.options import Options
    from audio.workers import Job
    from content.lint import DEFAULT_WPM
    from flows.line import Line

    assert settings.default("TTS_RATE") == 135 == Options().rate == Job("n", "p", "").rate == DEFAULT_WPM
    assert settings.default("TTS_PAUSE_MS") == 700 == Options().pause_ms == Job("n", "p", "").pause_ms
    assert Line.memory.total_seconds() == settings.default("SMS_STATE_TTL_HOURS") * 3600


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("APP_ENV", "prod", "APP_ENV must be 'development' or 'production', not 'prod'."),
        ("TTS_RATE", "fast", "TTS_RATE must be a whole number, not 'fast'."),
        ("TTS_RATE", "1.5", "TTS_RATE must be a whole number, not '1.5'."),
        ("TTS_RATE", "0", "TTS_RATE must be at least 80, not '0'."),
        ("TTS_PAUSE_MS", "-5", "TTS_PAUSE_MS must be at least 0, not '-5'."),
        ("TWILIO_TIMEOUT_S", "0", "TWILIO_TIMEOUT_S must be above 0, not '0'."),
        ("TWILIO_TIMEOUT_S", "ten", "TWILIO_TIMEOUT_S must be a number, not 'ten'."),
        ("TWILIO_TIMEOUT_S", "nan", "TWILIO_TIMEOUT_S must be a number, not 'nan'."),
        ("SMS_STATE_TTL_HOURS", "3 days", "SMS_STATE_TTL_HOURS must be a number, not '3 days'."),
        ("USAGE_RETENTION_DAYS", "1", "USAGE_RETENTION_DAYS must be at least 2, not '1'."),
        ("SMS_ACCENTS", "none", "SMS_ACCENTS must be 'plain' or 'keep', not 'none'."),
        ("LOG_LEVEL", "loud", "LOG_LEVEL must be one of 'DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL', not 'loud'."),
    ],
)
def test_load_refuses_a_bad_value_with_one_clear_message(name, value, message):
    with pytest.raises(SystemExit) as stopped:
        settings.load(environ={"APP_ENV": "development", name: value})
    assert str(stopped.value) == message


def test_yes_no_kind():
    flag = settings.Setting("SOME_FLAG", "no", "A switch.", settings.YES_NO)
    assert flag.value is False
    assert [flag.parse(v) for v in ("1", "Yes", "TRUE", "on", "0", "no", "False", "off", "")] == [
        True,
        True,
        True,
        True,
        False,
        False,
        False,
        False,
        False,
    ]
    with pytest.raises(SystemExit, match="SOME_FLAG must be yes or no"):
        flag.parse("maybe")
    assert flag.kind_text == "yes/no"


def test_a_choice_setting_needs_its_choices():
    with pytest.raises(ValueError, match="SOME_CHOICE"):
        settings.Setting("SOME_CHOICE", "a", "A choice without choices.", settings.CHOICE)
