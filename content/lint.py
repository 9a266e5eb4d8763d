"""Content linter: readability, sentence and part length, SMS cost, menus; each problem names file, snippet, reason."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import settings
from content import commands, readability
from content.loader import CONTENT_DIR, ContentError, load_library
from content.model import ROOT_ID, Language, Library, Snippet
from content.replies import all_replies, node_replies
from content.segments import cost, outside_gsm7

DEFAULT_WPM = settings.default("TTS_RATE")
MIN_WORDS_TO_SCORE = 8  # readability formulas mean little on shorter snippets
MAX_SENTENCE_WORDS = 20
MAX_VOICE_SECONDS = 45.0
MAX_TEXTS_PER_TOPIC = 3  # a topic's replies, its menu of subtopics included (issue 22)
BRACKETS = re.compile(r"[()\[\]]")
BRACKETED = re.compile(r"\(([^()]+)\)")


class Problem(NamedTuple):
    file: str
    snippet: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.snippet}: {self.reason}"


@dataclass(frozen=True)
class Figures:
    """What one language's content measures, for the report and the issue note."""

    code: str
    name: str
    scale: str
    snippets: int
    score_median: float
    score_worst: float
    words_per_sentence_mean: float
    words_per_sentence_max: int
    replies: int
    segments_max: int
    segments_budget: int
    alphabet: str
    voice_parts: int
    seconds_median: float
    seconds_max: float


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    figures: list[Figures] = field(default_factory=list)
    wpm: float = DEFAULT_WPM

    @property
    def ok(self) -> bool:
        return not self.problems


def text_snippets(lang: Language) -> list[Snippet]:
    """Every snippet with words a person reads or hears: all prompts, intros, parts and menus."""
    out = [s for _, s in sorted(lang.prompts.items())]
    for node in lang.nodes.values():
        out += ([node.intro] if node.intro else []) + list(node.parts)
        if node.children:
            out.append(lang.menu(node))
    return out


def snippet_ids(lang: Language) -> set[str]:
    return {s.id for s in text_snippets(lang)}


def seconds(voice: str, wpm: float) -> float:
    return len(readability.words(voice)) * 60.0 / wpm


def lint_language(
    lang: Language, wpm: float = DEFAULT_WPM, offers: tuple[str, ...] = (), others: tuple[Language, ...] = ()
) -> tuple[list[Problem], Figures]:
    """Problems and figures of one language; `offers` are the other languages' sms_language_offer lines,
    `others` the other languages (their command words work here too, so no keyword may take them)."""
    problems: list[Problem] = []
    scale = readability.scale(lang.code)
    scores, sentence_lengths = _words_problems(lang, problems)
    part_seconds = _voice_problems(lang, wpm, problems)
    segment_counts = _sms_problems(lang, offers, problems)
    problems += _menu_problems(lang, commands.command_words((lang, *others)))
    problems += _paging_problems(lang)
    figures = Figures(
        code=lang.code,
        name=lang.name,
        scale=scale.short,
        snippets=len(text_snippets(lang)),
        score_median=round(statistics.median(scores), 1) if scores else 0.0,
        score_worst=(max(scores) if scale.higher_is_harder else min(scores)) if scores else 0.0,
        words_per_sentence_mean=round(statistics.fmean(sentence_lengths), 1) if sentence_lengths else 0.0,
        words_per_sentence_max=max(sentence_lengths, default=0),
        replies=len(segment_counts),
        segments_max=max(segment_counts, default=0),
        segments_budget=lang.sms_max_segments,
        alphabet=lang.sms_alphabet,
        voice_parts=len(part_seconds),
        seconds_median=round(statistics.median(part_seconds), 1) if part_seconds else 0.0,
        seconds_max=round(max(part_seconds, default=0.0), 1),
    )
    return problems, figures


def _words_problems(lang: Language, problems: list[Problem]) -> tuple[list[float], list[int]]:
    """Readability of each snippet's text, length of every sentence (text and voice), GSM-7 text."""
    scale = readability.scale(lang.code)
    scores, sentence_lengths = [], []
    for snip in text_snippets(lang):
        if len(readability.words(snip.text)) >= MIN_WORDS_TO_SCORE:
            value = readability.score(snip.text, lang.code)
            scores.append(value)
            if scale.fails(value):
                side = "above" if scale.higher_is_harder else "below"
                reason = f"{scale.name} {value} is {side} {scale.limit:g}: use shorter words and sentences"
                problems.append(Problem(lang.source, snip.id, reason))
        for sentence in dict.fromkeys(readability.sentences(snip.text) + readability.sentences(snip.voice)):
            n = len(readability.words(sentence))
            sentence_lengths.append(n)
            if n > MAX_SENTENCE_WORDS:
                reason = f"sentence of {n} words (max {MAX_SENTENCE_WORDS}): {_clip(sentence)!r}"
                problems.append(Problem(lang.source, snip.id, reason))
        if lang.sms_alphabet == "GSM-7" and outside_gsm7(snip.text):
            chars = " ".join(f"{ch!r} (U+{ord(ch):04X})" for ch in outside_gsm7(snip.text))
            reason = f"characters outside GSM-7 would triple the SMS cost: {chars}"
            problems.append(Problem(lang.source, snip.id, reason))
    return scores, sentence_lengths


def _voice_problems(lang: Language, wpm: float, problems: list[Problem]) -> list[float]:
    """Every voice snippet within 45 seconds at the speech rate, and with no brackets: a voice reads
    "(imaging)" straight on with no pause, so the word in brackets becomes a sentence of its own in
    the voice words, and must still be said there. Returns the seconds of each part."""
    durations = {}
    for snip in lang.snippets():
        if BRACKETS.search(snip.voice):
            reason = "brackets in voice words: say the word in them as a sentence ('This is called X.')"
            problems.append(Problem(lang.source, snip.id, reason))
        for term in BRACKETED.findall(snip.text):
            if not _says(snip.voice, term):
                problems.append(Problem(lang.source, snip.id, f"the voice never says {term!r}, which the text names"))
        durations[snip.id] = seconds(snip.voice, wpm)
        if durations[snip.id] > MAX_VOICE_SECONDS:
            reason = (
                f"voice part lasts {durations[snip.id]:.0f} s at {wpm:g} wpm (max {MAX_VOICE_SECONDS:g} s): "
                "split it into two parts"
            )
            problems.append(Problem(lang.source, snip.id, reason))
    return [durations[p.id] for node in lang.nodes.values() for p in node.parts]


def _sms_problems(lang: Language, offers: tuple[str, ...], problems: list[Problem]) -> list[int]:
    """Every reply the line can send within the language's segment budget; returns each reply's segments."""
    in_snippets = {ch for snip in text_snippets(lang) for ch in outside_gsm7(snip.text)}  # reported above
    segment_counts = []
    for sid, replies in all_replies(lang, offers):
        for n, reply in enumerate(replies, start=1):
            c = cost(reply)
            segment_counts.append(c.segments)
            where = f"reply {n} of {len(replies)}" if len(replies) > 1 else "reply"
            if c.segments > lang.sms_max_segments:
                reason = (
                    f"{where} costs {c.segments} {c.encoding} segments ({c.units} characters), "
                    f"max {lang.sms_max_segments}: shorten its sentences: {_clip(reply)!r}"
                )
                problems.append(Problem(lang.source, sid, reason))
            new_chars = set(outside_gsm7(reply)) - in_snippets
            if lang.sms_alphabet == "GSM-7" and new_chars:
                reason = f"{where} is not GSM-7: {' '.join(sorted(new_chars))}"
                problems.append(Problem(lang.source, sid, reason))
    return segment_counts


def _paging_problems(lang: Language) -> list[Problem]:
    """A topic is read in at most 3 texts before it offers its subtopics, and its first text holds its
    whole first part: a texter who never sends MORE still gets the most important action."""
    problems = []
    for node in lang.nodes.values():
        if node.id == ROOT_ID:
            continue
        replies = node_replies(lang, node)
        if len(replies) > MAX_TEXTS_PER_TOPIC:
            reason = (
                f"{len(replies)} texts (max {MAX_TEXTS_PER_TOPIC} before its subtopics): "
                "move parts to subtopics with their own ids, or shorten them"
            )
            problems.append(Problem(lang.source, node.id, reason))
        if node.parts and node.parts[0].text not in replies[0]:
            reason = "its first part does not fit whole in the first text: shorten it (a texter may never send MORE)"
            problems.append(Problem(lang.source, node.parts[0].id, reason))
    return problems


def _menu_problems(lang: Language, commands_known: frozenset[str] = commands.FOLDED) -> list[Problem]:
    """Keywords: none clashing with SMS commands, none shared by two topics of one menu, none missing;
    every word a prompt asks texters to send (in capitals, like MENU or SYMPTOMS) does something."""
    problems = []
    known = set(commands_known) | {commands.fold(k) for n in lang.nodes.values() for k in n.keywords}
    for _key, snip in sorted(lang.prompts.items()):
        for word in _reply_words(snip.text):
            if commands.fold(word) not in known:
                problems.append(
                    Problem(lang.source, snip.id, f"asks texters to send {word}, which no topic or command knows")
                )
    for node in lang.nodes.values():
        owner: dict[str, tuple[str, str]] = {}  # folded keyword -> (topic id, keyword as written)
        for child in node.children:
            if not child.keywords:
                problems.append(Problem(lang.source, child.id, "no keywords: texters cannot reach it by word"))
            for word in child.keywords:
                folded = commands.fold(word)
                if folded in commands_known:
                    problems.append(
                        Problem(
                            lang.source,
                            child.id,
                            f"keyword {word!r} is the SMS command {folded}: pick another",
                        )
                    )
                other_id, other_word = owner.setdefault(folded, (child.id, word))
                if other_id != child.id:
                    problems.append(
                        Problem(
                            lang.source,
                            child.id,
                            f"keyword {word!r} is also {other_word!r} of {other_id} in the same menu",
                        )
                    )
    return problems


def _says(voice: str, term: str) -> bool:
    """The voice says every word of `term` (case, accents and units aside: "38 C" is "38 degrees Celsius")."""
    said = {commands.fold(w) for w in readability.words(voice)}
    return all(commands.fold(w) in said for w in readability.words(term) if len(w) > 1)


def _reply_words(text: str) -> list[str]:
    """Words in capitals (MENU, SÍNTOMAS): what a prompt asks a texter to send back."""
    return [w for w in re.findall(r"\w{2,}", text) if w.isalpha() and w.isupper()]


def _clip(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def lint(library: Library, wpm: float = DEFAULT_WPM) -> Report:
    """Check every language of a loaded library (the loader has already checked parity)."""
    report = Report(wpm=wpm)
    for code in library.codes:
        lang = library.languages[code]
        offers = tuple(o.prompts["sms_language_offer"].text for o in library.languages.values() if o is not lang)
        others = tuple(o for o in library.languages.values() if o is not lang)
        problems, figures = lint_language(lang, wpm, offers, others)
        report.problems += problems
        report.figures.append(figures)
    return report


def check(
    numbers_by_name: dict[str, str], wpm: float = DEFAULT_WPM, folder: Path = CONTENT_DIR, default: str = "en"
) -> Report:
    """Load the content folder and lint it; load errors (bad YAML, missing translation) become problems.

    The limits hold for texts as sent by default (SMS_ACCENTS=plain). With accents kept, Spanish texts
    are UCS-2 and the pager makes more, shorter replies of the same words."""
    try:
        library = load_library(numbers_by_name, default=default, folder=folder)
    except ContentError as exc:
        return Report(problems=[Problem(*p) for p in exc.problems], wpm=wpm)
    return lint(library, wpm)


def format_report(report: Report) -> str:
    """Figures per language, then one line per problem (file: snippet: reason)."""
    lines = []
    for f in report.figures:
        words = f"mean {f.words_per_sentence_mean:g}, max {f.words_per_sentence_max} (limit {MAX_SENTENCE_WORDS})"
        sms = f"{f.replies} replies, max {f.segments_max} {f.alphabet} segments per reply (limit {f.segments_budget})"
        voice = f"{f.voice_parts} parts, median {f.seconds_median:g} s, max {f.seconds_max:g} s"
        lines += [
            f"{f.code} ({f.name}): {f.snippets} snippets",
            f"  readability ({f.scale}): median {f.score_median:g}, worst {f.score_worst:g}",
            f"  words per sentence: {words}",
            f"  SMS: {sms}",
            f"  voice: {voice} at {report.wpm:g} wpm (limit {MAX_VOICE_SECONDS:g} s)",
        ]
    if report.problems:
        lines.append(f"{len(report.problems)} problem(s):")
        lines += [f"  {p}" for p in report.problems]
    else:
        lines.append("No problems.")
    return "\n".join(lines)
