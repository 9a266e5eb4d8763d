"""Whatever Twilio or a caller sends, the voice line answers with valid TwiML and keeps going."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.phone import parse_twiml
from tests.conftest import TOKEN, make_app

PATH_PARTS = st.sampled_from(["en", "es", "xx", ""]), st.sampled_from(["menu", "part", "after", "lang", "nope"])
NODES = st.sampled_from(["root", "symptoms", "where.place.liver", "next", "no.such.node", "%2e%2e", "a b"])
form_text = st.text(max_size=200)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lang=PATH_PARTS[0],
    screen=PATH_PARTS[1],
    node=NODES,
    part=st.integers(min_value=0, max_value=10_000),
    tries=st.integers(min_value=0, max_value=10_000),
    digits=form_text,
    speech=form_text,
    confidence=st.one_of(st.none(), st.text(max_size=8), st.floats(allow_nan=True).map(str)),
)
def test_any_input_gets_valid_twiml(tmp_path_factory, lang, screen, node, part, tries, digits, speech, confidence):
    app = _app(tmp_path_factory)
    from simulator.phone import Endpoint, FlaskTransport

    endpoint = Endpoint(FlaskTransport(app.test_client()), TOKEN, "http://localhost")
    form = {"CallSid": "CA" + "5" * 32, "From": "+15017122661", "Digits": digits, "SpeechResult": speech}
    if confidence is not None:
        form["Confidence"] = confidence
    url = f"/voice/{lang or 'en'}/{screen}/{node}/{part}/{tries}/input"
    exchange = endpoint.post(url, form)
    if exchange.status == 404:
        return  # a URL the line never hands out (e.g. an encoded dot path): Twilio cannot get there
    root = parse_twiml(exchange)
    verbs = [v.tag for v in root]
    assert verbs and verbs[-1] in ("Redirect", "Hangup", "Dial"), exchange.body


_APPS = {}


def _app(factory):
    if "app" not in _APPS:
        _APPS["app"] = make_app(factory.mktemp("fuzz"))
    return _APPS["app"]
