"""Load content/<lang>.yaml into the model; bad content fails at startup with file, key and reason."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from content import numbers, pronunciation, schema, segments
from content.model import GLOBAL_KEYS, ROOT_ID, TOPIC_DIGITS, Language, Library, Node, Snippet, VoiceSettings

CONTENT_DIR = Path(__file__).resolve().parent
ID_RE = re.compile(r"^[a-z][a-z0-9-]*$")
# The languages this line ships: a missing file stops the start rather than a language vanishing.
LANGUAGES = {"en": "English", "es": "Spanish"}


class ContentError(ValueError):
    """Every problem found in the content, one per line: file: key: reason."""

    def __init__(self, problems: list[tuple[str, str, str]]):
        self.problems = problems
        super().__init__("Content problems:\n" + "\n".join(f"  {f}: {k}: {r}" for f, k, r in problems))


class _UniqueKeys(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """PyYAML's safe loader, but a key written twice in one mapping is an error, not a silent overwrite.
    libyaml's C parser when PyYAML has it (its wheels do): a seventh of the pure-Python parser's
    time, which every web process pays at start for each content file."""

    def construct_mapping(self, node, deep=False):
        seen: dict = {}
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, str | int | float | bool) and key in seen:
                raise yaml.constructor.ConstructorError(
                    f"while reading the mapping that starts at line {node.start_mark.line + 1}",
                    node.start_mark,
                    f"the key {key!r} is written twice (first at line {seen[key] + 1})",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


def _read_yaml(path: Path, file: str):
    """The file's data; bad bytes, bad YAML and twice-written keys as a ContentError naming file and line."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        reason = f"not UTF-8: byte 0x{raw[exc.start]:02x} at line {line}; save the file as UTF-8"
        raise ContentError([(file, f"line {line}", reason)]) from None
    try:
        # _UniqueKeys is a SafeLoader: it builds plain data only, like yaml.safe_load.
        return yaml.load(text, Loader=_UniqueKeys)
    except yaml.YAMLError as exc:
        raise ContentError([(file, *_yaml_problem(exc))]) from None


def _yaml_problem(exc: yaml.YAMLError) -> tuple[str, str]:
    """(where, reason): the line the mistake is on. For an unclosed bracket or quote PyYAML notices
    lines later (problem_mark); the line it started on (context_mark) is the one to fix."""
    problem = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context_mark", None)
    what = getattr(exc, "problem", None) or str(exc)
    if problem is None:
        return "?", f"not valid YAML: {what}"
    scanning = not isinstance(exc, yaml.constructor.ConstructorError)  # a key twice: its own line
    if scanning and context is not None and context.line < problem.line:
        found = f"{getattr(exc, 'context', '')}: {what} (noticed at line {problem.line + 1})"
        return f"line {context.line + 1}", f"not valid YAML, {found}"
    return f"line {problem.line + 1}", f"not valid YAML: {what} (column {problem.column + 1})"


class _Placeholders(dict):
    """Leaves placeholders that are filled later ({label}, {key}) as they are."""

    def __missing__(self, key):
        return "{" + key + "}"


class _Reader:
    def __init__(self, path: Path, numbers_by_name: dict[str, str], keep_accents: bool = False):
        self.path = path
        self.keep_accents = keep_accents
        self.accented = False  # some texted words keep an accent outside GSM-7 (SMS_ACCENTS=keep)
        self.code = path.stem
        self.file = str(path.relative_to(CONTENT_DIR.parent)) if path.is_relative_to(CONTENT_DIR.parent) else str(path)
        self.problems: list[tuple[str, str, str]] = []
        self.voice_values = _Placeholders({k: numbers.spoken(v) for k, v in numbers_by_name.items()})
        self.text_values = _Placeholders({k: numbers.texted(v) for k, v in numbers_by_name.items()})

    def texted(self, words: str) -> str:
        """Words as a texter reads them: the one place SMS_ACCENTS applies (voices keep every accent)."""
        if self.keep_accents:
            self.accented = self.accented or segments.plain(words) != words
            return words
        return segments.plain(words)

    def problem(self, key: str, reason: str) -> None:
        self.problems.append((self.file, key, reason))

    def snippet(self, sid: str, raw, key: str, part: bool = False) -> Snippet | None:
        about = ""
        if isinstance(raw, str):
            text, voice = raw, raw
        elif isinstance(raw, dict) and isinstance(raw.get("text"), str):
            text = raw["text"]
            voice = raw.get("voice", text)
            about = " ".join(str(raw.get("about", "")).split())
            known = {"text", "voice", "about"} if part else {"text", "voice"}
            extra = set(raw) - known
            if extra:
                self.problem(key, f"unknown fields {sorted(extra)} (use {', '.join(sorted(known))})")
        else:
            self.problem(key, "expected words, or a mapping with 'text' (and optional 'voice')")
            return None
        text, voice = " ".join(text.split()), " ".join(str(voice).split())
        if not text or not voice:
            self.problem(key, "empty text")
            return None
        try:
            text = self.texted(text.format_map(self.text_values))
            return Snippet(sid, voice.format_map(self.voice_values), text, self.code, self.texted(about))
        except (ValueError, IndexError) as exc:
            self.problem(key, f"bad {{placeholder}}: {exc}")
            return None

    def node(self, raw, key: str, parent: Node | None, seen_ids: set[str]) -> Node | None:
        if not isinstance(raw, dict):
            self.problem(key, "expected a mapping with id, digit, title, label, keywords, parts")
            return None
        for name in ("id", "digit", "title", "label", "keywords", "parts"):
            if name not in raw:
                self.problem(key, f"missing '{name}' ({schema.NODE_FIELDS[name]})")
        extra = set(raw) - set(schema.NODE_FIELDS)
        if extra:
            self.problem(key, f"unknown fields {sorted(extra)}")
        local = str(raw.get("id", ""))
        if not ID_RE.match(local):
            self.problem(f"{key}.id", f"{local!r} is not a short id (lowercase letters, digits, dashes)")
        node_id = local if parent is None or parent.id == ROOT_ID else f"{parent.id}.{local}"
        if node_id in seen_ids:
            self.problem(f"{key}.id", f"duplicate id {node_id!r}")
        seen_ids.add(node_id)
        digit = str(raw.get("digit", ""))
        if digit not in TOPIC_DIGITS:
            reserved = f" ({GLOBAL_KEYS[digit]} everywhere)" if digit in GLOBAL_KEYS else ""
            self.problem(f"{key}.digit", f"{digit!r} must be one of 1-8{reserved}")
        keywords = raw.get("keywords") or []
        if not isinstance(keywords, list) or not all(isinstance(k, str) and k.strip() for k in keywords):
            self.problem(f"{key}.keywords", "expected a list of words")
            keywords = []
        examples = raw.get("examples") or []
        if not isinstance(examples, list) or not all(isinstance(e, str) and e.strip() for e in examples):
            self.problem(f"{key}.examples", "expected a list of phrases as people type or say them")
            examples = []
        sources = self.sources(raw.get("sources"), f"{key}.sources", node_id)
        parts_raw = raw.get("parts")
        if not isinstance(parts_raw, list):
            parts_raw = []
        if not parts_raw and not raw.get("children"):
            self.problem(f"{key}.parts", "a topic needs parts, children, or both")
        parts = [
            self.snippet(f"{node_id}.p{i + 1}", p, f"{key}.parts[{i}]", part=True) for i, p in enumerate(parts_raw)
        ]
        for i, snip in enumerate(parts[1:], start=1):
            if snip and not snip.about:
                # A texter decides on MORE from what the reply before offers: "MORE: how it spreads".
                self.problem(f"{key}.parts[{i}]", "missing 'about': the few words MORE offers for this part")
        intro = self.snippet(f"{node_id}.intro", raw["intro"], f"{key}.intro") if "intro" in raw else None
        for name in ("title", "label"):
            if name in raw and (not isinstance(raw[name], str) or not raw[name].strip()):
                self.problem(f"{key}.{name}", "expected words")
        node = Node(
            id=node_id,
            digit=digit,
            title=self.texted(str(raw.get("title", "")).strip()),  # texted in menus and headings
            label=str(raw.get("label", "")).strip(),
            keywords=tuple(k.strip().lower() for k in keywords),
            examples=tuple(" ".join(e.split()) for e in examples),
            parts=tuple(p for p in parts if p),
            parent=parent.id if parent else ROOT_ID,
            intro=intro,
            sources=sources,
        )
        children = self.children(raw.get("children") or [], f"{key}.children", node, seen_ids)
        return _with_children(node, children)

    def sources(self, raw, key: str, node_id: str) -> tuple[str, ...]:
        """The pages a section's words were checked against: https, on a trusted health site."""
        if raw is None:
            if node_id in schema.NEW_SECTIONS:
                self.problem(key, f"missing: {node_id} is a new section, so it lists the pages its facts come from")
            return ()
        if not isinstance(raw, list) or not raw or not all(isinstance(u, str) and u.strip() for u in raw):
            self.problem(key, "expected a list of page addresses (https://...)")
            return ()
        urls = tuple(u.strip() for u in raw)
        for url in urls:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
            if parts.scheme != "https" or not host:
                self.problem(key, f"{url!r} is not an https address")
            elif not _trusted(host):
                self.problem(key, f"{url!r}: {host} is not a trusted health site (content/schema.py SOURCE_HOSTS)")
        for url in sorted({u for u in urls if urls.count(u) > 1}):
            self.problem(key, f"{url!r} is listed twice")
        return urls

    def children(self, raw, key: str, parent: Node, seen_ids: set[str]) -> tuple[Node, ...]:
        if not isinstance(raw, list):
            self.problem(key, "expected a list of topics")
            return ()
        kids = [self.node(r, f"{key}[{i}]", parent, seen_ids) for i, r in enumerate(raw)]
        kids = [k for k in kids if k]
        digits = [k.digit for k in kids]
        for d in sorted({d for d in digits if digits.count(d) > 1}):
            self.problem(key, f"digit {d} is used twice in one menu")
        if len(kids) > len(TOPIC_DIGITS):
            self.problem(key, f"{len(kids)} topics; a menu holds at most {len(TOPIC_DIGITS)}")
        return tuple(sorted(kids, key=lambda k: k.digit or ""))


def _trusted(host: str) -> bool:
    """A .gov site, or one of schema.SOURCE_HOSTS or its subdomains (www.cancer.gov)."""
    return host.endswith(".gov") or any(host == h or host.endswith("." + h) for h in schema.SOURCE_HOSTS)


def _with_children(node: Node, children: tuple[Node, ...]) -> Node:
    return Node(**{**node.__dict__, "children": children})


def load_language(path: Path, numbers_by_name: dict[str, str], keep_accents: bool = False) -> Language:
    """One content file. Texts drop the accents of á í ó ú unless `keep_accents` (SMS_ACCENTS=keep)."""
    reader = _Reader(path, numbers_by_name, keep_accents)
    data = _read_yaml(path, reader.file)
    if not isinstance(data, dict):
        raise ContentError([(reader.file, "(top)", "expected a mapping with language, prompts, sections")])
    lang = data.get("language") or {}
    for name, help_text in schema.LANGUAGE_FIELDS.items():
        if not isinstance(lang, dict) or not str(lang.get(name, "")).strip():
            reader.problem(f"language.{name}", f"missing ({help_text})")
    if isinstance(lang, dict):
        if lang.get("sms_alphabet") not in (None, "GSM-7", "UCS-2"):
            reader.problem("language.sms_alphabet", "must be GSM-7 or UCS-2")
        if not str(lang.get("sms_max_segments", "1")).isdigit():
            reader.problem("language.sms_max_segments", "must be a whole number")
    prompts_raw = data.get("prompts") or {}
    prompts = {}
    for name, help_text in schema.PROMPTS.items():
        if name not in prompts_raw:
            reader.problem(f"prompts.{name}", f"missing ({help_text})")
            continue
        snip = reader.snippet(f"prompt.{name}", prompts_raw[name], f"prompts.{name}")
        if snip:
            prompts[name] = snip
    for name in sorted(set(prompts_raw) - set(schema.PROMPTS)):
        reader.problem(f"prompts.{name}", "unknown prompt (declare it in content/schema.py)")
    speech_raw = data.get("speech") or {}
    speech = {}
    for name, help_text in schema.SPEECH_COMMANDS.items():
        phrases = speech_raw.get(name) if isinstance(speech_raw, dict) else None
        if not isinstance(phrases, list) or not phrases or not all(isinstance(p, str) for p in phrases):
            reader.problem(f"speech.{name}", f"expected a list of phrases ({help_text})")
            continue
        speech[name] = tuple(p.strip().lower() for p in phrases)
    for name in sorted(set(speech_raw) - set(schema.SPEECH_COMMANDS)) if isinstance(speech_raw, dict) else ():
        reader.problem(f"speech.{name}", "unknown command (declare it in content/schema.py)")
    words = _word_lists(reader, data.get("words"))
    respellings = data.get("pronunciation") or {}
    for key, reason in pronunciation.problems(respellings):
        reader.problem(key, reason)
    root = Node(id=ROOT_ID, digit=None, title="", label="", keywords=(), parts=())
    seen: set[str] = {ROOT_ID}
    sections = reader.children(data.get("sections") or [], "sections", root, seen)
    if not sections:
        reader.problem("sections", "no sections")
    if reader.problems:
        raise ContentError(reader.problems)
    voice = VoiceSettings(
        say_voice=lang["say_voice"],
        say_language=lang["say_language"],
        speech_language=lang["speech_language"],
        tts_voice=lang["tts_voice"],
    )
    language = Language(
        code=str(lang["code"]),
        name=str(lang["name"]),
        digit=str(lang["digit"]),
        voice=voice,
        # Accents kept: what the file declares GSM-7 is texted in UCS-2 (and paged by its cost).
        sms_alphabet="UCS-2" if reader.accented else str(lang["sms_alphabet"]),
        sms_max_segments=int(lang["sms_max_segments"]),
        prompts=prompts,
        speech=speech,
        root=_with_children(root, sections),
        words=words,
        source=reader.file,
        pronunciation={" ".join(k.split()): " ".join(v.split()) for k, v in respellings.items()},
    )
    return language


def _word_lists(reader: _Reader, raw) -> dict[str, tuple[str, ...]]:
    """The `words:` block: every list of schema.WORD_LISTS, each a non-empty list of words."""
    if not isinstance(raw, dict):
        reader.problem("words", "missing: a mapping of word lists (" + ", ".join(schema.WORD_LISTS) + ")")
        return {}
    words = {}
    for name, help_text in schema.WORD_LISTS.items():
        found = raw.get(name)
        if not isinstance(found, list) or not found or not all(isinstance(w, str) and w.strip() for w in found):
            reader.problem(f"words.{name}", f"expected a list of words ({help_text})")
            continue
        words[name] = tuple(" ".join(w.split()).lower() for w in found)
    if "numbers" in words and len(words["numbers"]) != 9:
        reader.problem("words.numbers", "expected the nine words for one to nine, in order")
    for name in sorted(set(raw) - set(schema.WORD_LISTS)):
        reader.problem(f"words.{name}", "unknown word list (declare it in content/schema.py)")
    return words


def load_library(
    numbers_by_name: dict[str, str], default: str = "en", folder: Path = CONTENT_DIR, keep_accents: bool = False
) -> Library:
    """Every content/<code>.yaml; the tree (ids and digits) must match the default language's."""
    paths = sorted(folder.glob("*.yaml"))
    languages, problems = {}, []
    for code, name in LANGUAGES.items():
        if not (folder / f"{code}.yaml").is_file():
            reason = f"missing: the line ships {name}; put the file back (git checkout content/{code}.yaml)"
            problems.append((str(folder / f"{code}.yaml"), "(file)", reason))
    for path in paths:
        try:
            language = load_language(path, numbers_by_name, keep_accents)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        if language.code != path.stem:
            problems.append((language.source, "language.code", f"{language.code!r} but the file is {path.name}"))
        languages[language.code] = language
    if not problems and default not in languages:
        problems.append((str(folder), "(files)", f"no content for the default language {default!r}"))
    if not problems:
        problems.extend(_parity_problems(languages, default))
    if problems:
        raise ContentError(problems)
    return Library(languages=languages, default=default)


def _parity_problems(languages: dict[str, Language], default: str) -> list[tuple[str, str, str]]:
    """Adding content without its translation fails: same topics, same digits, same prompts."""
    base = languages[default]
    problems = []
    digits = {}
    for code, lang in languages.items():
        if lang.digit in digits:
            problems.append((lang.source, "language.digit", f"{lang.digit} is also {digits[lang.digit]}'s digit"))
        digits[lang.digit] = code
        if lang is base:
            continue
        for node_id in sorted(set(base.nodes) - set(lang.nodes)):
            problems.append((lang.source, node_id, f"missing translation of topic {node_id!r} ({base.source})"))
        for node_id in sorted(set(lang.nodes) - set(base.nodes)):
            problems.append((lang.source, node_id, f"topic {node_id!r} is not in {base.source}"))
        for node_id in sorted(set(base.nodes) & set(lang.nodes)):
            a, b = base.nodes[node_id], lang.nodes[node_id]
            if a.digit != b.digit:
                problems.append((lang.source, f"{node_id}.digit", f"{b.digit} but {a.digit} in {base.source}"))
            if bool(a.intro) != bool(b.intro):
                problems.append((lang.source, f"{node_id}.intro", "intro present in only one of the languages"))
            if len(a.parts) != len(b.parts):
                # Same snippet ids everywhere: a caller who switches language keeps their place,
                # and a part missing here is a fact missing here.
                problems.append(
                    (lang.source, f"{node_id}.parts", f"{len(b.parts)} parts but {len(a.parts)} in {base.source}")
                )
    return problems
