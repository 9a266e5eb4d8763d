"""The content linter: passes on the real content, fails with file/snippet/reason on bad content."""

from __future__ import annotations

import pytest
import textstat
import yaml

from content import readability
from content.lint import DEFAULT_WPM, Problem, check, format_report, lint
from content.loader import load_library
from tests.conftest import copy_content

NUMBERS = {"helpline": "+18004226237", "crisis": "988", "emergency": "911", "poison": "+18002221222"}


@pytest.fixture
def content(tmp_path):
    """The real content copied to tmp_path; `edit(code, change)` rewrites one file, `check()` lints it."""
    copy_content(tmp_path)

    class Content:
        folder = tmp_path

        def edit(self, code, change):
            path = tmp_path / f"{code}.yaml"
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            change(data)
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")

        def check(self):
            return check(NUMBERS, DEFAULT_WPM, folder=tmp_path)

    return Content()


def only_problem(report) -> Problem:
    assert len(report.problems) == 1, format_report(report)
    return report.problems[0]


def set_part(data, section: int, text: str, part: int = 0) -> None:
    data["sections"][section]["parts"][part] = text


# --- The real content ---------------------------------------------------------------------


def test_the_real_content_passes_and_reports_its_figures():
    report = check(NUMBERS, DEFAULT_WPM)
    assert report.ok, format_report(report)
    figures = {f.code: f for f in report.figures}
    assert set(figures) == {"en", "es"}
    en, es = figures["en"], figures["es"]
    assert en.score_worst <= 6 and es.score_worst >= 65
    assert en.words_per_sentence_max <= 20 and es.words_per_sentence_max <= 20
    assert en.segments_max <= 3 and es.segments_max <= 4
    assert en.seconds_max <= 45 and es.seconds_max <= 45
    text = format_report(report)
    assert "FK grade" in text and "Szigriszt-Pazos" in text and "No problems." in text


def test_lint_takes_a_loaded_library_and_a_speech_rate():
    library = load_library(NUMBERS)
    slow = lint(library, wpm=40)  # so slow that long parts no longer fit in 45 seconds
    assert slow.wpm == 40
    assert any("voice part lasts" in p.reason for p in slow.problems)


# --- Deliberately bad content: each names file, snippet and reason -------------------------


def test_hard_words_fail_english_grade(content):
    hard = (
        "Metastatic malignancies characteristically demonstrate considerable heterogeneity. "
        "Therapeutic interventions necessitate individualized multidisciplinary consideration."
    )
    content.edit("en", lambda d: set_part(d, 0, hard))
    problem = only_problem(content.check())
    assert problem.file.endswith("en.yaml") and problem.snippet == "spread.p1"
    assert "Flesch-Kincaid grade" in problem.reason and "above 6" in problem.reason


def test_hard_words_fail_spanish_szigriszt_pazos(content):
    hard = (
        "Las neoplasias metastásicas experimentan transformaciones fenotípicas considerablemente "
        "heterogéneas. Las intervenciones terapéuticas necesitan individualización multidisciplinaria."
    )
    content.edit("es", lambda d: set_part(d, 0, hard))
    problem = only_problem(content.check())
    assert problem.file.endswith("es.yaml") and problem.snippet == "spread.p1"
    assert "Szigriszt-Pazos" in problem.reason and "below 65" in problem.reason


def test_a_long_sentence_fails(content):
    long = (
        "You can ask your care team what you want to know, and they can tell you what it is and what it means for you."
    )
    content.edit("en", lambda d: set_part(d, 3, long))
    problem = only_problem(content.check())
    assert (problem.snippet, problem.reason[:24]) == ("cure.p1", "sentence of 25 words (ma")


def test_a_long_voice_part_fails(content):
    long = " ".join(["The care team can help you. Ask them what you need to know."] * 9)  # 117 words
    content.edit("en", lambda d: set_part(d, 4, {"text": "The care team can help you.", "voice": long}))
    problem = only_problem(content.check())
    assert problem.snippet == "resist.p1"
    assert "voice part lasts 52 s at 135 wpm (max 45 s)" in problem.reason


def test_brackets_in_voice_words_fail(content):
    # A voice reads "(comfort care)" straight on with no pause: say it as a sentence instead.
    content.edit("en", lambda d: set_part(d, 3, "It is called palliative care (comfort care). It helps."))
    problem = only_problem(content.check())
    assert (problem.snippet, problem.reason[:22]) == ("cure.p1", "brackets in voice word")


def test_a_voice_that_drops_the_word_in_brackets_fails(content):
    part = {"text": "It is called palliative care (comfort care). It helps.", "voice": "It is palliative care."}
    content.edit("en", lambda d: set_part(d, 3, part))
    problem = only_problem(content.check())
    assert problem.snippet == "cure.p1"
    assert problem.reason == "the voice never says 'comfort care', which the text names"


def test_a_smart_quote_in_english_fails(content):
    content.edit("en", lambda d: set_part(d, 3, "It\u2019s not giving up. It means the goal changes."))
    problem = only_problem(content.check())
    assert problem.file.endswith("en.yaml") and problem.snippet == "cure.p1"
    assert problem.reason == "characters outside GSM-7 would triple the SMS cost: '\u2019' (U+2019)"


def test_a_spanish_reply_over_four_segments_fails(content):
    # Texts drop the accents of á í ó ú, so Spanish is GSM-7: 19 short sentences, 645 characters, one reply.
    help_text = " ".join(["Responda MENÚ para ver los temas."] * 19)
    content.edit("es", lambda d: d["prompts"].update(sms_help=help_text))
    problem = only_problem(content.check())
    assert problem.file.endswith("es.yaml") and problem.snippet == "prompt.sms_help"
    assert "costs 5 GSM-7 segments" in problem.reason and "max 4" in problem.reason


def test_a_keyword_twice_in_one_menu_fails_even_with_other_accents(content):
    # where.place: liver (hígado) gets "pulmon", which the lungs topic has as "pulmón"
    content.edit("es", lambda d: d["sections"][1]["children"][0]["children"][1]["keywords"].append("pulmon"))
    problem = only_problem(content.check())
    assert problem.snippet == "where.place.lungs"
    assert problem.reason == "keyword 'pulmón' is also 'pulmon' of where.place.liver in the same menu"


@pytest.mark.parametrize("word", ["stop", "Menú", "ayuda", "mas"])
def test_a_keyword_that_is_an_sms_command_fails(content, word):
    content.edit("es", lambda d: d["sections"][5]["keywords"].append(word))
    problem = only_problem(content.check())
    assert problem.snippet == "next" and "is the SMS command" in problem.reason


def test_a_reply_word_nobody_knows_fails(content):
    content.edit("en", lambda d: d["prompts"].update(sms_not_understood="Sorry. Try a word like BANANA."))
    problem = only_problem(content.check())
    assert problem.snippet == "prompt.sms_not_understood" and "BANANA" in problem.reason


def test_a_missing_translation_fails_through_the_loader(content):
    def drop_brain_signs(data):
        symptoms = data["sections"][2]
        symptoms["children"] = [c for c in symptoms["children"] if c["id"] != "brain"]

    content.edit("es", drop_brain_signs)
    problem = only_problem(content.check())
    assert problem.file.endswith("es.yaml") and problem.snippet == "symptoms.brain"
    assert "missing translation" in problem.reason
    assert "symptoms.brain: missing translation" in format_report(content.check())


# --- Readability is offline, per language, and does not leak between languages -------------

EN_TEXT = "Cancer cells can break away. They travel in the blood. Some grow new tumors in other organs."
ES_TEXT = "Las células del cáncer se pueden soltar. Viajan por la sangre. Algunas forman tumores nuevos."


def test_english_and_spanish_scores_do_not_leak_into_each_other():
    en_alone = readability.score(EN_TEXT, "en")
    es_alone = readability.score(ES_TEXT, "es")
    textstat.set_lang("es")  # someone else changes textstat's shared object
    try:
        assert readability.score(EN_TEXT, "en") == en_alone
        textstat.set_lang("en_US")
        assert readability.score(ES_TEXT, "es") == es_alone
        assert [readability.score(t, c) for t, c in [(ES_TEXT, "es"), (EN_TEXT, "en")] * 2] == [
            es_alone,
            en_alone,
        ] * 2
    finally:
        textstat.set_lang("en_US")


def test_each_language_counts_syllables_with_its_own_dictionary():
    # pyphen's Spanish dictionary splits "metastásico" as me-tas-tá-si-co; English scores English.
    assert readability._stats("es").syllable_count("metastásico") == 5
    assert readability.score(ES_TEXT, "es") != readability.score(ES_TEXT.replace("é", "e"), "en")
    assert 60 < readability.score(ES_TEXT, "es") < 120 and readability.score(EN_TEXT, "en") < 6


def test_menus_are_scored_line_by_line():
    assert readability.sentences("1 Liver\n2 Lungs and more") == ["1 Liver", "2 Lungs and more"]
    assert readability.for_scoring("Pick one:\n1 Liver\n2 Lungs") == "Pick one: 1 Liver. 2 Lungs."


# --- SMS paging (issue 22): at most 3 texts a topic, the first part whole in the first text ---------


def test_a_topic_of_four_texts_fails(content):
    def long_topic(data):
        parts = data["sections"][4]["parts"]
        more = "Ask your care team what this means for you. They know your case best and can help you choose."
        parts += [{"about": f"more {n}", "text": " ".join([more] * 4)} for n in range(3)]

    content.edit("en", long_topic)
    content.edit("es", long_topic)  # the same number of parts in both languages
    problems = [p for p in content.check().problems if p.snippet == "resist"]
    assert problems and "texts (max 3 before its subtopics)" in problems[0].reason


def test_a_first_part_longer_than_one_text_fails(content):
    long = " ".join(["Ask your care team what this means for you."] * 12)  # about 530 characters
    content.edit("en", lambda d: set_part(d, 4, {"text": long, "voice": "Ask your care team."}))
    problem = only_problem(content.check())
    assert problem.snippet == "resist.p1" and "does not fit whole in the first text" in problem.reason


def test_a_later_part_without_about_is_refused(content):
    content.edit("en", lambda d: set_part(d, 4, "Chemo still helps many people.", part=1))
    problem = only_problem(content.check())
    assert problem.snippet == "sections[4].parts[1]" and "missing 'about'" in problem.reason
