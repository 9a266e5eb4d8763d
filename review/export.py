"""`flask --app app content export --html FILE`: the review document written as one HTML file."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from content.model import Library
from review.document import Document, build

TEMPLATES = Path(__file__).resolve().parent / "templates"


def render(doc: Document) -> str:
    """One self-contained page: its styles inline, no script, nothing fetched."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    names = dict(doc.languages)
    scales = {s.code: s for s in doc.scales}
    return env.get_template("review.html").render(doc=doc, names=names, scales=scales)


def write(library: Library, path: Path, wpm: float, audio_folder: Path, audio_mode: str = "embed") -> Document:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = build(library, wpm, audio_folder, audio_mode, out_dir=path.parent.resolve())
    path.write_text(render(doc), encoding="utf-8")
    return doc
