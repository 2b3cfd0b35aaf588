"""The neutral document every report is built into and every format is rendered from.

Builders (`services.reports.documents.<type>`) turn data read from the other services into a `Document`;
renderers (`services.reports.rendering`) write a `Document` as DOCX, XLSX, HTML or PDF. Neither knows the
other, so a new report type needs no renderer change and a new format no builder change.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, field_validator

MINUS = "\u2212"
"""The sign of every printed negative number, in DOCX, HTML and PDF alike, whether a builder wrote the figure or a
renderer formatted a cell: «−2,15», never the hyphen «-2,15» (XLSX keeps the number negative)."""


NBSP = "\u00a0"
POINTS = f"п.{NBSP}п."
"""Percentage points, as every document writes them: «п. п.» (the Russian official abbreviation, as the
identification service's reasons spell it) with a no-break space inside, and one before it after a number
(«+2,5 п. п.»), so the unit never breaks away from its number or across two lines."""

_POINTS = re.compile(r"(?<![^\W\d])(?<!\.)п\.[ \u00a0]?п\.(?!\w)")  # not inside a word: «2,5п.п.» too
_BEFORE_POINTS = re.compile(r"(?<=\d)[ \u00a0]*(?=п\.\u00a0п\.)|^[ \u00a0]+(?=п\.\u00a0п\.)")  # after a number


def points_spelt(text: str) -> str:
    """`text` with percentage points written one way, `POINTS` («п.п.», «п. п.» → «п. п.» with no-break spaces),
    whoever wrote them: a builder, the identification service's reasons, a column's label."""
    if "п." not in text:
        return text
    return _BEFORE_POINTS.sub(NBSP, _POINTS.sub(POINTS, text))


_BEFORE_PERCENT = re.compile(r"(?<=\d)[ \t]+(?=%)")  # «40,0 %» — the space people type, not a no-break one
_OPENS_AFTER = set(" \t\n\u00a0([{«„-–—/")


_FILE_NAME = re.compile(r"(«[^«»\n]*\.[A-Za-z][A-Za-z0-9]{1,4}»)")
"""A file cited by its name in «ёлочках» («Отчёт "итог".pdf»): its name is kept as the file has it."""


def quotes_spelt(text: str) -> str:
    """`text` with straight double quotes as Russian typography writes them: «ёлочки» outside, „лапки“ inside
    «…» (`МБОУ "СОШ № 5"` → `МБОУ «СОШ № 5»`, within a quoted title `«План МБОУ „СОШ № 5“»`). A quote after a space
    or a bracket opens, any other closes the one opened last; a text whose straight quotes do not pair up (an
    inch sign, a lone quote) is left as it was, and so is a file's name cited in «…» (`_FILE_NAME`)."""
    if '"' not in text:
        return text
    parts = _FILE_NAME.split(text)
    return "".join(part if index % 2 else _straight_quotes_spelt(part) for index, part in enumerate(parts))


def _straight_quotes_spelt(text: str) -> str:
    if '"' not in text:
        return text
    out: list[str] = []
    closers: list[tuple[str, bool]] = []  # the closing quote expected, and whether a straight quote opened it
    for index, char in enumerate(text):
        if char in "«„":
            closers.append(("»" if char == "«" else "“", False))
        elif char in "»“" and closers and closers[-1][0] == char:
            closers.pop()
        elif char == '"':
            before = text[index - 1] if index else " "
            after = text[index + 1] if index + 1 < len(text) else " "
            if before in _OPENS_AFTER and not after.isspace():
                char = "„" if closers else "«"
                closers.append(("»" if char == "«" else "“", True))
            elif closers and closers[-1][1]:
                char = closers.pop()[0]
            else:
                return text
        out.append(char)
    return text if any(straight for _, straight in closers) else "".join(out)


_SCHOOL_YEAR = r"(?:19|20)\d\d-(?:19|20)\d\d"
_YEARS_RANGE = re.compile(rf"(?<![\d-])({_SCHOOL_YEAR})[ \u00a0]+[—-][ \u00a0]+(?={_SCHOOL_YEAR}(?![\d-]))")
"""A range of school years written with a sentence's dash («за 2021-2022 — 2023-2024», as identification's reasons
have it): a range takes the spaced en dash, as every range of the documents does («2021-2022 – 2023-2024»)."""


def typeset(text: str) -> str:
    """Any text of a document as it is printed, whoever wrote it (a builder, the data, a column's label): straight
    quotes as «ёлочки» (`quotes_spelt`), percentage points one way (`points_spelt`), a no-break space between a
    number and «%» so a line never starts with «%», a range of school years with the en dash (`_YEARS_RANGE`), «№»
    spaced from its number (`number_sign_spaced`). The
    renderers apply it to every text they write."""
    text = _BEFORE_PERCENT.sub(NBSP, quotes_spelt(points_spelt(number_sign_spaced(text))))
    return _YEARS_RANGE.sub(r"\1 – ", text) if "-" in text else text


_SIGN_TIGHT = re.compile(r"№(?=\d)")


def number_sign_spaced(text: str) -> str:
    """«№» parted from its number by a space, as every number the documents print is («приказ № 57-од», «СОШ № 2»):
    a school typed «СОШ №5» read so beside «СОШ № 2» in one list. A file's name cited in «…» keeps its own."""
    if "№" not in text:
        return text
    parts = _FILE_NAME.split(text)
    return "".join(part if index % 2 else _SIGN_TIGHT.sub("№ ", part) for index, part in enumerate(parts))


_SIGN_SPACE = re.compile(r"№[ \t]+(?=[\d_])")  # before a number or a blank «______», not a word («№ п/п»)


def number_sign_bound(text: str) -> str:
    """`text` with a no-break space between «№» and its number (`number_sign_spaced` has put a space there), so a line
    never ends with «№» and starts the next with the number («школа №» / «12»); a header's «№ фактора» may break.
    What DOCX (hence PDF) and HTML print; XLSX cells keep the plain space they have always had (a cell does not
    break the way a line does, and its text is searched and compared as typed). A file's name cited in «…» keeps
    its own."""
    if "№" not in text:
        return text
    parts = _FILE_NAME.split(text)
    return "".join(part if index % 2 else _SIGN_SPACE.sub("№" + NBSP, part) for index, part in enumerate(parts))


_NUMBER_SIGN = re.compile(r"^\s*(?:№+|(?:No\.?|N)(?=\s*\d))\s*")


def bare_number(text: str) -> str:
    """A document's number as it follows the «№» every document prints before it: «№ 57-од», «№57-од», «N 57-од»
    typed with its own sign read «57-од», so the line reads «от 02.09.2024 № 57-од», never «№ № 57-од». A number
    that is the sign alone is kept as typed."""
    return _NUMBER_SIGN.sub("", text).strip() or text.strip()


def group_thousands(digits: str) -> str:
    """The whole part of a number with its thousands separated by a no-break space, as Russian typesetting does
    from five digits on: «12 345», «1 234 567», but «1234»; the one grouping of builders and renderers alike."""
    if len(digits) <= 4:
        return digits
    head = len(digits) % 3 or 3
    return NBSP.join([digits[:head], *(digits[i : i + 3] for i in range(head, len(digits), 3))])


def exact(value: float | int | Decimal) -> Decimal:
    """A number as written: a float by its shortest repr (0.145 is 0,145, not 0,14499…)."""
    return value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(value, float) else value)


def rounded(value: float | int | Decimal, decimals: int) -> Decimal:
    """`value` rounded half up, as people and Excel round (31,25 → 31,3), not half to even as Python's format
    does; the one rounding of every printed number."""
    return exact(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def decimals_of(printed: str) -> int:
    """The digits after the comma of a printed number, whatever follows them: «25,5 %» → 1, «−2,15» → 2, «3» → 0."""
    fraction = printed.rpartition(",")[2] if "," in printed else ""
    return len(fraction) - len(fraction.lstrip("0123456789"))


def printed_sign(value: float, magnitude: str) -> float:
    """The sign a number shows once printed as `magnitude`: 0 when it rounds to zero («0», never «+0» or «−0»)."""
    return 0.0 if not magnitude.strip("0,.") else value


def with_sign(number: float | Decimal, magnitude: str, *, plus: bool = False) -> str:
    """`magnitude` (the absolute value as printed) with the sign of `number`: «−» before a negative, «+» before a
    positive one when `plus`, nothing before zero; the one place the sign of a printed number is decided."""
    if number < 0:
        return MINUS + magnitude
    return f"+{magnitude}" if plus and number > 0 else magnitude


ColumnKind = Literal["text", "int", "float", "percent", "date"]


class Column(BaseModel):
    key: str
    label: str
    kind: ColumnKind = "text"
    width: float | None = Field(default=None, description="relative width; None — equal share")
    group: str | None = Field(
        default=None,
        description="two-level header: consecutive columns with the same group share one upper header cell "
        "(«2024» over «План» | «Факт»); None — the column's label spans both header rows",
    )
    decimals: int | None = Field(default=None, description="digits after the comma; None — by the column's kind")
    thousands: bool = Field(
        default=False,
        description="separate the thousands of every number in the column, four-digit ones too («1 485» under "
        "«15 525»); set by the renderers (`values.with_grouping`), not by the builders",
    )


class Figure(BaseModel):
    """A number whose unit is its own, not its column's: a table whose rows differ in unit (a share, an index,
    a count, percentage points) puts a `Figure` in the cell. DOCX, HTML and PDF print `text`; XLSX writes `value`
    as a number with the format of `kind` (a `percent` value is a share: 0.25 is 25 %), so it sorts and sums."""

    value: float
    text: str = Field(description="as printed: «25 %», «−2,15», «+2,5 п. п.»")
    kind: Literal["int", "float", "percent"] = "float"
    decimals: int = Field(default=1, ge=0, le=6)
    suffix: str = Field(default="", description="a unit after the number in XLSX: « п. п.» (`POINTS`)")
    signed: bool = Field(default=False, description="a plus before a positive number («+2»)")

    def __eq__(self, other: object) -> bool:
        """A figure equals the text it prints, so a check of a cell reads the same as for a text cell."""
        if isinstance(other, str):
            return self.text == other
        return super().__eq__(other)

    def __hash__(self) -> int:
        """The hash of its text, as it equals its text (a cell looked up in a set of a document's cell texts)."""
        return hash(self.text)

    def __str__(self) -> str:
        return self.text


SECTION_ROW = "__section__"
"""A row `{SECTION_ROW: "Раздел 1. …"}` is a section heading inside a table: one bold cell across all columns."""


class Table(BaseModel):
    """A table whose header row repeats on every page; `percent` values are shares (0.25 is 25 %)."""

    block: Literal["table"] = "table"
    title: str | None = None
    columns: list[Column]
    rows: list[dict[str, Any]]
    total: dict[str, Any] | None = Field(default=None, description="a closing row in bold")
    sheet: str | None = Field(default=None, description="XLSX sheet name; None — the section's title")
    keep_rows: bool = Field(default=True, description="a row is never split across pages (its tail never orphaned)")


class Paragraph(BaseModel):
    block: Literal["paragraph"] = "paragraph"
    text: str
    style: Literal["normal", "heading", "note", "list"] = "normal"


class Chart(BaseModel):
    block: Literal["chart"] = "chart"
    title: str
    png: bytes = Field(description="the chart as PNG (matplotlib, 150 dpi)")
    width_cm: float = 16.0


class Signature(BaseModel):
    """The head's signature line (post left, name right) and, under it, the executor in small type."""

    block: Literal["signature"] = "signature"
    post: str = Field(description="«Начальник Управления образования администрации …»")
    name: str = Field(description="«И.И. Иванов»")
    executor: str | None = Field(default=None, description="«Исп.: Петрова А.А., тел. 8 (391) 222-33-44»")


Block = Annotated[Table | Paragraph | Chart | Signature, Field(discriminator="block")]


class Section(BaseModel):
    title: str
    blocks: list[Block] = Field(default_factory=list)
    appendix: bool = Field(
        default=False, description="an appendix: starts on a new page, headed «Приложение N» over its title"
    )
    numbered: bool = Field(default=True, description="whether the heading carries its number («2. Источники данных»)")


APPROVED = "УТВЕРЖДЕНО"
"""The approval's word when the document's name is unknown: the neuter that agrees with «документ» left unsaid."""

_APPROVED_BY_GENDER = {"m": "УТВЕРЖДЕН", "f": "УТВЕРЖДЕНА", "n": "УТВЕРЖДЕНО", "pl": "УТВЕРЖДЕНЫ"}

_NOUNS_BY_GENDER = {
    "m": "план перечень порядок регламент график список состав комплекс календарь кодекс стандарт реестр паспорт "
    "алгоритм механизм отчёт отчет проект устав",
    "f": "программа карта концепция стратегия инструкция методика модель схема система политика структура форма "
    "памятка",
    "n": "положение соглашение решение руководство расписание пособие",
    "pl": "правила рекомендации изменения дополнения требования критерии показатели мероприятия методические меры",
}
_DOCUMENT_NOUNS = {word: gender for gender, words in _NOUNS_BY_GENDER.items() for word in words.split()}
"""The nouns (and a plural adjective) a document's name opens with, by grammatical gender."""

_ADJECTIVE_ENDINGS: tuple[tuple[str, str], ...] = (("ый", "m"), ("ий", "m"), ("ой", "m"), ("ая", "f"), ("яя", "f"))
_ADJECTIVE_ENDINGS += (("ое", "n"), ("ее", "n"), ("ые", "pl"), ("ие", "pl"))
_NOUN_LIKE = ("ние", "тие", "вие")  # «положение», «развитие»: a noun, never a plural adjective in «-ие»
_NAME_WORDS = 3  # the name's head noun, or the adjective agreeing with it, stands among its first words


def _name_gender(name: str) -> str | None:
    """The grammatical gender of a document's name by its first words: a known noun («план мероприятий» → m), or an
    adjective in the nominative agreeing with the noun after it («дорожная карта» → f, «методические
    рекомендации» → pl); None when none of them tells."""
    for word in re.findall(r"[^\W\d_]+", name.casefold())[:_NAME_WORDS]:
        if word in _DOCUMENT_NOUNS:
            return _DOCUMENT_NOUNS[word]
        if len(word) >= 5 and not word.endswith(_NOUN_LIKE):
            gender = next((g for ending, g in _ADJECTIVE_ENDINGS if word.endswith(ending)), None)
            if gender:
                return gender
    return None


def approved_word(name: str | None) -> str:
    """«УТВЕРЖДЕН», «УТВЕРЖДЕНА», «УТВЕРЖДЕНО» or «УТВЕРЖДЕНЫ», agreeing with the document's name as ГОСТ Р 7.0.97-2016
    (п. 5.19) has the approval's word agree («План мероприятий» → УТВЕРЖДЕН, «Дорожная карта» → УТВЕРЖДЕНА,
    «Положение» → УТВЕРЖДЕНО, «Правила» → УТВЕРЖДЕНЫ); «УТВЕРЖДЕНО» when the name tells no gender."""
    gender = _name_gender(name or "")
    return _APPROVED_BY_GENDER[gender] if gender else APPROVED


class ApprovalBlock(BaseModel):
    """«УТВЕРЖДЕН приказом … от … № …» in the upper right corner of an approved plan, its word agreeing with the
    document's name (`approved_word`)."""

    order_number: str
    order_date: date
    authority: str = Field(description="in the genitive, as the block reads: «Управления образования администрации …»")
    document: str | None = Field(
        default=None,
        description="the approved document's name in the nominative («План мероприятий …», «Дорожная карта …»), "
        "which the block's word agrees with; None — «УТВЕРЖДЕНО»",
    )

    _number = field_validator("order_number")(bare_number)

    @property
    def word(self) -> str:
        """The block's first line: «УТВЕРЖДЕН», «УТВЕРЖДЕНА», «УТВЕРЖДЕНО» or «УТВЕРЖДЕНЫ»."""
        return approved_word(self.document)


class AppendixTo(BaseModel):
    """«Приложение [N] к приказу Управления образования … от ДД.ММ.ГГГГ № …» above the title of an order's appendix."""

    number: str | None = Field(default=None, description="«1» for «Приложение 1»; None — «Приложение»")
    document: str = Field(default="приказу", description="the dative of what it is attached to: приказу, письму")
    authority: str = Field(description="in the genitive: «Управления образования администрации …»")
    order_number: str | None = Field(default=None, description="None — a blank «№ ____» to fill in by hand")
    order_date: date | None = Field(default=None, description="None — a blank «от ________»")

    @field_validator("order_number")
    @classmethod
    def _number(cls, value: str | None) -> str | None:
        return None if value is None else bare_number(value)


class Registration(BaseModel):
    """The outgoing registration of a note or letter: «от ДД.ММ.ГГГГ № …» under the letterhead; blanks when unset."""

    number: str | None = None
    registered_on: date | None = None

    @field_validator("number")
    @classmethod
    def _number(cls, value: str | None) -> str | None:
        return None if value is None else bare_number(value)


class Document(BaseModel):
    report_type: str
    authority: str = Field(description="the issuing authority: a municipality's or region's education body")
    title: str
    subtitle: str | None = None
    issued: date
    show_issued: bool = Field(
        default=True, description="print «Дата формирования»; False on what is signed (an order's appendix, a note)"
    )
    landscape: bool = False
    approval: ApprovalBlock | None = None
    appendix_to: AppendixTo | None = None
    registration: Registration | None = None
    sections: list[Section]
