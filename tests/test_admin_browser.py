"""/admin in Debian's Chromium: sign in, switch the period, charts drawn, keyboard, 390 px, screenshots."""

from __future__ import annotations

import pytest

from simulator.phone import Endpoint, FlaskTransport, Phone, Texter
from tests.browser import ARTIFACTS, needs_chromium, open_page, serve
from tests.conftest import TOKEN, make_app
from tests.walk import start_call

pytestmark = needs_chromium
ADMIN = "browser-admin-token-0123456789"
CHARTS = ("chart-calls", "chart-texts", "chart-topics", "chart-funnel", "chart-understanding")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The line with a morning of calls and texts; development, but with ADMIN_TOKEN set."""
    app = make_app(tmp_path_factory.mktemp("admin"), ADMIN_TOKEN=ADMIN, KEEP_UNMATCHED_DAYS="7")
    endpoint = Endpoint(FlaskTransport(app.test_client()), TOKEN, "http://localhost")
    start_call(Phone(endpoint, caller="+15017125001"), "en").press("4").press("1").hang_up()
    start_call(Phone(endpoint, caller="+15017125002"), "es").press("3").hang_up()
    Phone(endpoint, caller="+15017125003").call().hang_up()
    english, spanish = Texter(endpoint, sender="+15017125004"), Texter(endpoint, sender="+15017125005")
    for body in ("symptoms", "more", "flibbertigibbet 12", "I want to die", "STOP"):
        english.send(body)
    for body in ("síntomas", "se puede curar?", "no sé qué hacer"):
        spanish.send(body)
    with serve(app) as url:
        yield url


def expect(locator):
    from playwright.sync_api import expect as pw_expect

    return pw_expect(locator)


def sign_in(page, token=ADMIN):
    page.get_by_label("Admin token").fill(token)
    page.get_by_role("button", name="Sign in").click()


def charts_drawn(page) -> dict[str, list]:
    """Each chart Chart.js drew: its datasets' numbers (and that its canvas has pixels on it)."""
    # Not wait_for_function: its polling evaluates a string, which the page's CSP (rightly) refuses.
    expect(page.locator("canvas[data-drawn]")).to_have_count(len(CHARTS))
    return page.evaluate(
        """ids => Object.fromEntries(ids.map(id => {
            const canvas = document.getElementById(id);
            const chart = Chart.getChart(canvas);
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            const inked = pixels.some((v, i) => i % 4 === 3 && v > 0);
            return [id, {inked, width: canvas.width, data: chart.data.datasets.map(d => d.data)}];
        }))""",
        list(CHARTS),
    )


def test_sign_in_then_the_charts_and_the_period_switch(browser, server):
    page = open_page(browser, server + "/admin")
    expect(page).to_have_url(server + "/admin/login")
    sign_in(page, "this-is-not-the-token-at-all")
    expect(page.get_by_role("alert")).to_have_text("That token is not right. Check it and try again.")
    assert [p for p in page.problems if "401" not in p] == []  # the wrong token's page answers 401
    page.problems.clear()
    sign_in(page)
    expect(page.get_by_role("heading", name="How the line is used")).to_be_visible()
    assert "token" not in page.url

    drawn = charts_drawn(page)
    assert all(c["inked"] and c["width"] > 100 for c in drawn.values()), drawn
    calls_en, calls_es = drawn["chart-calls"]["data"]
    assert (calls_en[-1], calls_es[-1]) == (2, 1)  # today: two English calls (one gone at the welcome)
    texts_en, texts_es = drawn["chart-texts"]["data"]
    assert (texts_en[-1], texts_es[-1]) == (5, 3)
    assert len(calls_en) == 30

    page.get_by_role("link", name="7 days").click()
    expect(page.locator("#period")).to_contain_text("Last 7 days:")
    expect(page.get_by_role("link", name="7 days")).to_have_attribute("aria-current", "page")
    assert len(charts_drawn(page)["chart-calls"]["data"][0]) == 7
    page.get_by_label("From", exact=True).fill("2020-01-01")
    page.get_by_label("to", exact=True).fill("2020-01-05")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#period")).to_contain_text("2020-01-01")
    expect(page.locator("#chart-topics")).to_have_count(0)
    expect(page.get_by_text("No topic was reached in this period.")).to_be_visible()
    assert page.problems == []
    page.context.close()


def test_unmatched_words_are_listed_masked(browser, server):
    page = open_page(browser, server + "/admin/login")
    sign_in(page)
    table = page.get_by_role("region", name="Unmatched words, newest first")
    expect(table).to_contain_text("flibbertigibbet ##")
    # The words column only: the time beside them may well hold a 12 (03:12, the 12th).
    words = table.locator("tbody tr td:first-child").all_inner_texts()
    assert words and not any(ch.isdigit() for text in words for ch in text), words
    assert page.problems == []
    page.context.close()


def test_keyboard_alone_switches_the_period_and_signs_out(browser, server):
    page = open_page(browser, server + "/admin/login")
    expect(page.get_by_label("Admin token")).to_be_focused()  # the page puts the focus there
    page.keyboard.type(ADMIN)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="How the line is used")).to_be_visible()
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "90 days":
            break
    else:
        raise AssertionError("Tab never reached '90 days'")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") not in ("", "none")
    page.keyboard.press("Enter")
    expect(page.locator("#period")).to_contain_text("Last 90 days:")
    page.get_by_role("button", name="Sign out").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(server + "/admin/login")
    page.goto(server + "/admin")
    expect(page).to_have_url(server + "/admin/login")
    assert page.problems == []
    page.context.close()


def test_390_pixel_screen_and_desktop_screenshots(browser, server):
    ARTIFACTS.mkdir(exist_ok=True)
    for width, height, name in ((390, 844, "admin-390.png"), (1280, 900, "admin-desktop.png")):
        page = open_page(browser, server + "/admin/login", width=width, height=height)
        sign_in(page)
        charts_drawn(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, "no sideways scrolling"
        for link in ("7 days", "30 days", "90 days", "365 days"):
            box = page.get_by_role("link", name=link).bounding_box()
            assert box["height"] >= 44 and box["x"] + box["width"] <= width, (link, box)
        page.screenshot(path=str(ARTIFACTS / name), full_page=True)
        assert page.problems == []
        page.context.close()
