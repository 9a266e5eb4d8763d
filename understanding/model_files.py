"""The fitted model files (topic model and language model): where they live, fitting a missing one
in a child process, and keeping only the current one. One home for what both models do alike.

The files are named by a hash of what they were fitted on (intents.py, language.py); fitting
itself is understanding/fitting.py (scikit-learn), which the web process never imports.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUILD_DIR = HERE / "build"  # not in git: built by `make run`, `make test`, CI and the deploy
BUILD_COMMAND = ".venv/bin/python -m understanding build"


class NotBuilt(RuntimeError):
    """A model file for this content is missing and may not be built here."""


def fit_elsewhere(path: Path, texts: list[str], labels: list[str], what: str, *flags: str) -> None:
    """Fit `what` ("topic model", "language model") in a child process, so this one never
    imports scikit-learn or scipy; `flags` choose the model in understanding/fitting.py."""
    done = subprocess.run(
        [sys.executable, "-m", "understanding.fitting", *flags, str(path)],
        input=json.dumps({"texts": texts, "labels": labels}),
        text=True,
        capture_output=True,
        cwd=HERE.parent,
        check=False,
    )
    if done.returncode != 0 or not path.exists():
        tail = done.stderr.strip().splitlines()[-1:] or ["no output"]
        raise NotBuilt(f"Fitting the {what} failed ({tail[0]}). Run: {BUILD_COMMAND}")


def folder_digest(folder: Path, pattern: str) -> bytes:
    """The names and bytes of a folder's files that match `pattern`, hashed: what a model file
    fitted on them is named by, so a changed file fits a new one (understanding/messages/,
    understanding/crises/)."""
    h = hashlib.sha256()
    for path in sorted(folder.glob(pattern)):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.digest()


def keep_only(path: Path, prefix: str) -> None:
    """Remove the files other contents left beside this one ("intents-*.npz" but `path`)."""
    for old in path.parent.glob(f"{prefix}-*.npz"):
        if old != path:
            old.unlink(missing_ok=True)


Training = Callable[[], tuple[list[str], list[str]]]  # (texts, labels), worked out only when fitting


def ensure(path: Path, what: str, build: bool, training: Training, *flags: str) -> None:
    """A missing model file is fitted in a child process on `training()` (texts, labels) when
    `build` (development, tests); otherwise NotBuilt names the command to run (production)."""
    if not path.exists():
        if not build:
            raise NotBuilt(f"The {what} for this content is not built ({path}). Run: {BUILD_COMMAND}")
        fit_elsewhere(path, *training(), what, *flags)


def build_here(path: Path, prefix: str, write: Callable[[], None]) -> tuple[Path, bool]:
    """The build command's step for one model: `write()` fits and writes `path` in this process
    unless it is there; other contents' files are removed. Returns (the file, whether it was fitted now)."""
    made = not path.exists()
    if made:
        write()
    keep_only(path, prefix)
    return path, made
