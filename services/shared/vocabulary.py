"""The domain's words that more than one service uses: categories of school, the trend of a school's status,
subjects, risk levels. Identifiers are stable English codes; labels are the Russian words people read."""

from __future__ import annotations

import unicodedata
from enum import StrEnum


def visible(text: str) -> str:
    """`text` without the characters nobody sees (Unicode's format characters, category Cf: zero-width spaces and
    joiners, direction marks and overrides, soft hyphens, the BOM — pasted from Word or typed on purpose): names that
    look alike compare alike, so «Петрова» with a zero-width space inside is not another teacher, party or campaign."""
    if text.isascii():
        return text
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def trimmed(text: str) -> str:
    """`text` without the spaces and the invisible characters (as `visible` means them) at either end: a name of a
    zero-width space, a direction mark or a BOM alone is as empty as one of spaces, and is refused so, instead of
    a title nobody can see. Those inside the text are kept (the text is stored as written)."""
    text = text.strip()
    if text.isascii():
        return text
    start, end = 0, len(text)
    while start < end and _blank(text[start]):
        start += 1
    while end > start and _blank(text[end - 1]):
        end -= 1
    return text[start:end]


def _blank(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) == "Cf"


class Category(StrEnum):
    low_results = "low_results"
    unfavourable_social = "unfavourable_social"
    risk_zone = "risk_zone"
    effective = "effective"


CATEGORY_LABELS: dict[str, str] = {
    Category.low_results: "ШНОР — школа с низкими образовательными результатами",
    Category.unfavourable_social: "ШНСУ — школа, функционирующая в неблагоприятных социальных условиях",
    Category.risk_zone: "Зона риска снижения образовательных результатов",
    Category.effective: "Эффективный режим",
}
CATEGORY_SHORT: dict[str, str] = {
    Category.low_results: "ШНОР",
    Category.unfavourable_social: "ШНСУ",
    Category.risk_zone: "Зона риска",
    Category.effective: "Эффективный режим",
}
TREND_LABELS: dict[str, str] = {
    "entered": "вошла в группу риска",
    "left": "вышла из группы риска",
    "stayed": "остаётся в группе риска",
    "unchanged": "вне группы риска оба года",
    "new": "нет данных за прошлый год",
}
SUBJECTS: dict[str, str] = {
    "russian": "Русский язык",
    "mathematics": "Математика",
    "mathematics_basic": "Математика (базовый уровень)",
    "mathematics_profile": "Математика (профильный уровень)",
    "reading": "Литературное чтение",
    "literature": "Литература",
    "physics": "Физика",
    "chemistry": "Химия",
    "biology": "Биология",
    "geography": "География",
    "history": "История",
    "social_studies": "Обществознание",
    "informatics": "Информатика",
    "english": "Английский язык",
    "german": "Немецкий язык",
    "french": "Французский язык",
    "nature": "Окружающий мир",
}
RISK_LEVELS: dict[str, str] = {"high": "высокий", "medium": "средний", "low": "низкий", "none": "нет"}


def agrees_with_one(count: int) -> bool:
    """Whether a count takes the singular: 1, 21, 101, but not 11 or 111 («21 школа», «отнесена 51 школа»)."""
    return count % 10 == 1 and count % 100 != 11


def plural(count: int, one: str, few: str, many: str) -> str:
    """`plural(3, "школа", "школы", "школ")` → `3 школы`."""
    tail = count % 100
    if 11 <= tail <= 14:
        word = many
    elif agrees_with_one(count):
        word = one
    elif 2 <= count % 10 <= 4:
        word = few
    else:
        word = many
    return f"{count} {word}"
