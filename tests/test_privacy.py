"""No raw phone number reaches a log line or the database."""

from __future__ import annotations

import logging
import re

from tests.conftest import CALLER
from tests.walk import start_call


def _forms(number: str) -> list[str]:
    digits = re.sub(r"\D", "", number)
    return [number, digits, digits[1:], digits[-7:]]


def test_no_raw_number_in_logs_or_database(app, phone, texter, caplog, tmp_path):
    caplog.set_level(logging.DEBUG)
    call = start_call(phone, "en")
    call.press("3").press("2")  # "text me this" seals the number in the outbox
    call.press("0").dial_result("no-answer")
    call.hang_up()
    for body in ("symptoms", "more", "help", "STOP", "START", "what comes next"):
        texter.send(body)
    app.extensions["line"].store.dispose()
    db_bytes = (tmp_path / "line.db").read_bytes()
    logs = "\n".join(r.getMessage() for r in caplog.records)
    for form in _forms(CALLER):
        assert form.encode() not in db_bytes, form
        assert form not in logs, form
    assert caplog.records, "the test must see the app's log lines"
