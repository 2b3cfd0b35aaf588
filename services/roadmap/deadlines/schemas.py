"""What the deadline, calendar and notification endpoints answer: compact, for phones."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from services.shared.pagination import Page


class DeadlineItem(BaseModel):
    """One due date of an open activity, as a phone lists it."""

    occurrence_id: int
    activity_id: int
    plan_id: int
    plan_title: str
    plan_status: str = Field(description="draft or approved: a draft's dates are never overdue")
    section_number: str | None
    section_title: str = Field(description="shortened to 80 characters")
    number: str | None
    title: str
    due: date
    start: date | None
    stage: str | None = Field(description="entry, interim, final or none")
    label: str
    overdue: bool
    days_left: int = Field(description="negative when overdue")
    status: str
    school_code: str | None = Field(description="the school whose deadline it is, if any")


class DeadlinePage(Page[DeadlineItem]):
    """A page of deadlines. `total_capped` and `next_cursor` are answered only when set, so a caller of
    `page`/`per_page` reads the same envelope as before."""

    total_capped: bool = Field(
        default=False, description="true: there are more than `total` deadlines (the count stops there)"
    )
    next_cursor: str | None = Field(
        default=None, description="the next page: pass it as `cursor`; absent on the last page"
    )

    def body(self) -> bytes:
        """The JSON answered: without `total_capped` and `next_cursor` when they say nothing."""
        exclude = {name for name in ("total_capped", "next_cursor") if not getattr(self, name)}
        return self.model_dump_json(exclude=exclude).encode()


class DeadlineSummary(BaseModel):
    """The counts every screen shows (Обзор, Мои сроки, a plan's page), over the list `/me/deadlines` answers."""

    overdue: int = Field(description="сроки утверждённых планов, дата которых прошла, мероприятие не закрыто")
    due_soon: int = Field(description="сроки в ближайшие `days` дней, включая сегодня")
    days: int
    definition: str = Field(description="что считается просроченным, для людей")


class CalendarFeedOut(BaseModel):
    id: int
    user_name: str
    created_at: datetime
    last_fetched_at: datetime | None


class CalendarFeedCreated(CalendarFeedOut):
    """The feed's address is answered once: only its hash is kept."""

    path: str = Field(description="/api/roadmap/calendar/<secret>.ics")
    url: str = Field(description="the full address to subscribe to in a calendar app")
    webcal_url: str


class NotificationOut(BaseModel):
    id: int
    kind: str = Field(description="due_soon or overdue")
    kind_label: str
    activity_id: int
    plan_id: int
    occurrence_id: int
    due: date
    title: str
    created_at: datetime
    read_at: datetime | None
