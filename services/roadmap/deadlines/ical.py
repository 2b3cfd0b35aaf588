"""The deadline feed as iCalendar: one all-day VEVENT per deadline with a reminder the day before.

Events, not VTODOs: phone calendars (iOS, Android, Outlook) show subscribed events everywhere and tasks
almost nowhere. Every property is derived from stored rows (DTSTAMP is the activity's last change), so the
same data gives the same bytes and the ETag lets a calendar app skip an unchanged feed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar import Alarm, Calendar, Event

from services.roadmap.deadlines.service import STAGE_LABELS

PRODID = "-//Opora//Deadlines//RU"


def occurrence_uid(occurrence_id: int, school_code: str | None, per_school: bool) -> str:
    """Stable per occurrence; an occurrence listed once per school gets one UID per school."""
    if per_school and school_code:
        return f"occurrence-{occurrence_id}-{school_code}@opora"
    return f"occurrence-{occurrence_id}@opora"


def _responsible(parties: list[dict[str, Any]]) -> str:
    return ", ".join(str(party.get("name", "")).strip() for party in parties if party.get("name"))


def describe(row: Any) -> str:
    """The event's description: where the activity sits, who answers for it, what it should give."""
    section = " ".join(part for part in (row.section_number, row.section_title) if part)
    lines = [f"План: {row.plan_title}", f"Раздел: {section}"]
    if row.number:
        lines.append(f"Пункт: {row.number}")
    if row.school_code and row.per_school:
        lines.append(f"Школа: {row.school_code}")
    if responsible := _responsible(row.responsible or []):
        lines.append(f"Ответственные: {responsible}")
    if row.expected_result:
        lines.append(f"Ожидаемый результат: {row.expected_result}")
    if row.stage in STAGE_LABELS:
        lines.append(f"Этап: {STAGE_LABELS[row.stage]}")
    lines.append(f"Срок: {row.deadline_text or row.due.strftime('%d.%m.%Y')}")
    return "\n".join(lines)


def _stamp(value: datetime | None) -> datetime:
    if value is None:
        return datetime(2000, 1, 1, tzinfo=UTC)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def event(row: Any) -> Event:
    due: date = row.due
    item = Event()
    item.add("uid", occurrence_uid(row.occurrence_id, row.school_code, row.per_school))
    item.add("dtstamp", _stamp(row.updated_at))
    item.add("dtstart", due)
    item.add("dtend", due + timedelta(days=1))
    item.add("summary", row.title)
    item.add("description", describe(row))
    item.add("transp", "TRANSPARENT")
    reminder = Alarm()
    reminder.add("action", "DISPLAY")
    reminder.add("trigger", timedelta(days=-1))
    reminder.add("description", f"Завтра срок: {row.title}")
    item.add_component(reminder)
    return item


def feed(name: str, rows: Iterable[Any]) -> bytes:
    """The whole feed of a user, in the order of the rows."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Опора: сроки — {name}")
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    for row in rows:
        calendar.add_component(event(row))
    return calendar.to_ical()
