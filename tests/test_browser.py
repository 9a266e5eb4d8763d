"""The simulator page in real Chromium (Debian's /usr/bin/chromium, never a downloaded browser).

A real server on a free localhost port, a throwaway database, VOICE_PROMPTS=say (captions
only, so nothing here depends on audio files). Without Chromium these tests skip, except
when CI is set: there a missing browser is a failure. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import io
import os
import re
import threading
import wave
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import make_app

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
# Without the background-networking flags Chromium phones home, and a closed network refuses it.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MISSING = f"{CHROMIUM} not found: install Debian's Chromium (apt-get install chromium) to run the browser tests"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists() and not os.environ.get("CI"), reason=MISSING)


def _serve(app):
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, name="simulator-test-server", daemon=True)
    thread.start()
    return httpd, thread


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    httpd, thread = _serve(make_app(tmp_path_factory.mktemp("browser")))
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """The words the line says, so tests follow content edits (same content as the server's)."""
    return make_app(tmp_path_factory.mktemp("words")).extensions["line"].library


@pytest.fixture(scope="module")
def english(library):
    return library.get("en")


@pytest.fixture(scope="module")
def spanish(library):
    return library.get("es")


def _short_wav() -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\0\0" * 800)  # a tenth of a second of quiet
    return out.getvalue()


@pytest.fixture(scope="module")
def sound_server(tmp_path_factory):
    """The line with a sound file for every snippet (a stand-in for the audio build)."""
    app = make_app(tmp_path_factory.mktemp("sound"), VOICE_PROMPTS="audio")
    wav = _short_wav()
    app.add_url_rule("/test-audio/<kind>/<name>", "test_audio", lambda kind, name: (wav, {"Content-Type": "audio/wav"}))
    # A file per language, as the build names them: both languages have a prompt.language_offer.
    app.extensions["line"].audio_resolver = lambda snippet, kind: (
        f"http://localhost/test-audio/{kind}/{snippet.lang}.{snippet.id}.wav"
    )
    httpd, thread = _serve(app)
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"CI is set, so the browser tests must run: {MISSING}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _open(browser, server, width=1280, height=900):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.problems = []  # console errors and uncaught exceptions
    page.on("console", lambda msg: page.problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: page.problems.append(str(exc)))
    page.goto(server + "/")
    page.locator("#number").filter(has_text="+1").wait_for()  # the page has its pretend phone
    return page


@pytest.fixture
def page(browser, server):
    page = _open(browser, server)
    yield page
    page.context.close()


@pytest.fixture
def small_page(browser, server):
    page = _open(browser, server, width=390, height=844)
    yield page
    page.context.close()


def expect(locator):
    from playwright.sync_api import expect as pw_expect

    return pw_expect(locator)


def button(page, name):
    return page.get_by_role("button", name=name, exact=True)


def captions(page):
    return page.get_by_role("log", name="What you hear")


def chat(page):
    return page.get_by_role("log", name="Conversation")


def start_english_call(page, english):
    button(page, "Call").click()
    expect(captions(page)).to_contain_text(english.prompt("emergency").voice)
    button(page, english.digit).click()
    expect(captions(page)).to_contain_text("Symptoms, press 3.")


def opening_of(lang, node_id):
    """The first sentence of a topic: enough to know it was heard or read."""
    return lang.node(node_id).parts[0].text.split(". ")[0]


# -- a caller -------------------------------------------------------------------------------------
def test_call_hears_the_emergency_line_first_then_picks_a_language_and_a_section(page, english, spanish):
    button(page, "Call").click()
    offer, first = captions(page).locator("li.line").nth(0), captions(page).locator("li.line").nth(1)
    expect(offer).to_have_text(spanish.prompt("language_offer").voice)  # the one sentence before 911
    expect(first).to_have_text(english.prompt("emergency").voice)
    expect(first).to_contain_text("call 9 1 1")
    expect(first).to_have_attribute("lang", "en-US")
    button(page, "1").click()
    expect(captions(page)).to_contain_text("Symptoms, press 3.")
    button(page, "3").click()
    expect(captions(page)).to_contain_text(english.node("symptoms").parts[0].voice)
    expect(captions(page)).to_contain_text(english.prompt("go_on").voice)
    button(page, "Hang up").click()
    expect(captions(page)).to_contain_text("[The call ended]")
    expect(page.get_by_role("status")).to_have_text("Not in a call. Press Call to start.")
    assert page.problems == []


def test_a_spanish_call_is_captioned_in_spanish(page, spanish):
    button(page, "Call").click()
    expect(captions(page)).to_contain_text(spanish.prompt("language_offer").voice)
    button(page, spanish.digit).click()
    welcome = captions(page).get_by_text(spanish.prompt("welcome").voice, exact=True)
    expect(welcome).to_have_attribute("lang", spanish.voice.say_language)
    assert page.problems == []


def test_spoken_words_and_silence(page, english):
    start_english_call(page, english)
    page.get_by_label("Words the caller says out loud").fill("symptoms")
    button(page, "Say").click()
    expect(captions(page)).to_contain_text(english.node("symptoms").parts[0].voice)
    button(page, "Stay silent").click()
    expect(captions(page)).to_contain_text(english.prompt("no_input").voice)
    assert page.problems == []


def test_zero_reaches_a_person_and_the_reviewer_chooses_how_that_line_answered(page, english):
    start_english_call(page, english)
    button(page, "0").click()
    choice = page.get_by_role("group", name="How did that line answer?")
    expect(choice).to_be_visible()
    expect(captions(page)).to_contain_text("[Calling +18004226237]")
    expect(button(page, "Answered")).to_be_focused()  # the choice takes the focus
    button(page, "No answer").click()
    expect(choice).to_be_hidden()
    expect(captions(page)).to_contain_text(english.prompt("dial_failed").voice)
    assert page.problems == []


def test_text_me_this_lands_in_the_outbox(page, english):
    start_english_call(page, english)
    button(page, "3").click()
    button(page, "2").click()
    expect(captions(page)).to_contain_text(english.prompt("text_queued").voice)
    outbox = page.get_by_role("list", name="Texts the line will send")
    expect(outbox).to_contain_text(english.prompt("sms_text_me").text)
    expect(outbox).to_contain_text("SMS · queued")
    assert page.problems == []


def test_pressing_a_key_before_calling_explains_what_to_do(page):
    button(page, "5").click(force=True)  # aria-disabled: Playwright would wait for it to be enabled
    expect(page.get_by_role("alert")).to_have_text("There is no call yet. Press Call first.")
    assert page.problems == []


def test_with_sound_files_the_page_plays_them_in_order_and_still_captions(browser, sound_server, english, spanish):
    url = sound_server
    page = _open(browser, url)
    fetched = []
    page.on("request", lambda req: fetched.append(req.url) if "/test-audio/" in req.url else None)
    button(page, "Call").click()
    # <Play> carries no words: the captions come from the snippet behind each file.
    expect(captions(page)).to_contain_text(english.prompt("emergency").voice)
    expect(captions(page)).to_contain_text(spanish.prompt("language_offer").voice)
    page.wait_for_function("() => document.querySelectorAll('.captions .playing').length === 0")
    page.wait_for_timeout(300)
    web = [u.split(url, 1)[1] for u in fetched if "/test-audio/web/" in u]
    assert "/test-audio/phone/" not in " ".join(fetched), fetched  # the browser's files, not the phone's
    said = (spanish.prompt("language_offer"), english.opening_emergency)  # 911 last, no pause after it
    first, second = (f"/test-audio/web/{snippet.lang}.{snippet.id}.wav" for snippet in said)
    assert web[:2] == [first, second]  # one after the other
    expect(page.locator("#sound-note")).to_have_text("")
    assert page.problems == []
    page.context.close()


# -- a texter -------------------------------------------------------------------------------------
def test_text_symptoms_and_read_the_reply_with_its_segment_count(page, english):
    page.get_by_label("Message", exact=True).fill("symptoms")
    button(page, "Send").click()
    reply = chat(page).locator("li.theirs").filter(has_text=opening_of(english, "symptoms"))
    expect(reply).to_have_count(1)
    expect(reply.locator(".meta")).to_have_text(re.compile(r"^SMS · \d+ segments? · \d+ characters, GSM-7$"))
    expect(reply).to_have_attribute("lang", "en")
    expect(page.locator("#chat-language")).to_have_text("English")
    assert page.problems == []


def test_texting_espanol_switches_the_conversation_to_spanish(page, spanish):
    page.get_by_label("Message", exact=True).fill("español")
    button(page, "Send").click()
    expect(page.locator("#chat-language")).to_have_text(spanish.name)
    expect(chat(page).locator("li.theirs").last).to_have_attribute("lang", "es")
    page.get_by_label("Message", exact=True).fill("síntomas")
    button(page, "Send").click()
    expect(chat(page)).to_contain_text(opening_of(spanish, "symptoms"))
    assert page.problems == []


def test_whatsapp_switch_texts_from_a_whatsapp_address(page):
    page.get_by_role("radio", name="WhatsApp").check()
    page.get_by_role("switch", name="Show the TwiML and the signed request behind each step").check()
    page.get_by_label("Message", exact=True).fill("menu")
    page.get_by_label("Message", exact=True).press("Enter")
    expect(chat(page)).to_contain_text("3 Symptoms")
    expect(chat(page).locator(".meta").first).to_contain_text("WhatsApp")
    expect(page.locator("#steps pre.params").first).to_contain_text("From=whatsapp:+1")
    assert page.problems == []


# -- a reviewer -----------------------------------------------------------------------------------
def test_reviewer_switch_shows_the_twiml_and_the_signed_request(page, english, spanish):
    button(page, "Call").click()
    expect(captions(page)).to_contain_text(spanish.prompt("language_offer").voice)
    twiml = page.locator("#steps pre.twiml").first
    expect(twiml).to_be_hidden()
    page.get_by_role("switch", name="Show the TwiML and the signed request behind each step").check()
    expect(twiml).to_be_visible()
    expect(twiml).to_contain_text("<Gather action=")
    expect(twiml).to_contain_text(english.prompt("emergency").voice)
    expect(page.locator("#steps")).to_contain_text("X-Twilio-Signature")
    expect(page.locator("#steps")).to_contain_text("POST /voice → 200 text/xml")
    assert page.problems == []


# -- keyboard alone -------------------------------------------------------------------------------
def _tab_to(page, name, limit=60):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.textContent.trim()") == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_keyboard_alone_calls_presses_keys_and_texts(page, english, spanish):
    _tab_to(page, "Call")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "focus must be visible"
    page.keyboard.press("Enter")
    expect(captions(page)).to_contain_text(spanish.prompt("language_offer").voice)
    _tab_to(page, "1")
    page.keyboard.press("Space")
    expect(captions(page)).to_contain_text("Symptoms, press 3.")
    _tab_to(page, "3")
    page.keyboard.press("Enter")
    expect(captions(page)).to_contain_text(english.node("symptoms").parts[0].voice)
    _tab_to(page, "Hang up")
    page.keyboard.press("Enter")
    expect(captions(page)).to_contain_text("[The call ended]")
    for _ in range(60):  # on to the Message field
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "message":
            break
    page.keyboard.type("cure")
    page.keyboard.press("Enter")
    expect(chat(page)).to_contain_text(opening_of(english, "cure"))
    assert page.problems == []


# -- a phone-sized screen -------------------------------------------------------------------------
def test_390_pixel_screen_shows_everything_usable(small_page, english):
    page = small_page
    start_english_call(page, english)
    page.get_by_label("Message", exact=True).fill("symptoms")
    button(page, "Send").click()
    expect(chat(page)).to_contain_text(opening_of(english, "symptoms"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling"
    for name in ["Call", "Hang up", "1", "5", "9", "*", "0", "#", "Say", "Stay silent", "Send"]:
        box = button(page, name).bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, (name, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (name, box)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "simulator-390.png"), full_page=True)
    assert page.problems == []


def test_desktop_screenshot(page, english):
    start_english_call(page, english)
    page.get_by_role("switch", name="Show the TwiML and the signed request behind each step").check()
    page.get_by_label("Message", exact=True).fill("symptoms")
    button(page, "Send").click()
    expect(chat(page)).to_contain_text(opening_of(english, "symptoms"))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "simulator-desktop.png"), full_page=True)
    assert page.problems == []
