"""Co-executors written in the responsible cell: after a label «Соисполнители:», or in brackets as a header
«Ответственные (соисполнители)» says."""

from __future__ import annotations

import re

from services.roadmap.plan_import.people import bracketed_co_executors, labelled_co_executors
from services.roadmap.plan_import.recognise.aliases import normalise_header
from services.roadmap.plan_import.recognise.state import _header_of, _State

CO_EXECUTORS_FIELD = "Соисполнители"
BRACKETED_HEADER_RE = re.compile(r"\s(?:со ?исполнител|соучастник|участник|(?:социальн\w* )?партнер)")
"""«Ответственные (соисполнители)», «Ответственный исполнитель (соисполнители)», «Ответственный, участники»: the
responsible column names the co-executors too (never «Ответственный исполнитель» nor «Исполнители» alone)."""


def _bracketed_co_executors(state: _State) -> None:
    """The co-executors a responsible cell names after their label («Соисполнители: Петров П.П.») or, under a
    responsible header naming the co-executors too, in brackets after the responsible: they go to «Соисполнители»
    (joined to such a column of the plan), the responsible stays."""
    header = _header_of(state, "responsible")
    bracketed = header is not None and BRACKETED_HEADER_RE.search(normalise_header(header)) is not None
    for activity in (a for s in state.sections for a in s.activities):
        split = labelled_co_executors(activity.responsible)
        if split is None and bracketed:
            split = bracketed_co_executors(activity.responsible)
        if split is None:
            continue
        activity.responsible, found = split
        before = activity.extra.get(CO_EXECUTORS_FIELD, "")
        activity.extra[CO_EXECUTORS_FIELD] = "; ".join(filter(None, [before, found]))
