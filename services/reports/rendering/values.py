"""Cell values as a Russian reader expects them: «25,0 %», «1 234,5», «02.09.2024».

Shared by every renderer so a figure reads the same in DOCX, HTML and PDF (XLSX keeps numbers as numbers
and gives Excel the matching number format instead).
"""

from __future__ import annotations

import math
import re
import struct
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from services.reports.documents.model import (
    SECTION_ROW,
    Column,
    Document,
    Figure,
    Section,
    Signature,
    Table,
    exact,
    group_thousands,
    number_sign_bound,
    rounded,
    typeset,
    with_sign,
)

NBSP = "\u00a0"
MAX_DECIMALS = 3

# XML 1.0 forbids most control characters; a school name pasted from an old system may carry one.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


_WORD_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


def clean(text: Any) -> str:
    """A value as text safe for XML: no characters XML 1.0 forbids (escaping is each writer's job), typeset one
    way in every format (`typeset`: «ёлочки», percentage points, a no-break space before «%»). Word's line and
    page breaks pasted as text (vertical tab, form feed) are line breaks, so the words on either side stay apart."""
    return typeset(_INVALID_XML.sub("", str(text).translate(_WORD_BREAKS)))


def printed(text: Any) -> str:
    """A value as DOCX (hence PDF) and HTML print it: `clean`, and «№» bound to its number by a no-break space
    (`number_sign_bound`), so no line ends with the sign. XLSX writes `clean` alone."""
    return number_sign_bound(clean(text))


PROPERTY_LIMIT = 255
"""The longest text a file's property holds (python-docx refuses a longer one, Word and Excel cut it)."""


CAPTION_ROOM_CM = 2.0
"""What a chart leaves of the page's height for its caption and the line before it."""


def chart_width_cm(png: bytes, width_cm: float, max_height_cm: float) -> float:
    """The width a chart is set at: `width_cm`, or narrower when at that width it would be taller than the page (a
    region of sixty municipalities: a bar each), so the picture is never cut off at the foot of the page."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or len(png) < 24:
        return width_cm
    pixels_wide, pixels_high = struct.unpack(">II", png[16:24])
    if not pixels_wide or not pixels_high:
        return width_cm
    return min(width_cm, max(max_height_cm, 1.0) * pixels_wide / pixels_high)


A4_TEXT_HEIGHT_CM = {False: 29.7 - 4.0, True: 21.0 - 4.0}
"""The height of the text area of the default frame's A4 page (2 cm margins top and bottom), portrait and landscape."""


def file_property(text: str) -> str:
    """`text` as a file's property (its title, subject, comments): whole when it fits, else cut at a word with «…»
    (a plan titled as its order is, 300 characters and more, names its execution report in a title longer than a
    property holds, and the DOCX must still be written)."""
    text = " ".join(clean(text).split())
    if len(text) <= PROPERTY_LIMIT:
        return text
    cut = text[: PROPERTY_LIMIT - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:-–—(«„") + "…"


def format_date(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def as_number(value: Any) -> float | int | None:
    """A numeric value, or None for text/empty/NaN (bool is not a number here)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    try:  # Decimal, numpy scalars
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or math.isinf(number) else number


def _group(digits: str) -> str:
    """Thousands separated by a no-break space, as Russian typesetting does from five digits on."""
    return group_thousands(digits)


GROUPED_FROM = 10_000


def grouped(value: float | int | Decimal, decimals: int) -> bool:
    """Whether `format_number` separates the thousands of `value`: from five digits of its whole part on."""
    return abs(rounded(value, decimals)) >= GROUPED_FROM


def number_pattern(decimals: int, *, thousands: bool) -> str:
    """Excel's number format of a number printed with `decimals`: «0», «0.00», or «#,##0», «#,##0.0» with the
    thousands separated (a space in a Russian Excel), as `format_number` writes the same figure: «12 345», «1234»."""
    whole = "#,##0" if thousands else "0"
    return whole + ("." + "0" * decimals if decimals else "")


def format_number(value: float | int | Decimal, decimals: int, *, column_grouped: bool = False) -> str:
    """«12 345,5», «1234,5», «−2,15» (the minus of `with_sign`, as the builders write it), never «−0,0»; with
    `column_grouped` (a table column some of whose numbers have five digits) a four-digit number too: «1 485»."""
    number = rounded(value, decimals)
    text = f"{abs(number):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    digits = _group(whole) if not column_grouped or len(whole) != 4 else f"{whole[0]}{NBSP}{whole[1:]}"
    return with_sign(number, digits + ("," + fraction if fraction else ""))


def with_grouping(columns: list[Column], rows: list[dict[str, Any]]) -> list[Column]:
    """The columns of a table, those of counts and numbers marked `thousands` when some number of theirs has five
    digits or more: Russian typesetting groups the four-digit numbers of such a column too, so «1 485» stands under
    «15 525», never «1485» (in running text a four-digit number stays whole)."""
    places = column_decimals(columns, rows)
    marked = []
    for column in columns:
        if column.kind in ("int", "float"):
            numbers = [as_number(_plain(row.get(column.key))) for row in rows if not is_section_row(row)]
            decimals = 0 if column.kind == "int" else places.get(column.key, 1)
            if any(n is not None and grouped(n, 0 if isinstance(n, int) else decimals) for n in numbers):
                column = column.model_copy(update={"thousands": True})
        marked.append(column)
    return marked


def _plain(value: Any) -> Any:
    """A cell's number; a `Figure` carries its own text and unit, so it takes no part in its column's rule."""
    return None if isinstance(value, Figure | bool) else value


def decimals_for(column: Column, rows: list[dict[str, Any]]) -> int:
    """Decimal places of a float column: the column's own `decimals` if the model has one, else as many as
    its values need (1 to 3), so an index of 0.566 is not shown as 0,6 and a mean of 45.2 not as 45,200."""
    declared = column.decimals
    if declared is not None:
        return max(0, min(declared, 6))
    needed = 1
    for row in rows:
        number = as_number(row.get(column.key))
        if number is None or isinstance(number, int):
            continue
        for places in range(needed, MAX_DECIMALS + 1):
            if abs(round(number, places) - number) < 1e-9:
                break
        else:
            places = MAX_DECIMALS
        needed = max(needed, places)
        if needed == MAX_DECIMALS:
            break
    return needed


def format_value(value: Any, column: Column, decimals: int = 1, empty: str = "—") -> str:
    """One cell as display text. Numeric kinds that hold text (e.g. «н/д») keep the text; a missing number
    reads `empty` (a dash in a data row, nothing in the total row); a `Figure` reads its own text."""
    if isinstance(value, Figure):
        return clean(value.text)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "" if column.kind == "text" else empty
    if column.kind == "date":
        day = as_date(value)
        return format_date(day) if day else clean(value)
    if column.kind in ("int", "float", "percent"):
        return _format_number_cell(value, column, decimals)
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float | Decimal) and as_number(value) is not None:
        return plain_number(value)
    return clean(value)


def cell_text(row: dict[str, Any], column: Column, decimals: int, *, total: bool = False) -> str:
    """One cell of a data row (a missing number a dash) or of the total row, where a column the total leaves out
    is blank but a figure it gives as None (no share of nothing: 0 of 0) reads a dash, as in the rows above."""
    empty = "" if total and column.key not in row else "—"
    return format_value(row.get(column.key), column, decimals, empty)


def plain_number(value: float | Decimal) -> str:
    """A number given to a text column, written as Excel's general format shows it in Russian: as many decimals
    as it has (at most six), a comma, no thousands separated, the minus «−»: 0.3125 → «0,3125», 12.0 → «12»,
    9901001.0 → «9901001», never «0.3125», «12.0» or «9901001.0»."""
    places = min(max(-exact(value).normalize().as_tuple().exponent, 0), 6)  # type: ignore[operator]
    text = format_number(value, places).replace(NBSP, "")  # general format: no thousands separated
    return text.rstrip("0").rstrip(",") if "," in text else text


def _format_number_cell(value: Any, column: Column, decimals: int) -> str:
    """A cell of an `int`, `float` or `percent` column; a value that is no number keeps its text."""
    number = as_number(value)
    if number is None:
        return clean(value)
    grouping = column.thousands
    if column.kind == "int" or (column.kind == "float" and isinstance(number, int)):
        # a count is never «3,000»; 12,5 reads 13 (half up), as Excel shows it
        return format_number(number, 0, column_grouped=grouping)
    if column.kind == "float":
        return format_number(number, decimals, column_grouped=grouping)
    places = 1 if column.decimals is None else max(0, min(column.decimals, 6))
    return format_number(exact(number) * 100, places) + NBSP + "%"


def column_decimals(columns: list[Column], rows: list[dict[str, Any]]) -> dict[str, int]:
    """Decimal places per float column (declared or as the values need) and per percent column (declared or 1)."""
    places = {c.key: decimals_for(c, rows) for c in columns if c.kind == "float"}
    for column in columns:
        if column.kind == "percent":
            places[column.key] = 1 if column.decimals is None else max(0, min(column.decimals, 6))
    return places


def is_numeric(column: Column) -> bool:
    return column.kind in ("int", "float", "percent", "date")


BODY_PT = 12.0
"""The type size of the body text in every format: «Обычный» of the DOCX (Times New Roman 12 pt), the HTML preview."""
HEADING_PT = 14.0  # a section's heading and the title
SMALL_PT = 10.0  # a note, a chart's caption, the executor, «Дата формирования»


def table_font_size(columns: list[Column]) -> float:
    """The type size of a table in DOCX and in the HTML preview alike: 10 pt, 8 pt for a table of more than
    eight columns."""
    return 10.0 if len(columns) <= 8 else 8.0


def relative_widths(columns: list[Column]) -> list[float]:
    """Each column's share of the table width (explicit widths kept, the rest split equally)."""
    given = [c.width for c in columns if c.width and c.width > 0]
    default = sum(given) / len(given) if given else 1.0
    widths = [c.width if c.width and c.width > 0 else default for c in columns]
    total = sum(widths) or 1.0
    return [w / total for w in widths]


def header_groups(columns: list[Column]) -> list[tuple[str | None, int]]:
    """The upper header row of a two-level header: (group label, how many columns it spans) for each run of
    consecutive columns sharing a group, (None, 1) for a column whose own label spans both rows; [] when no
    column has a group (a one-row header)."""
    if not any(c.group for c in columns):
        return []
    groups: list[tuple[str | None, int]] = []
    for column in columns:
        if column.group and groups and groups[-1][0] == column.group:
            groups[-1] = (column.group, groups[-1][1] + 1)
        else:
            groups.append((column.group or None, 1))
    return groups


def is_section_row(row: dict[str, Any]) -> bool:
    return SECTION_ROW in row


def section_headings(document: Document) -> list[tuple[Section, str, str | None]]:
    """Each section with its heading as printed and, for an appendix, the line above it («Приложение 2»):
    numbered sections count «1.», «2.» … among themselves, appendices «Приложение 1», «Приложение 2» …"""
    result: list[tuple[Section, str, str | None]] = []
    number = appendix = 0
    for section in document.sections:
        if section.appendix:
            appendix += 1
            result.append((section, clean(section.title), f"Приложение {appendix}"))
        elif section.numbered and not _NUMBERED.match(section.title):
            number += 1
            result.append((section, f"{number}. {clean(section.title)}", None))
        else:
            result.append((section, clean(section.title), None))
    return result


# a title that carries its own number already: «2. Итоги», «2.1 Итоги», «Раздел 1. Работа с обучающимися»; a title
# opening with a year or a count («2024 год: итоги», «100 баллов») is no number of its own and is numbered
_NUMBERED = re.compile(r"\s*(\d{1,2}(\.\d+)*\.?\s|(раздел|глава|часть)\s+[\dIVX]+)", re.IGNORECASE)

BLANK_DATE = "«___» ________ 20__ г."
BLANK_NUMBER = "______"


def appendix_to_text(document: Document) -> str:
    """«Приложение 1 к приказу Управления образования … от 02.09.2024 № 15-од», blanks for what is unknown."""
    a = document.appendix_to
    if a is None:
        return ""
    head = f"Приложение {clean(a.number)}" if a.number else "Приложение"
    day = format_date(a.order_date) if a.order_date else BLANK_DATE
    number = clean(a.order_number) if a.order_number else BLANK_NUMBER
    return f"{head} к {clean(a.document)} {clean(a.authority)} от {day} № {number}"


def registration_fields(document: Document) -> tuple[str, str]:
    """The outgoing registration's date and number as printed, blanks to fill in by hand when unset."""
    r = document.registration
    if r is None:
        return "", ""
    day = format_date(r.registered_on) if r.registered_on else BLANK_DATE
    return day, clean(r.number) if r.number else BLANK_NUMBER


def registration_text(document: Document) -> str:
    day, number = registration_fields(document)
    return f"от {day} № {number}" if document.registration else ""


def signatures(document: Document) -> list[Signature]:
    return [b for s in document.sections for b in s.blocks if isinstance(b, Signature)]


def tables(document: Document) -> list[tuple[Section, Table]]:
    return [(s, b) for s in document.sections for b in s.blocks if isinstance(b, Table)]


def approval_lines(document: Document) -> list[str]:
    """«УТВЕРЖДЕН / приказом … / от 02.09.2024 № 123» (the word agreeing with the document's name), or nothing."""
    if document.approval is None:
        return []
    a = document.approval
    return [
        a.word,
        f"приказом {clean(a.authority)}",
        f"от {format_date(a.order_date)} № {clean(a.order_number)}",
    ]
