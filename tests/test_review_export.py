"""The content review script: every snippet in both languages, measured, with its audio and facts."""

from __future__ import annotations

import base64
import os
from html.parser import HTMLParser
from pathlib import Path

from audio import manifest
from audio.manifest import Entry, text_hash
from content import readability
from content.lint import snippet_ids
from review import coverage
from tests.browser import ARTIFACTS, needs_chromium, open_page


class Snippets(HTMLParser):
    """Each snippet box of the document: (language, snippet id) -> its visible text."""

    def __init__(self):
        super().__init__()
        self.snippet, self.lang, self.depth = None, None, 0
        self.text: dict[tuple[str, str], str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article" and "data-snippet" in attrs:
            self.snippet = attrs["data-snippet"]
        if tag == "div" and "data-lang" in attrs and self.snippet:
            self.lang, self.depth = attrs["data-lang"], 0
            self.text[self.lang, self.snippet] = ""
        elif tag == "div" and self.lang:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "div" and self.lang:
            if self.depth == 0:
                self.lang = None
            else:
                self.depth -= 1
        if tag == "article":
            self.snippet = None

    def handle_data(self, data):
        if self.lang:
            self.text[self.lang, self.snippet] += data


def export(app, path: Path, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=["content", "export", "--html", str(path), *args])
    assert result.exit_code == 0, result.output
    assert "snippets" in result.output
    return path.read_text(encoding="utf-8")


def boxes(html: str) -> dict[tuple[str, str], str]:
    parser = Snippets()
    parser.feed(html)
    return {key: " ".join(text.split()) for key, text in parser.text.items()}


def test_every_snippet_is_there_in_both_languages(app, english, spanish, tmp_path):
    found = boxes(export(app, tmp_path / "review.html"))
    for lang in (english, spanish):
        assert {sid for code, sid in found if code == lang.code} == snippet_ids(lang)


def test_a_part_shows_its_words_grade_length_and_facts(app, english, spanish, tmp_path):
    found = boxes(export(app, tmp_path / "review.html"))
    for lang, scale in ((english, "Flesch-Kincaid grade"), (spanish, "Szigriszt-Pazos")):
        part = lang.node("symptoms").parts[0]
        box = found[lang.code, part.id]
        assert part.text in box
        assert f"{scale}" in box
        assert f"{readability.score(part.text, lang.code):g}, within the limit" in box
        assert f"Spoken length: about {round(len(readability.words(part.voice)) * 60 / 135, 1):g} s" in box
        facts = coverage.by_snippet(coverage.read())[lang.code, part.id]
        assert facts and "Facts: " + ", ".join(facts) in box


def test_facts_checked_against_a_page_are_listed_beside_the_words(app, english, spanish, tmp_path):
    # COVERAGE.md rows with a Source column (C, U, K...) count too: a clinician sees which checked fact a
    # care part carries (issue 22), not "none listed".
    found = boxes(export(app, tmp_path / "review.html"))
    facts = {f.number: f for f in coverage.read()}
    assert facts["K4"].snippets == {"en": ("care.hospice.p1",), "es": ("care.hospice.p1",)}
    assert "U1" in facts and "C2" in facts
    for lang in (english, spanish):
        assert "Facts: K4" in found[lang.code, "care.hospice.p1"]
        assert "Facts: K1" in found[lang.code, "care.pain.p1"]


def test_short_snippets_are_not_scored_and_text_only_prompts_have_no_sound(app, english, tmp_path):
    found = boxes(export(app, tmp_path / "review.html"))
    assert "not scored (under 8 words)" in found["en", english.prompt("no_input").id]
    more = found["en", english.prompt("sms_more").id]
    assert "Text only (never spoken)" in more and "Spoken length" not in more


def test_pages_follow_the_menu_one_topic_each(app, english, tmp_path):
    html = export(app, tmp_path / "review.html")
    order = [f'id="topic-{n.replace(".", "-")}"' for n in english.nodes if n != "root"]
    positions = [html.index(anchor) for anchor in order]
    assert positions == sorted(positions)
    assert "break-before: page" in html


def _built(folder: Path, lang, snippet_id: str, words: str, web: bool = True) -> bytes:
    """A build folder holding one snippet's files, as `make audio` leaves it (MP3 only with --web)."""
    sound = b"pretend sound of " + snippet_id.encode()
    (folder / lang).mkdir(parents=True)
    phone, mp3 = f"{lang}/{snippet_id}-k.wav", f"{lang}/{snippet_id}-k.mp3" if web else ""
    for rel in filter(None, (phone, mp3)):
        (folder / rel).write_bytes(sound + rel.encode())
    entry = Entry(lang, snippet_id, "k", "synthetic", words, text_hash(words), phone, mp3, 12.5)
    manifest.save(folder, {(lang, snippet_id): entry}, {})
    return (folder / (mp3 or phone)).read_bytes()


def test_audio_is_embedded_or_linked_and_stale_words_get_none(app, english, tmp_path):
    part = english.node("cure").parts[0]
    sound = _built(tmp_path / "audio", "en", part.id, part.voice)
    embedded = boxes(html := export(app, tmp_path / "review.html"))
    assert "data:audio/mpeg;base64," + base64.b64encode(sound).decode() in html
    assert "sound file 12.5 s" in embedded["en", part.id]
    assert "No sound file for these words yet" in embedded["en", english.node("cure").parts[1].id]

    out = tmp_path / "elsewhere" / "review.html"
    linked = export(app, out, "--audio", "link")
    assert f'src="{os.path.relpath(tmp_path / "audio" / "en" / f"{part.id}-k.mp3", out.parent)}"' in linked
    assert "data:audio" not in linked
    assert "<audio" not in export(app, tmp_path / "none.html", "--audio", "none")


def test_stale_audio_is_not_offered(app, english, tmp_path):
    part = english.node("cure").parts[0]
    _built(tmp_path / "audio", "en", part.id, "words the content no longer says")
    box = boxes(export(app, tmp_path / "review.html"))["en", part.id]
    assert "No sound file for these words yet" in box


@needs_chromium
def test_the_export_opens_in_chromium(app, english, spanish, tmp_path, browser):
    path = tmp_path / "review.html"
    export(app, path)
    page = open_page(browser, path.as_uri())
    part = english.node("cure").parts[1]
    box = page.locator(f'article[data-snippet="{part.id}"]')
    from playwright.sync_api import expect

    expect(box.locator('[data-lang="en"] .words').first).to_have_text(part.text)
    # Spanish first as spoken, with every accent (texts drop those of a, i, o, u: SMS_ACCENTS=plain).
    expect(box.locator('[data-lang="es"] .words').first).to_have_text(spanish.node("cure").parts[1].voice)
    expect(box.locator('[data-lang="en"]')).to_contain_text(f"{readability.score(part.text, 'en'):g}, within the limit")
    expect(page.get_by_role("heading", name="Can it be cured?", exact=True)).to_be_visible()
    assert page.locator("article[data-snippet]").count() == len(snippet_ids(english))
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(path.as_uri() + "#topic-cure")
    page.screenshot(path=str(ARTIFACTS / "review-export.png"))
    assert page.problems == []
    page.context.close()


def test_without_browser_files_the_player_has_the_phone_wav(app, english, tmp_path):
    part = english.node("cure").parts[0]
    sound = _built(tmp_path / "audio", "en", part.id, part.voice, web=False)
    html = export(app, tmp_path / "review.html")
    assert "data:audio/wav;base64," + base64.b64encode(sound).decode() in html


class Sources(HTMLParser):
    """The "Checked against" box of each topic page: page anchor -> the links in it."""

    def __init__(self):
        super().__init__()
        self.page: str | None = None
        self.links: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and "data-sources" in attrs:
            self.page = attrs["data-sources"]
            self.links[self.page] = []
        elif tag == "a" and self.page:
            self.links[self.page].append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "div":
            self.page = None


def test_each_topic_page_lists_its_sources_beside_its_words(app, english, spanish, tmp_path):
    parser = Sources()
    parser.feed(export(app, tmp_path / "review.html", "--audio", "none"))
    for node_id, node in english.nodes.items():
        if node_id == "root":
            continue
        listed = parser.links["topic-" + node_id.replace(".", "-")]
        assert listed == list(dict.fromkeys(node.sources + spanish.node(node_id).sources)), node_id
    assert parser.links["topic-symptoms-urgent"], "Get help now names the pages its signs come from"
