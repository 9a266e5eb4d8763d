"""Which speech engine says a voice, whether this machine has it, and which voice a language gets.

Two engines, both eSpeak NG driven by pyttsx3:
- "bundled": the espeakng-loader wheel (library and data ship with the Python packages), with
  every eSpeak voice. It is always there.
- "system": Debian's eSpeak NG (libespeak-ng1, espeak-ng-data) with the MBROLA program and a
  diphone database (mbrola, mbrola-us2 ...; Debian contrib/non-free). The wheel's eSpeak has no
  MBROLA support ("Bad voice attribute: mbrola"), so MBROLA voices ("mb/mb-us2") need it.

English callers understand MBROLA us2 best over the phone (bench/voice_clarity.py, BENCHMARKS.md),
so the build uses it when the packages are installed and says so; without them it falls back to
the content's bundled voice and says why. A voice a person names in TTS_VOICES is used as named.
"""

from __future__ import annotations

import glob
import shutil
from dataclasses import dataclass
from pathlib import Path

BUNDLED, SYSTEM = "bundled", "system"
MBROLA_PREFIX = "mb/"  # eSpeak NG's MBROLA voices: voices/mb/mb-<database>
MBROLA_DIR = Path("/usr/share/mbrola")  # where Debian's mbrola-* packages put the databases
# The clearest voice per language on the phone, when this machine can speak it (BENCHMARKS.md).
PREFERRED = {"en": "mb/mb-us2"}
# MBROLA voices speak faster than eSpeak's own at the same rate setting, so their setting is
# scaled for a caller to hear the same pace whichever voice the machine has. Measured with us2
# (2026-12-07): prose at 135 words a minute, eSpeak 187 wpm of sound, MBROLA x0.8 180; the main
# menu's six options at the menu pace (169), eSpeak 13.3 s, MBROLA x0.8 14.8 s and x0.9 13.4 s
# (MBROLA pauses longer at a list's commas). So: x0.8 up to 135, rising to x0.9 at 169 and above.
MBROLA_RATE_SCALE = ((135, 0.8), (169, 0.9))
# Debian packages each preferred voice needs (.ci/run installs them; README "Audio").
PACKAGES = {"mb/mb-us2": ("mbrola", "mbrola-us2", "espeak-ng-data", "libespeak-ng1")}


def engine_for(voice: str) -> str:
    return SYSTEM if voice.startswith(MBROLA_PREFIX) else BUNDLED


def rate_for(voice: str, rate: int) -> int:
    """The rate setting that gives `voice` the pace eSpeak's own voices have at `rate`."""
    if not voice.startswith(MBROLA_PREFIX):
        return rate
    (lo, lo_scale), (hi, hi_scale) = MBROLA_RATE_SCALE
    share = min(1.0, max(0.0, (rate - lo) / (hi - lo)))
    return round(rate * (lo_scale + share * (hi_scale - lo_scale)))


def system_library() -> str | None:
    """Debian's libespeak-ng.so.1 (multiarch folder), or None."""
    found = sorted(glob.glob("/usr/lib/*/libespeak-ng.so.1")) + sorted(glob.glob("/usr/lib/libespeak-ng.so.1"))
    return found[0] if found else None


def system_data() -> str | None:
    """Debian's espeak-ng-data folder (the one beside its library), or None."""
    found = sorted(glob.glob("/usr/lib/*/espeak-ng-data")) + sorted(glob.glob("/usr/share/espeak-ng-data"))
    return next((f for f in found if Path(f, "phontab").is_file()), None)


def _mbrola_database(voice_file: Path) -> str | None:
    for line in voice_file.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] == "mbrola":
            return parts[1]
    return None


def missing(voice: str) -> str | None:
    """Why this machine cannot say `voice` (None when it can). Bundled voices are checked when
    rendered: eSpeak itself says whether it knows the name."""
    if engine_for(voice) == BUNDLED:
        return None
    if not system_library():
        return "no system eSpeak NG library (Debian package libespeak-ng1)"
    data = system_data()
    if not data:
        return "no system eSpeak NG data (Debian package espeak-ng-data)"
    voice_file = Path(data, "voices", voice)
    if not voice_file.is_file():
        return f"eSpeak NG has no voice file {voice_file}"
    database = _mbrola_database(voice_file)
    if not database:
        return f"{voice_file} names no MBROLA database"
    if not shutil.which("mbrola"):
        return "no mbrola program (Debian package mbrola, contrib)"
    if not any(p.is_file() for p in (MBROLA_DIR / database, MBROLA_DIR / database / database)):
        return f"no MBROLA database {database} in {MBROLA_DIR} (Debian package mbrola-{database}, non-free)"
    return None


@dataclass(frozen=True)
class Choice:
    voice: str
    engine: str
    why: str  # one line for the build's output


def choose(content_voice: str, configured: str | None = None, preferred: str | None = None) -> Choice:
    """The voice a language is rendered with: TTS_VOICES (`configured`) if set, else the
    preferred voice (PREFERRED) when this machine has it, else the content's voice."""
    if configured:
        return Choice(configured, engine_for(configured), "set by TTS_VOICES")
    if preferred and preferred != content_voice:
        problem = missing(preferred)
        if problem is None:
            return Choice(
                preferred, engine_for(preferred), "the clearest voice on the phone: BENCHMARKS.md, Voice clarity"
            )
        needs = " ".join(PACKAGES.get(preferred, ()))
        why = f"{preferred} is not installed ({problem}; apt-get install {needs}): bundled eSpeak NG voice"
        return Choice(content_voice, engine_for(content_voice), why)
    return Choice(content_voice, engine_for(content_voice), "the content's voice")
