"""Commands for people: content check, a call or a text through the simulator, the database."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

import audio
from content import numbers
from simulator.phone import Endpoint, FlaskTransport, HttpTransport, Phone, Texter


def _endpoint(url: str | None, public_url: str | None = None) -> Endpoint:
    token = current_app.config["TWILIO_AUTH_TOKEN"]
    if url:
        # Signed for the address Twilio uses (PUBLIC_BASE_URL: the server checks signatures
        # against it), sent to --url: a production server can be tested from its own machine.
        signed_for = public_url or current_app.config["PUBLIC_BASE_URL"] or url
        return Endpoint(HttpTransport(via=url), token, signed_for)
    # In-process: sign for the address Flask's test client uses, unless a public URL is set.
    base = current_app.config["PUBLIC_BASE_URL"] or "http://localhost"
    return Endpoint(FlaskTransport(current_app.test_client()), token, base)


PUBLIC_URL_HELP = "With --url: the URL to sign for (Twilio's view); default PUBLIC_BASE_URL, else --url."


def register(app: Flask) -> None:
    @app.cli.command("call")
    @click.option("--url", help="Call a running server (e.g. http://127.0.0.1:5000) instead of in-process.")
    @click.option("--public-url", help=PUBLIC_URL_HELP)
    @click.option("--caller", default="+15005550006", show_default=True, help="Caller ID; 'anonymous' hides it.")
    def call_command(url, public_url, caller):
        """Call the voice line from this terminal: keys, words, or Enter for silence."""
        call = Phone(_endpoint(url, public_url), caller=caller, caption_for=audio.caption_for(current_app)).call()
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
    @click.option("--public-url", help=PUBLIC_URL_HELP)
    @click.option("--sender", default="+15005550006", show_default=True)
    @click.option("--whatsapp", is_flag=True, help="Send as WhatsApp (whatsapp: addresses).")
    def text_command(message, url, public_url, sender, whatsapp):
        """Send one message to the text line and print the replies."""
        texter = Texter(_endpoint(url, public_url), sender=sender, channel="whatsapp" if whatsapp else "sms")
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
            wpm=current_app.config["TTS_RATE"],
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
            wpm=current_app.config["TTS_RATE"],
            audio_folder=build_folder(current_app.config),
            audio_mode=audio_mode,
        )
        over = len(doc.over_limit())
        click.echo(f"Wrote {html_path}: {doc.snippet_count} snippets on {len(doc.pages)} pages, {over} over a limit.")

    app.cli.add_command(content)

    app.cli.add_command(db_group)
    app.cli.add_command(outbox_group)


def hold_for_schema(app: Flask, status) -> None:
    """On a database behind its migrations only `flask db ...` runs (upgrade, current, downgrade,
    backup, restore). Every other command stops with the command to run: even one that only
    reads (report, outbox status) would read tables that are not what this code expects, and
    fail half-way or count wrongly. The app's own command objects are left alone (a copy
    refuses in their place), so another app in the same process is not touched."""
    message = status.explain()

    def refuse(*_args, **_kwargs):
        raise SystemExit(message)

    for name, command in list(app.cli.commands.items()):
        if name == db_group.name:
            continue
        app.cli.commands[name] = click.Command(
            name,
            callback=refuse,
            help=command.help,
            short_help=command.short_help,
            context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
        )


db_group = AppGroup("db", help="The database schema (Alembic migrations in database/migrations/).")


@db_group.command("upgrade")
def db_upgrade():
    """Create or upgrade the tables to the newest migration (safe to run again)."""
    status = current_app.extensions["line"].store.upgrade()
    click.echo(status.explain())


@db_group.command("current")
def db_current():
    """Which migration the database is at; exits 1 when it is behind."""
    status = current_app.extensions["line"].store.schema_status()
    click.echo(status.explain())
    if not status.ok:
        raise SystemExit(1)


@db_group.command("downgrade")
def db_downgrade():
    """Undo the newest migration, one step (a rollback: run it with the new code, then deploy the old)."""
    from database.schema import SchemaError

    try:
        status = current_app.extensions["line"].store.downgrade()
    except SchemaError as exc:
        raise SystemExit(str(exc)) from None
    click.echo(f"Rolled back one migration; the database is now at {', '.join(sorted(status.current))}.")
    click.echo("Deploy the code that matches it before starting the servers.")


@db_group.command("backup")
@click.argument("target", type=click.Path(dir_okay=False))
def db_backup(target):
    """A consistent copy of the SQLite database into TARGET, safe while servers run (PostgreSQL: pg_dump)."""
    from database.backup import BackupError, backup

    try:
        size = backup(current_app.extensions["line"].store.engine, target)
    except BackupError as exc:
        raise SystemExit(str(exc)) from None
    click.echo(f"Backed up the database to {target} ({size // 1024} KiB).")


@db_group.command("restore")
@click.argument("backup_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def db_restore(backup_file, yes):
    """Put a backup made by `db backup` in place of the SQLite database, safe while servers run.
    Opt-outs made since the backup are kept; an older schema is migrated."""
    from database.backup import BackupError, restore

    if not yes:
        click.confirm(f"Replace what the line remembers with {backup_file}?", abort=True)
    try:
        done = restore(current_app.extensions["line"].store, backup_file)
    except BackupError as exc:
        raise SystemExit(str(exc)) from None
    at = ", ".join(sorted(done.revision_after))
    click.echo(f"Restored {backup_file}; the database is at revision {at}.")
    click.echo(f"Opt-outs made since the backup, kept: {done.opt_outs_kept}.")


@db_group.command("revision")
@click.option("-m", "--message", required=True, help="What the change does, in a few words.")
@click.option("--autogenerate", is_flag=True, help="Compare the tables in code with the database.")
def db_revision(message, autogenerate):
    """Write a new migration file in database/migrations/versions/ (then review it)."""
    from alembic import command

    from database import schema

    store = current_app.extensions["line"].store
    command.revision(schema.config(store.engine), message=message, autogenerate=autogenerate)


outbox_group = AppGroup("outbox", help='Texts the line sends ("text me this").')


@outbox_group.command("run")
@click.option("--once", is_flag=True, help="Send what is due now, then exit (for cron).")
@click.option("--poll", default=1.0, show_default=True, help="Seconds between passes.")
def outbox_run(once, poll):
    """Send queued texts through Twilio: leases, retries with backoff, never twice."""
    import signal
    import threading

    from delivery import outbox

    worker = outbox.worker_for(current_app)
    if once:
        current_app.extensions["line"].store.prune_messages()
        done = worker.run_once()
        _flush_usage()  # this process ends now: its counts ("sent", "retry") go in first
        click.echo(f"sent {done.sent}, found at Twilio {done.reconciled}, retry later {done.retried}, "
                   f"unsure {done.unsure}, failed {done.failed}, skipped {done.skipped}")  # fmt: skip
        return
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())  # finish the text in hand, then stop
    click.echo(f"outbox worker {worker.owner} running; Ctrl+C or SIGTERM stops it")
    worker.run(stop, poll_s=poll)
    _flush_usage()
    click.echo("outbox worker stopped")


def _flush_usage() -> None:
    recorder = current_app.extensions.get("usage")
    if recorder is not None:
        recorder.flush()


@outbox_group.command("status")
def outbox_status():
    """How many texts are in each state (no numbers, no words)."""
    from database.store import now

    store = current_app.extensions["line"].store
    counts = store.outbox_counts()
    order = ("queued", "sending", "unsure", "sent", "failed", "cancelled", "skipped")
    for status in (*order, *sorted(set(counts) - set(order))):
        click.echo(f"{status:<10} {counts.get(status, 0)}")
    oldest = store.oldest_waiting()
    if oldest is not None:
        click.echo(f"oldest text still waiting: {int((now() - oldest).total_seconds() // 60)} minutes")
