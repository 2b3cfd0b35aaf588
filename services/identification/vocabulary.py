"""The identification service's vocabulary: categories, procedures, subjects, risk levels, school years.

Identifiers are English and stable (they appear in the API and in exports); labels are the Russian words people
read. Imports accept the labels and the usual spellings of real exports as aliases of the identifiers.
"""

from __future__ import annotations

from services.shared.school_year import parse_school_year, shift_school_year
from services.shared.vocabulary import CATEGORY_LABELS, RISK_LEVELS, SUBJECTS, TREND_LABELS, Category

PROCEDURES: dict[str, str] = {
    "ВПР": "Всероссийские проверочные работы",
    "ОГЭ": "Основной государственный экзамен",
    "ЕГЭ": "Единый государственный экзамен",
    "ГВЭ": "Государственный выпускной экзамен",
    "РПР": "Региональная проверочная работа",
    "other": "Другая процедура оценки",
}
PROCEDURE_ALIASES: dict[str, str] = {
    "впр": "ВПР",
    "огэ": "ОГЭ",
    "егэ": "ЕГЭ",
    "гвэ": "ГВЭ",
    "гвэ-9": "ГВЭ",
    "гвэ-11": "ГВЭ",
    "рпр": "РПР",
    "региональная работа": "РПР",
    "региональная проверочная работа": "РПР",
    "regional": "РПР",
    "другое": "other",
    "другая": "other",
    "other": "other",
}

SUBJECT_ALIASES: dict[str, str] = {
    **{label.lower(): code for code, label in SUBJECTS.items()},
    **{code: code for code in SUBJECTS},
    "русский": "russian",
    "рус. яз.": "russian",
    "рус.яз.": "russian",
    "математика (база)": "mathematics_basic",
    "математика базовая": "mathematics_basic",
    "математика (профиль)": "mathematics_profile",
    "математика профильная": "mathematics_profile",
    "обществознание": "social_studies",
    "английский": "english",
    "информатика и икт": "informatics",
}
# Both levels of ЕГЭ mathematics count as mathematics where a rule names "mathematics".
SUBJECT_FAMILY: dict[str, str] = {"mathematics_basic": "mathematics", "mathematics_profile": "mathematics"}

RISK_LEVEL_ALIASES: dict[str, str] = {
    **{code: code for code in RISK_LEVELS},
    **{label: code for code, label in RISK_LEVELS.items()},
    "высокий уровень": "high",
    "средний уровень": "medium",
    "низкий уровень": "low",
    "отсутствует": "none",
    "риск отсутствует": "none",
    "-": "none",
}

__all__ = [
    "CATEGORY_LABELS",
    "RISK_LEVELS",
    "SUBJECTS",
    "TREND_LABELS",
    "Category",
    "parse_school_year",
    "shift_school_year",
]
