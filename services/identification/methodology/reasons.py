"""The Russian reasons, warnings and objectivity flags of one school, built from its compact facts.

A run stores only what the explanations are made of (the outcome code of each rule, its figures, and the few
unrounded numbers a sentence shows: `explain.snapshot()` stores them as numbers, `explain.FactBlock` reads a
school's facts back); the sentences are built here when a school or a page is read, from the facts, the run's
rules and its school year. Nothing here reads the engine's arrays, so a stored run reads the same whatever its
input data became.

The facts of a school (as runs before the blocks stored them, orjson per school):
    {"r": {rule_id: [outcome, figures, extras]}, "s": [[year, procedure, subject, grade, participants, bits]],
     "p": years_with_olympiad_data, "d": [doubtful school years]}
A rule missing from "r" was disabled; `extras` is what the sentence needs beyond the figures (or null).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from typing import Any

from services.identification.methodology.rules import RULE_CATEGORIES, RULES, MethodologyRules, ResultsRule
from services.identification.vocabulary import RISK_LEVELS, SUBJECTS
from services.shared.vocabulary import agrees_with_one, plural

Figure = dict[str, Any]
Facts = dict[str, Any]
RuleFacts = list[Any]  # [outcome, figures, extras]

# Outcome codes as stored: the engine's states, then `disabled`.
NOT_FIRED, FIRED, INSUFFICIENT, NOT_APPLICABLE, DISABLED = 0, 1, 2, 3, 4
OUTCOMES = ("not_fired", "fired", "insufficient_data", "not_applicable", "disabled")
EPS = 1e-9

FLAG_LABELS = {
    "vpr_lowered": "отметки ВПР ниже отметок за период",
    "vpr_raised": "отметки ВПР выше отметок за период",
    "above_regional_mean": "результаты ВПР намного выше среднего по региону",
}
FLAG_AFTER_PROCEDURE = {
    "vpr_lowered": "отметки ниже отметок за период",
    "vpr_raised": "отметки выше отметок за период",
}
"""A flag of the marks as its detail says it after «ВПР 2023-2024:», which names the procedure already: never
«ВПР 2023-2024: отметки ВПР ниже…»."""
SMALL_SAMPLE_RULES = ("fail_share_30", "bottom_quartile", "below_regional_mean", "near_threshold")


# --- formatting ---------------------------------------------------------------------------------------


def number(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}".replace(".", ",").replace("-", "−")


def percent(share: float, digits: int = 1) -> str:
    return f"{number(share * 100, digits)} %"


def threshold(share: float) -> str:
    """0.3 → `30 %`, 0.005 → `0,5 %`."""
    text = f"{share * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')} %"


def stated(value: float, digits: int = 2) -> str:
    """A parameter as the methodology states it: 20.0 → `20`, 1.5 → `1,5`, 0.125 → `0,13`."""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",").replace("-", "−")


def points(value: float, genitive: bool = False) -> str:
    """A number of points of a procedure's score, agreeing with it: `1 балл`, `20 баллов`, `2,5 балла`; in the
    genitive after «более / не более»: `1 балла`, `2 баллов`, `21 балла`, `2,5 балла`."""
    text = stated(value)
    if "," in text:
        return f"{text} балла"
    count = int(text.replace("−", "-"))
    if genitive:
        return f"{text} {'балла' if agrees_with_one(count) else 'баллов'}"
    return f"{text} {plural(count, 'балл', 'балла', 'баллов').split(' ', 1)[1]}"


def participants_of(count: int) -> str:
    """`не менее …` agrees in the genitive: `1 участника`, `21 участника`, `5 участников`."""
    return f"{count} {'участника' if agrees_with_one(count) else 'участников'}"


def pupils_of(count: Any) -> str:
    """`на …` takes the genitive: `на 1 обучающегося`, `на 81 обучающегося`, `на 5 обучающихся`, `на 11 обучающихся`
    (the number printed as stored)."""
    one = isinstance(count, int | float) and float(count).is_integer() and agrees_with_one(int(count))
    return f"{count} {'обучающегося' if one else 'обучающихся'}"


def raw(value: float) -> float | None:
    """An unrounded float as stored: NaN → None."""
    return None if math.isnan(value) else float(value)


def unraw(value: float | None) -> float:
    return float("nan") if value is None else float(value)


def subject_name(code: str) -> str:
    return SUBJECTS.get(code, code).lower()


def listed(values: list[str], labels: Callable[[str], str] = str) -> str:
    return ", ".join(labels(v) for v in values)


def row_label(procedure: str, subject: str, grade: Any, school_year: str) -> str:
    """`ВПР, математика, 5 класс, 2023-2024` (no grade when the row has none)."""
    if grade is not None:
        return f"{procedure}, {subject_name(subject)}, {grade} класс, {school_year}"
    return f"{procedure}, {subject_name(subject)}, {school_year}"


def figure_label(figure: Figure) -> str:
    return row_label(figure["procedure"], figure["subject"], figure["grade"], figure["school_year"])


def procedures_word(count: int) -> str:
    words = {1: "одна процедура", 2: "две процедуры", 3: "три процедуры", 4: "четыре процедуры"}
    return words.get(count) or plural(count, "процедура", "процедуры", "процедур")


def years_word(count: int) -> str:
    return plural(count, "год", "года", "лет")


def different_procedures(count: int) -> str:
    """`не менее …` agrees in the genitive: `1 процедуры`, `2 разных процедур`."""
    return f"{count} процедуры" if agrees_with_one(count) else f"{count} разных процедур"


YEARS_PROCEDURES = {
    "same": "одна и та же процедура",
    "any": "любая процедура",
    "different": "разные процедуры в соседние годы",
}


def not_applicable_reason(rules: MethodologyRules, rule_id: str) -> str:
    rule = getattr(rules, rule_id)
    parts = []
    if rule.taught_grades:
        grades = rule.taught_grades
        shown = (
            f"{grades[0]}–{grades[-1]}"
            if grades == list(range(grades[0], grades[-1] + 1))
            else listed([str(g) for g in grades])
        )
        # One grade is named as such: «ведут 9 класс», never «хотя бы один из классов 9–9».
        parts.append(f"ведут {grades[0]} класс" if len(set(grades)) == 1 else f"ведут хотя бы один из классов {shown}")
    if rule.min_pupils:
        pupils = "обучающегося" if agrees_with_one(rule.min_pupils) else "обучающихся"
        parts.append(f"в которых не менее {rule.min_pupils} {pupils}")
    return f"Правило не применяется к школе: оно применяется к школам, которые {' и '.join(parts)}"


def category_value(rules: MethodologyRules, rule_id: str) -> str | None:
    category = getattr(getattr(rules, rule_id), "category", None)
    return None if category is None else str(category.value)


# --- the sentences of one run --------------------------------------------------------------------------


class Reasons:
    """Builds a school's reasons from its facts; one per run (its rules and school year), for any number of
    schools. `explain(facts)` answers what the run stored before facts were compact: the rule entries
    (outcome, category, serves, reason, figures), the warnings and the objectivity flags."""

    def __init__(self, rules: MethodologyRules, year: str) -> None:
        self.rules = rules
        self.year = year
        self.categories = {rule_id: category_value(rules, rule_id) for rule_id in RULES}
        conditions = {category: rules.condition(category) for category in RULE_CATEGORIES}
        self.serves = {
            rule_id: [c.value for c, tree in conditions.items() if tree is not None and rule_id in tree.rule_ids()]
            for rule_id in RULES
        }
        self.texts: dict[str, Callable[[int, list[Figure], Any], str]] = {
            "fail_share_30": self.fail_share,
            "near_threshold": self.near_threshold,
            "bottom_quartile": self.bottom_quartile,
            "social_index_bottom_quartile": self.social_index,
            "below_regional_mean": self.below_regional_mean,
            "olympiad_share": self.olympiad,
            "hard_to_reach": self.hard_to_reach,
            "unemployment": self.unemployment,
            "unstable_results": self.unstable,
            "risk_count": self.risk_count,
            "indicator_level": partial(self.indicator, "indicator_level"),
            "indicator_mean": partial(self.indicator, "indicator_mean"),
            "indicator_trend": partial(self.indicator, "indicator_trend"),
        }
        self.not_applicable: dict[str, str] = {}
        self.small_rules = [r for r in SMALL_SAMPLE_RULES if getattr(rules, r).enabled]

    # --- the whole school ---

    def explain(self, facts: Facts) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        """The rule entries, warnings and objectivity flags of one school, in the order the run wrote them."""
        entries: dict[str, dict[str, Any]] = {}
        warnings = self.small_samples(facts.get("s") or [])
        flags: list[dict[str, Any]] = []
        stored = facts.get("r", {})
        for rule_id in RULES:
            found = stored.get(rule_id)
            if found is None:
                entries[rule_id] = self.entry(rule_id, DISABLED, "Правило выключено", [])
                continue
            outcome, figures, extras = found
            if rule_id == "objectivity":
                flags = [self.flag(*flag) for flag in extras or []]
                entries[rule_id] = self.entry(rule_id, outcome, self.objectivity(outcome, flags), figures)
                continue
            if outcome == NOT_APPLICABLE:
                entries[rule_id] = self.entry(rule_id, outcome, self.not_applicable_text(rule_id), [])
                continue
            reason = self.texts[rule_id](outcome, figures, extras)
            entries[rule_id] = self.entry(rule_id, outcome, reason, figures)
            if outcome == INSUFFICIENT:
                warnings.append({"code": "missing_data", "rule": rule_id, "detail": reason})
        warnings.extend(self.partial_years(facts.get("p")))
        warnings.extend(self.doubtful_years(facts.get("d")))
        return entries, warnings, flags

    def entry(self, rule_id: str, outcome: int, reason: str, figures: list[Figure]) -> dict[str, Any]:
        return {
            "outcome": OUTCOMES[outcome],
            "category": self.categories[rule_id],
            "serves": self.serves[rule_id],
            "reason": reason,
            "figures": figures,
        }

    def not_applicable_text(self, rule_id: str) -> str:
        if rule_id not in self.not_applicable:
            self.not_applicable[rule_id] = not_applicable_reason(self.rules, rule_id)
        return self.not_applicable[rule_id]

    def filter_text(self, rule: ResultsRule) -> str:
        return f"{listed(rule.procedures)}; {listed(rule.subjects, subject_name)}"

    def no_rows(self, rule: ResultsRule) -> str:
        return (
            f"Нет результатов ({self.filter_text(rule)}) с числом участников не менее {rule.min_participants} "
            f"за {self.year}"
        )

    # --- one sentence per rule ---

    @staticmethod
    def _fail_text(figure: Figure, first: bool) -> str:
        tail = (" участника" if agrees_with_one(int(figure["participants"])) else " участников") if first else ""
        mark = " (результат сомнителен)" if figure["doubtful"] else ""
        return (
            f"{figure_label(figure)}: {figure['below_min']} из {figure['participants']}{tail} "
            f"({percent(figure['share'])}){mark}"
        )

    def fail_share(self, outcome: int, figures: list[Figure], extras: Any) -> str:
        rule = self.rules.fail_share_30
        limit = threshold(rule.threshold)
        if outcome == INSUFFICIENT:
            return self.no_rows(rule)
        over = [f for f in figures if f["rows_over"] > 0]
        if outcome == FIRED:
            texts = [self._fail_text(f, k == 0) for k, f in enumerate(over)]
            texts[0] += f" ниже минимального порога при пороге {limit}"
            return f"{'; '.join(texts)} — {self._fail_condition(*extras)}"
        if over:
            needs = (
                f"нужно не менее {different_procedures(rule.same_year_procedures)} в одном году "
                f"{'или' if rule.operator == 'or' else 'и'} {YEARS_PROCEDURES[rule.years_procedures]} "
                f"{years_word(rule.consecutive_years)} подряд"
            )
            shown = "; ".join(self._fail_text(f, k == 0) for k, f in enumerate(over))
            return f"Не менее {limit} ниже минимального порога: {shown} — {needs}"
        worst = max((f for f in figures if f["school_year"] == self.year), key=lambda f: f["share"], default=None)
        if worst is None:
            return f"Нет результатов с долей ниже минимального порога не менее {limit}"
        return f"Наибольшая доля ниже минимального порога — {self._fail_text(worst, True)}, меньше порога {limit}"

    def _fail_condition(self, same_year: bool, in_a_row: bool, procedures_over: int) -> str:
        rule = self.rules.fail_share_30
        parts = []
        subject = " по одному предмету" if rule.same_subject else ""
        if same_year:
            parts.append(f"{procedures_word(procedures_over)} в одном учебном году{subject}")
        if in_a_row:
            parts.append(
                f"{YEARS_PROCEDURES[rule.years_procedures]} {years_word(rule.consecutive_years)} подряд{subject}"
            )
        return " и ".join(parts)

    def near_threshold(self, outcome: int, figures: list[Figure], extras: Any) -> str:
        rule = self.rules.near_threshold
        band = f"не менее {threshold(rule.lower)}, но меньше {threshold(rule.upper)}"
        if outcome == INSUFFICIENT:
            return self.no_rows(rule)
        if outcome == FIRED:
            texts = "; ".join(
                f"{figure_label(f)}: {f['below_min']} из {f['participants']} ({percent(f['share'])})" for f in figures
            )
            return f"{texts} — доля ниже минимального порога {band}"
        fail_fired, worst = extras
        if fail_fired:
            return (
                f"Сработало правило «{RULES['fail_share_30'].label}» (не менее "
                f"{threshold(self.rules.fail_share_30.threshold)}): зона риска вблизи порога не назначается"
            )
        shown = percent(worst) if worst is not None else "нет данных"
        return f"Нет результатов с долей ниже минимального порога {band} за {self.year} (наибольшая: {shown})"

    def _quantile(self, rule_id: str, outcome: int, figure: Figure, extras: Any, what: str, digits: int) -> str:
        rule = getattr(self.rules, rule_id)
        value, cut = extras
        ranked = figure["schools_ranked"]
        tail = (
            f"границы нижних {threshold(rule.quantile)} школ территории ({number(unraw(cut), digits)}; "
            f"в сравнении школ: {ranked})"
            if ranked
            else "в сравнении нет школ"
        )
        side = "не выше" if outcome == FIRED else "выше"
        return f"{what}: {number(unraw(value), digits)} — {side} {tail}"

    def bottom_quartile(self, outcome: int, figures: list[Figure], extras: Any) -> str:
        rule = self.rules.bottom_quartile
        if outcome == INSUFFICIENT:
            return self.no_rows(rule)
        scale = "% от максимального балла" if rule.scale == "percent_of_max" else "z-оценка по территории"
        what = f"Средний результат ({self.filter_text(rule)}; {scale}, взвешено по числу участников) за {self.year}"
        digits = 2 if rule.scale == "zscore" else 1
        return self._quantile("bottom_quartile", outcome, figures[0], extras, what, digits)

    def social_index(self, outcome: int, figures: list[Figure], extras: Any) -> str:
        if outcome == INSUFFICIENT:
            return (
                f"Известно показателей социального благополучия за {self.year}: {figures[0]['indicators_present']} "
                f"из 4, нужно не менее {self.rules.social_index_bottom_quartile.min_indicators}"
            )
        what = f"Индекс социального благополучия за {self.year}"
        return self._quantile("social_index_bottom_quartile", outcome, figures[0], extras, what, 2)

    def below_regional_mean(self, outcome: int, figures: list[Figure], extras: Any) -> str:
        rule = self.rules.below_regional_mean
        if outcome == INSUFFICIENT:
            return self.no_rows(rule)
        percent_scale = rule.scale == "percent_of_max"
        unit = "п. п." if percent_scale else "балла"  # after a number with a decimal comma: «5,0 балла»
        scale = " % от максимума" if percent_scale else " балла"
        mean_unit = " %" if percent_scale else " балла"
        limit = f"{stated(rule.gap)} п. п." if percent_scale else points(rule.gap, genitive=True)
        if outcome == FIRED:
            shown = [f for f in figures if f["rows_below"] > 0]
        else:  # the largest gap is the one that matters
            shown = [max(figures, key=lambda f: f["difference"])]
        texts = "; ".join(
            f"{figure_label(f)}: {number(f['value'])}{scale} при среднем по региону "
            f"{number(f['regional_mean'])}{mean_unit}, разница {number(f['difference'])} {unit}"
            for f in shown
        )
        tail = f"отставание более {limit}" if outcome == FIRED else f"отставание не более {limit}"
        return f"{texts} — {tail}"

    def olympiad(self, outcome: int, figures: list[Figure], extras: Any) -> str:
        rule = self.rules.olympiad_share
        figure = figures[0]
        window = figure["school_years"]
        period = f"{window[0]} — {window[-1]}" if len(window) > 1 else window[0]
        if outcome == INSUFFICIENT:
            return f"Нет данных об участии в олимпиадах за {period}"
        side = "не более" if outcome == FIRED else "более"
        pupils = pupils_of(figure["pupils"]) + (" последнего года" if rule.denominator == "latest_pupils" else "")
        return (
            f"За {period}: участников регионального и заключительного этапов {figure['participants']} "
            f"на {pupils} ({percent(figure['share'], 2)}) — {side} порога "
            f"{threshold(rule.max_share)}"
        )

    HARD_TO_REACH = (
        "Населённый пункт школы не отнесён к труднодоступным",
        "Населённый пункт школы отнесён к труднодоступным",
        "Нет сведений о труднодоступности населённого пункта школы",
    )

    def hard_to_reach(self, outcome: int, figures: list[Figure], extras: Any) -> str:
        return self.HARD_TO_REACH[outcome]

    def unemployment(self, outcome: int, figures: list[Figure], extras: Any) -> str:
        if outcome == INSUFFICIENT:
            return "Нет сведений о безработице в населённом пункте школы"
        average = unraw(extras[0])
        factor = float(self.rules.unemployment.factor)
        known = not math.isnan(average)
        share = percent(figures[0]["unemployment_share"])
        if not known:
            return f"Безработица в населённом пункте {share}; среднее по региону неизвестно"
        side = "не ниже" if outcome == FIRED else "ниже"
        return (
            f"Безработица в населённом пункте {share} при среднем по региону {percent(average)} — {side} порога "
            f"{percent(factor * average)} (среднее по региону × {stated(factor)})"
        )

    def unstable(self, outcome: int, figures: list[Figure], extras: Any) -> str:
        rule = self.rules.unstable_results
        measures, change, amplitude = extras[0], unraw(extras[1]), unraw(extras[2])
        head = f"Доля ниже минимального порога ({self.filter_text(rule)})"
        series = ", ".join(
            f"{figure['school_year']} — {'нет данных' if m is None else percent(m)}"
            for figure, m in zip(figures, measures, strict=False)
        )
        if outcome == INSUFFICIENT:
            missing = (
                f"нужны данные за все {years_word(rule.years)} "
                f"(не менее {participants_of(rule.min_participants)} в год)"
            )
            return f"{head}: {series}; {missing}"
        if change >= rule.decline - EPS:
            tail = f"рост на {number(change * 100)} п. п. — не менее порога {stated(rule.decline * 100)} п. п."
        elif outcome == FIRED:
            tail = (
                f"колебания с размахом {number(amplitude * 100)} п. п. (не менее порога "
                f"{stated(rule.amplitude * 100)} п. п.) и сменой направления"
            )
        else:
            tail = (
                f"изменение {number(change * 100)} п. п., размах {number(amplitude * 100)} п. п. — нет ни роста "
                f"не менее чем на {stated(rule.decline * 100)} п. п., ни колебаний со сменой направления с размахом "
                f"не менее {stated(rule.amplitude * 100)} п. п."
            )
        return f"{head}: {series}; {tail}"

    def risk_count(self, outcome: int, figures: list[Figure], extras: Any) -> str:
        rule = self.rules.risk_count
        if outcome == INSUFFICIENT:
            return f"Нет рискового профиля «500+» за {self.year}"
        figure = figures[0]
        factors = figure["factors"]
        levels = " или ".join(RISK_LEVELS[level] for level in rule.levels)
        word = "фактор" if len(factors) == 1 else "факторы"
        numbers = f" ({word} {', '.join(str(f['factor']) for f in factors)})" if factors else ""
        return (
            f"В рисковом профиле за {self.year} факторов риска уровня «{levels}»: {figure['count']}{numbers} — "
            f"{'не менее' if outcome == FIRED else 'менее'} порога {rule.min_risks}"
        )

    def indicator(self, rule_id: str, outcome: int, figures: list[Figure], extras: Any) -> str:
        figure = figures[0]
        rule = getattr(self.rules, rule_id)
        better = "лучше большее значение" if figure["direction"] == "higher" else "лучше меньшее значение"
        # A year without a value says so in words, never a bare «—» between arrows.
        shown = " → ".join("нет данных" if v is None else number(v, 3) for v in figure["values"])
        head = f"Показатель «{rule.measure}» ({better}) за {', '.join(figure['school_years'])}: {shown}"
        if outcome == INSUFFICIENT:
            return f"{head} — нет значения за все нужные годы"
        fired = outcome == FIRED
        if rule_id == "indicator_level":
            tail = f"{'не лучше' if fired else 'лучше'} порога {stated(rule.threshold, 3)}"
        elif rule_id == "indicator_mean":
            mean = figure.get("mean")
            shown_mean = "нет данных" if mean is None else number(mean, 3)
            tail = f"среднее {shown_mean} — {'не лучше' if fired else 'лучше'} порога {stated(rule.threshold, 3)}"
        else:
            tail = (
                f"ухудшение не менее {stated(rule.decline, 3)} или размах не менее "
                f"{stated(rule.amplitude, 3)} со сменой направления"
            )
            tail = tail if fired else f"нет ни ухудшения, ни колебаний сверх порогов ({tail})"
        return f"{head} — {tail}"

    # --- objectivity ---

    def flag(self, code: str, figures: Figure, first: float | None, second: float | None = None) -> dict[str, Any]:
        """One objectivity flag: `first` is the unrounded share (ВПР marks) or ВПР difference, `second` the ЕГЭ
        difference."""
        if code == "above_regional_mean":
            backing = (
                "результатов ЕГЭ нет"
                if second is None
                else f"ЕГЭ относительно среднего по региону: {number(second)} п. п."
            )
            detail = (
                f"ВПР {figures['school_year']}: результат в среднем на {number(unraw(first))} п. п. выше среднего по "
                f"региону (порог — более {stated(self.rules.objectivity.above_mean_margin)} п. п.) в неселективной "
                f"школе; {backing}"
            )
            return {"code": code, "detail": detail, "figures": figures}
        total = figures["lowered"] + figures["confirmed"] + figures["raised"]
        count = figures["lowered" if code == "vpr_lowered" else "raised"]
        detail = (
            f"ВПР {figures['school_year']}: {FLAG_AFTER_PROCEDURE[code]} у {percent(unraw(first))} участников "
            f"({count} из {total}) при пороге {threshold(figures['threshold'])}"
        )
        return {"code": code, "detail": detail, "figures": figures}

    def objectivity(self, outcome: int, flags: list[dict[str, Any]]) -> str:
        if outcome == FIRED:
            return "; ".join(f["detail"] for f in flags)
        if outcome == INSUFFICIENT:
            return f"Нет данных ВПР за {self.year} для проверки объективности"
        return f"Признаков необъективности результатов ВПР {self.year} не выявлено"

    # --- warnings ---

    def small_samples(self, records: list[list[Any]]) -> list[dict[str, Any]]:
        """Rows of the evaluated year left out for too few participants, one warning per school."""
        if not records:
            return []
        mask = 0
        for record in records:
            mask |= record[5]
        rule_ids = [r for bit, r in enumerate(self.small_rules) if mask >> bit & 1]
        minimum = max(getattr(self.rules, r).min_participants for r in rule_ids)
        shown = "; ".join(f"{row_label(p, s, g, y)} — {n} уч." for y, p, s, g, n, _ in records[:3])
        more = f" и ещё {len(records) - 3}" if len(records) > 3 else ""
        labels = ", ".join(f"«{RULES[r].label}»" for r in rule_ids)
        detail = f"Не использованы из-за малого числа участников (меньше {minimum}): {shown}{more} (правила: {labels})"
        return [{"code": "small_sample", "rule": rule_ids[0] if len(rule_ids) == 1 else None, "detail": detail}]

    def partial_years(self, have: int | None) -> list[dict[str, Any]]:
        if have is None:
            return []
        wanted = self.rules.olympiad_share.years
        detail = f"Данные об участии в олимпиадах есть за {years_word(int(have))} из {wanted}: доля посчитана по ним"
        return [{"code": "partial_years", "rule": "olympiad_share", "detail": detail}]

    def doubtful_years(self, years: list[str] | None) -> list[dict[str, Any]]:
        if not years:
            return []
        how = (
            "исключены из расчёта"
            if self.rules.objectivity.exclude_doubtful
            else "использованы в расчёте с пометкой «сомнительно»"
        )
        detail = f"Результаты ВПР за {', '.join(years)} имеют признаки необъективности: {how}"
        return [{"code": "doubtful_results", "rule": "objectivity", "detail": detail}]
