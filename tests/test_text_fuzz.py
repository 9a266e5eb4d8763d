"""Any body a texter can send gets a valid reply: TwiML Twilio accepts, every text within budget."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from content.commands import OPT_OUT
from understanding.text import normalise

# Everything a phone can send: any printable or control character, emoji, right-to-left text
# (not lone surrogates: they cannot travel as UTF-8), up to Twilio's 1600 characters.
BODIES = st.text(st.characters(exclude_categories=("Cs",)), max_size=1600)
WORDISH = st.lists(
    st.sampled_from(["more", "MENU", "back", "3", "1", "stop the pain", "sintomas", "cure", "listen", "help", "🙏"]),
    max_size=4,
).map(" ".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(BODIES, WORDISH))
@example(body="\u202e\u05e9\u05dc\u05d5\u05dd\u202c 👋🏽 \x00\x1f\x7f")
@example(body="x" * 1600)
@example(body="sintomas " * 177)
def test_any_body_gets_valid_twiml_within_budget(texter, body):
    assume(normalise(body).upper() not in OPT_OUT)  # an opt-out is answered with nothing (test_sms.py)
    # The texter fixture parses the TwiML like Twilio and checks every reply's budget.
    assert texter.send(body)
