"""The one registry of report types: each type's label, builder (data read over HTTP → `Document`), required
and optional parameters and formats. The render request's schema, the catalogue (`GET /types`), the
template upload's type check and the required-parameter check are all derived from `REPORT_TYPES`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from services.reports.documents import identification_note, indicators, plan, plan_execution, school_card
from services.reports.documents.model import Document
from services.reports.documents.params import SIGNED_DOCUMENT, ReportParams, require
from services.reports.documents.sources import Sources
from services.reports.rendering.render import FORMATS

Builder = Callable[[ReportParams, Sources, date], Document]


@dataclass(frozen=True)
class ReportKind:
    code: str
    label: str
    build: Builder
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    formats: tuple[str, ...] = FORMATS

    @property
    def parameters(self) -> tuple[str, ...]:
        return (*self.required, *self.optional)

    def check(self, params: ReportParams) -> None:
        """A 422 `missing_parameter` for the first required parameter not given."""
        require(params, *self.required)


_KINDS = (
    ReportKind(
        "identification_note",
        "Аналитическая справка по результатам идентификации",
        identification_note.build,
        required=("school_year",),
        optional=("territory", *SIGNED_DOCUMENT),
    ),
    # The school card's year is optional: the latest year with data.
    ReportKind("school_card", "Карта рисков школы", school_card.build, ("school_code",), ("school_year",)),
    ReportKind("plan", "Дорожная карта (план мероприятий)", plan.build, ("plan_id",)),
    ReportKind(
        "plan_execution",
        "Аналитическая справка о выполнении плана",
        plan_execution.build,
        required=("plan_id",),
        optional=("as_of", *SIGNED_DOCUMENT),
    ),
    ReportKind("indicators", "Таблица показателей", indicators.build, ("plan_id",)),
)
REPORT_TYPES: dict[str, ReportKind] = {kind.code: kind for kind in _KINDS}

REPORT_TYPE_PATTERN = "^(" + "|".join(REPORT_TYPES) + ")$"
"""What the render request and the template upload accept as `report_type`."""

# Views of the registry, by type: its builder and its required parameters.
BUILDERS: dict[str, Builder] = {code: kind.build for code, kind in REPORT_TYPES.items()}
REQUIRED: dict[str, tuple[str, ...]] = {code: kind.required for code, kind in REPORT_TYPES.items()}
