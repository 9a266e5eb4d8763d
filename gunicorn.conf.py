"""gunicorn for the line: `.venv/bin/gunicorn --bind 127.0.0.1:8000 'app:create_app()'` (this file is
read from the working folder; docs/DEPLOY.md puts it behind a TLS proxy).

The app is built once in the master (preload_app) before any worker starts, so bad settings,
bad content or a database behind its migrations stop gunicorn at once with one clear message
and a non-zero exit, instead of workers failing and being restarted over and over. Workers are
forked from that app; it holds no open database connection (create_app closes them) and no
thread (the usage writer starts with a worker's first event), and post_fork below makes each
worker drop whatever of the master's it could still see: at start, on every max_requests recycle
and on a HUP reload.
Override any of these with GUNICORN_CMD_ARGS, e.g. GUNICORN_CMD_ARGS="--workers 4".
"""

import os

wsgi_app = "app:create_app()"
preload_app = True
# Twilio waits 15 s for an answer; a webhook takes milliseconds. Threads let a worker wait on the
# database or a slow client without holding up the others.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = 4
timeout = 30
graceful_timeout = 20
keepalive = 5  # behind a proxy that reuses connections
# gunicorn's control socket is one path per user: two servers on one machine would share it.
control_socket_disable = True
max_requests = 5000  # a slow leak never grows for ever
max_requests_jitter = 500
# Logs go to stdout/stderr (systemd's journal, or the platform's log). The access log holds the
# path without its query string, the status, size and time: no client address, no user agent,
# no query (a token or a number could hide there). Phone numbers travel in POST bodies, never logged.
accesslog = "-"
errorlog = "-"
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


def post_fork(server, worker):
    # The preloaded app, as the worker will serve it: forget the master's pool and writer thread.
    from app import after_fork

    after_fork(worker.app.wsgi())


def worker_exit(server, worker):
    # A worker leaving (recycled, reloaded, stopped) writes the counts it still holds in memory.
    recorder = getattr(worker.app.wsgi(), "extensions", {}).get("usage")
    if recorder is not None:
        recorder.stop()
