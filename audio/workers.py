"""Render jobs in fresh worker processes, in parallel, with a timeout and retries.

pyttsx3's runAndWait() can hang on Linux, and eSpeak keeps global state, so speech never runs in
the build's own process. Each batch of jobs gets a new process; a worker that goes quiet for
`timeout` seconds is killed, the job it was on is retried alone in a fresh process, and the rest
of its batch is queued again. A job that fails `attempts` times is reported, never waited on.
The clock starts when the worker says it is ready (start-up has its own, longer limit). A worker
speaks with one eSpeak NG library, so batches never mix the bundled one and Debian's (MBROLA).
"""

from __future__ import annotations

import math
import multiprocessing as mp
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path

import settings


@dataclass(frozen=True)
class Job:
    """One snippet to turn into a phone file and a web file: words to speak, or a recording."""

    name: str  # lang/snippet id, for messages
    phone: str  # output paths
    web: str  # "" for no browser file
    text: str = ""
    voice: str = ""
    rate: int = settings.default("TTS_RATE")
    pause_ms: int = settings.default("TTS_PAUSE_MS")
    recording: str = ""  # a human recording to convert instead of speaking `text`


@dataclass
class Outcome:
    job: Job
    duration: float | None = None  # seconds of audio, when it worked
    error: str = ""
    attempts: int = 1
    ends: tuple[float, ...] = ()  # second at which each sentence's words end (synthetic speech)


def produce(job: Job) -> tuple[float, tuple[float, ...]]:
    """In a worker: speech (or the recording) -> the files. Returns (seconds of audio, sentence ends)."""
    from audio import convert

    ends: tuple[float, ...] = ()
    if job.recording:
        samples, rate = convert.read(Path(job.recording))
    else:
        from audio import render

        samples, ends = render.speak_marked(job.text, job.voice, job.rate, job.pause_ms)
        rate = render.SOURCE_RATE
    return convert.write(samples, rate, Path(job.phone), Path(job.web) if job.web else None), ends


def _engine_of(job: Job) -> str:
    from audio.voices import engine_for

    return "" if job.recording else engine_for(job.voice)


def _context():
    """Fresh processes forked from a clean, single-threaded server that has numpy and friends
    loaded but has never run eSpeak: no copy of the caller's threads or locks, and ~20 ms to start
    instead of ~0.3 s of imports per process."""
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["audio.workers", "audio.convert", "audio.render", "audio.voices"])
    return ctx


def _work(jobs: list[Job], conn, task: Callable[[Job], object]) -> None:
    conn.send(READY)  # the job clock starts now, not when the parent asked for a process
    for i, job in enumerate(jobs):
        try:
            conn.send((i, task(job), ""))
        except Exception as exc:  # reported to the parent, which retries or gives up
            conn.send((i, None, f"{type(exc).__name__}: {exc}"))
    conn.close()


READY = "ready"
# A new worker waits for the fork server, which imports numpy and friends first: on a busy
# machine that alone can take longer than a job's timeout, so start-up gets its own limit.
START_TIMEOUT_S = 30.0


@dataclass
class _Running:
    proc: mp.process.BaseProcess
    conn: object
    batch: list[tuple[int, Job, int]]  # (index in the run, job, attempts before this one)
    done: int = 0
    last: float = field(default_factory=time.monotonic)
    ready: bool = False


def run(
    jobs: list[Job],
    *,
    workers: int = 2,
    timeout: float = 30.0,
    attempts: int = 3,
    batch_size: int | None = None,
    task: Callable[[Job], object] = produce,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Run every job; returns one Outcome per job, in the order given."""
    ctx = _context()
    # A snippet takes ~0.1 s and a forked worker ~0.1 s to start eSpeak: four batches per worker
    # keep both cores busy to the end without paying that start-up for every snippet.
    size = batch_size or max(1, min(20, math.ceil(len(jobs) / (max(1, workers) * 4))))
    # A worker loads one eSpeak NG (the wheel's, or Debian's for MBROLA voices): batches never
    # mix the two.
    groups: dict[str, list[tuple[int, Job, int]]] = {}
    for n, job in enumerate(jobs):
        groups.setdefault(_engine_of(job), []).append((n, job, 0))
    queue = deque(g[i : i + size] for g in groups.values() for i in range(0, len(g), size))
    outcomes: dict[int, Outcome] = {}
    running: list[_Running] = []

    def finish(n: int, job: Job, tries: int, result, error: str) -> None:
        if error and tries + 1 < attempts:
            queue.appendleft([(n, job, tries + 1)])  # alone, in a fresh process
            return
        duration, ends = result if isinstance(result, tuple) else (result, ())  # a task may give seconds only
        outcome = outcomes[n] = Outcome(job, duration, error, tries + 1, ends)
        if on_done:
            on_done(outcome)

    while queue or running:
        while queue and len(running) < max(1, workers):
            batch = queue.popleft()
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_work, args=([j for _, j, _ in batch], child, task), daemon=True)
            proc.start()
            child.close()
            running.append(_Running(proc, parent, batch))
        wait([r.conn for r in running] + [r.proc.sentinel for r in running], timeout=0.5)
        for r in list(running):
            exited = r.proc.exitcode is not None  # read before draining: late messages still count
            try:
                while r.done < len(r.batch) and r.conn.poll():
                    message = r.conn.recv()
                    if message == READY:
                        r.ready, r.last = True, time.monotonic()
                        continue
                    i, result, error = message
                    finish(*r.batch[i], result, error)
                    r.done, r.last = i + 1, time.monotonic()
            except (EOFError, OSError):
                exited = True
            stuck = time.monotonic() - r.last > (timeout if r.ready else max(timeout, START_TIMEOUT_S))
            if r.done < len(r.batch) and not exited and not stuck:
                continue
            if r.done < len(r.batch):
                r.proc.kill()
                reason = f"timed out after {timeout:g} s" if stuck and not exited else "worker died"
                if r.done + 1 < len(r.batch):
                    queue.appendleft(r.batch[r.done + 1 :])  # never started: same attempt count
                finish(*r.batch[r.done], None, reason)
            r.proc.join(5)
            r.conn.close()
            running.remove(r)
    return [outcomes[n] for n in range(len(jobs))]
