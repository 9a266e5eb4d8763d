"""The figures for a period, as tables: what /admin draws, `flask report` prints and --csv writes.

One place computes them, so the dashboard, the terminal and a funder's spreadsheet agree.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from usage import rollup, tables
from usage.events import STAGES, rank, stage_at

CHANNELS = {"voice": "Phone", "sms": "SMS", "whatsapp": "WhatsApp", "outbox": "Outbox"}
CATEGORIES = {
    "self_harm": "Thoughts of self-harm",
    "overdose": "Overdose or poisoning",
    "emergency": "Medical emergency",
}
OUTBOX = {
    "queued": "Queued (text me this)",
    "sent": "Sent",
    "retry": "Failed, tried again",
    "failed": "Failed for good",
    "unsure": "No clear answer: looked up at Twilio, never sent twice",
    "opted_out": "Not sent: opted out",
    "fictional": "Not sent: a pretend number",
}
PERSON = {
    "asked": "Asked for a person (key 0)",
    "completed": "Answered",
    "busy": "Busy",
    "no-answer": "No answer",
    "failed": "Failed",
    "canceled": "Caller hung up first",
}
FUNNEL = {"welcome": "Heard the welcome", "main menu": "Reached the main menu", "topic": "Opened a topic"}
ENDED = {
    "welcome": "During the welcome or language choice",
    "main menu": "At the main menu",
    "topic": "At a topic's menu",
    "person": "While connecting to a person",
    "goodbye": "The line said goodbye",
}
# "outside": told what the line covers (a question it does not answer). Shown apart, and counted as
# understood in the shares: the line read the words and answered them on purpose.
UNDERSTANDING = ("understood", "did_you_mean", "not_understood", "outside")
UNDERSTOOD = ("understood", "outside")
UNDERSTANDING_NAMES = {
    "understood": "Understood",
    "did_you_mean": "Did you mean",
    "not_understood": "Not understood",
    "outside": "Not ours",
}


@dataclass
class Table:
    name: str  # file name for --csv
    title: str
    columns: tuple[str, ...]
    rows: list[tuple] = field(default_factory=list)
    note: str = ""


@dataclass
class Unmatched:
    at: str
    channel: str
    language: str
    outcome: str
    text: str


@dataclass
class Figures:
    first: date
    last: date
    languages: list[tuple[str, str]]  # (code, name)
    totals: Table
    daily: Table
    topics: Table
    funnel: Table
    ended: Table
    understanding: Table
    crisis: Table
    opt: Table
    outbox: Table
    person: Table
    unmatched: list[Unmatched] | None  # None when KEEP_UNMATCHED_DAYS is 0
    waiting_now: int = 0

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def tables(self) -> list[Table]:
        return [
            self.totals,
            self.daily,
            self.topics,
            self.funnel,
            self.ended,
            self.understanding,
            self.crisis,
            self.opt,
            self.outbox,
            self.person,
        ]


def period(days: int, today: date) -> tuple[date, date]:
    return today - timedelta(days=days - 1), today


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def _seconds(total: int, n: int) -> str:
    if not n:
        return "-"
    mean = round(total / n)
    return f"{mean // 60}:{mean % 60:02d}"


class _Sums:
    """The period's counts, summed over any of day, channel, language, detail."""

    def __init__(self, counts: dict):
        self.counts = counts
        self.by_kind: dict[str, list] = defaultdict(list)  # the tables ask by kind, hundreds of times
        for key, value in counts.items():
            self.by_kind[key[3]].append((key, value))

    def n(self, kind: str, channel=None, language=None, detail=None, day=None, total=False) -> int:
        i = 1 if total else 0
        channels = (channel,) if isinstance(channel, str) else channel
        return sum(
            v[i]
            for (d, c, lang, _, det), v in self.by_kind.get(kind, ())
            if (channels is None or c in channels)
            and (language is None or lang == language)
            and (detail is None or det == detail)
            and (day is None or d == day)
        )

    def per_day(self, kinds: dict[str, tuple[str, ...]]) -> dict[str, Counter]:
        """kind -> Counter of (day, language) over the given channels."""
        out = {kind: Counter() for kind in kinds}
        for kind, channels in kinds.items():
            for (d, c, lang, _, _), v in self.by_kind.get(kind, ()):
                if c in channels:
                    out[kind][d, lang] += v[0]
        return out

    def details(self, kind: str) -> list[str]:
        return sorted({key[4] for key, _ in self.by_kind.get(kind, ())})


def build(engine, library, first: date, last: date, keep_unmatched: bool, waiting_now: int = 0) -> Figures:
    """`engine` holds the usage tables; `waiting_now` (texts in the outbox not yet sent) comes from the
    store, which alone reads the line's own tables (database/store.py: Store.backlog)."""
    sums = _Sums(rollup.counts(engine, first, last))
    codes = list(library.codes)
    seen = {k[2] for k in sums.counts if k[2] and k[2] not in codes}
    codes += sorted(seen)  # a language whose content is gone still shows its counts
    languages = [(c, library.languages[c].name if c in library.languages else c) for c in codes]
    texts = ("sms", "whatsapp")

    def by_language(label: str, kind: str, channel=None, detail=None) -> tuple:
        return (label, sums.n(kind, channel, None, detail), *(sums.n(kind, channel, c, detail) for c in codes))

    def judged(kind: str, channels, code=None) -> dict[str, int]:
        """How many words the line judged, by outcome (UNDERSTANDING), for a kind, channels, language."""
        return {o: sums.n(kind, channels, code, o) for o in UNDERSTANDING}

    lang_cols = tuple(name for _, name in languages)
    totals = Table(
        "totals",
        "Totals",
        ("Figure", "All", *lang_cols),
        [
            by_language("Calls", "call"),
            (
                "Average call length (m:ss)",
                _seconds(sums.n("call_seconds", total=True), sums.n("call_seconds")),
                *(
                    _seconds(sums.n("call_seconds", language=c, total=True), sums.n("call_seconds", language=c))
                    for c in codes
                ),
            ),
            by_language("Texts received", "text", texts),
            by_language("Text conversations started", "conversation", texts),
            by_language("Topics opened on calls", "topic", "voice"),
            by_language("Topics sent by text", "topic", texts),
            (
                "Texts understood",
                _understood_share(judged("text", texts)),
                *(_understood_share(judged("text", texts, c)) for c in codes),
            ),
            by_language("Crisis replies (each category counts)", "crisis"),
            by_language("Opt-outs (STOP)", "text", texts, "opt_out"),
            by_language("Opt-ins (START)", "text", texts, "opt_in"),
            by_language("Calls asking for a person (key 0)", "person", "voice", "asked"),
            by_language("Texts queued (text me this)", "outbox", "outbox", "queued"),
            ("Texts sent by the line", sums.n("outbox", detail="sent"), *("" for _ in codes)),
            ("Texts that failed for good", sums.n("outbox", detail="failed"), *("" for _ in codes)),
            by_language("Apologies (something broke)", "apology"),
        ],
        "Counts of events, not of people. Days are UTC.",
    )

    day_list = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    per_day = sums.per_day({"call": ("voice",), "text": texts})  # one pass, not one per cell
    daily = Table(
        "daily",
        "Calls and texts per day, by language",
        ("Day", *(f"Calls, {n}" for n in lang_cols), *(f"Texts, {n}" for n in lang_cols)),
        [
            (
                d.isoformat(),
                *(per_day["call"][d, c] for c in codes),
                *(per_day["text"][d, c] for c in codes),
            )
            for d in day_list
        ],
    )

    first_lang = library.get(None)
    known = [n for n in first_lang.nodes if n != "root"]
    reached = sums.details("topic")
    topic_ids = known + sorted(set(reached) - set(known))
    topics = Table(
        "topics",
        "Topics reached, by channel",
        ("Topic", "Title", "On calls", "By text"),
        [
            (t, _title(first_lang, t), sums.n("topic", "voice", detail=t), sums.n("topic", texts, detail=t))
            for t in topic_ids
        ],
        "On calls: the calls that opened the topic. By text: the times its first page was sent.",
    )

    furthest = {s: sums.n("furthest", detail=s) for s in sums.details("furthest")}
    ended_at = {s: sums.n("ended", detail=s) for s in sums.details("ended")}
    calls = sums.n("call")
    top = max((rank(s) or 0 for s in furthest), default=0)
    stages = [stage_at(i) for i in range(max(top, len(STAGES)) + 1)]
    funnel = Table(
        "funnel",
        "How far calls got, and where they ended",
        ("Stage", "Calls that got this far", "Share of calls", "Calls that ended here"),
        [
            (
                FUNNEL.get(s, f"Heard {s} of a topic"),
                reach := sum(n for f, n in furthest.items() if (rank(f) or 0) >= rank(s)),
                _pct(reach, calls),
                ended_at.get(s, 0),
            )
            for s in stages
        ],
        "A call that heard part 2 of any topic counts at part 2. Ended: the caller's last place.",
    )
    ended = Table(
        "ended",
        "Where calls ended",
        ("Where", "Calls"),
        [(ENDED.get(w, f"In or after {w}"), ended_at[w]) for w in _where_order(ended_at)],
    )
    unreported = sums.n("call_status", detail="not reported")
    if unreported:
        ended.note = (
            f"{unreported} call(s) with no end reported by Twilio yet: still on the line, or the number's "
            "'Call status changes' webhook is not set to /voice/status."
        )

    rows = []
    for channel_label, kind, channels in (("Texts", "text", texts), ("Speech on calls", "speech", "voice")):
        for code, name in [(None, "All"), *languages]:
            values = judged(kind, channels, code)
            rows.append((channel_label, name, *values.values(), _understood_share(values)))
    understanding = Table(
        "understanding",
        "How often the line understood",
        ("Channel", "Language", *UNDERSTANDING_NAMES.values(), "Share understood"),
        rows,
        "Texts that were crisis words, STOP or START are counted apart. Not ours: told what the line "
        "covers; the share counts these as understood.",
    )

    crisis = Table(
        "crisis",
        "Crisis replies, by category",
        ("Category", "Channel", *lang_cols, "All"),
        [
            (
                CATEGORIES.get(cat, cat),
                CHANNELS[ch] if ch != "text" else "Text",
                *(sums.n("crisis", chans, c, cat) for c in codes),
                sums.n("crisis", chans, None, cat),
            )
            for cat in CATEGORIES
            for ch, chans in (("voice", "voice"), ("text", texts))
        ],
    )
    opt = Table(
        "opt_outs",
        "Opt-outs and opt-ins by text",
        ("Language", "Opt-outs (STOP)", "Opt-ins (START)"),
        [(name, sums.n("text", texts, c, "opt_out"), sums.n("text", texts, c, "opt_in")) for c, name in languages],
    )
    outbox = Table(
        "outbox",
        "Texts the line sends on its own",
        ("Outcome", "Texts"),
        [(OUTBOX.get(d, d), sums.n("outbox", detail=d)) for d in _named_first(OUTBOX, sums.details("outbox"))],
    )
    person = Table(
        "person",
        "Key 0: a person on the helpline",
        ("Outcome", "Calls"),
        [(PERSON.get(d, d), sums.n("person", detail=d)) for d in _named_first(PERSON, sums.details("person"))],
    )
    outbox.note = f"Waiting to be sent now: {waiting_now}."
    return Figures(
        first,
        last,
        languages,
        totals,
        daily,
        topics,
        funnel,
        ended,
        understanding,
        crisis,
        opt,
        outbox,
        person,
        _unmatched(engine, first, last) if keep_unmatched else None,
        waiting_now,
    )


def _named_first(names: dict[str, str], found: list[str]) -> list[str]:
    """The outcomes we name, in our order, then any other that was recorded."""
    return [*names, *sorted(set(found) - set(names))]


def _title(lang, node_id: str) -> str:
    """ "Symptoms › Liver": two topics may share a title ("Liver"), never a trail."""
    node = lang.node(node_id)
    if node is None:
        return "(no longer in the content)"
    titles = []
    while node.parent is not None:
        titles.append(node.title)
        node = lang.parent_of(node)
    return " › ".join(reversed(titles))


def _where_order(ended_at: dict[str, int]) -> list[str]:
    return sorted(ended_at, key=lambda w: (rank(w) if rank(w) is not None else 100 + len(w), w))


def _unmatched(engine, first: date, last: date, limit: int = 500) -> list[Unmatched]:
    u = tables.unmatched
    with engine.connect() as conn:
        rows = conn.execute(
            select(u)
            .where(u.c.at >= rollup._start(first), u.c.at < rollup._start(last + timedelta(days=1)))
            .order_by(u.c.id.desc())
            .limit(limit)
        ).mappings()
        return [
            Unmatched(
                rollup._utc(r["at"]).strftime("%Y-%m-%d %H:%M"),
                CHANNELS.get(r["channel"], r["channel"]),
                r["language"],
                UNDERSTANDING_NAMES.get(r["outcome"], r["outcome"]),
                r["text"],
            )
            for r in rows
        ]


def _understood_share(values: dict[str, int]) -> str:
    """Understood among all the words judged (`values` by outcome), not ours counted as understood."""
    return _pct(sum(values[o] for o in UNDERSTOOD), sum(values.values()))
