"""The people behind the results in the documents: the teachers' professional deficits (the share of teachers at
the critical level per competence, from the latest «5К» diagnosis), the staffing-related 500+ factors beside
them, and the mentor school pairs, read from roadmap over HTTP (`services.shared.contracts.mentoring`)."""

from __future__ import annotations

import re
from datetime import date

from pydantic import TypeAdapter

from services.reports.documents.common import (
    IDENTIFICATION,
    ROADMAP,
    natural_key,
    percent_figure,
    ru_date,
    ru_percent,
)
from services.reports.documents.model import Column, Paragraph, Section, Table
from services.reports.documents.sources import Sources
from services.shared.contracts.competence import CompetenceProfile, DeficitShare
from services.shared.contracts.identification_note import NoteSchool
from services.shared.contracts.mentoring import MentorPairItem
from services.shared.errors import ServiceUnavailable
from services.shared.remote import RemoteService

LEVEL_WORDS = {"high": "высокий уровень", "medium": "средний уровень"}
PAIRS_TITLE = "Наставничество: пары «школа-наставник — подшефная школа»"
_PAIRS = TypeAdapter(list[MentorPairItem])


def _lower_first(text: str) -> str:
    """A competence's title inside a sentence: «Коммуникативная компетенция» → «коммуникативная …», but an
    abbreviation it opens with stays as written («ИКТ-компетенция», never «иКТ-компетенция»)."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def share_digits(share: float | None) -> int:
    """Whole percents, as the diagnosis reports its shares («40 %»); one decimal for a share that whole percents
    would print as «0 %» though some teacher is at the critical level (1 of 250: «0,4 %», never «0 % педагогов на
    критическом уровне» named as a deficit)."""
    return 1 if share and share * 100 < 0.5 else 0


def deficit_lines(deficits: list[DeficitShare]) -> list[str]:
    """«предметно-методологическая компетенция: 40 % педагогов на критическом уровне», for every competence
    with teachers at the critical level."""
    return [
        f"{_lower_first(d.title)}: {ru_percent(d.critical_share, share_digits(d.critical_share))} педагогов "
        "на критическом уровне"
        for d in deficits
        if d.critical_share
    ]


def _diagnosis(title: str, stage: str, held_on: date, teachers: int) -> str:
    return f"{title} ({stage} диагностика от {ru_date(held_on)}, оценено педагогов: {teachers})"


def _note_row(school: NoteSchool) -> dict[str, object]:
    competence = school.competence
    if competence is None:
        diagnosis, deficits = "Диагностика не проводилась", "—"
    else:
        diagnosis = _diagnosis(
            competence.campaign_title, competence.stage_label, competence.held_on, competence.teachers
        )
        deficits = "\n".join(deficit_lines(competence.deficits)) or "педагогов на критическом уровне нет"
    factors = [f"{f.name} ({LEVEL_WORDS[f.level]})" for f in school.staffing_factors]
    return {
        "school": school.school_name,
        "diagnosis": diagnosis,
        "deficits": deficits,
        "factors": "\n".join(factors) or "—",
    }


def note_deficits(schools: list[NoteSchool]) -> Table | Paragraph:
    """The identification note's table of the risk group's deficits with the staffing 500+ factors beside."""
    known = [s for s in schools if s.competence is not None or s.staffing_factors]
    of_risk = "школы группы риска" if len(schools) == 1 else "школ группы риска"  # one school: the singular
    if not known:
        them = "неё" if len(schools) == 1 else "них"
        return Paragraph(
            text=f"Диагностика профессиональных компетенций педагогов {of_risk} не проводилась, кадровые "
            f"факторы риска «500+» для {them} не отмечены."
        )
    titled = "школы группы риска" if len(known) == 1 else "школ группы риска"
    return Table(
        title=f"Профессиональные дефициты педагогов и кадровые факторы риска «500+» {titled}",
        columns=[
            Column(key="school", label="Школа", width=2.2),
            Column(key="diagnosis", label="Диагностика", width=2.4),
            Column(key="deficits", label="Профессиональные дефициты (доля педагогов на критическом уровне)", width=4),
            Column(key="factors", label="Кадровые факторы риска «500+»", width=2.6),
        ],
        rows=[_note_row(s) for s in known],
        sheet="Дефициты педагогов",
    )


def read_pairs(roadmap: RemoteService, params: dict[str, str]) -> list[MentorPairItem] | None:
    """The pairs roadmap shows the caller; None when roadmap does not answer."""
    try:
        return _PAIRS.validate_python(roadmap.get(f"{ROADMAP}/mentor-pairs", params))
    except ServiceUnavailable:
        return None


def agreement_number(text: str) -> str:
    """The agreement's number as the document puts it after its own «№»: «№ 12-С» or «N12-С» typed into the
    number reads «12-С», never «договор № № 12-С»."""
    return re.sub(r"^(?:№+|(?:No\.?|N)(?=\s*\d))\s*", "", text.strip())


def basis(pair: MentorPairItem) -> str:
    """«договор № 12-С от 01.09.2024»."""
    number_text = agreement_number(pair.agreement_number)
    if not number_text and pair.agreement_date is None:
        return "—"
    number = f" № {number_text}" if number_text else ""
    when = f" от {ru_date(pair.agreement_date)}" if pair.agreement_date else ""
    return f"договор{number}{when}"


def _period(pair: MentorPairItem) -> str:
    """«01.09.2024 – 31.05.2025»; open-ended, «с 01.09.2024, без срока окончания» (never «01.09.2024 – без …»)."""
    if pair.ends_on is None:
        return f"с {ru_date(pair.starts_on)}, без срока окончания"
    return f"{ru_date(pair.starts_on)} – {ru_date(pair.ends_on)}"


def _with_head(name: str, head: str) -> str:
    return f"{name}\n(руководитель {head})" if head else name


def pair_order(pair: MentorPairItem) -> tuple[object, ...]:
    """The pairs as people look them up: by the supported school's name with its numbers in order («СОШ № 2»
    before «СОШ № 10», «ё» with «е»), then its mentor's, then when the pair started; whatever order roadmap gave."""
    return (natural_key(pair.supported_school_name), natural_key(pair.mentor_school_name), pair.starts_on, pair.id)


def pairs_section(pairs: list[MentorPairItem] | None, numbered: bool = True) -> Section | None:
    """The pairs as a table (mentor, supported, basis, period, rationale); None when there are none."""
    if pairs is None:
        return Section(
            title=PAIRS_TITLE,
            numbered=numbered,
            blocks=[Paragraph(text="Сведения о парах наставничества сейчас недоступны.")],
        )
    if not pairs:
        return None
    rows = [
        {
            "number": i,
            "mentor": _with_head(p.mentor_school_name, p.mentor_head),
            "supported": _with_head(p.supported_school_name, p.supported_head),
            "basis": basis(p),
            "period": _period(p),
            "rationale": p.rationale or "—",
        }
        for i, p in enumerate(sorted(pairs, key=pair_order), start=1)
    ]
    table = Table(
        columns=[
            Column(key="number", label="№", kind="int", width=0.4),
            Column(key="mentor", label="Школа-наставник", width=2.4),
            Column(key="supported", label="Подшефная школа", width=2.4),
            Column(key="basis", label="Основание", width=1.8),
            Column(key="period", label="Срок", width=1.6),
            Column(key="rationale", label="Обоснование", width=3.0),
        ],
        rows=rows,
        sheet="Наставничество",
    )
    return Section(title=PAIRS_TITLE, numbered=numbered, blocks=[table])


def competence_section(sources: Sources, school_code: str) -> Section:
    """The school card's section: the school's latest diagnosis, its deficits per competence and the change."""
    title = "Профессиональные компетенции педагогов"
    try:
        profile = CompetenceProfile.model_validate(
            sources.identification.get(f"{IDENTIFICATION}/competence/schools/{school_code}/profile")
        )
    except ServiceUnavailable:
        return Section(title=title, blocks=[Paragraph(text="Сведения о диагностике сейчас недоступны.")])
    if profile.campaign is None or profile.result is None:
        return Section(title=title, blocks=[Paragraph(text="Диагностика компетенций педагогов школы не проводилась.")])
    campaign, result = profile.campaign, profile.result
    lines = deficit_lines([d for d in result.deficits if d.code in profile.critical_competences])
    summary = _diagnosis(campaign.title, campaign.stage_label, campaign.held_on, result.teachers) + ". "
    summary += (
        "Профессиональные дефициты: " + "; ".join(lines) + "." if lines else "Профессиональных дефицитов не выявлено."
    )
    table = Table(
        columns=[
            Column(key="title", label="Компетенция", width=3.0),
            Column(key="teachers", label="Оценено педагогов", kind="int", width=1.0),
            Column(key="critical", label="На критическом уровне", kind="int", width=1.0),
            Column(key="share", label="Доля на критическом уровне", width=1.2),
            Column(key="previous", label="Доля на прошлом этапе", width=1.2),
            Column(key="mean", label="Средний % от максимума", width=1.2),
        ],
        rows=[
            {
                "title": d.title,
                "teachers": d.teachers,
                "critical": d.critical,
                "share": percent_figure(d.critical_share, share_digits(d.critical_share)),  # a number in XLSX
                "previous": percent_figure(d.previous_critical_share, share_digits(d.previous_critical_share)),
                "mean": percent_figure(None if d.mean_percent is None else d.mean_percent / 100, 0),
            }
            for d in result.deficits
        ],
        sheet="Компетенции педагогов",
    )
    return Section(title=title, blocks=[Paragraph(text=summary), table])
