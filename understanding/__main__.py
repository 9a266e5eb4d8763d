"""`python -m understanding build`: fit the topic and language models for the content (understanding/fitting.py).

Run by `make run`, `make test`, CI and the deploy before the line starts; it needs the build
requirements (scikit-learn). The web process only reads the file it writes. Safe to run again:
a model already built for the same content and code is kept.
"""

from __future__ import annotations

import argparse
import sys

import settings
from content import numbers
from content.loader import load_library
from understanding import intents, language


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m understanding")
    parser.add_argument("command", choices=["build"], help="build: fit the topic and language models now")
    parser.parse_args(argv)
    config = settings.load()
    library = load_library(numbers.from_settings(config), default=config["DEFAULT_LANGUAGE"])
    for path, made in (intents.build(library), language.build(library)):
        where = path.relative_to(intents.HERE.parent)
        print(f"{'Built' if made else 'Up to date:'} {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
