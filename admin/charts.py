"""The dashboard's charts as plain data (admin.js hands them to Chart.js); each has a table too.

Colours: the Okabe-Ito palette, told apart with every common colour-vision difference. Each chart
keeps one meaning per colour (languages, channels, outcomes) and always has a legend in words.
"""

from __future__ import annotations

from usage.figures import Figures

BLUE, ORANGE, SKY, GREEN, VERMILLION, PURPLE = ("#0072B2", "#E69F00", "#56B4E9", "#009E73", "#D55E00", "#CC79A7")
LANGUAGE_COLOURS = (BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION)
CHANNEL_COLOURS = {"On calls": GREEN, "By text": PURPLE}
OUTCOME_COLOURS = (BLUE, ORANGE, VERMILLION)


def _series(label: str, data: list, colour: str) -> dict:
    return {"label": label, "data": data, "color": colour}


def build(fig: Figures) -> list[dict]:
    names = [name for _, name in fig.languages]
    # "11-24" reads better under a bar than "2025-11-24"; a period across two years keeps the year.
    days = [row[0] if fig.first.year != fig.last.year else row[0][5:] for row in fig.daily.rows]
    n = len(names)
    per_day = [
        {
            "id": f"chart-{what.lower()}",
            "title": f"{what} per day, by language",
            "summary": f"{what} per day from {fig.first} to {fig.last}, stacked by language.",
            "kind": "bar",
            "stacked": True,
            "labels": days,
            "datasets": [
                _series(name, [row[offset + i] for row in fig.daily.rows], LANGUAGE_COLOURS[i % 6])
                for i, name in enumerate(names)
            ],
        }
        for what, offset in (("Calls", 1), ("Texts", 1 + n))
    ]
    reached = [row for row in fig.topics.rows if row[2] or row[3]]
    topics = {
        "id": "chart-topics",
        "title": "Topics reached, by channel",
        "summary": "Topics reached on calls and by text; topics nobody reached are left out of the chart.",
        "kind": "bar",
        "horizontal": True,
        "bars": len(reached),
        "labels": [row[1] for row in reached],
        "datasets": [
            _series("On calls", [row[2] for row in reached], CHANNEL_COLOURS["On calls"]),
            _series("By text", [row[3] for row in reached], CHANNEL_COLOURS["By text"]),
        ],
    }
    funnel = {
        "id": "chart-funnel",
        "title": "How far calls got, and where they ended",
        "summary": "For each stage of a call: the calls that got that far, and the calls that ended there.",
        "kind": "bar",
        "horizontal": True,
        "bars": len(fig.funnel.rows),
        "labels": [row[0] for row in fig.funnel.rows],
        "datasets": [
            _series("Got this far", [row[1] for row in fig.funnel.rows], BLUE),
            _series("Ended here", [row[3] for row in fig.funnel.rows], VERMILLION),
        ],
    }
    rows = [row for row in fig.understanding.rows if sum(row[2:5])]
    understanding = {
        "id": "chart-understanding",
        "title": "How often the line understood",
        "summary": "Share of texts and of spoken words understood, offered a 'did you mean', or not understood.",
        "kind": "bar",
        "horizontal": True,
        "stacked": True,
        "percent": True,
        "bars": len(rows),
        "labels": [f"{row[0]}, {row[1]}" for row in rows],
        "datasets": [
            _series(name, [round(100 * row[2 + i] / sum(row[2:5]), 1) for row in rows], OUTCOME_COLOURS[i])
            for i, name in enumerate(fig.understanding.columns[2:5])
        ],
    }
    return [*per_day, topics, funnel, understanding]
