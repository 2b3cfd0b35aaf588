from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidatorFunctionWrapHandler, WrapValidator

MAX_JSON_ROWS = 200_000

ImportStatus = Literal["applied", "partial", "unchanged", "preview"]


def _rows_as_parsed(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """A parsed JSON list of objects as it is: validating `list[dict[str, Any]]` copies every row (a quarter of
    a second per 200,000 rows) and a JSON object's keys are always text. Anything else (too many rows, an item
    that is no object) goes to pydantic, for its usual 422 answers."""
    if type(value) is list and len(value) <= MAX_JSON_ROWS and all(type(row) is dict for row in value):
        return value
    return handler(value)


JsonRows = Annotated[list[dict[str, Any]], Field(max_length=MAX_JSON_ROWS), WrapValidator(_rows_as_parsed)]


class SchoolCandidate(BaseModel):
    code: str
    name: str


class RowError(BaseModel):
    """One bad cell (or row): where it is in the file, a stable code and the reason in Russian."""

    row: int = Field(description="Номер строки, как в файле (строка листа с 1, считая заголовки); JSON: номер объекта")
    column: str | None = Field(description="Заголовок столбца, как в файле")
    field: str | None = Field(description="Канонический столбец")
    code: str
    detail: str
    value: str | None = None
    candidates: list[SchoolCandidate] | None = Field(default=None, description="Похожие школы (для unknown_school)")


class ColumnMatch(BaseModel):
    header: str = Field(description="Заголовок в файле")
    column: str = Field(description="Канонический столбец")
    label: str


PREVIEW_LIMIT = 200
"""Rows per list of a dry run's preview (`added`, `changed`, `refused`)."""

CellValue = str | int | float | None


class PreviewValue(BaseModel):
    """One value of a previewed row; `old` and `new` are always in the answer (null when empty)."""

    column: str = Field(description="Заголовок столбца, как в файле, или русское название столбца")
    old: CellValue = Field(default=None, description="Прежнее значение (для новой строки — null)")
    new: CellValue = Field(default=None, description="Значение из файла")


class PreviewRow(BaseModel):
    row: int = Field(description="Номер строки, как в файле")
    school_code: str
    school_name: str | None = Field(default=None, description="Краткое наименование школы из реестра")
    values: list[PreviewValue] = Field(description="Новой строки — все значения, изменённой — только изменённые")


class RefusedError(BaseModel):
    column: str | None = Field(default=None, description="Заголовок столбца, как в файле")
    code: str
    detail: str


class RefusedRow(BaseModel):
    row: int = Field(description="Номер строки, как в файле")
    school: str | None = Field(default=None, description="Школа, как она названа в строке (код или наименование)")
    errors: list[RefusedError]


class ImportPreview(BaseModel):
    """What a dry run would do, row by row: at most 200 rows per list, `truncated` when a list was cut."""

    added: list[PreviewRow]
    changed: list[PreviewRow]
    refused: list[RefusedRow]
    truncated: bool


class ImportReport(BaseModel):
    kind: str
    status: ImportStatus
    dry_run: bool
    batch_id: int | None = None
    file_name: str
    file_format: str
    checksum: str
    sheet: str | None = None
    header_row: int | None = None
    rows_total: int
    rows_valid: int
    rows_rejected: int
    created: int = Field(description="Новых строк (при пробной загрузке — было бы создано)")
    updated: int = Field(description="Изменённых строк (прежние значения сохранены в истории)")
    unchanged: int
    columns: list[ColumnMatch]
    ignored_columns: list[str]
    errors: list[RowError]
    errors_total: int
    sample: list[dict[str, Any]] = Field(description="Первые 20 строк после приведения к каноническому виду")
    preview: ImportPreview | None = Field(
        default=None, description="Пробная загрузка: какие строки будут добавлены, изменены и отклонены"
    )
    preview_token: str | None = Field(
        default=None,
        description="Пробная загрузка: передайте его с загрузкой этого файла, и она ничего не запишет (412 "
        "`preview_outdated`), если после проверки данные этого вида изменил другой импорт",
    )


class RowsImport(BaseModel):
    """JSON rows for data centres: objects keyed by canonical column (or by a header alias)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "rows": [
                        {
                            "school_code": "990001",
                            "school_year": "2023-2024",
                            "procedure": "ОГЭ",
                            "grade": 9,
                            "subject": "mathematics",
                            "participants": 20,
                            "below_min": 8,
                        }
                    ],
                    "dry_run": True,
                    "source": "РЦОКО, выгрузка ОГЭ",
                }
            ]
        }
    )

    rows: JsonRows
    dry_run: bool = False
    keep_valid: bool = False
    source: str = Field(default="JSON", max_length=300, description="Имя выгрузки, как её видят люди")
    preview_token: str | None = Field(
        default=None, max_length=100, description="`preview_token` пробной загрузки этих строк (см. ImportReport)"
    )


class BatchRead(BaseModel):
    id: int
    kind: str
    file_name: str
    file_format: str
    checksum: str
    created_by: str
    created_by_name: str
    created_at: datetime
    status: str
    rows_total: int
    rows_valid: int
    rows_rejected: int
    created: int
    updated: int
    unchanged: int


class BatchDetail(BatchRead):
    errors: list[dict[str, Any]]


class RevisionRead(BaseModel):
    id: int
    batch_id: int
    kind: str
    school_code: str | None
    key: str
    before: dict[str, Any]
    after: dict[str, Any]
    changed_at: datetime
    file_name: str
    changed_by_name: str


class ColumnRead(BaseModel):
    name: str
    label: str
    type: str
    type_label: str
    required: bool
    aliases: list[str]


class KindRead(BaseModel):
    kind: str
    label: str
    group: str
    key: list[str]
    columns: list[ColumnRead]
    school_name_column: ColumnRead | None = Field(
        default=None, description="Вместо кода ОО строки могут называть школу по наименованию"
    )
