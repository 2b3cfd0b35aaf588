"""Pause points: where a test kills a process at a chosen moment (tests/reliability/test_killed_processes.py).

With `OPORA_PAUSE_DIR` set to a folder, a process that reaches `pause_point(name)` while the file
`<folder>/<name>` exists removes it (one process, once) and stops itself with SIGSTOP; the test sees it stopped
and kills it (SIGKILL) exactly there, whatever the machine's speed. Unset, as everywhere but in those tests
(and ignored in production), a point costs one lookup of the environment.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

PAUSE_DIR = "OPORA_PAUSE_DIR"


def pause_point(name: str) -> None:
    """Stop this process here if a test has armed the point `name` (see the module's note)."""
    folder = os.environ.get(PAUSE_DIR)
    if not folder or os.environ.get("OPORA_ENV") == "production":
        return
    try:
        (Path(folder) / name).unlink()
    except FileNotFoundError:
        return
    os.kill(os.getpid(), signal.SIGSTOP)
