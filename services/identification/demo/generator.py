"""A fictional region with three school years of data, for the demo and the benchmarks.

The frames use the canonical import columns of the identification service. The data tells a story: each
school has a latent strength (pulled down by social disadvantage, not fully determined by it) and a
trajectory over the three years — stable, persistently at risk, recovering, declining or near the
threshold — from which its share of pupils below the minimum is drawn. Every marks table, objectivity
table and risk level follows from those latent values, all drawn with one `numpy.random.Generator`, so
one seed always gives the same region. Everything is vectorised: 40,000 schools take seconds.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from services.identification.demo import names

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
ObjArray = npt.NDArray[np.object_]

REGION_CODE = "99"
SCHOOL_YEARS = ("2021-2022", "2022-2023", "2023-2024")
MIN_SCHOOLS = 30
FAIL_SHARE_THRESHOLD = 0.30

COLUMNS: dict[str, tuple[str, ...]] = {
    "municipalities": ("code", "region_code", "name", "kind"),
    "settlements": ("code", "municipality_code", "name", "kind", "rural", "hard_to_reach", "unemployment_share"),
    "schools": (
        "school_code", "municipality_code", "settlement_code", "full_name", "short_name", "aliases",
        "legal_form", "kind", "rural", "small", "roles", "pupils", "teachers",
    ),
    "results": (
        "school_code", "school_year", "procedure", "grade", "subject", "participants", "below_min",
        "mean_score", "max_score", "mark2", "mark3", "mark4", "mark5",
    ),
    "vpr_objectivity": ("school_code", "school_year", "grade", "subject", "lowered", "confirmed", "raised"),
    "social": (
        "school_code", "school_year", "pupils", "parents_higher_education_share", "unemployed_parents_share",
        "deviant_behaviour_share", "non_native_russian_share",
    ),
    "staffing": (
        "school_code", "school_year", "teachers", "vacancies", "teachers_over_60_share",
        "teachers_higher_category_share",
    ),
    "olympiad": ("school_code", "school_year", "pupils", "participants_regional", "participants_all_russian"),
    "risk_profile": ("school_code", "school_year", "factor", "level"),
    "indicator_values": ("school_code", "school_year", "measure", "value", "unit", "direction"),
}  # fmt: skip
FRAMES = tuple(COLUMNS)

# Where a school stands: the city of an urban district, a district centre, a село/посёлок, a деревня.
CITY, CENTRE, VILLAGE, HAMLET = range(4)
KINDS = ("СОШ", "ООШ", "НОШ", "лицей", "гимназия", "ОШИ")
SELECTIVE_KINDS = (3, 4)
MAX_GRADE = np.array([11, 9, 4, 11, 11, 11])
KIND_PROBABILITIES = np.array([
    [0.80, 0.03, 0.00, 0.08, 0.08, 0.01],
    [0.82, 0.06, 0.00, 0.02, 0.06, 0.04],
    [0.45, 0.40, 0.15, 0.00, 0.00, 0.00],
    [0.15, 0.45, 0.40, 0.00, 0.00, 0.00],
])  # fmt: skip
PUPIL_MEDIAN = np.array([
    [750, 220, 60, 900, 850, 180],
    [420, 150, 40, 500, 500, 140],
    [120, 48, 14, 300, 300, 90],
    [80, 35, 11, 300, 300, 90],
])  # fmt: skip
PUPIL_SIGMA = np.array([0.35, 0.35, 0.4, 0.2, 0.2, 0.3])
PUPIL_MIN = np.array([40, 12, 4, 250, 250, 40])
PUPIL_MAX = np.array([1800, 450, 60, 1500, 1500, 350])
PUPILS_PER_TEACHER = np.array([15.0, 12.0, 7.0, 6.0])
TEACHERS_MIN = np.array([11, 7, 2, 30, 30, 10])
LEGAL_FORMS = ("МБОУ", "МКОУ", "МАОУ")
LEGAL_PROBABILITIES = np.array([[0.3, 0.0, 0.7], [0.85, 0.0, 0.15], [0.5, 0.5, 0.0]])  # selective/urban/rural

STABLE, AT_RISK, RECOVERING, DECLINING, NEAR = range(5)
# Trajectory odds by strength tercile (weak, middle, strong).
TRAJECTORY_PROBABILITIES = np.array([
    [0.45, 0.20, 0.12, 0.08, 0.15],
    [0.80, 0.03, 0.04, 0.06, 0.07],
    [0.94, 0.00, 0.01, 0.03, 0.02],
])  # fmt: skip


@dataclass(frozen=True)
class Assessment:
    """One results row kind; `difficulty` shifts the school's ability on the logit scale."""

    procedure: str
    grade: int
    subject: str
    max_score: int
    difficulty: float
    take_rate: float


ASSESSMENTS = (
    Assessment("ВПР", 4, "russian", 38, -0.2, 0.93),
    Assessment("ВПР", 4, "mathematics", 20, -0.4, 0.93),
    Assessment("ВПР", 5, "russian", 45, 0.0, 0.92),
    Assessment("ВПР", 5, "mathematics", 20, 0.1, 0.92),
    Assessment("ВПР", 6, "russian", 51, 0.1, 0.91),
    Assessment("ВПР", 6, "mathematics", 20, 0.2, 0.91),
    Assessment("ВПР", 7, "russian", 47, 0.15, 0.9),
    Assessment("ВПР", 7, "mathematics", 19, 0.25, 0.9),
    Assessment("ВПР", 8, "russian", 51, 0.15, 0.9),
    Assessment("ВПР", 8, "mathematics", 25, 0.3, 0.9),
    Assessment("ОГЭ", 9, "russian", 33, -0.6, 0.98),
    Assessment("ОГЭ", 9, "mathematics", 31, 0.0, 0.98),
    Assessment("ЕГЭ", 11, "russian", 100, -1.6, 0.97),
    Assessment("ЕГЭ", 11, "mathematics", 100, -0.7, 0.45),
)
A_PROCEDURE = np.array([a.procedure for a in ASSESSMENTS], dtype=object)
A_SUBJECT = np.array([a.subject for a in ASSESSMENTS], dtype=object)
A_GRADE = np.array([a.grade for a in ASSESSMENTS])
A_MAX = np.array([a.max_score for a in ASSESSMENTS])
A_DIFFICULTY = np.array([a.difficulty for a in ASSESSMENTS])
A_TAKE = np.array([a.take_rate for a in ASSESSMENTS])
A_VPR = A_PROCEDURE == "ВПР"
A_EGE = A_PROCEDURE == "ЕГЭ"
# Ordered-logit cut points for marks 2|3, 3|4, 4|5 and the share of the maximum each mark scores on average.
MARK_CUTS = np.array([0.0, 2.2, 4.2])
MARK_FRACTIONS = np.array([0.22, 0.47, 0.68, 0.87])
TYPICAL_ABILITY = 2.44  # 8 % below the minimum
EGE_TYPICAL_SCORE = {"russian": 68.0, "mathematics": 56.0}

RISK_FACTORS = 10
RISK_LEVELS = np.array(["none", "low", "medium", "high"], dtype=object)
RISK_CUTS = np.array([0.5, 1.0, 1.6])


@dataclass
class DemoRegion:
    """A generated region: `region` is `{"code", "name"}`, every other field a frame of `COLUMNS`."""

    region: dict[str, str]
    municipalities: pd.DataFrame
    settlements: pd.DataFrame
    schools: pd.DataFrame
    results: pd.DataFrame
    vpr_objectivity: pd.DataFrame
    social: pd.DataFrame
    staffing: pd.DataFrame
    olympiad: pd.DataFrame
    risk_profile: pd.DataFrame
    indicator_values: pd.DataFrame

    def frames(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in FRAMES}


@dataclass
class _Territory:
    """Municipalities and settlements as frames, with what the school model needs per settlement."""

    municipalities: pd.DataFrame
    settlements: pd.DataFrame
    setting: IntArray
    national: BoolArray
    schools_per_settlement: IntArray
    centre: BoolArray


@dataclass
class _Model:
    """Per-school arrays (index = school); `(S, Y)` arrays are per school and year."""

    code: ObjArray
    municipality: IntArray
    settlement: IntArray
    number: IntArray  # within the settlement, 0 when the school is its only one
    setting: IntArray
    kind: IntArray
    rural: BoolArray
    hard: BoolArray
    national: BoolArray
    unemployment: FloatArray
    pupils: IntArray  # (S, Y)
    teachers: IntArray
    disadvantage: FloatArray
    strength: FloatArray
    trajectory: IntArray
    fail: FloatArray  # (S, Y) expected share below the minimum on an average test
    inflated: BoolArray  # (S, Y) ВПР results inflated (objectivity flag story)
    lenient: BoolArray  # term marks inflated: many ВПР marks lower than the term mark

    @property
    def selective(self) -> BoolArray:
        return np.isin(self.kind, SELECTIVE_KINDS)


def _sigmoid(x: FloatArray) -> FloatArray:
    return np.asarray(1.0 / (1.0 + np.exp(-x)), dtype=np.float64)


def _choose(rng: np.random.Generator, probabilities: FloatArray) -> IntArray:
    """One category per row of `probabilities` (rows sum to 1)."""
    cumulative = probabilities.cumsum(axis=1)
    u = rng.random(len(probabilities))[:, None]
    return np.minimum((u > cumulative).sum(axis=1), probabilities.shape[1] - 1).astype(np.int64)


# --- territory ----------------------------------------------------------------------------------------


def _municipality_plan(rng: np.random.Generator, schools: int) -> tuple[BoolArray, IntArray]:
    """Which municipalities are urban districts and how many schools each has; the first is a district."""
    count = max(6, round(schools / 30))
    urban = np.zeros(count, dtype=bool)
    urban[1 + rng.choice(count - 1, max(1, round(count * 0.22)), replace=False)] = True
    minimum = np.where(urban, 5, 4)
    minimum[0] = 6  # the demo municipality: at-risk schools, a curator's schools
    weights = np.where(urban, rng.uniform(1.5, 3.0, count), rng.uniform(0.6, 1.4, count))
    sizes = minimum + rng.multinomial(schools - int(minimum.sum()), weights / weights.sum())
    return urban, sizes.astype(np.int64)


def _layout(rng: np.random.Generator, urban: bool, size: int) -> list[int]:
    """Schools per settlement of one municipality, the centre (city or district centre) first."""
    if urban:
        attached = min(3, int(rng.binomial(size - 1, 0.08)))
        return [size - attached] + [1] * attached
    centre = int(np.clip(round(size * rng.uniform(0.2, 0.35)), 1, size - 2))
    rest = size - centre
    per_village = 1 + (rng.random(rest) < 0.12).astype(np.int64)
    cumulative = np.cumsum(per_village)
    count = int(np.searchsorted(cumulative, rest)) + 1
    counts = per_village[:count].copy()
    counts[-1] -= cumulative[count - 1] - rest
    return [centre, *counts.tolist()]


def _village_kind(rng: np.random.Generator, gender: str) -> str:
    if gender == "m":
        return "посёлок"
    if gender == "n":
        return "село"
    return "деревня" if rng.random() < (0.6 if gender == "pl" else 0.5) else "село"


@dataclass
class _SettlementRows:
    code: list[str]
    municipality_code: list[str]
    name: list[str]
    kind: list[str]
    setting: list[int]
    schools: list[int]

    def add(self, code: str, municipality: str, name: str, kind: str, setting: int, schools: int) -> None:
        for column, value in zip(fields(self), (code, municipality, name, kind, setting, schools), strict=True):
            getattr(self, column.name).append(value)


def _municipality_settlements(
    rng: np.random.Generator,
    rows: _SettlementRows,
    code: str,
    urban: bool,
    town: str | None,
    layout: list[int],
    width: int,
) -> None:
    villages = names.village_names(rng, len(layout) - (town is not None), centre_posyolok=town is None)
    for i, count in enumerate(layout):
        settlement_code = f"{code}-{i + 1:0{width}d}"
        if i == 0 and town is not None:
            rows.add(settlement_code, code, town, "город", CITY if urban else CENTRE, count)
            continue
        name, gender = villages[i - (town is not None)]
        if i == 0:
            rows.add(settlement_code, code, name, "посёлок", CENTRE, count)
            continue
        kind = _village_kind(rng, gender)
        rows.add(settlement_code, code, name, kind, HAMLET if kind == "деревня" else VILLAGE, count)


def _territory(rng: np.random.Generator, schools: int) -> _Territory:
    urban, sizes = _municipality_plan(rng, schools)
    count = len(urban)
    width = max(2, len(str(count)))
    codes = [f"{REGION_CODE}-{i + 1:0{width}d}" for i in range(count)]
    has_town = urban | (rng.random(count) < 0.4)
    towns = iter(names.town_names(rng, int(has_town.sum())))
    district_names = iter(names.district_names(rng, int((~urban).sum())))
    layouts = [_layout(rng, bool(u), int(n)) for u, n in zip(urban, sizes, strict=True)]
    settlement_width = max(3, len(str(max(len(layout) for layout in layouts))))
    rows = _SettlementRows([], [], [], [], [], [])
    municipality_names = []
    for i in range(count):
        town = next(towns) if has_town[i] else None
        municipality_names.append(f"город {town}" if urban[i] else f"{next(district_names)} муниципальный район")
        _municipality_settlements(rng, rows, codes[i], bool(urban[i]), town, layouts[i], settlement_width)
    municipalities = pd.DataFrame({
        "code": codes,
        "region_code": REGION_CODE,
        "name": municipality_names,
        "kind": np.where(urban, "urban_district", "municipal_district"),
    })  # fmt: skip
    return _settlement_frame(rng, municipalities, rows)


def _hard_to_reach(rng: np.random.Generator, setting: IntArray, municipality: ObjArray, first: str) -> BoolArray:
    """A few remote villages; the demo municipality always has one (a ШНСУ by the `hard_to_reach` rule)."""
    rural = setting >= VILLAGE
    hard = rural & (rng.random(len(setting)) < np.where(setting == HAMLET, 0.1, 0.06))
    own = rural & (municipality == first)
    if own.any() and not (hard & own).any():
        hard[np.flatnonzero(own)[-1]] = True
    return hard


def _unemployment(rng: np.random.Generator, setting: IntArray, hard: BoolArray) -> FloatArray:
    """Settlement unemployment: regional mean 5 %, villages and remote places higher, a tail above ×1.5."""
    base = np.array([0.035, 0.045, 0.058, 0.065])[setting] * rng.lognormal(0.0, 0.3, len(setting))
    base = base * np.where(hard, 1.6, 1.0)
    return np.asarray(np.round(np.clip(base * 0.05 / base.mean(), 0.005, 0.4), 4), dtype=np.float64)


def _settlement_frame(rng: np.random.Generator, municipalities: pd.DataFrame, rows: _SettlementRows) -> _Territory:
    setting = np.asarray(rows.setting, dtype=np.int64)
    municipality = np.asarray(rows.municipality_code, dtype=object)
    hard = _hard_to_reach(rng, setting, municipality, str(municipalities["code"].iloc[0]))
    national = (setting >= VILLAGE) & (rng.random(len(setting)) < 0.06 + 0.2 * hard)
    settlements = pd.DataFrame({
        "code": rows.code,
        "municipality_code": rows.municipality_code,
        "name": rows.name,
        "kind": rows.kind,
        "rural": setting >= VILLAGE,
        "hard_to_reach": hard,
        "unemployment_share": _unemployment(rng, setting, hard),
    })  # fmt: skip
    centre = np.r_[True, municipality[1:] != municipality[:-1]]
    schools = np.asarray(rows.schools, dtype=np.int64)
    return _Territory(municipalities, settlements, setting, national, schools, centre)


# --- schools ------------------------------------------------------------------------------------------


def _school_placement(territory: _Territory) -> tuple[IntArray, IntArray, IntArray, ObjArray]:
    """Settlement, municipality, number within the settlement (0 when alone) and code of each school."""
    per_settlement = territory.schools_per_settlement
    settlement = np.repeat(np.arange(len(per_settlement)), per_settlement)
    first = np.repeat(np.cumsum(per_settlement) - per_settlement, per_settlement)
    number = np.arange(len(settlement)) - first + 1
    number = np.where(per_settlement[settlement] > 1, number, 0)
    municipality_codes = territory.municipalities["code"].to_numpy()
    municipality = np.searchsorted(municipality_codes, territory.settlements["municipality_code"].to_numpy())
    school_municipality = municipality[settlement]
    starts = np.searchsorted(school_municipality, np.arange(len(municipality_codes)))
    sequence = np.arange(len(settlement)) - starts[school_municipality] + 1
    width = max(3, len(str(int(sequence.max()))))
    codes = np.array(
        [
            f"{m.replace('-', '')}{n:0{width}d}"
            for m, n in zip(municipality_codes[school_municipality], sequence, strict=True)
        ],
        dtype=object,
    )
    return settlement, school_municipality.astype(np.int64), number.astype(np.int64), codes


def _pupils(rng: np.random.Generator, setting: IntArray, kind: IntArray, rural: BoolArray) -> IntArray:
    """Pupils per school and year, the last year being the registry figure; rural schools shrink a little."""
    median = PUPIL_MEDIAN[setting, kind]
    current = np.clip(median * rng.lognormal(0.0, PUPIL_SIGMA[kind]), PUPIL_MIN[kind], PUPIL_MAX[kind])
    growth = rng.normal(-0.01 - 0.015 * rural, 0.03)
    years = np.arange(len(SCHOOL_YEARS)) - (len(SCHOOL_YEARS) - 1)
    pupils = current[:, None] * (1.0 + growth[:, None]) ** years[None, :]
    return np.maximum(np.rint(pupils), 1).astype(np.int64)


def _latent(
    rng: np.random.Generator, rural: BoolArray, hard: BoolArray, unemployment: FloatArray, national: BoolArray,
    setting: IntArray, selective: BoolArray,
) -> tuple[FloatArray, FloatArray]:  # fmt: skip
    """Social disadvantage (standardised) and academic strength, correlated but far from identical."""
    raw = 0.9 * rural + 1.0 * hard + 12.0 * (unemployment - 0.05) + 0.6 * national - 0.4 * (setting == CITY)
    raw = raw + rng.normal(0.0, 0.8, len(raw))
    disadvantage = (raw - raw.mean()) / raw.std()
    strength = -0.5 * disadvantage + 0.85 * rng.normal(size=len(raw)) + 0.9 * selective
    return disadvantage, strength


def _ensure(trajectory: IntArray, order: IntArray, kind: int, wanted: int) -> None:
    """Turn the first stable or near-threshold schools of `order` into `kind` until `wanted` have it."""
    missing = wanted - int((trajectory[order] == kind).sum())
    for school in order:
        if missing <= 0:
            return
        if trajectory[school] in (STABLE, NEAR):
            trajectory[school] = kind
            missing -= 1


def _trajectories(
    rng: np.random.Generator, strength: FloatArray, municipality: IntArray, pupils: IntArray, selective: BoolArray
) -> IntArray:
    """Trajectory per school; the demo municipality and the region always show each story."""
    tercile = np.digitize(strength, np.quantile(strength, [1 / 3, 2 / 3]))
    trajectory = _choose(rng, TRAJECTORY_PROBABILITIES[tercile])
    trajectory[selective] = STABLE
    eligible = ~selective & (pupils >= 60)
    by_strength = np.argsort(strength, kind="stable")
    own = by_strength[(eligible & (municipality == 0))[by_strength]]
    _ensure(trajectory, own, AT_RISK, 2)
    _ensure(trajectory, own, DECLINING, 1)
    _ensure(trajectory, own, RECOVERING, 1)
    everywhere = by_strength[eligible[by_strength]]
    for kind in (RECOVERING, DECLINING, NEAR):
        _ensure(trajectory, everywhere, kind, max(2, len(strength) // 40))
    return trajectory


def _fail_shares(rng: np.random.Generator, trajectory: IntArray, strength: FloatArray) -> FloatArray:
    """Expected share below the minimum per school and year, by trajectory."""
    s, y = len(strength), len(SCHOOL_YEARS)
    stable = np.minimum(_sigmoid(-2.8 - 0.6 * strength[:, None] + rng.normal(0.0, 0.15, (s, y))), 0.12)
    at_risk = rng.uniform(0.36, 0.5, s)[:, None] + rng.normal(0.0, 0.03, (s, y))
    bad, good = rng.uniform(0.35, 0.48, (s, 2)), rng.uniform(0.05, 0.13, s)
    recovering = np.column_stack([bad, good])
    declining = np.column_stack([rng.uniform(0.05, 0.12, s), rng.uniform(0.14, 0.2, s), rng.uniform(0.35, 0.48, s)])
    near = rng.uniform(0.1, 0.14, s)[:, None] + rng.normal(0.0, 0.01, (s, y))
    table = np.stack([stable, at_risk, recovering, declining, near])
    return np.asarray(np.clip(table[trajectory, np.arange(s)], 0.01, 0.7), dtype=np.float64)


def _objectivity_stories(
    rng: np.random.Generator, trajectory: IntArray, pupils: IntArray, selective: BoolArray
) -> tuple[BoolArray, BoolArray]:
    """Inflated ВПР from some year on at a few non-selective schools; lenient term marks at a few others."""
    s, y = len(trajectory), len(SCHOOL_YEARS)
    candidates = ~selective & (pupils >= 50) & (trajectory != AT_RISK)
    flagged = candidates & (rng.random(s) < 0.025)
    if candidates.any() and not flagged.any():
        flagged[rng.choice(np.flatnonzero(candidates))] = True
    start = rng.integers(0, y, s)
    inflated = flagged[:, None] & (np.arange(y)[None, :] >= start[:, None])
    lenient = ~flagged & (rng.random(s) < 0.03)
    return inflated, lenient


def _model(rng: np.random.Generator, territory: _Territory) -> _Model:
    settlement, municipality, number, codes = _school_placement(territory)
    setting = territory.setting[settlement]
    kind = _choose(rng, KIND_PROBABILITIES[setting])
    frame = territory.settlements
    rural = frame["rural"].to_numpy(dtype=bool)[settlement]
    hard = frame["hard_to_reach"].to_numpy(dtype=bool)[settlement]
    unemployment = frame["unemployment_share"].to_numpy(dtype=np.float64)[settlement]
    national = territory.national[settlement]
    pupils = _pupils(rng, setting, kind, rural)
    ratio = PUPILS_PER_TEACHER[setting] * rng.uniform(0.85, 1.15, len(kind))
    teachers = np.maximum(TEACHERS_MIN[kind], np.rint(pupils[:, -1] / ratio)).astype(np.int64)
    selective = np.isin(kind, SELECTIVE_KINDS)
    disadvantage, strength = _latent(rng, rural, hard, unemployment, national, setting, selective)
    trajectory = _trajectories(rng, strength, municipality, pupils[:, -1], selective)
    fail = _fail_shares(rng, trajectory, strength)
    inflated, lenient = _objectivity_stories(rng, trajectory, pupils[:, -1], selective)
    return _Model(
        codes, municipality, settlement, number, setting, kind, rural, hard, national, unemployment, pupils, teachers,
        disadvantage, strength, trajectory, fail, inflated, lenient,
    )  # fmt: skip


def _legal_forms(rng: np.random.Generator, model: _Model) -> ObjArray:
    group = np.where(model.selective, 0, np.where(model.rural, 2, 1))
    return np.asarray(LEGAL_FORMS, dtype=object)[_choose(rng, LEGAL_PROBABILITIES[group])]


def _roles(model: _Model, territory: _Territory) -> list[str]:
    """Mentors: strong stable big schools; support centres: the biggest stable school of a district centre."""
    pupils = model.pupils[:, -1]
    stable = model.trajectory == STABLE
    mentor = (model.strength >= np.quantile(model.strength, 0.92)) & (pupils >= 250) & stable
    district = (territory.municipalities["kind"] == "municipal_district").to_numpy()[model.municipality]
    candidates = np.flatnonzero(territory.centre[model.settlement] & district & stable)
    order = candidates[np.lexsort((-pupils[candidates], model.settlement[candidates]))]
    settlement = model.settlement[order]
    support = np.zeros(len(pupils), dtype=bool)
    support[order[np.r_[True, settlement[1:] != settlement[:-1]]]] = True
    return [
        "|".join(role for role, on in (("mentor", m), ("support_centre", c)) if on)
        for m, c in zip(mentor, support, strict=True)
    ]


def _school_frame(rng: np.random.Generator, model: _Model, territory: _Territory) -> pd.DataFrame:
    settlements = territory.settlements
    settlement_kind = settlements["kind"].to_numpy()[model.settlement]
    settlement_name = settlements["name"].to_numpy()[model.settlement]
    legal = _legal_forms(rng, model)
    kind = np.asarray(KINDS, dtype=object)[model.kind]
    parts = list(zip(legal, kind, model.number.tolist(), settlement_kind, settlement_name, strict=True))
    short = [names.school_short_name(*p) for p in parts]
    full = [names.school_full_name(*p) for p in parts]
    aliased = rng.random(len(short)) < 0.12 + 0.1 * model.rural
    draws = rng.random((len(short), 3))
    aliases = [
        "|".join(names.alias_variants(short[i], legal[i], settlement_kind[i], settlement_name[i], draws[i]))
        if aliased[i]
        else ""
        for i in range(len(short))
    ]
    pupils = model.pupils[:, -1]
    return pd.DataFrame({
        "school_code": model.code,
        "municipality_code": territory.municipalities["code"].to_numpy()[model.municipality],
        "settlement_code": settlements["code"].to_numpy()[model.settlement],
        "full_name": full,
        "short_name": short,
        "aliases": aliases,
        "legal_form": legal,
        "kind": kind,
        "rural": model.rural,
        "small": model.rural & (pupils < 100) & ~model.selective,
        "roles": _roles(model, territory),
        "pupils": pupils,
        "teachers": model.teachers,
    }).astype({"school_code": "str", "legal_form": "str", "kind": "str"})  # fmt: skip


# --- results ------------------------------------------------------------------------------------------


def _participants(rng: np.random.Generator, model: _Model) -> IntArray:
    """(S, Y, T) participants: the year's pupils shared among the school's grades, times the take-up rate."""
    grades = np.arange(1, 12)
    upper = np.where(model.selective, 0.9, 0.6)[:, None]
    weights = np.where(grades[None, :] > 9, upper, 1.0) * (grades[None, :] <= MAX_GRADE[model.kind][:, None])
    weights = weights / weights.sum(axis=1, keepdims=True)
    cohorts = rng.multinomial(model.pupils, np.broadcast_to(weights[:, None, :], (*model.pupils.shape, 11)))
    take = np.broadcast_to(A_TAKE, (len(model.kind), len(ASSESSMENTS))).copy()
    take[:, A_EGE & (A_SUBJECT == "mathematics")] = np.where(model.selective, 0.7, 0.45)[:, None]
    return rng.binomial(cohorts[:, :, A_GRADE - 1], take[:, None, :]).astype(np.int64)


def _mark_probabilities(ability: FloatArray) -> FloatArray:
    """Ordered logit: shares of marks 2, 3, 4, 5 for a row's ability."""
    below = _sigmoid(MARK_CUTS[None, :] - ability[:, None])
    cumulative = np.column_stack([below, np.ones(len(ability))])
    return np.diff(cumulative, axis=1, prepend=0.0)


def _marks(
    rng: np.random.Generator, ability: FloatArray, participants: IntArray, max_score: IntArray
) -> tuple[IntArray, FloatArray]:
    counts = rng.multinomial(participants, _mark_probabilities(ability)).astype(np.int64)
    fraction = counts @ MARK_FRACTIONS / participants + rng.normal(0.0, 0.02, len(participants))
    return counts, np.round(np.clip(fraction, 0.02, 0.98) * max_score, 1)


def _ege(
    rng: np.random.Generator, ability: FloatArray, participants: IntArray, assessment: IntArray
) -> tuple[IntArray, FloatArray]:
    """ЕГЭ: pupils below the minimum test score and the mean test score (no marks)."""
    below = rng.binomial(participants, _sigmoid(-ability)).astype(np.int64)
    typical = np.where(A_SUBJECT[assessment] == "russian", *EGE_TYPICAL_SCORE.values())
    school_ability = ability + A_DIFFICULTY[assessment]
    score = typical + 11.0 * (school_ability - TYPICAL_ABILITY) + rng.normal(0.0, 3.0, len(ability))
    return below, np.round(np.clip(score, 20.0, 98.0), 1)


def _nullable(values: IntArray, present: BoolArray) -> pd.arrays.IntegerArray:
    return pd.arrays.IntegerArray(np.where(present, values, 0), ~present)


def _results(rng: np.random.Generator, model: _Model) -> tuple[pd.DataFrame, pd.DataFrame]:
    participants = _participants(rng, model)
    shape = participants.shape
    ability = np.log((1.0 - model.fail) / model.fail)
    row_ability = ability[:, :, None] - A_DIFFICULTY[None, None, :] + rng.normal(0.0, 0.2, shape)
    row_ability += 1.6 * (model.inflated[:, :, None] & A_VPR[None, None, :])
    school, year, assessment = np.nonzero(participants > 0)
    n, ra = participants[school, year, assessment], row_ability[school, year, assessment]
    ege = A_EGE[assessment]
    marks = np.zeros((len(n), 4), dtype=np.int64)
    below = np.zeros(len(n), dtype=np.int64)
    mean = np.zeros(len(n))
    marks[~ege], mean[~ege] = _marks(rng, ra[~ege], n[~ege], A_MAX[assessment[~ege]])
    below[~ege] = marks[~ege, 0]
    below[ege], mean[ege] = _ege(rng, ra[ege], n[ege], assessment[ege])
    results = pd.DataFrame({
        "school_code": model.code[school],
        "school_year": np.asarray(SCHOOL_YEARS, dtype=object)[year],
        "procedure": A_PROCEDURE[assessment],
        "grade": A_GRADE[assessment],
        "subject": A_SUBJECT[assessment],
        "participants": n,
        "below_min": below,
        "mean_score": mean,
        "max_score": A_MAX[assessment],
        **{f"mark{m}": _nullable(marks[:, m - 2], ~ege) for m in range(2, 6)},
    })  # fmt: skip
    vpr = A_VPR[assessment]
    objectivity = _objectivity(rng, model, school[vpr], year[vpr], n[vpr], results[vpr])
    return _text_columns(results), objectivity


def _objectivity(
    rng: np.random.Generator, model: _Model, school: IntArray, year: IntArray, n: IntArray, vpr: pd.DataFrame
) -> pd.DataFrame:
    """ВПР mark against the term mark: lowered / confirmed / raised counts of every ВПР row."""
    lowered = rng.uniform(0.12, 0.32, len(model.code))[school]
    raised = rng.uniform(0.02, 0.08, len(model.code))[school]
    inflated = model.inflated[school, year]
    raised = np.where(inflated, rng.uniform(0.3, 0.45, len(school)), raised)
    lowered = np.where(model.lenient[school], rng.uniform(0.45, 0.65, len(school)), lowered)
    lowered = np.where(inflated, lowered / 3.0, lowered)
    probabilities = np.column_stack([lowered, 1.0 - lowered - raised, raised])
    counts = rng.multinomial(n, probabilities)
    frame = vpr[["school_code", "school_year", "grade", "subject"]].reset_index(drop=True)
    frame[["lowered", "confirmed", "raised"]] = counts.astype(np.int64)
    return _text_columns(frame)


def _text_columns(frame: pd.DataFrame) -> pd.DataFrame:
    text = [c for c in frame.columns if frame[c].dtype == object]
    return frame.astype(dict.fromkeys(text, "str"))


# --- indicators ---------------------------------------------------------------------------------------


def _school_years(model: _Model) -> dict[str, Any]:
    s, y = model.pupils.shape
    return {
        "school_code": np.repeat(model.code, y),
        "school_year": np.tile(np.asarray(SCHOOL_YEARS, dtype=object), s),
    }


def _share(x: FloatArray) -> FloatArray:
    return np.round(_sigmoid(x), 3).ravel()


def _social(rng: np.random.Generator, model: _Model) -> pd.DataFrame:
    """Shares drift a little from year to year around a level set by disadvantage and the settlement."""
    s, y = model.pupils.shape
    d = model.disadvantage[:, None]

    def drift(sd: float) -> FloatArray:
        return rng.normal(0.0, sd, (s, 1)) + rng.normal(0.0, 0.08, (s, y))

    city = (model.setting == CITY)[:, None]
    unemployment = model.unemployment[:, None]
    native = np.where(model.national, rng.uniform(0.25, 0.7, s), 0.0)[:, None]
    non_native = np.where(city, -3.0, -4.2) + drift(0.5)
    return _text_columns(pd.DataFrame({
        **_school_years(model),
        "pupils": model.pupils.ravel(),
        "parents_higher_education_share": _share(-0.6 - 0.9 * d + 0.3 * city + drift(0.3)),
        "unemployed_parents_share": _share(-2.4 + 0.7 * d + 8.0 * (unemployment - 0.05) + drift(0.3)),
        "deviant_behaviour_share": _share(-3.6 + 0.5 * d + drift(0.4)),
        "non_native_russian_share": np.round(np.maximum(native, _sigmoid(non_native)), 3).ravel(),
    }))  # fmt: skip


def _staffing(rng: np.random.Generator, model: _Model) -> tuple[pd.DataFrame, FloatArray]:
    """Staffing per school-year, and the vacancy rate the risk profile uses."""
    s, y = model.pupils.shape
    teachers = np.maximum(2, np.rint(model.teachers[:, None] * model.pupils / model.pupils[:, -1:])).astype(np.int64)
    pressure = 0.02 + 0.04 * model.rural + 0.06 * model.hard + 0.02 * np.maximum(model.disadvantage, 0.0)
    vacancies = rng.poisson(teachers * pressure[:, None]).astype(np.int64)
    over_60 = -1.7 + 0.4 * model.rural[:, None] + 0.2 * model.disadvantage[:, None] + rng.normal(0, 0.35, (s, 1))
    higher = -0.7 + 0.5 * model.strength[:, None] - 0.3 * model.rural[:, None] + rng.normal(0, 0.3, (s, 1))
    frame = pd.DataFrame({
        **_school_years(model),
        "teachers": teachers.ravel(),
        "vacancies": vacancies.ravel(),
        "teachers_over_60_share": _share(over_60 + rng.normal(0, 0.1, (s, y))),
        "teachers_higher_category_share": _share(higher + rng.normal(0, 0.1, (s, y))),
    })  # fmt: skip
    return _text_columns(frame), vacancies / teachers


def _olympiad(rng: np.random.Generator, model: _Model) -> pd.DataFrame:
    """Olympiad participants: strong schools send many, small weak ones often nobody."""
    s, y = model.pupils.shape
    rate = _sigmoid(-4.1 + 0.9 * model.strength[:, None] + 0.6 * model.selective[:, None] + rng.normal(0, 0.3, (s, y)))
    regional = rng.binomial(model.pupils, rate).astype(np.int64)
    all_russian = rng.binomial(regional, _sigmoid(-2.8 + 0.8 * model.strength)[:, None]).astype(np.int64)
    return _text_columns(pd.DataFrame({
        **_school_years(model),
        "pupils": model.pupils.ravel(),
        "participants_regional": regional.ravel(),
        "participants_all_russian": all_russian.ravel(),
    }))  # fmt: skip


def _risk_profile(rng: np.random.Generator, model: _Model, social: pd.DataFrame, vacancy: FloatArray) -> pd.DataFrame:
    """Levels of the ten 500+ factors, each driven by the indicators it names (see domain.md)."""
    s, y = model.pupils.shape
    weak = -model.strength[:, None]
    fail = (np.log(model.fail / (1.0 - model.fail)) + 2.3) / 0.9
    d = model.disadvantage[:, None]
    remote = 0.6 * model.rural[:, None] + 0.8 * model.hard[:, None]
    non_native = social["non_native_russian_share"].to_numpy().reshape(s, y)
    deviant = social["deviant_behaviour_share"].to_numpy().reshape(s, y)
    drivers = [
        remote + 0.3 * d,
        6.0 * vacancy,
        0.6 * weak + 0.3 * fail,
        0.5 * weak + 0.4 * fail,
        0.3 * weak,
        5.0 * non_native,
        0.5 * d + 10.0 * deviant - 0.3,
        0.9 * fail,
        0.7 * d,
        0.5 * weak + 0.4 * fail,
    ]
    score = np.stack([np.broadcast_to(x, (s, y)) for x in drivers], axis=2)
    score = score + rng.normal(0.0, 0.6, (s, 1, RISK_FACTORS)) + rng.normal(0.0, 0.25, (s, y, RISK_FACTORS))
    level = RISK_LEVELS[np.digitize(score, RISK_CUTS)]
    return _text_columns(pd.DataFrame({
        "school_code": np.repeat(model.code, y * RISK_FACTORS),
        "school_year": np.tile(np.repeat(np.asarray(SCHOOL_YEARS, dtype=object), RISK_FACTORS), s),
        "factor": np.tile(np.arange(1, RISK_FACTORS + 1), s * y),
        "level": level.ravel(),
    }))  # fmt: skip


def _regional_index(rng: np.random.Generator, model: _Model) -> pd.DataFrame:
    """The regional index of educational results (ИОР, seed 002: 0.566 → 0.395 → 0.468), 0…1, higher is
    better: the school's share above the minimum with yearly noise, so weak schools read low and some swing."""
    s, y = model.pupils.shape
    value = np.clip(1.0 - 1.6 * model.fail + rng.normal(0.0, 0.06, (s, y)), 0.0, 1.0).round(3)
    return _text_columns(pd.DataFrame({
        **_school_years(model),
        "measure": "ior",
        "value": value.ravel(),
        "unit": "индекс",
        "direction": "higher",
    }))  # fmt: skip


# --- public API ---------------------------------------------------------------------------------------


def generate(seed: int = 2024, schools: int = 200) -> DemoRegion:
    """A fictional region of `schools` schools; the same seed always gives the same frames."""
    if schools < MIN_SCHOOLS:
        raise ValueError(f"a demo region needs at least {MIN_SCHOOLS} schools")
    rng = np.random.default_rng(seed)
    region = {"code": REGION_CODE, "name": names.region_name(rng)}
    territory = _territory(rng, schools)
    model = _model(rng, territory)
    school_frame = _school_frame(rng, model, territory)
    results, objectivity = _results(rng, model)
    social = _social(rng, model)
    staffing, vacancy = _staffing(rng, model)
    olympiad = _olympiad(rng, model)
    risk = _risk_profile(rng, model, social, vacancy)
    index = _regional_index(rng, model)  # drawn last: the other frames stay what they were
    return DemoRegion(
        region, _text_columns(territory.municipalities), _text_columns(territory.settlements), school_frame,
        results, objectivity, social, staffing, olympiad, risk, index,
    )  # fmt: skip


def low_results_by_fail_share(results: pd.DataFrame, threshold: float = FAIL_SHARE_THRESHOLD) -> pd.DataFrame:
    """School-years meeting the `fail_share_30` rule (domain.md), as `school_code, school_year` rows.

    A row fails when at least `threshold` of its participants are below the minimum (every subject here
    is Russian or mathematics); a school-year qualifies with failing rows in two procedures, or in a
    procedure that also failed the year before. No minimum sample: the identification service owns that.
    """
    failing = results.loc[results["below_min"] >= threshold * results["participants"]]
    flagged = failing[["school_code", "school_year", "procedure"]].drop_duplicates()
    per_year = flagged.groupby(["school_code", "school_year"])["procedure"].nunique()
    two_procedures = per_year[per_year >= 2].reset_index()[["school_code", "school_year"]]
    years = sorted(results["school_year"].unique())
    following = dict(itertools.pairwise(years))
    earlier = flagged.assign(school_year=flagged["school_year"].map(following)).dropna()
    two_years = flagged.merge(earlier, on=["school_code", "school_year", "procedure"])
    both = pd.concat([two_procedures, two_years[["school_code", "school_year"]]])
    return both.drop_duplicates().sort_values(["school_code", "school_year"]).reset_index(drop=True)


def _entry(code: Any, name: Any) -> dict[str, str]:
    return {"code": str(code), "name": str(name)}


def demo_territory(region: DemoRegion) -> dict[str, Any]:
    """Territory of the demo users: the first municipal district, an at-risk school of it and 3–5 schools
    for the curator (the at-risk ones first, then the weakest by their last-year ВПР failures)."""
    municipalities = region.municipalities
    municipality = municipalities[municipalities["kind"] == "municipal_district"].sort_values("code").iloc[0]
    schools = region.schools[region.schools["municipality_code"] == municipality["code"]]
    at_risk = low_results_by_fail_share(region.results)
    at_risk = at_risk[at_risk["school_code"].isin(schools["school_code"])]
    if at_risk.empty:
        raise RuntimeError(f"no at-risk school in {municipality['name']}")
    last_year = max(region.results["school_year"])
    now = set(at_risk.loc[at_risk["school_year"] == last_year, "school_code"]) or set(at_risk["school_code"])
    ranked = schools.assign(
        now=schools["school_code"].isin(now),
        ever=schools["school_code"].isin(at_risk["school_code"]),
    ).sort_values(["now", "ever", "pupils", "school_code"], ascending=[False, False, False, True])
    school = ranked.iloc[0]
    curated = ranked.head(min(4, len(ranked)))
    return {
        "region": _entry(region.region["code"], region.region["name"]),
        "municipality": _entry(municipality["code"], municipality["name"]),
        "school": _entry(school["school_code"], school["short_name"]),
        "curated_schools": [_entry(c, n) for c, n in zip(curated["school_code"], curated["short_name"], strict=True)],
    }


# --- files --------------------------------------------------------------------------------------------

_TEXT = "str"
_CSV_DTYPES: dict[str, dict[str, str]] = {
    "municipalities": {"code": _TEXT, "region_code": _TEXT},
    "settlements": {"code": _TEXT, "municipality_code": _TEXT},
    "schools": {"school_code": _TEXT, "municipality_code": _TEXT, "settlement_code": _TEXT},
    "results": {"school_code": _TEXT, **{f"mark{m}": "Int64" for m in range(2, 6)}},
    **{
        name: {"school_code": _TEXT}
        for name in ("vpr_objectivity", "social", "staffing", "olympiad", "risk_profile", "indicator_values")
    },
}
_EMPTY_TEXT = {"schools": ("aliases", "roles")}


def write_csv(region: DemoRegion, out_dir: Path) -> list[Path]:
    """One UTF-8 CSV per frame (`<frame>.csv`, canonical columns) and `region.json`; the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    region_path = out_dir / "region.json"
    region_path.write_text(json.dumps(region.region, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    paths = [region_path]
    for name, frame in region.frames().items():
        path = out_dir / f"{name}.csv"
        frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        paths.append(path)
    return paths


def read_csv(in_dir: Path) -> DemoRegion:
    """The region `write_csv` wrote, with codes kept as text and empty marks as missing values."""
    frames: dict[str, pd.DataFrame] = {}
    for name in FRAMES:
        frame = pd.read_csv(in_dir / f"{name}.csv", dtype=_CSV_DTYPES[name], encoding="utf-8")
        for column in _EMPTY_TEXT.get(name, ()):
            frame[column] = frame[column].fillna("")
        frames[name] = frame
    region = json.loads((in_dir / "region.json").read_text(encoding="utf-8"))
    return DemoRegion(region=region, **frames)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the fictional demo region as CSV files.")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--schools", type=int, default=200)
    parser.add_argument("--out", type=Path, default=Path("var/demo"))
    args = parser.parse_args(argv)
    region = generate(seed=args.seed, schools=args.schools)
    frames = region.frames()
    for path in write_csv(region, args.out):
        size = f"{path.stat().st_size / 1024:.1f} KiB"
        if path.stem in frames:
            print(f"{path}: {len(frames[path.stem])} rows, {size}")
        else:
            print(f"{path}: {region.region['name']} ({region.region['code']}), {size}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
