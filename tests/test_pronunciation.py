"""Speech that sounds right: every voice snippet read by the line's own eSpeak NG, homographs checked.

The phonemes come from the library and voice the audio build speaks with (tests/phonemes.py), after the
content's respellings (content/pronunciation.py), sentence by sentence like the build.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
import yaml

from audio import voices
from audio.build import build
from audio.options import Options
from content.loader import load_library
from content.model import Language, Library, Node, Snippet, VoiceSettings
from content.pronunciation import respell
from tests.conftest import copy_content
from tests.phonemes import read

NUMBERS = {"helpline": "+18004226237", "crisis": "988", "emergency": "911"}

# Words the line means one way and eSpeak may read another: word -> (the reading we mean, the
# wrong one), as eSpeak phoneme words with the stress marks left out. Every word listed must be in
# the voice words somewhere, so the list stays honest.
HOMOGRAPHS = {
    "en": {
        "live": ("lIv", "laIv"),  # "people live for years": the verb, not "a live show"
        "leads": ("li:dz", "lEdz"),  # "leads a group", not the metal
        "use": ("ju:z", "ju:s"),  # "they may use two drugs": the verb, not "of no use"
    },
    "es": {
        # English names in a Spanish voice: said the English way, not letter by letter in Spanish.
        "Sloan": ("slou[nN]", "sloa[nN]"),
        "Kettering": (r"kete\*\*i[nN]", r"kette\*\*i[nN]"),
        "Ian": ("i;an", "jan"),
        "Davis": ("deiBis", "daBis"),
        "Anzup": ("ansap", "ansup"),
    },
}
STRESS = re.compile(r"[',%=]")


@cache
def library() -> Library:
    return load_library(NUMBERS)


def voice_snippets() -> list[tuple[Language, Snippet]]:
    return [(lang, s) for lang in library().languages.values() for s in lang.snippets()]


def phoneme_words(sentences: list[str]) -> list[str]:
    """eSpeak's phoneme words, stress left out; "_:" marks a pause, not a word."""
    return [STRESS.sub("", w) for s in sentences for w in re.split(r"\s+|_:+", s) if w]


def misreadings(lang: Language, voice: str, phonemes: list[str]) -> list[str]:
    words = phoneme_words(phonemes)
    found = []
    for word, (meant, wrong) in HOMOGRAPHS.get(lang.code, {}).items():
        times = len(re.findall(rf"(?<!\w){re.escape(word)}(?!\w)", voice, re.IGNORECASE))
        if not times:
            continue
        said = sum(bool(re.fullmatch(meant, w)) for w in words)
        if said < times or any(re.fullmatch(wrong, w) for w in words):
            found.append(f"{word!r} said as {' '.join(phonemes)!r}")
    return found


def build_voice(lang: Language) -> str:
    """The voice the audio build speaks this language with on this machine (MBROLA us2 for
    English where it is installed, else the content's eSpeak voice)."""
    return voices.choose(lang.voice.tts_voice, None, Options().preferred.get(lang.code)).voice


@cache
def readings() -> dict[tuple[str, str], list[str]]:
    """(language, snippet id) -> phonemes of what the audio build speaks, one string per sentence."""
    snippets = voice_snippets()
    spoken = [(build_voice(lang), respell(s.voice, lang.pronunciation)) for lang, s in snippets]
    return {(lang.code, s.id): ph for (lang, s), ph in zip(snippets, read(spoken), strict=True)}


def test_no_voice_words_carry_brackets():
    # A voice reads "(imaging)" straight on, with no pause: the word is a sentence of its own instead.
    assert [f"{lang.code}/{s.id}" for lang, s in voice_snippets() if re.search(r"[()\[\]]", s.voice)] == []


@pytest.mark.parametrize("code", ["en", "es"])
def test_every_listed_homograph_is_in_the_voice_words(code):
    voices = " ".join(s.voice for lang, s in voice_snippets() if lang.code == code)
    for word in HOMOGRAPHS[code]:
        assert re.search(rf"(?<!\w){re.escape(word)}(?!\w)", voices, re.IGNORECASE), (code, word)


@pytest.mark.parametrize("code", ["en", "es"])
def test_the_offline_voice_reads_every_homograph_the_way_the_line_means_it(code):
    wrong = {
        s.id: misreadings(lang, s.voice, readings()[code, s.id]) for lang, s in voice_snippets() if lang.code == code
    }
    assert {sid: found for sid, found in wrong.items() if found} == {}


def test_without_the_respellings_the_check_hears_the_mistake():
    """The check can fail: the words as written are read as in "a live show"."""
    en = library().get("en")
    snippet = en.node("cure").parts[3]
    assert snippet.voice.startswith("Some people live for years")
    [raw] = read([(en.voice.tts_voice, snippet.voice)])
    assert misreadings(en, snippet.voice, raw) == [f"'live' said as {' '.join(raw)!r}"]


# -- the respellings reach the audio and nothing else ---------------------------------------------
def test_a_respelling_replaces_whole_words_and_phrases_in_any_case():
    table = {"live": "liv", "Sloan Kettering": "Slóun Kétering"}
    text = "People live long. Live well! Liver, alive, lives. Memorial Sloan  Kettering."
    assert respell(text, table) == "People liv long. Liv well! Liver, alive, lives. Memorial Slóun Kétering."
    assert respell(text, {}) == text


def test_texts_captions_and_say_keep_the_real_words():
    for lang in library().languages.values():
        for snip in [*lang.snippets(), *lang.prompts.values()]:
            for spelling in lang.pronunciation.values():
                assert not re.search(rf"(?<!\w){re.escape(spelling)}(?!\w)", snip.voice + " " + snip.text), (
                    snip.id,
                    spelling,
                )


def test_the_audio_build_speaks_the_respelling_and_keeps_the_words_as_caption(tmp_path):
    voice = VoiceSettings("Polly.Joanna-Neural", "en-US", "en-US", "gmw/en-us")
    words = "Some people live for years."
    root = Node(id="root", digit=None, title="", label="", keywords=(), parts=())

    def one_snippet(pronunciation):
        prompts = {"welcome": Snippet("prompt.welcome", words, words, "en")}
        lang = Language("en", "English", "1", voice, "GSM-7", 3, prompts, {}, root, pronunciation=pronunciation)
        return Library({"en": lang}, "en")

    plain = build(one_snippet({}), tmp_path / "a", Options(), recorded_dir=None)
    respelled = build(one_snippet({"live": "liv"}), tmp_path / "b", Options(), recorded_dir=None)
    before, after = plain.entries["en", "prompt.welcome"], respelled.entries["en", "prompt.welcome"]
    assert before.text == after.text == words  # captions and the catalog's check keep the words
    assert before.key != after.key  # a new respelling is new sound: a new file, never a stale cache


@pytest.mark.parametrize(
    ("table", "reason"),
    [
        ({"live": "liv. Ok"}, "no sentence marks"),
        ({"live": "LIVE"}, "the respelling is the word itself"),
        ({"live": ""}, "expected words on both sides"),
        (["live"], "expected a mapping"),
    ],
)
def test_a_bad_respelling_is_refused_with_file_and_key(tmp_path, table, reason):
    copy_content(tmp_path)
    path = tmp_path / "en.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["pronunciation"] = table
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    with pytest.raises(ValueError) as info:
        load_library(NUMBERS, folder=tmp_path)
    assert "en.yaml: pronunciation" in str(info.value) and reason in str(info.value)
