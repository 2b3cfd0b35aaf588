"""The note's section «Что работает»: the measures that schools of the previous year's list completed, and how
their share below the minimum changed against comparable schools, read from the roadmap service."""

from __future__ import annotations

from services.reports.documents.common import ROADMAP, SUBJECT_LABELS, number_figure, of_schools, percent_figure
from services.reports.documents.model import POINTS, Block, Column, Figure, Paragraph, Section, Table, exact
from services.shared.contracts.effects import EffectsReport, SubjectSummary
from services.shared.contracts.identification_note import NoteTerritory
from services.shared.errors import ServiceUnavailable
from services.shared.remote import RemoteService
from services.shared.school_year import shift_school_year

TITLE = "Что работает: выполненные меры и изменение результатов школ"


def _points(value: float | None) -> str:
    return str(_points_cell(value))  # the interval's ends read as the differences do: «−3,2 … +5,0»


def _points_cell(value: float | None) -> Figure | str:
    """A change of a share in percentage points, signed: «+14,3» printed, 14.3 in XLSX."""
    return "—" if value is None else number_figure(float(exact(value) * 100), signed=True, keep_zeros=True)


def _subject(summary: SubjectSummary) -> str:
    """The subject as the note and the school card write it, «математика» (`common.subject_label`), whatever case
    roadmap gave its label in («Математика»); a label of a subject the vocabulary lacks with its first letter small,
    an abbreviation («ИКТ») as it is."""
    if summary.subject in SUBJECT_LABELS:
        return SUBJECT_LABELS[summary.subject]
    label = summary.subject_label.strip() or summary.subject
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def subjects_table(subjects: list[SubjectSummary], school_year: str, next_year: str) -> Table:
    """The change of the share below the minimum by procedure and subject over the listed schools."""
    return Table(
        title=f"Доля обучающихся ниже минимального порога у школ списка по процедурам и предметам, "
        f"{school_year} → {next_year}",
        columns=[
            Column(key="procedure", label="Процедура", width=1),
            Column(key="subject", label="Предмет", width=2.5),
            Column(key="schools", label="Школ", kind="int"),
            Column(key="before", label=school_year),
            Column(key="after", label=next_year),
            Column(key="change", label=f"Среднее по школам изменение доли, {POINTS}"),
        ],
        rows=[
            {
                "procedure": s.procedure,
                "subject": _subject(s),
                "schools": s.schools,
                "before": percent_figure(s.share_before, keep_zeros=True),
                "after": percent_figure(s.share_after, keep_zeros=True),
                "change": _points_cell(s.change),
            }
            for s in subjects
        ],
        sheet="По предметам",
    )


SUBJECTS_NOTE = (
    "Доли ниже минимального порога — по всем участникам школ списка вместе; изменение — среднее изменений долей "
    "отдельных школ, поэтому оно может не совпадать с разностью долей и даже иметь другой знак: у небольших школ "
    "доля меняется сильнее, а в общую долю они входят малым числом участников."
)
"""Under the table by procedure and subject: why «16,5 % → 18,4 %» may stand beside a mean change of «−10,9»."""

OUTCOMES = (
    ("left", "вышли из категорий риска"),
    ("stayed", "остались в тех же категориях"),
    ("moved", "сменили категорию"),
    ("unknown", "нет данных"),
)


ONE_OUTCOME = {
    "left": "вышла из категорий риска",
    "stayed": "осталась в тех же категориях",
    "moved": "сменила категорию",
}
"""The outcome of the list's only school, as a sentence about it says it: never «вышли из категорий риска — 1»."""


def _outcome_sentence(counts: dict[str, int], listed_year: str, school_year: str) -> str:
    """«Из 3 школ согласованного списка 2022-2023 учебного года в 2023-2024 учебном году вышли из категорий риска —
    2, …»; of one school, «Единственная школа согласованного списка … вышла из категорий риска»."""
    total = sum(counts.values())
    if total == 1:
        outcome = next(key for key, count in counts.items() if count)
        if outcome in ONE_OUTCOME:
            return (
                f"Единственная школа согласованного списка {listed_year} учебного года в {school_year} учебном году "
                f"{ONE_OUTCOME[outcome]}."
            )
        return (
            f"По единственной школе согласованного списка {listed_year} учебного года сведений об исходе "
            f"в {school_year} учебном году нет."
        )
    return (
        f"Из {of_schools(total)} согласованного списка {listed_year} учебного года "
        f"в {school_year} учебном году {_outcomes(counts)}."
    )


def _outcomes(counts: dict[str, int]) -> str:
    """«вышли из категорий риска — 2, остались в тех же категориях — 1»: an outcome no school had is left out,
    never «сменили категорию — 0, нет данных — 0»."""
    return ", ".join(f"{words} — {counts[key]}" for key, words in OUTCOMES if counts.get(key)) or "исход не известен"


def undetermined_sentence(total: int, listed_year: str, school_year: str) -> str:
    """The outcome of last year's list when no school has a decision this year: neither left nor stayed."""
    whose = (
        f"единственной школы согласованного списка {listed_year} учебного года"
        if total == 1
        else f"{of_schools(total)} согласованного списка {listed_year} учебного года"
    )
    return (
        f"Исход для {whose} в {school_year} учебном году не определён: решение о категории в {school_year} учебном "
        f"году не принято ни по одной школе (данных для решения недостаточно). Выводы о действенности мер не делаются."
    )


def effects_section(
    roadmap: RemoteService, school_year: str, territory: NoteTerritory, *, decided: bool = True
) -> Section | None:
    """For a note of year Y: the schools of Y−1's list, the measures of their plans of Y, the outcome in Y.
    None when there was no agreed list a year before (nothing to say). When no school has a decision in Y
    (`decided` false), no school of the list left or stayed in a category: the outcome is undetermined and no
    measure is said to work or not."""
    listed_year = shift_school_year(school_year, -1)
    params = {"school_year": listed_year} | (
        {"municipality": territory.code} if territory.kind == "municipality" else {}
    )
    try:
        report = EffectsReport.model_validate(roadmap.get(f"{ROADMAP}/effects", params))
    except ServiceUnavailable:
        return Section(title=TITLE, blocks=[Paragraph(text="Сведения о выполнении мер сейчас недоступны.")])
    counts = report.outcomes
    total = sum(counts.values())
    if not total:
        return None
    if not decided:
        return Section(title=TITLE, blocks=[Paragraph(text=undetermined_sentence(total, listed_year, school_year))])
    blocks: list[Block] = [
        Paragraph(text=_outcome_sentence(counts, listed_year, school_year)),
        Paragraph(text=report.method, style="note"),
    ]
    if not report.measures:
        blocks.append(Paragraph(text=f"В планах {school_year} учебного года для этих школ мер из библиотеки нет."))
    else:
        blocks.append(_measures_table(report))
    if report.subjects:
        blocks += [
            subjects_table(report.subjects, listed_year, school_year),
            Paragraph(text=SUBJECTS_NOTE, style="note"),
        ]
    return Section(title=TITLE, blocks=blocks)


def _measures_table(report: EffectsReport) -> Table:
    return Table(
        title="Меры и разность изменения доли обучающихся ниже порога",
        columns=[
            Column(key="title", label="Мера", width=4),
            Column(key="completed", label="Выполнили, школ", kind="int"),
            Column(key="compared", label="Сравнение, школ (выполнили / нет)"),
            Column(key="effect", label=f"Разность, {POINTS}"),
            Column(key="interval", label=f"95 % интервал, {POINTS}"),
            Column(key="verdict", label="Вывод", width=2),
        ],
        rows=[
            {
                "title": m.title,
                "completed": m.completed,
                "compared": f"{m.compared_completed} / {m.compared_others}",
                "effect": _points_cell(m.effect),
                "interval": "—" if m.low is None else f"{_points(m.low)} … {_points(m.high)}",
                "verdict": m.verdict_label,
            }
            for m in report.measures
        ],
    )
