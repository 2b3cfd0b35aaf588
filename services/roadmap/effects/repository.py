"""What each school did in the plans of a school year, per measure template of the library, scoped.

An activity counts for a measure template when its title is the template's or close to it (an imported plan
words the same measure a little differently); it counts for a school when it is that school's plan's activity
or when the school takes part in it (per-school tracking).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from typing import TypeVarTuple

import numpy as np
import sqlalchemy as sa
from sqlalchemy import Select, func
from sqlmodel import Session, col, select

from services.roadmap.library.models import MeasureTemplate
from services.roadmap.plans.models import Activity, ActivitySchool, Evidence, Plan
from services.roadmap.plans.repository import plan_visible
from services.shared.security import Principal

Ts = TypeVarTuple("Ts")
SIMILARITY = 0.85
"""How close an activity's title must be to a template's to count as that measure (0–1, after normalising)."""


@dataclass(frozen=True)
class Execution:
    school_code: str
    template_id: int
    completed: bool
    on_time: bool | None
    evidence: int

    def rank(self) -> tuple[bool, bool, int]:
        return self.completed, bool(self.on_time), self.evidence


def normalise(title: str) -> str:
    return re.sub(r"[^\w]+", " ", title.lower()).strip()


class TemplateMatcher:
    """The template of an activity's title: the template whose (normalised) title is the activity's, else the most
    similar one at `SIMILARITY` or above (on a tie, the later template).

    A region's plans hold tens of thousands of activities, mostly under a few hundred distinct titles, and the
    library a few dozen templates. So each distinct title is matched once, and a template's full ratio is computed
    only when two upper bounds of it reach the best score so far: difflib's `real_quick_ratio` (from the lengths)
    and `quick_ratio` (from the characters both have), the two computed for all templates at once from a count of
    each character per template. Each template keeps one `SequenceMatcher` (difflib caches what it learns of its
    second sequence). The answers are those of computing every `SequenceMatcher(None, title, template).ratio()`.
    """

    def __init__(self, templates: dict[int, str]) -> None:
        self._ids = list(templates)
        titles = list(templates.values())
        self._first_with_title: dict[str, int] = {}
        for template_id, title in templates.items():
            self._first_with_title.setdefault(title, template_id)
        self._index = {char: i for i, char in enumerate(sorted(set("".join(titles))))}
        self._counts = np.array([self._letters(title) for title in titles]).reshape(len(titles), len(self._index))
        self._lengths = np.array([len(title) for title in titles], dtype=np.int64)
        self._matchers = [SequenceMatcher(None, "", title) for title in titles]
        self._found: dict[str, int | None] = {}

    def __call__(self, title: str) -> int | None:
        text = normalise(title)
        if text not in self._found:
            self._found[text] = self._best(text)
        return self._found[text]

    def _best(self, text: str) -> int | None:
        if text in self._first_with_title:  # a ratio of 1: the first such template ends the search
            return self._first_with_title[text]
        bounds = self._bounds(text)
        best, score = None, SIMILARITY
        for row in np.flatnonzero(bounds >= SIMILARITY):
            if bounds[row] < score:
                continue
            matcher = self._matchers[row]
            matcher.set_seq1(text)
            ratio = matcher.ratio()
            if ratio >= score:
                best, score = self._ids[row], ratio
        return best

    def _bounds(self, text: str) -> np.ndarray:
        """Per template, the lesser of difflib's `real_quick_ratio` and `quick_ratio` for `text`: 2·M / (a + b), M
        being the shorter length, or the characters both have (each as often as the one that has it fewer times).
        Never 0 / 0: a text equal to a template, empty ones too, was answered before."""
        length = len(text) + self._lengths
        shorter = np.minimum(self._lengths, len(text))
        common = np.minimum(self._counts, self._letters(text)).sum(axis=1)
        return np.minimum(2.0 * shorter, 2.0 * common) / length

    def _letters(self, text: str) -> np.ndarray:
        """How often `text` has each character of the templates' titles (others it has count for nothing)."""
        return np.bincount([self._index[char] for char in text if char in self._index], minlength=len(self._index))


def _on_time(completed_at: date | None, due: date | None) -> bool:
    return completed_at is None or due is None or completed_at <= due


@dataclass(frozen=True)
class _Planned:
    """What of an activity and its plan the comparison reads."""

    id: int
    title: str
    per_school: bool
    status: str
    completed_at: date | None
    due_date: date | None
    plan_school: str | None


State = tuple[str, str, date | None]
"""(school, status, completed on)."""


def _states(activity: _Planned, schools: list[State]) -> list[State]:
    """The states of an activity: per participating school (`schools`), or the school plan's own; a municipal
    activity not tracked per school belongs to no school."""
    if activity.per_school:
        return schools
    if activity.plan_school:
        return [(activity.plan_school, activity.status, activity.completed_at)]
    return []


def _best_executions(
    matched: dict[int, tuple[_Planned, int]],
    states: dict[int, list[State]],
    evidence: dict[tuple[int, str | None], int],
) -> list[Execution]:
    """Per school and template, the best of the matched activities' executions (`Execution.rank`)."""
    best: dict[tuple[str, int], Execution] = {}
    for activity_id, (activity, template_id) in matched.items():
        for school_code, status, completed_at in states[activity_id]:
            done = status == "done"
            found = Execution(
                school_code,
                template_id,
                done,
                _on_time(completed_at, activity.due_date) if done else None,
                evidence.get((activity_id, school_code), 0) + evidence.get((activity_id, None), 0),
            )
            held = best.get((school_code, template_id))
            if held is None or found.rank() > held.rank():
                best[(school_code, template_id)] = found
    return list(best.values())


class EffectRepository:
    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal

    def templates(self) -> list[MeasureTemplate]:
        return list(self.session.exec(select(MeasureTemplate).order_by(col(MeasureTemplate.position))).all())

    def executions(self, school_year: str, templates: list[MeasureTemplate], schools: set[str]) -> list[Execution]:
        """Per school of `schools` and template, the best execution in the caller's plans of the year (done on
        time first). Only the activities of those schools are matched to the templates by title: the schools are
        a list, a part of the territory, and matching every activity's title was most of the answer's time."""
        if not schools:
            return []
        titles = {t.id: normalise(t.title) for t in templates if t.id is not None}
        planned = [
            _Planned(*row)
            for row in self.session.execute(
                self._in_counted_plans(
                    sa.select(
                        col(Activity.id), col(Activity.title), col(Activity.per_school), col(Activity.status),
                        col(Activity.completed_at), col(Activity.due_date), col(Plan.school_code),
                    ),
                    school_year,
                )
            )
        ]  # fmt: skip
        per_school = self._school_states(school_year)
        states = {a.id: [s for s in _states(a, per_school.get(a.id, [])) if s[0] in schools] for a in planned}
        template_of = TemplateMatcher(titles)
        matched: dict[int, tuple[_Planned, int]] = {}
        for activity in planned:
            template = template_of(activity.title) if states[activity.id] else None
            if template is not None:
                matched[activity.id] = (activity, template)
        evidence = self._evidence(school_year) if matched else {}
        return _best_executions(matched, states, evidence)

    def _in_counted_plans(self, statement: Select[*Ts], school_year: str) -> Select[*Ts]:
        """`statement` (whose rows are activities) kept to the caller's plans of the year that count: visible to
        the caller, not archived."""
        return statement.join(Plan, col(Plan.id) == Activity.plan_id).where(
            plan_visible(self.principal), col(Plan.school_year) == school_year, col(Plan.status) != "archived"
        )

    def _evidence(self, school_year: str) -> dict[tuple[int, str | None], int]:
        """Pieces of evidence per activity of the year's plans and school (None: the activity's own). Joined,
        not listed by id: a region's activities are more than a statement's parameters may be."""
        statement = sa.select(col(Evidence.activity_id), col(Evidence.school_code), func.count()).join(
            Activity, col(Activity.id) == Evidence.activity_id
        )
        rows = self.session.execute(
            self._in_counted_plans(statement, school_year).group_by(
                col(Evidence.activity_id), col(Evidence.school_code)
            )
        )
        return {(activity_id, school): int(count) for activity_id, school, count in rows}

    def _school_states(self, school_year: str) -> dict[int, list[State]]:
        """Per activity of the year's plans tracked per school, the state of each participating school."""
        statement = sa.select(
            col(ActivitySchool.activity_id), col(ActivitySchool.school_code), col(ActivitySchool.status),
            col(ActivitySchool.completed_at),
        ).join(Activity, col(Activity.id) == ActivitySchool.activity_id)  # fmt: skip
        rows = self.session.execute(self._in_counted_plans(statement, school_year).where(col(Activity.per_school)))
        found: dict[int, list[State]] = {}
        for activity_id, school_code, status, completed_at in rows:
            found.setdefault(activity_id, []).append((school_code, status, completed_at))
        return found
