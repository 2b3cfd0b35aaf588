"""Forming mentor pairs from the registry and the agreed statuses of identification, read over HTTP."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from services.roadmap.db import AuditEvent
from services.roadmap.mentoring.models import MentorPair
from services.roadmap.mentoring.repository import PairRepository
from services.roadmap.mentoring.schemas import MentorSuggestion, PairCreate, PairRead, PairUpdate
from services.roadmap.plans.service import PlanService, sent
from services.roadmap.vocabulary import PlanKindCode
from services.shared.audit import record
from services.shared.errors import Conflict, InvalidValue
from services.shared.remote import RemoteService
from services.shared.revisions import compare_and_set, differing, keep_unchanged
from services.shared.security import Principal

SUGGESTIONS = 10


def pair_read(pair: MentorPair, today: date | None = None) -> PairRead:
    ongoing = pair.ends_on is None or pair.ends_on >= (today or date.today())
    return PairRead(**pair.model_dump(exclude={"created_by", "created_at", "updated_at"}), active=ongoing)


def _check_end(pair: MentorPair, ends_on: date) -> None:
    if ends_on < pair.starts_on:
        raise InvalidValue(
            f"Дата окончания {ends_on:%d.%m.%Y} раньше начала работы пары {pair.starts_on:%d.%m.%Y}",
            code="invalid_period",
            loc=["body", "ends_on"],
        )


class MentoringService:
    def __init__(self, session: Session, principal: Principal, identification: RemoteService) -> None:
        self.session = session
        self.principal = principal
        self.identification = identification
        self.repository = PairRepository(session, principal)
        self.plans = PlanService(session, principal, identification)

    def create(self, body: PairCreate) -> PairRead:
        mentor = self.plans.school(body.mentor_school_code)
        supported = self.plans.school(body.supported_school_code)
        region, _ = self.plans._municipality_region(supported["municipality_code"])
        mentor_region, _ = self.plans._municipality_region(mentor["municipality_code"])
        if mentor_region != region:
            raise InvalidValue(
                "Школа-наставник должна быть из того же региона", code="mentor_other_region", loc=["body"]
            )
        if body.plan_id is not None:
            self._check_plan(body.plan_id, {mentor["school_code"], supported["school_code"]})
        pair = MentorPair(
            **body.model_dump(exclude={"mentor_school_code", "supported_school_code"}),
            region_code=region,
            municipality_code=supported["municipality_code"],
            mentor_municipality_code=mentor["municipality_code"],
            mentor_school_code=mentor["school_code"],
            mentor_school_name=mentor["short_name"],
            supported_school_code=supported["school_code"],
            supported_school_name=supported["short_name"],
            created_by=self.principal.subject,
        )
        self.repository.add(pair)
        record(
            self.session,
            AuditEvent,
            self.principal,
            "create",
            "mentor_pair",
            pair.id or 0,
            after=body.model_dump(mode="json"),
        )
        return pair_read(pair)

    def update(self, pair_id: int, body: PairUpdate, if_match: str | None) -> PairRead:
        """Change the rationale, the basis or the end of a pair, if the caller read its current revision.

        The pair is read again under a row lock (`for_update`), so edits sent at once with `If-Match: *` are
        audited one after the other, each «before» being what the previous edit left."""
        pair = self.repository.pair(pair_id, for_update=True)
        changes = differing(pair, sent(body.model_dump(exclude_unset=True)))
        if not changes:
            keep_unchanged(pair, if_match)
            return pair_read(pair)
        if "ends_on" in changes:
            _check_end(pair, changes["ends_on"])
        return self._write(pair, "update", changes, if_match)

    def end(self, pair_id: int, ends_on: date, if_match: str | None) -> PairRead:
        """End a pair on a date (its last day): from the next day the mentor's staff no longer see the
        supported school's plans. A pair that has already ended is not ended again.

        The pair is read under a row lock (`for_update`) before the check: two endings at once (`If-Match: *`)
        would otherwise both find it not yet ended and both be written; now the second waits for the first and
        then gets 409 `pair_ended`, as it would one after the other."""
        pair = self.repository.pair(pair_id, for_update=True)
        if pair.ends_on is not None and pair.ends_on < date.today():
            raise Conflict(
                f"Пара уже завершена {pair.ends_on:%d.%m.%Y}; чтобы изменить дату, измените пару",
                code="pair_ended",
            )
        _check_end(pair, ends_on)
        return self._write(pair, "end", {"ends_on": ends_on}, if_match)

    def _write(self, pair: MentorPair, action: str, changes: dict[str, Any], if_match: str | None) -> PairRead:
        before = {field: getattr(pair, field) for field in changes}
        compare_and_set(self.session, pair, if_match, **changes)
        record(
            self.session,
            AuditEvent,
            self.principal,
            action,
            "mentor_pair",
            pair.id or 0,
            before={k: str(v) for k, v in before.items()},
            after={k: str(v) for k, v in changes.items()},
        )
        return pair_read(pair)

    def _check_plan(self, plan_id: int, schools: set[str]) -> None:
        plan = self.plans.repository.plan(plan_id)
        if plan.kind != PlanKindCode.mentoring_plan or plan.school_code not in schools:
            raise InvalidValue(
                "Пара связывается только с планом наставничества одной из её школ",
                code="not_a_mentoring_plan",
                loc=["body", "plan_id"],
            )

    def suggestions(self, school_code: str, school_year: str) -> list[MentorSuggestion]:
        """Effective schools of the supported school's municipality, nearest and most alike first: the same
        settlement, the same kind, effective the year before too (stable), the closest number of pupils."""
        school = self.plans.school(school_code)
        municipality = school["municipality_code"]
        statuses = self._all(
            "/api/identification/school-statuses",
            {"school_year": school_year, "category": "effective", "municipality": municipality},
        )
        trends = {s["school_code"]: s["trend"] for s in statuses if s["school_code"] != school_code}
        cards = self._all("/api/identification/schools", {"municipality": municipality})
        candidates = [c for c in cards if c["school_code"] in trends]
        suggestions = [self._suggestion(school, card, trends[card["school_code"]]) for card in candidates]

        def rank(s: MentorSuggestion) -> tuple[bool, bool, bool, int]:
            size = abs((s.pupils or 0) - (school.get("pupils") or 0))
            return (not s.same_settlement, not s.same_kind, s.trend != "unchanged", size)

        return sorted(suggestions, key=rank)[:SUGGESTIONS]

    @staticmethod
    def _suggestion(school: dict[str, Any], card: dict[str, Any], trend: str | None) -> MentorSuggestion:
        same_settlement = bool(card.get("settlement_name")) and card.get("settlement_name") == school.get(
            "settlement_name"
        )
        same_kind = card.get("kind") == school.get("kind")
        reasons = ["эффективная школа того же муниципалитета"]
        if trend == "unchanged":
            reasons.append("стабильные результаты: эффективна и в прошлом году")
        if same_settlement:
            reasons.append(f"тот же населённый пункт ({card['settlement_name']})")
        if same_kind:
            reasons.append(f"тот же вид ({card['kind']})")
        return MentorSuggestion(
            school_code=card["school_code"],
            school_name=card["short_name"],
            settlement_name=card.get("settlement_name"),
            kind=card.get("kind", ""),
            pupils=card.get("pupils"),
            trend=trend,
            same_settlement=same_settlement,
            same_kind=same_kind,
            reasons=reasons,
        )

    def _all(self, path: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Every item of a paginated list of the identification service."""
        items: list[dict[str, Any]] = []
        page = 1
        while True:
            answer = self.identification.get(path, params | {"page": page, "per_page": 200})
            items.extend(answer["items"])
            if len(items) >= answer["total"] or not answer["items"]:
                return items
            page += 1
