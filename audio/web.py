"""GET /audio/<lang>/<file>: the built files, cacheable forever (a name never changes its words).

Twilio fetches <Play> URLs with a plain, unsigned GET and caches media that has an ETag and
Cache-Control. HEAD, Range (206) and conditional GET (304) come from Werkzeug's send_file.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, send_from_directory

bp = Blueprint("audio", __name__)

TYPES = {".wav": "audio/wav", ".mp3": "audio/mpeg"}
ONE_YEAR = 31536000


@bp.get("/audio/<lang>/<name>")
def audio_file(lang: str, name: str):
    suffix = name[name.rfind(".") :] if "." in name else ""
    if suffix not in TYPES:
        abort(404)
    folder = current_app.extensions["audio"].folder
    # send_from_directory refuses paths that leave the folder (404); names are content hashes,
    # so the name itself is a stable ETag across servers and rebuilds.
    resp = send_from_directory(
        folder,
        f"{lang}/{name}",
        mimetype=TYPES[suffix],
        conditional=True,
        etag=name,
        max_age=ONE_YEAR,
    )
    resp.cache_control.immutable = True
    return resp
