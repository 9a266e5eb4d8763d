"""`flask --app app audio build`: bring the rendered audio up to date with the content."""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

group = AppGroup("audio", help="Offline speech for the voice line.")


@group.command("build")
@click.option("--workers", default=min(2, os.cpu_count() or 1), show_default=True, help="Parallel renderers.")
@click.option("--web", is_flag=True, help="Also make MP3 files for browsers, WhatsApp and MMS (slower).")
@click.option("--force", is_flag=True, help="Render every snippet again, even unchanged ones.")
@click.option("--timeout", default=30.0, show_default=True, help="Seconds a renderer may stay silent before a retry.")
@click.option(
    "--recorded",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of human recordings, <lang>/<snippet id>.wav or .mp3 [default: audio/recorded].",
)
def build_command(workers: int, web: bool, force: bool, timeout: float, recorded: Path | None):
    """Render new or changed voice snippets (recordings win), remove stale files."""
    from audio.build import RECORDED_DIR, build
    from audio.options import Options, build_folder

    folder = build_folder(current_app.config)
    report = build(
        current_app.extensions["line"].library,
        folder,
        Options.from_config(current_app.config, web=web),
        workers_count=workers,
        timeout=timeout,
        recorded_dir=recorded or RECORDED_DIR,
        force=force,
        progress=True,
    )
    for note in report.notes:
        click.echo(note)
    for warning in report.warnings:
        click.secho(f"warning: {warning}", fg="yellow", err=True)
    for failure in report.failures:
        click.secho(f"failed: {failure} - the line says it with <Say> instead", fg="red", err=True)
    click.echo(f"{report.summary()} -> {folder}")
    if report.failures:
        raise SystemExit(1)
