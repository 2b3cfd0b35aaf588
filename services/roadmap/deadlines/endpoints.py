"""Endpoints of the deadlines domain: `/me/deadlines` for phones, calendar feeds, notifications.

`/calendar/<secret>.ics` is the one address of the service read without a token: a calendar app cannot
send one, so the secret in the URL is the credential, and the gateway tells whose feed it is and what that
account may see now (`owners.py`).
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from services.roadmap.deadlines import service
from services.roadmap.deadlines.owners import feed_owners
from services.roadmap.deadlines.repository import DeadlineQuery
from services.roadmap.deadlines.schemas import (
    CalendarFeedCreated,
    CalendarFeedOut,
    DeadlinePage,
    DeadlineSummary,
    NotificationOut,
)
from services.roadmap.deps import IdentificationDep
from services.roadmap.settings import RoadmapSettings
from services.shared.db import ReadSessionDep, SessionDep
from services.shared.ids import Id
from services.shared.pagination import Page, PageDep
from services.shared.scoping import refuse_school_filter
from services.shared.security import BearerDep, PrincipalDep

router = APIRouter(tags=["deadlines"])

CACHE_CONTROL = "private, no-cache"


def _today() -> date:
    return date.today()


def _settings(request: Request) -> RoadmapSettings:
    settings: RoadmapSettings = request.app.state.settings
    return settings


def _etag_matches(header: str | None, tag: str) -> bool:
    if not header:
        return False
    candidates = {value.strip().removeprefix("W/") for value in header.split(",")}
    return "*" in candidates or tag in candidates


def cached(request: Request, body: bytes, media_type: str, headers: dict[str, str] | None = None) -> Response:
    """The body with an ETag (its hash), or 304 without a body when the client already has it."""
    tag = '"' + hashlib.sha256(body).hexdigest()[:40] + '"'
    all_headers = {"ETag": tag, "Cache-Control": CACHE_CONTROL, **(headers or {})}
    if _etag_matches(request.headers.get("if-none-match"), tag):
        return Response(status_code=304, headers=all_headers)
    return Response(body, media_type=media_type, headers=all_headers)


def _public_base_url(request: Request) -> str:
    """Where the caller reached Opora (through the gateway and nginx), for an address to give a phone."""
    host = request.headers.get("x-forwarded-host", "").split(",")[0].strip() or request.headers.get("host", "")
    return f"{request.url.scheme}://{host}" if host else str(request.base_url)


@router.get(
    "/me/deadlines",
    response_model=DeadlinePage,
    summary="Мои сроки: просроченные и наступающие мероприятия",
    responses={304: {"description": "Не изменилось с прошлого запроса (If-None-Match)"}},
)
def my_deadlines(
    request: Request,
    session: ReadSessionDep,
    principal: PrincipalDep,
    identification: IdentificationDep,
    page: PageDep,
    days: Annotated[int | None, Query(ge=1, le=365, description="Окно «скоро срок», дней")] = None,
    mine: Annotated[bool, Query(description="Только мероприятия, где я среди ответственных")] = False,
    school_code: Annotated[str | None, Query(max_length=30, description="Сроки одной школы")] = None,
    cursor: Annotated[
        str | None,
        Query(max_length=200, description="Следующая страница: `next_cursor` предыдущей (вместо `page`)"),
    ] = None,
) -> Response:
    refuse_school_filter(principal.scope, school_code, identification)  # 403 / 422: never «no deadlines»
    window = days or _settings(request).deadline_soon_days
    body = service.my_deadlines(
        session, principal, _today(), window, page, mine=mine, school_code=school_code, cursor=cursor
    )
    return cached(request, body, "application/json")


@router.get(
    "/me/deadlines/summary",
    response_model=DeadlineSummary,
    summary="Сколько сроков просрочено и наступает: те же числа на Обзоре, в «Моих сроках» и на странице плана",
)
def my_deadline_summary(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    identification: IdentificationDep,
    days: Annotated[int | None, Query(ge=1, le=365, description="Окно «скоро срок», дней")] = None,
    mine: Annotated[bool, Query(description="Только мероприятия, где я среди ответственных")] = False,
    school_code: Annotated[str | None, Query(max_length=30, description="Сроки одной школы")] = None,
    plan_id: Annotated[Id | None, Query(description="Сроки одного плана")] = None,
) -> DeadlineSummary:
    refuse_school_filter(principal.scope, school_code, identification)
    window = days or _settings(request).deadline_soon_days
    today = _today()
    query = DeadlineQuery(
        today=today,
        horizon=today + timedelta(days=window),
        mine_subject=principal.subject if mine else None,
        school_code=school_code,
        plan_id=plan_id,
    )
    return service.deadline_summary(session, principal, query, window)


@router.post("/me/calendar", status_code=201, summary="Создать ссылку на календарь сроков")
def create_calendar(
    request: Request, session: SessionDep, principal: PrincipalDep, bearer: BearerDep
) -> CalendarFeedCreated:
    """The address is shown once; the service keeps only its hash, the gateway the owner."""
    return service.create_feed(session, principal, _public_base_url(request), feed_owners(request), bearer)


@router.get("/me/calendar", summary="Мои календари сроков (без секретных ссылок)")
def list_calendars(session: SessionDep, principal: PrincipalDep) -> list[CalendarFeedOut]:
    return service.list_feeds(session, principal)


@router.delete("/me/calendar/{feed_id}", status_code=204, summary="Отозвать ссылку на календарь")
def revoke_calendar(feed_id: Id, session: SessionDep, principal: PrincipalDep) -> Response:
    service.revoke_feed(session, principal, feed_id)
    return Response(status_code=204)


@router.get(
    "/calendar/{secret}.ics",
    summary="Календарь сроков в формате iCalendar (по секретной ссылке, без токена)",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}, 304: {"description": "Не изменилось"}},
)
def calendar_feed(secret: str, request: Request, session: SessionDep) -> Response:
    from services.roadmap.deadlines import ical  # icalendar: only this feed needs it, not every roadmap process

    feed = service.feed_by_secret(session, secret)
    owner = feed_owners(request).current(secret)
    body = ical.feed(feed.user_name, service.calendar_rows(session, owner, _today()))
    service.mark_fetched(session, feed)
    disposition = {"Content-Disposition": 'inline; filename="opora-deadlines.ics"'}
    return cached(request, body, "text/calendar; charset=utf-8", disposition)


@router.get("/me/notifications", summary="Мои уведомления о сроках")
def my_notifications(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageDep,
    unread: Annotated[bool | None, Query(description="true — только непрочитанные, false — прочитанные")] = None,
) -> Page[NotificationOut]:
    return service.list_notifications(session, principal, page, unread)


@router.post("/me/notifications/{notification_id}/read", summary="Отметить уведомление прочитанным")
def read_notification(notification_id: Id, session: SessionDep, principal: PrincipalDep) -> NotificationOut:
    return service.mark_read(session, principal, notification_id)
