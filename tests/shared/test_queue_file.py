"""The SQLite job queue of `make run`: processes that start together all open its new file."""

from __future__ import annotations

import threading
from pathlib import Path

from huey import Huey

from services.shared.jobs import make_queue
from services.worker.settings import WorkerSettings

OPENERS = 6


def _open_together(settings: WorkerSettings) -> tuple[list[Huey], list[BaseException]]:
    """`make_queue` in OPENERS threads released at once: the queues made and the errors raised."""
    together = threading.Barrier(OPENERS)
    queues: list[Huey] = []
    failures: list[BaseException] = []

    def open_queue() -> None:
        together.wait()
        try:
            queues.append(make_queue(settings))
        except BaseException as error:  # every failure is the finding
            failures.append(error)

    openers = [threading.Thread(target=open_queue) for _ in range(OPENERS)]
    for opener in openers:
        opener.start()
    for opener in openers:
        opener.join()
    return queues, failures


def test_processes_starting_together_all_open_a_new_queue_file(tmp_path: Path) -> None:
    """Six openers at once on each of 40 new files (the reports, roadmap and worker processes of a stack start
    together): every one gets its queue. Before the file was put in WAL mode first, about one file in ten left an
    opener with "database is locked"."""
    for attempt in range(40):
        settings = WorkerSettings(queue_url=f"sqlite:///{tmp_path / f'queue-{attempt}.db'}", data_dir=tmp_path)
        queues, failures = _open_together(settings)
        assert not failures, failures[0]
        assert len(queues) == OPENERS
        queues[0].enqueue(queues[0].task()(lambda: None).s())
        assert all(len(queue) == 1 for queue in queues), "one file, one queue"
