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
from services.identification.imports.parsing import ParsedTable, read_table
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


def _mapping(definition: CardDefinition, table: ParsedTable, kind: KindSpec) -> dict[int, str]:
    """Position → column: the reader's matches, then form questions that contain a criterion's title."""
    mapping = table.mapping(kind)
    for position, header in enumerate(table.headers):
        if position not in mapping and header:
            criterion = _criterion_by_text(definition, header)
            if criterion is not None and criterion not in mapping.values():
                mapping[position] = criterion
    if RATER not in mapping.values():
        raise InvalidValue("В файле нет столбца «Оценщик»", code="missing_columns", loc=["file", RATER])
    if not set(definition.criterion_codes()) & set(mapping.values()):
        raise InvalidValue("В файле нет ни одного столбца с критериями карты", code="missing_columns", loc=["file"])
    return mapping


class ScoreImport:
    """One file's rows checked against the campaign's card and teachers; scores kept only if all are good."""

    def __init__(self, service: CompetenceService, campaign: DiagnosticCampaign) -> None:
        self.campaign_id = campaign.id or 0
        self.definition = service.definition(campaign)
        self.raters = {normalize_header(r.code): r.code for r in self.definition.raters}
        self.raters |= {normalize_header(r.title): r.code for r in self.definition.raters}
        self.teachers: dict[str, list[tuple[int, str]]] = {}
        for teacher, school in service.repository.teachers(campaign.school_codes, held=True):
            self.teachers.setdefault(normalize_name(teacher.full_name), []).append((teacher.id or 0, school))
        self.errors: list[FieldError] = []
        self.scores: list[CompetenceScore] = []
        self.seen: dict[tuple[int, str], int] = {}

    def fail(self, row: int, column: str, code: str, detail: str) -> None:
        self.errors.append(FieldError(loc=["file", row, column], code=code, detail=f"Строка {row}: {detail}"))

    def teacher(self, row: int, text: dict[str, str]) -> int | None:
        """The teacher a row names (by name, and school code when given), or None with the row's error."""
        name, school = text.get(TEACHER, ""), text.get(SCHOOL)
        found = [t for t in self.teachers.get(normalize_name(name), []) if school is None or t[1] == school]
        if not name:
            self.fail(row, TEACHER, "missing_value", "не указан педагог")
        elif not found:
            self.fail(row, TEACHER, "unknown_teacher", f"педагог «{name}» не найден среди педагогов школ диагностики")
        elif len(found) > 1:
            self.fail(row, TEACHER, "ambiguous_teacher", f"педагогов «{name}» несколько; укажите код школы")
        return found[0][0] if len(found) == 1 else None

    def row(self, row: int, text: dict[str, str]) -> None:
        teacher = self.teacher(row, text)
        rater = self.raters.get(normalize_header(text.get(RATER, "")))
        if rater is None:
            self.fail(row, RATER, "unknown_rater", f"оценщик «{text.get(RATER, '')}» не предусмотрен картой")
        if teacher is not None and rater is not None:
            earlier = self.seen.setdefault((teacher, rater), row)
            if earlier != row:
                self.fail(row, RATER, "duplicate_row", f"этот оценщик уже оценил педагога в строке {earlier}")
        for criterion in sorted(set(self.definition.criterion_codes()) & text.keys()):
            value = _score(self.definition, text[criterion])
            if value is None:
                self.fail(row, criterion, "invalid_score", f"«{text[criterion]}» — не балл шкалы карты")
            elif teacher is not None and rater is not None:
                self.scores.append(
                    CompetenceScore(
                        campaign_id=self.campaign_id, teacher_id=teacher, rater=rater, criterion=criterion, value=value
                    )
                )


def import_scores(service: CompetenceService, campaign_id: int, content: bytes, file_name: str) -> ImportReport:
    """Read, check every row, then write all the scores, or nothing and the rows' errors (422)."""
    campaign = service.repository.campaign(campaign_id)
    service.repository.hold_scores(campaign_id)  # before the teachers' rows, as a single sheet does
    job = ScoreImport(service, campaign)
    kind = score_kind(job.definition)
    table = read_table(content, file_name, kind)
    mapping = _mapping(job.definition, table, kind)
    for index, number in enumerate(table.row_numbers):
        cells = {name: table.cells.iat[index, position] for position, name in mapping.items()}
        job.row(
            number, {name: str(cell).strip() for name, cell in cells.items() if cell is not None and str(cell).strip()}
        )
        if len(job.errors) >= MAX_ROW_ERRORS:
            break
    if job.errors:
        detail = f"Файл не загружен: ошибок в строках — {len(job.errors)}; ничего не записано"
        raise InvalidValue(detail, code="rows_invalid", fields=job.errors)
    service.repository.write_scores(job.scores)
    after = {"file": file_name, "rows": len(table.row_numbers), "scores": len(job.scores)}
    record(
        service.session, AuditEvent, service.principal, "import_scores", "diagnostic_campaign", campaign_id, after=after
    )
    return ImportReport(rows=len(table.row_numbers), sheets=len(job.seen), scores=len(job.scores))
