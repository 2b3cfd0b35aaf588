"""Scores from a spreadsheet: the export of a web form (Yandex Forms, Google Forms) with one row per rater and
teacher, read by the imports' reader, written all or nothing.

Columns: the teacher's full name, the rater (its code or title: «Самооценка», «Руководитель ШМО», …), optionally
the school's code, and one column per criterion, named by the criterion's code or title (a form's question
text that contains the title is taken too). A cell holds a score of the card's scale, as a number or its label
(«2», «2 — оптимальный», «оптимальный»); a blank cell leaves the criterion unscored.
"""

from __future__ import annotations

import re

from services.identification.competence.card import CardDefinition
from services.identification.competence.models import CompetenceScore, DiagnosticCampaign
from services.identification.competence.schemas import ImportReport
from services.identification.competence.service import CompetenceService
from services.identification.db import AuditEvent
from services.identification.imports.kinds import ColumnSpec, ColumnType, KindGroup, KindSpec, normalize_header
from services.identification.imports.parsing import read_table
from services.identification.registry.models import normalize_name
from services.shared.audit import record
from services.shared.errors import FieldError, InvalidValue

TEACHER, RATER, SCHOOL = "teacher", "rater", "school_code"
MAX_ROW_ERRORS = 200
"""Row errors reported at most (the file is refused as a whole anyway)."""


def score_kind(definition: CardDefinition) -> KindSpec:
    """The columns of a score sheet of this card, for the imports' reader to find the header by."""
    criteria = [
        ColumnSpec(k.code, k.title, ColumnType.integer, aliases=(f"{c.title} {k.title}",))
        for c in definition.competences
        for k in c.criteria
    ]
    return KindSpec(
        name="competence_scores",
        label="Оценки диагностической карты",
        group=KindGroup.indicators,
        model=CompetenceScore,
        columns=(
            ColumnSpec(
                TEACHER,
                "ФИО педагога",
                ColumnType.text,
                required=True,
                aliases=("Педагог", "ФИО", "Учитель", "ФИО учителя"),
            ),
            ColumnSpec(
                RATER,
                "Оценщик",
                ColumnType.text,
                required=True,
                aliases=("Кто оценивает", "Роль оценщика", "Оценку даёт"),
            ),
            ColumnSpec(SCHOOL, "Код школы", ColumnType.code, aliases=("Школа (код)",)),
            *criteria,
        ),
        key=(TEACHER, RATER),
        identifiers=(TEACHER,),
    )


def _criterion_by_text(definition: CardDefinition, header: str) -> str | None:
    """A form's question text that contains one criterion's title (the longest wins: «… с учениками»)."""
    text = normalize_header(header)
    matching = [
        (len(title), k.code)
        for c in definition.competences
        for k in c.criteria
        if (title := normalize_header(k.title)) and title in text
    ]
    return max(matching)[1] if matching else None


def _score(definition: CardDefinition, cell: str) -> int | None:
    """The score a cell means: a number of the scale, or a label of the scale; None if neither."""
    number = re.match(r"^\s*(\d+)(?:[.,]0+)?(?:\s|$|[—–-])", cell + " ")
    allowed = {p.value for p in definition.scale}
    if number:
        value = int(number.group(1))
        return value if value in allowed else None
    labels = {normalize_header(p.label): p.value for p in definition.scale}
    return labels.get(normalize_header(cell))


def import_scores(service: CompetenceService, campaign_id: int, content: bytes, file_name: str) -> ImportReport:
    campaign: DiagnosticCampaign = service.repository.campaign(campaign_id)
    definition = service.definition(campaign)
    kind = score_kind(definition)
    table = read_table(content, file_name, kind)
    mapping = table.mapping(kind)
    for position, header in enumerate(table.headers):
        if position not in mapping and header:
            criterion = _criterion_by_text(definition, header)
            if criterion is not None and criterion not in mapping.values():
                mapping[position] = criterion
    if RATER not in mapping.values():
        raise InvalidValue("В файле нет столбца «Оценщик»", code="missing_columns", loc=["file", RATER])
    criteria = set(definition.criterion_codes())
    if not criteria & set(mapping.values()):
        raise InvalidValue("В файле нет ни одного столбца с критериями карты", code="missing_columns", loc=["file"])

    raters = {normalize_header(r.code): r.code for r in definition.raters}
    raters |= {normalize_header(r.title): r.code for r in definition.raters}
    teachers: dict[str, list[tuple[int, str]]] = {}
    for teacher, school in service.repository.teachers(campaign.school_codes):
        teachers.setdefault(normalize_name(teacher.full_name), []).append((teacher.id or 0, school))

    errors: list[FieldError] = []
    rows: list[CompetenceScore] = []
    seen: dict[tuple[int, str], int] = {}

    def fail(row: int, column: str, code: str, detail: str) -> None:
        errors.append(FieldError(loc=["file", row, column], code=code, detail=f"Строка {row}: {detail}"))

    for index, number in enumerate(table.row_numbers):
        values = {name: table.cells.iat[index, position] for position, name in mapping.items()}
        text = {name: str(value).strip() for name, value in values.items() if value is not None and str(value).strip()}
        name, school = text.get(TEACHER, ""), text.get(SCHOOL)
        candidates = [c for c in teachers.get(normalize_name(name), []) if school is None or c[1] == school]
        rater = raters.get(normalize_header(text.get(RATER, "")))
        if not name:
            fail(number, TEACHER, "missing_value", "не указан педагог")
        elif not candidates:
            fail(number, TEACHER, "unknown_teacher", f"педагог «{name}» не найден среди педагогов школ диагностики")
        elif len(candidates) > 1:
            fail(number, TEACHER, "ambiguous_teacher", f"педагогов «{name}» несколько; укажите код школы")
        if rater is None:
            fail(number, RATER, "unknown_rater", f"оценщик «{text.get(RATER, '')}» не предусмотрен картой")
        if len(candidates) == 1 and rater is not None:
            earlier = seen.setdefault((candidates[0][0], rater), number)
            if earlier != number:
                fail(number, RATER, "duplicate_row", f"этот оценщик уже оценил педагога в строке {earlier}")
        for criterion in criteria & text.keys():
            value = _score(definition, text[criterion])
            if value is None:
                fail(number, criterion, "invalid_score", f"«{text[criterion]}» — не балл шкалы карты")
            elif len(candidates) == 1 and rater is not None:
                rows.append(
                    CompetenceScore(
                        campaign_id=campaign_id,
                        teacher_id=candidates[0][0],
                        rater=rater,
                        criterion=criterion,
                        value=value,
                    )
                )
        if len(errors) >= MAX_ROW_ERRORS:
            break
    if errors:
        raise InvalidValue(
            f"Файл не загружен: ошибок в строках — {len(errors)}; ничего не записано",
            code="rows_invalid",
            fields=errors,
        )
    service.repository.write_scores(rows)
    record(
        service.session,
        AuditEvent,
        service.principal,
        "import_scores",
        "diagnostic_campaign",
        campaign_id,
        after={"file": file_name, "rows": len(table.row_numbers)},
    )
    return ImportReport(rows=len(table.row_numbers), sheets=len(seen), scores=len(rows))
