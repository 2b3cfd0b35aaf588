"""The child process that renders an uploaded letterhead (see `isolated.py`, its parent side): it caps its own
address space, reads the pickled document and template on stdin, answers the DOCX on stdout (exit 0) or a JSON
error (exit 2). A module of its own, so the parent side never imports the renderer it runs apart."""

from __future__ import annotations

import json
import pickle
import resource
import sys

from services.reports.rendering.docx import render_docx_inline
from services.reports.rendering.isolated import ERROR_EXIT, MAX_OUTPUT_BYTES, MEMORY_BYTES, TOO_LARGE
from services.reports.rendering.sandbox import TemplateError


def _main() -> int:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    out = sys.stdout.buffer
    try:
        document, template = pickle.loads(sys.stdin.buffer.read())  # from our own parent
        content = render_docx_inline(document, template)
        if len(content) > MAX_OUTPUT_BYTES:
            raise TOO_LARGE
    except TemplateError as error:
        out.write(json.dumps({"code": error.code, "detail": error.detail, "fields": error.fields}).encode())
        return ERROR_EXIT
    except MemoryError:
        out.write(json.dumps({"code": TOO_LARGE.code, "detail": TOO_LARGE.detail}).encode())
        return ERROR_EXIT
    out.write(content)
    return 0


if __name__ == "__main__":
    sys.exit(_main())
