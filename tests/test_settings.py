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
