"""An authority's uploaded letterhead rendered in a child process, with a time limit and a memory limit.

A letterhead is code written by someone else: the sandbox (`sandbox.LimitedSandbox`) refuses the obvious
bombs (huge repetitions, ranges, powers), but plain nested loops can still run for hours, and a thread cannot
be stopped. So a DOCX with an uploaded letterhead is rendered by `python -m services.reports.rendering.isolated_child`:
the parent sends the pickled document and the template on stdin and kills the child when the time is up; the
child caps its own address space, answers the DOCX on stdout (exit 0) or a JSON error (exit 2). Nothing the
child writes is unpickled. The default letterhead is ours and renders in-process.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

from services.reports.documents.model import Document
from services.reports.rendering.sandbox import TemplateError

RENDER_SECONDS = 60.0
"""A letterhead render of a large document; the trial render at upload gets `templates.TRIAL_SECONDS`."""
MEMORY_BYTES = 2 * 1024**3
MAX_OUTPUT_BYTES = 100 * 1024**2
ERROR_EXIT = 2
_ROOT = Path(__file__).resolve().parents[3]  # the directory holding the `services` package


def _too_slow(seconds: float) -> TemplateError:
    return TemplateError(
        "template_too_slow",
        f"Шаблон не удалось заполнить за {seconds:g} с: в нём слишком долгие вычисления или циклы. "
        "Оставьте в бланке только текст, оформление и поля из списка.",
    )


TOO_LARGE = TemplateError(
    "template_too_large",
    "Шаблон порождает слишком большой документ. Оставьте в бланке только текст, оформление и поля из списка.",
)


def render_letterhead(document: Document, template: bytes, seconds: float = RENDER_SECONDS) -> bytes:
    """The DOCX of `document` in the uploaded `template`; TemplateError when it fails, is too slow or too big."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(_ROOT), os.environ.get("PYTHONPATH")]))}
    try:
        child = subprocess.run(
            [sys.executable, "-m", "services.reports.rendering.isolated_child"],
            input=pickle.dumps((document, template)),
            capture_output=True,
            timeout=seconds,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise _too_slow(seconds) from None
    if child.returncode == 0 and child.stdout:
        return child.stdout
    if child.returncode == ERROR_EXIT:
        try:
            error = json.loads(child.stdout)
        except ValueError:
            raise TOO_LARGE from None
        raise TemplateError(error["code"], error["detail"], error.get("fields"))
    raise TOO_LARGE  # killed: out of memory, most likely
