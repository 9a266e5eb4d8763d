"""The production settings the bench's gunicorn servers run with (bench/load.py,
bench/pg_outage.py): APP_ENV=production as the guide deploys it, with secrets made fresh for each
run, which the bench signs its requests with."""

from __future__ import annotations

import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOKEN = secrets.token_hex(20)  # production refuses guessable secrets
HASH_SECRET = secrets.token_hex(32)


def production_env(folder: Path, database_url: str | None = None) -> dict[str, str]:
    """Settings for `flask db upgrade` and gunicorn; the audio folder is made under `folder`."""
    env = {
        "APP_ENV": "production",
        "TWILIO_AUTH_TOKEN": TOKEN,
        "HASH_SECRET": HASH_SECRET,
        "HELPLINE_NUMBER": "+18004226237",
        "VOICE_PROMPTS": "say",
        "AUDIO_DIR": str(folder / "audio"),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),  # so gunicorn finds bench.bare as well as the app
    }
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    return env
