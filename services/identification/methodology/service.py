"""Versioned methodologies: copy a version, edit its parameters, activate it for a school year.

A version that was activated or used by a run is frozen, so every stored run can always show the exact
rules it applied; changing parameters means copying the version into a new draft.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from services.identification.db import AuditEvent
from services.identification.methodology.models import Methodology, MethodologyActivation
from services.identification.methodology.repository import MethodologyRepository
from services.identification.methodology.rules import RULES, MethodologyRules
from services.identification.methodology.schemas import (
    MethodologyCopy,
    MethodologyRead,
    MethodologySummary,
    MethodologyUpdate,
    RuleCatalogue,
    RuleDescription,
)
from services.identification.vocabulary import CATEGORY_LABELS, Category
from services.shared import audit
from services.shared.audit import utcnow
from services.shared.db import advisory_lock
from services.shared.errors import Conflict, FieldError, InvalidValue
from services.shared.revisions import differing, expected_revisions, matches, stale_revision
from services.shared.security import Principal
from services.shared.vocabulary import plural


def _snapshot(methodology: Methodology) -> dict[str, Any]:
    return {"name": methodology.name, "version": methodology.version, "rules": methodology.rules}


class MethodologyService:
    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.repository = MethodologyRepository(session)

    def _active_years(self) -> dict[int, list[str]]:
        years: dict[int, list[str]] = {}
        for activation in sorted(self.repository.activations(), key=lambda a: a.school_year):
            years.setdefault(activation.methodology_id, []).append(activation.school_year)
        return years

    def summaries(self) -> list[MethodologySummary]:
        years = self._active_years()
        return [
            MethodologySummary.model_validate(m.model_dump() | {"active_for": years.get(m.id or 0, [])})
            for m in self.repository.all()
        ]

    def read(self, methodology: Methodology) -> MethodologyRead:
        years = self._active_years().get(methodology.id or 0, [])
        return MethodologyRead.model_validate(methodology.model_dump() | {"active_for": years})

    def copy(self, methodology_id: int, data: MethodologyCopy) -> Methodology:
        source = self.repository.get(methodology_id)
        family = f"custom-{source.id}" if source.family == "default" else source.family
        advisory_lock(self.session, f"methodology-family:{family}")  # the next version number is taken once
        version = self.repository.next_version(family)
        copy = Methodology(
            family=family,
            version=version,
            name=data.name or f"{source.name} (копия, версия {version})",
            description=data.description if data.description is not None else source.description,
            based_on_id=source.id,
            rules=MethodologyRules.model_validate(source.rules).model_dump(mode="json"),
            created_by=self.principal.subject,
            created_by_name=self.principal.name,
        )
        self.session.add(copy)
        self.session.flush()
        audit.record(
            self.session, AuditEvent, self.principal, "copy", "methodology", copy.id or 0, after=_snapshot(copy)
        )
        return copy

    def _claim_unfrozen(self, methodology: Methodology, detail: str, if_match: str | None) -> Methodology:
        """The version read (`methodology`), held for this transaction only if it is not frozen (a compare-and-set
        in SQL: an activation or a run that freezes it meanwhile either waits for this change or makes it a 409). A
        version deleted meanwhile (the statement waited for the deletion) is a 404, as if the deletion had come
        first. Only if it is still the revision `If-Match` names (`*`: any): else 412, nothing written."""
        methodology_id = methodology.id or 0
        claim = update(Methodology).where(col(Methodology.id) == methodology_id, col(Methodology.frozen).is_(False))
        expected = expected_revisions(if_match)
        if expected is not None:
            claim = claim.where(col(Methodology.revision).in_(expected or {-1}))
        held = self.session.execute(
            claim.values(updated_at=utcnow(), revision=col(Methodology.revision) + 1).execution_options(
                synchronize_session=False
            )
        )
        if getattr(held, "rowcount", 0) != 1:
            current = self.repository.get(methodology_id, for_update=True)  # read again: gone is 404
            if current.frozen:
                raise Conflict(detail, code="methodology_frozen")
            raise stale_revision()
        self.session.refresh(methodology)
        return methodology

    @staticmethod
    def _unchanged(methodology: Methodology, detail: str, if_match: str | None) -> Methodology:
        """The draft as read, answered as an edit of it would be: 409 if frozen, 412 if `If-Match` is stale."""
        if methodology.frozen:
            raise Conflict(detail, code="methodology_frozen")
        if not matches(if_match, methodology.revision):
            raise stale_revision()
        return methodology

    def update(self, methodology_id: int, data: MethodologyUpdate, if_match: str | None) -> Methodology:
        """Change a draft's name, description or rules if the caller read its current revision (`If-Match`, as
        every edit: 428 without it, 412 when another analyst changed the draft meanwhile, nothing written). An edit
        with nothing to change writes nothing and keeps the revision."""
        frozen = "Эта версия методики уже применялась или действует — изменения вносятся в её копию"
        stored = self.repository.get(methodology_id)
        expected_revisions(if_match)  # 428 without If-Match (400 if malformed), once the version is known to exist
        rules = data.rules.model_dump(mode="json") if data.rules is not None else None
        sent = {"name": data.name, "description": data.description, "rules": rules}
        if not differing(stored, {field: value for field, value in sent.items() if value is not None}):
            return self._unchanged(stored, frozen, if_match)
        methodology = self._claim_unfrozen(stored, frozen, if_match)
        before = _snapshot(methodology)
        if data.name is not None:
            methodology.name = data.name
        if data.description is not None:
            methodology.description = data.description
        if data.rules is not None:
            self.check_against_data(data.rules)
            methodology.rules = data.rules.model_dump(mode="json")
        methodology.updated_at = utcnow()
        self.session.add(methodology)
        audit.record(
            self.session,
            AuditEvent,
            self.principal,
            "update",
            "methodology",
            methodology_id,
            before,
            _snapshot(methodology),
        )
        return methodology

    def check_against_data(self, rules: MethodologyRules) -> None:
        """What the rules refer to must exist: the "500+" factors a count asks for, the imported measures.
        (Procedures, subjects, levels and grades are checked against the vocabulary by the rules themselves.)"""
        errors: list[FieldError] = []
        factors = self.repository.risk_factor_count()
        if rules.risk_count.enabled and factors and rules.risk_count.min_risks > factors:
            errors.append(
                FieldError(
                    loc=["body", "rules", "risk_count", "min_risks"],
                    code="more_than_catalogue",
                    detail=f"В каталоге рисков «500+» {plural(factors, 'фактор', 'фактора', 'факторов')}: школа не "
                    f"может иметь {plural(rules.risk_count.min_risks, 'риск', 'риска', 'рисков')}",
                )
            )
        measures = self.repository.measures()
        for rule_id in ("indicator_level", "indicator_mean", "indicator_trend"):
            rule = getattr(rules, rule_id)
            if rule.enabled and rule.measure not in measures:
                known = ", ".join(sorted(measures)) or "ни одного показателя ещё не загружено"
                errors.append(
                    FieldError(
                        loc=["body", "rules", rule_id, "measure"],
                        code="unknown_measure",
                        detail=f"Показатель «{rule.measure}» не загружен (загруженные: {known})",
                    )
                )
        if errors:
            raise InvalidValue("; ".join(e.detail for e in errors), code="methodology_invalid_reference", fields=errors)

    def delete(self, methodology_id: int, if_match: str | None) -> None:
        """Delete an unused version if the caller read its current revision (`If-Match`, as every conditional
        deletion: 428 without it, 412 when another analyst edited the draft meanwhile, so nobody deletes changes
        unseen); one that copies were made from stays (they name it as their origin)."""
        stored = self.repository.get(methodology_id)
        expected_revisions(if_match)  # 428 without If-Match (400 if malformed), once the version is known to exist
        methodology = self._claim_unfrozen(stored, "Применявшуюся версию методики удалить нельзя", if_match)
        has_copies = Conflict(
            "С этой версии методики сделаны копии: сначала удалите их, они ссылаются на неё как на исходную",
            code="methodology_has_copies",
        )
        if self.session.exec(select(Methodology.id).where(Methodology.based_on_id == methodology_id)).first():
            raise has_copies
        audit.record(
            self.session, AuditEvent, self.principal, "delete", "methodology", methodology_id, _snapshot(methodology)
        )
        self.session.delete(methodology)
        try:
            self.session.flush()
        except IntegrityError:  # a copy made concurrently
            raise has_copies from None

    def activate(self, methodology_id: int, school_year: str, if_match: str | None) -> Methodology:
        """Make the version the school year's one if the analyst read its current revision (`If-Match`, as every
        edit: 428 without it): a version a colleague edited meanwhile is 412 and nothing is activated, so nobody
        activates an edit unseen."""
        # The version's row is held first: a deletion at once either waits (and then finds it frozen, 409) or
        # has deleted it (a 404 here), never an activation of a version that is gone.
        methodology = self.repository.get(methodology_id, for_update=True)
        self._freeze_if_current(methodology, if_match)
        advisory_lock(self.session, f"methodology-activation:{school_year}")  # one activation row per year
        activation = self.repository.activation(school_year)
        before = {"methodology_id": activation.methodology_id} if activation else None
        if activation is None:
            activation = MethodologyActivation(
                school_year=school_year,
                methodology_id=methodology_id,
                activated_by=self.principal.subject,
                activated_by_name=self.principal.name,
            )
        else:
            activation.methodology_id = methodology_id
            activation.activated_by = self.principal.subject
            activation.activated_by_name = self.principal.name
            activation.activated_at = utcnow()
        self.freeze(methodology)
        self.session.add(activation)
        audit.record(
            self.session,
            AuditEvent,
            self.principal,
            "activate",
            "methodology",
            methodology_id,
            before,
            {"methodology_id": methodology_id, "school_year": school_year},
        )
        self.session.flush()
        return methodology

    def _freeze_if_current(self, methodology: Methodology, if_match: str | None) -> None:
        """Freeze the version only if it is still the revision `If-Match` names: a compare-and-set in SQL, so an
        edit committed between the read and this write (SQLite takes no row lock on reading) is a 412, not an
        activation of what the analyst never saw. The revision is kept: freezing is no edit of the version."""
        expected = expected_revisions(if_match)
        if expected is None:
            return
        claim = update(Methodology).where(
            col(Methodology.id) == methodology.id, col(Methodology.revision).in_(expected or {-1})
        )
        held = self.session.execute(claim.values(frozen=True).execution_options(synchronize_session=False))
        if getattr(held, "rowcount", 0) != 1:
            raise stale_revision()
        self.session.refresh(methodology)

    def freeze(self, methodology: Methodology) -> None:
        if not methodology.frozen:
            methodology.frozen = True
            self.session.add(methodology)

    @staticmethod
    def catalogue() -> RuleCatalogue:
        rules = [
            RuleDescription(
                id=rule_id,
                label=info.label,
                category=info.category.value if info.category else None,
                category_label=CATEGORY_LABELS[info.category] if info.category else None,
                source=info.source,
                description=info.description,
            )
            for rule_id, info in RULES.items()
        ]
        categories = {str(category): label for category, label in CATEGORY_LABELS.items()}
        return RuleCatalogue(rules=rules, categories=categories, parameters_schema=MethodologyRules.model_json_schema())


__all__ = ["Category", "MethodologyService"]
