"""Long messages as people write them, for the topic model to learn from (issue 25).

The content's `examples:` are short asks ("what is hospice"). People text a story and then the
ask, run on, with typos, several things at once: understanding/messages/<lang>.yaml holds such
messages, written by the team (never copied from a post, never from the held-out sets in
tests/data/), each under the intent a nurse would answer: a topic id, or `outside` for what the
line does not cover. They train the same model as the examples (understanding/intents.py) and
are never shown to anyone. A pet's own cancer is not among the `outside` messages: the `animals`
rule (understanding/reading.py) says that, and the model must not learn that a dog in a family's
story ("mi perro lo acompana") makes the message none of ours.

A file whose key is not a topic of the content, or whose language the content lacks, stops the
build (`python -m understanding build`, and development's first start) with the file and the key:
a renamed topic must not leave its messages training nothing. A web worker reads only the files'
digest, which names the model file (understanding/intents.py).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from content.model import ROOT_ID, Library
from understanding.model_files import folder_digest

FOLDER = Path(__file__).resolve().parent / "messages"
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: plain data only


class MessagesError(ValueError):
    """A messages file names an intent or a language the line does not have, or is not a list."""


def written(library: Library, word_intents: frozenset[str], folder: Path = FOLDER) -> list[tuple[str, str, str]]:
    """(language, intent, message) for every message of every language's file, in file order."""
    out: list[tuple[str, str, str]] = []
    for path in sorted(folder.glob("*.yaml")):
        code = path.stem
        if code not in library.languages:
            raise MessagesError(f"{path}: the content has no language {code!r}")
        nodes = library.languages[code].nodes
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER) or {}
        if not isinstance(data, dict):
            raise MessagesError(f"{path}: expected intent ids, each with a list of messages")
        for intent, messages in data.items():
            if intent == ROOT_ID or (intent not in nodes and intent not in word_intents):
                known = sorted(word_intents)
                raise MessagesError(f"{path}: {intent!r} is not a topic of the content nor one of {known}")
            if not isinstance(messages, list) or not all(isinstance(m, str) and m.strip() for m in messages):
                raise MessagesError(f"{path}: {intent}: expected a list of messages")
            out += [(code, intent, m) for m in messages]
    return out


def digest(folder: Path = FOLDER) -> bytes:
    """The files' names and bytes, hashed: a changed message fits a new model file."""
    return folder_digest(folder, "*.yaml")
