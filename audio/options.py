"""Where the build lives and how it speaks: the folder, the per-language voices, rate and pauses.

The package's other modules import from here (never from audio/__init__.py), so imports point
one way: options -> render/convert/manifest -> build -> cli/web -> the package's face.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import settings
from audio.voices import PREFERRED

BUILD_DIR = Path(__file__).resolve().parent / "build"

# A menu is a list of short, familiar sentences ("Symptoms, press 3."): eSpeak reads those
# slowly (a comma and a digit in three words: about 110 words a minute at TTS_RATE 135, where
# prose comes out near 130 with its pauses), so lists are read a little brisker and with shorter
# gaps. The main menus then run at 130-134 words a minute with their gaps (the longest lists of
# short names up to about 156), and a caller reaches the last option seconds sooner
# (bench/caller_time.py, BENCHMARKS.md).
MENU_RATE_FACTOR = 1.25
MENU_PAUSE_FACTOR = 0.4
MENU_PREFIX = "menu."  # snippet ids of menus (content.model.Language.menu)
# Options built per topic from fixed words ("To go on with Symptoms, press 1.", "Caring for
# someone, press 5."; content.model.Language.resume_offer / family_option): read as a menu's are.
OPTION_PREFIXES = (MENU_PREFIX, "resume.", "family.")
# Prompts that are one menu option each ("For English, press 1."): read as a menu's options are.
OPTION_PROMPTS = frozenset({"prompt.language_offer", "prompt.go_on", "prompt.next_topic", "prompt.text_me_option"})
# One short sentence a first-time caller hears before the main menu ("We give general facts, not
# medical advice."): said at the menu's words per minute (it comes right before it, and eSpeak
# drags its comma as it does a menu's), with the full pause after it so the menu starts apart.
# Issue 24: it bought back 0.8 s of the English caller's wait for the Spanish offer.
BRISK_PROMPTS = frozenset({"prompt.welcome"})
# A snippet said last before Twilio's shortest <Gather> timeout (1 s) that goes on by itself
# (content.model.Language.opening_emergency): the timeout is its pause, so no silence is
# rendered after it; the same words elsewhere (prompt.emergency) keep theirs.
OPENING_PREFIX = "opening."


# Paces a caller can choose, each rendered ahead (never stretched on the fly): words per minute
# and the pauses between sentences, against the normal pace. Slow is 0.8x the words per minute
# with pauses 1.6x as long (700 -> 1120 ms): eSpeak slows words by lengthening vowels and gaps
# alike, so the longer pauses between sentences do most of the work of "give me time".
NORMAL = "normal"
PACES = {NORMAL: (1.0, 1.0), "slow": (0.8, 1.6)}


def parse_voices(raw: str) -> dict[str, str]:
    """TTS_VOICES: "en=gmw/en-us, es=roa/es-419" -> {"en": "gmw/en-us", "es": "roa/es-419"}."""
    voices = {}
    for item in filter(None, (i.strip() for i in (raw or "").split(","))):
        lang, sep, voice = (p.strip() for p in item.partition("="))
        if not sep or not lang or not voice:
            raise ValueError(f"TTS_VOICES: {item!r} should look like en=gmw/en-us")
        voices[lang] = voice
    return voices


def build_folder(config) -> Path:
    """AUDIO_DIR (relative to the project) or audio/build."""
    return settings.ROOT / config["AUDIO_DIR"] if config["AUDIO_DIR"] else BUILD_DIR


@dataclass(frozen=True)
class Options:
    rate: int = settings.default("TTS_RATE")  # words per minute
    pause_ms: int = settings.default("TTS_PAUSE_MS")  # between sentences
    voices: dict[str, str] = field(default_factory=dict)  # per-language overrides (TTS_VOICES)
    # Browser files (MP3) cost most of a build's time and only the simulator, WhatsApp/MMS
    # LISTEN and the review export use them; callers hear the phone files. Made when asked.
    web: bool = False
    paces: tuple[str, ...] = tuple(PACES)  # which paces to render (all, unless a test asks for fewer)
    # The clearest voice per language when this machine has it (audio/voices.py); TTS_VOICES wins.
    preferred: dict[str, str] = field(default_factory=lambda: dict(PREFERRED))

    def pacing(self, snippet_id: str, pace: str = NORMAL) -> tuple[int, int]:
        """(words per minute, pause between sentences in ms) for one snippet at one pace."""
        rate_factor, pause_factor = PACES[pace]
        rate, pause = self.rate * rate_factor, self.pause_ms * pause_factor
        if snippet_id.startswith(OPTION_PREFIXES) or snippet_id in OPTION_PROMPTS:
            return round(rate * MENU_RATE_FACTOR), round(pause * MENU_PAUSE_FACTOR)
        if snippet_id in BRISK_PROMPTS:
            return round(rate * MENU_RATE_FACTOR), round(pause)
        if snippet_id.startswith(OPENING_PREFIX):
            return round(rate), 0
        return round(rate), round(pause)

    @classmethod
    def from_config(cls, config, web: bool = False) -> Options:
        return cls(config["TTS_RATE"], config["TTS_PAUSE_MS"], parse_voices(config["TTS_VOICES"]), web)
