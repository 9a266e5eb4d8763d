"""The one settings table: every setting is declared here once, as (name, default, help)."""

from __future__ import annotations

import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


# The README's settings table is checked against this list by tests/test_settings.py.
SETTINGS: tuple[Setting, ...] = (
    Setting(
        "APP_ENV",
        "development",
        "`development` (local: simulator on, development secrets made for you, database upgraded at start) "
        "or `production` (strict settings, simulator only with `SIMULATOR_TOKEN`). Must be set explicitly "
        "under gunicorn.",
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
    Setting("TWILIO_TIMEOUT_S", "10", "Seconds the outbox worker waits for one answer from Twilio's REST API."),
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
    ),
    Setting(
        "AUDIO_BASE_URL",
        "",
        "URL of a CDN copy of `audio/build` (a file is this + `/en/<name>.wav`), e.g. "
        "`https://cdn.example.org/audio`; empty serves `/audio/` from this app.",
    ),
    Setting("AUDIO_DIR", "", "Folder of rendered audio and its `manifest.json`; empty means `audio/build`."),
    Setting("TTS_RATE", "135", "Offline speech rate in words per minute (calm: 130-140)."),
    Setting("TTS_PAUSE_MS", "700", "Silence between sentences in offline speech, in milliseconds."),
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
    ),
    Setting(
        "KEEP_UNMATCHED_DAYS",
        "0",
        "Days to keep the texts and speech the line did not understand (digits masked, no sender), "
        "for improving the content; `0` keeps none.",
    ),
    Setting("LOG_LEVEL", "INFO", "Python log level."),
)

BY_NAME = {s.name: s for s in SETTINGS}


ENVIRONMENTS = ("development", "production")
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
    env = config["APP_ENV"]
    if env not in ENVIRONMENTS:
        raise SystemExit(f"APP_ENV must be 'development' or 'production', not {env!r}.")
    if config["VOICE_PROMPTS"] not in ("audio", "say"):
        raise SystemExit(f"VOICE_PROMPTS must be 'audio' or 'say', not {config['VOICE_PROMPTS']!r}.")
    for name in ("TTS_RATE", "TTS_PAUSE_MS", "USAGE_RETENTION_DAYS", "KEEP_UNMATCHED_DAYS"):
        if not str(config[name]).strip().isdigit():
            raise SystemExit(f"{name} must be a whole number, not {config[name]!r}.")
    try:
        if float(config["TWILIO_TIMEOUT_S"]) <= 0:
            raise ValueError
    except ValueError:
        raise SystemExit(
            f"TWILIO_TIMEOUT_S must be a number of seconds above 0, not {config['TWILIO_TIMEOUT_S']!r}."
        ) from None
    if env == "production":
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
        if not sep or not number.startswith("+") or not number[1:].isdigit() or not code:
            raise SystemExit(f"LANGUAGE_BY_NUMBER: {item!r} should look like +18005550199=es")
        found[number] = code
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
