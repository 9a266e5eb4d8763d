"""Raw events -> daily counts: the same sums whether a day is rolled up yet or read raw.

A day is rolled up once it is over (plus GRACE, for calls that run past midnight): its counts go
into usage_daily and a row into usage_days, in one transaction. Raw events stay until
USAGE_RETENTION_DAYS, then go; the daily counts stay (they hold no more than numbers).
A call belongs to the day it started.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError

from usage import tables
from usage.events import rank, stage_at

GRACE = timedelta(hours=6)  # Twilio ends a call after 4 hours at most
CALL_KINDS = ("call_step", "call_topic", "call_end")

Key = tuple[date, str, str, str, str]  # day, channel, language, kind, detail


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def summarise(conn, first: date, last: date) -> dict[Key, list[int]]:
    """Counts (and totals) for the days first..last from raw events: [count, total] by key."""
    out: dict[Key, list[int]] = defaultdict(lambda: [0, 0])

    def add(key: Key, value: int | None = None) -> None:
        out[key][0] += 1
        out[key][1] += value or 0

    e = tables.events
    begin, end = _start(first), _start(last + timedelta(days=1))
    rows = conn.execute(
        select(e.c.at, e.c.channel, e.c.language, e.c.kind, e.c.detail, e.c.value).where(
            e.c.at >= begin, e.c.at < end, e.c.kind.not_in(CALL_KINDS)
        )
    )
    for at, channel, language, kind, detail, value in rows:
        add((_utc(at).date(), channel, language, kind, detail), value)

    # Calls: every event of a call that started in the window, even one that ran past midnight.
    calls: dict[str, list] = defaultdict(list)
    rows = conn.execute(
        select(e.c.id, e.c.at, e.c.language, e.c.kind, e.c.detail, e.c.value, e.c.call)
        .where(e.c.at >= begin, e.c.at < end + GRACE, e.c.kind.in_(CALL_KINDS), e.c.call.is_not(None))
        .order_by(e.c.id)
    )
    for row in rows:
        calls[row.call].append(row)
    for steps in calls.values():
        for key, value in _call(steps, first, last):
            add(key, value)
    return dict(out)


def _call(events: list, first: date, last: date) -> list[tuple[Key, int | None]]:
    """What one call adds: the call (by its language), how far it got, where it ended, its topics."""
    moves = [e for e in events if e.kind == "call_step"]
    if not moves:
        return []  # a status callback alone: no call reached the line
    day = _utc(moves[0].at).date()
    if not first <= day <= last:
        return []
    language = next((e.language for e in reversed(moves) if e.language), "")
    ends = [e for e in events if e.kind == "call_end"]
    seconds = ends[-1].value if ends else None
    ranks = [r for r in (rank(e.detail) for e in moves) if r is not None]
    out: list[tuple[Key, int | None]] = [
        ((day, "voice", language, "call", ""), seconds),
        ((day, "voice", language, "furthest", stage_at(max(ranks, default=0))), None),
        ((day, "voice", language, "ended", moves[-1].detail), None),
        ((day, "voice", language, "call_status", ends[-1].detail if ends else "not reported"), None),
    ]
    if seconds is not None:
        out.append(((day, "voice", language, "call_seconds", ""), seconds))
    topics = dict.fromkeys(e.detail for e in events if e.kind == "call_topic")
    out += [((day, "voice", language, "topic", topic), None) for topic in topics]
    return out


def rolled_days(conn, first: date, last: date) -> set[date]:
    d = tables.days
    return set(conn.execute(select(d.c.day).where(d.c.day >= first, d.c.day <= last)).scalars())


def roll_up(engine, at: datetime) -> list[date]:
    """Roll up every finished day that has raw events and no roll-up yet. Returns the days rolled."""
    last = (_utc(at) - GRACE).date() - timedelta(days=1)
    with engine.connect() as conn:
        oldest = conn.execute(select(tables.events.c.at).order_by(tables.events.c.at).limit(1)).scalar()
    if oldest is None or _utc(oldest).date() > last:
        return []
    rolled = []
    with engine.connect() as conn:
        done = rolled_days(conn, _utc(oldest).date(), last)
    day = _utc(oldest).date()
    while day <= last:
        if day not in done and _roll_day(engine, day, at):
            rolled.append(day)
        day += timedelta(days=1)
    return rolled


def _roll_day(engine, day: date, at: datetime) -> bool:
    try:
        with engine.begin() as conn:
            # The marker first: a second worker rolling the same day stops here.
            conn.execute(insert(tables.days).values(day=day, rolled_at=at))
            counts = summarise(conn, day, day)
            if counts:
                conn.execute(
                    insert(tables.daily),
                    [
                        {
                            "day": k[0],
                            "channel": k[1],
                            "language": k[2],
                            "kind": k[3],
                            "detail": k[4],
                            "count": c,
                            "total": t,
                        }
                        for k, (c, t) in counts.items()
                    ],
                )
        return True
    except IntegrityError:
        return False


def prune(engine, at: datetime, retention: timedelta, keep_unmatched: timedelta) -> tuple[int, int]:
    """Delete raw events older than `retention` and unmatched words older than `keep_unmatched`
    (all of them when it is zero). Returns (events, unmatched) deleted."""
    at = _utc(at)
    with engine.begin() as conn:
        events = conn.execute(delete(tables.events).where(tables.events.c.at < at - retention)).rowcount
        gone = delete(tables.unmatched)  # all of it when keeping is off
        if keep_unmatched > timedelta(0):
            gone = gone.where(tables.unmatched.c.at < at - keep_unmatched)
        unmatched = conn.execute(gone).rowcount
    return events, unmatched


def counts(engine, first: date, last: date) -> dict[Key, list[int]]:
    """[count, total] by key for the days first..last: roll-ups where a day has one, else raw events."""
    out: dict[Key, list[int]] = defaultdict(lambda: [0, 0])
    with engine.connect() as conn:
        rolled = rolled_days(conn, first, last)
        d = tables.daily
        for row in conn.execute(select(d).where(d.c.day >= first, d.c.day <= last)).mappings():
            if row["day"] in rolled:
                key = (row["day"], row["channel"], row["language"], row["kind"], row["detail"])
                out[key][0] += row["count"]
                out[key][1] += row["total"]
        raw_days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        raw_days = [day for day in raw_days if day not in rolled]
        if raw_days:
            for key, (c, t) in summarise(conn, raw_days[0], raw_days[-1]).items():
                if key[0] not in rolled:
                    out[key][0] += c
                    out[key][1] += t
    return out
