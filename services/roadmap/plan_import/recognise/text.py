"""Patterns and small helpers over cell texts: numbers, headings, tasks, planned results, lines."""

from __future__ import annotations

import re

DEFAULT_SECTION = "Мероприятия"


NUMBER_RE = re.compile(r"^\.?\d{1,4}(?:\.\d{1,4})*[.)]?$")


PLAIN_NUMBER_RE = re.compile(r"^\d{1,4}(?:\.\d{1,4})*(?:\.[а-яёa-z])?$")


NUMBER_RANGE_RE = re.compile(r"^\d{1,4}(?:\.\d{1,4})*\.?\s*[-–—]\s*(\d{1,4}(?:\.\d{1,4})*)$")
"""«1.1-1.3»: one row standing for several numbered items (the same activity done for each); group 1 is the last."""


LETTER_RE = re.compile(r"^\(?([а-яёa-z])\s*[).]?$")
"""«а)», «б)» in the «№» cell under «1.»: the sub-items of 1, numbered «1.а», «1.б» as the plan shows them."""


NUMBER_LETTER_RE = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)\.?\s*\(?([а-яё])\)?$")


LETTER_TITLE_RE = re.compile(r"^([а-яё])\)\s*(\S.*)$", re.DOTALL)
"""«а) семинар …» in the title cell, the «№» cell empty: a sub-item of the activity above when it has its own
deadline or responsible."""


HEADING_RE = re.compile(
    r"^[\W_]*(?:трек|раздел|процесс|блок|направление|этап|модуль|подпрограмма|часть|риск)\s*(?:№\s*)?(\d+|[IVXLC]+)\b",
    re.IGNORECASE,
)


YEAR_RE = re.compile(  # not «“__” ________ 2024 г.», the date line of a signature
    r"^(?![^\n]*__)[\W_]*(?:19|20)\d\d(?:\s*[-–—/]\s*(?:19|20)?\d\d)?\s*(?:год|гг?\.?|г\.?\s*г\.?|уч\.?\s*г(?:од|\.)?|учебный\s+год)?[\W_]*$",
    re.IGNORECASE,
)


NUMBERED_HEADING_RE = re.compile(
    r"^(?:[пП]\.\s*(?=\d))?(\d{1,3}(?:\.\d{1,3})+(?=\.?\s|[.)]\D)|\d{1,3}(?=\s*[.)](?!\d))|[IVXLC]{1,6}(?=\s*[.)]))\s*[.)]?(?![\d.)])\s*(\S.*)$",
    re.DOTALL,
)
"""«1. Организационные мероприятия», «II) …», «1.4. Совещание» and «1.4 Совещание» (a number of two levels needs no dot
after it; «1.4 Совещание» is no «1.» over «4 Совещание»)."""


PLANNED_RE = re.compile(
    r"^\W*(?:планируем|ожидаем)\w*\s+результат\w*(?:\s+[^:\n]{1,80}:)?\s*[:.]?\s*(.*)$", re.IGNORECASE | re.DOTALL
)
"""«Планируемые результаты: …», «Ожидаемые результаты реализации программы:» and the list under it: the section's
planned results."""


TASK_RE = re.compile(
    r"^[\W_]*(?:задача|цель)(?![а-яё])\s*(?:№\s*)?(\d{1,3}(?:\.\d{1,3})*)?\s*[.:)–—-]?\s*(\S.*)?$",
    re.IGNORECASE | re.DOTALL,
)
"""«Задача 1: …», «Цель 2. …», «Цель: …»: a task or a goal heading the rows under it (never «Задачи», «Цели»)."""


GOAL_RE = re.compile(r"^[\W_]*цель(?![а-яё])", re.IGNORECASE)


IGNORED_TEXT_RE = re.compile(
    r"^(?:задач|цел[иь]|таблица|приложение|рисунок|примечание|(?:продолжение|окончание)\s+(?:табл|прил|плана))"
    r"|^[\W_]*(?:стр\.?|страница)?\s*\d{1,3}(?:\s*из\s*\d{1,3})?[\W_]*$",
    re.IGNORECASE,
)
"""Lines that head or split a table without naming a section: «Таблица 2», «Продолжение таблицы», a page number
(«2», «- 3 -», «Страница 2 из 5») between the parts of a table broken by a page."""


NO_ACTIVITIES_RE = re.compile(
    r"^\W*(?:мероприятия\s+)?(?:в\s+(?:данном\s+|этом\s+)?разделе\s+)?(?:мероприятия\s+)?не\s+"
    r"(?:запланированы|предусмотрены|планируются)\W*$",
    re.IGNORECASE,
)
"""«Мероприятия в разделе не запланированы.»: the line a plan's table (as Opora prints it) puts under a section
without activities; the section is kept, the line is no activity."""


PARTICIPANTS_RE = re.compile(r"\n[ \t]*(школы-участницы)[ \t]*:[ \t]*([^\n]*)$", re.IGNORECASE)
"""«…⏎Школы-участницы: МБОУ «СОШ № 1»; …»: the last line Opora's table adds to an activity's title."""


TITLE_NUMBER_RE = re.compile(
    r"^(?:[пП]\.\s*)?(\d{1,3}(?:\.\d{1,3})+|\d{1,3}(?=[.)]))[.)]?\s*([«\"A-ZА-ЯЁ].*)$", re.DOTALL
)
"""«1.2. Анализ ВПР», «1.2 Анализ ВПР», «3) Педсовет», «п. 1.2. Анализ ВПР»: an activity's number written in its title
cell (not «1 Сентября – День знаний»)."""


LIST_LINE_RE = re.compile(r"\n\s*\d{1,3}[.)]")
"""A line of a numbered list inside a cell («1. Диагностика⏎2. Беседы»): the first number is not the row's."""


LIST_OPEN_RE = re.compile(r"^\s*(1)([.)])(?!\d)\s*(?=\S)")
LIST_MARK_RE = r"(?:^|\n|(?<={after})[ \t]+)[ \t]*(\d{{1,2}}){style}(?!\d)[ \t]*(?={start})"


def cell_list(text: str) -> list[str] | None:
    """The items of a numbered list filling a cell: it opens with «1)» (or «1.») and goes on with «2)», «3)» in order,
    each at the start of a line or after the end of the item before it («1) Провести семинар; 2) Организовать открытые
    уроки», «1. Семинар. 2. Открытые уроки.»; «2)» after any word); the items with their marks, or None (a cell
    opening with a number that is no list: «1 раз в четверть …», «1. Семинар по теме «Глава 2. Функции»», «1. Анализ
    за 2023 г. 2. полугодие», «1.2. Анализ ВПР»).

    Such a cell is one activity's, never several activities: the row is the plan's unit — its number is the one the
    order and the reports cite, its deadline, responsible and result stand once for all its items (a «Справка» closes
    the whole row, not each item), and splitting it would invent numbers the file does not have (the methodist can
    still split it in the editor; joining activities back is harder). The first mark is no number of the row («1)»
    is the list's), and the items are kept as the activity's lines, each on a line of its own as the cell shows a
    list typed with Enter."""
    opened = LIST_OPEN_RE.match(text)
    if opened is None:
        return None
    starts, expected = [opened.start(1)], 2
    style = opened.group(2)
    # «… 2) …» is a mark anywhere; «… 2. …» only after an item's end and before a capital («за 2023 г. 2 полугодие»)
    after, start = (r"\S", r"\S") if style == ")" else (r"[.;,:!?]", r"[«\"A-ZА-ЯЁ]")
    for mark in re.finditer(LIST_MARK_RE.format(style=re.escape(style), after=after, start=start), text):
        if mark.start(1) > starts[0] and int(mark.group(1)) == expected:
            starts.append(mark.start(1))
            expected += 1
    if len(starts) < 2:
        return None
    ends = [*starts[1:], len(text)]
    return [
        "\n".join(line.strip() for line in text[start:end].strip().splitlines())
        for start, end in zip(starts, ends, strict=True)
    ]


DASHES_RE = re.compile(r"^[-–—]+$")


TOTAL_RE = re.compile(r"^\W*(?:итого|всего)\b", re.IGNORECASE)
"""«Итого», «Всего по разделу 2»: the sum row of a plan with financing columns, no activity."""


BULLET_RE = re.compile(r"^[-–—•·*▪●◦○►✓]+\s*")


BREAK_WORDS = {
    "и", "в", "во", "на", "по", "с", "со", "для", "к", "ко", "о", "об", "от", "из", "за", "при", "а", "или",
    "не", "через", "между", "их", "до", "у", "без", "под", "над", "как", "что", "также",
}  # fmt: skip


def _dedupe(cells: list[str]) -> list[str]:
    """Distinct non-empty values of a row, in order (merged cells repeat their text)."""
    seen: list[str] = []
    for cell in cells:
        if cell and cell not in seen:
            seen.append(cell)
    return seen


def _starts_lower(text: str) -> bool:
    for char in text.lstrip("«\"'“„ "):
        if char.isalpha():
            return char.islower()
        return char in ",;:)-–—"
    return False


def _broken_off(text: str) -> bool:
    """Whether a cell's text stops mid-sentence: «Информационно-», «…,», «… по»."""
    text = text.rstrip()
    if not text:
        return False
    if text.endswith(",") or (len(text) > 1 and text[-1] == "-" and text[-2].isalpha()):
        return True
    if re.search(r"\s[-–—]$", text):
        return True  # «сентябрь –»: a range going on in the row under it
    last = re.split(r"\s+", text)[-1].lower()
    return last in BREAK_WORDS


def _join(first: str, second: str, separator: str = " ") -> str:
    if not first:
        return second
    if not second:
        return first
    if len(first) > 1 and first[-1] == "-" and first[-2].isalpha():
        return first + second
    return first + separator + second


def _number(text: str) -> str | None:
    """«1.1.» → «1.1», «2)» → «2», a range «1.1.-1.3.» → «1.1-1.3»."""
    text = text.strip().rstrip(".)").strip()
    if NUMBER_RANGE_RE.match(text):
        text = RANGE_DOT_RE.sub("", text)
    return text or None


RANGE_DOT_RE = re.compile(r"\.(?=\s*[-–—])")


LIST_NUMBER_RE = re.compile(r"^(?:\d{1,2}[.)]|[а-я]\))\s+")
"""«1. », «2) », «а) » opening an item of a list of planned results: the list's mark, no part of the result."""


def _planned_items(text: str) -> list[str]:
    items = []
    for line in text.splitlines():
        line = BULLET_RE.sub("", line.strip()).strip()
        line = LIST_NUMBER_RE.sub("", line).rstrip(";,.").strip()
        if line:
            items.append(line)
    return items


def _split_heading(text: str) -> tuple[str | None, str]:
    """A section heading → (number, title). «Трек 1 - …» keeps its words; «1. Организационно…» loses «1.»."""
    text = " ".join(text.split()).strip("*#_ ").rstrip(":").strip()
    match = HEADING_RE.match(text)
    if match:
        return match.group(1), text
    match = NUMBERED_HEADING_RE.match(text)
    if match:
        return match.group(1), match.group(2).strip()
    return None, text


DATE_NUMBER_RE = re.compile(r"^(\d\d)\.(\d\d)(?:\.(?:19|20)(\d\d))?$")


MONTH_STEMS = ("янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")


_MONTH = r"(янв|фев|мар|апр|ма[йя]|июн|июл|авг|сен|окт|ноя|дек)[а-я]*\.?"


DAY_MONTH_NUMBER_RE = re.compile(rf"^(\d{{1,2}})[.\s-]?{_MONTH}$", re.IGNORECASE)


MONTH_YEAR_NUMBER_RE = re.compile(rf"^{_MONTH}[\s-]?(\d\d|\d{{4}})$", re.IGNORECASE)


def _month_number(stem: str) -> int:
    return next(i for i, start in enumerate(MONTH_STEMS, start=1) if stem.lower().startswith(start))


def _as_number(text: str) -> str | None:
    """The item number Russian Excel turned into a date: typed «1.2» is 1 February, shown «01.фев» (read «01.02»
    from the book, «01.фев» from a CSV); «1.1.3» is 01.01.2003, «2.1.35» 02.01.1935 (Excel reads a year typed 30–99 as
    19xx); «1.15» (no 15th month) is January 2015, shown «янв.15» (read «январь 2015»)."""
    if match := DATE_NUMBER_RE.match(text):
        day, month, year = match.groups()
        return ".".join([str(int(day)), str(int(month))] + ([str(int(year))] if year else []))
    if match := DAY_MONTH_NUMBER_RE.match(text):
        return f"{int(match.group(1))}.{_month_number(match.group(2))}"
    if match := MONTH_YEAR_NUMBER_RE.match(text):
        return f"{_month_number(match.group(1))}.{int(match.group(2)) % 100}"
    return None


NUMBER_SIGN_RE = re.compile(r"^(?:№|N|No\.?|[пП]\.|[пП]{2}\.|[пП]ункт)\s*(\d{1,4}(?:\.\d{1,4})*\.?)$")
"""«№1», «№ 2.1», «п. 1.2.», «пункт 3» in the «№» column: the number sign (or «п.», «пункт») typed again in each
cell; the number is what follows it («1.2»; «п. 1.2.2024» is item 1.2.2024, no date)."""


NUMBER_BULLET_RE = re.compile(r"^[-–—•·▪●◦○►✓]$")
"""A bullet in the «№» cell («•», «–»): the row is an activity, not numbered (a «*» there marks a note)."""


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _numbered_task(text: str) -> bool:
    """«Задача 1. …» written between tables: a heading (an unnumbered «Задача: …» there only states a task)."""
    match = TASK_RE.match(text.strip())
    return bool(match and match.group(1))


def _split_task(text: str) -> tuple[str | None, str]:
    """«Задача 1: Повысить …» → («1», the text as written, like a track heading)."""
    text = " ".join(text.split()).strip("*#_ ").rstrip(":").strip()
    match = TASK_RE.match(text)
    return (match.group(1) if match else None), text


_MONTH_WORD = r"(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-я]*\.?"


_YEAR_WORD = r"(?:\s*(?:19|20)\d\d\s*(?:г\.?|года?)?)?"


TIMING_HEADING_RE = re.compile(
    rf"^[\W_]*(?:{_MONTH_WORD}{_YEAR_WORD}(?:\s*[-–—,]\s*|\s+и\s+|\s+)?)+$"
    r"|^[\W_]*(?:[1-4]|I{1,3}|IV)[\s-]*(?:я\s+)?(?:четверть|полугодие|триместр)\W*$",
    re.IGNORECASE,
)
"""«Сентябрь», «Октябрь – ноябрь 2024 г.», «I четверть»: a section heading naming when its rows happen."""


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
