"""Telephone and browser files from any speech: 8 kHz mono mu-law WAV, and a small MP3.

Synthetic speech and human recordings go through the same steps, so they sound alike on a call.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr

PHONE_RATE = 8000  # the phone network's rate: Twilio transcodes everything else to this
WEB_RATE = 22050  # plenty for speech in a browser, WhatsApp or MMS
WEB_MP3_LEVEL = 0.8  # libsndfile's 0 (best) .. 1 (smallest): about 40 kbit/s, clear for speech
PEAK_DB = -1.0  # never louder than this, so mu-law never clips


@dataclass(frozen=True)
class Telephone:
    """How speech is fitted to the telephone band. bench/voice_clarity.py compares settings by
    how many words a recogniser gets wrong in the phone files; the default is the one chosen."""

    band_hz: tuple[int, int, int, int] = (60, 150, 3400, 3800)  # fade in lo0..lo1, out hi0..hi1
    tilt_db: float = 0.0  # dB per octave added above tilt_from_hz (consonants carry over the band)
    tilt_from_hz: int = 1000
    rms_db: float = -20.0  # loudness of the speech itself

    def describe(self) -> str:
        tilt = f", +{self.tilt_db:g} dB/oct from {self.tilt_from_hz} Hz" if self.tilt_db else ""
        return f"band {self.band_hz[1]}-{self.band_hz[2]} Hz{tilt}, speech at {self.rms_db:g} dBFS"


TELEPHONE = Telephone()
BAND_HZ = TELEPHONE.band_hz
TARGET_RMS_DB = TELEPHONE.rms_db
# Part of every file's hash: a change here gives every file a new name.
FORMAT = f"phone=wav-ulaw-{PHONE_RATE}-{TELEPHONE};web=mp3-{WEB_RATE}-mono-q{WEB_MP3_LEVEL}"
PHONE_SUFFIX, WEB_SUFFIX = ".wav", ".mp3"


def read(path: Path) -> tuple[np.ndarray, int]:
    """A recording (WAV, MP3, FLAC ...) as mono float samples and its rate."""
    samples, rate = sf.read(str(path), dtype="float32", always_2d=True)
    return samples.mean(axis=1), rate


def band_limit(samples: np.ndarray, rate: int, telephone: Telephone = TELEPHONE) -> np.ndarray:
    """Keep the telephone band with gentle edges (no ringing): no rumble, no hiss above the top
    edge; with a tilt, the upper band (where consonants are told apart) a little louder."""
    if not samples.size:
        return samples
    size = 1 << (samples.size - 1).bit_length()  # zero-padded to a power of two: fast, no wrap-around
    spectrum = np.fft.rfft(samples, n=size)
    freqs = np.fft.rfftfreq(size, 1 / rate)
    lo0, lo1, hi0, hi1 = telephone.band_hz
    gain = np.clip((freqs - lo0) / (lo1 - lo0), 0, 1) * np.clip((hi1 - freqs) / (hi1 - hi0), 0, 1)
    gain = np.sin(gain * np.pi / 2) ** 2  # raised-cosine edges
    if telephone.tilt_db:
        octaves = np.log2(np.maximum(freqs, telephone.tilt_from_hz) / telephone.tilt_from_hz)
        gain = gain * 10 ** (telephone.tilt_db * octaves / 20)
    return np.fft.irfft(spectrum * gain, n=size)[: samples.size].astype(np.float32)


def level(samples: np.ndarray, rms_db: float = TARGET_RMS_DB) -> np.ndarray:
    """The same loudness for every file: speech RMS at rms_db, peaks under PEAK_DB."""
    voiced = samples[np.abs(samples) > 0.01]
    if not voiced.size:
        return samples
    rms = float(np.sqrt(np.mean(voiced.astype(np.float64) ** 2)))
    gain = 10 ** (rms_db / 20) / rms
    peak = float(np.max(np.abs(samples))) * gain
    gain *= min(1.0, 10 ** (PEAK_DB / 20) / peak)
    return (samples * gain).astype(np.float32)


def resample(samples: np.ndarray, rate: int, to: int) -> np.ndarray:
    return samples if rate == to else soxr.resample(samples, rate, to, quality="HQ").astype(np.float32)


def phone_samples(samples: np.ndarray, rate: int, telephone: Telephone = TELEPHONE) -> np.ndarray:
    """Speech at any rate -> what the phone file holds (8 kHz, band-limited, levelled), before mu-law."""
    return level(band_limit(resample(samples, rate, PHONE_RATE), PHONE_RATE, telephone), telephone.rms_db)


def write_phone(phone: np.ndarray, path: Path) -> None:
    _atomic(path, lambda p: sf.write(p, phone, PHONE_RATE, subtype="ULAW", format="WAV"))


def write(samples: np.ndarray, rate: int, phone_path: Path, web_path: Path | None = None) -> float:
    """Write the phone file and, when asked, the web file (atomically: a server never reads
    half a file); returns seconds of audio."""
    phone = phone_samples(samples, rate)
    write_phone(phone, phone_path)
    if web_path is not None:
        web = level(resample(samples, rate, WEB_RATE))
        mp3 = {"format": "MP3", "subtype": "MPEG_LAYER_III", "compression_level": WEB_MP3_LEVEL}
        _atomic(web_path, lambda p: sf.write(p, web, WEB_RATE, **mp3))
    return round(phone.size / PHONE_RATE, 3)


def _atomic(path: Path, writer) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        writer(str(tmp))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
