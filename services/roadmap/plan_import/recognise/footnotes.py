"""Footnotes: «Семинар*» in a cell and «* – при наличии финансирования» under the table (a row of it or a paragraph
after it)."""

from __future__ import annotations

import re

from services.roadmap.plan_import.recognise.state import _State
from services.roadmap.plan_import.recognise.text import _short
from services.roadmap.plan_import.schemas import ImportedActivity, ImportProblem

FOOTNOTE_RE = re.compile(r"^\s*(\*{1,3}|[¹²³])\s*[-–—:)]?\s*([^\W\d_].*)$", re.DOTALL)
"""«* – при наличии финансирования», «** по согласованию», «¹ Мероприятие переносится»: a footnote explaining a mark."""

NOTE_LABEL_RE = re.compile(r"^\s*(?:примечани[ея]|прим\.|сноск[аи])\s*[:.]?\s*(?=[*¹²³])", re.IGNORECASE)
"""«Примечание: * – …»: the label before a footnote written on its line."""

NOTE_FIELD = "Примечание"
MARKED_FIELDS = ("number", "title", "deadline", "responsible", "expected_result", "final_document")


def _take_footnote(state: _State, text: str) -> bool:
    """Whether the text is a footnote; if so it is kept for the activities its mark stands in (`_attach_footnotes`)."""
    match = FOOTNOTE_RE.match(NOTE_LABEL_RE.sub("", text, count=1))
    if match is None:
        return False
    mark, note = match.group(1), " ".join(match.group(2).split())
    state.footnotes[mark] = f"{state.footnotes[mark]}; {note}" if mark in state.footnotes else note
    return True


def _mark_re(mark: str) -> re.Pattern[str]:
    """The mark glued to the end of a word («Семинар*», «сентябрь**»), never a part of a longer run of stars."""
    return re.compile(rf"(?<=[^\s*]){re.escape(mark)}(?!\*)")


def _attach_footnotes(state: _State) -> None:
    """Each footnote goes to the «Примечание» of the activities whose number, title, deadline, responsible, result or
    document carries its
    mark, the mark taken out of their text (a number «1*» no longer unusual); a problem names the activities."""
    for mark, note in state.footnotes.items():
        pattern = _mark_re(mark)
        everyone = [a for s in state.sections for a in s.activities]
        numbered = {a.row for a in everyone if a.number and pattern.search(a.number)}
        marked = [a for a in everyone if _unmark(a, pattern, note)]
        state.problems = [p for p in state.problems if not (p.code == "unusual_number" and p.row in numbered)]
        if not marked:
            continue  # a note on a column («Срок*» in the header) or on the whole plan: it was never an activity's
        rows = ", ".join(str(a.row) for a in marked)
        detail = f"Сноска «{mark} {_short(note, 80)}» записана в примечание мероприятий (строки {rows})"
        state.problems.append(ImportProblem(row=marked[0].row, code="footnote", detail=detail))


def _unmark(activity: ImportedActivity, pattern: re.Pattern[str], note: str) -> bool:
    found = False
    for name in MARKED_FIELDS:
        text = getattr(activity, name) or ""
        if pattern.search(text):
            setattr(activity, name, pattern.sub("", text).strip())
            found = True
    if found:
        before = activity.extra.get(NOTE_FIELD)
        activity.extra[NOTE_FIELD] = f"{before}; {note}" if before else note
    return found
