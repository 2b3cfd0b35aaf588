"""Deadlines of a caller, its calendar feeds and its notifications."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta
from typing import Any

import orjson
from sqlmodel import Session, col, select, update

from services.roadmap.deadlines.models import CalendarFeed, DeadlineEntry, Notification
from services.roadmap.deadlines.owners import FeedOwners
from services.roadmap.deadlines.repository import DeadlineQuery, deadline_counts, deadline_page, deadline_rows
from services.roadmap.deadlines.schemas import (
    CalendarFeedCreated,
    CalendarFeedOut,
    DeadlineItem,
    DeadlineSummary,
    NotificationOut,
)
from services.roadmap.plans.models import Activity, ActivitySchool
from services.shared.audit import utcnow
from services.shared.db import restart_as_writer
from services.shared.errors import NotFound
from services.shared.pagination import Page, PageParams, paginate
from services.shared.security import Principal

STAGE_LABELS = {"entry": "входной", "interim": "промежуточный", "final": "итоговый"}
KIND_LABELS = {"due_soon": "Приближается срок", "overdue": "Срок прошёл"}
SECTION_TITLE_LENGTH = 80
CALENDAR_PREFIX = "/api/roadmap/calendar/"


def short(text: str, length: int = SECTION_TITLE_LENGTH) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def deadline_item(row: Any, today: date) -> DeadlineItem:
    return DeadlineItem(**item_fields(row, today))


def item_fields(row: Any, today: date) -> dict[str, Any]:
    """One row (`repository.ITEM_COLUMNS` in order) as `DeadlineItem` answers it, field for field in its order,
    without building the model: the page is serialised straight to JSON (`DeadlinePage.body` gives the same
    bytes; the tests compare them). Read by position: a row's attributes by name cost more than the rest."""
    (occurrence_id, start, due, stage, label, activity_id, number, title, plan_id, plan_title, plan_status,
     section_number, section_title, school_code, status) = tuple(row)[:15]  # fmt: skip
    return {
        "occurrence_id": occurrence_id,
        "activity_id": activity_id,
        "plan_id": plan_id,
        "plan_title": plan_title,
        "plan_status": plan_status,
        "section_number": section_number,
        "section_title": short(section_title),
        "number": number,
        "title": title,
        "due": due,
        "start": start,
        "stage": stage,
        "label": label,
        "overdue": due < today and plan_status == "approved",
        "days_left": (due - today).days,
        "status": status,
        "school_code": school_code,
    }


def my_deadlines(
    session: Session,
    principal: Principal,
    today: date,
    days: int,
    page: PageParams,
    mine: bool = False,
    school_code: str | None = None,
    cursor: str | None = None,
) -> bytes:
    """Overdue and due-within-`days` deadlines of the caller, by due date: the page at `page`, or after
    `cursor` (the previous page's `next_cursor`), as the JSON of a `DeadlinePage` (built without the models:
    this is the phone's hot path; `total_capped` and `next_cursor` only when they say something)."""
    query = DeadlineQuery(
        today=today,
        horizon=today + timedelta(days=days),
        mine_subject=principal.subject if mine else None,
        school_code=school_code,
    )
    found = deadline_page(session, principal, query, page.offset, page.per_page, cursor)
    body: dict[str, Any] = {
        "items": [item_fields(row, today) for row in found.rows],
        "total": found.total,
        "page": page.page,
        "per_page": page.per_page,
    }
    if found.total_capped:
        body["total_capped"] = True
    if found.next_cursor:
        body["next_cursor"] = found.next_cursor
    return orjson.dumps(body)


OVERDUE_DEFINITION = (
    "Просрочен срок мероприятия утверждённого плана, дата которого прошла, а мероприятие не выполнено и не "
    "отменено; мероприятие со сроками по этапам или по школам даёт по сроку на каждый этап и каждую школу. "
    "Сроки проектов планов не считаются просроченными."
)


def deadline_summary(session: Session, principal: Principal, query: DeadlineQuery, days: int) -> DeadlineSummary:
    """The overdue and due-soon counts of the list `my_deadlines` pages through, with the same filters."""
    overdue, due_soon = deadline_counts(session, principal, query)
    return DeadlineSummary(overdue=overdue, due_soon=due_soon, days=days, definition=OVERDUE_DEFINITION)


# --- calendar feeds ---------------------------------------------------------------------------------------


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def feed_out(feed: CalendarFeed) -> CalendarFeedOut:
    return CalendarFeedOut(
        id=feed.id or 0, user_name=feed.user_name, created_at=feed.created_at, last_fetched_at=feed.last_fetched_at
    )


def create_feed(
    session: Session, principal: Principal, base_url: str, owners: FeedOwners, bearer: str
) -> CalendarFeedCreated:
    """A new feed behind a random secret, registered with the gateway as the caller's (apps fetch without a
    token; the role and scope kept here only record what the owner had when the feed was made)."""
    secret = secrets.token_urlsafe(32)
    owners.register(secret, bearer)
    feed = CalendarFeed(
        user_subject=principal.subject,
        user_name=principal.name or principal.username,
        role=principal.role.value,
        scope=principal.scope.model_dump(mode="json"),
        token_hash=secret_hash(secret),
    )
    session.add(feed)
    session.flush()
    path = f"{CALENDAR_PREFIX}{secret}.ics"
    url = base_url.rstrip("/") + path
    webcal = "webcal://" + url.split("://", 1)[-1]
    return CalendarFeedCreated(**feed_out(feed).model_dump(), path=path, url=url, webcal_url=webcal)


def _my_feeds(principal: Principal) -> Any:
    return select(CalendarFeed).where(
        CalendarFeed.user_subject == principal.subject, col(CalendarFeed.revoked_at).is_(None)
    )


def list_feeds(session: Session, principal: Principal) -> list[CalendarFeedOut]:
    feeds = session.exec(_my_feeds(principal).order_by(col(CalendarFeed.id))).all()
    return [feed_out(feed) for feed in feeds]


def revoke_feed(session: Session, principal: Principal, feed_id: int) -> None:
    """Revoke one's own feed once: a compare-and-set on `revoked_at IS NULL`, so of revocations at once one
    revokes and the others find it revoked (404), as one after another would."""
    revoked = session.execute(
        update(CalendarFeed)
        .where(
            col(CalendarFeed.id) == feed_id,
            col(CalendarFeed.user_subject) == principal.subject,
            col(CalendarFeed.revoked_at).is_(None),
        )
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if getattr(revoked, "rowcount", 0) != 1:
        raise NotFound("Календарь не найден", code="calendar_not_found")


def feed_by_secret(session: Session, secret: str) -> CalendarFeed:
    feed = session.exec(
        select(CalendarFeed).where(
            CalendarFeed.token_hash == secret_hash(secret), col(CalendarFeed.revoked_at).is_(None)
        )
    ).first()
    if feed is None:
        raise NotFound("Календарь не найден или отозван", code="calendar_not_found")
    return feed


def calendar_rows(session: Session, owner: Principal, today: date) -> list[Any]:
    """Every open deadline of a feed's owner (as the account is now) over the whole plan period, with what the
    events describe."""
    extra: tuple[Any, ...] = (
        col(Activity.responsible).label("responsible"),
        col(Activity.expected_result).label("expected_result"),
        col(Activity.deadline_text).label("deadline_text"),
        col(Activity.updated_at).label("updated_at"),
        col(Activity.per_school).label("per_school"),
        _school_name().label("school_name"),
    )
    return deadline_rows(session, owner, DeadlineQuery(today=today), *extra)


def _school_name() -> Any:
    """The name of a per-school row's school, as the plan recorded it (None for a plan's own rows)."""
    return (
        select(ActivitySchool.school_name)
        .where(col(ActivitySchool.activity_id) == col(DeadlineEntry.activity_id))
        .where(col(ActivitySchool.school_code) == col(DeadlineEntry.school_code))
        .limit(1)
        .scalar_subquery()
    )


def mark_fetched(session: Session, feed: CalendarFeed) -> None:
    """Remember the last fetch, at most once an hour (a feed is polled often; no write on every poll).

    The fetch is a GET, whose session only reads: it becomes a writer's first (`restart_as_writer`), or on
    SQLite a writer committing meanwhile made the calendar app's poll a 503 («database is locked»)."""
    now = utcnow()
    last = feed.last_fetched_at
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=now.tzinfo)
    if last is not None and now - last <= timedelta(hours=1):
        return
    feed_id = feed.id
    restart_as_writer(session)
    session.execute(
        update(CalendarFeed)
        .where(col(CalendarFeed.id) == feed_id)
        .values(last_fetched_at=now)
        .execution_options(synchronize_session=False)
    )


# --- notifications ----------------------------------------------------------------------------------------


def notification_out(notification: Notification, plan_id: int) -> NotificationOut:
    return NotificationOut(
        id=notification.id or 0,
        kind=notification.kind,
        kind_label=KIND_LABELS.get(notification.kind, notification.kind),
        activity_id=notification.activity_id,
        plan_id=plan_id,
        occurrence_id=notification.occurrence_id,
        due=notification.due,
        title=notification.title,
        created_at=notification.created_at,
        read_at=notification.read_at,
    )


def _notifications(principal: Principal) -> Any:
    return (
        select(Notification, col(Activity.plan_id))
        .join(Activity, col(Activity.id) == col(Notification.activity_id))
        .where(Notification.user_subject == principal.subject)
    )


def list_notifications(
    session: Session, principal: Principal, page: PageParams, unread: bool | None
) -> Page[NotificationOut]:
    statement = _notifications(principal)
    if unread is True:
        statement = statement.where(col(Notification.read_at).is_(None))
    elif unread is False:
        statement = statement.where(col(Notification.read_at).is_not(None))
    statement = statement.order_by(col(Notification.due), col(Notification.id))
    rows, total = paginate(session, statement, page)
    return Page(items=[notification_out(n, plan_id) for n, plan_id in rows], total=total, **page.model_dump())


def mark_read(session: Session, principal: Principal, notification_id: int) -> NotificationOut:
    """Only one's own notification; another user's id is answered as not found."""
    row = session.exec(_notifications(principal).where(Notification.id == notification_id)).first()
    if row is None:
        raise NotFound("Уведомление не найдено", code="notification_not_found")
    notification, plan_id = row
    if notification.read_at is None:
        # A compare-and-set on `read_at IS NULL`, then read again: of two devices marking it at once, the later
        # one waits for the earlier and answers its moment instead of moving it.
        session.execute(
            update(Notification)
            .where(col(Notification.id) == notification.id, col(Notification.read_at).is_(None))
            .values(read_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        session.refresh(notification)
    return notification_out(notification, plan_id)
