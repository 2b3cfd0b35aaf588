"""The embedded job consumer (the worker process's, a test stack's) stops when told, not after its pauses."""

from __future__ import annotations

import threading

import pytest
from huey import MemoryHuey, RedisHuey

from services.shared.jobs import BLOCKING_READ_SECONDS, EmbeddedConsumer

pytestmark = pytest.mark.no_database

PATIENCE = 30.0
"""Seconds a stop may take here: far more than any machine needs, far less than the pauses of the test."""


def _stop_in_thread(consumer: EmbeddedConsumer) -> threading.Thread:
    stopping = threading.Thread(target=consumer.stop, kwargs={"graceful": True}, daemon=True)
    stopping.start()
    stopping.join(PATIENCE)
    return stopping


def test_a_graceful_stop_ends_the_pauses_of_idle_threads() -> None:
    """Worker threads idle in an hour-long pause and a scheduler between its minute-long readings: a graceful
    stop ends them at once (huey's own sleeps would have held it for an hour)."""
    queue = MemoryHuey("stop-test", utc=True)
    consumer = EmbeddedConsumer(
        queue, workers=2, worker_type="thread", initial_delay=3600, max_delay=3600, scheduler_interval=60,
        check_worker_health=False,
    )  # fmt: skip
    consumer.start()
    stopping = _stop_in_thread(consumer)
    assert not stopping.is_alive(), "the stop still waits for a pause"
    assert not any(thread.is_alive() for _, thread in consumer.worker_threads)
    assert not consumer.scheduler.is_alive()


def test_jobs_still_run_and_a_stop_waits_for_the_running_one() -> None:
    """A queued job runs; a stop that comes while it runs waits for it to finish (graceful)."""
    queue = MemoryHuey("stop-test-jobs", utc=True)
    started, release, finished = threading.Event(), threading.Event(), threading.Event()

    @queue.task()
    def job() -> None:
        started.set()
        release.wait(PATIENCE)
        finished.set()

    consumer = EmbeddedConsumer(queue, workers=1, worker_type="thread", check_worker_health=False)
    consumer.start()
    job()
    assert started.wait(PATIENCE), "the queued job never ran"
    stopping = threading.Thread(target=consumer.stop, kwargs={"graceful": True}, daemon=True)
    stopping.start()
    stopping.join(0.2)
    assert stopping.is_alive() and not finished.is_set(), "the stop did not wait for the running job"
    release.set()
    stopping.join(PATIENCE)
    assert finished.is_set() and not stopping.is_alive()


def test_a_redis_queue_read_blocks_briefly_so_a_stop_is_prompt() -> None:
    """A worker thread of a Redis queue waits in a blocking read; huey's is a second long, the consumer's
    at most `BLOCKING_READ_SECONDS` (no connection is made to build them)."""
    queue = RedisHuey("stop-test-redis", url="redis://127.0.0.1:6379/15", results=False, utc=True)
    assert queue.storage.read_timeout == 1
    EmbeddedConsumer(queue, workers=1, worker_type="thread", check_worker_health=False)
    assert queue.storage.read_timeout == BLOCKING_READ_SECONDS
