"""The methodology in words: one plain-language paragraph per category built from the parameters the run
applied, and every rule's parameters listed with their titles from the rules' JSON Schema."""

from __future__ import annotations

from functools import cache
from typing import Any

from services.identification.methodology.reasons import points as score_points
from services.identification.methodology.rules import RULES, MethodologyRules
from services.identification.vocabulary import CATEGORY_LABELS, Category
from services.shared.contracts.identification_note import CategoryCriteria, RuleParameters
from services.shared.vocabulary import CATEGORY_SHORT, RISK_LEVELS, SUBJECTS, plural

from .figures import no_break, number_text

RISK_CATEGORIES = (Category.low_results, Category.unfavourable_social, Category.risk_zone)
CATEGORY_PHRASES = {
    Category.low_results: "К школам с низкими образовательными результатами (ШНОР) относится школа",
    Category.unfavourable_social: "К школам, функционирующим в неблагоприятных социальных условиях (ШНСУ), "
    "относится школа",
    Category.risk_zone: "К зоне риска снижения образовательных результатов относится школа",
}
SHARE_PARAMETERS = {
    "threshold", "max_share", "lower", "upper", "vpr_lowered_share", "vpr_raised_share", "quantile",
}  # fmt: skip
"""Parameters that are shares of pupils or schools: written as percentages."""
INDICATOR_RULES = ("indicator_level", "indicator_mean", "indicator_trend")
"""Rules on an imported measure: their threshold is in the measure's units, not a share."""
POINT_PARAMETERS = {("unstable_results", "decline"), ("unstable_results", "amplitude")}
"""Changes of a share (0,05 is a rise of 5 percentage points): written in п. п. The indicator rules' own
`decline` and `amplitude` are in the indicator's units."""
VALUE_WORDS = {
    "or": "или",
    "and": "и",
    "percent_of_max": "процент от максимального балла",
    "zscore": "z-оценка",
    "score": "баллы процедуры",
    "minmax": "приведение к отрезку от 0 до 1",
    "none": "без нормирования",
    "vpr_lowered": "отметки ВПР ниже отметок за период",
    "vpr_raised": "отметки ВПР выше отметок за период",
    "above_regional_mean": "результаты ВПР намного выше среднего по региону",
    "parents_higher_education_share": "оба родителя с высшим образованием",
    "unemployed_parents_share": "безработные родители",
    "deviant_behaviour_share": "девиантное поведение",
    "non_native_russian_share": "русский язык не родной",
    "pupil_years": "участники за годы к сумме численностей обучающихся за те же годы",
    "latest_pupils": "участники за годы к численности обучающихся последнего года",
    "same": "одна и та же процедура",
    "any": "любая процедура",
    "different": "разные процедуры в соседние годы",
}
COMBINE_WORDS = {"any": "достаточно любого из условий", "all": "нужны все условия"}


POINTS_UNIT = "\u00a0п.\u00a0п."
"""Percentage points after a number: a no-break space before «п. п.» and inside it, as before «%» — the unit never
starts a line nor breaks in two."""


def percent(share: float) -> str:
    return f"{number_text(share * 100, 2)}\u00a0%"  # «%» never starts a line, as the note's own figures


def points(share: float) -> str:
    return f"{number_text(share * 100, 2)}{POINTS_UNIT}"


def _subjects(rule: dict[str, Any]) -> str:
    codes = rule.get("subjects") or ["russian", "mathematics"]
    return " и ".join(SUBJECTS.get(code, code).lower() for code in codes)


def _procedures(rule: dict[str, Any]) -> str:
    return ", ".join(rule.get("procedures") or ["ВПР", "ОГЭ", "ЕГЭ"])


def _years(count: int) -> str:
    """«1 год», «3 года», «5 лет», «21 год» (never «21 лет»)."""
    return plural(count, "год", "года", "лет")


def _in_procedures(count: int) -> str:
    """After «в»: «в 1 процедуре», «в 2 разных процедурах», «в 21 процедуре» (never «в 1 разных процедурах»)."""
    return plural(count, "процедуре", "разных процедурах", "разных процедурах")


def _in_a_row(rule: dict[str, Any]) -> str:
    """The second condition of `fail_share_30` as the engine checks it (`engine._in_a_row`): the same procedure
    each year, any procedure each year, or each year a procedure other than the year before's — never «в одной
    процедуре 2 года подряд» of a methodology that asks for different procedures; of one year, that year alone."""
    years = int(rule.get("consecutive_years", 2))
    if years == 1:
        return "хотя бы в одной процедуре учебного года идентификации"
    match rule.get("years_procedures", "same"):
        case "any":
            return f"{_years(years)} подряд (в каждом году — хотя бы в одной процедуре)"
        case "different":
            return f"{_years(years)} подряд (в каждом году — в процедуре, отличной от процедуры предыдущего года)"
    return f"в одной и той же процедуре {_years(years)} подряд"


def _fail_share(rule: dict[str, Any]) -> str:
    """«не менее 30 % участников (…) не преодолели минимальный порог в 2 разных процедурах одного учебного года или
    в одной и той же процедуре 2 года подряд», each part as the run's parameters set it."""
    operator = "или" if rule.get("operator", "or") == "or" else "и одновременно"
    subject = ", в обоих случаях — по одному и тому же предмету" if rule.get("same_subject") else ""
    return (
        f"не менее {percent(rule.get('threshold', 0.3))} участников ({_procedures(rule)}; {_subjects(rule)}) не "
        f"преодолели минимальный порог в {_in_procedures(int(rule.get('same_year_procedures', 2)))} одного учебного "
        f"года {operator} {_in_a_row(rule)}{subject}"
    )


def _factors(count: int) -> str:
    """After «не менее»: «1 фактора», «3 факторов», «21 фактора»."""
    return plural(count, "фактора", "факторов", "факторов")


def _gap(rule: dict[str, Any]) -> str:
    """The lag behind the regional mean: percentage points of the maximum score, or the procedure's own points."""
    gap = float(rule.get("gap", 20))
    if rule.get("scale", "percent_of_max") == "score":
        return no_break(score_points(gap))  # «20 баллов», the unit not on a line of its own
    return f"{number_text(gap, 2)}{POINTS_UNIT}"


def condition(rule_id: str, rule: dict[str, Any]) -> str:
    """One rule as a condition in plain Russian, with the run's own parameters."""
    match rule_id:
        case "fail_share_30":
            return _fail_share(rule)
        case "bottom_quartile":
            return (
                f"средний результат ({_procedures(rule)}; {_subjects(rule)}) входит в нижние "
                f"{percent(rule.get('quantile', 0.25))} школ территории"
            )
        case "below_regional_mean":
            return f"средний результат по процедуре и предмету ниже среднего по региону более чем на {_gap(rule)}"
        case "olympiad_share":
            return (
                f"в региональном и заключительном этапах олимпиад за {_years(rule.get('years', 3))} участвовало "
                f"не более {percent(rule.get('max_share', 0.005))} обучающихся"
            )
        case "social_index_bottom_quartile":
            return (
                "индекс социального благополучия обучающихся (образование и занятость родителей, девиантное "
                f"поведение, владение русским языком) входит в нижние {percent(rule.get('quantile', 0.25))} школ "
                "территории"
            )
        case "hard_to_reach":
            return "школа расположена в труднодоступном населённом пункте"
        case "unemployment":
            return (
                "уровень безработицы в населённом пункте школы не ниже среднего по региону, умноженного на "
                f"{number_text(float(rule.get('factor', 1.5)))}"
            )
        case "unstable_results":
            return (
                f"доля участников ниже минимального порога за {_years(rule.get('years', 3))} выросла не менее чем на "
                f"{points(rule.get('decline', 0.05))} или колебалась со сменой направления с размахом не менее "
                f"{points(rule.get('amplitude', 0.10))}"
            )
        case "near_threshold":
            return (
                f"доля участников ниже минимального порога не менее {percent(rule.get('lower', 0.2))}, но меньше "
                f"{percent(rule.get('upper', 0.3))}"
            )
        case "risk_count":
            levels = " или ".join(RISK_LEVELS.get(level, level) for level in rule.get("levels", ["high", "medium"]))
            factors = _factors(int(rule.get("min_risks", 3)))
            return f"в рисковом профиле «500+» не менее {factors} риска уровня «{levels}»"
    return RULES[rule_id].description.rstrip(".") if rule_id in RULES else rule_id


def rule_category(rule_id: str, rule: dict[str, Any]) -> str | None:
    category = rule.get("category")
    if category:
        return str(category)
    info = RULES.get(rule_id)
    return info.category.value if info and info.category else None


def condition_tree_text(tree: dict[str, Any], rules: dict[str, Any]) -> str:
    """A category's condition tree (`conditions` of a methodology) in words: «(A или B) и не C»."""
    op, args = tree.get("op"), tree.get("args") or []
    if op == "rule":
        rule_id = str(tree.get("rule"))
        return condition(rule_id, rules.get(rule_id) or {})
    if op == "not":
        return f"не выполняется условие «{condition_tree_text(args[0], rules)}»" if args else ""
    word = " и " if op == "and" else " или "
    return word.join(
        f"({condition_tree_text(a, rules)})" if a.get("op") in ("and", "or") else condition_tree_text(a, rules)
        for a in args
    )


def _conditions(rules: dict[str, Any], category: str) -> list[str]:
    """The conditions of the category's enabled rules, in words."""
    return [
        condition(rule_id, rule)
        for rule_id, rule in rules.items()
        if isinstance(rule, dict) and rule_id in RULES and rule_category(rule_id, rule) == category
        if rule.get("enabled", True)
    ]


def criteria(rules: dict[str, Any]) -> list[CategoryCriteria]:
    combine = rules.get("combine", {})
    trees = rules.get("conditions") or {}
    paragraphs = []
    for category in RISK_CATEGORIES:
        if isinstance(trees.get(category), dict):
            text = f"{CATEGORY_PHRASES[category]}, у которой {condition_tree_text(trees[category], rules)}."
            paragraphs.append(CategoryCriteria(category=category, label=CATEGORY_LABELS[category], text=no_break(text)))
            continue
        conditions = _conditions(rules, category)
        if not conditions:
            text = f"{CATEGORY_PHRASES[category]} только по экспертному решению: правила категории не применяются."
        elif len(conditions) == 1:  # one rule: its condition, never «хотя бы одно условие» of one
            text = f"{CATEGORY_PHRASES[category]}, у которой {conditions[0]}."
        else:
            mode = "выполняются все условия" if combine.get(category) == "all" else "выполняется хотя бы одно условие"
            text = f"{CATEGORY_PHRASES[category]}, у которой {mode}: {'; '.join(conditions)}."
        # a rule's own description («более чем на 20 п. п.») with a no-break space as the parameters above
        paragraphs.append(CategoryCriteria(category=category, label=CATEGORY_LABELS[category], text=no_break(text)))
    paragraphs.append(
        CategoryCriteria(
            category=Category.effective,
            label=CATEGORY_LABELS[Category.effective],
            text="В эффективном режиме работает школа, у которой не выполнено ни одно из условий и данных "
            "достаточно для решения; если данных недостаточно, решение не принимается. Признаки необъективности "
            "результатов (расхождение отметок ВПР с отметками за период, результаты ВПР намного выше среднего по "
            "региону) категорию не меняют и отмечаются для проверки.",
        )
    )
    return paragraphs


def combine_text(rules: dict[str, Any]) -> str:
    """How the rules of each category combine, said of a category with two enabled rules and more (of one rule or
    none, or a category set by a tree of conditions, there is nothing to combine: never «ШНСУ — достаточно любого
    из условий» of a category no rule decides); a category in lower case as the sentence goes on («зона риска»),
    an abbreviation as it is. Empty when no category combines rules."""
    combine = rules.get("combine", {})
    trees = rules.get("conditions") or {}
    return "; ".join(
        f"{_in_sentence(CATEGORY_SHORT[c])} — {COMBINE_WORDS.get(combine.get(c, 'any'), COMBINE_WORDS['any'])}"
        for c in RISK_CATEGORIES
        if not isinstance(trees.get(c), dict) and len(_conditions(rules, c)) > 1
    )


def _in_sentence(label: str) -> str:
    """«Зона риска» → «зона риска»; «ШНОР» stays."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


@cache
def _schema() -> dict[str, Any]:
    return MethodologyRules.model_json_schema()


def _titles(rule_id: str) -> dict[str, str]:
    schema = _schema()
    node = schema.get("properties", {}).get(rule_id, {})
    reference = node.get("$ref") or next((part.get("$ref") for part in node.get("allOf", []) if "$ref" in part), None)
    if reference:
        node = schema.get("$defs", {}).get(reference.rsplit("/", 1)[-1], {})
    return {key: str(value.get("title", key)) for key, value in node.get("properties", {}).items()}


def _list_value(key: str, value: list[Any]) -> str:
    if not value and key == "taught_grades":
        return "любые (правило применяется ко всем школам)"
    if key == "subjects":
        return ", ".join(SUBJECTS.get(str(v), str(v)).lower() for v in value)
    return ", ".join(RISK_LEVELS.get(str(v)) or VALUE_WORDS.get(str(v), str(v)) for v in value)


def _number(rule_id: str, key: str, rule: dict[str, Any], value: float) -> str:
    """A numeric parameter with its unit: a share in %, a change of a share in п. п., a lag behind the mean in
    п. п. or points (by the rule's scale)."""
    if rule_id in INDICATOR_RULES and key == "threshold":
        return number_text(value, 3)  # in the indicator's own units (ИОР 0,45), never «45 %»
    if key in SHARE_PARAMETERS:
        return percent(value)
    if (rule_id, key) in POINT_PARAMETERS:
        return points(value)
    if rule_id == "below_regional_mean" and key == "gap":
        return _gap(rule)
    if rule_id == "objectivity" and key == "above_mean_margin":
        return f"{number_text(value, 2)}{POINTS_UNIT}"
    return number_text(value, 2)


def _value(rule_id: str, key: str, rule: dict[str, Any]) -> str:
    value = rule[key]
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, int | float):
        return _number(rule_id, key, rule, float(value))
    if isinstance(value, dict):
        return "; ".join(f"{VALUE_WORDS.get(k, k)}: {number_text(float(v), 2)}" for k, v in value.items())
    if isinstance(value, list):
        return _list_value(key, value)
    if not str(value).strip():
        return "не задан"  # an indicator rule with no measure named yet: never «Показатель: ;»
    return VALUE_WORDS.get(str(value), str(value))


def _sentence(text: str) -> str:
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def parameters(rules: dict[str, Any]) -> list[RuleParameters]:
    """Every rule of the run with its parameters in words (the appendix of the note)."""
    listed = []
    for rule_id, rule in rules.items():
        if rule_id not in RULES or not isinstance(rule, dict):
            continue
        titles = _titles(rule_id)
        words = "; ".join(
            f"{titles.get(key, key)}: {_value(rule_id, key, rule)}"
            for key in rule
            if key not in ("enabled", "category")
        )
        category = rule_category(rule_id, rule)
        listed.append(
            RuleParameters(
                rule=rule_id,
                label=RULES[rule_id].label,
                category_label=CATEGORY_SHORT.get(category, "") if category else "признак без категории",
                enabled=bool(rule.get("enabled", True)),
                description=no_break(_sentence(condition(rule_id, rule))),
                parameters=no_break(words) or "без параметров",
            )
        )
    return listed
