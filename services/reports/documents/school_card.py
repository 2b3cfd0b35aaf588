"""The school risk card: categories per year, the rules of the year with their figures, the «500+» risk
levels, results by procedure, subject and year, objectivity flags and the school's plans."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from typing import Any

from services.reports.documents.common import (
    IDENTIFICATION,
    RISK_CATEGORIES,
    RISK_LEVEL_LABELS,
    ROADMAP,
    categories_text,
    date_range,
    fetch_all,
    in_list_order,
    municipality_authority,
    natural_key,
    order_details,
    plan_status_label,
    plural,
    readable_reason,
    ru_date,
    school_label,
    school_year_text,
    shares_of_whole,
    subject_label,
)
from services.reports.documents.model import Column, Document, Paragraph, Section, Table
from services.reports.documents.params import ReportParams, require
from services.reports.documents.people import competence_section
from services.reports.documents.sources import Sources
from services.shared.remote import RemoteService, segment
from services.shared.vocabulary import TREND_LABELS

OUTCOME_LABELS = {
    "fired": "сработало",
    "not_fired": "не сработало",
    "insufficient_data": "недостаточно данных",
    "not_applicable": "не применяется к школе",
    "disabled": "выключено",
}
MARK_CHANGES = ("lowered", "confirmed", "raised")
"""The pupils whose ВПР mark was below, equal to, above their term mark: three parts of one whole."""
OUTCOME_ORDER = {"fired": 0, "insufficient_data": 1, "not_fired": 2, "not_applicable": 3, "disabled": 4}


def _yes(value: bool | None) -> str:
    """«да», «нет», or «нет данных» when the attribute is not known (not «нет»)."""
    if value is None:
        return "нет данных"
    return "да" if value else "нет"


def _about(school: dict[str, Any]) -> Table:
    facts = [
        ("Код ОО", school["school_code"]),
        ("Полное наименование", school["full_name"]),
        ("Муниципалитет", school["municipality_name"]),
        ("Населённый пункт", school.get("settlement_name") or "—"),
        ("Вид", ", ".join(part for part in (school.get("legal_form"), school.get("kind")) if part) or "—"),
        ("Сельская школа", _yes(school.get("rural"))),
        ("Малокомплектная", _yes(school.get("small"))),
        ("Труднодоступный населённый пункт", _yes(school.get("hard_to_reach"))),
        ("Обучающихся", school.get("pupils") if school.get("pupils") is not None else "—"),
        ("Педагогов", school.get("teachers") if school.get("teachers") is not None else "—"),
    ]
    if school.get("aliases"):
        facts.append(("Варианты названия", "; ".join(school["aliases"])))
    return Table(  # no title: the section «Сведения о школе» heads it already
        columns=[Column(key="fact", label="Показатель", width=1.5), Column(key="value", label="Значение", width=4.0)],
        rows=[{"fact": fact, "value": value} for fact, value in facts],  # a count stays a number (in XLSX too)
        sheet="Школа",
    )


NOT_IDENTIFIED = "идентификация не проводилась"


def _skipped_years(statuses: list[dict[str, Any]]) -> dict[str, list[str]]:
    """The school years missing between one status and the next, by the year they precede: the table of years
    says «идентификация не проводилась» of 2022-2023 between 2021-2022 and 2023-2024, so a signer never reads the
    two as consecutive (nor a run «подряд» through the gap)."""
    skipped: dict[str, list[str]] = {}
    years = [school_year_text(s["school_year"]) for s in statuses]
    for earlier, later in pairwise(years):
        if earlier[:4].isdigit() and later[:4].isdigit():
            start, end = int(earlier[:4]), int(later[:4])
            skipped[later] = [f"{y}-{y + 1}" for y in range(start + 1, end)]
    return skipped


def _history_table(statuses: list[dict[str, Any]]) -> Table:
    rows = []
    skipped = _skipped_years(statuses)
    for status in statuses:
        for year in skipped.get(school_year_text(status["school_year"]), []):
            rows.append({"year": year, "categories": NOT_IDENTIFIED, "trend": "—", "source": "—", "rules": "—"})
        if status["source"] == "approved":
            details = order_details(status.get("order_date"), status.get("order_number"))
            source = f"согласованный список, приказ{details}" if details else "согласованный список"
        else:
            # the run's number is the database's, for reconciling (as the note, the card never prints it)
            source = "последний расчёт (список не утверждён)"
        rows.append(
            {
                "year": school_year_text(status["school_year"]),
                "categories": categories_text(in_list_order(status["categories"]))
                if status["categories"]
                else ("недостаточно данных" if status["insufficient_data"] else "—"),
                "trend": TREND_LABELS.get(status.get("trend") or "", "—"),  # never a code or a blank
                "source": source,
                "rules": "; ".join(_rule_label(r) for r in status["fired_rules"]) or "—",
            }
        )
    return Table(  # no title: the section «Категории по годам» heads it already
        columns=[
            Column(key="year", label="Учебный год", width=1.0),
            Column(key="categories", label="Категории", width=1.6),
            Column(key="trend", label="Изменение за год", width=1.5),
            Column(key="source", label="Основание", width=2.4),
            Column(key="rules", label="Сработавшие правила", width=3.5),
        ],
        rows=rows,
        sheet="Категории по годам",
    )


def _years(count: int) -> str:
    return plural(count, "учебный год", "учебных года", "учебных лет")


def _history_summary(statuses: list[dict[str, Any]], year: str | None) -> Paragraph | None:
    """What the years' table shows, in words the head quotes: a school at risk in the card's year and the years
    just before it, «в группе риска 3 учебных года подряд: с 2021-2022 учебного года», and one that was never at
    risk in two years and more, «за 3 учебных года … в группу риска не входила». A year without a decision breaks a
    run and says nothing either way; a gap between the years too."""
    shown = sorted(
        (s for s in statuses if not year or school_year_text(s["school_year"]) <= year), key=lambda s: s["school_year"]
    )
    at_risk = [bool(set(s["categories"]) & set(RISK_CATEGORIES)) for s in shown]
    first = school_year_text(shown[0]["school_year"]) if shown else ""
    if len(shown) > 1 and all(s["categories"] for s in shown) and not any(at_risk):
        last = school_year_text(shown[-1]["school_year"])
        return Paragraph(text=f"За {_years(len(shown))} ({first} – {last}) школа в группу риска не входила.")
    run = 0
    for index in range(len(shown) - 1, -1, -1):
        following = shown[index + 1]["school_year"] if index + 1 < len(shown) else None
        if not at_risk[index] or (following and int(following[:4]) - int(shown[index]["school_year"][:4]) != 1):
            break
        run += 1
    if run < 2:
        return None
    since = school_year_text(shown[len(shown) - run]["school_year"])
    return Paragraph(text=f"Школа в группе риска {_years(run)} подряд: с {since} учебного года.")


def _rule_label(rule: dict[str, Any]) -> str:
    """A rule as the methodology names it; one without a name is «Правило методики», never its id
    («social_index») in a signed card."""
    return str(rule.get("label") or "").strip() or "Правило методики"


def _rules_table(detail: dict[str, Any]) -> Table:
    # Fired rules first, then the undecided ones; within each, the methodology's own order (a stable sort).
    rules = sorted(detail["rules"].items(), key=lambda item: OUTCOME_ORDER.get(item[1].get("outcome", ""), 9))
    return Table(
        title=f"Правила методики и показатели школы за {school_year_text(detail['school_year'])} учебный год",
        columns=[
            Column(key="rule", label="Правило", width=2.2),
            Column(key="category", label="Категория", width=1.0),
            Column(key="outcome", label="Результат", width=1.2),
            Column(key="reason", label="Показатели и объяснение", width=6.0),
        ],
        rows=[
            {
                "rule": _rule_label(rule),
                # the objectivity flags change no category: «без категории», never the jargon «флаги»
                "category": categories_text([rule["category"]]) if rule.get("category") else "без категории",
                "outcome": OUTCOME_LABELS.get(rule.get("outcome") or "", "—"),  # never a code the head can't read
                "reason": readable_reason(
                    rule.get("reason") or "—"
                ),  # a rule with nothing to explain: a dash, never a blank
            }
            for _, rule in rules
        ],
        sheet="Правила",
    )


def _categories_or_none(codes: list[str]) -> str:
    """The categories in a sentence; none (the computation decided nothing) «без категории», never a dash."""
    return categories_text(in_list_order(codes), in_sentence=True) if codes else "без категории"


def _sentence(text: str) -> str:
    """`text` as a sentence that ends: a full stop after a reason typed without one."""
    text = text.strip()
    return text if not text or text[-1] in ".!?…" else f"{text}."


def _override_text(override: dict[str, Any]) -> str:
    """«Экспертная корректировка 05.09.2024 (Петрова А. А.): эффективный режим → ШНОР. Обоснование: …»; of an
    expert not named, no «()»; of a reason left empty, «Обоснование не указано.», never «Обоснование: » and a
    blank the head signs."""
    author = str(override.get("created_by_name") or "").strip()
    reason = _sentence(str(override.get("reason") or ""))
    return (
        f"Экспертная корректировка {ru_date(override['created_at'])}{f' ({author})' if author else ''}: "
        f"{_categories_or_none(override['before'])} → {_categories_or_none(override['categories'])}. "
        + (f"Обоснование: {reason}" if reason else "Обоснование не указано.")
    )


def _overrides(detail: dict[str, Any]) -> list[Paragraph]:
    return [Paragraph(text=_override_text(o), style="note") for o in detail.get("overrides", [])]


def _factor_names(catalogue: list[dict[str, Any]], school_year: str) -> dict[int, str]:
    """Factor names of the catalogue version in force in the year (the latest one starting no later)."""
    names: dict[int, tuple[str, str]] = {}
    for factor in catalogue:
        valid = factor["valid_from"]
        held = names.get(factor["number"])
        if valid <= school_year and (held is None or valid >= held[0]):
            names[factor["number"]] = (valid, factor["name"])
    fallback = {f["number"]: f["name"] for f in catalogue}
    return {**fallback, **{number: name for number, (_, name) in names.items()}}


def _risk_table(profile: list[dict[str, Any]], catalogue: list[dict[str, Any]], school_year: str) -> Table | None:
    if not profile:
        return None
    years = sorted({school_year_text(row["school_year"]) for row in profile})
    names = _factor_names(catalogue, school_year)
    levels: dict[int, dict[str, str]] = {}
    for row in profile:
        level = RISK_LEVEL_LABELS.get(str(row.get("level") or ""), "—")  # a level it cannot name: a dash, no code
        levels.setdefault(row["factor"], {})[school_year_text(row["school_year"])] = level
    return Table(
        title="Уровни факторов риска профиля «500+»",
        columns=[
            Column(key="number", label="№", kind="int", width=0.4),
            Column(key="factor", label="Фактор риска", width=4.5),
            *[Column(key=year, label=year, width=1.0) for year in years],
        ],
        rows=[
            {"number": number, "factor": names.get(number, f"Фактор {number}")}
            | {year: levels[number].get(year, "—") for year in years}  # a year without the factor: a dash
            for number in sorted(levels)
        ],
        sheet="Риски 500+",
    )


def _result_order(row: dict[str, Any]) -> tuple[str, str, int, str]:
    """Procedure, subject, grade, year; a missing one first, never a comparison of None with a number."""
    grade = row["grade"] if isinstance(row["grade"], int) else -1
    return str(row["procedure"] or ""), str(row["subject"] or ""), grade, str(row["year"])


def _results_table(results: list[dict[str, Any]]) -> Table:
    rows = []
    for r in results:
        participants = r.get("participants")  # unknown is a dash, not «0»
        below = r.get("below_min")
        mean, top = r.get("mean_score"), r.get("max_score")
        rows.append(
            {
                "procedure": r["procedure"],
                "subject": subject_label(r["subject"]),
                "grade": r.get("grade"),
                "year": school_year_text(r["school_year"]),
                "participants": participants,
                "below": below,
                "share": below / participants if below is not None and participants else None,
                "mean": mean,
                "percent": mean / top if mean is not None and top else None,
            }
        )
    rows.sort(key=_result_order)
    return Table(
        title="Результаты оценочных процедур по предметам и годам",
        columns=[
            Column(key="procedure", label="Процедура", width=0.9),
            Column(key="subject", label="Предмет", width=1.8),
            Column(key="grade", label="Класс", kind="int", width=0.6),
            Column(key="year", label="Учебный год", width=1.0),
            Column(key="participants", label="Участников", kind="int", width=0.9),
            Column(key="below", label="Ниже минимума", kind="int", width=0.9),
            Column(key="share", label="Доля ниже минимума", kind="percent", width=0.9),
            Column(key="mean", label="Средний балл", kind="float", width=0.8),
            Column(key="percent", label="% от максимума", kind="percent", width=0.9),
        ],
        rows=rows,
        sheet="Результаты",
    )


def _vpr_order(row: dict[str, Any]) -> tuple[str, int, tuple[tuple[int, int | str], ...]]:
    """A class's ВПР marks by year, grade and subject as the card names it («английский язык» before «биология»,
    as the results table orders them), not by the subject's code («biology» before «english»)."""
    grade = row.get("grade")
    return (
        school_year_text(row["school_year"]),
        grade if isinstance(grade, int) else -1,
        natural_key(subject_label(row["subject"])),
    )


FLAG_LABELS = {
    "vpr_lowered": "Отметки ВПР ниже отметок за период",
    "vpr_raised": "Отметки ВПР выше отметок за период",
    "above_regional_mean": "Результаты ВПР намного выше среднего по региону",
}
"""The objectivity flags by code, as the methodology names them: a flag identification gives without its detail."""


def _flag_text(flag: dict[str, Any]) -> str:
    """A flag as its detail says it, else by its name (`FLAG_LABELS`), never its code («vpr_lowered»)."""
    detail = str(flag.get("detail") or "").strip()
    return detail or FLAG_LABELS.get(str(flag.get("code") or ""), "Признак необъективности результатов")


def _objectivity(statuses: list[dict[str, Any]], vpr: list[dict[str, Any]]) -> list[Paragraph | Table]:
    flags = [
        {"year": school_year_text(s["school_year"]), "flag": _flag_text(f)}
        for s in statuses
        for f in s.get("objectivity_flags", [])
    ]
    blocks: list[Paragraph | Table] = []
    if flags:
        blocks.append(
            Table(
                title="Признаки необъективности результатов",
                columns=[
                    Column(key="year", label="Учебный год", width=1.0),
                    Column(key="flag", label="Признак", width=7.0),
                ],
                rows=flags,
                sheet="Объективность",
            )
        )
    elif statuses or vpr:
        blocks.append(Paragraph(text="Признаков необъективности результатов ВПР не выявлено."))
    else:  # nothing was checked: no finding either way
        blocks.append(Paragraph(text="Сведений для оценки объективности результатов ВПР нет."))
    if vpr:
        rows = []
        for r in sorted(vpr, key=_vpr_order):
            parts = [r.get(key) for key in MARK_CHANGES]
            total = sum(part or 0 for part in parts)
            rows.append(
                {
                    "year": school_year_text(r["school_year"]),
                    "grade": r.get("grade"),
                    "subject": subject_label(r["subject"]),
                    # the three shares of one class's pupils add up to 100 %, never to 99,9 %
                    **dict(zip(MARK_CHANGES, shares_of_whole(parts), strict=True)),
                    "total": total or None,  # no pupils counted is unknown, a dash
                }
            )
        blocks.append(
            Table(
                title="Отметки ВПР в сравнении с отметками за период",
                columns=[
                    Column(key="year", label="Учебный год"),
                    Column(key="grade", label="Класс", kind="int"),
                    Column(key="subject", label="Предмет", width=1.6),
                    Column(key="total", label="Обучающихся", kind="int"),
                    Column(key="lowered", label="Понизили", kind="percent"),
                    Column(key="confirmed", label="Подтвердили", kind="percent"),
                    Column(key="raised", label="Повысили", kind="percent"),
                ],
                rows=rows,
                sheet="ВПР и отметки",
            )
        )
    return blocks


def _order(plan: dict[str, Any]) -> str:
    if not plan.get("order_number"):
        return "—"
    return "приказ" + order_details(plan.get("order_date"), plan["order_number"])


def _plans(sources: Sources, school_code: str) -> list[Paragraph | Table]:
    plans = fetch_all(sources.roadmap, f"{ROADMAP}/plans", {"school_code": school_code})
    if not plans:
        return [Paragraph(text="Планов и программ школы в системе нет.")]
    return [
        Table(  # no title: the section «Планы и программы школы» heads it already
            columns=[
                Column(key="title", label="Наименование", width=4.0),
                Column(key="kind", label="Вид", width=1.8),
                Column(key="period", label="Период", width=1.3),
                Column(key="status", label="Состояние", width=0.9),
                Column(key="order", label="Приказ об утверждении", width=1.5),
            ],
            rows=[
                {
                    "title": p["title"],
                    "kind": p["kind_label"],
                    "period": school_year_text(p.get("school_year"))
                    or date_range(p.get("period_start"), p.get("period_end")),
                    "status": plan_status_label(p),
                    "order": _order(p),
                }
                for p in plans
            ],
            sheet="Планы",
        )
    ]


def _year_blocks(
    ident: RemoteService, code: str, year: str | None, current: dict[str, Any] | None
) -> list[Paragraph | Table]:
    """The grounds of the year's decision: the categories and the list's order, the overrides, the rules checked
    and the data warnings; a sentence when the school was not identified that year."""
    if current is None:
        text = f"За {year} учебный год идентификация школы не проводилась." if year else "Идентификация не проводилась."
        return [Paragraph(text=text)]
    detail = ident.get(f"{IDENTIFICATION}/runs/{current['run_id']}/schools/{code}")
    blocks: list[Paragraph | Table] = [Paragraph(text=_year_summary(year, current)), *_overrides(detail)]
    blocks.append(_rules_table(detail))
    warnings = [str(w.get("detail", "")) for w in current.get("warnings", []) if w.get("detail")]
    if warnings:
        blocks.append(Paragraph(text="Предупреждения о данных:", style="heading"))
        blocks += [Paragraph(text=w, style="list") for w in warnings]
    return blocks


def _year_summary(year: str | None, current: dict[str, Any]) -> str:
    if current["categories"]:
        listed = categories_text(in_list_order(current["categories"]), in_sentence=True)
        summary = f"Категории школы в {year} учебном году: {listed}."
    else:
        summary = f"В {year} учебном году решение о категории не принято: недостаточно данных."
    if current["source"] == "approved":
        details = order_details(current.get("order_date"), current.get("order_number"))
        summary += f" Согласованный список утверждён{' приказом' + details if details else ''}."
    else:
        summary += " Согласованный список за этот год не утверждён: приведён последний расчёт."
    return summary


def _grounds_section(year: str | None, blocks: list[Paragraph | Table], statuses: list[Any]) -> list[Section]:
    """The grounds of the year's decision; none for a school never identified: «Категории по годам» already says
    «Идентификация не проводилась.», and a signed card does not say it twice."""
    if not statuses:
        return []
    return [Section(title=f"Основания решения за {year} учебный год" if year else "Основания решения", blocks=blocks)]


def build(params: ReportParams, sources: Sources, today: date) -> Document:
    require(params, "school_code")
    code = segment(params.school_code or "")
    ident = sources.identification
    school = ident.get(f"{IDENTIFICATION}/schools/{code}")
    history = ident.get(f"{IDENTIFICATION}/schools/{code}/history")
    statuses: list[dict[str, Any]] = history["statuses"]
    year = school_year_text(params.school_year or (statuses[-1]["school_year"] if statuses else "")) or None
    current = next((s for s in statuses if school_year_text(s["school_year"]) == year), None)
    catalogue = ident.get(f"{IDENTIFICATION}/risk-factors")

    year_blocks = _year_blocks(ident, code, year, current)

    risk_table = _risk_table(history["risk_profile"], catalogue, year or "")
    return Document(
        report_type="school_card",
        authority=municipality_authority(school["municipality_name"]),
        # a school the registry gives no short name: its full name, else its code — never «Карта рисков школы: »
        title=f"Карта рисков школы: {school_label(school.get('short_name') or school.get('full_name'), code)}",
        subtitle=f"{school['municipality_name']}; {year} учебный год" if year else school["municipality_name"],
        issued=today,
        landscape=True,
        sections=[
            Section(title="Сведения о школе", blocks=[_about(school)]),
            Section(
                title="Категории по годам",
                blocks=[_history_table(statuses), *filter(None, [_history_summary(statuses, year)])]
                if statuses
                else [Paragraph(text="Идентификация не проводилась.")],
            ),
            *_grounds_section(year, year_blocks, statuses),
            Section(
                title="Профиль рисков «500+»",
                blocks=[risk_table] if risk_table else [Paragraph(text="Рисковый профиль школы не загружен.")],
            ),
            competence_section(sources, code),
            Section(
                title="Результаты оценочных процедур",
                blocks=[_results_table(history["results"])]
                if history["results"]
                else [Paragraph(text="Результаты оценочных процедур не загружены.")],
            ),
            Section(title="Объективность результатов", blocks=list(_objectivity(statuses, history["vpr_objectivity"]))),
            Section(title="Планы и программы школы", blocks=list(_plans(sources, code))),
        ],
    )
