"""Versioned methodologies: copy a version, edit its parameters, activate it for a school year.

A version that was activated or used by a run is frozen, so every stored run can always show the exact
rules it applied; changing parameters means copying the version into a new draft.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

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
from services.shared.errors import Conflict
from services.shared.security import Principal


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

    def update(self, methodology_id: int, data: MethodologyUpdate) -> Methodology:
        methodology = self.repository.get(methodology_id)
        if methodology.frozen:
            raise Conflict(
                "Эта версия методики уже применялась или действует — изменения вносятся в её копию",
                code="methodology_frozen",
            )
        before = _snapshot(methodology)
        if data.name is not None:
            methodology.name = data.name
        if data.description is not None:
            methodology.description = data.description
        if data.rules is not None:
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

    def delete(self, methodology_id: int) -> None:
        methodology = self.repository.get(methodology_id)
        if methodology.frozen:
            raise Conflict("Применявшуюся версию методики удалить нельзя", code="methodology_frozen")
        audit.record(
            self.session, AuditEvent, self.principal, "delete", "methodology", methodology_id, _snapshot(methodology)
        )
        self.session.delete(methodology)

    def activate(self, methodology_id: int, school_year: str) -> Methodology:
        methodology = self.repository.get(methodology_id)
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
