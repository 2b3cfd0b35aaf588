"""The caller's territory, decided here once for every repository of every service.

A `Scope` is everything, a region, a municipality or a list of schools. A table meets it through the columns
that place its rows: the region's code, the municipality's code, the school's code. `territory_filter` is the
SQL condition a repository adds to its selects; `covers` is the same decision for one object already in hand;
`authorities` names the territories a caller belongs to (its municipality, then its region).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, false, true
from sqlalchemy.sql.elements import SQLColumnExpression

from services.shared.errors import InvalidValue, OporaError, OutOfScope
from services.shared.remote import RemoteService, segment
from services.shared.security import Scope, ScopeKind

Condition = Callable[[Any], ColumnElement[bool]]
"""A placement that is not one column: given the scope's code (or list of school codes), the condition."""
Place = SQLColumnExpression[Any] | Condition


def _matches(place: Place | None, value: Any, many: bool = False) -> ColumnElement[bool]:
    if place is None:  # the table has no such column: the scope sees none of its rows
        return false()
    if isinstance(place, SQLColumnExpression):
        return place.in_(value) if many else place == value
    return place(value)


def territory_filter(
    scope: Scope,
    *,
    region: Place | None = None,
    municipality: Place | None = None,
    school: Place | None = None,
) -> ColumnElement[bool]:
    """The condition on rows placed by these columns (or conditions) that the scope may see.

    A scope of a kind whose column the table lacks sees nothing of it; an empty list of schools sees nothing.
    """
    match scope.kind:
        case ScopeKind.all:
            return true()
        case ScopeKind.region:
            return _matches(region, scope.region)
        case ScopeKind.municipality:
            return _matches(municipality, scope.municipality)
        case ScopeKind.schools:
            return _matches(school, list(scope.schools), many=True) if scope.schools else false()


def sees_everything(scope: Scope) -> bool:
    """Whether the scope is the whole country, so a query may skip the filter altogether."""
    return scope.kind == ScopeKind.all


def covers(scope: Scope, region: str | None, municipality: str | None = None, school: str | None = None) -> bool:
    """Whether one object placed at (region, municipality, school) lies inside the scope — `territory_filter`
    for an object in hand. An object without a school (a territory's plan, a run) is outside a school's scope."""
    return scope.covers(region, municipality, school)


def refuse_another_municipality(scope: Scope, municipality: str) -> None:
    """403 for a municipality's caller filtering by another municipality: the filter would answer an empty list,
    read as «no data» where the truth is «not yours». (A region's caller is refused by the services that know a
    municipality's region; one naming another region's municipality here gets nothing of it.)"""
    if scope.kind == ScopeKind.municipality and municipality != scope.municipality:
        raise OutOfScope("Муниципалитет находится вне вашей территории")


def unknown_municipality(municipality: str) -> InvalidValue:
    """The 422 of a list filtered by a municipality code the registry does not know (a typo, a school's code)."""
    return InvalidValue(
        f"Муниципалитет с кодом «{municipality}» не найден", code="unknown_territory", loc=["query", "municipality"]
    )


def refuse_municipality_filter(scope: Scope, municipality: str | None, identification: RemoteService) -> None:
    """A list filtered by a municipality the caller may not see is refused, never answered empty (which reads as
    «no data»): another municipality of a municipality's caller, another region's municipality of a region's
    caller (403 `out_of_scope`), a code nobody has (422 `unknown_territory`, for every caller alike) — the
    identification registry judges, asked with the caller's token (a code's prefix says nothing of its region).
    A school's staff see their schools whatever the filter."""
    if municipality and scope.kind != ScopeKind.schools:
        _judged_by_identification(identification, "municipalities", municipality, unknown_municipality(municipality))


def unknown_school(school_code: str) -> InvalidValue:
    """The 422 of a list filtered by a school code the registry does not know (a typo, another kind of code)."""
    return InvalidValue(
        f"Школа с кодом «{school_code}» не найдена", code="unknown_school", loc=["query", "school_code"]
    )


def refuse_school_filter(scope: Scope, school_code: str | None, identification: RemoteService) -> None:
    """A territory's list filtered by a school outside it is refused (403 `out_of_scope`), a code nobody has is 422
    `unknown_school`, never an empty list read as «no data»: identification's school card judges, asked with the
    caller's token (it knows each school's territory). A school's staff are let through: a mentor school reads the
    plans of the schools it mentors, which identification does not show it."""
    if school_code and scope.kind != ScopeKind.schools:
        _judged_by_identification(identification, "schools", school_code, unknown_school(school_code))


def _judged_by_identification(identification: RemoteService, kind: str, code: str, unknown: InvalidValue) -> None:
    """Asks identification for the municipality or school a filter names: its 403 stands, its 404 or 422 (no such
    code, or none could be: `..`, a space, a slash) is `unknown`."""
    try:
        identification.get(f"/api/identification/{kind}/{segment(code)}")
    except OporaError as error:
        if error.status_code in (404, 422):
            raise unknown from None
        raise


def authorities(scope: Scope) -> list[str]:
    """Codes of the territories the caller belongs to, nearest first: its municipality, then its region."""
    return [code for code in (scope.municipality, scope.region) if code]


def territory_code(scope: Scope) -> str | None:
    """The code of the one territory a scope is (its region or municipality); None for everything or schools."""
    match scope.kind:
        case ScopeKind.region:
            return scope.region
        case ScopeKind.municipality:
            return scope.municipality
        case _:
            return None


def school_codes(scope: Scope) -> list[str] | None:
    """The schools a scope is limited to, or None when it is a whole territory (or everything)."""
    return list(scope.schools) if scope.kind == ScopeKind.schools else None
