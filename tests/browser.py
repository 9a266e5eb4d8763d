"""Debian's Chromium for the dashboard and review-export tests (the simulator's tests have their own).

Without /usr/bin/chromium these tests skip; with CI set they fail instead, as in test_browser.py.
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager

import pytest
from werkzeug.serving import make_server

from tests.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, MISSING

needs_chromium = pytest.mark.skipif(not CHROMIUM.exists() and not os.environ.get("CI"), reason=MISSING)

__all__ = ["ARTIFACTS", "launch", "needs_chromium", "open_page", "serve"]


@contextmanager
def launch():
    if not CHROMIUM.exists():
        pytest.fail(f"CI is set, so the browser tests must run: {MISSING}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def open_page(browser, url: str, width: int = 1280, height: int = 900):
    """A fresh page that collects console errors and uncaught exceptions in `page.problems`."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.problems = []
    page.on("console", lambda msg: page.problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: page.problems.append(str(exc)))
    page.goto(url)
    return page


@contextmanager
def serve(app):
    """The app on a free localhost port, in a thread, for as long as the block lasts."""
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, name="admin-test-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join(timeout=5)
