"""Аналитическая справка по результатам идентификации, as the seeds write one: the basis and purpose, the data
sources, the criteria in words, the lists by category with each school's key figure next to the municipal and
regional value, the dynamics, the causes, conclusions and recommendations generated from the data, the
signature, and the appendices (per-school detail, the methodology's parameters).

The data is one typed answer of the identification service (`GET /api/identification/notes/identification`,
declared in `services.shared.contracts.identification_note`): which run states the list, the year before and
every figure are decided there; this module only lays them out.

Figures are written one way in the text and in the tables, so the same figure reads the same in both, and as
the identification service writes them in the reasons it gives («7 из 28 участников (25,0 %)»): a share with
one decimal, a trailing zero kept («25,0 %», «33,3 %»), percentage points and scores with one decimal too
(«5,0 п. п.»), an index with two, a count whole; a parameter of the methodology reads as it is set («от 30 %»),
and the teachers' shares at the critical level are whole percents («40 %») in the text and in their table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from services.reports.documents.common import (
    IDENTIFICATION,
    authority_genitive,
    by_schools,
    categories_text,
    cell_reason,
    counted,
    dative,
    genitive,
    head_post,
    in_list_order,
    methodist_paragraphs,
    missing,
    municipality_authority,
    natural_key,
    number_figure,
    of_schools,
    order_details,
    percent_figure,
    quoted,
    readable_reason,
    region_authority,
    registration_or_appendix,
    ru_date,
    ru_dates_in,
    ru_number,
    ru_percent,
    school_label,
    school_year_text,
    school_years_in,
    schools,
    signature,
    verb,
    working_day,
)
from services.reports.documents.effects_section import effects_section
from services.reports.documents.model import (
    NBSP,
    POINTS,
    Block,
    Chart,
    Column,
    Document,
    Figure,
    Paragraph,
    Section,
    Table,
    exact,
    rounded,
)
from services.reports.documents.params import ReportParams, require
from services.reports.documents.people import note_deficits, pairs_section, read_pairs
from services.reports.documents.sources import Sources
from services.shared.contracts.identification_note import (
    CategoryMovement,
    FigureUnit,
    IdentificationNote,
    MovedSchool,
    NoteMethodology,
    NoteSchool,
    NoteSources,
    RiskFactorCount,
    RuleFigure,
)
from services.shared.contracts.mentoring import MentorPairItem
from services.shared.school_year import shift_school_year
from services.shared.vocabulary import CATEGORY_LABELS, CATEGORY_SHORT, plural

_School = TypeVar("_School", NoteSchool, MovedSchool)

TITLE = (
    "Аналитическая справка по результатам идентификации школ с низкими образовательными результатами и школ, "
    "функционирующих в неблагоприятных социальных условиях"
)
NOTE_PATH = f"{IDENTIFICATION}/notes/identification"
RISK_CATEGORIES = ("low_results", "unfavourable_social", "risk_zone")
MOVEMENT_WORDS = {"entered": "вошла", "left": "вышла"}
LIST_ROWS_IN_BODY = 80
"""Lines of the category lists (or of the entered / left list) the body carries; longer lists — a region of
hundreds of schools — go to an appendix, and the body keeps the figures by municipality (the page budget: a
municipal note's body at most 8 pages, a regional note's at most 20 for 1,000 schools)."""
NAMES_IN_BODY = 10
TOP_FACTORS = 5  # the most frequent 500+ factors the body lists


def _at_risk(school: NoteSchool) -> bool:
    return any(c in school.categories for c in RISK_CATEGORIES)


def _detail_schools(note: IdentificationNote) -> list[NoteSchool]:
    """The schools the detail appendix lists: at risk, without a decision, or with a sign of biased results."""
    return [s for s in note.schools if _at_risk(s) or not s.categories or s.objectivity]


@dataclass(frozen=True)
class Appendices:
    """Which appendix holds what: None — in the body (the lists, the movers) or nowhere (the detail of no school:
    no appendix headed over an empty table)."""

    lists: int | None
    movers: int | None
    detail: int | None
    parameters: int

    @classmethod
    def plan(cls, note: IdentificationNote) -> Appendices:
        list_rows = sum(len(s.categories) - ("effective" in s.categories) for s in note.schools)
        lists_out = list_rows > LIST_ROWS_IN_BODY
        movers_out = len(note.comparison.schools) > LIST_ROWS_IN_BODY
        number = 1 + lists_out + movers_out
        detail = bool(_detail_schools(note))
        return cls(
            lists=1 if lists_out else None,
            movers=1 + lists_out if movers_out else None,
            detail=number if detail else None,
            parameters=number + detail,
        )


def read_note(sources: Sources, params: ReportParams) -> IdentificationNote:
    query = {"school_year": params.school_year}
    if params.territory:
        query["territory"] = params.territory
    return same_years(IdentificationNote.model_validate(sources.identification.get(NOTE_PATH, query)))


def same_years(note: IdentificationNote) -> IdentificationNote:
    """The note with every school year written one way, «2023-2024», however the data spelt it («2023/2024»): in
    the text, the comparison, the table of years and the header of the procedures alike; the schools in the order
    people look them up: by municipality, then by name with its numbers in order («СОШ № 2» before «СОШ № 10»)."""
    procedures = [
        p.model_copy(update={"school_year": school_year_text(p.school_year)}) for p in note.sources.procedures
    ]
    return note.model_copy(
        update={
            "school_year": school_year_text(note.school_year),
            "years": [y.model_copy(update={"school_year": school_year_text(y.school_year)}) for y in note.years],
            "sources": note.sources.model_copy(update={"procedures": procedures}),
            "schools": sorted(
                (_named(s) for s in note.schools), key=lambda s: (s.municipality_code, natural_key(s.school_name))
            ),
            "comparison": note.comparison.model_copy(
                update={
                    "previous_year": school_year_text(note.comparison.previous_year),
                    "schools": _movers_in_order(note),
                }
            ),
        }
    )


def _named(school: _School) -> _School:
    """The school named as every document names it: a school the registry gives no name is «школа с кодом …», never
    a blank line of a list, an empty cell, or «…, , …» (`common.school_label`)."""
    return school.model_copy(update={"school_name": school_label(school.school_name, school.school_code)})


def _in_text(note: IdentificationNote, school: NoteSchool) -> str:
    """A school named in running text, where no column says where it is: a name two schools of the note share is
    followed by its municipality, or by its code when they share that too — never «МБОУ «СОШ № 1», МБОУ «СОШ № 1»»
    the head cannot tell apart."""
    twins = [s for s in note.schools if s.school_name == school.school_name and s is not school]
    if not twins:
        return school.school_name
    if any(s.municipality_name == school.municipality_name for s in twins):
        return f"{school.school_name} (код {school.school_code})"
    return f"{school.school_name} ({school.municipality_name})"


def _movers_in_order(note: IdentificationNote) -> list[MovedSchool]:
    """The schools that entered or left a category as the lists read: by category (ШНОР, ШНСУ, зона риска), those
    that entered before those that left, then by municipality (as the lists, in the order of its code) and by name
    with its numbers in order («СОШ № 2» before «СОШ № 10», «ё» with «е»), not in the order of the schools' codes."""
    place = {name: index for index, (_, name) in enumerate(sorted(note.territory.municipalities.items()))}
    category = {code: index for index, code in enumerate((*RISK_CATEGORIES, "effective"))}
    return sorted(
        (_named(s) for s in note.comparison.schools),
        key=lambda s: (
            category.get(s.category, len(category)),
            s.movement != "entered",
            place.get(s.municipality_name, len(place)),
            natural_key(s.municipality_name),
            natural_key(s.school_name),
        ),
    )


# --- formatting ---------------------------------------------------------------------------------------


def percent(share: float | None) -> str:
    """A share as the note writes it in the text and in its tables: «25,0 %» (see the module's docstring)."""
    return ru_percent(share, keep_zeros=True)


def figure_text(value: float | None, unit: FigureUnit) -> str:
    if unit == "flag":
        return "да"
    if value is None:
        return "—"
    if unit == "share":
        return percent(value)
    if unit == "points":
        return f"{ru_number(value, keep_zeros=True)}{NBSP}{POINTS}"
    if unit == "count":
        return ru_number(value, 0)
    return ru_number(value, 2 if unit == "index" else 1, keep_zeros=True)


def figure_cell(value: float | None, unit: FigureUnit) -> Figure | str:
    """`figure_text` as a table cell: the same text in DOCX, a number in XLSX (a share formatted as a percent)."""
    if unit == "flag" or value is None:
        return figure_text(value, unit)
    if unit == "share":
        return percent_figure(value, keep_zeros=True)
    if unit == "points":
        return number_figure(value, suffix=f"{NBSP}{POINTS}", keep_zeros=True)
    return number_figure(value, {"index": 2, "count": 0}.get(unit, 1), keep_zeros=True)


def average_cell(value: float | None, unit: FigureUnit) -> Figure | str:
    """A municipal or regional mean beside a school's figure: a mean of counts keeps one decimal («2,2» risks on
    average, never «2» beside a school's 3 when the region's mean is 1,6); any other unit as `figure_cell`."""
    if unit == "count" and value is not None:
        return number_figure(value, 1, keep_zeros=True)
    return figure_cell(value, unit)


def _is_municipal(note: IdentificationNote) -> bool:
    return note.territory.kind == "municipality"


def _place(note: IdentificationNote) -> str:
    return genitive(note.territory.name)


def _authority(note: IdentificationNote) -> str:
    territory = note.territory
    if territory.kind == "municipality":
        return municipality_authority(territory.name)
    return region_authority(territory.name)


# --- the introduction and the data --------------------------------------------------------------------


def _instrumental(name: str) -> str:
    """«Методика идентификации …» → «Методикой идентификации …», «Региональная методика …» → «Региональной
    методикой …», a name typed in small letters too («методикой идентификации …»); any other name in quotes after
    «методикой», never «методикой «методика идентификации …»»."""
    words = name.strip().split(" ")
    if len(words) > 1 and words[0].casefold() == "методика":
        return " ".join([words[0][:-1] + "ой", *words[1:]])
    if len(words) > 2 and words[1].casefold() == "методика" and words[0].casefold().endswith("ая"):
        return " ".join([words[0][:-2] + "ой", words[1][:-1] + "ой", *words[2:]])
    return f"методикой {quoted(name)}"


def _introduction(note: IdentificationNote, params: ReportParams) -> Section:
    methodology = note.methodology
    basis = school_years_in(
        ru_dates_in(params.basis or f"{_instrumental(methodology.name)} (версия {methodology.version})")
    )
    text = (
        f"В соответствии с {basis} с целью выявления школ, нуждающихся в адресной поддержке, проведена "
        f"идентификация общеобразовательных организаций {_place(note)} по итогам {note.school_year} учебного года."
    )
    run = note.run
    if run.approved:
        details = order_details(run.order_date, run.order_number)
        status = (
            f"Перечень школ по категориям утверждён{' приказом' + details if details else ''}; "
            "справка составлена по утверждённому перечню."
        )
    else:
        status = (
            f"Перечень школ по категориям не утверждён: справка составлена по результатам расчёта от "
            f"{ru_date(run.computed_on)}, категории могут измениться после экспертного уточнения и утверждения."
        )
    blocks: list[Block] = [Paragraph(text=text), Paragraph(text=status)]
    blocks.extend(methodist_paragraphs(params.preamble))
    return Section(title="Общие положения", blocks=blocks)


def _included(included: int, total: int) -> str:
    """«в идентификацию включено 5 школ из 5»; with none included, no «0 школ из 0»."""
    if not total:
        return "школ для идентификации нет"
    if not included:
        return f"в идентификацию не включена ни одна из {of_schools(total)}"
    return f"в идентификацию {counted(included, 'включен')} из {total}"


COVERAGE = (  # what the sources hold, by school: (field, as named before «имеется по», as named after «нет»)
    ("risk_profile_schools", "рисковый профиль «500+»", "рискового профиля «500+»"),
    ("social_schools", "социальные показатели контингента", "социальных показателей контингента"),
    ("staffing_schools", "кадровые показатели", "кадровых показателей"),
    ("objectivity_schools", "сведения об объективности ВПР", "сведений об объективности ВПР"),
)


def _results_coverage(school_year: str, count: int) -> str:
    """«результаты 2023-2024 учебного года есть по 4 школам»; of none, «… нет ни по одной школе», never «по 0»."""
    if not count:
        return f"результатов {school_year} учебного года нет ни по одной школе"
    return f"результаты {school_year} учебного года есть по {by_schools(count)}"


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " и " + items[-1]


def _coverage(sources: NoteSources) -> str:
    """«Рисковый профиль «500+» имеется по 5 школам, кадровые показатели — по 3 школам; социальных показателей
    контингента нет ни по одной школе.»: what is held by how many schools, then what no school has (never «по 0
    школам»)."""
    held = [(name, count) for field, name, _ in COVERAGE if (count := getattr(sources, field))]
    lacking = [genitive for field, _, genitive in COVERAGE if not getattr(sources, field)]
    parts = []
    if held:
        (first, count), rest = held[0], held[1:]
        verb_form = "имеется" if first == COVERAGE[0][1] else "имеются"  # the profile is one, the rest are many
        lead = f"{first[0].upper()}{first[1:]} {verb_form} по {by_schools(count)}"
        parts.append(", ".join([lead, *(f"{name} — по {by_schools(n)}" for name, n in rest)]))
    if lacking:
        none = f"{_and_list(lacking)} нет ни по одной школе"
        parts.append(none if held else f"{none[0].upper()}{none[1:]}")
    return "; ".join(parts) + "."


def _held_year(note: IdentificationNote) -> str:
    """The year of the schools' profiles and indicators, said once before what they cover: of results of three years,
    «рисковый профиль «500+» имеется по 2 школам» reads as of any of them."""
    return f"Сведения о школах (профиль «500+», показатели, объективность) — за {note.school_year} учебный год. "


def _years_period(years: list[str]) -> str:
    """«2022-2023 и 2023-2024 учебные годы»; three and more, a range with the spaced en dash of every range of the
    documents (`common.date_range`), «2021-2022 – 2023-2024 учебные годы» (never two years joined by a bare dash,
    read as one range between hyphenated years, nor the em dash of a sentence)."""
    joint = " и " if len(years) == 2 else " – "
    return f"{years[0]}{joint}{years[-1]} учебные годы"


def _sources_section(note: IdentificationNote) -> Section:
    sources = note.sources
    if not sources.procedures:  # no «процедур (нет данных)» and no table of a header alone
        text = (
            f"Результатов оценочных процедур за {note.school_year} учебный год нет; "
            f"{_included(sources.schools_in_run, sources.schools_total)}. {_held_year(note)}{_coverage(sources)}"
        )
        return Section(title="Источники данных и период", blocks=[Paragraph(text=text)])
    years = sorted({p.school_year for p in sources.procedures})
    period = _years_period(years) if len(years) > 1 else f"{note.school_year} учебный год"
    names = ", ".join(dict.fromkeys(p.procedure for p in sources.procedures))
    text = (
        f"Использованы результаты оценочных процедур ({names}) за {period}; "
        f"{_included(sources.schools_in_run, sources.schools_total)}, "
        f"{_results_coverage(note.school_year, sources.schools_with_results)}. {_held_year(note)}{_coverage(sources)}"
    )
    procedures = list(dict.fromkeys(p.procedure for p in sources.procedures))
    figures = {(p.procedure, p.school_year): p for p in sources.procedures}
    table = Table(
        title="Участники оценочных процедур по учебным годам",
        columns=[
            Column(key="procedure", label="Процедура", width=1.2),
            *[
                Column(key=f"{key}:{year}", label=label, kind="int", group=year)
                for year in years
                for key, label in (("participants", "участников"), ("schools", "школ"))
            ],
        ],
        rows=[
            {
                "procedure": procedure,
                **{
                    f"{key}:{year}": getattr(figures[(procedure, year)], key) if (procedure, year) in figures else None
                    for year in years
                    for key in ("participants", "schools")
                },
            }
            for procedure in procedures
        ],
        sheet="Источники данных",
    )
    return Section(title="Источники данных и период", blocks=[Paragraph(text=text), table])


def _criteria_section(note: IdentificationNote, appendices: Appendices) -> Section:
    texts = [item.text for item in note.methodology.criteria if item.text.strip()]
    where = f"приведены в приложении {appendices.parameters}."
    if not texts:  # a methodology that words no criterion: its parameters are all there is, never a failed note
        texts = [f"Критерии отнесения школ к категориям заданы параметрами правил методики; они {where}"]
    else:
        texts[-1] += f" Параметры всех правил, применённые в расчёте, {where}"
    blocks: list[Block] = [Paragraph(text=text) for text in texts]
    return Section(title="Критерии идентификации", blocks=blocks)


# --- the lists by category ----------------------------------------------------------------------------


def _primary(school: NoteSchool, category: str) -> RuleFigure | None:
    """The first fired rule of the category: the reason the list gives (all of them are in the appendix)."""
    return next((f for f in school.fired if f.category == category), None)


_WORD = re.compile(r"[^\W\d_]+")


def _grounds(figure: RuleFigure) -> str:
    """The rule and, when its name does not say it, what its figure is: «Нижняя четверть по результатам ЕГЭ, ОГЭ и
    ВПР (средний результат, % от максимума)» beside «53,0», «Нестабильные или снижающиеся результаты (размах доли
    ниже порога за годы)» beside «35,5 п. п.», never a bare «53,0» or «8» the head cannot read; «Доля участников ниже
    минимального порога» beside «40,0 %» says it already (the figure's first word is in the rule's name)."""
    label, what = figure.label.strip(), figure.figure_label.strip()
    first = _WORD.search(what.casefold())
    if figure.unit == "flag" or first is None or first.group() in label.casefold():
        return label
    if figure.unit == "count" and what[:1].islower():  # «факторов риска «500+»» follows a number: «число …»
        what = f"число {what}"
    return f"{label} ({what})"


def _list_row(number: int, school: NoteSchool, category: str) -> dict[str, object]:
    primary = _primary(school, category)
    figure: Figure | str
    municipal: Figure | str
    regional: Figure | str
    if primary is None:
        reason = "экспертная корректировка" if school.overridden else "—"
        figure = municipal = regional = "—"
    else:
        reason = _grounds(primary)
        if school.overridden and category not in school.computed_categories:
            reason = "экспертная корректировка"
        unit = primary.unit
        figure = figure_cell(primary.value, unit)
        municipal = average_cell(primary.municipal_value, unit) if unit != "flag" else "—"
        regional = average_cell(primary.regional_value, unit) if unit != "flag" else "—"
    return {
        "number": number,
        "school": school.school_name,
        "municipality": school.municipality_name,
        "reason": reason,
        "figure": figure,
        "municipal": municipal,
        "regional": regional,
    }


def _category_table(note: IdentificationNote, category: str) -> Table | Paragraph:
    members = [s for s in note.schools if category in s.categories]
    if not members:
        return Paragraph(text=f"{CATEGORY_SHORT[category]}: школ нет.")
    columns = [Column(key="number", label="№", kind="int", width=0.4), Column(key="school", label="Школа", width=3.4)]
    if not _is_municipal(note):
        columns.append(Column(key="municipality", label="Муниципалитет", width=1.8))
    columns += [
        Column(key="reason", label="Основание", width=3.2),
        Column(key="figure", label="школы", width=0.9, group="Показатель основания"),
        Column(key="municipal", label="среднее по муниципалитету", width=1.1, group="Показатель основания"),
        Column(key="regional", label="среднее по региону", width=0.9, group="Показатель основания"),
    ]
    return Table(
        title=f"{CATEGORY_LABELS[category]}: {schools(len(members))}",
        columns=columns,
        rows=[_list_row(i, s, category) for i, s in enumerate(members, start=1)],
        sheet=CATEGORY_SHORT[category],
    )


def _standing(note: IdentificationNote) -> Paragraph:
    """Where a municipality stands in its region, or how the region's municipalities differ."""
    own, region = note.aggregates.territory, note.aggregates.region
    own_share = own.categories.get("low_results", 0) / own.schools if own.schools else None
    region_share = region.categories.get("low_results", 0) / region.schools if region.schools else None
    if _is_municipal(note):
        if own_share is None:  # no schools: no share, no «— (0 из 0)» and no place among the municipalities
            return Paragraph(text=f"Доля ШНОР среди школ {_place(note)} не определена: школ для расчёта нет.")
        if own.insufficient_data >= own.schools:  # no decision on any school: «0,0 % (0 из 5)» would be no finding
            return Paragraph(
                text=f"Доля ШНОР среди школ {_place(note)} не определена: данных для решения недостаточно ни по "
                f"одной из {of_schools(own.schools)}."
            )
        text = (
            f"Доля ШНОР среди школ {_place(note)} — {percent(own_share)} ({own.categories.get('low_results', 0)} из "
            f"{own.schools}) при {percent(region_share)} по {dative(note.territory.region_name)}."
        )
        ranked = sum(1 for m in note.aggregates.municipalities if m.schools)
        rank = note.aggregates.rank
        # first with no ШНОР is no «1-е — наибольшая доля»: no municipality has any, there is nothing to rank
        # a region of one municipality: «1-е место из 1 муниципалитета» ranks nothing, so no ranking line at all
        if (
            rank is not None
            and ranked > 1
            and 0 < rank <= ranked
            and (rank > 1 or own.categories.get("low_results", 0))
        ):
            tied = min(_tied(note, own_share), ranked - rank)
            if tied == ranked - 1:  # every municipality alike: «1–5-е место из 5» ranks nothing
                where = plural(ranked, "муниципалитете", "муниципалитетах", "муниципалитетах")
                return Paragraph(text=f"{text} Доля ШНОР одинакова во всех {where} региона.")
            place = f"{rank}–{rank + tied}-е" if tied else f"{rank}-е"  # a tie shares its places: «1–3-е»
            same = (
                f"такая же доля — ещё у {plural(tied, 'муниципалитета', 'муниципалитетов', 'муниципалитетов')}; "
                if tied
                else ""
            )
            text += (
                f" По доле ШНОР муниципалитет занимает {place} место из "
                f"{plural(ranked, 'муниципалитета', 'муниципалитетов', 'муниципалитетов')} региона "
                f"({same}1-е — наибольшая доля)."
            )  # «из 21 муниципалитета», «из 5 муниципалитетов»
        return Paragraph(text=text)
    counted = [m for m in note.aggregates.municipalities if m.schools]
    shares = sorted(  # the largest first, a tie in the order of the names; a municipality with no ШНОР is no «top»
        ((m.categories.get("low_results", 0) / m.schools, m.name) for m in counted if m.categories.get("low_results")),
        key=lambda held: (-held[0], natural_key(held[1])),
    )
    top = _top_text(_leaders(shares)) if len(counted) > 1 else ""  # of one municipality, no «наибольшая» of one
    if region_share is None:
        return Paragraph(text="Доля ШНОР по региону не определена: школ для расчёта нет.")
    if own.schools and own.insufficient_data >= own.schools:  # no decision on any school: no «0,0 %» finding
        return Paragraph(
            text="Доля ШНОР по региону не определена: данных для решения недостаточно ни по одной из "
            f"{of_schools(own.schools)}."
        )
    if len(counted) == 1:
        return Paragraph(
            text=f"Доля ШНОР по региону — {percent(region_share)}; все школы идентификации — в одном муниципалитете "
            f"({counted[0].name})."
        )
    if not top:  # never «наибольшая доля — в муниципалитетах: А (0,0 %), Б (0,0 %)»
        none = "; ШНОР нет ни в одном муниципалитете" if counted else ""
        return Paragraph(text=f"Доля ШНОР по региону — {percent(region_share)}{none}.")
    return Paragraph(text=f"Доля ШНОР по региону — {percent(region_share)}; наибольшая доля {top}.")


def _tied(note: IdentificationNote, share: float) -> int:
    """The other municipalities of the region with the municipality's own share of ШНОР: the place it shares with
    them («1–3-е место»), never «1-е место» said of each of three municipalities tied at the top."""
    own = note.aggregates.territory.code
    return sum(
        1
        for m in note.aggregates.municipalities
        if m.schools and m.code != own and m.categories.get("low_results", 0) / m.schools == share
    )


def _top_text(leaders: list[tuple[float, str]]) -> str:
    """Where the share of ШНОР is largest: «— в муниципалитетах: А (50,0 %), Б (25,0 %)», and of municipalities all
    tied, the share said once with their count — «(40,0 %) — в 16 муниципалитетах: А, Б, …», never «(40,0 %)» after
    each of sixteen names."""
    if not leaders:
        return ""
    shares = {percent(share) for share, _ in leaders}
    if len(leaders) > 1 and len(shares) == 1:
        where = plural(len(leaders), "муниципалитете", "муниципалитетах", "муниципалитетах")
        return f"({shares.pop()}) — в {where}: {', '.join(name for _, name in leaders)}"
    where = "в муниципалитете" if len(leaders) == 1 else "в муниципалитетах"
    return f"— {where}: {', '.join(f'{name} ({percent(share)})' for share, name in leaders)}"


def _leaders(shares: list[tuple[float, str]], count: int = 3) -> list[tuple[float, str]]:
    """The `count` largest shares, and every other share printed the same as the last of them: never one of two
    municipalities with «25,0 %» named as a leader and the other left out by the order of their names."""
    if len(shares) <= count:
        return shares
    last = percent(shares[count - 1][0])
    return [held for index, held in enumerate(shares) if index < count or percent(held[0]) == last]


def _share_of(count: int, total: int) -> float | None:
    return count / total if total else None


def _results_summary(note: IdentificationNote) -> str:
    """«По результатам идентификации … рассмотрено 5 школ. К ШНОР отнесено 2 школы, …»; of no schools, no
    «данных достаточно по всем школам»."""
    counts = note.counts
    if not note.schools:
        return f"За {note.school_year} учебный год школы не рассматривались: в идентификацию не включена ни одна школа."
    effective, insufficient = counts.get("effective", 0), counts.get("insufficient_data", 0)
    works = verb(effective, "работает", "работают")
    lacking = (
        f"данных для решения недостаточно по {by_schools(insufficient)}"
        if insufficient
        else "данных для решения достаточно"
        + ("" if len(note.schools) == 1 else " по всем школам")  # one school: never «по всем школам»
    )
    mode = (
        f"в эффективном режиме {works} {schools(effective)}"
        if effective
        else "ни одна школа не работает в эффективном режиме"
    )
    clauses = ", ".join([*_risk_clauses(counts), mode])
    return (
        f"По результатам идентификации за {note.school_year} учебный год {counted(len(note.schools), 'рассмотрен')}. "
        f"{clauses[:1].upper()}{clauses[1:]}; {lacking}.{_several_categories(note)}"
    )


def _several_categories(note: IdentificationNote) -> str:
    """The caveat «Школа может относиться к нескольким категориям» only when some school really is in two: said of
    a list where none is, it makes the reader look for an overlap that is not there."""
    several = any(len(set(school.categories)) > 1 for school in note.schools)
    return " Школа может относиться к нескольким категориям." if several else ""


RISK_DATIVES = (("low_results", "ШНОР"), ("unfavourable_social", "ШНСУ"), ("risk_zone", "зоне риска"))


def _shares_sum(rows: Sequence[Mapping[str, object]], total: int) -> list[Paragraph]:
    """Why the column «Доля школ» does not add up to 100 % as printed when every school is counted once: the
    shares are rounded to tenths (three schools: 33,3 % × 3 = 99,9 %). A school in two categories (a sum above
    100 %) is said by the summary above the table («Школа может относиться к нескольким категориям»)."""
    shares = [row["share"] for row in rows if isinstance(row["share"], float)]
    if not total or not shares or sum(int(str(row["count"])) for row in rows) != total:
        return []
    printed = sum(rounded(share * 100, 1) for share in shares)
    if printed == 100:
        return []
    return [
        Paragraph(
            text=f"Примечание: сумма долей ({percent(float(printed) / 100)}) отличается от 100{NBSP}% из-за "
            "округления до десятых.",
            style="note",
        )
    ]


def _risk_clauses(counts: dict[str, int]) -> list[str]:
    """«к ШНОР отнесено 2 школы, к зоне риска — 1 школа, к ШНСУ не отнесена ни одна школа»: the categories some
    school is in with their counts, then those none is in in words, never «к ШНСУ — 0 школ»."""
    held = [(label, counts.get(code, 0)) for code, label in RISK_DATIVES if counts.get(code, 0)]
    empty = [label for code, label in RISK_DATIVES if not counts.get(code, 0)]
    clauses = [
        f"к {label} {counted(count, 'отнесен')}" if not index else f"к {label} — {schools(count)}"
        for index, (label, count) in enumerate(held)
    ]
    if empty:
        clauses.append(f"к {_and_list(empty)} не отнесена ни одна школа")
    return clauses


def _results_section(note: IdentificationNote, appendices: Appendices) -> Section:
    counts = note.counts
    total = len(note.schools)
    region = note.aggregates.region
    region_total = region.schools
    columns = [
        Column(key="category", label="Категория", width=3.6),  # the figures narrow: a category on one or two lines
        Column(key="count", label="Школ", kind="int", width=0.8),
        Column(key="share", label="Доля школ", kind="percent", width=1.0),
    ]
    if _is_municipal(note):
        columns.append(Column(key="region", label="Доля по региону", kind="percent", width=1.2))
    count_rows = [
        {
            "category": CATEGORY_LABELS[c],
            "count": counts.get(c, 0),
            "share": _share_of(counts.get(c, 0), total),  # of no schools: a dash, not «0,0 %»
            "region": _share_of(region.categories.get(c, 0), region_total),
        }
        for c in (*RISK_CATEGORIES, "effective")
    ]
    if counts.get("insufficient_data", 0) or region.insufficient_data:
        count_rows.append(
            {
                "category": "Недостаточно данных для решения",
                "count": counts.get("insufficient_data", 0),
                "share": _share_of(counts.get("insufficient_data", 0), total),
                "region": _share_of(region.insufficient_data, region_total),
            }
        )
    blocks: list[Block] = [
        Paragraph(text=_results_summary(note)),
        Table(title="Число школ по категориям", columns=columns, rows=count_rows, sheet="Сводка"),
        *_shares_sum(count_rows, total),
        _standing(note),
    ]
    if any(_at_risk(s) for s in note.schools):  # of none, the summary says so: no «ШНОР: школ нет» three times
        where = "ниже" if appendices.lists is None else f"приложения {appendices.lists}"
        blocks.append(
            Paragraph(
                text=f"В перечнях {where} — основание отнесения школы к категории и его показатель рядом со средним "
                "по муниципалитету и по региону; все сработавшие правила с цифрами — в приложении "
                f"{appendices.detail}.",
                style="note",
            )
        )
        if appendices.lists is None:
            blocks.extend(_category_table(note, category) for category in RISK_CATEGORIES)
    undecided = [s for s in note.schools if not s.categories]
    if undecided:
        text = f"Недостаточно данных для решения ({schools(len(undecided))})"
        if len(undecided) <= NAMES_IN_BODY:
            text += ": " + ", ".join(_in_text(note, s) for s in undecided)
        blocks.append(Paragraph(text=f"{text}; каких данных не хватает — в приложении {appendices.detail}."))
    if not _is_municipal(note):
        blocks.extend(_municipalities(note))
    return Section(title="Результаты идентификации", blocks=blocks)


def _lists_appendix(note: IdentificationNote) -> Section:
    return Section(
        title="Перечни школ по категориям",
        appendix=True,
        blocks=[_category_table(note, category) for category in RISK_CATEGORIES],
    )


def _municipalities(note: IdentificationNote) -> list[Block]:
    from services.reports.documents import charts  # matplotlib loads with the first chart drawn

    order = (*RISK_CATEGORIES, "effective")
    present = [m for m in note.aggregates.municipalities if m.schools]
    absent = _absent_municipalities(note)
    if not present:  # no table of a header alone and no empty chart: the sentence says why
        return [absent] if absent else []
    rows: list[dict[str, object]] = [
        {
            "municipality": m.name,
            "schools": m.schools,
            **{c: m.categories.get(c, 0) for c in order},
            "insufficient": m.insufficient_data,
        }
        for m in present
    ]
    drawn = (  # a region of 44 municipalities: three figures, 9 pt each; of one municipality, no bar of its own
        charts.categories_by_municipality_parts(
            [m.name for m in present],
            [(c, CATEGORY_SHORT[c]) for c in order],
            [[m.categories.get(c, 0) for c in order] for m in present],
        )
        if len(present) > 1
        else []
    )
    return [
        Table(
            title="Категории школ по муниципалитетам",
            columns=[
                Column(key="municipality", label="Муниципалитет", width=2.5),
                Column(key="schools", label="Школ", kind="int"),
                *[Column(key=c, label=CATEGORY_SHORT[c], kind="int") for c in order],
                Column(key="insufficient", label="Недостаточно данных", kind="int"),
            ],
            rows=rows,
            total=_municipalities_total(rows, order),
            sheet="Муниципалитеты",
        ),
        *(Chart(title=title, png=png, width_cm=charts.width_cm(png)) for title, png in drawn),
        *([absent] if absent else []),
    ]


def _absent_municipalities(note: IdentificationNote) -> Paragraph | None:
    """The region's municipalities with no school in the identification, named under the table that leaves them
    out: the head who looks a municipality up finds it said, never silently missing from the list."""
    names = sorted((m.name for m in note.aggregates.municipalities if not m.schools), key=natural_key)
    if not names:
        return None
    where = f"муниципалитета {names[0]}" if len(names) == 1 else f"муниципалитетов: {', '.join(names)}"
    return Paragraph(text=f"Школы {where} в идентификацию не включены.")


def _municipalities_total(rows: list[dict[str, object]], order: tuple[str, ...]) -> dict[str, object] | None:
    """«Итого» under the municipalities: each column the sum of the rows above it, so the table adds up."""
    if len(rows) < 2:
        return None
    keys = ("schools", *order, "insufficient")
    return {"municipality": "Итого", **{k: sum(int(str(r[k])) for r in rows) for k in keys}}


# --- dynamics -----------------------------------------------------------------------------------------


def _undetermined(movement: CategoryMovement) -> int:
    """The schools of a category a year before with no decision this year: neither left nor stayed (their data did
    not suffice, or they are not in this year's run), so `before` is left + stayed + these."""
    return max(0, movement.before - movement.left - movement.stayed)


CATEGORY_IN = {
    "low_results": "ШНОР",
    "unfavourable_social": "ШНСУ",
    "risk_zone": "зону риска",
    "effective": "число школ в эффективном режиме",
}
"""A category after «входившим в»: the accusative of the running text, in lower case."""
CATEGORY_NAMED = {"low_results": "ШНОР", "unfavourable_social": "ШНСУ", "risk_zone": "зона риска",
                  "effective": "эффективный режим"}  # fmt: skip


def _undetermined_text(note: IdentificationNote) -> str:
    """«По 3 школам, входившим в 2022-2023 учебном году в ШНОР, решение о категории в 2023-2024 учебном году не
    принято …: вышли ли они из категории, не установлено.» — never counted as left."""
    year, now = note.comparison.previous_year, note.school_year
    held = [(m.category, _undetermined(m)) for m in note.comparison.categories if _undetermined(m)]
    total = sum(n for _, n in held)
    if len(held) == 1:
        category, count = held[0]
        whom = (
            f"По {by_schools(count)}, {verb(count, 'входившей', 'входившим')} в {year} учебном году в "
            f"{CATEGORY_IN.get(category, category)},"
        )
        whether = f"{verb(count, 'вышла ли она', 'вышли ли они')} из категории, не установлено"
        which = verb(count, "Эта школа в графе «Вышли» не учтена", "Эти школы в графе «Вышли» не учтены")
    else:
        listed = ", ".join(f"{CATEGORY_NAMED.get(c, c)} — {n}" for c, n in held)
        whom = f"По школам, входившим в {year} учебном году в категории ({listed}),"
        whether = "вышли ли они из категорий, не установлено"
        which = "Эти школы в графе «Вышли» не учтены"
    return (
        f"{whom} решение о категории в {now} учебном году не принято (данных для решения недостаточно или "
        f"{verb(total, 'школа не вошла', 'школы не вошли')} в расчёт): {whether}. {which}."
    )


def _movers_table(note: IdentificationNote) -> Table:
    columns = [
        Column(key="category", label="Категория", width=1.0),
        Column(key="movement", label="Изменение", width=0.8),
        Column(key="school", label="Школа", width=2.6),
    ]
    if not _is_municipal(note):
        columns.append(Column(key="municipality", label="Муниципалитет", width=1.6))
    columns.append(Column(key="reason", label="Причина", width=4.4))
    return Table(
        title="Школы, вошедшие в категории группы риска и вышедшие из них",
        columns=columns,
        rows=[
            {
                "category": CATEGORY_SHORT[s.category],
                "movement": MOVEMENT_WORDS[s.movement],
                "school": s.school_name,
                "municipality": s.municipality_name,
                "reason": cell_reason(s.reason),
            }
            for s in note.comparison.schools
        ],
        sheet="Вошли и вышли",
    )


def _movers_appendix(note: IdentificationNote) -> Section:
    return Section(
        title="Школы, вошедшие в категории группы риска и вышедшие из них",
        appendix=True,
        blocks=[_movers_table(note).model_copy(update={"title": None})],
    )


def _dynamics_section(note: IdentificationNote, appendices: Appendices) -> Section:
    from services.reports.documents import charts  # matplotlib loads with the first chart drawn

    comparison = note.comparison
    year = comparison.previous_year
    blocks: list[Block] = []
    if comparison.previous_approved is None:
        blocks.append(Paragraph(text=f"Идентификация за {year} учебный год не проводилась: сравнивать не с чем."))
    else:
        if comparison.previous_order_number:
            basis = (
                f"с перечнем {year} учебного года, утверждённым приказом"
                f"{order_details(comparison.previous_order_date, comparison.previous_order_number)}"
            )
        else:
            basis = f"с результатами идентификации {year} учебного года (перечень не утверждён)"
        blocks.append(Paragraph(text=f"Состав категорий сравнивается {basis}."))
        unknown = any(_undetermined(m) for m in comparison.categories)
        blocks.append(
            Table(
                title="Состав категорий: было, вошли, вышли, стало",
                columns=[
                    Column(key="category", label="Категория", width=1.6),  # a year never broken at its hyphen
                    Column(key="before", label=f"Было ({year})", kind="int", width=1.8),
                    Column(key="entered", label="Вошли", kind="int", width=1.0),
                    Column(key="left", label="Вышли", kind="int", width=1.0),
                    Column(key="stayed", label="Остались", kind="int", width=1.2),
                    *([Column(key="unknown", label="Без решения", kind="int", width=1.2)] if unknown else []),
                    Column(key="after", label=f"Стало ({note.school_year})", kind="int", width=1.8),
                ],
                rows=[
                    {"category": CATEGORY_SHORT[m.category], **m.model_dump(exclude={"category"})}
                    | ({"unknown": _undetermined(m)} if unknown else {})
                    for m in comparison.categories
                ],
                sheet="Изменения",
            )
        )
        if unknown:
            blocks.append(Paragraph(text=_undetermined_text(note)))
        if comparison.schools and appendices.movers is None:
            blocks.append(_movers_table(note))
        elif comparison.schools:
            blocks.append(
                Paragraph(text=f"Перечень школ, вошедших и вышедших, с причинами — в приложении {appendices.movers}.")
            )
    if not note.years:  # no table of a header alone
        return Section(title="Динамика по сравнению с прошлым учебным годом", blocks=blocks)
    # a parameter, as set and as the criteria write it: «30 %», «33,33 %» (never «33,3 %» beside «33,33 %»)
    threshold = ru_percent(note.threshold, 2)
    blocks.append(
        Table(
            title="Показатели по учебным годам",
            columns=[
                Column(key="year", label="Учебный год", width=1.2),
                Column(key="schools", label="Школ", kind="int"),
                *[Column(key=c, label=CATEGORY_SHORT[c], kind="int") for c in RISK_CATEGORIES],
                Column(key="mean", label="Средняя доля ниже минимума", kind="percent"),
                Column(key="over", label=f"Доля школ с долей ниже минимума от {threshold}", kind="percent"),
            ],
            rows=[
                {
                    # the list is not approved, not the year
                    "year": y.school_year + ("" if y.approved else " (перечень не утверждён)"),
                    "schools": y.schools,
                    # a year of no decision on any school: no «0 ШНОР», its lists were never drawn up
                    **{c: y.categories.get(c, 0) if y.insufficient_data < y.schools else "—" for c in RISK_CATEGORIES},
                    "mean": y.mean_fail_share,
                    "over": y.over_threshold_share,
                }
                for y in note.years
            ],
            sheet="По годам",
        )
    )
    if len(note.years) > 1:
        trend = charts.share_trend(
            [y.school_year for y in note.years],
            [
                (
                    "Средняя по школам доля участников ниже минимального порога",
                    [y.mean_fail_share for y in note.years],
                ),
                (
                    f"Доля школ, где ниже минимума от {threshold} участников",
                    [y.over_threshold_share for y in note.years],
                ),
            ],
            note.threshold,
        )
        # at its own width, as drawn: its 8 pt labels never shrunk to 5 pt of a 9,5 cm picture
        title = "Доля участников ниже минимального порога по годам"
        blocks.append(Chart(title=title, png=trend, width_cm=charts.width_cm(trend)))
    return Section(title="Динамика по сравнению с прошлым учебным годом", blocks=blocks)


# --- causes -------------------------------------------------------------------------------------------


NO_RISK_GROUP = (
    "Школ группы риска в {year} учебном году нет{lacking}: факторы риска «500+», кадровые и социальные показатели "
    "и профессиональные дефициты педагогов школ группы риска не анализируются."
)
"""The causes of no school at risk: never «рисковых профилей по школам группы риска нет», as if some were."""


NO_OBJECTIVITY_DATA = "Сведений для оценки объективности результатов ВПР нет: признаки необъективности не оценивались."


def _causes_section(note: IdentificationNote, appendices: Appendices) -> Section:
    identified = sum(1 for s in note.schools if _at_risk(s))
    undecided = sum(1 for s in note.schools if not s.categories)
    lacking = f" (по {by_schools(undecided)} данных для решения недостаточно)" if undecided else ""
    blocks: list[Block] = (
        _risk_group_causes(note, identified)
        if identified
        else [Paragraph(text=NO_RISK_GROUP.format(year=note.school_year, lacking=lacking))]
    )
    flags = ""
    if note.objectivity:
        flags = "; ".join(
            f"{f.label[:1].lower()}{f.label[1:]} — {schools(f.schools)}" for f in note.objectivity if f.schools
        )  # a flag no school has is not listed «— 0 школ»
    if flags:
        where = f" Перечень — в приложении {appendices.detail}." if appendices.detail else ""
        blocks.append(Paragraph(text=f"Признаки необъективности результатов: {flags}.{where}"))
    elif not note.objectivity and not note.sources.objectivity_schools:
        # nothing was checked: no finding either way, as the sources said («сведений … нет ни по одной школе»)
        blocks.append(Paragraph(text=NO_OBJECTIVITY_DATA))
    else:
        blocks.append(Paragraph(text="Признаков необъективности результатов не выявлено."))
    if identified:
        blocks.append(note_deficits([s for s in note.schools if _at_risk(s)]))
    return Section(title="Анализ причин", blocks=blocks)


def _risk_group_causes(note: IdentificationNote, identified: int) -> list[Block]:
    """The 500+ factors of the risk group and its staffing and social indicators beside the other schools', the
    tables of the one school at risk titled of it («у школы группы риска», «Школа группы риска»), as the sentence
    above them says it."""
    one = identified == 1
    blocks: list[Block] = []
    if note.risk_factors:
        shown = _with_ties(note.risk_factors, TOP_FACTORS)
        blocks.append(Paragraph(text=_factors_text(note.risk_factors, identified)))
        blocks.append(
            Table(
                title=f"Факторы риска «500+» у {'школы' if one else 'школ'} группы риска",
                columns=[
                    Column(key="number", label="№ фактора", kind="int", width=0.7),
                    Column(key="name", label="Фактор риска", width=4.5),
                    Column(key="high", label="Высокий уровень", kind="int"),
                    Column(key="medium", label="Средний уровень", kind="int"),
                    Column(key="schools", label="Всего школ", kind="int"),
                ],
                rows=[f.model_dump() for f in shown],
                sheet="Факторы риска",
            )
        )
        rarer = [f for f in _by_frequency(note.risk_factors) if f not in shown]
        if rarer:  # no factor the identification counted lost under the table
            noted = "Реже отмечен фактор" if len(rarer) == 1 else "Реже отмечены факторы"
            named = "; ".join(f"{quoted(f.name)} ({schools(f.schools)})" for f in rarer)
            blocks.append(Paragraph(text=f"{noted} риска «500+»: {named}.", style="note"))
    else:
        none = "Рискового профиля «500+» у школы" if one else "Рисковых профилей «500+» по школам"
        blocks.append(Paragraph(text=f"{none} группы риска за этот год нет."))
    if note.indicators:
        risk_group = "Школа группы риска" if one else "Школы группы риска"
        blocks.append(
            Table(
                title=f"Кадровые и социальные показатели: {risk_group.lower()} и остальные школы",
                columns=[
                    Column(key="label", label="Показатель", width=4.0),
                    Column(key="identified", label=risk_group, width=1.3),
                    Column(key="others", label="Остальные школы", width=1.3),
                ],
                rows=[
                    {
                        "label": i.label,
                        "identified": figure_cell(i.identified, i.unit),
                        "others": figure_cell(i.others, i.unit),
                    }
                    for i in note.indicators
                ],
                sheet="Кадры и контингент",
            )
        )
    return blocks


def _by_frequency(factors: list[RiskFactorCount]) -> list[RiskFactorCount]:
    """The factors the most frequent first, a tie in the order of their numbers (as identification ranks them)."""
    return sorted(factors, key=lambda f: (-f.schools, f.number))


def _with_ties(factors: list[RiskFactorCount], count: int) -> list[RiskFactorCount]:
    """The `count` most frequent factors and every other of as many schools as the last of them: never one of two
    factors of 2 schools named as the most frequent and the other left out by its number."""
    ranked = _by_frequency(factors)
    if len(ranked) <= count:
        return ranked
    last = ranked[count - 1].schools
    return [f for index, f in enumerate(ranked) if index < count or f.schools == last]


def _factors_text(factors: list[RiskFactorCount], identified: int) -> str:
    """«Среди 7 школ группы риска наиболее часто встречаются факторы …: «…» (4 школы); …»; of the one school at risk,
    its factors as the table lists them, «У школы группы риска отмечены факторы …», never «Среди 1 школы … наиболее
    часто встречается» nor «(1 школа)» after each."""
    if identified == 1:
        own = _with_ties(factors, TOP_FACTORS)
        noted = "отмечен фактор" if len(own) == 1 else "отмечены факторы"
        names = "; ".join(quoted(f.name) for f in own)
        return f"У школы группы риска {noted} риска проекта «500+» высокого и среднего уровня: {names}."
    top = _with_ties(factors, 3)
    return (
        f"Среди {of_schools(identified)} группы риска наиболее часто "
        + ("встречается фактор" if len(top) == 1 else "встречаются факторы")
        + " риска проекта «500+» высокого и среднего уровня: "
        + "; ".join(f"{quoted(f.name)} ({schools(f.schools)})" for f in top)
        + "."
    )


def _pairs(sources: Sources, note: IdentificationNote) -> list[MentorPairItem] | None:
    """The mentor pairs of the territory working in the note's school year or the next (when support goes on)."""
    territory = note.territory
    found: dict[int, MentorPairItem] = {}
    for year in (note.school_year, shift_school_year(note.school_year, 1)):
        query = {"school_year": year} | ({"municipality": territory.code} if territory.kind == "municipality" else {})
        pairs = read_pairs(sources.roadmap, query)
        if pairs is None:
            return None
        found.update({p.id: p for p in pairs})
    return list(found.values())  # in the order `pairs_section` lists them (`people.pair_order`)


# --- conclusions and recommendations ------------------------------------------------------------------


def _relation(own: float, other: float) -> str:
    """How one share stands to another as `percent` prints them: «15,3 %» is on a level with «15,3 %», never
    «выше» it because the unrounded 0.15254 exceeds 0.15251."""
    mine, theirs = (rounded(exact(share) * 100, 1) for share in (own, other))
    return "выше" if mine > theirs else "ниже" if mine < theirs else "на уровне"


def _gap(note: IdentificationNote) -> str:
    own, region = note.aggregates.territory.mean_fail_share, note.aggregates.region.mean_fail_share
    if own is None or region is None or missing(own) or missing(region) or not _is_municipal(note):
        return ""
    return (
        f" Средняя по школам доля участников ниже минимального порога ({percent(own)}) "
        f"{_relation(own, region)} средней по региону ({percent(region)})."
    )


def _needing_support(risk: int, total: int, undecided: int = 0) -> str:
    """«Анализ показал, что 2 школы из 5 (40,0 %) нуждаются в адресной поддержке», and for none of them, or no
    schools at all, a sentence that claims no «0 школ из 0 (0,0 %)»; a school without a decision (`undecided`) is
    never said to need no support."""
    if not total:
        return "Школ для анализа нет: в идентификацию не включена ни одна школа"
    if risk:
        return (
            f"Анализ показал, что {schools(risk)} из {total} ({percent(risk / total)}) "
            f"{verb(risk, 'нуждается', 'нуждаются')} в адресной поддержке"
        )
    decided = total - undecided
    if not decided:
        which = "по единственной школе" if total == 1 else f"ни по одной из {of_schools(total)}"
        return f"Решение о категории не принято {which}: данных для решения недостаточно"
    if not undecided:
        which = "единственная школа" if total == 1 else f"ни одна из {of_schools(total)}"
        return f"Анализ показал, что {which} не нуждается в адресной поддержке"
    which = (
        "единственная школа, по которой принято решение,"
        if decided == 1
        else f"ни одна из {of_schools(decided)}, по которым принято решение,"
    )
    lacking = f"по {by_schools(undecided)} данных для решения недостаточно"
    return f"Анализ показал, что {which} не нуждается в адресной поддержке; {lacking}"


def _conclusions(note: IdentificationNote) -> str:
    counts = note.counts
    risk = [s for s in note.schools if any(c in s.categories for c in RISK_CATEGORIES)]
    breakdown = [  # the categories some school is in: never «ШНСУ — 0» in running text
        f"{label} — {counts.get(code, 0)}"
        for code, label in (("low_results", "ШНОР"), ("unfavourable_social", "ШНСУ"), ("risk_zone", "зона риска"))
        if counts.get(code, 0)
    ]
    undecided = sum(1 for s in note.schools if not s.categories)
    text = _needing_support(len(risk), len(note.schools), undecided)
    text += f": {', '.join(breakdown)}." if breakdown else "."
    text += _changes(note)
    text += _gap(note)
    if note.risk_factors:
        text += _leading_factors(note.risk_factors)
    return text


def _leading_factors(factors: list[RiskFactorCount]) -> str:
    """« Ведущий фактор риска — «…».», or every factor as frequent as the first: « Ведущие факторы риска — «…» и
    «…».», never one of two factors of as many schools called the leading one for coming first in the data."""
    most = max(f.schools for f in factors)
    leading = [quoted(f.name) for f in factors if f.schools == most]
    if len(leading) == 1:
        return f" Ведущий фактор риска — {leading[0]}."
    return f" Ведущие факторы риска — {_and_list(leading)}."


CHANGE_SUBJECTS = {"low_results": "ШНОР", "unfavourable_social": "ШНСУ", "risk_zone": "школ в зоне риска"}


def _change(before: int, after: int, undetermined: int = 0) -> str:
    """«сократилось на 1 школу (3 → 2)», «выросло на 2 школы (1 → 3)», «не изменилось (2)»: by how many schools,
    in words, not only two figures the head has to subtract; with the schools of last year's list that have no
    decision this year said beside (`undetermined`), a fall that is missing data not read as schools that left."""
    unknown = f"; по {by_schools(undetermined)} прошлогоднего перечня решение не принято" if undetermined else ""
    if before == after:
        return f"не изменилось ({after}{unknown})"
    trend = "сократилось" if after < before else "выросло"
    return f"{trend} на {plural(abs(after - before), 'школу', 'школы', 'школ')} ({before} → {after}{unknown})"


def _changes(note: IdentificationNote) -> str:
    """« Число ШНОР по сравнению с прошлым годом сократилось на 1 школу (3 → 2), число школ в зоне риска выросло
    …»: every risk category the comparison holds, in the order of the lists, not ШНОР alone while the zone of risk
    doubled; nothing in a first year (no year before to compare with) nor in a year of no decision on any school."""
    if note.comparison.previous_approved is None or all(not s.categories for s in note.schools):
        return ""  # no decision this year: «сократилось на 3 школы (3 → 0)» would be no change but missing data
    held = {m.category: m for m in note.comparison.categories if m.category in CHANGE_SUBJECTS}
    parts = [
        (CHANGE_SUBJECTS[code], _change(held[code].before, held[code].after, _undetermined(held[code])))
        for code in RISK_CATEGORIES
        if code in held and (held[code].before or held[code].after)
    ]
    if not parts:
        return ""
    (subject, change), rest = parts[0], parts[1:]
    texts = [f"Число {subject} по сравнению с прошлым годом {change}", *(f"число {s} {c}" for s, c in rest)]
    return " " + ", ".join(texts) + "."


def _start(note: IdentificationNote, today: date) -> date:
    """When the work the note recommends starts: the school year after the identified one, or today if later."""
    return max(today, date(int(note.school_year[5:]), 9, 1))


def _deadline(note: IdentificationNote, today: date, days: int) -> str:
    return ru_date(working_day(_start(note, today) + timedelta(days=days)))


def _next_september(note: IdentificationNote, today: date) -> str:
    start = _start(note, today)
    return ru_date(working_day(date(start.year + (1 if start.month >= 9 else 0), 9, 1)))


def _recommendations(note: IdentificationNote, today: date) -> Table:
    authority = _authority(note)
    local = (
        authority
        if _is_municipal(note)
        else "органы местного самоуправления, осуществляющие управление в сфере образования"
    )
    risk = [s for s in note.schools if any(c in s.categories for c in RISK_CATEGORIES)]
    mentors = [
        _in_text(note, s)
        for s in note.schools
        if "effective" in s.categories and ({"mentor", "support_centre"} & set(s.roles))
    ]
    rows: list[dict[str, object]] = []

    def add(text: str, who: str, when: str) -> None:
        rows.append({"number": len(rows) + 1, "task": text, "who": who, "when": when})

    if risk:
        text = (
            f"Закрепить за школами группы риска ({schools(len(risk))}) кураторов и школы-наставники"
            if len(risk) > 1
            else "Закрепить за школой группы риска куратора и школу-наставника"
        )
        if mentors:
            text += f" (рекомендуются: {', '.join(mentors[:3])})"
        add(text, local[:1].upper() + local[1:], f"до {_deadline(note, today, 14)}")
        leading = _with_ties(note.risk_factors, 2)  # the two most frequent, and any as frequent as the second
        factors = _and_list([quoted(f.name) for f in leading]) if leading else ""  # «А, Б и В», never «А и Б и В»
        by_factors = "по фактору риска" if len(leading) == 1 else "по факторам риска"  # one factor, not «факторам»
        one = len(risk) == 1  # one school at risk: its programme, its head — never «программы школ» of one school
        if len(leading) > 3:  # many factors as frequent: the section that names them, not a list of eight here
            by_factors, factors = (
                "по факторам риска",
                ("школы (раздел «Анализ причин»)" if one else "школ, отмеченным чаще других (раздел «Анализ причин»)"),
            )
        programmes = (
            "антирисковую программу (программу перехода в эффективный режим работы) школы"
            if one
            else "антирисковые программы (программы перехода в эффективный режим работы) школ"
        )
        add(
            f"Разработать и утвердить {programmes} группы риска"
            + (f" с мерами {by_factors} {factors}" if factors else ""),
            "Руководитель школы группы риска" if one else "Руководители школ группы риска",
            f"до {_deadline(note, today, 30)}",
        )
        add(
            "Рассмотреть на заседаниях методических объединений учителей русского языка и математики результаты "
            f"{'школы' if one else 'школ'} группы риска, спланировать адресную методическую помощь и повышение "
            "квалификации педагогов",
            "Руководители методических объединений",
            f"до {_deadline(note, today, 45)}",
        )
    flagged = [s for s in note.schools if s.objectivity]
    if flagged or any(f.schools for f in note.objectivity):
        where = "в школе" if len(flagged) == 1 else "в школах"
        add(
            f"Проверить объективность результатов ВПР {where} с признаками необъективности, обеспечить "
            "независимое наблюдение при проведении процедур",
            local[:1].upper() + local[1:],
            f"до {_deadline(note, today, 60)}",
        )
    undecided = note.counts.get("insufficient_data", 0)
    if undecided:
        lacking = [s for s in note.schools if not s.categories]
        add(
            f"Обеспечить полноту данных оценочных процедур и показателей по школе, где данных для решения "
            f"недостаточно ({_in_text(note, lacking[0])})"
            if undecided == 1 and len(lacking) == 1
            else f"Обеспечить полноту данных оценочных процедур и показателей по школам, где данных для решения "
            f"недостаточно ({schools(undecided)})",
            "Руководитель школы" if undecided == 1 else "Руководители школ",
            f"до {_deadline(note, today, 30)}",
        )
    add(  # no programmes to monitor when no school is at risk
        (
            f"Провести мониторинг реализации {'антирисковой программы' if len(risk) == 1 else 'антирисковых программ'}"
            " и повторную идентификацию по итогам учебного года"
        )
        if risk
        else "Провести повторную идентификацию по итогам учебного года",
        authority,
        f"до {_next_september(note, today)}",
    )
    return Table(
        title="Рекомендации",
        columns=[
            Column(key="number", label="№", kind="int", width=0.4),
            Column(key="task", label="Мероприятие", width=5.5),
            Column(key="who", label="Ответственные", width=2.2),
            Column(key="when", label="Срок", width=1.2),
        ],
        rows=rows,
        sheet="Рекомендации",
    )


def _conclusions_section(note: IdentificationNote, params: ReportParams, today: date) -> Section:
    blocks: list[Block] = [Paragraph(text=_conclusions(note)), _recommendations(note, today)]
    blocks.extend(methodist_paragraphs(params.extra_text))
    blocks.append(signature(params, head_post(note.territory.kind, note.territory.name)))
    return Section(title="Выводы и рекомендации", blocks=blocks)


# --- appendices ---------------------------------------------------------------------------------------


def _after_colon(text: str) -> str:
    """A rule's reason after its label and a colon, as a sentence goes on: «…: средний результат …», never «…:
    Средний результат»; a reason opening with an abbreviation («ВПР, математика …») stays as it is."""
    return text[:1].lower() + text[1:] if text[1:2].islower() or text[1:2] == " " else text


def _rules_text(school: NoteSchool) -> str:
    """The fired rules with their figures, and an expert adjustment with what the computation said."""
    rules = "\n".join(
        f"{f.label}: {_after_colon(readable_reason(f.reason.strip()))}" if f.reason.strip() else f.label
        for f in school.fired
    ) or ("Недостаточно данных для решения" if not school.categories else "—")
    if school.overridden:
        computed = (
            categories_text(in_list_order(school.computed_categories), in_sentence=True)
            if school.computed_categories
            else "нет"
        )
        rules += f"\nЭкспертная корректировка (по расчёту: {computed})"
        if school.override_reason:
            rules += f": {school.override_reason}"
    return rules


def _detail_title(note: IdentificationNote) -> str:
    """What the detail appendix lists, as it lists it: the schools at risk, without a decision and — a school in
    effective mode with a sign of biased results among its rows — with such signs, each named only when the table
    has a row of it and in the singular of one school: «Сведения по школе группы риска», never «… по школам группы
    риска и школам без решения» over one row."""
    listed = _detail_schools(note)
    groups = (
        (sum(_at_risk(s) for s in listed), "группы риска"),
        (sum(not s.categories for s in listed), "без решения"),
        (sum(bool(s.categories) and not _at_risk(s) for s in listed), "с признаками необъективности результатов"),
    )
    return "Сведения по " + _and_list([f"{'школе' if n == 1 else 'школам'} {what}" for n, what in groups if n])


def _detail_appendix(note: IdentificationNote) -> Section:
    rows: list[dict[str, object]] = []
    for school in _detail_schools(note):
        rows.append(
            {
                "number": len(rows) + 1,
                "code": school.school_code,
                "school": school.school_name,
                "municipality": school.municipality_name,
                "categories": categories_text(in_list_order(school.categories))
                if school.categories
                else "недостаточно данных",
                "rules": _rules_text(school),
                "warnings": "\n".join(
                    [*school.warnings, *(f"Признак необъективности: {o}" for o in school.objectivity)]
                )
                or "—",  # none: a dash, as every empty cell of a signed table, never a blank
            }
        )
    columns = [
        Column(key="number", label="№", kind="int", width=0.4),
        Column(key="code", label="Код ОО", width=1.5),  # a seven-digit code on one line, never «990100» over «6»
    ]
    regional = not _is_municipal(note)
    # a town's name whole in the narrower columns of the regional table: never «Каменноборс» over «к»
    columns.append(Column(key="school", label="Школа", width=2.4 if regional else 2.0))
    if regional:
        columns.append(Column(key="municipality", label="Муниципалитет", width=1.4))
    columns += [
        # «Эффективный режим» and «ШНОР, зона риска» wide enough for their longest word: the PDF never reads
        # «Эффективны» over «й режим»
        Column(key="categories", label="Категории", width=1.9),
        Column(key="rules", label="Сработавшие правила и показатели", width=3.0 if regional else 3.7),
        Column(key="warnings", label="Предупреждения о данных", width=2.8 if regional else 3.0),
    ]
    return Section(
        title=_detail_title(note),
        appendix=True,
        blocks=[Table(columns=columns, rows=rows, sheet="Сведения по школам")],
    )


_UNSET = re.compile(r":[ \u00a0]*(?=;|$)")


def _parameters_text(text: str) -> str:
    """A rule's parameters as identification lists them, a parameter not set read as a dash («Показатель: —»),
    never a colon before nothing («Показатель: ;»)."""
    return _UNSET.sub(": —", text.strip()) or "—"


def _methodology_text(methodology: NoteMethodology) -> str:
    """«Методика …, версия 2. Сочетание правил в категориях: …», the second sentence only when some category
    combines rules (a methodology of one rule per category has nothing to combine): never a colon before nothing."""
    text = f"{methodology.name}, версия {methodology.version}."
    combine = methodology.combine.strip()
    return f"{text} Сочетание правил в категориях: {combine}." if combine else text


def _parameters_appendix(note: IdentificationNote) -> Section:
    methodology = note.methodology
    return Section(
        title="Параметры методики идентификации",
        appendix=True,
        blocks=[
            Paragraph(text=_methodology_text(methodology)),
            Table(
                columns=[
                    Column(key="number", label="№", kind="int", width=0.4),
                    # a rule's longest word whole: «Труднодоступный», «необъективности» never broken in the PDF
                    Column(key="label", label="Правило", width=2.6),
                    Column(key="category", label="Категория", width=1.0),
                    Column(key="enabled", label="Применяется", width=0.9),
                    Column(key="description", label="Условие", width=3.5),
                    Column(key="parameters", label="Параметры", width=3.4),
                ],
                rows=[
                    {
                        "number": i,
                        "label": p.label,
                        "category": p.category_label,
                        "enabled": "да" if p.enabled else "нет",
                        "description": p.description,
                        "parameters": _parameters_text(p.parameters),
                    }
                    for i, p in enumerate(methodology.parameters, start=1)
                ],
                sheet="Параметры методики",
            ),
        ],
    )


# --- the note -----------------------------------------------------------------------------------------


def build(params: ReportParams, sources: Sources, today: date) -> Document:
    require(params, "school_year")
    note = read_note(sources, params)
    appendices = Appendices.plan(note)
    territory = note.territory
    appendix_to, registration = registration_or_appendix(params, authority_genitive(territory.kind, territory.name))
    decided = any(s.categories for s in note.schools)  # no decision this year: no outcome of last year's list
    effects = effects_section(sources.roadmap, note.school_year, territory, decided=decided)
    pairs = pairs_section(_pairs(sources, note))
    return Document(
        report_type="identification_note",
        authority=_authority(note),
        title=TITLE,
        subtitle=f"{territory.name}; {note.school_year} учебный год",  # «;» as every document's subtitle
        issued=today,
        show_issued=False,
        appendix_to=appendix_to,
        registration=registration,
        sections=[
            _introduction(note, params),
            _sources_section(note),
            _criteria_section(note, appendices),
            _results_section(note, appendices),
            _dynamics_section(note, appendices),
            _causes_section(note, appendices),
            *([pairs] if pairs else []),
            *([effects] if effects else []),
            _conclusions_section(note, params, today),
            *([_lists_appendix(note)] if appendices.lists else []),
            *([_movers_appendix(note)] if appendices.movers else []),
            *([_detail_appendix(note)] if appendices.detail else []),
            _parameters_appendix(note),
        ],
    )
