"""What closes the plan: a signature, the list of those who read it, notes, the rest of an order pasted whole."""

from __future__ import annotations

import re

from services.roadmap.plan_import.recognise.header import _header_fields
from services.roadmap.plan_import.recognise.state import _cell, _Gap, _Row, _State
from services.roadmap.plan_import.recognise.text import NUMBER_RE, PLANNED_RE, _dedupe, _short
from services.roadmap.plan_import.schemas import ImportProblem

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
    if len(values) == 1 and not (state.planned or state.noting) and _prose_follows([row, *following]):
        return True
    return _is_score_header(values) and sum(_is_score_row(item) for item in following[:4]) >= 2


INDICATORS_HEADING_RE = re.compile(
    r"^(?:\d{1,2}[.)]?\s*|[IVX]{1,4}\.\s*)?(?:(?:целевые|планируемые|ожидаемые)\s+)?(?:показатели|индикаторы)"
    r"(?:\s+(?:результативности|эффективности|реализации|успешности|достижения)\b[^\n]{0,80})?\W*$",
    re.IGNORECASE,
)
"""«Показатели результативности», «Целевые показатели реализации программы»: the heading of the table of indicators a
programme puts after its plan."""
INDICATOR_COLUMN_RE = re.compile(
    r"^(?:наименование\s+)?(?:(?:целев[а-яё]*|планируем[а-яё]*)\s+)?(?:показател|индикатор)[а-яё]*"
    r"(?:\s+(?:результативности|эффективности))?\W*$",
    re.IGNORECASE,
)
"""The column of a table of indicators naming them: «Показатель», «Наименование показателя», «Индикатор»."""
INDICATOR_HEADER_CELL = 60


def _indicators_header(row: _Row) -> bool:
    """A header of a table of indicators under the plan, in its table or sheet: short cells, one naming the
    indicators («№ | Показатель | Ед. изм. | 2024 | 2025», «Показатель | 2024 | 2025 | 2026»), no activities' column
    (the plan's own header repeated with a column «Показатели» names its activities)."""
    values = _dedupe([c for c in row.cells if c])
    if len(values) < 2 or any(len(v) > INDICATOR_HEADER_CELL or "\n" in v for v in values):
        return False
    return any(INDICATOR_COLUMN_RE.match(v) for v in values) and "title" not in _header_fields(row.cells)[0]


def _indicators_follow(state: _State, row: _Row, rest: list[_Row | _Gap]) -> bool:
    """Whether the table of indicators starts at this row, after activities: its header, or its heading
    («Показатели результативности») over the header. Its rows are no activities («Доля обучающихся … | % | 35 |
    45»): the plan ends there, and a problem says the table was not loaded (`_unread_indicators`)."""
    if not any(s.activities for s in state.sections) and state.activity is None:
        return False
    if NUMBER_RE.match(_cell(row, state.layout.column("number"))):
        return False
    if _indicators_header(row):
        return True
    values = _dedupe([c for c in row.cells if c])
    following = next((item for item in rest if isinstance(item, _Row) and any(item.cells)), None)
    return (
        len(values) == 1
        and INDICATORS_HEADING_RE.match(values[0]) is not None
        and following is not None
        and _indicators_header(following)
    )


def _unread_indicators(state: _State, row: _Row, rest: list[_Row | _Gap]) -> None:
    """The table of indicators under the plan is not read; a problem names it, as one in a table of its own
    (`parts._unread_rows`)."""
    state.end_activity()
    rows = [row, *(item for item in rest if isinstance(item, _Row) and any(item.cells))]
    header = next((item for item in rows if _indicators_header(item)), row)
    state.problems.append(
        ImportProblem(
            row=row.row,
            code="unread_table",
            detail=f"Таблица показателей после плана (со строки {row.row}, строк: {len(rows)}; столбцы: "
            f"«{_short(' | '.join(_dedupe([c for c in header.cells if c])), 80)}») не загружена: загружаются только "
            "мероприятия. Целевые значения показателей внесите в план вручную",
        )
    )


PROSE_MIN_LENGTH = 100


def _prose_follows(rows: list[_Row]) -> bool:
    """Whether the rows open the text of the order after its plan: six lines or more, each a single text (no columns),
    up to the next row with cells, among them a heading in capitals («МУНИЦИПАЛЬНЫЙ РЕГЛАМЕНТ», «1. ОБЩИЕ ПОЛОЖЕНИЯ»)
    and three paragraphs of prose («1.1. Регламент – документ, определяющий …»). A plan's section headings stand over
    rows with cells, its planned results under their own heading."""
    run: list[str] = []
    for item in rows:
        values = _dedupe([c for c in item.cells if c])
        if len(values) != 1:
            break
        run.append(values[0])
    if any(PLANNED_RE.match(text) for text in run):
        return False  # «Планируемые результаты:» and their list: the plan's own
    prose = sum(1 for text in run if len(text) >= PROSE_MIN_LENGTH and PROSE_END_RE.search(text))
    return len(run) >= 6 and prose >= 3 and any(_in_capitals(text) for text in run)


PROSE_END_RE = re.compile(r"[.;:]\W{0,3}$")


def _in_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 8 and all(c.isupper() for c in letters)


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


NOTE_RE = re.compile(r"^\s*(?:\*+|примечани[ея]\b|прим\.|сноска\b)", re.IGNORECASE)


def _is_note(state: _State, row: _Row, values: list[str]) -> bool:
    """Whether the row is a note: «Примечание» or «*» in its first cell and an explanation beside it, no deadline
    or responsible of its own."""
    layout = state.layout
    own = _cell(row, layout.column("deadline")) or _cell(row, layout.column("responsible"))
    return len(values) > 1 and bool(NOTE_RE.match(values[0])) and not own


POSITION_RE = re.compile(
    r"^(?:и\.?\s*о\.?\s+)?(?:директор|заместитель|зам\.|начальник|руководитель|заведующ|председатель|"
    r"исполнитель\s*:|составител[ьи]\s*:|(?:составил|подготовил)[аи]?(?:\s*\(а\))?\s*:|подпись|согласовано|"
    r"утверждаю|м\.\s*п\.)",
    re.IGNORECASE,
)


SIGNED_NAME_RE = re.compile(r"_{3,}|[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+|[А-ЯЁ][а-яё]+\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.")


SIGN_LINE_RE = re.compile(r"^(?:[_\s./]*|/?\s*[А-ЯЁ][а-яё]+\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.\s*/?|(?:м\.\s*п\.|подпись))$", re.I)


SIGN_MARK_RE = re.compile(r"(?=.*(?:_{2}|подпись|м\.\s*п))(?:_+|\(\s*подпись\s*\)|подпись|м\.\s*п\.?|[\s./:])+", re.I)
"""A cell only to sign or stamp in: «Подпись ____», «_________ (подпись)», «М.П.», «(подпись)»."""


def _is_signature(state: _State, row: _Row, rest: list[_Row | _Gap]) -> bool:
    """Whether the row is a signature under the plan: a position («Директор», «Заместитель директора по УВР»)
    outside the responsible column (or in it, beside an empty title, the name signed in another column), and a name
    with initials or a line to sign on, nothing in the deadline column, and no activity after it."""
    fields = state.layout.fields
    cells = {i: text for i, text in enumerate(row.cells) if text and not row.vmerged[i]}
    values = _dedupe(list(cells.values()))
    if values and all(SIGN_MARK_RE.fullmatch(v) for v in values):
        return True  # «Подпись ____», «_____ (подпись)», «М.П.» alone: a place to sign or stamp, nobody's part
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


def _read_total(state: _State, row: _Row) -> None:
    """«Итого | 2 мероприятия», «Всего по разделу 2: | 170»: the sum row of a table is no activity. It is skipped, and a
    problem names it, so that no row of the table is dropped without a word (a total of money or hours is kept
    nowhere else)."""
    state.end_activity()
    values = _dedupe([text for text in row.cells if text])
    state.problems.append(
        ImportProblem(
            row=row.row,
            code="total_row",
            detail=f"Строка {row.row}: итоговая строка «{_short(' | '.join(values), 80)}» не загружена как мероприятие",
        )
    )
