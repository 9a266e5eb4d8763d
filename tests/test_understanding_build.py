"""The topic and language models are fitted ahead of time: the web process reads their files with
numpy alone, development fits a missing one in a subprocess, production stops with the command to run."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import make_app
from understanding import intents, language

ROOT = intents.HERE.parent


def web_process_modules(tmp_path, *roots: str) -> list[str]:
    """The modules under these top-level names a fresh interpreter holds after building the app and
    reading a message, as a gunicorn worker would."""
    code = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from tests.conftest import make_app
from pathlib import Path
app = make_app(Path({str(tmp_path)!r}))
line = app.extensions["line"]
from understanding import Context
assert line.navigator.understanding.read("my mom has cancer in her liver, what does that mean?", Context()).topic
assert line.navigator.understanding.read("el cáncer de mi mamá", Context("text")).language == "es"
import json
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in {roots!r})))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_web_process_imports_neither_scikit_learn_nor_scipy(tmp_path):
    assert web_process_modules(tmp_path, "sklearn", "scipy") == []


def test_the_web_process_does_not_import_lingua(tmp_path):
    # Languages are read with the content's own fitted model (understanding/language.py): no
    # detector library and its ~115 MiB of models in every worker.
    assert web_process_modules(tmp_path, "lingua") == []


def test_the_web_process_does_not_import_an_http_client(tmp_path):
    # A webhook only queues a text; the outbox worker sends it (delivery/twilio_api.py): requests,
    # urllib3 and twilio's REST client stay out of every web worker's memory.
    assert web_process_modules(tmp_path, "requests", "urllib3") == []


@pytest.mark.parametrize("model", [intents, language])
def test_production_stops_with_the_command_when_a_model_is_not_built(tmp_path, monkeypatch, model):
    monkeypatch.setattr(model, "BUILD_DIR", tmp_path / "build")
    monkeypatch.setattr(model, "_models", {})
    with pytest.raises(SystemExit, match="python -m understanding build"):
        make_app(tmp_path, APP_ENV="production")


def test_development_fits_a_missing_model_in_a_subprocess(tmp_path, monkeypatch, line):
    monkeypatch.setattr(intents, "BUILD_DIR", tmp_path / "build")
    monkeypatch.setattr(intents, "_models", {})
    model = intents.model_for(line.library)
    assert list((tmp_path / "build").glob("intents-*.npz")) == [intents.model_path(line.library)]
    assert model.classes == line.navigator.understanding.model.classes
    said = "my dads cancer went to his liver"
    assert model.scores(said).tolist() == pytest.approx(line.navigator.understanding.model.scores(said).tolist())


def test_the_model_file_is_named_by_the_content_and_the_fitting_code(line):
    texts, labels, _ = intents.training_set(line.library)
    key = intents.model_key(texts, labels)
    assert intents.model_key(texts[:-1], labels[:-1]) != key  # one phrase less: another file
    assert intents.model_key(texts, labels) == key
    assert intents.model_path(line.library).name == f"intents-{key}.npz"


def test_the_build_command_keeps_a_current_model_and_removes_old_ones(tmp_path, monkeypatch, line):
    monkeypatch.setattr(intents, "BUILD_DIR", tmp_path)
    old = tmp_path / "intents-0000.npz"
    old.write_bytes(b"old")
    current = tmp_path / intents.model_path(line.library).name
    current.write_bytes(b"kept")  # named by the content's key: taken as built
    path, made = intents.build(line.library)
    assert (path, made) == (current, False)
    assert not old.exists() and current.read_bytes() == b"kept"


def test_development_fits_a_missing_language_model_in_a_subprocess(tmp_path, monkeypatch, line):
    monkeypatch.setattr(language, "BUILD_DIR", tmp_path / "build")
    monkeypatch.setattr(language, "_models", {})
    model = language.model_for(line.library)
    assert list((tmp_path / "build").glob("language-*.npz")) == [language.model_path(line.library)]
    said = "mi papá tiene cáncer en el hígado"
    assert model.probabilities(said) == pytest.approx(line.navigator.understanding.languages.model.probabilities(said))


def test_the_build_command_fits_the_language_model_and_removes_old_ones(tmp_path, monkeypatch, line):
    monkeypatch.setattr(language, "BUILD_DIR", tmp_path)
    old = tmp_path / "language-0000.npz"
    old.write_bytes(b"old")
    path, made = language.build(line.library)
    assert (path, made) == (tmp_path / language.model_path(line.library).name, True)
    assert not old.exists()
    assert language.build(line.library) == (path, False)


def test_the_web_process_does_not_import_alembic(tmp_path):
    # The schema is checked at start (and by /readyz) without Alembic, Mako and Pygments: a web
    # worker holds what its gunicorn master imported. A database already at the head, as in production.
    from database.schema import upgrade_url
    from tests.conftest import HASH_SECRET, TOKEN

    url = f"sqlite:///{tmp_path / 'line.db'}"
    upgrade_url(url)
    code = f"""
import json, sys
sys.path.insert(0, {str(ROOT)!r})
from app import create_app
create_app({{"APP_ENV": "development", "DATABASE_URL": {url!r}, "TWILIO_AUTH_TOKEN": {TOKEN!r},
    "HASH_SECRET": {HASH_SECRET!r}, "VOICE_PROMPTS": "say", "AUDIO_DIR": {str(tmp_path / "audio")!r}}})
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("alembic", "mako", "pygments"))))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
