"""Words broken by a hyphen at the end of a line inside a cell («резуль-⏎татов», «сен-⏎тябрь»): typed so that the
word fits a narrow column, they read whole («результатов»); a compound word keeps its hyphen («онлайн-⏎консультации»
→ «онлайн-консультации», «учебно-⏎методический» → «учебно-методический»)."""

from __future__ import annotations

import re

from services.roadmap.plan_import.recognise.state import _State

BROKEN_RE = re.compile(r"(?<![^\W\d_])([А-ЯЁа-яё][а-яё]*)-[ \t]*\n[ \t]*([а-яё]+)(?![^\W\d_])")
"""A lowercase Cyrillic part, a hyphen ending the line, a lowercase part starting the next one."""
COMPOUND_LEFT = frozenset(
    {"онлайн", "офлайн", "мастер", "интернет", "веб", "медиа", "бизнес", "пресс", "экспресс", "блиц", "квест",
     "кейс", "флеш", "видео", "аудио", "фото", "чек", "лист", "школа", "экс", "вице", "тренинг", "кто", "что",
     "как", "где", "когда", "какой", "какая", "какие", "во", "по", "из"}
)  # fmt: skip
COMPOUND_ENDING_RE = re.compile(r"[а-яё]{3,}(?:но|ко|го|во)$")
"""«учебно-», «научно-», «психолого-», «историко-», «правово-»: the first half of a compound adjective."""
COMPOUND_RIGHT = frozenset({"то", "либо", "нибудь", "таки", "ка"})
FIELDS = ("title", "responsible", "deadline", "expected_result", "final_document", "period")


def _compound(left: str, right: str) -> bool:
    return left in COMPOUND_LEFT or right in COMPOUND_RIGHT or bool(COMPOUND_ENDING_RE.match(left))


def _mended(text: str) -> str:
    def join(match: re.Match[str]) -> str:
        left, right = match.group(1), match.group(2)
        return f"{left}-{right}" if _compound(left.lower(), right.lower()) else f"{left}{right}"

    return BROKEN_RE.sub(join, text) if "-" in text and "\n" in text else text


def _mend_broken_words(state: _State) -> None:
    """Every cell of every activity, and the section titles, with their broken words joined."""
    for section in state.sections:
        section.title = _mended(section.title)
        section.planned_results = [_mended(item) for item in section.planned_results]
        for activity in section.activities:
            for name in FIELDS:
                setattr(activity, name, _mended(getattr(activity, name)))
            activity.extra = {key: _mended(value) for key, value in activity.extra.items()}
