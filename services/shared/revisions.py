"""Optimistic locking: a record's `revision` is its ETag, a conditional write is a compare-and-set in SQL.

`If-Match` follows RFC 9110 § 13.1.1: `*` matches any existing record; otherwise the header is a list of
entity tags compared *strongly*: our ETags are strong (`"3"`), so a weak tag (`W/"3"`) never matches and
answers 412, like a stale one. The write is `UPDATE … SET revision = revision + 1 WHERE id = :id AND
revision IN (:expected)`: two editors sending the same tag cannot both win, whatever the interleaving, since
the database decides (on PostgreSQL the loser waits for the winner's row lock and then finds the revision
moved; on SQLite writers are serialised). The loser gets 412 `stale_revision` and its transaction, so its
whole request, is rolled back.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Protocol, TypeVar

from fastapi import Header, Response
from sqlalchemy import Update, select, update
from sqlmodel import Session

from services.shared.audit import utcnow
from services.shared.errors import OporaError

IfMatch = Annotated[str | None, Header(alias="If-Match", description="ETag прочитанной записи")]
"""The `If-Match` header of a conditional write, as an endpoint parameter."""


class Revised(Protocol):
    @property
    def revision(self) -> int: ...


RevisedRead = TypeVar("RevisedRead", bound=Revised)


def set_etag(response: Response, revision: int) -> None:
    """A record's revision as the answer's ETag: the one an edit sends back in If-Match."""
    response.headers["ETag"] = f'"{revision}"'


def tagged(response: Response, read: RevisedRead) -> RevisedRead:
    """`read` answered with its revision as the ETag (`set_etag`)."""
    set_etag(response, read.revision)
    return read


_ENTITY_TAG = r'\s*(?:W/)?"[\x21\x23-\x7e\x80-\xff]*"\s*'
_IF_MATCH = re.compile(rf"{_ENTITY_TAG}(?:,{_ENTITY_TAG})*")
_STRONG_NUMBER = re.compile(r'(?<![W/])"(0|[1-9]\d{0,17})"')  # canonical: `"01"` is no ETag given


MAX_IF_MATCH_TAGS = 100
"""ETags one `If-Match` may list: each becomes a parameter of the compare-and-set's `IN (…)` (PostgreSQL's driver
takes 65,535 at most), and no client needs more than the few revisions it read."""


def precondition_required() -> OporaError:
    return OporaError(
        "Укажите заголовок If-Match с версией записи (ETag), которую вы изменяете",
        code="precondition_required",
        status_code=428,
    )


def stale_revision() -> OporaError:
    return OporaError(
        "Запись уже изменил другой пользователь: обновите её и повторите изменение",
        code="stale_revision",
        status_code=412,
    )


def expected_revisions(if_match: str | None) -> frozenset[int] | None:
    """The revisions an `If-Match` accepts (strong comparison); None for `*`. 428 without it, 400 if malformed."""
    if if_match is None:
        raise precondition_required()
    value = if_match.strip()
    if value == "*":
        return None
    if value.count('"') > 2 * MAX_IF_MATCH_TAGS:  # a client names the one revision it read, at most a few
        raise OporaError(
            f"Заголовок If-Match перечисляет слишком много версий записи: не больше {MAX_IF_MATCH_TAGS}",
            code="invalid_if_match",
            status_code=400,
        )
    if not _IF_MATCH.fullmatch(value):
        raise OporaError(
            'Заголовок If-Match должен содержать ETag записи в кавычках, например "3", или *',
            code="invalid_if_match",
            status_code=400,
        )
    return frozenset(int(tag) for tag in _STRONG_NUMBER.findall(value))


def matches(if_match: str | None, revision: int) -> bool:
    """Whether `If-Match` names this revision (for a read-only check; writes use `compare_and_set`)."""
    expected = expected_revisions(if_match)
    return expected is None or revision in expected


def differing(row: Any, changes: dict[str, Any]) -> dict[str, Any]:
    """The changes whose value is not the row's already: an edit sending the values stored (a form saved as it
    was read) changes nothing, so it keeps the revision (`keep_unchanged`) like an empty one. A value not
    comparable with the stored one (another type) counts as a change."""
    return {field: value for field, value in changes.items() if getattr(row, field, _MISSING) != value}


_MISSING = object()


def keep_unchanged(row: Any, if_match: str | None) -> None:
    """An edit that sends nothing to change writes nothing and keeps the revision (the ETag others hold), but
    answers as an edit would: 428 without `If-Match`, 412 on a stale one."""
    if not matches(if_match, row.revision):
        raise stale_revision()


def compare_and_set(
    session: Session, row: Any, if_match: str | None, gone: OporaError | None = None, **values: Any
) -> None:
    """Move `row` to its next revision if `If-Match` names its current one, else 412 and nothing written.

    `row` is a loaded record with `id`, `revision` and `updated_at`; it is reloaded after the write, so the
    caller goes on with the current state of a row that (on PostgreSQL) it now holds locked. `gone` is the
    error (the record's 404) when the row was deleted meanwhile (the write waited for the deletion): the answer
    a request coming after the deletion would get, not a 412 saying the record was changed.
    """
    model = type(row)
    expected = expected_revisions(if_match)
    statement = update(model).where(model.id == row.id)
    if expected is not None:
        statement = statement.where(model.revision.in_(expected or {-1}))
    statement = statement.values(revision=model.revision + 1, updated_at=utcnow(), **values)
    result = session.execute(statement.execution_options(synchronize_session=False))
    if getattr(result, "rowcount", 0) != 1:
        if gone is not None and session.execute(select(model.id).where(model.id == row.id)).first() is None:
            raise gone
        raise stale_revision()
    session.refresh(row)


def changed_ids(session: Session, statement: Update, id_column: Any) -> list[int]:
    """The ids, in order, of the rows a conditional `UPDATE … WHERE <condition>` changed (`RETURNING id`): a
    compare-and-set on several rows at once. Of requests changing the same row at once, the one committed first
    changes it and the others find the condition false, so each row is changed (and audited by the caller) once."""
    rows = session.execute(statement.returning(id_column).execution_options(synchronize_session=False))
    return sorted(int(row[0]) for row in rows)
