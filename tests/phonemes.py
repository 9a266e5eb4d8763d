"""What the offline voice really says: eSpeak NG's phonemes for some words, read the way the audio build reads them.

The same library the audio build loads for the voice (the espeakng-loader wheel's libespeak-ng and
its data, or Debian's for an MBROLA voice: audio/voices.py), the same voice ids, sentence by
sentence like audio/render.py. eSpeak keeps global state, so, like the build, it never runs in the
caller's process: `read()` runs this module in a child process per library.

    .venv/bin/python -m tests.phonemes en "People live for years."   # a reading, with the respellings
"""

from __future__ import annotations

import ctypes
import json
import subprocess
import sys
from pathlib import Path

AUDIO_OUTPUT_SYNCHRONOUS = 2  # speak_lib.h: no audio device and no thread
CHARS_UTF8 = 1
PHONEME_MNEMONICS = 0  # eSpeak's ASCII phoneme names ("l'Iv"), not IPA
ROOT = Path(__file__).resolve().parent.parent


def read(items: list[tuple[str, str]]) -> list[list[str]]:
    """(eSpeak voice id, words) -> one phoneme string per sentence, for each item, from a child
    process per eSpeak NG library (a process loads one)."""
    from audio.voices import engine_for

    out: list[list[str] | None] = [None] * len(items)
    for engine in sorted({engine_for(voice) for voice, _ in items}):
        mine = [n for n, (voice, _) in enumerate(items) if engine_for(voice) == engine]
        done = subprocess.run(
            [sys.executable, "-m", "tests.phonemes", "--json", engine],
            input=json.dumps([items[n] for n in mine]),
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
            check=True,
        )
        for n, phonemes in zip(mine, json.loads(done.stdout), strict=True):
            out[n] = phonemes
    return out


def _library(engine: str = "bundled"):
    from audio import voices

    if engine == voices.SYSTEM:
        path, data = voices.system_library(), voices.system_data()
    else:
        import espeakng_loader

        path, data = espeakng_loader.get_library_path(), espeakng_loader.get_data_path()
    lib = ctypes.CDLL(path)
    lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    lib.espeak_TextToPhonemes.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_int, ctypes.c_int]
    lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
    if lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, data.encode(), 0) <= 0:
        raise RuntimeError("eSpeak NG did not start")
    return lib


def _phonemes(lib, voice: str, text: str) -> list[str]:
    from audio.render import sentences  # the build renders sentence by sentence: read them the same way

    if lib.espeak_SetVoiceByName(voice.encode()) != 0:
        raise ValueError(f"eSpeak NG has no voice {voice!r}")
    out = []
    for sentence in sentences(text):
        buffer = ctypes.create_string_buffer(sentence.encode())
        cursor = ctypes.c_void_p(ctypes.addressof(buffer))
        clauses = []
        while cursor.value:  # eSpeak reads one clause per call and moves the cursor on
            clauses.append(lib.espeak_TextToPhonemes(ctypes.byref(cursor), CHARS_UTF8, PHONEME_MNEMONICS).decode())
        out.append(" ".join(clauses))
    return out


def main(argv: list[str]) -> None:
    if argv[:1] == ["--json"]:
        lib = _library(argv[1] if len(argv) > 1 else "bundled")
        items = json.loads(sys.stdin.read())
        json.dump([_phonemes(lib, voice, text) for voice, text in items], sys.stdout)
        return
    from content.loader import load_library
    from content.pronunciation import respell

    lib = _library()
    code, words = argv[0], " ".join(argv[1:])
    lang = load_library({"helpline": "+18004226237", "crisis": "988", "emergency": "911"}).get(code)
    spoken = respell(words, lang.pronunciation)
    if spoken != words:
        print(f"with this language's respellings: {spoken}")
    for sentence in _phonemes(lib, lang.voice.tts_voice, spoken):
        print(sentence)


if __name__ == "__main__":
    main(sys.argv[1:])
