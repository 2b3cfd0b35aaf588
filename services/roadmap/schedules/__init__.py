"""Deadlines and expected results of roadmap activities, read from the free text of the orders."""

from services.roadmap.schedules.parser import (
    Occurrence,
    Schedule,
    ScheduleKind,
    Stage,
    parse_schedule,
    school_year_bounds,
)
from services.roadmap.schedules.targets import Comparator, Target, parse_targets

__all__ = [
    "Comparator",
    "Occurrence",
    "Schedule",
    "ScheduleKind",
    "Stage",
    "Target",
    "parse_schedule",
    "parse_targets",
    "school_year_bounds",
]
