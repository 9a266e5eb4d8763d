"""`flask --app app report`: the dashboard's figures in a terminal, or as CSV files for a spreadsheet."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

import click
from flask import current_app

from usage import figures
from usage.figures import Figures, Table


def figures_for(app, first: date, last: date) -> Figures:
    """Everything this process has seen is written first, then the period is read."""
    recorder = app.extensions["usage"]
    recorder.flush()
    keep = app.config["KEEP_UNMATCHED_DAYS"] > 0
    line = app.extensions["line"]
    return figures.build(recorder.engine, line.library, first, last, keep, line.store.backlog().waiting)


def today() -> date:
    return datetime.now(UTC).date()


def format_table(table: Table) -> str:
    cells = [tuple(str(c) for c in table.columns)] + [tuple(str(v) for v in row) for row in table.rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(table.columns))]

    def line(row) -> str:
        # Words to the left, numbers to the right, as a spreadsheet shows them.
        return "  ".join(
            v.rjust(w) if i and _numberish(v) else v.ljust(w) for i, (v, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()

    out = [table.title, "-" * len(table.title), line(cells[0])]
    out += [line(row) for row in cells[1:]]
    if table.note:
        out.append(table.note)
    return "\n".join(out)


def _numberish(value: str) -> bool:
    return value.replace("%", "").replace(":", "").replace("-", "").isdigit() or value == "-"


def format_report(fig: Figures) -> str:
    head = f"Usage from {fig.first} to {fig.last} ({fig.days} day{'s' if fig.days != 1 else ''}, UTC)"
    parts = [head, "=" * len(head)] + [format_table(t) for t in fig.tables()]
    if fig.unmatched is not None:
        parts.append(f"Unmatched words kept: {len(fig.unmatched)} in this period (shown on /admin).")
    return "\n\n".join(parts) + "\n"


def write_csv(fig: Figures, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in fig.tables():
        path = folder / f"{table.name}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(table.columns)
            writer.writerows(table.rows)
        written.append(path)
    return written


def register(app) -> None:
    @app.cli.command("report")
    @click.option("--days", default=30, show_default=True, type=click.IntRange(1, 3660), help="The last N days.")
    @click.option("--from", "first", type=click.DateTime(["%Y-%m-%d"]), help="First day (UTC), instead of --days.")
    @click.option("--to", "last", type=click.DateTime(["%Y-%m-%d"]), help="Last day (UTC); default today.")
    @click.option("--csv", "csv_dir", type=click.Path(file_okay=False), help="Write one CSV file per table here.")
    def report_command(days, first, last, csv_dir):
        """How the line was used: calls, texts, topics, the call funnel, understanding, crises, opt-outs."""
        end = last.date() if last else today()
        start = first.date() if first else figures.period(days, end)[0]
        if start > end:
            raise click.BadParameter("--from is after --to")
        fig = figures_for(current_app, start, end)
        if csv_dir:
            for path in write_csv(fig, Path(csv_dir)):
                click.echo(f"wrote {path}")
        else:
            click.echo(format_report(fig), nl=False)

    @app.cli.command("usage-prune")
    def prune_command():
        """Roll finished days up and delete raw events and unmatched words past their time (also hourly)."""
        current_app.extensions["usage"].maintain()
        click.echo("Usage counts rolled up and pruned.")
