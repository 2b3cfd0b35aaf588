"""Header words: the aliases naming each field of a plan table and matching a header cell to them."""

from __future__ import annotations

import functools
import re

ALIASES: dict[str, tuple[str, ...]] = {  # English names too: a template made for a grant, a translated plan
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
        "что делаем",
        "что делать",
        "что сделать",
        # weak: the activities' column only when no column names them plainly (`WEAK_TITLES`)
        "вид работы",
        "виды работы",
        "виды работ",
        "формы работы",
        "формы и методы работы",
        "тема",
        "тематика",
        "тематика мероприятий",
        # «Процессы контроля и оценки качества образования»: a municipal regulation of control procedures (never
        # «Процесс» alone: «Процесс 1: …» heads a section of a report)
        "процессы контроля",
        "процедуры контроля",
        "процессы и процедуры контроля",
        "activity",
        "activities",
        "event",
        "events",
        "action",
        "actions",
    ),
    "responsible": (
        "ответственный",
        "ответственные",
        "ответственный исполнитель",
        "ответственные исполнители",
        "ответственное лицо",
        "ответственное должностное лицо",
        "ответственные должностные лица",
        # weak: the controller, the responsible only when no other column names one (`CONTROLLERS`)
        "ответственный за контроль",
        "ответственные за контроль",
        "ответственное лицо за контроль",
        "контролирующее лицо",
        "исполнитель",
        "исполнители",
        "фио ответственного",
        "фио ответственных",
        "ответств",
        "отв",
        "отв лицо",
        "кто",
        "кто отвечает",
        "responsible",
        "responsible person",
        "person in charge",
        "executor",
        "owner",
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
        "deadline",
        "deadlines",
        "due date",
        "date",
        "dates",
        "timeline",
        "timing",
        "start date",
        "start",
    ),
    # «Срок начала | Срок окончания»: the end joins the start into one deadline, «01.09.2024 – 30.09.2024»
    "deadline_end": (
        "срок окончания",
        "дата окончания",
        "окончание",
        "срок завершения",
        "дата завершения",
        "end date",
        "finish date",
        "end",
    ),
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
        "expected result",
        "expected results",
        "result",
        "results",
        "outcome",
        "outcomes",
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
        "отчетная форма",
        "отчетные формы",
        "выходной документ",
        "выходные документы",
        "выход",  # «Выход» in a school's plan: what the activity ends with (a report, an order, a record)
        "выход продукт",
        "deliverable",
        "deliverables",
        "final document",
        "document",
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


COMPLETION_MARK_RE = re.compile(
    r"(?:^|\s)отметк\w* об?(?: \w+)? (?:выполнени|исполнени)|(?:^|\s)выполнено не выполнено"
)
"""«Результат (отметка о выполнении)», «Результат: выполнено / не выполнено»: the column marking what was done, no
expected result (unless the header names one too: «Ожидаемый результат / отметка о выполнении»)."""
EXPECTED_RE = re.compile(r"(?:^|\s)(?:ожидаем|планируем|прогноз|целев)")


def _match_header(text: str) -> tuple[str, str] | None:
    matched = _match_header_words(text)
    if matched is None or matched[0] not in {"expected_result", "final_document"}:
        return matched
    norm = normalise_header(text)
    if COMPLETION_MARK_RE.search(norm) and not EXPECTED_RE.search(norm):
        return "extra", "отметка о выполнении"
    return matched


def _match_header_words(text: str) -> tuple[str, str] | None:
    norm = normalise_header(text)
    if not norm:
        return None
    if MONTH_HEADER_RE.match(norm) or MONTH_START_RE.match(text.strip()):
        return "slot", "месяц"
    words = norm.split(" ")
    for count in range(min(len(words), _ALIAS_WORDS), 0, -1):  # the longest alias the header starts with
        alias = " ".join(words[:count])
        if alias in _ALIAS_FIELDS:
            if alias in {"наименование", "содержание"} and _names_a_school(words[count:]):
                return None  # «Наименование ОО»: the schools' column of a municipal roadmap, not the activities
            if alias in {"наименование", "содержание"} and words[count:] and words[count].startswith(RISK_WORDS):
                return None  # «Наименование риска»: an anti-risk programme's risks, grouping its activities
            return _ALIAS_FIELDS[alias], alias
    return _header_by_words(words)


MONTH_HEADER_RE = re.compile(
    r"^(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр|янв|фев|мар|апр|авг|сен|окт|ноя|дек)"
    r"[а-я]*(?: (?:19|20)\d\d(?: г| года?)?)?$"
)
"""A header naming a month («Сентябрь», «окт.», «Май 2025»): one column of a plan-grid marking when each activity
happens (a `slot`)."""


MONTH_START_RE = re.compile(r"^0?1\.(0[1-9]|1[0-2])\.((?:19|20)\d\d)$")
"""«01.09.2024»: a month's first day heading a column (dates filled across a header), the month."""


ROMAN_MONTHS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")


ROMAN_LOOKALIKES = str.maketrans("хХіІ", "xXiI")
"""«ХI», «IХ» typed with the Cyrillic «Х» (or «І»): the Roman numeral meant."""


def roman_month(text: str) -> int | None:
    """The month (0-based) a Roman numeral heading a column names («IX» → 8, «ХII» typed in Cyrillic too), or None."""
    norm = " ".join(text.translate(ROMAN_LOOKALIKES).split()).strip(" .").lower()
    return ROMAN_MONTHS.index(norm) if norm in ROMAN_MONTHS else None


def roman_month_columns(cells: list[str]) -> set[int]:
    """The columns of a plan-grid headed by months in Roman numerals without a «Сроки» over them («IX | X | XI | XII |
    I …»): three and more side by side, each the month after the one before, and one of them past «IV» (a bare «I | II
    | III | IV» may be quarters or school terms, no months)."""
    found: set[int] = set()
    run: list[int] = []
    for index, text in enumerate([*cells, ""]):
        month = roman_month(text) if text.strip() else None
        previous = roman_month(cells[run[-1]]) if run else None
        if month is not None and previous is not None and month == (previous + 1) % 12:
            run.append(index)
            continue
        if len(run) >= 3 and any((roman_month(cells[i]) or 0) > 3 for i in run):
            found.update(run)
        run = [index] if month is not None else []
    return found


QUARTER_RE = re.compile(
    r"^(?:[1-4]|i{1,3}|iv)\s*[-–]?\s*(?:я\s+)?(?:кв|квартал|полугодие|п\s*г|четверть|триместр)\b", re.I
)


SLOT_MARKS = {"+", "х", "x", "v", "✓", "✔", "√", "●", "•", "*", "1", "да", "∨", "☑", "⊕"}
"""What a plan-grid puts in the cell of a month it marks: the month alone is the deadline."""


SCHOOL_WORDS = ("оо", "оу", "ооо", "школ", "организаци", "учреждени", "образовательн", "участник")


RISK_WORDS = ("риск", "фактор")


def _names_a_school(words: list[str]) -> bool:
    return bool(words) and (words[0] in {"оо", "оу"} or words[0].startswith(SCHOOL_WORDS[3:]))


def _header_by_words(words: list[str]) -> tuple[str, str] | None:
    """A short header naming a field by a word inside it rather than by its first words: «Задачи, мероприятия»,
    «ФИО, должность ответственного», «Форма предоставления результата»."""
    if len(words) > 5:
        return None
    if words[0] in TITLE_LEADS and _NUMBERED_LEAD.fullmatch(words[1] if len(words) > 1 else ""):
        return None  # «Направление 1. Организационные мероприятия»: a section's heading, no header
    if words[0] in TITLE_LEADS and any(word.startswith("мероприят") for word in words[1:]):
        return "title", "мероприятия"
    if words[0] in {"фио", "должность"} and any(word.startswith("ответствен") for word in words[1:]):
        return "responsible", "ответственный"
    if words[0] == "форма" and any(word.startswith(("результат", "отчет", "итог", "документ")) for word in words[1:]):
        return "final_document", "форма отчета"
    return None


_NUMBERED_LEAD = re.compile(r"№?\d{1,3}|[ivxlc]{1,6}")
"""The number after a header's first word («направление 1», «блок ii»): a numbered heading, never a header."""


TITLE_LEADS = {"задачи", "направления", "направление", "название", "перечень", "наименование", "содержание",
               "формы", "виды", "описание", "план"}  # fmt: skip
"""The first words of a short header naming the activities in other words («Задачи, мероприятия», «Перечень
основных мероприятий»); a section row «Организационные мероприятия» is no header."""


CO_EXECUTOR_RE = re.compile(
    r"^(?:исполнител|привлекаем)|(?:^|\s)(?:со ?исполнител|соучастник|участник|(?:социальн\w* )?партнер)"
)
NOT_CO_EXECUTORS_RE = re.compile(r"категори|количеств|числ|охват|целев|контрол")


def names_co_executors(header: str) -> bool:
    """Whether a column (its header as shown, «Исполнители (соисполнители)» under a spanning cell too) names the
    co-executors kept beside the responsible: «Соисполнители», «Исполнители» (beside «Ответственный»), «Участники»,
    «Участники реализации», «Социальные партнеры»; never «Категория участников» or «Количество участников» (a target
    group, a count), nor «Ответственный за контроль»."""
    norm = normalise_header(header)
    return CO_EXECUTOR_RE.search(norm) is not None and NOT_CO_EXECUTORS_RE.search(norm) is None
