"""/admin: who may open it, and what it shows (the browser itself: test_admin_browser.py)."""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from simulator.phone import Endpoint, FlaskTransport, Phone, Texter
from tests.conftest import TOKEN, make_app
from tests.walk import start_call

ADMIN = "an-admin-token-long-enough-0123"
VENDOR = Path(__file__).resolve().parent.parent / "admin" / "static" / "vendor"


@pytest.fixture
def production(tmp_path):
    return make_app(tmp_path, APP_ENV="production", ADMIN_TOKEN=ADMIN).test_client()


def seed(app) -> None:
    """Two calls and three texts through the signed webhooks."""
    endpoint = Endpoint(FlaskTransport(app.test_client()), TOKEN, "http://localhost")
    start_call(Phone(endpoint, caller="+15017124001"), "en").press("3").hang_up()
    start_call(Phone(endpoint, caller="+15017124002"), "es").press("4").hang_up()
    texter = Texter(endpoint, sender="+15017124003")
    for body in ("cure", "blorp", "STOP"):
        texter.send(body)


class Tables(HTMLParser):
    """Each <table id=...> of a page as rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.current, self.cell = None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.current = dict(attrs).get("id")
            self.tables[self.current] = []
        elif tag == "tr" and self.current:
            self.tables[self.current].append([])
        elif tag in ("td", "th") and self.current:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.tables[self.current][-1].append(" ".join(self.cell.split()))
            self.cell = None
        elif tag == "table":
            self.current = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def tables_of(html: str) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


# -- who may open it -----------------------------------------------------------------------------
def test_production_without_a_token_has_no_dashboard(tmp_path):
    client = make_app(tmp_path, APP_ENV="production").test_client()
    for path in ("/admin", "/admin/", "/admin/login", "/admin/static/admin.css"):
        assert client.get(path).status_code == 404, path
    assert client.post("/admin/login", data={"token": ""}).status_code == 404
    assert client.get("/admin", headers={"Authorization": "Bearer anything"}).status_code == 404


def test_without_the_right_token_a_browser_goes_to_sign_in_and_a_script_gets_401(production):
    resp = production.get("/admin")
    assert resp.status_code == 303 and resp.headers["Location"].endswith("/admin/login")
    wrong = production.get("/admin", headers={"Authorization": "Bearer not-the-admin-token-at-all"})
    assert wrong.status_code == 401
    assert wrong.headers["WWW-Authenticate"].startswith("Bearer")
    assert production.get("/admin", headers={"X-Admin-Token": "nope"}).status_code == 401
    assert ADMIN not in wrong.get_data(as_text=True)


def test_the_right_token_in_a_header_opens_it(production):
    for headers in ({"Authorization": f"Bearer {ADMIN}"}, {"X-Admin-Token": ADMIN}):
        resp = production.get("/admin", headers=headers)
        assert resp.status_code == 200
        assert "How the line is used" in resp.get_data(as_text=True)


def test_a_token_in_the_address_is_never_accepted(production):
    resp = production.get(f"/admin?token={ADMIN}")
    assert resp.status_code == 303 and "token" not in resp.headers["Location"]
    assert production.get(f"/admin/login?token={ADMIN}").status_code == 200  # just the form


def test_sign_in_sets_a_secure_session_cookie_without_the_token(tmp_path):
    client = make_app(tmp_path, APP_ENV="production", ADMIN_TOKEN=ADMIN).test_client()
    form = client.get("/admin/login", base_url="https://line.example.org")
    assert 'type="password"' in form.get_data(as_text=True)
    wrong = client.post("/admin/login", data={"token": "guess-guess-guess-guess"}, base_url="https://line.example.org")
    assert wrong.status_code == 401 and "That token is not right" in wrong.get_data(as_text=True)
    assert "Set-Cookie" not in wrong.headers
    resp = client.post("/admin/login", data={"token": ADMIN}, base_url="https://line.example.org")
    assert resp.status_code == 303 and resp.headers["Location"].endswith("/admin")
    cookie = resp.headers["Set-Cookie"]
    for flag in ("HttpOnly", "Secure", "SameSite=Strict", "Path=/admin"):
        assert flag in cookie, (flag, cookie)
    assert ADMIN not in cookie
    page = client.get("/admin", base_url="https://line.example.org")
    assert page.status_code == 200 and "How the line is used" in page.get_data(as_text=True)
    out = client.post("/admin/logout", base_url="https://line.example.org")
    assert out.status_code == 303
    assert client.get("/admin", base_url="https://line.example.org").status_code == 303


def test_a_forged_or_outdated_cookie_does_not_open_it(tmp_path):
    client = make_app(tmp_path, APP_ENV="production", ADMIN_TOKEN=ADMIN).test_client()
    client.set_cookie("admin_session", "forged.value.here", path="/admin")
    assert client.get("/admin").status_code == 303
    signed_in = make_app(tmp_path, APP_ENV="production", ADMIN_TOKEN=ADMIN).test_client()
    cookie = signed_in.post("/admin/login", data={"token": ADMIN}).headers["Set-Cookie"]
    value = cookie.split(";")[0].split("=", 1)[1]
    renewed = make_app(tmp_path, APP_ENV="production", ADMIN_TOKEN=ADMIN + "-rotated").test_client()
    renewed.set_cookie("admin_session", value, path="/admin")
    assert renewed.get("/admin").status_code == 303  # a new token signs everyone out


def test_development_is_open_without_a_token_and_closed_with_one(tmp_path):
    open_dev = make_app(tmp_path).test_client()
    page = open_dev.get("/admin")
    assert page.status_code == 200 and "Open without a token" in page.get_data(as_text=True)
    assert open_dev.get("/admin/login").status_code == 303
    closed = make_app(tmp_path, ADMIN_TOKEN=ADMIN).test_client()
    assert closed.get("/admin").status_code == 303


def test_a_short_token_is_refused_at_start(tmp_path):
    with pytest.raises(SystemExit, match="ADMIN_TOKEN must be at least 16"):
        make_app(tmp_path, ADMIN_TOKEN="short")


def test_the_page_is_private_and_fetches_nothing_from_elsewhere(app):
    resp = app.test_client().get("/admin")
    assert resp.headers["Cache-Control"] == "no-store"
    assert "default-src 'self'" in resp.headers["Content-Security-Policy"]
    assert "noindex" in resp.headers["X-Robots-Tag"]
    html = resp.get_data(as_text=True)
    assert not re.search(r"""(src|href)=["']https?://""", html)


# -- what it shows -------------------------------------------------------------------------------
def test_the_dashboard_shows_the_report_figures(app):
    seed(app)
    tables = tables_of(app.test_client().get("/admin").get_data(as_text=True))
    totals = {row[0]: row[1:] for row in tables["table-totals"]}
    assert totals["Figure"] == ["All", "English", "Español"]
    assert totals["Calls"] == ["2", "1", "1"]
    assert totals["Texts received"] == ["3", "3", "0"]
    assert totals["Opt-outs (STOP)"] == ["1", "1", "0"]
    topics = {row[0]: row[2:] for row in tables["table-topics"]}
    assert topics["symptoms"] == ["1", "0"] and topics["cure"] == ["1", "1"]
    funnel = {row[0]: row[1:] for row in tables["table-funnel"]}
    assert funnel["Heard part 1 of a topic"] == ["2", "100%", "2"]


def test_period_switch_and_dates(app):
    seed(app)
    client = app.test_client()
    week = client.get("/admin?days=7").get_data(as_text=True)
    assert "Last 7 days:" in week
    assert re.search(r'href="/admin\?days=7"\s+aria-current="page"', week)
    assert len(tables_of(week)["table-daily"]) == 1 + 7
    old = client.get("/admin?from=2020-01-01&to=2020-01-10").get_data(as_text=True)
    assert "From\n  <strong>2020-01-01</strong> to <strong>2020-01-10</strong>" in old
    assert {r[0]: r[1:] for r in tables_of(old)["table-totals"]}["Calls"] == ["0", "0", "0"]
    bad = client.get("/admin?from=yesterday").get_data(as_text=True)
    assert "Dates look like 2025-01-31" in bad and "Last 30 days:" in bad


def test_unmatched_words_are_listed_only_when_kept(tmp_path):
    app = make_app(tmp_path)
    seed(app)
    assert "Off. Set <code>KEEP_UNMATCHED_DAYS</code>" in app.test_client().get("/admin").get_data(as_text=True)
    (tmp_path / "kept").mkdir()
    kept = make_app(tmp_path / "kept", KEEP_UNMATCHED_DAYS="14")
    seed(kept)
    rows = tables_of(kept.test_client().get("/admin").get_data(as_text=True))["table-unmatched"]
    assert [row[:3] for row in rows[1:]] == [["blorp", "Not understood", "SMS, en"]]


def test_the_vendored_chart_library_is_the_one_its_readme_names():
    readme = (VENDOR / "README.md").read_text()
    name = re.search(r"saved as `([^`]+)`", readme).group(1)
    digest = re.search(r"File sha256 \| `([0-9a-f]{64})`", readme).group(1)
    assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest
    assert (VENDOR / "chart.js-LICENSE.md").read_text().startswith("The MIT License")
    template = (VENDOR.parent.parent / "templates" / "admin" / "dashboard.html").read_text()
    assert f"vendor/{name}" in template
