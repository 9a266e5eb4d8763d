"""The topic model is fitted ahead of time: the web process reads its file with numpy alone,
development fits a missing one in a subprocess, production stops with the command to run."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import make_app
from understanding import intents

ROOT = intents.HERE.parent


def test_the_web_process_imports_neither_scikit_learn_nor_scipy(tmp_path):
    # A fresh interpreter builds the app and reads a message, as a gunicorn worker would.
    code = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from tests.conftest import make_app
from pathlib import Path
app = make_app(Path({str(tmp_path)!r}))
line = app.extensions["line"]
from understanding import Context
assert line.navigator.understanding.read("my mom has stage 4 cancer in her liver", Context()).topic
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("sklearn", "scipy"))
print(heavy)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_production_stops_with_the_command_when_the_model_is_not_built(tmp_path, monkeypatch):
    monkeypatch.setattr(intents, "BUILD_DIR", tmp_path / "build")
    monkeypatch.setattr(intents, "_models", {})
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
