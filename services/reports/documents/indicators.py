"""The KPI table of a plan, as in seed 004: № | Показатель | Ед. изм. | the baseline year's fact, then per
school year «План» and «Факт» under the year (a two-level header), the deviation and «достигнуто / не
достигнуто» for the latest year with a fact.

Each indicator says whether higher or lower is better (`direction`, roadmap's), and its figures are written
by its unit: counts as whole numbers («3 школы», never «3,000»), percents with «%», deviations of percents in
percentage points. The units differ from row to row, so the cells carry the figures already written.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from services.reports.documents.common import (
    ROADMAP,
    missing,
    plan_authority,
    plan_subtitle,
    plan_title,
    quoted,
    ru_date,
    ru_number,
    school_year_text,
)
from services.reports.documents.model import (
    NBSP,
    POINTS,
    Column,
    Document,
    Figure,
    Paragraph,
    Section,
    Table,
    decimals_of,
    printed_sign,
    rounded,
    with_sign,
)
from services.reports.documents.params import ReportParams, require
from services.reports.documents.sources import Sources
from services.shared.contracts.roadmap import PlanIndicator
from services.shared.vocabulary import plural

PERCENT_UNITS = re.compile(r"^\s*(%|проц\w*|доля\s*,?\s*%)\s*$", re.IGNORECASE)
COUNT_UNITS = re.compile(
    r"^\s*(шт|ед|чел|человек|школ|оо|оу|организац|учрежден|мероприят|единиц|пакет|программ|класс|обучающ|педагог)",
    re.IGNORECASE,
)
ACHIEVED, MISSED = "достигнуто", "не достигнуто"


PRINTED_DECIMALS = {"count": 0, "percent": 1, "value": 3}
"""Digits after the comma a figure is printed with (trailing zeros dropped): a value keeps three, so an index as
loaded (ИОР 0,566) reads as the roadmap holds it, never rounded to «0,57»."""


def unit_kind(unit: str) -> str:
    """percent, count or value: how the figures of an indicator measured in `unit` are written."""
    if PERCENT_UNITS.match(unit):
        return "percent"
    if COUNT_UNITS.match(unit):
        return "count"
    return "value"


def figure(value: float | None, kind: str) -> int | str:
    """3 (a count, or a whole value: a number the table writes as «3», never «3,0»), «25 %», «4,25», «0,566»; a missing
    figure is a dash."""
    if value is None:
        return "—"
    if kind == "count" or (kind == "value" and float(value).is_integer()):
        return int(rounded(value, 0))  # half up: 12,5 persons read 13, as Excel shows 12.5 in «0», not 12
    text = ru_number(value, PRINTED_DECIMALS[kind])
    return f"{text}{NBSP}%" if kind == "percent" else text


def figure_cell(value: float | None, kind: str) -> Figure | int | str:
    """`figure` as a table cell: the same text in DOCX; in XLSX a number — a count or a value as such («4,25» is
    4.25), a percent as a share formatted as a percent («92,5 %» is 0.925 shown as 92,5%)."""
    written = figure(value, kind)
    if value is None:
        return written
    if isinstance(written, int):  # written as `ru_number` writes it: «1600» beside «1600», never «1 600» in a column
        return Figure(value=written, text=ru_number(written, 0), kind="int", decimals=0)  # of a larger number
    if kind == "percent":
        return Figure(value=value / 100, text=written, kind="percent", decimals=decimals_of(written))
    return Figure(value=value, text=written, decimals=decimals_of(written))


def deviation_cell(deviation: float, kind: str) -> Figure:
    """`deviation_text` as a table cell: a number in XLSX, signed in its format — a count's or a value's «−10»,
    and percentage points with their unit («+2,5 п. п.» is 2.5 formatted as +0.0" п. п.")."""
    text = deviation_text(deviation, kind)
    value = float(rounded(deviation, PRINTED_DECIMALS[kind]))  # the figure printed, half up
    suffix = f"{NBSP}{POINTS}" if kind == "percent" else ""
    return Figure(value=value, text=text, decimals=decimals_of(text), suffix=suffix, signed=True)


def deviation_text(deviation: float, kind: str) -> str:
    """The fact minus the plan, signed: «+2», «−5 п. п.», «0»."""
    if kind == "count":
        deviation = float(rounded(deviation, 0))
    text = ru_number(abs(deviation), PRINTED_DECIMALS[kind])
    return with_sign(printed_sign(deviation, text), text, plus=True) + (f"{NBSP}{POINTS}" if kind == "percent" else "")


def as_printed(value: float, kind: str) -> float:
    """A plan or a fact as the table prints it (half up): the deviation and the verdict are drawn from the
    figures a reader sees, so a plan of «13» and a fact of «12» never differ by «0»."""
    return float(rounded(value, PRINTED_DECIMALS[kind]))


def achieved(plan: float, fact: float, direction: str) -> bool:
    return fact <= plan if direction == "lower" else fact >= plan


def assessed_year(indicator: PlanIndicator) -> str | None:
    """The latest year that has both a plan and a fact: the one the deviation and the verdict are for."""
    both = sorted(set(indicator.targets) & set(indicator.actuals))
    return both[-1] if both else None


def indicator_row(number: int, indicator: PlanIndicator, years: list[str]) -> dict[str, Any]:
    kind = unit_kind(indicator.unit)
    row: dict[str, Any] = {
        "number": number,
        "name": indicator.name + ("" if indicator.direction == "higher" else " (чем меньше, тем лучше)"),
        "unit": indicator.unit.strip() or "—",  # an indicator saved without its unit: a dash, never a blank
        "baseline": figure_cell(indicator.baseline, kind),
        "baseline_year": indicator.baseline_year or "—",
    }
    for year in years:
        row[f"target:{year}"] = figure_cell(indicator.targets.get(year), kind)
        row[f"actual:{year}"] = figure_cell(indicator.actuals.get(year), kind)
    assessed = assessed_year(indicator)
    if assessed is None:
        row |= {"deviation": "—", "verdict": "нет данных", "assessed": "—"}
    else:
        plan, fact = (as_printed(values[assessed], kind) for values in (indicator.targets, indicator.actuals))
        verdict = ACHIEVED if achieved(plan, fact, indicator.direction) else MISSED
        row |= {"deviation": deviation_cell(fact - plan, kind), "verdict": verdict, "assessed": assessed}
    return row


def same_years(indicator: PlanIndicator) -> PlanIndicator:
    """The indicator with its school years written one way («2025-2026», were one given as «2025/2026»), so a year
    heads one column group, not two, and reads as in the other documents; a NaN is no figure (a dash)."""
    return indicator.model_copy(
        update={
            "targets": {school_year_text(year): v for year, v in indicator.targets.items() if not missing(v)},
            "actuals": {school_year_text(year): v for year, v in indicator.actuals.items() if not missing(v)},
            "baseline": None if missing(indicator.baseline) else indicator.baseline,
            "baseline_year": school_year_text(indicator.baseline_year) or None,
        }
    )


def baseline_group(baseline_years: set[str | None], years: list[str]) -> str:
    """The upper header over the common baseline's «Факт»: its year, and when that year is also a year of the plan
    «2023-2024 (базовый год)», so the two groups never read as one year merged over «Факт | План | Факт»."""
    year = str(next(iter(baseline_years)))
    return f"{year} (базовый год)" if year in years else year


def baseline_columns(baseline_years: set[str | None], years: list[str]) -> list[Column]:
    """The baseline's fact under its year when every indicator's is of one year, else its year and value apart;
    none when no indicator has a baseline (a plan's first year): never two columns of dashes."""
    if not baseline_years:
        return []
    if len(baseline_years) == 1 and None not in baseline_years:
        return [
            Column(key="baseline", label="Факт", kind="float", group=baseline_group(baseline_years, years), width=0.9)
        ]
    return [
        Column(key="baseline_year", label="Базовый год", width=0.9),
        Column(key="baseline", label="Базовое значение", kind="float", width=0.9),
    ]


def kpi_table(indicators: list[PlanIndicator]) -> Table:
    years = sorted({year for i in indicators for year in (*i.targets, *i.actuals)})
    columns = [
        Column(key="number", label="№ п/п", kind="int", width=0.5),
        Column(key="name", label="Показатель", width=4.0),
        Column(key="unit", label="Ед. изм.", width=0.8),
        *baseline_columns({i.baseline_year for i in indicators if i.baseline is not None}, years),
    ]
    for year in years:
        columns += [
            Column(key=f"target:{year}", label="План", kind="float", group=year, width=0.9),
            Column(key=f"actual:{year}", label="Факт", kind="float", group=year, width=0.9),
        ]
    assessed = {assessed_year(i) for i in indicators} - {None}
    if len(assessed) > 1:
        columns.append(Column(key="assessed", label="Год оценки", width=0.9))
    columns += [
        Column(key="deviation", label="Отклонение от плана", width=1.0),  # signed: «+2», «−5 п. п.»
        Column(key="verdict", label="Результат", width=1.1),
    ]
    rows = [indicator_row(n, i, years) for n, i in enumerate(indicators, start=1)]
    return Table(columns=columns, rows=rows, sheet="Показатели")


def _reached(indicator: PlanIndicator) -> bool:
    year, kind = assessed_year(indicator), unit_kind(indicator.unit)
    if year is None:
        return False
    plan, fact = as_printed(indicator.targets[year], kind), as_printed(indicator.actuals[year], kind)
    return achieved(plan, fact, indicator.direction)


def _reached_text(reached: int, assessed: int) -> str:
    """«плановые значения достигнуты по 3 из 4»; of none, «не достигнуты ни по одному из них», never «по 0 из 4»."""
    if assessed == 1:
        return "плановое значение достигнуто" if reached else "плановое значение не достигнуто"
    if reached:
        return f"плановые значения достигнуты по {reached} из {assessed}"
    return "плановые значения не достигнуты ни по одному из них"


def _facts_text(with_fact: int, assessed: int) -> str:
    """«фактические значения внесены по 3 показателям» (never the clipped «внесены по 3») and, when some of them
    have no plan for the same year, how many can be compared with their plan: the count of facts is every indicator
    with a fact, not only the assessed ones."""
    text = f"фактические значения внесены по {plural(with_fact, 'показателю', 'показателям', 'показателям')}"
    if assessed == with_fact:
        return text
    if not assessed:
        return f"{text}, но плановых значений на те же годы нет"
    return f"{text}, из них с плановым значением на тот же год — по {assessed}"


def summary(indicators: list[PlanIndicator]) -> str:
    with_fact = [i for i in indicators if i.actuals]
    if not with_fact:  # never «внесены по 0»
        return f"Показателей в плане: {len(indicators)}; фактические значения пока не внесены."
    assessed = [i for i in indicators if assessed_year(i)]
    text = f"Показателей в плане: {len(indicators)}; {_facts_text(len(with_fact), len(assessed))}"
    if not assessed:
        return text + "."
    reached = sum(_reached(i) for i in assessed)
    years = sorted({assessed_year(i) or "" for i in assessed})
    return (
        f"{text}; {_reached_text(reached, len(assessed))} "
        f"(оценка по {'году' if len(years) == 1 else 'последнему году с фактом'}: {', '.join(years)})."
    )


def build(params: ReportParams, sources: Sources, today: date) -> Document:
    require(params, "plan_id")
    plan: dict[str, Any] = sources.roadmap.get(f"{ROADMAP}/plans/{params.plan_id}")
    answer: list[dict[str, Any]] = sources.roadmap.get(f"{ROADMAP}/plans/{params.plan_id}/indicators")
    indicators = [same_years(PlanIndicator.model_validate(i)) for i in answer]
    blocks: list[Paragraph | Table] = []
    if indicators:
        blocks += [Paragraph(text=summary(indicators)), kpi_table(indicators)]
    else:
        blocks.append(Paragraph(text="Показатели плана не заданы."))
    return Document(
        report_type="indicators",
        authority=plan_authority(plan),
        title=f"Целевые показатели плана {quoted(plan_title(plan))}",  # the plan named as the execution report names it
        subtitle=f"{plan_subtitle(plan)}; сведения на {ru_date(today)}",
        issued=today,
        show_issued=False,
        landscape=True,
        sections=[Section(title="Целевые показатели", blocks=list(blocks), numbered=False)],
    )
