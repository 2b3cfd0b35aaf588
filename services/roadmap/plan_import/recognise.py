"""Raw tables → `ImportedPlan`: the header, the column set, sections, activities, planned results, problems.

The rules follow the plans seen in municipal orders (see docs «Roadmaps»):

- the header row is the first row naming a title column and one more known
  column; a later table with the same number of columns continues the plan (a table split by a page break,
  or the next track), its repeated header and «1 2 3 4» column-index rows are skipped;
- a row with a single distinct value (merged across the row, or the only filled cell) is a section heading
  («Трек 1 - …», «1. Организационно-…», «2021 год», «Раздел 2.»), and so is a top-level number whose only
  other value is merged across the row or is followed by its sub-items (1. → 1.1);
- «Планируемый результат(ы)» starts the current section's planned results: one per following row or line,
  until the next section or numbered activity;
- a row without a number that starts in lower case, has no title, or follows a text broken mid-sentence
  continues the previous activity (`continued_row`); otherwise it is an activity without a number
  (`missing_number`);
- in DOCX, the text between tables adds the track headings and the planned results written under a table;
- a second header row names the parts of a header cell spanning several columns («Сроки» over «начало |
  окончание», «Срок исполнения» over «план | факт»; in CSV the spanning cell leaves the next ones empty), or
  goes on with its words («Наименование» / «мероприятия»);
- «Задача 1: …» and «Риск 1. …» rows are sections (a «Задача: …» right under a track heading only states it);
  a row filling one cell besides the number and the title (one more responsible person) continues the activity
  above; a signature («Директор … И.И. Иванов») after the last activity is skipped;
- a «Задачи» (or «Риск», «Этап», «Раздел») column left of the activities groups them into sections; «II.»,
  «Раздел 2» or «Задача 2» in the «№» cell beside a title alone is a section, and so is a numbered row whose title
  is merged across the row («1.1.» over 1.1.1, 1.1.2);
- «Итого» rows, notes («Примечание | …», «* | …») and «–» in a cell are no activities or values; a number
  written in the title cell («1.2. Анализ …») is the number when the «№» cell is empty or says the same;
- a bullet row («– семинар») with its own deadline or responsible is an activity, not the rest of the one above;
  a number merged down over rows with titles of their own numbers each of them;
- header cells merged over two columns join their texts («Ответственный» over «ФИО | должность»);
- numbers Russian Excel turned into dates («01.янв», «январь 2015») are read as the numbers typed;
- a table right after the plan with other columns whose first row is numbered is named by a problem, never
  dropped silently; so are hidden XLSX rows;
- «Цель 1. …», «Цель: …» rows are sections like «Задача 1: …» (kept over their tasks); «Цель» alone is no heading;
- a row filling only its title cell under an unnumbered activity is one more activity (the group's deadline and
  responsible stand in its first row only, a CSV or an unmerged sheet shows no merge: nothing is copied), unless it
  reads as a heading (capitals, a colon, a school's name, a month, bold under plain rows);
- «а)», «б)» in the «№» cell (or «а) …» opening a title with its own deadline) number the sub-items of the number
  above: «1.а», «1.б»;
- month headings («Сентябрь») give the deadline of their rows in a table without a deadline column; two plans on
  one sheet, each with its title over its header, are two sections named by the titles;
- a plan-grid's month columns («Сентябрь | Октябрь», or «IX | X», years, quarters under «Сроки») give the months
  marked («+», «х») as the deadline; years under a spanning result header («Показатели» over «2024 | 2025») label
  the values joined;
- a header naming other columns than the first starts another plan (two plans pasted one under the other); a page
  number or «Продолжение таблицы» between the parts of a table is no section;
- «Работа с родителями», «Методическая работа» alone in the title cell head the rows under them; so does a numbered
  row holding only its title when the numbering starts anew under it («1.» over «1», «2»);
- a heading over a table whose «Задачи» column makes the sections («Риск 1. …») stays over them, and when every
  later table of the plan stands under a heading of its own, the paragraph over the first names its section too;
- a numbered row over its sub-items holding only its deadline and responsible besides its title («1. | Организационные
  мероприятия | 2024 | Директор» over 1.1) is a section; its activities without a deadline or responsible take its;
- «Ожидаемые результаты:» under a table are planned results like «Планируемые результаты», up to a signature or
  the first line that is no item of their list;
- a continuation of a table converted from PDF with a column split in two (a text now in one part, now in the other)
  is joined back; a plan whose activities mostly carry words in the «№» column or no letter in the title (the cells
  of a table pasted one per line) is refused, never read as nonsense.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from services.roadmap.plan_import.schemas import (
    ColumnSet,
    ImportedActivity,
    ImportedPlan,
    ImportedSection,
    ImportProblem,
    PlanFileError,
)
from services.roadmap.plan_import.tables import RawTable, read_tables, read_text_table
from services.roadmap.plans.columns import SEED_COLUMN_SETS
from services.roadmap.schedules.parser.months import MONTHS_GENITIVE, MONTHS_NOMINATIVE

DEFAULT_SECTION = "Мероприятия"
ALIASES: dict[str, tuple[str, ...]] = {
    "number": ("n", "n п п", "n пп", "п п", "номер", "номер п п", "no", "порядковый номер"),
    "title": (
        "мероприятия",
        "мероприятие",
        "содержание деятельности",
        "основные мероприятия",
        "основное мероприятие",
        "наименование мероприятия",
        "наименование мероприятий",
        "наименование",
        "название мероприятия",
        "название мероприятий",
        "выполненные и реализуемые мероприятия",
        "содержание мероприятия",
        "содержание мероприятий",
        "содержание работы",
        "содержание",
        "перечень мероприятий",
        "планируемые мероприятия",
        "меры",
        "вид деятельности",
        "виды деятельности",
        "действия",
        "основные действия",
        "основные меры",
        # weak: the activities' column only when no column names them plainly (`WEAK_TITLES`)
        "вид работы",
        "виды работы",
        "виды работ",
        "формы работы",
        "формы и методы работы",
        "тема",
        "тематика",
        "тематика мероприятий",
    ),
    "responsible": (
        "ответственный",
        "ответственные",
        "ответственный исполнитель",
        "ответственные исполнители",
        "ответственное лицо",
        "исполнитель",
        "исполнители",
        "фио ответственного",
        "фио ответственных",
        "ответств",
        "отв",
        "отв лицо",
        "кто",
        "кто отвечает",
    ),
    "deadline": (
        "сроки",
        "срок",
        "срок реализации",
        "сроки реализации",
        "дата",
        "дата проведения",
        "даты",
        "контрольный срок",
        "контрольные сроки",
        "срок начала",
        "дата начала",
        "начало",
        "планируемые сроки",
        "планируемый срок",
        "плановые сроки",
        "плановый срок",
        "время проведения",
        "периодичность",
        "месяц",
        "месяцы",
        "период проведения",
        "время",
        "время и место проведения",
        "год",
        "годы",
        "год реализации",
        "годы реализации",
        "квартал",
        "временные рамки",
        "когда",
    ),
    # «Срок начала | Срок окончания»: the end joins the start into one deadline, «01.09.2024 – 30.09.2024»
    "deadline_end": ("срок окончания", "дата окончания", "окончание", "срок завершения", "дата завершения"),
    "period": ("период реализации", "период"),
    "expected_result": (
        "ожидаемые результаты",
        "ожидаемый результат",
        "непосредственный результат",
        "прогнозируемый результат",
        "прогнозируемые результаты",
        "конечный результат",
        "планируемый результат",
        "планируемые результаты",
        "результат",
        "результаты",
        "ожидаемый эффект",
        "ожидаемые эффекты",
        "показатели результативности",
        "показатель результативности",
        "целевые показатели",
        "целевой показатель",
        "показатели",
        "показатель",
        "индикаторы",
        "индикатор",
        "целевые индикаторы",
        "количественные показатели",
        "качественные показатели",
        "критерии",
        "критерии оценки",
        "результативность",
        "продукт",
        "контрольное событие",
        "контрольная точка",
        "ключевое событие",
        "целевое значение",
        "значение показателя",
    ),
    "final_document": (
        "итоговый документ",
        "итоговые документы",
        "итоговый отчетный документ",
        "отчетный документ",
        "отчетные документы",
        "вид итогового документа",
        "итоговый продукт",
        "форма отчетности",
        "форма завершения",
        "форма представления результата",
        "форма представления результатов",
        "форма контроля",
        "форма отчета",
        "отчетность",
        "подтверждающий документ",
        "подтверждающие документы",
        "документ",
        "документы",
        "вид документа",
        "вид отчетного документа",
        "форма отчетного документа",
        "отчетная документация",
        "форма подтверждения",
    ),
    # known columns that are not the plan's: what was done, notes. They stay `extra` (never a result) and do
    # not count against a header row
    "extra": (
        "отметка о выполнении",
        "отметка об исполнении",
        "отметка",
        "результат выполнения",
        "результаты выполнения",
        "результат исполнения",
        "результаты исполнения",
        "фактический результат",
        "фактические результаты",
        "фактическое исполнение",
        "фактический срок",
        "информация о выполнении",
        "информация об исполнении",
        "выполнение",
        "выполнено",
        "исполнение",
        "исполнено",
        "примечание",
        "примечания",
        "комментарий",
        "статус",
        "достигнутый результат",
        "достигнутые результаты",
        # columns of a plan that are no field of an activity: kept as extra values
        "источник финансирования",
        "источники финансирования",
        "объем финансирования",
        "объемы финансирования",
        "финансирование",
        "финансовое обеспечение",
        "ресурсное обеспечение",
        "ресурсы",
        "участники",
        "целевая группа",
        "категория участников",
        "форма проведения",
        "формы проведения",
        "место проведения",
        "механизм реализации",
        "управленческое решение",
        "соисполнители",
        "соисполнитель",
        "количество участников",
        "охват",
        "целевая аудитория",
        "адресат",
        "адресная группа",
        "уровень проведения",
        "формат",
        "формат проведения",
        "партнеры",
        "социальные партнеры",
        "вид контроля",
        "объект контроля",
        "методы контроля",
        "обоснование",
    ),
}
_ALIAS_FIELDS = {a: f for f, aliases in reversed(ALIASES.items()) for a in aliases}
_ALIAS_WORDS = max(len(a.split()) for a in _ALIAS_FIELDS)

NUMBER_RE = re.compile(r"^\.?\d{1,4}(?:\.\d{1,4})*[.)]?$")
PLAIN_NUMBER_RE = re.compile(r"^\d{1,4}(?:\.\d{1,4})*(?:\.[а-яёa-z])?$")
LETTER_RE = re.compile(r"^\(?([а-яёa-z])\s*[).]?$")
"""«а)», «б)» in the «№» cell under «1.»: the sub-items of 1, numbered «1.а», «1.б» as the plan shows them."""
NUMBER_LETTER_RE = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)\.?\s*\(?([а-яё])\)?$")
LETTER_TITLE_RE = re.compile(r"^([а-яё])\)\s*(\S.*)$", re.DOTALL)
"""«а) семинар …» in the title cell, the «№» cell empty: a sub-item of the activity above when it has its own
deadline or responsible."""
TOP_NUMBER_RE = re.compile(r"^(\d{1,3})\.?$")
HEADING_RE = re.compile(
    r"^[\W_]*(?:трек|раздел|процесс|блок|направление|этап|модуль|подпрограмма|часть|риск)\s*(?:№\s*)?(\d+|[IVXLC]+)\b",
    re.IGNORECASE,
)
YEAR_RE = re.compile(
    r"^[\W_]*(?:19|20)\d\d(?:\s*[-–—/]\s*(?:19|20)?\d\d)?\s*(?:год|гг?\.?|г\.?\s*г\.?|уч\.?\s*г(?:од|\.)?|учебный\s+год)?[\W_]*$",
    re.IGNORECASE,
)
NUMBERED_HEADING_RE = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6})\s*[.)]\s*(\S.*)$", re.DOTALL)
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
TITLE_NUMBER_RE = re.compile(r"^(\d{1,3}(?:\.\d{1,3})+|\d{1,3}(?=[.)]))[.)]?\s*([«\"A-ZА-ЯЁ].*)$", re.DOTALL)
"""«1.2. Анализ ВПР», «1.2 Анализ ВПР», «3) Педсовет»: an activity's number written in its title cell (not «1 Сентября
– День знаний»)."""
LIST_LINE_RE = re.compile(r"\n\s*\d{1,3}[.)]")
"""A line of a numbered list inside a cell («1. Диагностика⏎2. Беседы»): the first number is not the row's."""
DASHES_RE = re.compile(r"^[-–—]+$")
TOTAL_RE = re.compile(r"^\W*(?:итого|всего)\b", re.IGNORECASE)
"""«Итого», «Всего по разделу 2»: the sum row of a plan with financing columns, no activity."""
BULLET_RE = re.compile(r"^[-–—•·*▪●◦○►✓]+\s*")
BREAK_WORDS = {
    "и", "в", "во", "на", "по", "с", "со", "для", "к", "ко", "о", "об", "от", "из", "за", "при", "а", "или",
    "не", "через", "между", "их", "до", "у", "без", "под", "над", "как", "что", "также",
}  # fmt: skip


FOOTNOTE_MARKS = dict.fromkeys(map(ord, "¹²³⁴⁵⁶⁷⁸⁹⁰*"), " ")
"""«Сроки¹», «Ответственный*»: a header's footnote mark is no word of it."""


def normalise_header(text: str) -> str:
    text = text.lower().replace("ё", "е").replace("№", " n ")
    text = re.sub(r"^\s*(?:n|no)(?=п)", "n ", text)  # «Nп/п», «Noп/п»: the number sign without a space
    text = re.sub(r"(?<=[а-я])\d{1,2}\b", "", text.translate(FOOTNOTE_MARKS))  # «Сроки1»: a mark typed superscript
    text = re.sub(r"[\W_]+", " ", text).strip()
    text = " ".join(_cyrillic(word) for word in text.split(" "))
    return re.sub(r"(?<!\w)ф и о(?!\w)", "фио", text)  # «Ф.И.О. ответственного»


LOOKALIKES = str.maketrans("aceopxykmthb", "асеорхукмтнв")


def _cyrillic(word: str) -> str:
    """A word mixing Latin letters that look Cyrillic into Cyrillic ones («Cроки» typed with a Latin «C», a PDF
    converted to Word): read in Cyrillic."""
    if re.search(r"[a-z]", word) and re.search(r"[а-я]", word):
        return word.translate(LOOKALIKES)
    return word


def match_header(text: str) -> tuple[str, str] | None:
    """(field, alias) for a header cell, matched case- and punctuation-insensitively, or None. A word hyphenated by
    hand in a narrow column («Ответствен-⏎ный», «Мероприя-тия») is read whole when it names nothing as written.
    Every row is asked whether it is a header, and cells repeat: short texts are remembered."""
    return _remembered_header(text) if len(text) <= 200 else _header_of_text(text)


@functools.lru_cache(maxsize=4096)
def _remembered_header(text: str) -> tuple[str, str] | None:
    return _header_of_text(text)


def _header_of_text(text: str) -> tuple[str, str] | None:
    matched = _match_header(text)
    joined = re.sub(r"(?<=[А-Яа-яЁё])-\s*(?=[а-яё])", "", text)
    return matched if matched or joined == text else _match_header(joined)


def _match_header(text: str) -> tuple[str, str] | None:
    norm = normalise_header(text)
    if not norm:
        return None
    if MONTH_HEADER_RE.match(norm):
        return "slot", "месяц"
    words = norm.split(" ")
    for count in range(min(len(words), _ALIAS_WORDS), 0, -1):  # the longest alias the header starts with
        alias = " ".join(words[:count])
        if alias in _ALIAS_FIELDS:
            if alias in {"наименование", "содержание"} and _names_a_school(words[count:]):
                return None  # «Наименование ОО»: the schools' column of a municipal roadmap, not the activities
            return _ALIAS_FIELDS[alias], alias
    return _header_by_words(words)


MONTH_HEADER_RE = re.compile(
    r"^(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр|янв|фев|мар|апр|авг|сен|окт|ноя|дек)"
    r"[а-я]*(?: (?:19|20)\d\d(?: г| года?)?)?$"
)
"""A header naming a month («Сентябрь», «окт.», «Май 2025»): one column of a plan-grid marking when each activity
happens (a `slot`)."""
ROMAN_MONTHS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")
QUARTER_RE = re.compile(
    r"^(?:[1-4]|i{1,3}|iv)\s*[-–]?\s*(?:я\s+)?(?:кв|квартал|полугодие|п\s*г|четверть|триместр)\b", re.I
)
SLOT_MARKS = {"+", "х", "x", "v", "✓", "✔", "√", "●", "•", "*", "1", "да", "∨", "☑", "⊕"}
"""What a plan-grid puts in the cell of a month it marks: the month alone is the deadline."""

SCHOOL_WORDS = ("оо", "оу", "ооо", "школ", "организаци", "учреждени", "образовательн", "участник")


def _names_a_school(words: list[str]) -> bool:
    return bool(words) and (words[0] in {"оо", "оу"} or words[0].startswith(SCHOOL_WORDS[3:]))


def _header_by_words(words: list[str]) -> tuple[str, str] | None:
    """A short header naming a field by a word inside it rather than by its first words: «Задачи, мероприятия»,
    «ФИО, должность ответственного», «Форма предоставления результата»."""
    if len(words) > 5:
        return None
    if words[0] in TITLE_LEADS and any(word.startswith("мероприят") for word in words[1:]):
        return "title", "мероприятия"
    if words[0] in {"фио", "должность"} and any(word.startswith("ответствен") for word in words[1:]):
        return "responsible", "ответственный"
    if words[0] == "форма" and any(word.startswith(("результат", "отчет", "итог", "документ")) for word in words[1:]):
        return "final_document", "форма отчета"
    return None


TITLE_LEADS = {"задачи", "направления", "направление", "название", "перечень", "наименование", "содержание",
               "формы", "виды", "описание", "план"}  # fmt: skip
"""The first words of a short header naming the activities in other words («Задачи, мероприятия», «Перечень
основных мероприятий»); a section row «Организационные мероприятия» is no header."""


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
    """«1.1.» → «1.1», «2)» → «2»."""
    text = text.strip().rstrip(".)").strip()
    return text or None


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


# ----------------------------------------------------------------------------------------------- header


SET_FIELDS = {"period": "deadline", "deadline_end": "deadline", "slot": "deadline"}
"""The column of a plan's set that shows a field the importer reads (a period or the end of a deadline is the
deadline)."""


@dataclass
class Layout:
    width: int
    fields: dict[int, str]  # column → field
    headers: dict[int, str]  # column → header text (as shown in `columns`)
    aliases: set[str]
    header_norms: list[str]
    sub_norms: list[str] = field(default_factory=list)  # the header's second row, when it has one
    labels: dict[int, str] = field(default_factory=dict)  # column → the year its values are for («2025: 50%»)
    key: dict[str, int] = field(default_factory=dict)  # `_header_key` of the header row
    label_norms: list[str] = field(default_factory=list)  # the labels written over the header row (`_labels_above`)

    def column(self, name: str) -> int | None:
        for index, value in self.fields.items():
            if value == name:
                return index
        return None

    def column_set(self) -> ColumnSet:
        """The first seed set (`plans/columns.py`) the header marks and that has a column for every field the
        header names (a plan's own table shows only its set's columns: «№ п/п | Мероприятие | Ответственный |
        Срок | Ожидаемый результат | Итоговый документ» is no 003 table, whose set has no expected result);
        `generic` when none does."""
        found = set(self.fields.values())
        named = {SET_FIELDS.get(name, name).removeprefix(JOIN_PREFIX) for name in found} - {"extra", "section"}
        for seed in SEED_COLUMN_SETS:
            marked = seed.mark_fields & found or seed.marks & self.aliases
            if marked and named <= {column.field for column in seed.columns}:
                return seed.code
        return "generic"


def _header_fields(cells: list[str]) -> tuple[set[str], int]:
    """The fields a row names and how many of its distinct non-empty values name none (known `extra` columns,
    «Примечание», «Отметка о выполнении», count as neither)."""
    names, unknown = set(), 0
    for value in _dedupe(cells):
        matched = match_header(value)
        if not matched:
            unknown += 1
        elif matched[0] != "extra":
            names.add(matched[0])
    return names, unknown


def _is_header_row(cells: list[str]) -> bool:
    """A title column and one more known column; unknown columns («Риск», «Задача», «2024», «2025») are fine
    while there are fewer of them than known ones (as many beside a title and two more known columns)."""
    names, unknown = _header_fields(cells)
    allowed = len(names) if len(names) >= 3 else max(1, len(names) - 1)
    return "title" in names and len(names) >= 2 and unknown <= allowed


def _is_repeated_header(cells: list[str], layout: Layout) -> bool:
    norms = [normalise_header(c) for c in cells]
    if norms in (layout.header_norms, layout.sub_norms or None, layout.label_norms or None):
        return True
    names, unknown = _header_fields(cells)
    return unknown == 0 and bool(names) and (len(names) >= 2 or names == {"title"})


_TOTAL = re.compile(r"^(?:итого|всего)(?:\s+по\s+[\w\s]+)?\s*:?$", re.IGNORECASE)


def _is_total_row(cells: list[str]) -> bool:
    """A «Итого | 2 мероприятия» row closing a table exported from an accounting or school system: no activity."""
    first = next((text.strip() for text in cells if text.strip()), "")
    return bool(_TOTAL.match(first))


def _is_column_index(cells: list[str]) -> bool:
    """The «1 2 3 4 5» row numbering the columns under the header (also «1. 2. 3.» and «1) 2) 3)»)."""
    values = [c.rstrip(".)") for i, c in enumerate(cells) if c and (i == 0 or c != cells[i - 1])]  # merged: once
    return (
        len(values) >= 2
        and values == [str(i) for i in range(1, len(values) + 1)]
        and (len(values) >= 3 or len(values) == len(cells))
    )


def _slot_label(text: str, *, under_deadline: bool = False) -> str | None:
    """The time a plan-grid column stands for: a month as its header names it («Сентябрь» → «сентябрь»), and under a
    deadline header also a month in Roman numerals («IX»), a year («2025») or a quarter («I квартал»)."""
    text = " ".join(text.split()).strip(" .")
    norm = normalise_header(text)
    if MONTH_HEADER_RE.match(norm):
        return text[:1].lower() + text[1:]
    if not under_deadline:
        return None
    if norm in ROMAN_MONTHS:
        return MONTHS_NOMINATIVE[ROMAN_MONTHS.index(norm)]
    return text if YEAR_RE.match(text) or QUARTER_RE.match(text) else None


SLOT_DATE_RE = re.compile(r"\d{1,2}\.\d{1,2}")


def _slot_text(label: str, text: str) -> str:
    """What a plan-grid cell says of its time: a mark («+») the time itself, a date («15.12») the date, a day
    («15») under a month the day of it («15 декабря»), anything else beside the time («декабрь (2 неделя)»)."""
    text = " ".join(text.split())
    if text.lower() in SLOT_MARKS:
        return label
    if SLOT_DATE_RE.search(text):
        return text
    month, _, year = label.partition(" ")
    if text.isdigit() and 1 <= int(text) <= 31 and month in MONTHS_NOMINATIVE:
        return " ".join(filter(None, [text, MONTHS_GENITIVE[MONTHS_NOMINATIVE.index(month)], year]))
    return f"{label} ({text})"


def _slot_labels(header: list[str], sub: list[str] | None, fields: dict[int, str]) -> dict[int, str]:
    """The time each `slot` column stands for, named by its sub-header cell or its own; the parts of a month spanning
    several columns («Сентябрь» over «1-2 нед. | 3-4 нед.») become slots of that month too."""
    starts = _header_groups(header)
    labels: dict[int, str] = {}
    for index in range(len(header)):
        month = _slot_label(header[starts[index]]) if fields.get(starts[index]) == "slot" else None
        if month:
            fields[index] = "slot"
        if fields.get(index) != "slot":
            continue
        part = " ".join(sub[index].split()) if sub and sub[index] else ""
        if month:
            labels[index] = f"{month} ({part})" if part else month
        else:
            text = part or header[index]
            labels[index] = _slot_label(text, under_deadline=True) or " ".join(text.split())
    return labels


def _layout(header: list[str], data: list[list[str]], sub: list[str] | None = None) -> Layout:
    """The columns of a header row, with its second row `sub` when the header has one (`_sub_header`)."""
    filled = _fill_spans(header, sub) if sub else header
    fields, headers, aliases = _header_columns(filled)
    labels = _year_labels(filled, sub, fields) if sub else {}
    if sub:
        _apply_sub_header(filled, sub, fields, headers)
        _number_part(filled, sub, fields)
    labels.update(_slot_labels(filled, sub, fields))
    if "number" not in fields.values():
        _find_unnamed_number(filled, data, fields)
    _find_group(filled, fields)
    return Layout(
        width=len(header),
        fields=fields,
        headers=headers,
        aliases=aliases,
        header_norms=[normalise_header(c) for c in header],
        sub_norms=[normalise_header(c) for c in sub] if sub else [],
        labels=labels,
        key=_header_key(header),
    )


def _year_labels(header: list[str], sub: list[str], fields: dict[int, str]) -> dict[int, str]:
    """The years a header cell spanning several columns splits into («Целевые показатели» over «2024 | 2025 |
    2026»): each column's year, which its values keep when they join into one text («2024: 30%, 2025: 50%»)."""
    starts = _header_groups(header)
    labels: dict[int, str] = {}
    for index, text in enumerate(sub):
        group = [i for i, start in enumerate(starts) if start == starts[index]]
        base = fields.get(starts[index], "").removeprefix(JOIN_PREFIX)
        if text and len(group) > 1 and base in JOINED_FIELDS and all(YEAR_RE.match(sub[i]) for i in group):
            labels[index] = " ".join(text.split())
    return labels


FACT_PREFIXES = ("факт", "выполн", "исполн", "отметка")


def _header_groups(header: list[str]) -> list[int]:
    """For each column, the first column of the header cell over it: a cell merged over several columns repeats
    its text, and one whose merge was lost (CSV, an unmerged XLSX) leaves the cells after it empty."""
    starts: list[int] = []
    for index, text in enumerate(header):
        joins = index > 0 and (text == header[index - 1] or not text) and header[starts[-1]]
        starts.append(starts[-1] if joins else index)
    return starts


def _sub_header(header: list[str], row: list[str], marks: list[bool]) -> list[str] | None:
    """The row under the header when it names the parts of a header cell spanning several columns («Сроки»
    over «начало | окончание», «Срок исполнения» over «план | факт»): its texts by column, or None. Cells
    merged down from the header are left out; a value under a header cell of one column is data."""
    starts = _header_groups(header)
    columns = [i for i, text in enumerate(row) if text and not marks[i]]
    if not columns:
        return None
    for index in columns:
        text = row[index]
        spanned = starts.count(starts[index]) > 1
        known = match_header(text) is not None or normalise_header(text).startswith(("план", *FACT_PREFIXES))
        # «2024 | 2025» under «Показатели», weeks «1 | 2 | 3 | 4» under «Сентябрь»: parts, not a numbered row
        parts = spanned and (YEAR_RE.match(text) or _slot_label(header[starts[index]]))
        numbered = NUMBER_RE.match(text) and not parts
        if len(text) > 60 or numbered or not (spanned or (not header[index] and known)):
            return None
    return [text if text and not marks[i] else "" for i, text in enumerate(row)]


def _header_continuation(header: list[str], row: list[str], marks: list[bool]) -> list[str] | None:
    """The header when its words go on in the row under it («Наименование» / «мероприятия», «№» / «п/п»):
    every value there starts in lower case or with a bracket and sits under a header cell."""
    columns = [i for i, text in enumerate(row) if text and not marks[i]]
    if not columns:
        return None
    for index in columns:
        text = row[index]
        if len(text) > 60 or not header[index] or not (_starts_lower(text) or text[0] in "(/"):
            return None
    joined = [f"{text} {row[i]}" if i in columns else text for i, text in enumerate(header)]
    return joined if _is_header_row(joined) else None


def _fill_spans(header: list[str], sub: list[str]) -> list[str]:
    """The header with the cells of a lost merge filled with the spanning text (over the parts `sub` names)."""
    starts = _header_groups(header)
    return [text or (header[starts[i]] if sub[i] else "") for i, text in enumerate(header)]


def _apply_sub_header(header: list[str], sub: list[str], fields: dict[int, str], headers: dict[int, str]) -> None:
    """The parts the second header row names: «окончание» ends the deadline, «факт» (what was done) is extra;
    a column takes a field its part names when the top row gave it none; the other parts of a responsible or
    result cell («Ответственный» over «ФИО | должность») join that field. Shown as «Сроки (начало)»."""
    starts = _header_groups(header)
    written = dict(fields)
    for index, text in enumerate(sub):
        if not text:
            continue
        matched = match_header(text)
        first = written.get(starts[index], "")
        if normalise_header(text).startswith(FACT_PREFIXES):
            fields[index] = "extra"
        elif first in TIMING_FIELDS and _slot_label(text, under_deadline=True):
            fields[index] = "slot"  # «Сроки» over «IX | X | XI» or «2024 | 2025 | 2026»
        elif matched and matched[0] == "deadline_end":
            fields[index] = "deadline_end"
        elif matched and fields[index] == "extra" and matched[0] not in fields.values():
            fields[index] = matched[0]
        elif fields[index] == JOIN_PREFIX + "title":
            fields[index] = "extra"  # «Мероприятие» over «наименование | форма проведения»: the form is no title
        elif fields[index] == "extra" and starts[index] != index and first in JOINED_FIELDS - {"title"}:
            fields[index] = JOIN_PREFIX + first
        shown = " ".join(f"{header[index]} ({text})".split()) if header[index] else " ".join(text.split())
        headers[index] = shown if shown not in headers.values() else f"{shown} ({index + 1})"


def _number_part(header: list[str], sub: list[str], fields: dict[int, str]) -> None:
    """«Мероприятия» over «№ | наименование»: the part named «№» is the number column, and the activities' title
    the part beside it (the one naming it, else the first)."""
    starts = _header_groups(header)
    titled = {index for index, name in fields.items() if name.removeprefix(JOIN_PREFIX) == "title"}
    part = next((i for i, text in enumerate(sub) if i in titled and _names(text, "number")), None)
    if part is None or "number" in fields.values():
        return
    fields[part] = "number"
    if "title" not in fields.values():
        group = [i for i in range(len(sub)) if starts[i] == starts[part] and i != part]
        named = [i for i in group if _names(sub[i], "title")]
        if named or group:
            fields[(named or group)[0]] = "title"


def _names(text: str, name: str) -> bool:
    matched = match_header(text) if text else None
    return matched is not None and matched[0] == name


JOINED_FIELDS = {"title", "responsible", "expected_result", "final_document"}
JOIN_PREFIX = "+"
"""`+responsible`: a column whose text joins the responsible column's on its left, «Иванова И.И., зам. директора»."""


def _shown_header(header: list[str], index: int) -> str:
    """A header cell as shown in `columns`: its text, numbered when merged over this column and the one before."""
    text = header[index]
    shown = " ".join(text.split()) or f"Столбец {index + 1}"
    if index > 0 and text and text == header[index - 1]:
        shown = f"{shown} ({index + 1})"  # one header cell merged over two columns
    return shown


WEAK_TITLES = {"вид работы", "виды работы", "виды работ", "формы работы", "формы и методы работы", "тема", "тематика",
               "тематика мероприятий"}  # fmt: skip
"""Headers naming the activities only in a table where no column says «Мероприятия» (or another title word):
beside one, «Тема», «Формы работы» are its details."""


WEAK_RESULTS = {
    "показатели", "показатель", "показатели результативности", "показатель результативности", "целевые показатели",
    "целевой показатель", "индикаторы", "индикатор", "целевые индикаторы", "количественные показатели",
    "качественные показатели", "критерии", "критерии оценки", "результативность", "целевое значение",
    "значение показателя",
}  # fmt: skip
"""Indicators: the expected result only when no column names the result itself («Задача | Мероприятие | … |
Показатели | Ожидаемый результат»: the indicators are kept as an extra value)."""


def _header_columns(header: list[str]) -> tuple[dict[int, str], dict[int, str], set[str]]:
    """Each column's field (the first column naming a field takes it; the rest are `extra`), its header as
    shown, and the header words that named the fields."""
    fields: dict[int, str] = {}
    headers: dict[int, str] = {}
    aliases: set[str] = set()
    matches = [match_header(text) for text in header]
    strong = any(m and m[0] == "title" and m[1] not in WEAK_TITLES for m in matches)
    resulting = any(m and m[0] == "expected_result" and m[1] not in WEAK_RESULTS for m in matches)
    for index, text in enumerate(header):
        shown = _shown_header(header, index)
        matched = matches[index] if shown == " ".join(text.split()) else None
        if matched and ((strong and matched[1] in WEAK_TITLES) or (resulting and matched[1] in WEAK_RESULTS)):
            matched = None
        if matched and matched[0] == "slot":
            fields[index] = "slot"
        elif matched and matched[0] != "extra" and matched[0] not in fields.values():
            fields[index] = matched[0]
            aliases.add(matched[1])
        elif index and fields[index - 1] == "deadline" and text == header[index - 1]:
            fields[index] = "deadline_end"  # «Сроки» merged over «начало | окончание»
        elif (
            index
            and text
            and text == header[index - 1]
            and (base := fields[index - 1].lstrip(JOIN_PREFIX)) in JOINED_FIELDS
        ):
            fields[index] = JOIN_PREFIX + base  # «Ответственный» merged over the name and the position
        else:
            fields[index] = "extra"
        if shown in headers.values():
            shown = f"{shown} ({index + 1})"
        headers[index] = shown
    return fields, headers, aliases


GROUP_RE = re.compile(
    r"^(?:(?:основн\w*|ключев\w*)\s+)?(?:задач|направлени|риск|раздел|этап|блок|модуль)", re.IGNORECASE
)


def _find_group(header: list[str], fields: dict[int, str]) -> None:
    """An anti-risk programme's «Задачи» column left of the activities, one task merged down over its
    activities: the column groups them into sections, like «Задача 1: …» rows do."""
    title = next(i for i, f in fields.items() if f == "title")
    for index in range(title):
        if fields[index] == "extra" and GROUP_RE.match(normalise_header(header[index])):
            fields[index] = "section"
            return


def _find_unnamed_number(header: list[str], data: list[list[str]], fields: dict[int, str]) -> None:
    """002 leaves the «№» header cell empty: the first unnamed column before the title mostly holding numbers
    becomes the number column."""
    title = next(i for i, f in fields.items() if f == "title")
    for index in range(title):
        values = [row[index] for row in data if index < len(row) and row[index]]
        numeric = [v for v in values if NUMBER_RE.match(v)]
        if not header[index] and values and len(numeric) * 2 >= len(values):
            fields[index] = "number"
            return


# ------------------------------------------------------------------------------------------------ rows


@dataclass
class _Row:
    cells: list[str]
    vmerged: list[bool]
    row: int
    after_break: bool  # first row after a table boundary or a repeated header
    bold: bool = False  # a row whose text is all bold (XLSX cells, DOCX runs)
    bullet: bool = False  # a bullet («•», «–») in the number cell: an activity the plan does not number


@dataclass
class _Gap:
    paragraphs: list[str]
    trailing: bool  # text after the last table: only planned results are taken


@dataclass
class _State:
    layout: Layout
    sections: list[ImportedSection] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    errors: list[ImportProblem] = field(default_factory=list)
    activity: ImportedActivity | None = None  # the activity a continuation row may join
    activity_cells: list[str] = field(default_factory=list)  # the texts of the row last merged into it
    planned: bool = False
    planned_mode: str = ""  # how the planned results under a table go on: "inline", "list", "plain", "" (unknown)
    empty: list[ImportedSection] = field(default_factory=list)  # sections the table says have no activities
    page_break: bool = False  # a repeated header was skipped since the last row read
    shared_numbers: set[int] = field(default_factory=set)  # rows taking the number merged down from above
    titled: ImportedSection | None = None  # a section whose heading stands over a repeated header
    row_heading: ImportedSection | None = None  # the last section a table row started
    over: list[tuple[ImportedSection, ImportedSection]] = field(default_factory=list)  # a heading row over another
    bold_activity: bool = False  # the row of the last new activity is bold (then bold says nothing)
    numbered_heading: str | None = None  # the number of the last numbered row read as a section heading
    signing: bool = False  # a signature under the plan was read: names and lines to sign on follow
    details: dict[int, tuple[int, dict[str, str]]] = field(default_factory=dict)
    """By section: the row and the deadline and responsible its numbered heading row gives its activities."""
    passed: set[tuple[int, str]] = field(default_factory=set)  # (section, field) given to an activity

    @property
    def section(self) -> ImportedSection:
        if not self.sections:
            self.sections.append(ImportedSection(title=DEFAULT_SECTION))
        return self.sections[-1]

    def start_section(self, number: str | None, title: str) -> None:
        self.sections.append(ImportedSection(title=title, number=number))
        if GOAL_RE.match(title):
            self.empty.append(self.sections[-1])  # «Цель 1. …» over its tasks stays, as a heading of its own
        self.end_activity()

    def end_activity(self) -> None:
        """No row after this one continues the activity or the planned results above it."""
        self.activity, self.activity_cells, self.planned = None, [], False

    def add_planned(self, items: list[str]) -> None:
        self.section.planned_results.extend(items)
        self.activity, self.activity_cells = None, []


def _items(tables: list[RawTable], start: int, layout: Layout) -> Iterator[_Row | _Gap]:
    """The group's rows in order with the text between its tables; row numbers run on across the group."""
    offset = 0
    for position, table in enumerate(tables):
        if position:
            yield _Gap(table.before, trailing=False)
        after_break = position > 0
        for cells, marks, row in zip(table.rows, table.vmerged, table.row_numbers, strict=True):
            if position == 0 and row <= start:
                continue
            padded = (cells + [""] * layout.width)[: layout.width]
            number = layout.column("number")
            bullet = number is not None and bool(NUMBER_BULLET_RE.match(padded[number]))
            marks = (marks + [False] * layout.width)[: layout.width]
            yield _Row(_own_number(padded, layout), marks, offset + row, after_break, row in table.bold, bullet)
            after_break = False
        offset += max(table.height, table.row_numbers[-1] if table.row_numbers else 0)
    yield _Gap(tables[-1].after, trailing=True)


DATE_NUMBER_RE = re.compile(r"^(\d\d)\.(\d\d)(?:\.20(\d\d))?$")
MONTH_STEMS = ("янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
_MONTH = r"(янв|фев|мар|апр|ма[йя]|июн|июл|авг|сен|окт|ноя|дек)[а-я]*\.?"
DAY_MONTH_NUMBER_RE = re.compile(rf"^(\d{{1,2}})[.\s-]?{_MONTH}$", re.IGNORECASE)
MONTH_YEAR_NUMBER_RE = re.compile(rf"^{_MONTH}[\s-]?(\d\d|\d{{4}})$", re.IGNORECASE)


def _month_number(stem: str) -> int:
    return next(i for i, start in enumerate(MONTH_STEMS, start=1) if stem.lower().startswith(start))


def _as_number(text: str) -> str | None:
    """The item number Russian Excel turned into a date: typed «1.2» is 1 February, shown «01.фев» (read «01.02»
    from the book, «01.фев» from a CSV); «1.1.3» is 01.01.2003; «1.15» (no 15th month) is January 2015, shown
    «янв.15» (read «январь 2015»)."""
    if match := DATE_NUMBER_RE.match(text):
        day, month, year = match.groups()
        return ".".join([str(int(day)), str(int(month))] + ([str(int(year))] if year else []))
    if match := DAY_MONTH_NUMBER_RE.match(text):
        return f"{int(match.group(1))}.{_month_number(match.group(2))}"
    if match := MONTH_YEAR_NUMBER_RE.match(text):
        return f"{_month_number(match.group(1))}.{int(match.group(2)) % 100}"
    return None


NUMBER_BULLET_RE = re.compile(r"^[-–—•·▪●◦○►✓]$")
"""A bullet in the «№» cell («•», «–»): the row is an activity, not numbered (a «*» there marks a note)."""


def _own_number(cells: list[str], layout: Layout) -> list[str]:
    """The row with its number cell as written: a date Russian Excel made of the number as the number typed
    (`_as_number`); empty when the cell is merged with the title cell («1. Анализ ВПР» over both) in a row holding
    more (the title then gives the number)."""
    column, title = layout.column("number"), layout.column("title")
    if column is None:
        return cells
    number = "" if NUMBER_BULLET_RE.match(cells[column]) else _as_number(cells[column])
    if title is not None and cells[column] and cells[column] == cells[title] and len(_dedupe(cells)) > 1:
        number = ""
    return cells if number is None else [*cells[:column], number, *cells[column + 1 :]]


def _continues(table: RawTable, layout: Layout, sheet: str) -> bool:
    """Whether a later table of the same width carries on the plan (never one on another XLSX sheet). Columns
    empty in every row at the right edge of either table do not count."""
    named = max((i + 1 for i, norm in enumerate(layout.header_norms) if norm), default=layout.width)
    if not (named <= table.width and _used_width(table) <= layout.width) or not table.rows or table.sheet != sheet:
        return False
    header = next((cells for cells in table.rows[:2] if _is_header_row(cells)), None)
    if header is not None and _header_key(header) != layout.key:
        return False  # a header naming other columns: another plan
    number = layout.column("number")
    if number is None:
        return True
    for index, cells in enumerate(table.rows[:2]):
        if _is_repeated_header(cells, layout) or _is_column_index(cells):
            return True
        value = cells[number] if number < len(cells) else ""
        if not value or NUMBER_RE.match(value):
            return True
        if index == 0 and len(_dedupe(cells)) == 1:
            continue  # a section row; the row after it decides
        return False
    return False


def _join_split_columns(table: RawTable, width: int) -> RawTable | None:
    """A table converted from PDF whose continuation has a column split in two (a text now in the left part, now in
    the right, never in both) or an empty column more: the table with each such pair joined back (a split one first,
    from the left) down to `width` columns; None when it cannot be (two texts side by side in every pair)."""
    rows = [list(cells) for cells in table.rows]
    marks = [list(m) for m in table.vmerged]
    if not rows or table.sheet or _used_width(table) <= width:
        return None
    while max(len(cells) for cells in rows) > width:
        pairs = [j for j in range(max(len(c) for c in rows) - 1) if _split_pair(rows, j)]
        split = [j for j in pairs if all(any(j + k < len(c) and c[j + k] for c in rows) for k in (0, 1))]
        if not pairs:
            return None
        pair = (split or pairs)[0]  # a text column split in two before an empty column
        for cells, mark in zip(rows, marks, strict=True):
            if pair + 1 < len(cells):
                cells[pair] = cells[pair] or cells[pair + 1]
                del cells[pair + 1]
                mark[pair] = mark[pair] and (pair + 1 >= len(mark) or mark[pair + 1])
                del mark[pair + 1 : pair + 2]
    return RawTable(
        rows=rows,
        vmerged=marks,
        row_numbers=table.row_numbers,
        before=table.before,
        after=table.after,
        height=table.height,
        hidden=table.hidden,
        bold=table.bold,
    )


def _split_pair(rows: list[list[str]], column: int) -> bool:
    """Whether no row holds two different texts in the column and the next one."""
    return all(
        column + 1 >= len(cells) or not (cells[column] and cells[column + 1] and cells[column] != cells[column + 1])
        for cells in rows
    )


def _used_width(table: RawTable) -> int:
    return max((i + 1 for cells in table.rows for i, text in enumerate(cells) if text), default=0)


def _unread_rows(plan: ImportedPlan, table: RawTable | None) -> None:
    """A table right after the plan that does not carry it on (other columns) and starts with numbered rows holds
    activities the plan does not: a problem says the table was not loaded."""
    if table is None or not table.rows:
        return
    values = _dedupe(table.rows[0])
    if len(values) < 2 or not NUMBER_RE.match(values[0]):
        return
    plan.problems.append(
        ImportProblem(
            code="unread_table",
            detail=f"Таблица после плана (строк: {len(table.rows)}; первая: «{_short(' '.join(values), 80)}») не "
            "загружена: её столбцы не совпадают со столбцами плана. Объедините таблицы и загрузите файл снова",
        )
    )


def _header_key(cells: list[str]) -> dict[str, int]:
    """The column of each field a header row names (its other columns left out)."""
    fields = _header_columns(cells)[0]
    return {name: index for index, name in fields.items() if name != "extra" and not name.startswith(JOIN_PREFIX)}


def _split_at_headers(table: RawTable) -> list[RawTable]:
    """A table cut before each header row naming other columns than the first header (two plans pasted or saved
    one under the other on a sheet: «№ | Мероприятие | Срок | Результат», then «№ | Мероприятие | Ответственный |
    Срок»): each part is read with its own header. A header repeated as it was (a page break) cuts nothing."""
    parts: list[RawTable] = []
    key: dict[str, int] | None = None
    start, previous = 0, -2
    for position, cells in enumerate(table.rows):
        if key is not None and position != previous + 1 and _foreign_header(cells):
            parts.append(_table_part(table, start, position))
            start, key, previous = position, {}, position
            continue
        if not _is_header_row(cells):
            continue
        if key is not None and not _header_like(cells):
            continue  # a row of the plan whose cells start with header words: no header
        if position == previous + 1:  # the header's second row («ФИО | должность» under «Ответственный»)
            previous = position
            continue
        own = _header_key(cells)
        if key is not None and own != key:
            parts.append(_table_part(table, start, position))
            start = position
        key, previous = own, position
    if not parts:
        return [table]
    parts.append(_table_part(table, start, len(table.rows)))
    return parts


_NUMBER_HEADER = re.compile(r"^№\s*(?:п\s*/\s*п\.?)?$", re.IGNORECASE)


def _foreign_header(cells: list[str]) -> bool:
    """A header row of another table under the plan (a whole order pasted: «№ п/п | Целевой показатель | Факт |
    Обязательства»): «№» first, short cells, no title column and two columns or more no plan names."""
    values = [text for text in _dedupe(cells) if text]
    if len(values) < 3 or not _NUMBER_HEADER.match(values[0]) or not _header_like(values):
        return False
    names, unknown = _header_fields(cells)
    return "title" not in names and unknown >= 2


def _header_like(cells: list[str]) -> bool:
    """Whether every cell of a row is short and none is a number, as in a header."""
    return all(len(text) <= 80 and not NUMBER_RE.match(text) for text in cells)


def _table_part(table: RawTable, start: int, end: int) -> RawTable:
    """Rows `start`..`end` of a table, keeping their row numbers; the text before the table goes with the first
    part, the text after it with the last."""
    first, last = table.row_numbers[start], table.row_numbers[end - 1]
    return RawTable(
        rows=table.rows[start:end],
        vmerged=table.vmerged[start:end],
        row_numbers=table.row_numbers[start:end],
        before=table.before if start == 0 else [],
        after=table.after if end == len(table.rows) else [],
        height=table.height if end == len(table.rows) else last,
        sheet=table.sheet,
        hidden=[r for r in table.hidden if (start == 0 or r > first) and (end == len(table.rows) or r < last)],
        bold=table.bold,
    )


def recognise_tables(tables: list[RawTable]) -> ImportedPlan:
    """The plan in the tables. When a document holds several plan tables (each with its own header), the
    one with the most activities is taken and a problem `other_tables` says so."""
    if not tables or not any(t.rows for t in tables):
        raise PlanFileError("no_table", "В файле не найдено таблицы с планом мероприятий")
    tables = [part for table in tables for part in _split_at_headers(table)]
    plans: list[ImportedPlan] = []
    index = 0
    while index < len(tables):
        position = next((p for p, cells in enumerate(tables[index].rows) if _is_header_row(cells)), None)
        if position is None:
            index += 1
            continue
        plan, used = _recognise_group(tables, index, position)
        plans.append(plan)
        index += used
        following = tables[index] if index < len(tables) else None
        if following is not None and not any(_is_header_row(cells) for cells in following.rows):
            _unread_rows(plan, following)
    sound = [p for p in plans if not _shifted(p)]
    if plans and not sound:
        raise PlanFileError(
            "unreadable_file",  # the codes a caller knows; the detail says what went wrong
            "Таблица читается со сдвигом: в столбце «№» у большинства мероприятий стоит текст (ответственные, сроки). "
            "Похоже, каждая ячейка таблицы записана отдельной строкой. Скопируйте таблицу из Word или Excel целиком "
            "(строки таблицы — строками текста, ячейки — через табуляцию) или загрузите сам файл",
        )
    plans = sound
    if not plans:
        raise PlanFileError(
            "header_not_found",
            "Не найдена строка заголовка таблицы: нужны столбцы «Мероприятия» (или «Содержание деятельности», "
            "«Наименование мероприятия») и хотя бы один из «№», «Ответственный», «Сроки», «Ожидаемые результаты»",
        )
    best = max(plans, key=lambda p: sum(len(s.activities) for s in p.sections))
    if len(plans) > 1:
        best.problems.insert(
            0,
            ImportProblem(
                code="other_tables",
                detail=f"В документе {len(plans)} таблицы с мероприятиями; загружена самая большая",
            ),
        )
    return best


WORDY_NUMBER_RE = re.compile(r"[А-Яа-яЁё]{2}")


def _shifted(plan: ImportedPlan) -> bool:
    """Whether the plan reads as nonsense: most of its activities (three at least) carry words in the «№» column
    («Управление образования», «ОО»…) or a title without a letter («3», «01.09.2024»): the cells of a table pasted one
    per line and read in the wrong columns."""
    found = [a for s in plan.sections for a in s.activities]
    wrong = sum(
        1
        for a in found
        if (a.number and WORDY_NUMBER_RE.search(a.number)) or (a.title and not LETTER_IN_RE.search(a.title))
    )
    return wrong >= 3 and 2 * wrong >= len(found)


LETTER_IN_RE = re.compile(r"[^\W\d_]")


def _recognise_group(tables: list[RawTable], index: int, position: int) -> tuple[ImportedPlan, int]:
    """The plan read from `tables[index]` (header at row `position`) and the later tables continuing it;
    also how many tables it took."""
    first = tables[index]
    layout, start = _read_header(first, position)
    group = [first]
    for table in tables[index + 1 :]:
        if not _continues(table, layout, first.sheet):
            joined = _join_split_columns(table, layout.width)
            if joined is None or not _continues(joined, layout, first.sheet):
                break
            table = joined
        group.append(table)
    state = _State(layout)
    above = [v[0] for v in (_dedupe(r) for r in first.rows[:position]) if len(v) == 1]
    heading = next(
        (p for p in reversed(first.before + above) if HEADING_RE.match(p) or YEAR_RE.match(p) or _numbered_task(p)),
        None,
    )
    if heading:
        state.start_section(*(_split_task(heading) if _numbered_task(heading) else _split_heading(heading)))
    elif (named := _first_table_heading(group)) is not None:
        state.start_section(*_split_heading(named))
    rows = list(_items(group, first.row_numbers[start], layout))
    _hidden_rows(state, [r for r in first.hidden if r > first.row_numbers[start]])
    for at, item in enumerate(rows):
        if isinstance(item, _Row) and _plan_ends(state, item, rows[at + 1 :]):
            _rows_after_plan(state, item)
            break
        if isinstance(item, _Gap):
            _read_gap(state, item)
        else:
            _read_row(state, item, rows[at + 1 :])
    if not heading and above and position and len(_dedupe(first.rows[position - 1])) == 1:
        _name_first_section(state, above[-1])
    return _finish(state), len(group)


CAPTION_RE = re.compile(r"^таблица\s*№?\s*\d{1,2}\.?$", re.IGNORECASE)
"""«Таблица 4»: the caption over a table of an order pasted whole."""
SCORE_RE = re.compile(r"^[<>≤≥~]?\s*-?\d{1,6}(?:[.,]\d{1,4})?\s*%?$")
"""A cell of a table of scores: «74», «83,33», «57 %»."""


def _numbered_activities(state: _State) -> int:
    return sum(1 for s in state.sections for a in s.activities if a.number)


def _plan_ends(state: _State, row: _Row, rest: list[_Row | _Gap]) -> bool:
    """Whether an order pasted whole goes on past its plan at this unnumbered row: a «Таблица 4» caption over
    rows none of which is numbered, or the header of a table of scores («Наименование ОО | Русский язык |
    Математика» over «МКОУ СОШ № 1 | 74 | 83,33»). Only after a plan of numbered activities."""
    if NUMBER_RE.match(_cell(row, state.layout.column("number"))) or _numbered_activities(state) < 3:
        return False
    values = _dedupe([c for c in row.cells if c])
    following = [item for item in rest if isinstance(item, _Row) and any(item.cells)]
    if len(values) == 1 and CAPTION_RE.match(values[0]):
        column = state.layout.column("number")
        return not any(NUMBER_RE.match(_cell(item, column)) for item in following[:10])
    return _is_score_header(values) and sum(_is_score_row(item) for item in following[:4]) >= 2


def _is_score_header(values: list[str]) -> bool:
    """Short header-like cells, none a number or a sentence: «Наименование ОО | Русский язык | Математика»."""
    return len(values) >= 3 and all(len(v) <= 40 and not SCORE_RE.match(v) and "\n" not in v for v in values)


def _is_score_row(row: _Row) -> bool:
    """A name followed by numbers only: «МКОУ «Шеркальская СОШ» | 55,08 | 67,52 | 61,3»."""
    values = [c.strip() for c in row.cells if c.strip()]
    return len(values) >= 3 and not SCORE_RE.match(values[0]) and all(SCORE_RE.match(v) for v in values[1:])


def _rows_after_plan(state: _State, row: _Row) -> None:
    """The rows after the plan's end are not read; a problem says where the reading stopped."""
    state.end_activity()
    first = next((c.strip() for c in row.cells if c.strip()), "")
    state.problems.append(
        ImportProblem(
            row=row.row,
            code="rows_after_plan",
            detail=f"Строка {row.row} («{first[:60]}») и следующие не похожи на план и не загружены",
        )
    )


def _plain_headings(paragraphs: list[str]) -> list[str]:
    """The paragraphs between tables that may name the next table's section: no ignored line («Цель: …»,
    «Задачи:») or item of the list under it, no planned result."""
    found: list[str] = []
    listing = False
    for text in paragraphs:
        if IGNORED_TEXT_RE.match(text):
            listing = text.rstrip().endswith(":")
        elif text and not (listing and GAP_LIST_RE.match(text)) and not PLANNED_RE.match(text):
            found.append(text)
            listing = False
    return found


def _first_table_heading(group: list[RawTable]) -> str | None:
    """The paragraph right above the first table of a plan whose every later table stands under one heading
    paragraph of its own (an anti-risk programme, a table per risk under the risk's name): that table's heading too.
    None when a later table has none (the text above the first table is then the document's title)."""
    if len(group) < 2 or any(len(_plain_headings(table.before)) != 1 for table in group[1:]):
        return None
    above = _plain_headings(group[0].before)
    return above[-1] if above and len(above[-1]) <= 300 else None


def _read_header(first: RawTable, position: int) -> tuple[Layout, int]:
    """The layout of the header at row `position` (with its second row, or the labels over it) and the position of
    the header's last row."""
    header = first.rows[position]
    following = None
    if position + 1 < len(first.rows):
        # a CSV line may stop at its last filled field: the header and the row under it padded to one width
        width = max(len(header), len(first.rows[position + 1]))
        header = header + [""] * (width - len(header))
        cells, marks = first.rows[position + 1], first.vmerged[position + 1]
        following = (cells + [""] * (width - len(cells)), marks + [False] * (width - len(marks)))
    sub = _sub_header(header, *following) if following else None
    continued = _header_continuation(header, *following) if following and not sub else None
    start = position + 1 if sub or continued else position
    labelled = _labels_above(first.rows[position - 1], header) if position and not (sub or continued) else None
    if labelled is not None:
        layout = _layout(labelled[0], first.rows[start + 1 : start + 60], labelled[1])
        layout.sub_norms = [normalise_header(c) for c in header]
        above = first.rows[position - 1]
        layout.label_norms = [normalise_header(c) for c in (above + [""] * len(header))[: len(header)]]
        return layout, start
    if continued:
        header, sub_norms = continued, [normalise_header(c) for c in following[0]] if following else []
    layout = _layout(header, first.rows[start + 1 : start + 60], sub)
    if continued:
        layout.sub_norms = sub_norms
    return layout, start


def _labels_above(above: list[str], header: list[str]) -> tuple[list[str], list[str]] | None:
    """A header whose cells spanning several columns were written in the row over it, the single ones in the
    header row only (no merge down): «| | Сроки | | Ответственный» over «№ | Мероприятие | начало | окончание | ФИО
    | должность». Returns the header as two rows, (the spanning labels filled in, the parts under them), or None when
    the row above is no such labels (a title, a header of its own)."""
    above = (above + [""] * len(header))[: len(header)]
    values = _dedupe(above)
    if not values or _is_header_row(above) or (len(values) == 1 and all(above)):
        return None
    if not all((m := match_header(v)) is not None and m[0] != "title" for v in values):
        return None
    if any(text and (m := match_header(header[i])) and m[0] in {"number", "title"} for i, text in enumerate(above)):
        return None  # over «№» or «Мероприятие»: a line over the table, not the name of parts
    top, sub = list(header), [""] * len(header)
    label = ""
    for index, text in enumerate(above):
        own = match_header(header[index])
        if text:
            label = text
        elif not label or (own is not None and own[0] not in {"deadline_end", "extra"}):
            label = ""  # «Результат» names a column of its own: the label over the columns before it ends
        if label and header[index]:
            top[index], sub[index] = label, header[index]
    return (top, sub) if any(sub) else None


def _name_first_section(state: _State, title: str) -> None:
    """Two plans on one sheet, each under its title and header: the first plan's title (the row right above the
    first header) names its section, as the second's names the second."""
    first, second = state.sections[0] if state.sections else None, state.titled
    if first is None or second is None or first.title != DEFAULT_SECTION or first.number is not None:
        return
    numbers = [next((a.number for a in s.activities if a.number), None) for s in (first, second)]
    if numbers[0] == numbers[1]:  # the second plan numbers its activities anew; a page break of one plan does not
        first.number, first.title = _split_heading(title)


def _hidden_rows(state: _State, rows: list[int]) -> None:
    """Rows Excel hides are not read (the plan is what the sheet shows); a problem names them."""
    if rows:
        listed = ", ".join(map(str, rows[:20])) + (" …" if len(rows) > 20 else "")
        state.problems.append(
            ImportProblem(
                row=rows[0],
                code="hidden_rows",
                detail=f"Скрытые строки листа Excel не загружены: {listed}. Покажите их и загрузите файл снова, "
                "если в них мероприятия",
            )
        )


# ------------------------------------------------------------------------------------------------- gaps


GAP_LIST_RE = re.compile(r"^(?:\d{1,2}[.)]|[а-я]\)|[-–—•·▪])\s*\S")
"""An item of a list written between tables under «Задачи:» («1. Выявить …», «– организовать …»)."""


def _read_gap(state: _State, gap: _Gap) -> None:
    """DOCX text between tables (or after the last): track headings and planned results."""
    candidates: list[str] = []
    headed = False
    collected = 0  # planned results taken since the last «Планируемые результаты»
    listing = False  # under «Задачи:», whose items follow
    for text in gap.paragraphs:
        if not text:
            if state.planned and collected:
                state.planned = False
                if gap.trailing:
                    return
            continue
        kind, items = _gap_paragraph(state, text, gap.trailing)
        if kind == "planned":
            collected = items
        elif kind == "more_planned":
            collected += items
        elif kind == "heading":
            headed = True
        elif IGNORED_TEXT_RE.match(text):
            state.planned = False  # «Примечание: …» under the table; planned results may follow it
            listing = text.rstrip().endswith(":")
        elif not (listing and GAP_LIST_RE.match(text)):  # not «1. Выявить причины …» under «Задачи:»
            state.planned = listing = False
            if gap.trailing:
                return
            candidates.append(text)
    if not gap.trailing and not headed and len(candidates) == 1 and len(candidates[0]) <= 300:
        state.start_section(*_split_heading(candidates[0]))  # 000: a section heading left between two tables


def _gap_paragraph(state: _State, text: str, trailing: bool) -> tuple[str, int]:
    """Read one paragraph between tables: «Планируемые результаты» with what follows on its line (`planned`),
    a track heading (`heading`, not after the last table), the next planned result (`more_planned`), or
    `other`; with how many planned results it added."""
    planned = PLANNED_RE.match(text)
    if planned:
        state.planned = True
        items = _planned_items(planned.group(1))
        state.add_planned(items)
        state.planned_mode = "inline" if items else ""
        return "planned", len(items)
    if not trailing and (HEADING_RE.match(text) or YEAR_RE.match(text)):
        state.start_section(*_split_heading(text))
        return "heading", 0
    if not trailing and _numbered_task(text) and _task_heading(state, text):
        state.start_section(*_split_task(text))
        return "heading", 0
    if state.planned and not IGNORED_TEXT_RE.match(text) and not HEADING_RE.match(text):
        if not _planned_line(state, text):
            state.planned = False
            return "other", 0
        items = _planned_items(text)
        state.add_planned(items)
        return "more_planned", len(items)
    return "other", 0


SIGNED_RE = re.compile(
    r"_{3,}|[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+|[А-ЯЁ][а-яё]+\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.|^\W*(?:исп\.|исполнитель\b)",
    re.IGNORECASE,
)
"""A signature, an executor's line, initials («Директор ____ И.И. Иванов», «Исп. Петрова А.А.»): no planned result."""


def _planned_line(state: _State, text: str) -> bool:
    """Whether a paragraph under «Планируемые (ожидаемые) результаты» goes on with them: not a signature; a list item
    when the results were listed (or written on the heading's line); the first line sets the way they go on."""
    if SIGNED_RE.search(text):
        return False
    listed = bool(GAP_LIST_RE.match(text) or BULLET_RE.match(text))
    if not state.planned_mode:
        state.planned_mode = "list" if listed else "plain"
        return True
    return listed or state.planned_mode == "plain"


# ------------------------------------------------------------------------------------------------- rows


def _cell(row: _Row, column: int | None) -> str:
    if column is None or row.vmerged[column]:
        return ""
    return row.cells[column]


def _next_number(state: _State, rest: list[_Row | _Gap]) -> str | None:
    """The number of the next numbered row, past a page break and the header repeated after it."""
    column = state.layout.column("number")
    if column is None:
        return None
    for item in rest[:40]:
        if not isinstance(item, _Row) or _is_repeated_header(item.cells, state.layout) or _is_column_index(item.cells):
            continue
        if _cell(item, column):
            return _number(_cell(item, column))
    return None


def _read_row(state: _State, row: _Row, rest: list[_Row | _Gap]) -> None:
    """One table row: skipped, a heading, planned results, the continuation of an activity or a new one."""
    layout = state.layout
    if _read_no_activities(state, row) or _is_total_row(row.cells):
        return
    if _is_repeated_header(row.cells, layout) or _is_column_index(row.cells):
        current = state.sections[-1] if len(state.sections) > 1 else None
        if current is not None and not current.activities and not current.planned_results:
            state.titled = current  # «План мероприятий МБОУ СОШ № 2» over the header again: the next plan's title
        state.page_break = True
        return  # the header repeated on a new page, or the «1 2 3 4» row under it
    row.after_break, state.page_break = row.after_break or state.page_break, False
    _read_group(state, row)
    if _read_packed(state, row, rest):
        return
    values = _dedupe([c if not m else "" for c, m in zip(row.cells, row.vmerged, strict=True)])
    if not values:
        return
    number, title = _cell(row, layout.column("number")), _cell(row, layout.column("title"))
    if not NUMBER_RE.match(number) and (TOTAL_RE.match(title or values[0]) or _is_note(state, row, values)):
        state.end_activity()
        return  # «Итого» under the financing columns, «Примечание | …» or «* | …» explaining a mark
    if not NUMBER_RE.match(number) and _is_signature(state, row, rest):
        state.end_activity()
        return  # «Директор ____ И.И. Иванов» under the table
    if len(values) == 1:
        _read_single_value(state, row, values[0], number)
    elif not (_read_marked_heading(state, row, number, title) or _read_top_heading(state, row, rest, number, title)):
        _read_entry(state, row, values, number, title)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _read_packed(state: _State, row: _Row, rest: list[_Row | _Gap]) -> bool:
    """Whether the row packs several activities as lines of its cells («1.⏎2.⏎3.» beside three titles, three
    deadlines); if so each is read as a row of its own. A cell with another number of lines (one deadline for all)
    stands for each of them."""
    number_col, title_col = state.layout.column("number"), state.layout.column("title")
    numbers, titles = _lines(_cell(row, number_col)), _lines(_cell(row, title_col))
    if len(numbers) < 2 or len(titles) != len(numbers) or not all(NUMBER_RE.match(n) for n in numbers):
        return False
    split = [_lines(text) if not marked else [] for text, marked in zip(row.cells, row.vmerged, strict=True)]
    for index in range(len(numbers)):
        cells = [
            lines[index] if len(lines) == len(numbers) else text for lines, text in zip(split, row.cells, strict=True)
        ]
        part = _Row(cells, row.vmerged, row.row, row.after_break and index == 0, row.bold, row.bullet)
        _read_row(state, part, rest)
    state.problems.append(
        ImportProblem(
            row=row.row,
            column=_header_of(state, "number"),
            code="packed_row",
            detail=f"Строка {row.row}: мероприятия {', '.join(_number(n) or n for n in numbers)} записаны в одной "
            "строке таблицы и прочитаны по отдельности",
        )
    )
    return True


def _read_group(state: _State, row: _Row) -> None:
    """A new value in the «Задачи» column starts its section; the row goes on without it."""
    column = state.layout.column("section")
    text = _cell(row, column)
    if column is None or not text:
        return
    row.cells = [*row.cells[:column], "", *row.cells[column + 1 :]]
    number, title = _split_task(text) if TASK_RE.match(text) else _split_heading(text)
    current = state.sections[-1] if state.sections else None
    if current is not None and current.title == title:
        return  # the task written again on every row
    state.start_section(number, title)
    if current is not None and not current.activities and not current.planned_results:
        state.over.append((current, state.sections[-1]))  # «Риск 1. …» over the table of its tasks stays


NOTE_RE = re.compile(r"^\s*(?:\*+|примечани[ея]\b|прим\.|сноска\b)", re.IGNORECASE)


def _is_note(state: _State, row: _Row, values: list[str]) -> bool:
    """Whether the row is a note: «Примечание» or «*» in its first cell and an explanation beside it, no deadline
    or responsible of its own."""
    layout = state.layout
    own = _cell(row, layout.column("deadline")) or _cell(row, layout.column("responsible"))
    return len(values) > 1 and bool(NOTE_RE.match(values[0])) and not own


def _read_no_activities(state: _State, row: _Row) -> bool:
    """Whether the row only says that its section has no activities («Мероприятия в разделе не
    запланированы.»); if so, the section is kept without activities."""
    values = _dedupe(row.cells)
    if len(values) != 1 or not NO_ACTIVITIES_RE.match(values[0]):
        return False
    state.empty.append(state.section)
    state.end_activity()
    return True


POSITION_RE = re.compile(
    r"^(?:и\.?\s*о\.?\s+)?(?:директор|заместитель|зам\.|начальник|руководитель|заведующ|председатель|"
    r"исполнитель\s*:|подпись|согласовано|утверждаю|м\.\s*п\.)",
    re.IGNORECASE,
)
SIGNED_NAME_RE = re.compile(r"_{3,}|[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+|[А-ЯЁ][а-яё]+\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.")


SIGN_LINE_RE = re.compile(r"^(?:[_\s./]*|/?\s*[А-ЯЁ][а-яё]+\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.\s*/?|(?:м\.\s*п\.|подпись))$", re.I)


def _is_signature(state: _State, row: _Row, rest: list[_Row | _Gap]) -> bool:
    """Whether the row is a signature under the plan: a position («Директор», «Заместитель директора по УВР»)
    outside the responsible column (or in it, beside an empty title, the name signed in another column), and a name
    with initials or a line to sign on, nothing in the deadline column, and no activity after it."""
    fields = state.layout.fields
    cells = {i: text for i, text in enumerate(row.cells) if text and not row.vmerged[i]}
    values = _dedupe(list(cells.values()))
    if _signing_line(state, values):
        state.signing = not any(isinstance(item, _Row) and _looks_like_activity(state, item) for item in rest[:50])
        return state.signing
    deadline = _cell(row, state.layout.column("deadline"))
    if (
        not values
        or len(values) > 3
        or (deadline and not (SIGN_LINE_RE.match(deadline) or POSITION_RE.match(deadline)))
    ):
        return False  # a deadline, not the line to sign on («___________»), a name or a position written in its cell
    positions = [i for i, text in cells.items() if len(text) <= 80 and POSITION_RE.match(text)]
    signed = [i for i, text in cells.items() if SIGNED_NAME_RE.search(text)]
    if not positions or not signed:
        return False
    if all(fields.get(i) == "responsible" for i in positions):
        untitled = not _cell(row, state.layout.column("title"))
        if not (untitled and any(fields.get(i) not in {"responsible", "title"} for i in signed)):
            return False  # «Директор» one more responsible of the activity above
    state.signing = not any(isinstance(item, _Row) and _looks_like_activity(state, item) for item in rest[:50])
    return state.signing


ACQUAINTED_RE = re.compile(
    r"^\W*(?:с\s+[^\n]{0,40}?)?ознакомлен[аоы]?(?![а-яё])|^\W*лист\s+ознакомления", re.IGNORECASE
)
"""«С планом ознакомлены:», «Ознакомлен(а)», «Лист ознакомления» (never «Ознакомление педагогов с …»)."""
SIGNER_RE = re.compile(r"^/?\s*[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+\s*/?$")
"""«И.И. Иванова» (the initials first): a name signing under the plan."""


def _signing_line(state: _State, values: list[str]) -> bool:
    """Whether the row opens the list of those who read the plan («С планом ознакомлены:», «Лист ознакомления»), or
    is a name with its line to sign on under a signature or such a list."""
    if len(values) == 1 and ACQUAINTED_RE.match(values[0]):
        return True
    signed = all(SIGN_LINE_RE.match(v) or SIGNER_RE.match(v) for v in values)
    return state.signing and signed and any(SIGNED_NAME_RE.search(v) for v in values)


def _looks_like_activity(state: _State, row: _Row) -> bool:
    number = _cell(row, state.layout.column("number"))
    return bool(NUMBER_RE.match(number)) or len([c for c in row.cells if c]) > 3


def _read_single_value(state: _State, row: _Row, value: str, number: str) -> None:
    """A row with one distinct value: planned results, an empty numbered row, an ignored line, the rest of an
    activity broken off on the row before, or a section heading."""
    planned = PLANNED_RE.match(value)
    if planned:
        items = _planned_items(planned.group(1))
        state.add_planned(items)
        # a list written in the cell under its heading («Планируемый результат:⏎– …⏎– …») is whole: the row
        # after it is the next section, not one more result
        state.planned = not (items and "\n" in value)
        state.planned_mode = ""
        return
    if number and value == number and NUMBER_RE.match(number):
        state.problems.append(
            ImportProblem(
                row=row.row,
                column=_header_of(state, "number"),
                code="empty_row",
                detail=f"Строка {row.row}: под номером {_number(number)} ничего не написано, строка пропущена",
            )
        )
        return
    heading = HEADING_RE.match(value) or YEAR_RE.match(value) or NUMBERED_HEADING_RE.match(value)
    if IGNORED_TEXT_RE.match(value.lstrip("*#_ ")):
        if _task_heading(state, value):
            _row_heading(state, row, *_split_task(value))
            return
        state.planned = False
        return  # «Задача: …» under a track heading, «Таблица 2»
    if state.planned and not heading:
        state.add_planned(_planned_items(value))
        return
    if state.activity is not None and not number and _list_line(state, row, value):
        _merge(state, row, separator="\n")  # «• семинар», «1) круглый стол» under «Проведение мероприятий:»
        return
    if state.activity is not None and not number and (_starts_lower(value) or _broken_off_row(state)):
        _merge(state, row)
        return
    if state.activity is not None and not number and not heading and _lone_detail(state, row, value):
        _merge(state, row, separator="\n")  # one more responsible or deadline: a line of its own
        return
    if not number and not heading and _title_only_activity(state, row, value):
        _new_activity(state, row)  # the next activity of a group whose deadline only the first row shows
        return
    _row_heading(state, row, *_split_heading(value))


def _title_only_activity(state: _State, row: _Row, value: str) -> bool:
    """Whether a row filling only its title cell (not merged across the row) under an activity is one more activity
    whose deadline and responsible only the group's first row shows (a CSV or a sheet keeps no merge), not a
    section heading: the section above it shows a deadline or a responsible, and the text does not read as a
    heading (a colon at its end, capitals only)."""
    title = state.layout.column("title")
    cells = [i for i, text in enumerate(row.cells) if text]
    activity = state.activity
    if activity is None or cells != [title] or row.vmerged[cells[0]] or activity is not state.section.activities[-1]:
        return False
    if activity.number or value.rstrip().endswith(":") or value.upper() == value or "\n" in value.strip():
        return False  # numbered activities above: an unnumbered row is a heading, not one of them
    if SCHOOL_RE.match(value) or TIMING_HEADING_RE.match(value) or TOPIC_HEADING_RE.match(value.strip()):
        return False  # a school's name, a month, «Работа с родителями»: a heading
    if row.bold and not state.bold_activity:
        return False  # a bold line under plain rows
    return any(a.deadline or a.responsible for a in state.section.activities)


TOPIC_HEADING_RE = re.compile(
    r"^(?:[\w-]+\s+){0,3}работа(?:\s+с\s+[\w\s,«»\"()-]+)?\.?$|^(?:[\w-]+\s+){0,3}(?:мероприятия|обеспечение)\.?$",
    re.IGNORECASE,
)
"""«Работа с родителями», «Методическая работа», «Организационные мероприятия», «Кадровое обеспечение»: the name of a
field of work heading the rows under it, not an activity."""
SCHOOL_RE = re.compile(
    r"^[\W_]*(?:\d{3,6}\s*[-–—.,:]?\s*)?(?:[МГЧН]?[БКА]?ОУ|СОШ|ООШ|НОШ|школа|гимназия|лицей|ОО)(?![а-яё])",
    re.IGNORECASE,
)
"""A school's name, maybe after its code («МБОУ «СОШ № 3»», «0123 МКОУ …», «Гимназия № 1»): the heading of the
school's rows."""


LIST_MARK_RE = re.compile(r"^(?:\d{1,2}|[а-яa-z])\)\s*\S")


def _list_line(state: _State, row: _Row, value: str) -> bool:
    """Whether a lone title cell is the next item of a list the activity above opened: a bullet («• семинар»,
    «– семинар»), or «1)», «а)» after a title ending with «:» or another such item; never a section heading."""
    title = state.layout.column("title")
    cells = [i for i, text in enumerate(row.cells) if text and not row.vmerged[i]]
    if state.activity is None or cells != [title]:
        return False
    if BULLET_RE.match(value):
        return True
    last = state.activity.title.rstrip().rsplit("\n", 1)[-1].strip()
    return bool(LIST_MARK_RE.match(value)) and (last.endswith(":") or bool(LIST_MARK_RE.match(last)))


def _lone_detail(state: _State, row: _Row, value: str) -> bool:
    """Whether the value fills one cell, outside the number and title columns: a second responsible person or a
    deadline written on the next row of the activity, not a section heading."""
    cells = [i for i, text in enumerate(row.cells) if text and not row.vmerged[i]]
    return len(cells) == 1 and state.layout.fields.get(cells[0]) not in {"number", "title", None}


def _task_heading(state: _State, text: str) -> bool:
    """Whether «Задача 1: …» or «Цель 1. …» (or «Задача: …», «Цель: …») heads the rows under it, as a section; not
    when it only states the task of a track whose heading came just before («Трек 2 - …», «Задача: …», the table)."""
    match = TASK_RE.match(text.strip())
    if not match or not (match.group(1) or match.group(2)):
        return False  # «Цель», «Задача» alone: a column's name, no heading
    current = state.sections[-1] if state.sections else None
    return not (current is not None and not current.activities and HEADING_RE.match(current.title))


def _numbered_task(text: str) -> bool:
    """«Задача 1. …» written between tables: a heading (an unnumbered «Задача: …» there only states a task)."""
    match = TASK_RE.match(text.strip())
    return bool(match and match.group(1))


def _split_task(text: str) -> tuple[str | None, str]:
    """«Задача 1: Повысить …» → («1», the text as written, like a track heading)."""
    text = " ".join(text.split()).strip("*#_ ").rstrip(":").strip()
    match = TASK_RE.match(text)
    return (match.group(1) if match else None), text


ROMAN_NUMBER_RE = re.compile(r"^[IVXLC]{1,6}[.)]?$")


def _only_title(state: _State, row: _Row, title: str) -> bool:
    """Whether the row holds nothing but its number and title (and maybe the section's period)."""
    number_col = state.layout.column("number")
    fields = state.layout.fields
    others = {c for i, c in enumerate(row.cells) if i != number_col and not row.vmerged[i] and c}
    timing = {c for i, c in enumerate(row.cells) if fields.get(i) in TIMING_FIELDS and c != title}
    return others - timing == {title}


def _read_marked_heading(state: _State, row: _Row, number: str, title: str) -> bool:
    """Whether the «№» cell marks a section, «II.», «Раздел 2», «Задача 2», beside its title alone; if so start the
    section as a row merged across the table would."""
    label = TASK_RE.match(number)
    label = label if label and not label.group(2) else None  # «Цель:», «Задача», «Задача 2» alone in the cell
    marked = ROMAN_NUMBER_RE.match(number) or CAPITAL_LETTER_RE.match(number) or HEADING_RE.match(number) or label
    if not (number and title and marked and _only_title(state, row, title)):
        return False
    mark = " ".join(number.split()).rstrip(".:")
    text = f"{mark}{'.' if label is None or label.group(1) else ':'} {' '.join(title.split())}"
    _row_heading(state, row, *(_split_task(text) if label else _split_heading(text)))
    details = _heading_details(state, row, title)
    if details:
        state.details[id(state.sections[-1])] = (row.row, details)  # «Раздел 2 | … | 2024-2025»: its rows' deadline
    return True


CAPITAL_LETTER_RE = re.compile(r"^[А-ЯЁ][.)]$")
"""«А.», «Б)» in the «№» cell beside a title alone: a section lettered as roman numerals would number it."""


def _read_top_heading(state: _State, row: _Row, rest: list[_Row | _Gap], number: str, title: str) -> bool:
    """Whether the row is a numbered section heading («1.» or «1.2.» and a title merged across the row, or
    followed by its sub-items 1.1, 1.2 or 1.2.1), and if so start the section."""
    written = None if number else TITLE_NUMBER_RE.match(title)
    if written and not LIST_LINE_RE.search(written.group(2)):
        number, title = written.group(1), written.group(2)  # «1. Организационные мероприятия» in the title cell
    if not (number and title and NUMBER_RE.match(number)):
        return False
    top = _number(number)
    has_items = (_next_number(state, rest) or "").startswith(f"{top}.")
    details = _heading_details(state, row, title) if has_items else None
    if details is None and (written or not _only_title(state, row, title)):
        return False
    if _merged_title(state, row) or has_items or _heads_numbered_rows(state, rest, top):
        # «2. Работа с педагогами | в течение года» over 2.1, 2.2: the section's period is no activity
        parent = state.sections[-1] if state.sections else None
        if parent and not parent.activities and top and parent.number and top.startswith(f"{parent.number}."):
            state.empty.append(parent)  # «1. Организационные мероприятия» over «1.1. Работа с педагогами»
        _row_heading(state, row, top, " ".join(title.split()))
        state.numbered_heading = top
        if details and state.sections[-1].number == top:
            state.details[id(state.sections[-1])] = (row.row, details)
        return True
    return False


def _merged_title(state: _State, row: _Row) -> bool:
    """Whether the title cell is merged across its neighbour (its text repeated in the next column or the one
    before), not only written again in another column («1.2. | План | | | План»: a result named like the title)."""
    column = state.layout.column("title")
    if column is None:
        return False
    cells = row.cells
    title = cells[column]
    return any(0 <= i < len(cells) and cells[i] == title for i in (column - 1, column + 1))


INHERITED_FIELDS = ("deadline", "responsible")


def _heading_details(state: _State, row: _Row, title: str) -> dict[str, str] | None:
    """The deadline and the responsible of a numbered row over its sub-items that holds nothing else besides its
    number and title («1. | Организационные мероприятия | 2024 | Директор» over 1.1, 1.2): the section's, passed on to
    its activities that have none. None when the row holds anything else (a result, a document: an activity)."""
    layout = state.layout
    skipped = {layout.column("number"), layout.column("title")}
    details: dict[str, str] = {}
    for index, text in enumerate(row.cells):
        if index in skipped or row.vmerged[index] or not text or text == title:
            continue
        if index and row.cells[index - 1] == text:
            continue  # one cell merged over the deadline and the responsible: the first names it
        name = layout.fields.get(index)
        if name not in (*INHERITED_FIELDS, "period") or name in details:
            return None
        details[name] = text
    return details or None


def _heads_numbered_rows(state: _State, rest: list[_Row | _Gap], top: str | None) -> bool:
    """Whether a numbered row holding its title alone heads the activities under it though they are not numbered
    as its sub-items: the row right under it starts the numbering anew («1.» Работа с кадрами over «1», «2»), or
    the heading row before it had the number before its own («1.», then «2.» over «3», «4»)."""
    if top is None or not top.isdigit():
        return False
    following = next(
        (
            item
            for item in rest[:6]
            if isinstance(item, _Row)
            and not (_is_repeated_header(item.cells, state.layout) or _is_column_index(item.cells))
        ),
        None,
    )  # across a page break and the header repeated after it
    if following is None:
        return False
    number = _number(_cell(following, state.layout.column("number"))) or ""
    if number == "1":
        return True
    title = _cell(following, state.layout.column("title"))
    detailed = bool(title) and not _only_title(state, following, title)  # an activity with its deadline, its result
    return state.numbered_heading == str(int(top) - 1) and number.isdigit() and detailed


TIMING_FIELDS = {"deadline", "deadline_end", "period", "slot"}


def _read_entry(state: _State, row: _Row, values: list[str], number: str, title: str) -> None:
    """A row of several values: planned results, the continuation of the activity before, or a new activity."""
    if state.planned and not number:
        state.add_planned([" ".join(" ".join(values).split())])
        return
    activity = state.activity
    if activity is not None and not number and (_bullet_item(state, row, title) or _whole_row(state, row, title)):
        _new_activity(state, row)  # «– семинар для учителей» with its own deadline, under «Организация работы:»
        return
    if activity is not None and not number and (not title or _starts_lower(title) or _broken_off_row(state)):
        title_column = state.layout.column("title")
        merged_title = title_column is not None and row.vmerged[title_column]
        # under a title merged down over several rows, each row is one more line (two deadlines, two people)
        # a row with no title of its own («| | май 2025 | | Справка») adds lines: a second date, a second result
        separate = (merged_title or not title or BULLET_RE.match(title)) and not _broken_off_row(state)
        _merge(state, row, separator="\n" if separate else " ")
        return
    if activity is not None and _numbered_rest(state, activity, row, number, title):
        _merge_numbered(state, activity, row, number)
        return
    _new_activity(state, row)


def _bullet_item(state: _State, row: _Row, title: str) -> bool:
    """Whether an unnumbered row listing one item («– семинар», «• круглый стол») under the activity above is an
    activity of its own: it has its own deadline or responsible, and the row above is not broken off."""
    if not (BULLET_RE.match(title) or LETTER_TITLE_RE.match(title)) or _broken_off_row(state):
        return False
    return bool(_cell(row, state.layout.column("deadline")) or _cell(row, state.layout.column("responsible")))


def _whole_row(state: _State, row: _Row, title: str) -> bool:
    """Whether an unnumbered row whose title starts in lower case («проведение педсовета») is an activity of its own,
    not the rest of the one above: it has its own deadline and its own responsible, and the row above is not
    broken off."""
    layout = state.layout
    own = _cell(row, layout.column("deadline")) and _cell(row, layout.column("responsible"))
    return bool(title and own) and not _broken_off_row(state)


def _numbered_rest(state: _State, activity: ImportedActivity, row: _Row, number: str, title: str) -> bool:
    """Whether a numbered row whose title starts in lower case is the rest of the activity without a number
    above it, split by a page break (002)."""
    if not (number and activity.number is None and title and _starts_lower(title)):
        return False
    return row.after_break or _broken_off_row(state)


def _merge_numbered(state: _State, activity: ImportedActivity, row: _Row, number: str) -> None:
    """002: the number came on the part of the row after the page break (a new table or a repeated header, or a
    row broken off mid-sentence before it); the row continues the activity, which takes the number (and loses
    its `missing_number` problem). Without a break, the numbered row is the next activity, even when its title
    starts in lower case («обучение на курсах …»)."""
    activity.number = _number(number)
    _merge(state, row)
    state.problems = [p for p in state.problems if not (p.code == "missing_number" and p.row == activity.row)]


def _row_heading(state: _State, row: _Row, number: str | None, title: str) -> None:
    """A heading row starts a section, unless it is the first sub-heading under a «Процесс N: …» heading
    written above the table with the same number (002): then the process stays the section and the
    sub-heading's rows belong to it; a problem names the sub-heading so that nothing is dropped silently."""
    current = state.sections[-1] if state.sections else None
    if (
        current is not None
        and number is not None
        and current.number == number
        and not current.activities
        and not current.planned_results
        and HEADING_RE.match(current.title)
        and not HEADING_RE.match(title)
    ):
        state.problems.append(
            ImportProblem(
                row=row.row,
                code="subheading_in_section",
                detail=f"Строка {row.row}: подзаголовок «{_short(title)}» отнесён к разделу «{_short(current.title)}»",
            )
        )
        state.end_activity()
        return
    state.start_section(number, title)
    if current is not None and current is state.row_heading and not current.activities and not current.planned_results:
        state.over.append((current, state.sections[-1]))  # «Раздел 1» right over «Работа с кадрами»
    state.row_heading = state.sections[-1]


def _broken_off_row(state: _State) -> bool:
    return any(_broken_off(text) for text in state.activity_cells)


def _field_texts(state: _State, row: _Row, *, shared: bool) -> dict[str, str]:
    """A row's texts by field. `shared`: a cell merged down from the row above (a responsible body or a
    deadline shared by several activities) counts for this row too, except the number and the title."""
    texts: dict[str, str] = {}
    for column, name in state.layout.fields.items():
        if name in {"number", "section"}:
            continue
        text = row.cells[column] if shared and name != "title" else _cell(row, column)
        if name == "extra" and _spans_left(state.layout, row, column):
            continue  # a cell merged over two columns under a header merged over both
        if name != "title" and DASHES_RE.match(text):
            continue  # «–» in a deadline or result cell: nothing
        label = state.layout.labels.get(column)
        if name == "slot":
            if text and label:
                texts["slot"] = ", ".join(t for t in (texts.get("slot", ""), _slot_text(label, text)) if t)
            continue
        if name.startswith(JOIN_PREFIX):
            joined = name.removeprefix(JOIN_PREFIX)
            if text and (label or text != row.cells[column - 1]):  # not the same cell merged over both columns
                shown = f"{label}: {text}" if label else text
                texts[joined] = ", ".join(t for t in (texts.get(joined, ""), shown) if t)
            continue
        if name == "extra":
            name = "extra:" + state.layout.headers[column]
        if text:
            texts[name] = f"{label}: {text}" if label else text
    return texts


def _spans_left(layout: Layout, row: _Row, column: int) -> bool:
    """Whether the cell repeats the one on its left under a header cell merged over both columns."""
    norms = layout.header_norms
    return (
        0 < column < len(norms)
        and bool(norms[column])
        and norms[column] == norms[column - 1]
        and row.cells[column] == row.cells[column - 1]
    )


def _new_activity(state: _State, row: _Row) -> None:
    texts = _field_texts(state, row, shared=True)
    number = _number(_cell(row, state.layout.column("number")))
    number_col = state.layout.column("number")
    if number_col is not None and row.vmerged[number_col] and NUMBER_RE.match(row.cells[number_col]):
        number = _number(row.cells[number_col])  # «1» merged down over the rows of its parts, each with a title
        state.shared_numbers.add(row.row)
    numbered = TITLE_NUMBER_RE.match(texts.get("title", ""))
    if numbered and not LIST_LINE_RE.search(numbered.group(2)) and number in {None, numbered.group(1)}:
        # «1.2. Анализ ВПР» with the «№» cell empty, or saying «1.2» again (a title cell numbered by Word)
        number, texts["title"] = numbered.group(1), numbered.group(2)
    if not number and BULLET_RE.match(texts.get("title", "")):
        texts["title"] = BULLET_RE.sub("", texts["title"], count=1)
    lettered = None if number else LETTER_TITLE_RE.match(texts.get("title", ""))
    if lettered:
        number, texts["title"] = lettered.group(1), lettered.group(2)
    if number and LETTER_RE.match(number):
        number = _lettered(state, number)
    elif number and (joined := NUMBER_LETTER_RE.match(number)):
        number = f"{joined.group(1)}.{joined.group(2)}"  # «1а», «1 а)», «1.а)» → «1.а»
    if number and state.planned:
        state.planned = False
    number = _tenth(state, number)
    if number and _own_section(state.section, number):
        # 001: «5.» after 4.1…4.5 has no sub-items and a full row; it is its own section's only activity
        state.start_section(number, " ".join(texts.get("title", "").split()))
    activity = ImportedActivity(
        row=row.row,
        number=number,
        title=texts.get("title", ""),
        responsible=texts.get("responsible", ""),
        deadline=_deadline(state, texts) or _section_timing(state),
        expected_result=texts.get("expected_result", ""),
        final_document=texts.get("final_document", ""),
        period=texts.get("period", ""),
        extra={k.removeprefix("extra:"): v for k, v in texts.items() if k.startswith("extra:")},
    )
    _inherit(state, activity)
    state.section.activities.append(activity)
    state.activity, state.activity_cells = activity, [c for c in row.cells if c]
    state.bold_activity = row.bold
    _activity_problems(state, row, activity)


_MONTH_WORD = r"(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-я]*\.?"
_YEAR_WORD = r"(?:\s*(?:19|20)\d\d\s*(?:г\.?|года?)?)?"
TIMING_HEADING_RE = re.compile(
    rf"^[\W_]*(?:{_MONTH_WORD}{_YEAR_WORD}(?:\s*[-–—,]\s*|\s+и\s+|\s+)?)+$"
    r"|^[\W_]*(?:[1-4]|I{1,3}|IV)[\s-]*(?:я\s+)?(?:четверть|полугодие|триместр)\W*$",
    re.IGNORECASE,
)
"""«Сентябрь», «Октябрь – ноябрь 2024 г.», «I четверть»: a section heading naming when its rows happen."""


def _tenth(state: _State, number: str | None) -> str | None:
    """«1.1» right after «1.9» (or «1.2» after «1.19»): Excel kept «1.10» typed in a number cell as the number 1.1 and
    dropped its zero; the number the plan meant is «1.10»."""
    previous = next((a.number for a in reversed(state.section.activities) if a.number), None)
    if not number or not previous or "." not in number:
        return number
    parent, last = number.rsplit(".", 1)
    before, prior = previous.rsplit(".", 1) if "." in previous else ("", previous)
    if parent != before or not (last.isdigit() and prior.isdigit()) or int(last) == int(prior) + 1:
        return number
    return f"{parent}.{last}0" if int(f"{last}0") == int(prior) + 1 else number


def _inherit(state: _State, activity: ImportedActivity) -> None:
    """An activity without a deadline or a responsible takes its section heading row's."""
    key = id(state.section)
    given = state.details.get(key)
    if given is None:
        return
    for name in INHERITED_FIELDS:
        text = given[1].get(name) or (given[1].get("period", "") if name == "deadline" else "")
        if text and not getattr(activity, name):
            setattr(activity, name, text)
            state.passed.add((key, name))


def _unpassed_details(state: _State) -> None:
    """A responsible written on a section's heading row that no activity of the section took (each names its own): a
    problem says it was not loaded. (A heading's period over dated activities only sums theirs up.)"""
    for section in state.sections:
        given = state.details.get(id(section))
        if given is None or not section.activities or "responsible" not in given[1]:
            continue
        if (id(section), "responsible") in state.passed or any(
            given[1]["responsible"] in a.responsible for a in section.activities
        ):
            continue  # passed on, or merged down over the activities too
        row, details = given
        state.problems.append(
            ImportProblem(
                row=row,
                column=_header_of(state, "responsible"),
                code="section_responsible",
                detail=f"Строка {row}: ответственный раздела {section.number} «{_short(details['responsible'])}» не "
                "загружен: у каждого мероприятия раздела указан свой",
            )
        )


def _section_timing(state: _State) -> str:
    """The deadline of an activity in a table without a deadline column, grouped under month (or year) headings
    («Сентябрь» merged across the row): the heading's text."""
    layout = state.layout
    timed = any(layout.column(name) is not None for name in ("deadline", "period", "slot"))
    if timed or not state.sections:
        return ""
    title = state.sections[-1].title
    return title if TIMING_HEADING_RE.match(title) or YEAR_RE.match(title) else ""


def _lettered(state: _State, letter: str) -> str:
    """«а» under «1.» (the last plain number above in the section, or the section's own) → «1.а»; the letter alone
    when nothing above is numbered."""
    letter = letter.strip("().").strip()
    parents = [a.number for a in state.section.activities if a.number and PLAIN_NUMBER_RE.match(a.number)]
    parents = [n for n in parents if not LETTER_RE.match(n.rsplit(".", 1)[-1])]
    parent = parents[-1] if parents else state.section.number
    return f"{parent}.{letter}" if parent and NUMBER_RE.match(parent) else letter


def _deadline(state: _State, texts: dict[str, str]) -> str:
    """The deadline as written: its column (or the period's when there is none), joined with the end column of
    a table that splits it in two («01.09.2024 – 30.09.2024»)."""
    start = texts.get("deadline", "") if state.layout.column("deadline") is not None else texts.get("period", "")
    start, end = _serial_date(start), _serial_date(texts.get("deadline_end", ""))
    written = f"{start} – {end}" if start and end and end != start else start or end
    return _join(written, texts.get("slot", ""), ", ")


_SERIAL = re.compile(r"^\d{5}(?:[.,]0+)?$")
_EXCEL_EPOCH = date(1899, 12, 30)
_SERIALS = range((date(2000, 1, 1) - _EXCEL_EPOCH).days, (date(2100, 1, 1) - _EXCEL_EPOCH).days)


def _serial_date(text: str) -> str:
    """A date Excel kept as a number in a cell formatted «Общий» (`45200`, a deadline column holds no other
    five-digit number) as the date it counts, `01.10.2023`; any other text as written."""
    if not _SERIAL.match(text):
        return text
    days = int(text[:5])
    return f"{_EXCEL_EPOCH + timedelta(days=days):%d.%m.%Y}" if days in _SERIALS else text


def _own_section(section: ImportedSection, number: str) -> bool:
    """Whether a top-level number («5») after the numbered section's sub-items («4.1»…) starts a section."""
    if not (TOP_NUMBER_RE.match(number) and section.number and NUMBER_RE.match(section.number)):
        return False
    prefix = f"{section.number}."
    numbered = [a.number for a in section.activities if a.number]
    return bool(numbered) and all(n.startswith(prefix) for n in numbered)


def _activity_problems(state: _State, row: _Row, activity: ImportedActivity) -> None:
    """A new activity without a number, with an unusual one, or without a title."""
    number = activity.number
    if number is None and state.layout.column("number") is not None and not row.bullet:
        state.problems.append(
            ImportProblem(
                row=row.row,
                column=_header_of(state, "number"),
                code="missing_number",
                detail=f"Строка {row.row}: у мероприятия «{_short(activity.title)}» нет номера",
            )
        )
    elif number is not None and not PLAIN_NUMBER_RE.match(number):
        state.problems.append(
            ImportProblem(
                row=row.row,
                column=_header_of(state, "number"),
                code="unusual_number",
                detail=f"Строка {row.row}: номер «{number}» записан необычно",
            )
        )
    if not activity.title:
        state.errors.append(
            ImportProblem(
                row=row.row,
                column=_header_of(state, "title"),
                code="empty_title",
                detail=f"Строка {row.row}: у мероприятия {number or ''} нет названия".replace("  ", " "),
            )
        )


def _merge(state: _State, row: _Row, separator: str = " ") -> None:
    activity = state.activity
    assert activity is not None
    texts = _field_texts(state, row, shared=False)
    if len(_dedupe(list(texts.values()))) == 1 and len(texts) > 1:
        # one value merged across the whole row: it continues the title (or the first column holding it)
        name = "title" if "title" in texts else next(iter(texts))
        texts = {name: texts[name]}
    for name, text in texts.items():
        if name.startswith("extra:"):
            key = name.removeprefix("extra:")
            activity.extra[key] = _join(activity.extra.get(key, ""), text, separator)
        elif name in {"deadline_end", "slot"}:
            activity.deadline = _join(activity.deadline, text, separator)
        elif name == "period":
            activity.period = _join(activity.period, text, separator)
            if state.layout.column("deadline") is None:
                activity.deadline = _join(activity.deadline, text, separator)
        else:
            setattr(activity, name, _join(getattr(activity, name), text, separator))
    state.activity_cells = [c for c in row.cells if c]
    label = f"«{activity.number}»" if activity.number else f"«{_short(activity.title)}»"
    state.problems.append(
        ImportProblem(
            row=row.row,
            column=None,
            code="continued_row",
            detail=f"Строка {row.row} продолжает мероприятие {label} (перенос строки таблицы) и объединена с ним",
        )
    )


def _header_of(state: _State, name: str) -> str | None:
    column = state.layout.column(name)
    return None if column is None else state.layout.headers[column]


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ----------------------------------------------------------------------------------------------- finish


def _numbering_problems(state: _State) -> None:
    """Repeated and skipped numbers. Numbering restarts in a section whose first number is «1» (tracks)."""
    scope: dict[str, ImportedActivity] = {}
    previous: str | None = None
    for section in state.sections:
        numbered = [a for a in section.activities if a.number]
        if numbered and numbered[0].number in {"1", f"{section.number}.1"}:
            scope, previous = {}, None
        for activity in numbered:
            number = activity.number
            assert number is not None
            if number in scope and activity.row not in state.shared_numbers:
                state.problems.append(
                    ImportProblem(
                        row=activity.row,
                        column=_header_of(state, "number"),
                        code="repeated_number",
                        detail=f"Строка {activity.row}: номер {number} уже был в строке {scope[number].row}",
                    )
                )
            else:
                scope[number] = activity
            skipped = _skipped(previous, number)
            if skipped:
                state.problems.append(
                    ImportProblem(
                        row=activity.row,
                        column=_header_of(state, "number"),
                        code="skipped_number",
                        detail=f"Строка {activity.row}: перед номером {number} пропущены номера {', '.join(skipped)}",
                    )
                )
            previous = number


def _skipped(previous: str | None, number: str) -> list[str]:
    if previous is None:
        return []
    a, b = previous.split("."), number.split(".")
    if len(a) != len(b) or a[:-1] != b[:-1] or not (a[-1].isdigit() and b[-1].isdigit()):
        return []
    gap = int(b[-1]) - int(a[-1])
    if not 1 < gap <= 20:
        return []
    return [".".join([*a[:-1], str(n)]) for n in range(int(a[-1]) + 1, int(b[-1]))]


def _participants(state: _State) -> None:
    """An activity's title loses the «Школы-участницы: …» line Opora's table adds under it; the schools stay
    an `extra` value."""
    for activity in (a for s in state.sections for a in s.activities):
        match = PARTICIPANTS_RE.search(activity.title)
        if match and match.start():
            activity.title = activity.title[: match.start()].rstrip()
            activity.extra.setdefault(match.group(1).capitalize(), match.group(2).strip())


def _shown_column(state: _State, column: int) -> bool:
    """Whether `columns` lists the column: not an extra one without a header of its own (an empty trailing
    column, the second half of a header merged over two) whose cells no activity keeps."""
    layout = state.layout
    norms, sub = layout.header_norms, layout.sub_norms
    own = norms[column] and (column == 0 or norms[column] != norms[column - 1])
    if own or (column < len(sub) and sub[column]):
        return True
    if layout.fields[column].startswith(JOIN_PREFIX):
        return False  # the second column under «Мероприятие» merged over two: listed once
    if layout.fields[column] != "extra":
        return True
    name = layout.headers[column]
    return any(name in a.extra for s in state.sections for a in s.activities)


def _finish(state: _State) -> ImportedPlan:
    kept = {id(s) for s in state.sections if s.activities or s.planned_results or any(s is e for e in state.empty)}
    for parent, child in reversed(state.over):
        if id(child) in kept:
            kept.add(id(parent))  # a heading over a kept one stays, as the numbered «1.» over «1.1.» does
    state.sections = [s for s in state.sections if id(s) in kept]
    _participants(state)
    _numbering_problems(state)
    _unpassed_details(state)
    if not any(a.number for s in state.sections for a in s.activities):
        # a «№» column left empty in every row (a template's): no activity lacks a number the others have
        state.problems = [p for p in state.problems if p.code != "missing_number"]
    state.problems.sort(key=lambda p: (p.row is None, p.row or 0))
    if not any(s.activities for s in state.sections):
        state.errors.append(
            ImportProblem(
                row=None, column=None, code="no_activities", detail="В таблице не найдено ни одного мероприятия"
            )
        )
    layout = state.layout
    return ImportedPlan(
        column_set=layout.column_set(),
        columns={
            layout.headers[i]: "deadline" if layout.fields[i] == "slot" else layout.fields[i].removeprefix(JOIN_PREFIX)
            for i in sorted(layout.headers)
            if _shown_column(state, i)
        },
        sections=state.sections,
        problems=state.problems,
        errors=state.errors,
    )


# ------------------------------------------------------------------------------------------------- entry

log = logging.getLogger(__name__)


def _recognise(tables: list[RawTable]) -> ImportedPlan:
    try:
        return recognise_tables(tables)
    except PlanFileError:
        raise
    except Exception:  # a bug must not become a 500 on a user's file; it is logged with its traceback
        log.exception("plan import: recognising the table failed")
        raise PlanFileError("unreadable_file", "Не удалось разобрать таблицу плана") from None


def read_plan(content: bytes, file_name: str) -> ImportedPlan:
    """A plan from a DOCX, XLSX or CSV/TSV file (chosen by magic bytes, then by the extension)."""
    try:
        tables = read_tables(content, file_name or "")
    except PlanFileError:
        raise
    except Exception:
        log.exception("plan import: reading %r failed", file_name)
        raise PlanFileError("unreadable_file", "Файл не читается: ожидались .docx, .xlsx или .csv") from None
    return _recognise(tables)


def read_pasted(text: str) -> ImportedPlan:
    """A plan from tab-separated text pasted from Word or Excel (`;` and `,` are recognised too)."""
    if not text or not text.strip():
        raise PlanFileError("empty_file", "Вставленный текст пустой")
    try:
        table = read_text_table(text)
    except PlanFileError:
        raise
    except Exception:
        log.exception("plan import: reading pasted text failed")
        raise PlanFileError("unreadable_file", "Вставленный текст не разбирается как таблица") from None
    return _recognise([table])
