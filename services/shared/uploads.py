"""What every endpoint taking one uploaded file checks of the request itself, before the file's content.

- `one_file`: a multipart body with the file part twice is refused (422 `multiple_files`): which copy the
  framework hands over is the last one, silently, so the caller's other file would be lost without a word.
- `StrictMultiPartParser`: a text field of a multipart body that is not text in its charset (UTF-8 unless the
  body names another) is refused (422 `invalid_encoding`); the framework decoded it as Latin-1 instead, so an
  evidence title typed in Windows-1251 was stored as mojibake («Îò÷¸ò»). The same for a file part's name
  (`filename=` in Windows-1251 bytes from an old script: 422 `invalid_encoding`, the file stored under no name),
  decoded as the form's text is: in the body's charset, UTF-8 unless it names another.
- `safe_file_name`: the name kept for a stored file is its last path segment (`/` and `\\` both), without
  control or direction-override characters (PostgreSQL refuses NUL; CR/LF and U+202E mislead whoever downloads
  it), at most `MAX_FILE_NAME` characters with the extension kept.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Awaitable, Callable
from pathlib import PurePosixPath

import starlette.requests
from fastapi import Request
from starlette.formparsers import MultiPartException, MultiPartParser, parse_options_header

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


NOT_TEXT = "Form field is not text in its charset"
"""The parser's message for a field that is not text: `services.shared.errors` answers it 422 `invalid_encoding`."""
NOT_TEXT_NAME = "File name is not text in its charset"
"""The same for a file's name (`filename=` of a part): 422 `invalid_encoding` too, with its own detail."""


class StrictMultiPartParser(MultiPartParser):
    """Starlette's multipart parser, but a text field whose bytes are not text in the body's charset is refused
    (`NOT_TEXT`) instead of decoded as Latin-1, which turned Windows-1251 or KOI8-R text into mojibake stored as
    it came. Files are untouched: their bytes are the caller's."""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self._current_part.content_disposition)
        filename = options.get(b"filename")
        if filename is not None:
            try:
                filename.decode(self._charset)
            except (UnicodeDecodeError, LookupError):
                raise MultiPartException(NOT_TEXT_NAME) from None
        super().on_headers_finished()

    def on_part_end(self) -> None:
        if self._current_part.file is None:
            try:
                bytes(self._current_part.data).decode(self._charset)
            except (UnicodeDecodeError, LookupError):
                raise MultiPartException(f"{NOT_TEXT}: {self._current_part.field_name}") from None
        super().on_part_end()


def install_strict_forms() -> None:
    """Make every request's multipart form parsed by `StrictMultiPartParser` (Starlette looks the parser up in
    `starlette.requests` on each parse and offers no setting for it)."""
    starlette.requests.MultiPartParser = StrictMultiPartParser  # type: ignore[misc]


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
