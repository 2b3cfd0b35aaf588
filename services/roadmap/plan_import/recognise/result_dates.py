"""A deadline written in brackets after the result of an activity that has none of its own."""

from __future__ import annotations

import re

from services.roadmap.plan_import.recognise.state import _State

_MONTHS = r"(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-яё]*"
_DATE = rf"\d{{1,2}}(?:\.\d{{1,2}}(?:\.\d{{2,4}})?|\s+{_MONTHS}(?:\s+\d{{4}})?)(?:\s*г(?:ода|\.)?)?"
_DUE = re.compile(rf"\s*\(\s*((?:до|не\s+позднее|к)\s+{_DATE})\s*\)\s*$", re.IGNORECASE)
"""«(до 30.09)», «(не позднее 25 мая 2025 г.)», «(к 1 сентября)» at the end of the result."""


def _due_of(text: str) -> tuple[str, str] | None:
    """The result without the bracketed date at its end, and that date as written; None without one."""
    found = _DUE.search(text)
    rest = text[: found.start()].strip() if found else ""
    return (rest, " ".join(found.group(1).split())) if found and rest else None


def _deadlines_of_results(state: _State) -> None:
    """«Аналитическая справка (до 30.09)» in a row with no deadline: the date is when the result is due, the
    activity's deadline (else the activity had none, the date hidden in its result). A row with a deadline of its own
    keeps its result as written (the document's date may be another)."""
    for section in state.sections:
        for activity in section.activities:
            if activity.deadline.strip():
                continue
            for field in ("expected_result", "final_document"):
                due = _due_of(getattr(activity, field))
                if due is not None:
                    setattr(activity, field, due[0])
                    activity.deadline = due[1]
                    break
