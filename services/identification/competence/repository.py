"""Reading and writing diagnostics, scoped here: teachers through the registry's scoped schools, campaigns by
their territory, cards by the authority that defined them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, func, true
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, or_, select
from sqlmodel.sql.expression import Select

from services.identification.competence.card import FIVE_K, FIVE_K_CODE
from services.identification.competence.models import (
    CompetenceCard,
    CompetenceScore,
    DiagnosticCampaign,
    Teacher,
    campaign_key,
    name_key,
)
from services.identification.registry.models import School
from services.identification.registry.repository import RegistryRepository
from services.shared.db import advisory_lock
from services.shared.errors import Conflict, NotFound, OutOfScope
from services.shared.revisions import compare_and_set
from services.shared.scoping import authorities, sees_everything, territory_filter
from services.shared.security import Principal

FIVE_K_TITLE = "Диагностическая карта «5К»: профессиональная компетентность педагогов"


def teacher_exists(full_name: str) -> Conflict:
    return Conflict(
        f"В школе уже есть педагог «{full_name}»: исправьте его запись, а не добавляйте ещё одну",
        code="teacher_exists",
    )


class CompetenceRepository:
    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.scope = principal.scope
        self.registry = RegistryRepository(session, principal)

    # cards

    def ensure_default_card(self) -> CompetenceCard:
        """The built-in «5К» card: shipped by a migration (8e2f4a6c1b93), so a GET only reads it; created here
        only in a database made without the migrations."""
        statement = select(CompetenceCard).where(CompetenceCard.authority == "", CompetenceCard.code == FIVE_K_CODE)
        found = self.session.exec(statement.order_by(col(CompetenceCard.version))).first()
        if found is not None:
            return found
        card = CompetenceCard(
            authority="", code=FIVE_K_CODE, version=1, title=FIVE_K_TITLE, definition=FIVE_K.model_dump(mode="json")
        )
        try:
            with self.session.begin_nested():
                self.session.add(card)
        except IntegrityError:  # another request created it first
            return self.ensure_default_card()
        return card

    def _visible_card(self) -> ColumnElement[bool]:
        if sees_everything(self.scope):
            return true()
        return col(CompetenceCard.authority).in_(["", *authorities(self.scope)])

    def cards(self) -> list[CompetenceCard]:
        self.ensure_default_card()
        statement = select(CompetenceCard).where(self._visible_card())
        order = (col(CompetenceCard.authority), col(CompetenceCard.code), col(CompetenceCard.version))
        return list(self.session.exec(statement.order_by(*order)).all())

    def card(self, card_id: int) -> CompetenceCard:
        self.ensure_default_card()
        card = self.session.get(CompetenceCard, card_id)
        if card is None:
            raise NotFound("Диагностическая карта не найдена", code="card_not_found")
        if not self.session.exec(
            select(CompetenceCard.id).where(CompetenceCard.id == card_id, self._visible_card())
        ).first():
            raise OutOfScope("Карта утверждена другой территорией")
        return card

    def add_card(self, card: CompetenceCard) -> CompetenceCard:
        """A new version of the authority's card of this code: the next number, unique in the database.

        Numbered under the card's advisory lock (PostgreSQL; SQLite's writers are serialised already): versions
        approved at once are numbered in turn, the later one counting the earlier one's, instead of both taking
        the same number and one being refused by the unique key (which stays the database's guarantee)."""
        advisory_lock(self.session, f"competence-card:{card.authority}:{card.code}")
        latest = self.session.exec(
            select(func.max(CompetenceCard.version)).where(
                CompetenceCard.authority == card.authority, CompetenceCard.code == card.code
            )
        ).one()
        card.version = (latest or 0) + 1
        try:
            with self.session.begin_nested():
                self.session.add(card)
        except IntegrityError as error:
            raise Conflict(
                "Эту версию карты только что создал другой запрос; повторите", code="card_version_taken"
            ) from error
        return card

    # teachers

    def scoped_teachers(self, with_former: bool = False) -> Select[Teacher, str]:
        """Teachers with their school's code, of the schools the caller's scope covers; those removed from the
        registry only `with_former` (their scores stay in the results of the diagnostics they took part in)."""
        scoped_ids = self.registry.scoped_schools().with_only_columns(col(School.id))
        statement = (
            select(Teacher, School.school_code)
            .join(School, col(Teacher.school_id) == School.id)
            .where(col(Teacher.school_id).in_(scoped_ids))
        )
        return statement if with_former else statement.where(col(Teacher.is_active))

    def teachers(
        self, school_codes: Iterable[str] | None = None, with_former: bool = False, held: bool = False
    ) -> list[tuple[Teacher, str]]:
        """The teachers (of these schools); `held` keeps their rows from changing until the transaction ends
        (PostgreSQL `FOR SHARE`; a writing request on SQLite holds the write lock): a removal at once waits, or
        has come first and its teacher is not among them."""
        statement = self.scoped_teachers(with_former)
        if school_codes is not None:
            statement = statement.where(col(School.school_code).in_(list(school_codes)))
        if held:
            statement = statement.with_for_update(read=True, of=Teacher)
        rows = self.session.exec(statement.order_by(col(School.school_code), col(Teacher.full_name))).all()
        return [(teacher, code) for teacher, code in rows]

    def teacher(self, teacher_id: int, for_update: bool = False) -> tuple[Teacher, str]:
        """The teacher by id: 404 if there is none, 403 if their school lies outside the caller's territory.

        `for_update` reads the teacher again under a row lock held until the transaction ends (PostgreSQL; a
        writing request on SQLite holds the database's write lock), so what an edit or a removal audits is what
        it changes, and a removal committed meanwhile makes it a 404, as if the removal had come first."""
        found = self.session.exec(self.scoped_teachers().where(Teacher.id == teacher_id)).first()
        if found is not None:
            if for_update:
                self.session.refresh(found[0], with_for_update=True)
            if found[0].is_active:
                return found[0], found[1]
            raise NotFound("Педагог не найден", code="teacher_not_found")
        teacher = self.session.get(Teacher, teacher_id)
        if teacher is None or not teacher.is_active:
            raise NotFound("Педагог не найден", code="teacher_not_found")
        raise OutOfScope("Педагог работает в школе вне вашей территории")

    def add_teacher(self, teacher: Teacher) -> Teacher:
        """A new teacher of the school; one of the same name on its registry (added just now by another, too:
        the database's unique key decides) is 409 `teacher_exists`, nothing written."""
        try:
            with self.session.begin_nested():
                self.session.add(teacher)
        except IntegrityError as error:
            raise teacher_exists(teacher.full_name) from error
        return teacher

    def edit_teacher(self, teacher: Teacher, if_match: str | None, **changes: Any) -> None:
        """`compare_and_set` of a teacher's edit, whose new name may be another teacher's of the school: 409."""
        if "full_name" in changes:
            changes["name_key"] = name_key(changes["full_name"])
        try:
            with self.session.begin_nested():
                compare_and_set(self.session, teacher, if_match, **changes)
        except IntegrityError as error:
            raise teacher_exists(changes.get("full_name", teacher.full_name)) from error

    # campaigns

    def _visible_campaign(self) -> ColumnElement[bool]:
        own_region = col(DiagnosticCampaign.region_code) == self.scope.region
        in_municipality = or_(
            col(DiagnosticCampaign.municipality_code) == self.scope.municipality,
            and_(col(DiagnosticCampaign.municipality_code).is_(None), own_region),
        )
        return territory_filter(
            self.scope,
            region=col(DiagnosticCampaign.region_code),
            municipality=lambda _code: in_municipality,
            school=lambda _codes: in_municipality,
        )

    def campaigns(self) -> list[DiagnosticCampaign]:
        statement = select(DiagnosticCampaign).where(self._visible_campaign())
        order = (col(DiagnosticCampaign.held_on).desc(), col(DiagnosticCampaign.id).desc())
        return list(self.session.exec(statement.order_by(*order)).all())

    def campaign(self, campaign_id: int) -> DiagnosticCampaign:
        found = self.session.exec(
            select(DiagnosticCampaign).where(DiagnosticCampaign.id == campaign_id, self._visible_campaign())
        ).first()
        if found is not None:
            return found
        if self.session.get(DiagnosticCampaign, campaign_id) is None:
            raise NotFound("Диагностика не найдена", code="campaign_not_found")
        raise OutOfScope("Диагностика проводится другой территорией")

    def add_campaign(self, campaign: DiagnosticCampaign) -> DiagnosticCampaign:
        """The new campaign, or the one of the same `campaign_key` stored already (opened just now by another
        request, too: the database's unique key decides), which the caller compares with what it was asked for."""
        key = campaign_key(campaign)
        stored = self._campaign_by_key(key)
        if stored is not None:
            return stored
        try:
            with self.session.begin_nested():
                self.session.add(campaign)
        except IntegrityError as error:
            stored = self._campaign_by_key(key)
            if stored is None:
                detail = "Диагностику только что изменил другой запрос; повторите"
                raise Conflict(detail, code="campaign_busy") from error
            return stored
        return campaign

    def _campaign_by_key(self, key: str) -> DiagnosticCampaign | None:
        return self.session.exec(select(DiagnosticCampaign).where(DiagnosticCampaign.campaign_key == key)).first()

    # scores

    def scores(self, campaign_id: int, teacher_ids: Iterable[int]) -> list[CompetenceScore]:
        statement = select(CompetenceScore).where(
            CompetenceScore.campaign_id == campaign_id, col(CompetenceScore.teacher_id).in_(list(teacher_ids))
        )
        return list(self.session.exec(statement).all())

    def hold_scores(self, campaign_id: int) -> None:
        """Take the campaign's turn to write scores until the transaction ends (an advisory lock; SQLite's
        writers are serialised already). Taken before any teacher's row is locked: always in that order."""
        advisory_lock(self.session, f"competence-scores:{campaign_id}")

    def write_scores(self, rows: list[CompetenceScore]) -> None:
        """Replace these (campaign, teacher, rater, criterion) scores. Writers of one campaign's scores take turns
        (an advisory lock; SQLite's writers are serialised already): a sheet or a file sent again at once replaces
        what the first wrote, as it would after it. Should rows collide all the same: 409."""
        for campaign_id in sorted({row.campaign_id for row in rows}):
            self.hold_scores(campaign_id)
        try:
            with self.session.begin_nested():
                sheets: dict[tuple[int, int, str], list[str]] = {}
                for row in rows:
                    sheets.setdefault((row.campaign_id, row.teacher_id, row.rater), []).append(row.criterion)
                for (campaign_id, teacher_id, rater), criteria in sheets.items():
                    self.session.execute(
                        delete(CompetenceScore).where(
                            col(CompetenceScore.campaign_id) == campaign_id,
                            col(CompetenceScore.teacher_id) == teacher_id,
                            col(CompetenceScore.rater) == rater,
                            col(CompetenceScore.criterion).in_(criteria),
                        )
                    )
                self.session.add_all(rows)
                self.session.flush()
        except IntegrityError as error:
            raise Conflict("Эти оценки одновременно записывает другой запрос; повторите", code="scores_busy") from error
