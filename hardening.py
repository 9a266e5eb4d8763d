"""Browser-facing protections for every response and every cookie-carrying form or JSON POST.

- Cross-site request forgery: a POST (PUT, PATCH, DELETE) that carries a cookie (the admin's
  session, the simulator's pass) must come from a page of this line. Browsers say where a
  request comes from: `Sec-Fetch-Site` (same-origin), else `Origin`; a request from another site,
  or with `Origin: null`, is refused with 403. A request without either header is not from a
  browser (a script with a bearer token, Twilio's signed webhooks, which carry no cookie), so no
  forged cookie can ride on it. SameSite=Strict cookies already stop most of this; this is the
  second lock the OWASP guide asks for.
- `X-Content-Type-Options: nosniff` on every response; `Strict-Transport-Security` when the line
  is served over https (PUBLIC_BASE_URL), so a browser never talks to it in the clear again.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, request

log = logging.getLogger(__name__)
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
HSTS = "max-age=31536000"  # a year; subdomains are the operator's choice, not ours


def init_app(app: Flask) -> None:
    app.before_request(_same_origin_only)
    app.after_request(_headers)


def _own_hosts() -> set[str]:
    hosts = {request.host.lower()}
    public = current_app.config["PUBLIC_BASE_URL"]
    if public:
        hosts.add(urlsplit(public).netloc.lower())
    return hosts


def from_this_site() -> bool:
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin != "null" and urlsplit(origin).netloc.lower() in _own_hosts()
    referer = request.headers.get("Referer")
    if referer:
        return urlsplit(referer).netloc.lower() in _own_hosts()
    return True  # no browser sent this (see the module's note)


def _same_origin_only():
    if request.method in UNSAFE_METHODS and request.cookies and not from_this_site():
        log.warning("refused a cross-site %s to %s", request.method, request.path)
        abort(403)


def _headers(resp):
    resp.headers.setdefault("X-Content-Type-Options", "nosniff")
    if current_app.config["PUBLIC_BASE_URL"].startswith("https://"):
        resp.headers.setdefault("Strict-Transport-Security", HSTS)
    return resp
