"""The content itself: the loader's checks, parity, reachability, COVERAGE.md, SMS paging and commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from content import commands
from content.lint import snippet_ids
from content.loader import CONTENT_DIR, ContentError, load_library
from content.paging import budget, paginate
from content.segments import cost
from tests.conftest import copy_content

NUMBERS = {"helpline": "+18004226237", "crisis": "988", "emergency": "911", "poison": "+18002221222"}
COVERAGE = CONTENT_DIR / "COVERAGE.md"


@pytest.fixture(scope="module")
def library():
    return load_library(NUMBERS)


@pytest.fixture
def content_copy(tmp_path):
    """A copy of the real content in tmp_path, with helpers to read and rewrite one file."""
    copy_content(tmp_path)

    class Copy:
        folder = tmp_path

        def read(self, code: str) -> dict:
            return yaml.safe_load((tmp_path / f"{code}.yaml").read_text(encoding="utf-8"))

        def write(self, code: str, data: dict) -> None:
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
            (tmp_path / f"{code}.yaml").write_text(text, encoding="utf-8")

    return Copy()


def load_error(folder: Path) -> str:
    with pytest.raises(ContentError) as info:
        load_library(NUMBERS, folder=folder)
    return str(info.value)


# --- The real content -------------------------------------------------------------------


def test_both_languages_load_with_their_voice_settings(library):
    assert library.codes == ("en", "es")
    en, es = library.get("en"), library.get("es")
    assert (en.digit, es.digit) == ("1", "2")
    assert es.name == "Español"
    assert es.voice.say_voice == "Polly.Lupe-Neural" and es.voice.say_language == "es-US"
    assert es.voice.speech_language == "es-US" and es.voice.tts_voice == "roa/es-419"
    assert (es.sms_alphabet, es.sms_max_segments) == ("UCS-2", 4)
    assert (en.sms_alphabet, en.sms_max_segments) == ("GSM-7", 3)


def test_a_caller_hears_the_language_offer_goal_first(library):
    assert library.get("en").prompt("language_offer").voice == "For English, press 1."
    assert library.get("es").prompt("language_offer").voice == "Para español, oprima 2."
    for lang in library.languages.values():
        assert lang.prompts["menu_option"].voice.endswith("{key}.")
        assert lang.prompts["menu_option"].voice.index("{label}") < lang.prompts["menu_option"].voice.index("{key}")


def test_the_sms_help_reply_says_what_carriers_require(library):
    en = library.get("en").prompt("sms_help").text
    assert "Stage 4 Cancer Info Line" in en and "1-800-422-6237" in en
    assert "Msg & data rates may apply" in en and "Reply STOP to cancel" in en
    es = library.get("es").prompt("sms_help").text
    assert "1-800-422-6237" in es and "STOP" in es and "tarifas de mensajes y datos" in es


def test_crisis_replies_give_988_and_911_in_both_languages(library):
    for lang in library.languages.values():
        assert "988" in lang.prompt("crisis_self_harm").text and "911" in lang.prompt("crisis_self_harm").text
        assert "911" in lang.prompt("crisis_emergency").text
        assert "9 1 1" in lang.prompt("emergency").voice  # said digit by digit, not "nine hundred eleven"


def _paths(lang, node=None, digits=""):
    node = node or lang.root
    for child in node.children:
        yield digits + child.digit, child
        yield from _paths(lang, child, digits + child.digit)


def test_every_topic_is_reachable_by_the_same_keys_in_both_languages(library):
    en, es = library.get("en"), library.get("es")
    en_paths = {d: n.id for d, n in _paths(en)}
    assert en_paths == {d: n.id for d, n in _paths(es)}
    assert set(en_paths.values()) == set(en.nodes) - {"root"}
    assert max(len(d) for d in en_paths) <= 3  # menus no deeper than three levels


@pytest.mark.parametrize("code", ["en", "es"])
def test_every_topic_has_a_keyword_of_its_own_in_its_menu(library, code):
    lang = library.get(code)
    for node in lang.nodes.values():
        for child in node.children:
            others = {commands.fold(k) for c in node.children if c is not child for k in c.keywords}
            own = {commands.fold(k) for k in child.keywords} - others
            assert own, f"{code}: {child.id} has no keyword of its own"


@pytest.mark.parametrize("code", ["en", "es"])
def test_a_keyword_reaches_one_topic_anywhere_in_the_tree(library, code):
    # Stricter than the linter's per-menu rule: a texter's word can be matched from any menu.
    owners = {}
    for node in library.get(code).nodes.values():
        for word in node.keywords:
            assert owners.setdefault(commands.fold(word), node.id) == node.id, f"{code}: {word!r}"


def test_no_keyword_is_an_sms_command(library):
    for lang in library.languages.values():
        for node in lang.nodes.values():
            assert not [k for k in node.keywords if commands.is_command(k)], node.id


def test_english_text_stays_in_gsm7(library):
    en = library.get("en")
    for snip in en.snippets() + list(en.prompts.values()):
        assert cost(snip.text).encoding == "GSM-7", snip.id


# --- COVERAGE.md ----------------------------------------------------------------------------


def coverage_rows() -> list[tuple[str, str, list[str], list[str]]]:
    """(number, fact, en ids, es ids) of every row: the article's facts (1, 2...), service messages (S),
    clinical additions (C) and the signs that need help now (U); C and U rows also name a source."""
    rows = []
    for line in COVERAGE.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) not in (4, 5) or not re.fullmatch(r"[A-Z]?\d+", cells[0]):
            continue
        number, fact, en, es = cells[0], cells[1], cells[-2], cells[-1]
        rows.append((number, fact, re.findall(r"`([^`]+)`", en), re.findall(r"`([^`]+)`", es)))
    return rows


def coverage_sources() -> dict[str, str]:
    """Row number -> its source cell, for the rows that carry one (C, U)."""
    sources = {}
    for line in COVERAGE.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and re.fullmatch(r"[A-Z]\d+", cells[0]):
            sources[cells[0]] = cells[2]
    return sources


def test_coverage_lists_the_facts_once_each():
    rows = coverage_rows()
    numbers = [r[0] for r in rows]
    assert len(numbers) == len(set(numbers))
    assert sum(1 for n in numbers if n.isdigit()) >= 60  # the article's facts, one row each


@pytest.mark.parametrize("number,fact,en_ids,es_ids", coverage_rows(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_fact_is_carried_in_both_languages(library, number, fact, en_ids, es_ids):
    assert en_ids, f"fact {number} has no English snippet"
    assert es_ids, f"fact {number} has no Spanish snippet"
    assert set(en_ids) <= snippet_ids(library.get("en")), f"fact {number}: unknown en ids"
    assert set(es_ids) <= snippet_ids(library.get("es")), f"fact {number}: unknown es ids"


def test_every_sign_that_needs_help_now_was_checked_against_nci_or_acs():
    sources = coverage_sources()
    signs = {n: src for n, src in sources.items() if n.startswith("U")}
    assert len(signs) >= 8  # spinal cord, weakness/confusion, headache, seizure, breathing, fever, calcium, bleeding
    for number, source in sources.items():
        assert re.search(r"https://\S+", source), f"{number} names no page"
    for number, source in signs.items():
        assert re.search(r"https://www\.cancer\.(gov|org)/", source), f"{number}: not checked against NCI or ACS"


def test_every_part_carries_at_least_one_fact(library):
    named = {i for row in coverage_rows() for i in row[2]}
    parts = {p.id for n in library.get("en").nodes.values() for p in n.parts}
    assert parts <= named, f"parts not in COVERAGE.md: {sorted(parts - named)}"


# --- The loader rejects bad content with file and key -----------------------------------


def test_missing_prompt_names_file_and_key(content_copy):
    data = content_copy.read("es")
    del data["prompts"]["goodbye"]
    content_copy.write("es", data)
    assert "es.yaml: prompts.goodbye: missing" in load_error(content_copy.folder)


def test_duplicate_digit_names_file_and_menu(content_copy):
    data = content_copy.read("en")
    data["sections"][1]["children"][0]["children"][1]["digit"] = 1  # liver takes lymph nodes' key
    content_copy.write("en", data)
    message = load_error(content_copy.folder)
    assert "en.yaml: sections[1].children[0].children: digit 1 is used twice in one menu" in message


def test_reserved_digit_9_is_refused(content_copy):
    data = content_copy.read("en")
    data["sections"][5]["digit"] = 9
    content_copy.write("en", data)
    assert "en.yaml: sections[5].digit: '9' must be one of 1-8 (repeat everywhere)" in load_error(content_copy.folder)


def test_examples_are_read_as_phrases(content_copy):
    data = content_copy.read("en")
    data["sections"][3]["examples"] = ["can u  cure it", "is there a cure"]
    content_copy.write("en", data)
    cure = load_library(NUMBERS, folder=content_copy.folder).get("en").root.children[3]
    assert cure.examples == ("can u cure it", "is there a cure")


def test_examples_that_are_not_phrases_are_refused(content_copy):
    data = content_copy.read("en")
    data["sections"][3]["examples"] = "can u cure it"
    content_copy.write("en", data)
    assert "en.yaml: sections[3].examples: expected a list of phrases" in load_error(content_copy.folder)


def test_bad_yaml_names_file_and_line(content_copy):
    path = content_copy.folder / "es.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n  - : [unclosed\n", encoding="utf-8")
    message = load_error(content_copy.folder)
    assert "es.yaml: line" in message and "not valid YAML" in message


def test_a_topic_missing_from_spanish_is_a_missing_translation(content_copy):
    data = content_copy.read("es")
    data["sections"][1]["children"][1]["children"].pop()  # drop where.type.kidney
    content_copy.write("es", data)
    assert "es.yaml: where.type.kidney: missing translation" in load_error(content_copy.folder)


def test_a_part_missing_from_spanish_is_refused(content_copy):
    data = content_copy.read("es")
    data["sections"][0]["parts"].pop()
    content_copy.write("es", data)
    assert "es.yaml: spread.parts: 4 parts but 5 in" in load_error(content_copy.folder)


# --- SMS paging and commands ----------------------------------------------------------------

MORE, END = "Reply MORE to read on.", "Reply MENU for topics."


def test_short_paragraphs_stay_whole_and_share_a_reply():
    replies = paginate(["One fact here.", "Another fact."], budget(1), MORE, END)
    assert replies == ["One fact here.\nAnother fact.\nReply MENU for topics."]


def test_a_paragraph_that_does_not_fit_starts_the_next_reply_whole():
    first, second = "A" * 60 + ". Short.", "B" * 50 + ". Second sentence of it."
    replies = paginate([first, second], budget(1), MORE, END)
    assert replies == [f"(1/2) {first}\n{MORE}", f"(2/2) {second}\n{END}"]


def test_a_long_paragraph_splits_between_sentences_and_every_reply_fits():
    paragraph = " ".join(f"Sentence number {i} is here." for i in range(40))
    replies = paginate([paragraph], budget(2), MORE, END)
    assert len(replies) > 1
    assert all(cost(r).segments <= 2 for r in replies)
    assert all(r.endswith(MORE) for r in replies[:-1]) and replies[-1].endswith(END)
    assert " ".join(re.sub(r"^\(\d+/\d+\) |\n.*$", "", r) for r in replies) == paragraph


def test_a_long_ending_moves_to_a_reply_of_its_own():
    menu = "\n".join(f"{i} Topic number {i}" for i in range(1, 8))
    replies = paginate(["X" * 100 + "."], budget(1), MORE, menu)
    assert replies == ["(1/2) " + "X" * 100 + ".\n" + MORE, "(2/2) " + menu]


def test_an_ending_that_does_not_fit_takes_the_last_sentence_with_it():
    ending = "Reply MENU for topics, BACK to go back, or HELP for help now."
    paragraph = "A" * 50 + ". " + "B" * 50 + "."
    replies = paginate([paragraph], budget(1), MORE, ending)
    assert replies == ["(1/2) " + "A" * 50 + ".\n" + MORE, "(2/2) " + "B" * 50 + ".\n" + ending]


def test_a_heading_is_never_a_reply_of_its_own():
    heading, part = "Lungs:", "A" * 60 + ". " + "B" * 60 + "."
    assert paginate([heading, part], budget(1), MORE, END)[0] == "(1/2) Lungs:\n" + MORE  # what lead prevents
    replies = paginate([heading, part], budget(1), MORE, END, lead=1)
    assert replies[0].startswith("(1/2) Lungs:\n" + "A" * 60 + ".")
    assert all(cost(r).segments <= 1 for r in replies)


@pytest.mark.parametrize("word", ["STOP", "stop", " Stop ", "HELP", "info"])
def test_carrier_words_match_after_folding(word):
    assert commands.is_command(word)


@pytest.mark.parametrize("word", ["menú", "MENU", "español", "ESPANOL", "más", "atrás", "ayuda"])
def test_each_languages_command_words_match_after_folding(library, word):
    assert commands.fold(word) in commands.command_words(library.languages.values())


def test_every_language_has_every_word_list(library):
    from content import schema

    for lang in library.languages.values():
        assert set(lang.words) == set(schema.WORD_LISTS), lang.code


def test_a_missing_word_list_names_file_and_key(content_copy):
    data = content_copy.read("es")
    del data["words"]["stop_wish"]
    content_copy.write("es", data)
    assert "es.yaml: words.stop_wish: expected a list" in load_error(content_copy.folder)


@pytest.mark.parametrize("text", ["stop pain", "stopped working", "symptoms", "ayuda por favor"])
def test_phrases_are_not_commands(text):
    assert not commands.is_command(text)


# --- Sources: the pages a section's facts were checked against -----------------------------


def _blood_section(sources=None) -> dict:
    """spread.blood as a new section would be written (a copy's words; only its sources matter here)."""
    node = {
        "id": "blood",
        "digit": 1,
        "title": "Blood cancers",
        "label": "Blood cancers",
        "keywords": ["lymphoma"],
        "parts": ["Lymphoma is a cancer of the lymph system."],
    }
    if sources is not None:
        node["sources"] = sources
    return node


def _with_blood(content_copy, sources_en, sources_es) -> None:
    for code, sources in (("en", sources_en), ("es", sources_es)):
        data = content_copy.read(code)
        data["sections"][0]["children"] = [_blood_section(sources)]
        content_copy.write(code, data)


NCI_HODGKIN = "https://www.cancer.gov/types/lymphoma/patient/adult-hodgkin-treatment-pdq"


def test_sources_are_kept_per_node_in_each_language(content_copy):
    _with_blood(content_copy, [NCI_HODGKIN], [NCI_HODGKIN, "https://medlineplus.gov/spanish/hodgkindisease.html"])
    library = load_library(NUMBERS, folder=content_copy.folder)
    assert library.get("en").node("spread.blood").sources == (NCI_HODGKIN,)
    assert library.get("es").node("spread.blood").sources[1].startswith("https://medlineplus.gov/spanish/")


def test_a_new_section_without_sources_is_refused(content_copy):
    _with_blood(content_copy, [NCI_HODGKIN], None)
    message = load_error(content_copy.folder)
    assert "es.yaml: sections[0].children[0].sources: missing: spread.blood is a new section" in message


@pytest.mark.parametrize(
    "url, reason",
    [
        ("http://www.cancer.gov/types/lymphoma", "is not an https address"),
        ("https://www.example.com/lymphoma", "www.example.com is not a trusted health site"),
        ("https://cancer.gov.example.com/x", "is not a trusted health site"),
    ],
)
def test_a_source_must_be_https_on_a_trusted_health_site(content_copy, url, reason):
    _with_blood(content_copy, [url], [NCI_HODGKIN])
    message = load_error(content_copy.folder)
    assert "en.yaml: sections[0].children[0].sources:" in message and reason in message


def test_sources_are_allowed_on_any_node_and_must_be_a_list(content_copy):
    data = content_copy.read("en")
    data["sections"][3]["sources"] = NCI_HODGKIN  # a bare string, not a list
    content_copy.write("en", data)
    assert "en.yaml: sections[3].sources: expected a list of page addresses" in load_error(content_copy.folder)


def test_the_urgent_signs_name_their_sources(library):
    for code in library.codes:
        sources = library.get(code).node("symptoms.urgent").sources
        assert any("cancer.org" in url for url in sources) and any("cancer.gov" in url for url in sources)
