"""The deadline feed as iCalendar: one all-day VEVENT per deadline with a reminder at 9:00 the day before.

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
REMINDER = -timedelta(hours=15)
"""At 9:00 the day before: an all-day event starts at midnight, so a whole day before rang the phone at 0:00."""


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
    if school := _school(row):
        lines.append(f"Школа: {school}")
    if responsible := _responsible(row.responsible or []):
        lines.append(f"Ответственные: {responsible}")
    if row.expected_result:
        lines.append(f"Ожидаемый результат: {row.expected_result}")
    if row.stage in STAGE_LABELS:
        lines.append(f"Этап: {STAGE_LABELS[row.stage]}")
    lines.append(f"Срок: {row.deadline_text or row.due.strftime('%d.%m.%Y')}")
    return "\n".join(lines)


def _school(row: Any) -> str:
    """A per-school row's school by name, with its code («СОШ № 2 (0102)»); empty for a plan's own rows."""
    if not (row.school_code and row.per_school):
        return ""
    name = (getattr(row, "school_name", None) or "").strip()
    return f"{name} ({row.school_code})" if name else row.school_code


def _summary(row: Any) -> str:
    """The title; a per-school row's names its school, or a coordinator's calendar shows one title many times."""
    name = (getattr(row, "school_name", None) or "").strip() if row.per_school else ""
    return f"{row.title} — {name}" if name else row.title


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
    item.add("summary", _summary(row))
    item.add("description", describe(row))
    item.add("transp", "TRANSPARENT")
    reminder = Alarm()
    reminder.add("action", "DISPLAY")
    reminder.add("trigger", REMINDER)
    reminder.add("description", f"Завтра срок: {_summary(row)}")
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
