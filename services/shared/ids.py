"""Bounded record ids: a path or query id beyond what an id column holds is a 422, never a database error.

Ids are `INTEGER` columns (32 bits on PostgreSQL); a larger number in a URL or a body made the driver fail
(a 500, and through another service a misleading 503). Every id a client sends is typed `Id`.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated

from annotated_types import Ge, Le
from pydantic import BeforeValidator, StringConstraints

from services.shared.vocabulary import trimmed

MAX_ID = 2**31 - 1


def _trimmed(value: object) -> object:
    """A text `trimmed` and composed (`composed`); anything else as it came, for the type check to refuse."""
    return composed(trimmed(value)) if isinstance(value, str) else value


def composed(text: str) -> str:
    """`text` in Unicode's composed form (NFC): «Ёлкин» typed with a combining diaeresis (macOS, text pasted
    from a PDF) is stored as the «Ё» every keyboard types, so a search, a sort or a comparison finds the name as
    it is read. Nothing visible changes."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


Id = Annotated[int, Ge(1), Le(MAX_ID)]

# Codes of schools, municipalities and regions as clients write them: letters, digits, `-`, `_` and inner dots;
# never `/`, `?`, `#`, spaces or control characters, so a code is always one path segment (`9902008/../9901003`
# is refused, not resolved into another school's address).
CODE_PATTERN = r"^[0-9A-Za-zА-Яа-яЁё_-][0-9A-Za-zА-Яа-яЁё._-]{0,29}$"

Code = Annotated[str, StringConstraints(strip_whitespace=True, pattern=CODE_PATTERN, max_length=30)]

# A name or title as clients write it: surrounding spaces and invisible characters (`trimmed`) removed before its
# length is checked, so a required name of spaces or of zero-width spaces only is refused as empty (422
# `string_too_short`) instead of stored blank.
Text = Annotated[str, BeforeValidator(_trimmed), StringConstraints(strip_whitespace=True)]

Search = Annotated[str, BeforeValidator(_trimmed)]
"""A search text of a list's query (`q`): trimmed and composed as the names it looks for are stored (`Text`)."""
