"""The job queue (huey): report renders and the notification schedule run in the worker process.

Redis (`OPORA_QUEUE_URL=redis://…`) in production, where any replica may queue and any worker may run;
a SQLite file `<data_dir>/queue.db` otherwise (`make run`, one host). A service that queues a job and the
worker that runs it build the same queue from the same settings; tasks are registered on it by name
(`register_*` functions in the services), so the web process never needs the worker's code and vice versa.

A queue message is gone once a worker takes it: a worker killed mid-job would leave the job «running».
Each job therefore keeps a lease in its own table (`heartbeat_at`, renewed while it runs); a job whose
lease has lapsed is marked failed with a Russian reason by whoever looks first (the worker's periodic
sweep, or the service answering about it).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from huey import Huey, RedisHuey, SqliteHuey
from huey.consumer import Consumer, Scheduler, Worker
from huey.utils import time_clock

from services.shared.settings import CommonSettings

log = logging.getLogger("opora.jobs")


def make_queue(settings: CommonSettings) -> Huey:
    """The installation's queue. `results=False`: jobs report through their own tables, not huey's.

    `OPORA_QUEUE_URL`: `redis://…` (production), or `sqlite:///path` to name the SQLite file (several
    processes of one host with different data folders); unset: `<data_dir>/queue.db`.
    """
    url = settings.queue_url
    if url and url.startswith("redis"):
        return RedisHuey(settings.queue_name, url=url, results=False, utc=True)
    path = Path(url.removeprefix("sqlite:///")) if url else settings.data_dir / "queue.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_ahead_log(path)
    return SqliteHuey(settings.queue_name, filename=str(path), results=False, utc=True)


def _write_ahead_log(path: Path, seconds: float = 30) -> None:
    """Put the SQLite queue file in WAL mode, as huey's connections ask, before huey connects.

    Switching a file to WAL needs it to itself, and SQLite answers "database is locked" at once, without its
    busy timeout, to a connection that asks while another is switching. The processes of `make run` or of a
    test stack start together and each opens the new file: one of them failed to start now and then. Once the
    file is in WAL mode, asking again needs no lock; so the switch is tried here until it holds.
    """
    deadline = time.monotonic() + seconds
    while True:
        try:
            with closing(sqlite3.connect(path, timeout=seconds)) as connection:
                connection.execute('pragma journal_mode="wal"')
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class _PromptWorker(Worker):
    """huey's worker, whose idle pause (`time.sleep` up to `max_delay`) ends as soon as the consumer stops."""

    stop_flag: threading.Event
    delay: float
    max_delay: float
    backoff: float

    def sleep(self) -> None:
        self.delay = min(self.delay, self.max_delay)
        self.stop_flag.wait(self.delay)
        self.delay *= self.backoff


class _PromptScheduler(Scheduler):
    """huey's scheduler, whose pause between two readings of the schedule (at least a second) ends as soon as
    the consumer stops."""

    stop_flag: threading.Event

    def sleep_for_interval(self, start_ts: float, nseconds: float) -> None:
        remaining = nseconds - (time_clock() - start_ts)
        if remaining > 0:
            self.stop_flag.wait(remaining)


BLOCKING_READ_SECONDS = 0.2
"""How long a worker thread's read of a Redis queue blocks when nothing is queued (huey's default: a second)."""


class EmbeddedConsumer(Consumer):
    """A consumer running in threads of a process that owns its signals (uvicorn, pytest).

    `stop(graceful=True)` waits for its threads. huey's own ones first finish their pause (the scheduler's is
    a whole second) or their blocking read of Redis (a second), so every shutdown of the worker and every
    test stack's teardown waited about a second. Here the pauses end when the stop flag is set and a read
    blocks at most `BLOCKING_READ_SECONDS` (an idle thread asks Redis five times a second: nothing to Redis):
    a stop takes about as long as the job that is running."""

    worker_class = _PromptWorker
    scheduler_class = _PromptScheduler

    def __init__(self, huey: Huey, **options: Any) -> None:
        super().__init__(huey, **options)
        storage = huey.storage
        if getattr(storage, "read_timeout", 0) > BLOCKING_READ_SECONDS:
            storage.read_timeout = BLOCKING_READ_SECONDS

    def _create_worker(self) -> Worker:
        worker: _PromptWorker = super()._create_worker()
        worker.stop_flag = self.stop_flag
        return worker

    def _create_scheduler(self) -> Scheduler:
        scheduler: _PromptScheduler = super()._create_scheduler()
        scheduler.stop_flag = self.stop_flag
        return scheduler

    def _set_signal_handlers(self) -> None:
        return None


def start_consumer(queue: Huey, workers: int) -> EmbeddedConsumer:
    """Start the worker threads and the scheduler (periodic tasks) of `queue`; stop with `.stop(graceful=True)`."""
    consumer = EmbeddedConsumer(queue, workers=workers, worker_type="thread", max_delay=0.5, check_worker_health=False)
    consumer.start()
    return consumer


def queue_depth(queue: Huey) -> int:
    """Messages waiting to be taken by a worker."""
    try:
        return int(queue.pending_count())
    except Exception:  # the queue's store is unreachable: the health check says so, metrics say 0
        log.warning("queue depth unavailable", exc_info=True)
        return 0


@contextmanager
def heartbeat(beat: Callable[[], Any], every: float) -> Iterator[None]:
    """Call `beat` every `every` seconds in a thread while the block runs (the job's lease)."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(every):
            try:
                beat()
            except Exception:
                log.warning("heartbeat failed", exc_info=True)

    thread = threading.Thread(target=loop, name="job-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)
