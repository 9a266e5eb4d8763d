"""Fixtures: an app on a throwaway database, and a phone and a texter that sign like Twilio."""

from __future__ import annotations

import pytest

from app import create_app
from simulator.phone import Endpoint, FlaskTransport, Phone, Texter

TOKEN = "test-auth-token-0123456789abcdef"
CALLER = "+15017122661"  # the number the privacy test hunts for in logs and the database


def make_app(tmp_path, **overrides):
    config = {
        "TESTING": True,
        "APP_ENV": "development",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'line.db'}",
        "TWILIO_AUTH_TOKEN": TOKEN,
        "TWILIO_ACCOUNT_SID": "",
        "HASH_SECRET": "test-hash-secret",
        "PUBLIC_BASE_URL": "",
        "VOICE_PROMPTS": "say",
        "AUDIO_DIR": str(tmp_path / "audio"),  # never the developer's audio/build (make run fills it)
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture
def app(tmp_path):
    return make_app(tmp_path)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def endpoint(client):
    return Endpoint(FlaskTransport(client), TOKEN, "http://localhost")


@pytest.fixture
def phone(endpoint):
    return Phone(endpoint, caller=CALLER)


@pytest.fixture
def texter(endpoint):
    return Texter(endpoint, sender=CALLER)


@pytest.fixture
def line(app):
    return app.extensions["line"]


@pytest.fixture
def english(line):
    return line.library.get("en")
