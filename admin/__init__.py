"""The private dashboard at /admin: how the line is used, for the people who run it.

Plain server-rendered HTML like the simulator; Chart.js (vendored in admin/static/vendor) draws
the charts from numbers in the page, and every chart has its table. Who may open it: access.py.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, abort, current_app, make_response, redirect, render_template, request, url_for

from admin import access, charts
from usage.figures import period
from usage.report import figures_for, today

bp = Blueprint(
    "admin",
    __name__,
    url_prefix="/admin",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)
PERIODS = (7, 30, 90, 365)
# The totals shown large at the top (rows of usage.figures' totals table, by their label).
HEADLINES = ("Calls", "Texts received", "Topics opened on calls", "Topics sent by text", "Texts understood")
DEFAULT_DAYS = 30
MAX_DAYS = 3660


def init_app(app) -> None:
    access.check_settings(app.config)
    app.register_blueprint(bp)


@bp.before_request
def guard():
    if not access.enabled():
        abort(404)  # production without ADMIN_TOKEN: there is no dashboard
    if request.endpoint in ("admin.login", "admin.static"):
        return None
    header = access.presented_header()
    if header is not None and not access.open_without_token():
        wait = access.throttle().wait_s()
        if wait > 0:
            return _too_soon(wait)
        if not access.matches(header):
            # A script sent a wrong token: say so plainly, no redirect to a form.
            access.throttle().failed("header")
            resp = make_response("The admin token is not right.\n", 401)
            resp.headers["WWW-Authenticate"] = 'Bearer realm="admin"'
            return resp
        access.throttle().succeeded()
        return None
    if access.allowed():
        return None
    return redirect(url_for("admin.login"), code=303)


def _too_soon(wait: float):
    resp = make_response(f"Too many wrong tokens: try again in {int(wait) + 1} seconds.\n", 429)
    resp.headers["Retry-After"] = str(int(wait) + 1)
    return resp


@bp.after_request
def private(resp):
    resp.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'",
    )
    resp.headers.setdefault("Referrer-Policy", "same-origin")  # see simulator/web.py
    resp.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
    resp.headers.setdefault("X-Content-Type-Options", "nosniff")
    if request.endpoint != "admin.static":
        resp.headers["Cache-Control"] = "no-store"
    return resp


def _period() -> tuple[date, date, int | None, str]:
    """?days=N (the last N days), or ?from=YYYY-MM-DD&to=YYYY-MM-DD; a bad value falls back kindly."""
    end, note = today(), ""
    raw_from, raw_to = request.args.get("from", ""), request.args.get("to", "")
    if raw_from or raw_to:
        try:
            first = date.fromisoformat(raw_from) if raw_from else end - timedelta(days=DEFAULT_DAYS - 1)
            last = date.fromisoformat(raw_to) if raw_to else end
            if first > last:
                first, last = last, first
            if (last - first).days < MAX_DAYS:
                return first, last, None, ""
            note = f"Periods are at most {MAX_DAYS} days: showing the last {DEFAULT_DAYS} days."
        except ValueError:
            note = f"Dates look like 2025-01-31: showing the last {DEFAULT_DAYS} days."
        first, _ = period(DEFAULT_DAYS, end)
        return first, end, DEFAULT_DAYS, note
    raw = request.args.get("days", "")
    days = int(raw) if raw.isdigit() and 1 <= int(raw) <= MAX_DAYS else DEFAULT_DAYS
    return period(days, end)[0], end, days, ""


@bp.get("", strict_slashes=False)
def dashboard():
    first, last, days, note = _period()
    fig = figures_for(current_app, first, last)
    return render_template(
        "admin/dashboard.html",
        fig=fig,
        charts=charts.build(fig),
        headlines=[(row[0], row[1]) for row in fig.totals.rows if row[0] in HEADLINES],
        periods=PERIODS,
        days=days,
        note=note,
        open_without_token=access.open_without_token(),
        keep_days=current_app.config["KEEP_UNMATCHED_DAYS"],
        retention_days=current_app.config["USAGE_RETENTION_DAYS"],
    )


@bp.route("/login", methods=["GET", "POST"])
def login():
    if access.open_without_token() or (request.method == "GET" and access.allowed()):
        return redirect(url_for("admin.dashboard"), code=303)
    if request.method == "GET":
        return render_template("admin/login.html", wrong=False)
    wait = access.throttle().wait_s()
    if wait > 0:
        return _too_soon(wait)
    if not access.matches(request.form.get("token", "")):
        access.throttle().failed("form")
        return render_template("admin/login.html", wrong=True), 401
    access.throttle().succeeded()
    resp = redirect(url_for("admin.dashboard"), code=303)
    resp.set_cookie(
        access.COOKIE,
        access.new_pass(),
        max_age=access.SESSION_SECONDS,
        httponly=True,
        secure=access.cookie_is_secure(),
        samesite="Strict",
        path="/admin",
    )
    return resp


@bp.post("/logout")
def logout():
    resp = redirect(url_for("admin.login"), code=303)
    resp.delete_cookie(access.COOKIE, path="/admin", httponly=True, samesite="Strict", secure=access.cookie_is_secure())
    return resp
