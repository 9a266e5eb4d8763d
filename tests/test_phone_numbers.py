"""Phone numbers in one place (phone_numbers.py): bare numbers, withheld and fictional callers,
the groups people read; and LANGUAGE_BY_NUMBER keyed the way the line looks numbers up."""

from __future__ import annotations

import pytest

import phone_numbers as pn
import settings
from simulator.phone import Endpoint, FlaskTransport, Texter
from simulator.sessions import made_up_number
from tests.conftest import TOKEN, make_app


@pytest.mark.parametrize(
    ("address", "bare"),
    [
        ("+15017120777", "+15017120777"),
        ("whatsapp:+1 501 712 0777", "+15017120777"),
        ("SMS:+1 (501) 712-0777", "+15017120777"),
        ("  +1.501.712.0777 ", "+15017120777"),
        (None, ""),
    ],
)
def test_bare_number_drops_channel_and_separators(address, bare):
    assert pn.bare_number(address) == bare


@pytest.mark.parametrize("address", ["anonymous", "Restricted", "", "+266696687", "whatsapp:+86282452253"])
def test_withheld_caller_ids_are_not_phone_numbers(address):
    assert pn.is_withheld(address) and not pn.is_phone_number(address)


@pytest.mark.parametrize("address", ["client:alice", "988", "+0123456789", "+1234567", "+1234567890123456"])
def test_names_short_codes_and_malformed_numbers_are_not_phone_numbers(address):
    assert not pn.is_phone_number(address)


def test_a_real_number_in_any_channel_is_a_phone_number():
    assert pn.is_phone_number("whatsapp:+1 501 712 0777") and pn.is_e164("+44 20 7946 0958")


def test_fictional_numbers_are_made_and_recognised_by_one_rule():
    assert pn.fictional("415", 7) == "+14155550107" and pn.is_fictional("+1 415 555 0107")
    assert pn.is_fictional(made_up_number())
    assert not pn.is_fictional("+14155550200")
    with pytest.raises(ValueError):
        pn.fictional("41", 100)


@pytest.mark.parametrize(
    ("number", "groups"),
    [("+18004226237", ["1", "800", "422", "6237"]), ("(800) 222-1222", ["800", "222", "1222"]), ("988", ["988"])],
)
def test_groups_as_people_read_them(number, groups):
    assert pn.groups(number) == groups


def test_language_by_number_is_keyed_by_the_bare_number():
    assert settings.language_by_number("+1 800-555-0199=es, +1 (800) 555 0198 = en") == {
        "+18005550199": "es",
        "+18005550198": "en",
    }
    with pytest.raises(SystemExit, match="should look like"):
        settings.language_by_number("1-800-555-0199=es")


def test_a_line_number_written_with_spaces_still_answers_in_its_language(tmp_path):
    """The operator writes the number as people do; Twilio's To is E.164: the same line."""
    app = make_app(tmp_path, LANGUAGE_BY_NUMBER="+1 800-555-0199=es")
    endpoint = Endpoint(FlaskTransport(app.test_client()), TOKEN, "http://localhost")
    es = app.extensions["line"].library.get("es")
    replies = Texter(endpoint, sender="+15017120779", number="+18005550199").send("menu")
    assert es.prompt("sms_welcome").text in replies[0].body


def test_no_other_module_parses_phone_numbers_itself():
    """One home: digit stripping, the E.164 pattern and the fiction range live in phone_numbers.py."""
    rules = ('\\D"', r"55501\d", "55501{", r"\+[1-9]\d")  # the forms the old copies had
    found = []
    for path in settings.ROOT.rglob("*.py"):
        parts = path.relative_to(settings.ROOT).parts
        if parts[0] in (".venv", "tests", "bench") or path.name == "phone_numbers.py":
            continue
        text = path.read_text()
        found += [(str(path.relative_to(settings.ROOT)), rule) for rule in rules if rule in text]
    assert found == []
