"""What every endpoint taking one uploaded file checks of the request itself, before the file's content.

- `one_file`: a multipart body with the file part twice is refused (422 `multiple_files`): which copy the
  framework hands over is the last one, silently, so the caller's other file would be lost without a word.
- `safe_file_name`: the name kept for a stored file is its last path segment (`/` and `\\` both), without
  control or direction-override characters (PostgreSQL refuses NUL; CR/LF and U+202E mislead whoever downloads
  it), at most `MAX_FILE_NAME` characters with the extension kept.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Awaitable, Callable
from pathlib import PurePosixPath

from fastapi import Request

from services.shared.errors import InvalidValue

MAX_FILE_NAME = 255


def one_file(field: str = "file") -> Callable[[Request], Awaitable[None]]:
    """A dependency refusing a multipart body with more than one part named `field` (the form is parsed once by
    FastAPI for the endpoint and cached on the request: this reads it again for free)."""

    async def check(request: Request) -> None:
        form = await request.form()
        if len(form.getlist(field)) > 1:
            raise InvalidValue(
                "Приложите один файл: в запросе их несколько", code="multiple_files", loc=["body", field]
            )

    return check


def safe_file_name(name: str | None, default: str = "файл") -> str:
    """The name to keep for an uploaded file (see the module's docstring); `default` when nothing is left."""
    last = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(c for c in last if unicodedata.category(c) not in ("Cc", "Cf", "Cs")).strip(" .")
    if not kept:
        return default
    if len(kept) <= MAX_FILE_NAME:
        return kept
    suffix = PurePosixPath(kept).suffix[:20]
    return kept[: MAX_FILE_NAME - len(suffix)] + suffix
