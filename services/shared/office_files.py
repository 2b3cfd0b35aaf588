"""Bounds on reading uploaded Office files (XLSX, DOCX), checked before a library opens them.

An XLSX or DOCX is a ZIP of XML. A few kilobytes can declare gigabytes of XML, or one merged range of a
million rows (openpyxl makes an object for every cell a merged range covers when it opens the book: 1.8 KB
became 307 MB and 23 s). `check_office_archive` reads only the ZIP directory and streams the worksheets'
XML once, counting cells and merged-range areas, so the work a reader may do is bounded before it starts;
`ReadBudget` bounds the wall-clock time of the reading itself. Both raise `HostileFile` (413 or 422, with a
Russian detail); callers with their own error type convert it.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from dataclasses import dataclass

from services.shared.errors import OporaError

_CHUNK = 1024 * 1024
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]{1,3})([0-9]{1,7})(?::([A-Z]{1,3})([0-9]{1,7}))?\"")
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")


class HostileFile(OporaError):
    status_code = 413
    code = "file_too_complex"
    detail = "Файл слишком велик или сложен для обработки"


@dataclass(frozen=True)
class OfficeLimits:
    """What one uploaded Office file may hold once unpacked."""

    max_uncompressed_bytes: int
    max_cells: int
    max_merged_cells: int
    max_members: int = 5_000
    max_seconds: float = 60.0


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - 64)
    return number


def _area(match: re.Match[bytes]) -> int:
    first_col, first_row, last_col, last_row = match.groups()
    if last_col is None:
        return 1
    rows = abs(int(last_row) - int(first_row)) + 1
    columns = abs(_column_number(last_col) - _column_number(first_col)) + 1
    return rows * columns


def check_office_archive(content: bytes, limits: OfficeLimits) -> None:
    """413 when the unpacked XML, the cells or the merged ranges of an XLSX/DOCX exceed `limits`.

    Sizes come from the ZIP directory (a member that inflates past its declared size fails its CRC in
    `zipfile`, so the declaration binds). A broken archive is left to the reader's own error."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except Exception:  # not a readable ZIP: the reader says so in its own words
        return
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_members:
            raise HostileFile(f"Архив файла содержит больше {limits.max_members} частей")
        unpacked = sum(member.file_size for member in members)
        if unpacked > limits.max_uncompressed_bytes:
            raise HostileFile(
                f"В распакованном виде файл занимает {_megabytes(unpacked)} — больше допустимых "
                f"{_megabytes(limits.max_uncompressed_bytes)}: разделите его на части"
            )
        cells = merged = 0
        budget = ReadBudget(limits.max_seconds)
        for member in members:
            if not (member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")):
                continue
            member_cells, member_merged = _scan_sheet(archive, member, budget)
            cells, merged = cells + member_cells, merged + member_merged
            if merged > limits.max_merged_cells:
                raise HostileFile(
                    f"Объединённые ячейки файла покрывают больше {limits.max_merged_cells:,} ячеек".replace(",", " ")
                )
            if cells > limits.max_cells:
                raise HostileFile(
                    f"В файле больше {limits.max_cells:,} ячеек: разделите его на части".replace(",", " ")
                )


def _scan_sheet(archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: ReadBudget) -> tuple[int, int]:
    cells = merged = 0
    tail = b""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                budget.check()
                data = tail + chunk
                # A tag cut by the chunk's end is counted in the next round (with the kept tail).
                cut = max(data.rfind(b"<"), len(data) - 256, 0) if len(chunk) == _CHUNK else len(data)
                cells += len(_CELL.findall(data, 0, cut))
                merged += sum(_area(match) for match in _MERGE.finditer(data, 0, cut))
                tail = data[cut:]
    except HostileFile:
        raise
    except Exception:  # zlib.error, BadZipFile, a bad CRC…: the reader reports the broken file in its own words
        return cells, merged
    return cells, merged


def _count(number: int) -> str:
    return f"{number:,}".replace(",", " ")


def too_many_cells(rows: int, columns: int, limit: int) -> HostileFile:
    """A sheet whose used area (rows × columns) is larger than a reader may walk through."""
    return HostileFile(
        f"Лист занимает {_count(rows)} строк × {_count(columns)} столбцов — больше {_count(limit)} ячеек: "
        "удалите лишние строки и столбцы или разделите файл"
    )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} МБ"


class ReadBudget:
    """A deadline for reading one file: `check()` in the reader's loops raises 422 once it has passed."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise HostileFile(
                f"Файл не удалось прочитать за {self.seconds:g} с: упростите или разделите его",
                code="file_too_slow",
                status_code=422,
            )
