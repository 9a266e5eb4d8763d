"""What the review document shows: pages in menu order, each snippet side by side in every language.

Measured the way the content linter measures (content/lint.py, content/readability.py), so a
clinician reads the same grade and spoken length the checks enforce.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from audio.catalog import Catalog
from content import readability, schema
from content.lint import MAX_SENTENCE_WORDS, MAX_VOICE_SECONDS, MIN_WORDS_TO_SCORE, seconds
from content.model import ROOT_ID, Language, Library, Node, Snippet
from review import coverage

AUDIO_MODES = ("embed", "link", "none")
SAFETY_PROMPTS = ("crisis_self_harm", "crisis_emergency")
MENU_ROW = "Its menu (voice: goal first; text: numbered)"


@dataclass(frozen=True)
class Wording:
    label: str  # "Voice and text", "Voice", "Text", "Text only (never spoken)"
    words: str
    score: float | None  # readability, None when too short to score
    passes: bool | None


@dataclass(frozen=True)
class Cell:
    """One snippet in one language."""

    lang: str
    snippet_id: str
    wordings: tuple[Wording, ...]
    seconds: float | None  # estimated at the speech rate; None for words never spoken
    audio: str | None  # an <audio> src: data: URI or a path relative to the document
    audio_seconds: float | None
    audio_note: str  # why there is no player, or where the sound comes from
    facts: tuple[str, ...]  # COVERAGE.md fact numbers

    @property
    def too_long(self) -> bool:
        return self.seconds is not None and self.seconds > MAX_VOICE_SECONDS


@dataclass(frozen=True)
class Row:
    snippet_id: str
    what: str  # where it is said: "Part 2", "Its menu", or the prompt's job
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Page:
    anchor: str
    title: str
    keys: str  # the keys that reach a topic from the main menu, e.g. "3, then 1"
    rows: tuple[Row, ...]
    names: tuple[tuple[str, str], ...] = ()  # a topic's title in each language: (code, title)
    # The pages a topic's words were checked against, per language: (code, URLs) (content `sources:`).
    sources: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def source_urls(self) -> tuple[str, ...]:
        """Every language's sources once, in order: what the reviewer opens beside the words."""
        return tuple(dict.fromkeys(url for _, urls in self.sources for url in urls))


@dataclass(frozen=True)
class Scale:
    code: str
    name: str
    rule: str  # "at most 6" / "at least 65"


@dataclass(frozen=True)
class Document:
    title: str
    made_at: str
    languages: tuple[tuple[str, str], ...]  # (code, name)
    scales: tuple[Scale, ...]
    wpm: float
    min_words: int
    max_sentence_words: int
    max_voice_seconds: float
    audio_mode: str
    pages: tuple[Page, ...]
    facts: tuple[coverage.Fact, ...]

    @property
    def snippet_count(self) -> int:
        return sum(len(p.rows) for p in self.pages)

    def over_limit(self) -> list[tuple[str, str]]:
        """(language, snippet id) of every wording whose readability misses the limit."""
        return [
            (c.lang, c.snippet_id)
            for p in self.pages
            for r in p.rows
            for c in r.cells
            if any(w.passes is False for w in c.wordings)
        ]


class _Audio:
    """The rendered (or recorded) web file of a snippet: embedded, linked, or left out."""

    def __init__(self, folder: Path, mode: str, out_dir: Path):
        if mode not in AUDIO_MODES:
            raise ValueError(f"audio must be one of {', '.join(AUDIO_MODES)}, not {mode!r}")
        self.catalog, self.folder, self.mode, self.out_dir = Catalog(folder), Path(folder), mode, out_dir

    def find(self, snippet: Snippet) -> tuple[str | None, float | None, str]:
        if self.mode == "none":
            return None, None, "Audio left out of this copy."
        entry = self.catalog.entry(snippet)
        if entry is None:
            return None, None, "No sound file for these words yet (run make audio)."
        # The browser MP3 when the build made one (--web), else the phone WAV: exactly what a caller hears.
        rel = entry.web or entry.phone
        path = self.folder / rel
        if not path.is_file():
            return None, None, f"Sound file missing: {rel} (run make audio)."
        note = "Recorded by a person." if entry.source == "recorded" else "Computer voice."
        if self.mode == "embed":
            mime = "audio/mpeg" if rel.endswith(".mp3") else "audio/wav"
            return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode(), entry.duration, note
        return Path(os.path.relpath(path, self.out_dir)).as_posix(), entry.duration, note


def _wording(label: str, words: str, code: str) -> Wording:
    if len(readability.words(words)) < MIN_WORDS_TO_SCORE:
        return Wording(label, words, None, None)
    value = readability.score(words, code)
    return Wording(label, words, value, not readability.scale(code).fails(value))


def _cell(snippet: Snippet, spoken: bool, wpm: float, audio: _Audio, facts: dict) -> Cell:
    code = snippet.lang
    if not spoken:
        wordings = (_wording("Text only (never spoken)", snippet.text, code),)
    elif snippet.voice == snippet.text:
        wordings = (_wording("Voice and text", snippet.text, code),)
    else:
        wordings = (_wording("Voice", snippet.voice, code), _wording("Text", snippet.text, code))
    src, length, note = audio.find(snippet) if spoken else (None, None, "Text only: no sound.")
    return Cell(
        lang=code,
        snippet_id=snippet.id,
        wordings=wordings,
        seconds=round(seconds(snippet.voice, wpm), 1) if spoken else None,
        audio=src,
        audio_seconds=length,
        audio_note=note,
        facts=tuple(facts.get((code, snippet.id), ())),
    )


def _keys(lang: Language, node: Node) -> str:
    digits = []
    while node.id != ROOT_ID:
        digits.append(node.digit or "?")
        node = lang.parent_of(node)
    return ", then ".join(reversed(digits))


def _trail(lang: Language, node: Node) -> str:
    """ "Symptoms › Liver": two topics may share a title, never a trail."""
    titles = []
    while node.id != ROOT_ID:
        titles.append(node.title)
        node = lang.parent_of(node)
    return " › ".join(reversed(titles))


class _Builder:
    def __init__(self, library: Library, wpm: float, audio: _Audio, facts: dict):
        self.library, self.wpm, self.audio, self.facts = library, wpm, audio, facts
        self.langs = [library.languages[c] for c in library.codes]

    def row(self, what: str, pick, spoken: bool = True) -> Row:
        """`pick(lang)` is the same snippet in each language (the loader guarantees parity)."""
        cells = tuple(_cell(pick(lang), spoken, self.wpm, self.audio, self.facts) for lang in self.langs)
        return Row(cells[0].snippet_id, what, cells)

    def prompt_page(self, anchor: str, title: str, names: list[str], spoken: bool) -> Page:
        rows = tuple(self.row(schema.PROMPTS[n], lambda lang, n=n: lang.prompts[n], spoken) for n in names)
        return Page(anchor, title, "", rows)

    def node_page(self, node_id: str) -> Page:
        rows = []
        first = self.langs[0].node(node_id)
        if first.intro:
            rows.append(self.row("Said before its menu", lambda lang: lang.node(node_id).intro))
        for i in range(len(first.parts)):
            rows.append(self.row(f"Part {i + 1}", lambda lang, i=i: lang.node(node_id).parts[i]))
        if first.children:
            rows.append(self.row(MENU_ROW, lambda lang: lang.menu(lang.node(node_id))))
        names = tuple((lang.code, lang.node(node_id).title) for lang in self.langs)
        sources = tuple((lang.code, lang.node(node_id).sources) for lang in self.langs)
        anchor = "topic-" + node_id.replace(".", "-")
        keys = _keys(self.langs[0], first)
        return Page(anchor, _trail(self.langs[0], first), keys, tuple(rows), names, sources)


def build(
    library: Library,
    wpm: float,
    audio_folder: Path,
    audio_mode: str = "embed",
    out_dir: Path = Path("."),
    facts_path: Path = coverage.COVERAGE,
) -> Document:
    facts = coverage.read(facts_path)
    builder = _Builder(library, wpm, _Audio(audio_folder, audio_mode, out_dir), coverage.by_snippet(facts))
    first = builder.langs[0]
    voice = [n for n in schema.PROMPTS if not n.startswith("sms_") and n not in SAFETY_PROMPTS]
    texts = [n for n in schema.PROMPTS if n.startswith("sms_")]
    pages = [
        builder.prompt_page("phone", "On the phone: what callers hear around the topics", voice, True),
        builder.prompt_page("text", "By text: what texters read around the topics", texts, False),
        builder.prompt_page("safety", "Crisis and emergency replies (phone and text)", list(SAFETY_PROMPTS), True),
    ]
    main_menu = (builder.row(MENU_ROW, lambda lang: lang.menu(lang.root)),)
    pages.append(Page("main-menu", "The main menu", "", main_menu))
    pages += [builder.node_page(node_id) for node_id in first.nodes if node_id != ROOT_ID]
    scales = []
    for lang in builder.langs:
        sc = readability.scale(lang.code)
        scales.append(Scale(lang.code, sc.name, f"{'at most' if sc.higher_is_harder else 'at least'} {sc.limit:g}"))
    return Document(
        title="Stage 4 Cancer Information Line: every word it says, for clinical review",
        made_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        languages=tuple((lang.code, lang.name) for lang in builder.langs),
        scales=tuple(scales),
        wpm=wpm,
        min_words=MIN_WORDS_TO_SCORE,
        max_sentence_words=MAX_SENTENCE_WORDS,
        max_voice_seconds=MAX_VOICE_SECONDS,
        audio_mode=audio_mode,
        pages=tuple(pages),
        facts=tuple(facts),
    )
