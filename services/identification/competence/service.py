"""Diagnostics: cards, teachers, campaigns, scores entered or imported, and results with deficits."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from sqlmodel import Session, col, select

from services.identification.competence.card import (
    CRITICAL,
    SELF,
    CardDefinition,
    Scores,
    others_mean,
    percent,
)
from services.identification.competence.models import (
    STAGE_LABELS,
    CompetenceCard,
    CompetenceScore,
    DiagnosticCampaign,
    Stage,
    Teacher,
)
from services.identification.competence.repository import CompetenceRepository
from services.identification.competence.schemas import (
    CampaignCreate,
    CampaignRead,
    CampaignResults,
    CardCreate,
    CardRead,
    CompetenceResult,
    DeficitShare,
    GroupResult,
    SchoolProfile,
    ScoreSheet,
    ScoreSheetRead,
    TeacherCreate,
    TeacherRead,
    TeacherResult,
    TeacherUpdate,
)
from services.identification.db import AuditEvent
from services.identification.registry.models import Municipality, Region
from services.shared.audit import record
from services.shared.errors import Conflict, FieldError, InvalidValue, OutOfScope
from services.shared.revisions import compare_and_set, differing, matches, stale_revision
from services.shared.scoping import territory_code
from services.shared.security import Principal, ScopeKind

DEFICIT_SHARE = 0.25
"""A competence is a school's deficit when at least this share of its assessed teachers is at the critical level."""


def _number(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 2)


class CompetenceService:
    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.repository = CompetenceRepository(session, principal)

    # cards

    @staticmethod
    def card_read(card: CompetenceCard) -> CardRead:
        return CardRead(**card.model_dump(exclude={"definition"}), definition=CardDefinition(**card.definition))

    def create_card(self, body: CardCreate) -> CardRead:
        card = CompetenceCard(
            authority=territory_code(self.principal.scope) or "",
            code=body.code,
            version=1,
            title=body.title,
            definition=body.definition.model_dump(mode="json"),
        )
        self.repository.add_card(card)
        record(
            self.session, AuditEvent, self.principal, "create", "competence_card", card.id or 0, after=card.definition
        )
        return self.card_read(card)

    # teachers

    @staticmethod
    def teacher_read(teacher: Teacher, school_code: str) -> TeacherRead:
        return TeacherRead(
            school_code=school_code,
            **teacher.model_dump(include={"id", "full_name", "position", "subjects", "revision"}),
        )

    def create_teacher(self, body: TeacherCreate) -> TeacherRead:
        school = self.repository.registry.school(body.school_code)
        subjects = [s.strip() for s in body.subjects if s.strip()]
        teacher = Teacher(
            school_id=school.id or 0,
            full_name=" ".join(body.full_name.split()),
            position=body.position,
            subjects=subjects,
        )
        self.repository.add_teacher(teacher)
        record(
            self.session,
            AuditEvent,
            self.principal,
            "create",
            "teacher",
            teacher.id or 0,
            after={"school": school.school_code},
        )
        return self.teacher_read(teacher, school.school_code)

    def update_teacher(self, teacher_id: int, body: TeacherUpdate, if_match: str | None) -> TeacherRead:
        """Correct a teacher if the caller read its current revision (`If-Match`): a compare-and-set in SQL, so
        of two editors of one revision one wins and the other gets 412 with nothing written. Read under a row lock
        first: edits sent at once with `If-Match: *` are audited one after the other, each «before» being what the
        previous edit left."""
        teacher, school_code = self.repository.teacher(teacher_id, for_update=True)
        before = teacher.model_dump(include={"full_name", "position", "subjects"})
        changes: dict[str, Any] = {}
        if body.full_name is not None:
            changes["full_name"] = " ".join(body.full_name.split())
        if body.position is not None:
            changes["position"] = body.position
        if body.subjects is not None:
            changes["subjects"] = [s.strip() for s in body.subjects if s.strip()]
        changes = differing(teacher, changes)
        if not changes:  # nothing to change (or only the values stored): nothing written, the revision stays
            if not matches(if_match, teacher.revision):
                raise stale_revision()
            return self.teacher_read(teacher, school_code)
        self.repository.edit_teacher(teacher, if_match, **changes)
        after = teacher.model_dump(include={"full_name", "position", "subjects"})
        record(self.session, AuditEvent, self.principal, "update", "teacher", teacher_id, before, after)
        return self.teacher_read(teacher, school_code)

    def remove_teacher(self, teacher_id: int, if_match: str | None) -> None:
        """Take a teacher off the school's registry if the caller read its current revision (`If-Match`, as for
        an edit: nobody removes a teacher someone has just corrected unseen): no new scores, gone from the lists;
        the scores already given stay in the results of the diagnostics the teacher took part in. Read under a row
        lock first: of removals at once one removes and the others find no teacher (404), as one after another."""
        teacher, school_code = self.repository.teacher(teacher_id, for_update=True)
        compare_and_set(self.session, teacher, if_match, is_active=False)
        record(self.session, AuditEvent, self.principal, "remove", "teacher", teacher_id, after={"school": school_code})

    def teachers(self, school_code: str | None) -> list[TeacherRead]:
        codes = [self.repository.registry.school(school_code).school_code] if school_code else None
        return [self.teacher_read(teacher, code) for teacher, code in self.repository.teachers(codes)]

    # campaigns

    @staticmethod
    def campaign_read(campaign: DiagnosticCampaign) -> CampaignRead:
        stage = Stage(campaign.stage)
        return CampaignRead(**campaign.model_dump(exclude={"stage"}), stage=stage, stage_label=STAGE_LABELS[stage])

    def _campaign_municipality(self, sent: str | None) -> str | None:
        """The municipality of a campaign being opened: a municipality's or a school's user opens their own
        municipality's, and naming another is 403 `out_of_scope`, not a campaign of their own they did not ask for."""
        if self.principal.scope.kind not in (ScopeKind.municipality, ScopeKind.schools):
            return sent
        own = self.principal.scope.municipality
        if sent is not None and sent != own:
            raise OutOfScope("Муниципалитет находится вне вашей территории")
        return own

    def create_campaign(self, body: CampaignCreate) -> tuple[CampaignRead, bool]:
        """The campaign opened, and whether it is new: the same one asked again (a double click, two people at
        once) answers the stored one; one of the same territory, card, stage, year, date and title for other schools
        is 409."""
        municipality = self._campaign_municipality(body.municipality_code)
        card = self.repository.card(body.card_id)
        codes = list(dict.fromkeys(body.school_codes))
        schools = [self.repository.registry.school(code) for code in codes]
        places = self.session.exec(
            select(Municipality.code, Region.code)
            .join(Region, col(Municipality.region_id) == Region.id)
            .where(col(Municipality.id).in_({s.municipality_id for s in schools}))
        ).all()
        regions = {region for _, region in places}
        if len(regions) != 1:
            raise InvalidValue(
                "Школы диагностики должны быть из одного региона", code="mixed_regions", loc=["body", "school_codes"]
            )
        if municipality is not None and {m for m, _ in places} != {municipality}:
            raise InvalidValue(
                "Все школы муниципальной диагностики должны быть из её муниципалитета",
                code="school_outside_campaign",
                loc=["body", "school_codes"],
            )
        campaign = DiagnosticCampaign(
            card_id=card.id or 0,
            region_code=regions.pop(),
            municipality_code=municipality,
            title=body.title,
            stage=body.stage,
            held_on=body.held_on,
            school_year=body.school_year,
            school_codes=codes,
            created_by=self.principal.subject,
        )
        stored = self.repository.add_campaign(campaign)
        if stored is not campaign:
            if sorted(stored.school_codes) != sorted(campaign.school_codes):
                raise Conflict(
                    f"Диагностика «{stored.title}» с этой картой, этапом и датой уже открыта на этой территории "
                    "для других школ: дайте новой другое название или добавьте школы в открытую",
                    code="campaign_exists",
                )
            return self.campaign_read(stored), False
        record(
            self.session,
            AuditEvent,
            self.principal,
            "create",
            "diagnostic_campaign",
            campaign.id or 0,
            after={"schools": codes},
        )
        return self.campaign_read(campaign), True

    def definition(self, campaign: DiagnosticCampaign) -> CardDefinition:
        card = self.session.get(CompetenceCard, campaign.card_id)
        assert card is not None  # a foreign key
        return CardDefinition(**card.definition)

    # scores

    def check_sheet(
        self, definition: CardDefinition, rater: str, scores: dict[str, int]
    ) -> list[tuple[list[str | int], str, str]]:
        """What is wrong with one rater's sheet: (location, code, Russian reason) for each fault."""
        problems: list[tuple[list[str | int], str, str]] = []
        if rater not in {r.code for r in definition.raters}:
            known = ", ".join(f"{r.code} ({r.title})" for r in definition.raters)
            problems.append(
                (["rater"], "unknown_rater", f"Оценщик «{rater}» не предусмотрен картой; допустимы: {known}")
            )
        criteria = set(definition.criterion_codes())
        allowed = {p.value for p in definition.scale}
        for criterion, value in scores.items():
            if criterion not in criteria:
                problems.append((["scores", criterion], "unknown_criterion", f"Критерия «{criterion}» нет в карте"))
            elif value not in allowed:
                values = ", ".join(str(v) for v in sorted(allowed))
                problems.append((["scores", criterion], "invalid_score", f"Балл {value} вне шкалы карты ({values})"))
        return problems

    def campaign_teacher(self, campaign: DiagnosticCampaign, teacher_id: int) -> Teacher:
        """The teacher of a score sheet, held (row lock) until the scores are written: a removal at once comes
        before (the sheet finds no teacher, 404) or after them, never between the check and the write."""
        teacher, school_code = self.repository.teacher(teacher_id, for_update=True)
        if school_code not in campaign.school_codes:
            raise InvalidValue(
                "Школа педагога не участвует в этой диагностике",
                code="teacher_not_in_campaign",
                loc=["body", "teacher_id"],
            )
        return teacher

    def enter_scores(self, campaign_id: int, sheet: ScoreSheet) -> ScoreSheetRead:
        campaign = self.repository.campaign(campaign_id)
        self.repository.hold_scores(campaign_id)
        teacher = self.campaign_teacher(campaign, sheet.teacher_id)
        problems = self.check_sheet(self.definition(campaign), sheet.rater, sheet.scores)
        if problems:
            fields = [FieldError(loc=["body", *loc], code=code, detail=detail) for loc, code, detail in problems]
            raise InvalidValue(problems[0][2], code=problems[0][1], fields=fields)
        rows = [
            CompetenceScore(
                campaign_id=campaign_id, teacher_id=teacher.id or 0, rater=sheet.rater, criterion=c, value=v
            )
            for c, v in sheet.scores.items()
        ]
        self.repository.write_scores(rows)
        record(
            self.session,
            AuditEvent,
            self.principal,
            "score",
            "diagnostic_campaign",
            campaign_id,
            after=sheet.model_dump(),
        )
        return self.sheet(campaign_id, sheet.teacher_id, sheet.rater)

    def sheet(self, campaign_id: int, teacher_id: int, rater: str) -> ScoreSheetRead:
        rows = self.repository.scores(campaign_id, [teacher_id])
        return ScoreSheetRead(
            teacher_id=teacher_id, rater=rater, scores={r.criterion: r.value for r in rows if r.rater == rater}
        )

    # results

    def results(self, campaign_id: int, previous_id: int | None = None) -> CampaignResults:
        campaign = self.repository.campaign(campaign_id)
        definition = self.definition(campaign)
        previous = self._previous(campaign, previous_id)
        teachers = self.repository.teachers(campaign.school_codes, with_former=True)
        ids = [t.id or 0 for t, _ in teachers]
        scores = self._scores(campaign.id or 0, ids)
        earlier = self._scores(previous.id or 0, ids) if previous else {}
        results = self._teacher_results(definition, teachers, scores, earlier)
        previous_results = self._teacher_results(definition, teachers, earlier, {})
        return CampaignResults(
            campaign=self.campaign_read(campaign),
            previous_campaign_id=previous.id if previous else None,
            teachers=results,
            schools=[
                self._group(
                    definition,
                    [r for r in results if r.school_code == code],
                    [r for r in previous_results if r.school_code == code],
                    code,
                )
                for code in sorted({r.school_code for r in results})
            ],
            territory=self._group(definition, results, previous_results, None),
        )

    def _teacher_results(
        self,
        definition: CardDefinition,
        teachers: list[tuple[Teacher, str]],
        scores: Mapping[int, Scores],
        earlier: Mapping[int, Scores],
    ) -> list[TeacherResult]:
        """The result of every teacher with scores, with the change since the earlier stage where scored then."""
        return [
            self._teacher_result(definition, teacher, school, scores[teacher.id or 0], earlier.get(teacher.id or 0))
            for teacher, school in teachers
            if teacher.id in scores
        ]

    def school_profile(self, school_code: str) -> SchoolProfile:
        """The school's result in the latest campaign (by date) that assessed any of its teachers."""
        school = self.repository.registry.school(school_code).school_code
        for campaign in self.repository.campaigns():
            if school not in campaign.school_codes:
                continue
            results = self.results(campaign.id or 0)
            group = next((g for g in results.schools if g.school_code == school), None)
            if group is None:
                continue
            critical = [d.code for d in group.deficits if (d.critical_share or 0) >= DEFICIT_SHARE]
            return SchoolProfile(
                school_code=school, campaign=results.campaign, result=group, critical_competences=critical
            )
        return SchoolProfile(school_code=school, campaign=None, result=None, critical_competences=[])

    def _previous(self, campaign: DiagnosticCampaign, previous_id: int | None) -> DiagnosticCampaign | None:
        """The stage to compare with: the one named, or the latest earlier one of the same territory and card."""
        if previous_id is not None:
            return self.repository.campaign(previous_id)
        earlier = [
            c
            for c in self.repository.campaigns()
            if c.card_id == campaign.card_id
            and c.region_code == campaign.region_code
            and c.municipality_code == campaign.municipality_code
            and (c.held_on, c.id or 0) < (campaign.held_on, campaign.id or 0)
        ]
        return earlier[0] if earlier else None

    def _scores(self, campaign_id: int, teacher_ids: Sequence[int]) -> dict[int, dict[str, dict[str, int]]]:
        found: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
        for row in self.repository.scores(campaign_id, teacher_ids):
            found[row.teacher_id][row.rater][row.criterion] = row.value
        return {teacher: dict(raters) for teacher, raters in found.items()}

    @staticmethod
    def _competence(definition: CardDefinition, code: str, scores: Scores, criteria: list[str]) -> CompetenceResult:
        maximum = definition.maximum
        value = percent(scores, criteria, maximum)
        own = percent(scores, criteria, maximum, [SELF])
        others = others_mean(scores, criteria, maximum)
        return CompetenceResult(
            code=code,
            percent=_number(value),
            level=definition.level(value).code if value is not None else None,
            by_rater={r.code: _number(percent(scores, criteria, maximum, [r.code])) for r in definition.raters},
            self_minus_others=_number(own - others) if own is not None and others is not None else None,
        )

    def _teacher_result(
        self, definition: CardDefinition, teacher: Teacher, school: str, scores: Scores, earlier: Scores | None
    ) -> TeacherResult:
        overall = self._competence(definition, "overall", scores, definition.criterion_codes())
        change = None
        if earlier is not None:
            before = percent(earlier, definition.criterion_codes(), definition.maximum)
            now = percent(scores, definition.criterion_codes(), definition.maximum)
            change = _number(now - before) if now is not None and before is not None else None
        return TeacherResult(
            teacher_id=teacher.id or 0,
            full_name=teacher.full_name,
            school_code=school,
            raters=[r.code for r in definition.raters if r.code in scores],
            overall=overall,
            competences=[
                self._competence(definition, c.code, scores, [k.code for k in c.criteria])
                for c in definition.competences
            ],
            change=change,
        )

    @staticmethod
    def _group(
        definition: CardDefinition, results: list[TeacherResult], previous: list[TeacherResult], school: str | None
    ) -> GroupResult:
        def share(items: list[TeacherResult], index: int) -> tuple[int, int, float | None, float | None]:
            rated = [r.competences[index] for r in items if r.competences[index].percent is not None]
            critical = sum(1 for c in rated if c.level == CRITICAL)
            mean = sum(c.percent or 0 for c in rated) / len(rated) if rated else None
            return (
                len(rated),
                critical,
                (round(critical / len(rated), 4) if rated else None),
                (round(mean, 2) if mean is not None else None),
            )

        deficits = []
        for index, competence in enumerate(definition.competences):
            teachers, critical, critical_share, mean = share(results, index)
            deficits.append(
                DeficitShare(
                    code=competence.code,
                    title=competence.title,
                    teachers=teachers,
                    critical=critical,
                    critical_share=critical_share,
                    mean_percent=mean,
                    previous_critical_share=share(previous, index)[2] if previous else None,
                )
            )
        overall = [r.overall.percent for r in results if r.overall.percent is not None]
        return GroupResult(
            school_code=school,
            teachers=len(results),
            overall_mean_percent=round(sum(overall) / len(overall), 2) if overall else None,
            deficits=deficits,
        )
