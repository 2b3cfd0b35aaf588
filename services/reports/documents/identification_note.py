"""Аналитическая справка по результатам идентификации: the territory, the methodology and its parameters,
the list by category with the reasons and figures behind each decision, entries and exits since last year,
the dynamics across years, charts.

It reads the approved run of the year that covers the territory (the agreed list); when none is approved, the
latest computation, and the text says so. Results are read page by page (500 a page): a region of thousands of
schools is a few requests.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from statistics import fmean
from typing import Any

from services.reports.documents import charts
from services.reports.documents.common import (
    CATEGORY_ORDER,
    CATEGORY_SHORT,
    IDENTIFICATION,
    RISK_CATEGORIES,
    RISK_LEVEL_LABELS,
    STATUS_LABELS,
    STATUS_ORDER,
    TREND_ORDER,
    Territory,
    categories_text,
    fetch_all,
    genitive,
    resolve_territory,
    ru_date,
    ru_number,
    schools,
    subject_label,
)
from services.reports.documents.model import Chart, Column, Document, Paragraph, Section, Table
from services.reports.documents.params import ReportParams, require
from services.reports.documents.sources import Sources
from services.shared.errors import OporaError
from services.shared.remote import RemoteService
from services.shared.school_year import shift_school_year
from services.shared.vocabulary import CATEGORY_LABELS, TREND_LABELS

TITLE = "Аналитическая справка по результатам идентификации школ с низкими образовательными результатами и школ, "
TITLE += "функционирующих в неблагоприятных социальных условиях"
TREND_YEARS = 5
SHARE_PARAMETERS = {
    "threshold",
    "max_share",
    "decline",
    "amplitude",
    "lower",
    "upper",
    "vpr_lowered_share",
    "vpr_raised_share",
    "quantile",
}
VALUE_WORDS = {
    "or": "или",
    "and": "и",
    "percent_of_max": "процент от максимального балла",
    "zscore": "z-оценка",
    "score": "баллы процедуры",
    "minmax": "приведение к отрезку от 0 до 1",
    "none": "без нормирования",
}
FLAG_WORDS = {
    "vpr_lowered": "отметки ВПР ниже отметок за период",
    "vpr_raised": "отметки ВПР выше отметок за период",
    "above_regional_mean": "результаты ВПР намного выше среднего по региону",
}
INDICATOR_WORDS = {
    "parents_higher_education_share": "оба родителя с высшим образованием",
    "unemployed_parents_share": "безработные родители",
    "deviant_behaviour_share": "девиантное поведение",
    "non_native_russian_share": "русский язык не родной",
}
COMBINE_WORDS = {"any": "достаточно любого сработавшего правила", "all": "нужны все включённые правила"}


# --- which run ----------------------------------------------------------------------------------------


def _rank(run: dict[str, Any], territory: Territory) -> int | None:
    """How closely a run covers the territory: 0 — exactly, 1 — its region, 2 — everything; None — not."""
    kind, code = run["territory_kind"], run["territory_code"]
    if kind == "all":
        return 2
    if territory.kind == "municipality":
        if kind == "municipality" and code == territory.code:
            return 0
        if kind == "region" and code == territory.region_code:
            return 1
    if territory.kind == "region" and kind == "region" and code == territory.code:
        return 0
    return None


def choose_run(runs: list[dict[str, Any]], territory: Territory, approved_only: bool = False) -> dict[str, Any] | None:
    """The run stating the territory's list: approved before computed, the closest territory first, then the
    latest (a superseded run never)."""
    chosen, best = None, None
    for run in sorted(runs, key=lambda r: (r["created_at"], r["id"]), reverse=True):
        rank = _rank(run, territory)
        if rank is None or run["status"] == "superseded" or (approved_only and run["status"] != "approved"):
            continue
        key = (0 if run["status"] == "approved" else 1, rank)
        if best is None or key < best:  # strict: among equals the latest stays
            chosen, best = run, key
    return chosen


def _in_territory(row: dict[str, Any], territory: Territory) -> bool:
    return territory.kind == "all" or row["municipality_code"] in territory.municipalities


def _results(ident: RemoteService, run: dict[str, Any], territory: Territory) -> list[dict[str, Any]]:
    params = {}
    if territory.kind == "municipality" and run["territory_kind"] != "municipality":
        params["municipality"] = territory.code
    rows = fetch_all(ident, f"{IDENTIFICATION}/runs/{run['id']}/results", params)
    return [row for row in rows if _in_territory(row, territory)]


def _check_coverage(run: dict[str, Any], territory: Territory) -> None:
    """A note titled with the run's whole territory needs the caller to see all of it."""
    if territory.kind == run["territory_kind"] and run["summary"].get("schools", 0) < run["schools_count"]:
        raise OporaError(
            f"Справка по территории «{territory.name}» доступна тому, кому доступна вся территория; "
            "выберите свой муниципалитет",
            code="out_of_scope",
            status_code=403,
        )


# --- the methodology ----------------------------------------------------------------------------------


def _parameter_titles(schema: dict[str, Any], rule_id: str) -> dict[str, str]:
    definitions = schema.get("$defs", {})
    node = schema.get("properties", {}).get(rule_id, {})
    reference = node.get("$ref") or next((part.get("$ref") for part in node.get("allOf", []) if "$ref" in part), None)
    if reference:
        node = definitions.get(reference.rsplit("/", 1)[-1], {})
    return {key: str(value.get("title", key)) for key, value in node.get("properties", {}).items()}


def _share_text(value: float) -> str:
    text = f"{value * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')} %"


def _value_text(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, int | float) and key in SHARE_PARAMETERS:
        return _share_text(float(value))
    if isinstance(value, int | float):
        return ru_number(float(value), 2)
    if isinstance(value, dict):
        return "; ".join(f"{INDICATOR_WORDS.get(k, k)}: {ru_number(float(v), 2)}" for k, v in value.items())
    if isinstance(value, list):
        words = {**{k: v for k, v in RISK_LEVEL_LABELS.items()}, **FLAG_WORDS}
        return ", ".join(subject_label(str(v)) if key == "subjects" else words.get(str(v), str(v)) for v in value)
    return VALUE_WORDS.get(str(value), str(value))


def parameters_text(rule_id: str, rule: dict[str, Any], schema: dict[str, Any]) -> str:
    """The parameters of one rule in words: «Порог доли участников ниже минимума: 30 %; …»."""
    titles = _parameter_titles(schema, rule_id)
    parts = [
        f"{titles.get(key, key)}: {_value_text(key, value)}"
        for key, value in rule.items()
        if key not in ("enabled", "category")
    ]
    return "; ".join(parts) or "без параметров"


def _methodology_section(
    ident: RemoteService, run: dict[str, Any], rules: dict[str, Any], catalogue: dict[str, Any]
) -> Section:
    methodology = ident.get(f"{IDENTIFICATION}/methodologies/{run['methodology_id']}")
    described = {rule["id"]: rule for rule in catalogue["rules"]}
    schema = catalogue.get("parameters_schema", {})
    table_rows: list[dict[str, Any]] = []
    for rule_id, rule in rules.items():
        if rule_id == "combine" or not isinstance(rule, dict):
            continue
        info = described.get(rule_id, {})
        category = rule.get("category") or info.get("category")
        table_rows.append(
            {
                "number": len(table_rows) + 1,
                "rule": f"{info.get('label', rule_id)}. {info.get('description', '')}".strip(),
                "category": CATEGORY_SHORT.get(category, category) if category else "флаги, без категории",
                "enabled": "да" if rule.get("enabled", True) else "нет",
                "parameters": parameters_text(rule_id, rule, schema),
            }
        )
    combine = rules.get("combine", {})
    combine_text = "; ".join(
        f"{CATEGORY_SHORT[c]} — {COMBINE_WORDS.get(combine.get(c, 'any'), combine.get(c, 'any'))}"
        for c in RISK_CATEGORIES
    )
    return Section(
        title="Методика идентификации и её параметры",
        blocks=[
            Paragraph(
                text=f"Идентификация проведена по методике «{methodology['name']}», версия {methodology['version']}. "
                f"{methodology.get('description', '')}".strip()
            ),
            Paragraph(
                text=f"Сочетание правил в категории: {combine_text}. Школа, по которой не сработало ни одно правило, "
                "относится к эффективному режиму; при недостатке данных решение не принимается («недостаточно "
                "данных»). Все числа ниже — параметры методики, применённые в этом расчёте."
            ),
            Table(
                title="Правила методики",
                columns=[
                    Column(key="number", label="№", kind="int", width=0.4),
                    Column(key="rule", label="Правило", width=4.0),
                    Column(key="category", label="Категория", width=1.2),
                    Column(key="enabled", label="Применяется", width=0.9),
                    Column(key="parameters", label="Основные параметры", width=5.0),
                ],
                rows=table_rows,
                sheet="Методика",
            ),
        ],
    )


# --- the list by category -----------------------------------------------------------------------------


def _reasons(row: dict[str, Any], category: str) -> str:
    lines = [f"{r['label']}: {r['reason']}" for r in row["fired_rules"] if r.get("category") == category]
    if row.get("overridden"):
        lines.append(f"Экспертная корректировка (по расчёту: {categories_text(row.get('categories', []))})")
    return "\n".join(lines) or "—"


def _warnings(row: dict[str, Any]) -> str:
    lines = [str(w.get("detail", "")) for w in row.get("warnings", []) if w.get("detail")]
    lines += [f"Признак необъективности: {f.get('detail', '')}" for f in row.get("objectivity_flags", [])]
    return "\n".join(lines)


def _category_tables(rows: list[dict[str, Any]], names: dict[str, str]) -> list[Table]:
    tables = []
    for category in CATEGORY_ORDER:
        members = [r for r in rows if category in r["final_categories"]]
        base = [
            Column(key="number", label="№", kind="int", width=0.4),
            Column(key="code", label="Код ОО", width=0.9),
            Column(key="school", label="Школа", width=2.2),
            Column(key="municipality", label="Муниципалитет", width=1.5),
        ]
        share = Column(key="fail_share", label="Доля ниже минимума", kind="percent", width=0.9)
        warnings = Column(key="warnings", label="Предупреждения (выборка, данные)", width=2.6)
        if category == "effective":
            columns = [*base, share, warnings]
        else:
            columns = [
                *base,
                Column(key="reasons", label="Основания решения: сработавшие правила и показатели", width=4.5),
                share,
                Column(key="risks", label="Рисков «500+»", kind="int", width=0.7),
                warnings,
            ]
        tables.append(
            Table(
                title=f"{CATEGORY_LABELS[category]}: {schools(len(members))}",
                columns=columns,
                rows=[
                    {
                        "number": i,
                        "code": r["school_code"],
                        "school": r["school_name"],
                        "municipality": names.get(r["municipality_code"], r["municipality_code"]),
                        "reasons": _reasons(r, category),
                        "fail_share": r.get("fail_share"),
                        "risks": r.get("risk_count"),
                        "warnings": _warnings(r),
                    }
                    for i, r in enumerate(members, start=1)
                ],
                sheet=CATEGORY_SHORT[category],
            )
        )
    undecided = [r for r in rows if not r["final_categories"]]
    if undecided:
        tables.append(
            Table(
                title=f"Недостаточно данных для решения: {schools(len(undecided))}",
                columns=[
                    Column(key="number", label="№", kind="int", width=0.4),
                    Column(key="code", label="Код ОО", width=0.9),
                    Column(key="school", label="Школа", width=2.2),
                    Column(key="municipality", label="Муниципалитет", width=1.5),
                    Column(key="warnings", label="Каких данных не хватает", width=6.0),
                ],
                rows=[
                    {
                        "number": i,
                        "code": r["school_code"],
                        "school": r["school_name"],
                        "municipality": names.get(r["municipality_code"], r["municipality_code"]),
                        "warnings": _warnings(r),
                    }
                    for i, r in enumerate(undecided, start=1)
                ],
                sheet="Недостаточно данных",
            )
        )
    return tables


# --- entries and exits, dynamics ------------------------------------------------------------------------


def _changes_section(
    ident: RemoteService,
    run: dict[str, Any],
    rows: list[dict[str, Any]],
    territory: Territory,
    names: dict[str, str],
) -> tuple[Section, dict[str, tuple[int, int]]]:
    year = shift_school_year(run["school_year"], -1)
    previous = choose_run(
        fetch_all(ident, f"{IDENTIFICATION}/runs", {"school_year": year, "status": "approved"}), territory, True
    )
    title = "Изменения по сравнению с прошлым учебным годом"
    if previous is None:
        text = f"Согласованного списка за {year} учебный год по территории нет: сравнивать состав категорий не с чем."
        return Section(title=title, blocks=[Paragraph(text=text)]), {}
    comparison = ident.get(f"{IDENTIFICATION}/runs/compare", {"base": previous["id"], "other": run["id"]})
    counts: dict[str, tuple[int, int]] = {}
    movement_rows = []
    school_rows = []
    for change in comparison["categories"]:
        category = change["category"]
        entered = [s for s in change["entered"] if _in_territory(s, territory)]
        left = [s for s in change["left"] if _in_territory(s, territory)]
        now = sum(category in r["final_categories"] for r in rows)
        stayed = now - len(entered)
        counts[category] = (len(entered), len(left))
        movement_rows.append(
            {
                "category": CATEGORY_SHORT.get(category, category),
                "before": stayed + len(left),
                "entered": len(entered),
                "left": len(left),
                "after": now,
            }
        )
        for movement, members in (("вошла", entered), ("вышла", left)):
            for school in members:
                school_rows.append(
                    {
                        "category": CATEGORY_SHORT.get(category, category),
                        "movement": movement,
                        "code": school["school_code"],
                        "school": school["school_name"],
                        "municipality": names.get(school["municipality_code"], school["municipality_code"]),
                        "before": categories_text(school["before"]),
                        "after": categories_text(school["after"]),
                        "reasons": "\n".join(f"{r['label']}: {r['reason']}" for r in school["reasons"]) or "—",
                    }
                )
    basis = f"приказ № {previous['order_number']} от {ru_date(previous['order_date'])}"
    blocks: list[Paragraph | Table | Chart] = [
        Paragraph(
            text=f"Сравнение с согласованным списком {year} учебного года ({basis}). Для школы, вошедшей в "
            "категорию, приведены сработавшие правила; для вышедшей — что показывают правила категории теперь."
        ),
        Table(
            title="Состав категорий: было, вошли, вышли, стало",
            columns=[
                Column(key="category", label="Категория", width=2.0),
                Column(key="before", label=f"Было ({year})", kind="int"),
                Column(key="entered", label="Вошли", kind="int"),
                Column(key="left", label="Вышли", kind="int"),
                Column(key="after", label=f"Стало ({run['school_year']})", kind="int"),
            ],
            rows=movement_rows,
            sheet="Изменения",
        ),
    ]
    if school_rows:
        blocks.append(
            Table(
                title="Школы, вошедшие в категории и вышедшие из них",
                columns=[
                    Column(key="category", label="Категория", width=1.1),
                    Column(key="movement", label="Изменение", width=0.8),
                    Column(key="code", label="Код ОО", width=0.9),
                    Column(key="school", label="Школа", width=2.2),
                    Column(key="municipality", label="Муниципалитет", width=1.5),
                    Column(key="before", label="Было", width=1.2),
                    Column(key="after", label="Стало", width=1.2),
                    Column(key="reasons", label="Объяснение", width=4.5),
                ],
                rows=school_rows,
                sheet="Вошли и вышли",
            )
        )
    else:
        blocks.append(Paragraph(text="Состав категорий не изменился."))
    return Section(title=title, blocks=blocks), counts


def _year_figures(
    year_rows: list[dict[str, Any]], threshold: float
) -> tuple[int, dict[str, int], float | None, float | None]:
    shares = [r["fail_share"] for r in year_rows if r.get("fail_share") is not None]
    counts = Counter(c for r in year_rows for c in (r.get("final_categories") or r.get("categories") or []))
    mean = fmean(shares) if shares else None
    over = sum(s >= threshold for s in shares) / len(shares) if shares else None
    return len(year_rows), dict(counts), mean, over


def _dynamics_section(
    ident: RemoteService,
    run: dict[str, Any],
    rules: dict[str, Any],
    rows: list[dict[str, Any]],
    territory: Territory,
) -> Section:
    threshold = float(rules.get("fail_share_30", {}).get("threshold", 0.3))
    visible = fetch_all(ident, f"{IDENTIFICATION}/runs")
    years = sorted({r["school_year"] for r in visible if r["school_year"] <= run["school_year"]})[-TREND_YEARS:]
    figures = []
    for year in years:
        if year == run["school_year"]:
            year_rows = rows
        else:
            params = {"school_year": year}
            if territory.kind == "municipality":
                params["municipality"] = territory.code or ""
            listed = fetch_all(ident, f"{IDENTIFICATION}/school-statuses", params)
            year_rows = [s for s in listed if s["source"] != "none" and _in_territory(s, territory)]
        figures.append((year, *_year_figures(year_rows, threshold)))
    threshold_text = _share_text(threshold)
    trend_table = Table(
        title="Показатели по учебным годам",
        columns=[
            Column(key="year", label="Учебный год"),
            Column(key="schools", label="Школ в расчёте", kind="int"),
            *[Column(key=c, label=CATEGORY_SHORT[c], kind="int") for c in RISK_CATEGORIES],
            Column(key="mean", label="Средняя доля участников ниже минимума", kind="percent"),
            Column(key="over", label=f"Доля школ с долей ниже минимума от {threshold_text}", kind="percent"),
        ],
        rows=[
            {"year": year, "schools": n, **{c: counts.get(c, 0) for c in RISK_CATEGORIES}, "mean": mean, "over": over}
            for year, n, counts, mean, over in figures
        ],
        sheet="Динамика",
    )
    trend_chart = charts.share_trend(
        [f[0] for f in figures],
        [
            ("Средняя по школам доля участников ниже минимального порога", [f[3] for f in figures]),
            (f"Доля школ, где ниже минимума от {threshold_text} участников", [f[4] for f in figures]),
        ],
        threshold,
    )
    grid: dict[str, Counter[str]] = {}
    for row in rows:
        grid.setdefault(main_status(row), Counter())[row["trend"]] += 1
    statuses = [s for s in STATUS_ORDER if s in grid]
    trends = [t for t in TREND_ORDER if any(grid[s][t] for s in statuses)]
    grid_table = Table(
        title="Статус школы и его изменение за год (число школ)",
        columns=[
            Column(key="status", label="Статус", width=1.6),
            *[Column(key=t, label=TREND_LABELS[t], kind="int") for t in trends],
            Column(key="total", label="Всего", kind="int"),
        ],
        rows=[
            {"status": STATUS_LABELS[s], **{t: grid[s][t] for t in trends}, "total": sum(grid[s].values())}
            for s in statuses
        ],
        total={"status": "Итого", **{t: sum(grid[s][t] for s in statuses) for t in trends}, "total": len(rows)},
        sheet="Статус и изменение",
    )
    grid_chart = charts.status_change_grid(
        [STATUS_LABELS[s] for s in statuses],
        [TREND_LABELS[t] for t in trends],
        [[grid[s][t] for t in trends] for s in statuses],
    )
    return Section(
        title="Динамика по годам",
        blocks=[
            Paragraph(
                text="Доля участников ниже минимального порога — наибольшая по школе доля участников оценочных "
                "процедур (русский язык, математика), не преодолевших минимальный порог; школы без достаточных "
                "данных в средние значения не входят."
            ),
            trend_table,
            Chart(title="Доля участников ниже минимального порога по годам", png=trend_chart),
            Paragraph(
                text="Статус — наиболее серьёзная категория школы в текущем году; изменение — по сравнению с "
                "категориями прошлого учебного года."
            ),
            grid_table,
            Chart(title="Статус школы × изменение за год", png=grid_chart),
        ],
    )


def main_status(row: dict[str, Any]) -> str:
    for category in CATEGORY_ORDER:
        if category in row["final_categories"]:
            return category
    return "insufficient_data" if row.get("insufficient_data") else "not_identified"


def _municipalities_section(rows: list[dict[str, Any]], names: dict[str, str]) -> Section:
    by_municipality: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_municipality.setdefault(row["municipality_code"], []).append(row)
    codes = sorted(by_municipality, key=lambda c: (names.get(c, c), c))
    table_rows: list[dict[str, Any]] = []
    for code in codes:
        members = by_municipality[code]
        table_rows.append(
            {
                "municipality": names.get(code, code),
                "schools": len(members),
                **{c: sum(c in r["final_categories"] for r in members) for c in CATEGORY_ORDER},
                "insufficient": sum(not r["final_categories"] for r in members),
            }
        )
    chart = charts.categories_by_municipality(
        [row["municipality"] for row in table_rows],
        [(c, CATEGORY_SHORT[c]) for c in CATEGORY_ORDER],
        [[row[c] for c in CATEGORY_ORDER] for row in table_rows],
    )
    return Section(
        title="Распределение по муниципалитетам",
        blocks=[
            Table(
                title="Категории школ по муниципалитетам",
                columns=[
                    Column(key="municipality", label="Муниципалитет", width=2.5),
                    Column(key="schools", label="Школ", kind="int"),
                    *[Column(key=c, label=CATEGORY_SHORT[c], kind="int") for c in CATEGORY_ORDER],
                    Column(key="insufficient", label="Недостаточно данных", kind="int"),
                ],
                rows=table_rows,
                total={
                    "municipality": "Итого",
                    "schools": len(rows),
                    **{c: sum(row[c] for row in table_rows) for c in CATEGORY_ORDER},
                    "insufficient": sum(row["insufficient"] for row in table_rows),
                },
                sheet="Муниципалитеты",
            ),
            Chart(title="Категории школ по муниципалитетам", png=chart),
        ],
    )


# --- the note -------------------------------------------------------------------------------------------


def category_counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Schools per final category (a school may count in several) and without a decision."""
    counts = Counter(c for r in rows for c in r["final_categories"])
    return {
        **{c: counts.get(c, 0) for c in CATEGORY_ORDER},
        "insufficient_data": sum(not r["final_categories"] for r in rows),
    }


def _overview(
    run: dict[str, Any],
    rows: list[dict[str, Any]],
    territory: Territory,
    changes: dict[str, tuple[int, int]],
) -> Section:
    year = run["school_year"]
    if run["status"] == "approved":
        basis = (
            f"Справка составлена по согласованному списку {year} учебного года, утверждённому приказом "
            f"№ {run['order_number']} от {ru_date(run['order_date'])} (расчёт № {run['id']} от "
            f"{ru_date(run['created_at'])}, территория расчёта — {run['territory_label']})."
        )
    else:
        basis = (
            f"Согласованный список {year} учебного года по территории не утверждён. Справка составлена по "
            f"последнему расчёту № {run['id']} от {ru_date(run['created_at'])} (территория расчёта — "
            f"{run['territory_label']}); категории могут измениться после экспертного уточнения и утверждения."
        )
    counts = category_counts(rows)
    place = territory.name if territory.kind == "all" else genitive(territory.name)
    summary = (
        f"По результатам идентификации за {year} учебный год по территории {place} рассмотрено "
        f"{schools(len(rows))}. К ШНОР отнесено {schools(counts['low_results'])}, к ШНСУ — "
        f"{schools(counts['unfavourable_social'])}, к зоне риска — {schools(counts['risk_zone'])}, в эффективном "
        f"режиме — {schools(counts['effective'])}; недостаточно данных для решения — "
        f"{schools(counts['insufficient_data'])}. Школа может относиться к нескольким категориям."
    )
    entered = sum(r["trend"] == "entered" for r in rows)
    left = sum(r["trend"] == "left" for r in rows)
    summary += f" По сравнению с прошлым годом в группу риска вошли {schools(entered)}, вышли — {schools(left)}."
    if "low_results" in changes:
        came, went = changes["low_results"]
        if came or went:
            summary += f" В список ШНОР включено {schools(came)}, исключено — {schools(went)}."
        else:
            summary += " Состав списка ШНОР не изменился."
    overridden = sum(bool(r.get("overridden")) for r in rows)
    if overridden:
        summary += f" Категории {schools(overridden)} изменены экспертной корректировкой."
    total = len(rows) or 1
    return Section(
        title="Общие сведения",
        blocks=[
            Paragraph(text=basis),
            Paragraph(text=summary),
            Table(
                title="Число школ по категориям",
                columns=[
                    Column(key="category", label="Категория", width=4.0),
                    Column(key="count", label="Число школ", kind="int"),
                    Column(key="share", label="Доля школ территории", kind="percent"),
                ],
                rows=[
                    {"category": CATEGORY_LABELS[c], "count": counts[c], "share": counts[c] / total}
                    for c in CATEGORY_ORDER
                ]
                + [
                    {
                        "category": "Недостаточно данных для решения",
                        "count": counts["insufficient_data"],
                        "share": counts["insufficient_data"] / total,
                    }
                ],
                sheet="Сводка",
            ),
        ],
    )


def build(params: ReportParams, sources: Sources, today: date) -> Document:
    require(params, "school_year")
    year = params.school_year or ""
    ident = sources.identification
    territory = resolve_territory(ident, params.territory)
    run = choose_run(fetch_all(ident, f"{IDENTIFICATION}/runs", {"school_year": year}), territory)
    if run is None:
        raise OporaError(
            f"За {year} учебный год по территории «{territory.name}» идентификация не проводилась",
            code="no_identification_run",
            status_code=404,
        )
    _check_coverage(run, territory)
    detail = ident.get(f"{IDENTIFICATION}/runs/{run['id']}")
    rules: dict[str, Any] = detail["rules"]
    catalogue = ident.get(f"{IDENTIFICATION}/methodologies/rules")
    rows = _results(ident, run, territory)
    names = dict(territory.municipalities)
    changes_section, changes = _changes_section(ident, run, rows, territory, names)
    return Document(
        report_type="identification_note",
        authority=territory.authority,
        title=TITLE,
        subtitle=f"{territory.name}, {year} учебный год",
        issued=today,
        sections=[
            _overview(run, rows, territory, changes),
            _methodology_section(ident, run, rules, catalogue),
            Section(title="Перечень школ по категориям", blocks=list(_category_tables(rows, names))),
            changes_section,
            _dynamics_section(ident, run, rules, rows, territory),
            _municipalities_section(rows, names),
        ],
    )
