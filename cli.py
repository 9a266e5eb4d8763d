"""Commands for people: content check, a call or a text through the simulator, the database."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

import audio
from content import numbers
from simulator.phone import Endpoint, FlaskTransport, HttpTransport, Phone, Texter


def _endpoint(url: str | None) -> Endpoint:
    token = current_app.config["TWILIO_AUTH_TOKEN"]
    if url:
        return Endpoint(HttpTransport(), token, url)
    # In-process: sign for the address Flask's test client uses, unless a public URL is set.
    base = current_app.config["PUBLIC_BASE_URL"] or "http://localhost"
    return Endpoint(FlaskTransport(current_app.test_client()), token, base)


def register(app: Flask) -> None:
    @app.cli.command("call")
    @click.option("--url", help="Call a running server (e.g. http://127.0.0.1:5000) instead of in-process.")
    @click.option("--caller", default="+15005550006", show_default=True, help="Caller ID; 'anonymous' hides it.")
    def call_command(url, caller):
        """Call the voice line from this terminal: keys, words, or Enter for silence."""
        call = Phone(_endpoint(url), caller=caller, caption_for=audio.caption_for(current_app)).call()
        while True:
            for heard in call.last_heard:
                if heard.kind == "dial":
                    click.secho(f"  [connecting you to {heard.url}]", fg="yellow")
                elif heard.text:
                    click.echo(f"  {heard.text}")
            if call.ended:
                click.secho("  [call ended]", fg="yellow")
                return
            if call.dialing is not None:
                status = click.prompt(
                    "  How did the person line answer?",
                    type=click.Choice(["completed", "busy", "no-answer", "failed"]),
                    default="no-answer",
                )
                call.dial_result(status)
                continue
            entry = click.prompt("key, words, Enter = silence, q = hang up", default="", show_default=False)
            if entry.strip().lower() == "q":
                call.hang_up()
            elif not entry.strip():
                call.silence()
            elif all(c in "0123456789*#" for c in entry.strip()):
                call.press(entry.strip())
            else:
                call.say(entry)

    @app.cli.command("text")
    @click.argument("message")
    @click.option("--url", help="Text a running server instead of in-process.")
    @click.option("--sender", default="+15005550006", show_default=True)
    @click.option("--whatsapp", is_flag=True, help="Send as WhatsApp (whatsapp: addresses).")
    def text_command(message, url, sender, whatsapp):
        """Send one message to the text line and print the replies."""
        texter = Texter(_endpoint(url), sender=sender, channel="whatsapp" if whatsapp else "sms")
        replies = texter.send(message)
        if not replies:
            click.secho("(no reply)", fg="yellow")
        for reply in replies:
            click.echo(reply.body)
            for media in reply.media:
                click.echo(f"[media] {media}")
            click.echo("-" * 40)

    content = AppGroup("content", help="The words of the line.")

    @content.command("check")
    def content_check():
        """Lint every snippet: reading level, sentence length, SMS segments, voice seconds, keywords."""
        from content.lint import check, format_report

        report = check(
            numbers.from_settings(current_app.config),
            wpm=float(current_app.config["TTS_RATE"]),
            default=current_app.config["DEFAULT_LANGUAGE"],
        )
        click.echo(format_report(report))
        if not report.ok:
            raise SystemExit(1)

    @content.command("export")
    @click.option("--html", "html_path", required=True, type=click.Path(dir_okay=False), help="File to write.")
    @click.option(
        "--audio",
        "audio_mode",
        type=click.Choice(["embed", "link", "none"]),
        default="embed",
        show_default=True,
        help="Sound players: files inside the page, links relative to it, or none.",
    )
    def content_export(html_path, audio_mode):
        """Write every snippet, both languages side by side, as one HTML page for clinical review."""
        from audio.options import build_folder
        from review.export import write

        doc = write(
            current_app.extensions["line"].library,
            html_path,
            wpm=float(current_app.config["TTS_RATE"]),
            audio_folder=build_folder(current_app.config),
            audio_mode=audio_mode,
        )
        over = len(doc.over_limit())
        click.echo(f"Wrote {html_path}: {doc.snippet_count} snippets on {len(doc.pages)} pages, {over} over a limit.")

    app.cli.add_command(content)

    db = AppGroup("db", help="The database schema.")

    @db.command("upgrade")
    def db_upgrade():
        """Create any missing tables (safe to run again)."""
        current_app.extensions["line"].store.create_schema()
        click.echo("Database schema is up to date.")

    app.cli.add_command(db)
