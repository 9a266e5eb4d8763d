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
