"""The demo region generator: deterministic, consistent, and telling the at-risk story it is meant to."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from services.identification.demo.generator import (
    COLUMNS,
    FRAMES,
    SCHOOL_YEARS,
    DemoRegion,
    demo_territory,
    generate,
    low_results_by_fail_share,
    main,
    read_csv,
    write_csv,
)
from services.identification.registry.models import normalize_name

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

SHARES = {
    "social": (
        "parents_higher_education_share",
        "unemployed_parents_share",
        "deviant_behaviour_share",
        "non_native_russian_share",
    ),
    "staffing": ("teachers_over_60_share", "teachers_higher_category_share"),
    "settlements": ("unemployment_share",),
}


@pytest.fixture(scope="module")
def region() -> DemoRegion:
    return generate(seed=2024, schools=200)


@pytest.fixture(scope="module")
def at_risk(region: DemoRegion) -> dict[str, set[str]]:
    flagged = low_results_by_fail_share(region.results)
    return {year: set(flagged.loc[flagged["school_year"] == year, "school_code"]) for year in SCHOOL_YEARS}


def test_same_seed_gives_identical_frames_and_bytes(region: DemoRegion, tmp_path: Path) -> None:
    again = generate(seed=2024, schools=200)
    assert again.region == region.region
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(again, name), getattr(region, name))
    first, second = write_csv(region, tmp_path / "a"), write_csv(again, tmp_path / "b")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_another_seed_gives_another_region(region: DemoRegion) -> None:
    other = generate(seed=2025, schools=200)
    assert not other.results.equals(region.results)
    assert not other.schools["short_name"].equals(region.schools["short_name"])


def test_frames_have_exactly_the_canonical_columns(region: DemoRegion) -> None:
    assert set(region.region) == {"code", "name"}
    assert region.region["name"].endswith("область")
    for name in FRAMES:
        assert tuple(getattr(region, name).columns) == COLUMNS[name], name


def test_registry_is_consistent(region: DemoRegion) -> None:
    municipalities, settlements, schools = region.municipalities, region.settlements, region.schools
    assert 6 <= len(municipalities) <= 10
    assert set(municipalities["kind"]) == {"municipal_district", "urban_district"}
    assert municipalities["code"].str.fullmatch(r"99-\d{2}").all()
    assert set(settlements["municipality_code"]) <= set(municipalities["code"])
    assert settlements["code"].str.fullmatch(r"99-\d{2}-\d{3}").all()
    assert set(settlements["kind"]) <= {"город", "посёлок", "село", "деревня"}
    assert len(schools) == 200 and schools["school_code"].is_unique
    assert schools["school_code"].str.fullmatch(r"99\d{5}").all()
    assert set(schools["municipality_code"]) <= set(municipalities["code"])
    by_code = settlements.set_index("code")
    assert (
        by_code.loc[schools["settlement_code"], "municipality_code"].to_numpy() == schools["municipality_code"]
    ).all()
    assert (by_code.loc[schools["settlement_code"], "rural"].to_numpy() == schools["rural"]).all()
    assert set(schools["legal_form"]) <= {"МБОУ", "МКОУ", "МАОУ"}
    assert {"СОШ", "ООШ", "НОШ", "лицей", "гимназия"} <= set(schools["kind"])
    assert set("|".join(schools["roles"]).split("|")) - {""} == {"mentor", "support_centre"}
    assert (schools["pupils"] > 0).all() and (schools["teachers"] > 0).all()


def test_names_read_like_russian_schools(region: DemoRegion) -> None:
    schools = region.schools
    assert schools["full_name"].str.startswith("Муниципальное ").all()
    assert (schools["short_name"].str.split(" ").str[0] == schools["legal_form"]).all()
    assert schools["short_name"].str.contains(r" (?:г|п|с|д)\. ").all()
    assert not schools.duplicated(["municipality_code", "short_name"]).any()
    assert not region.municipalities["name"].duplicated().any()
    aliased = schools[schools["aliases"] != ""]
    assert len(aliased) >= 5
    for short, aliases in zip(aliased["short_name"], aliased["aliases"], strict=True):
        keys = [normalize_name(alias) for alias in aliases.split("|")]
        assert len(set(keys)) == len(keys) and normalize_name(short) not in keys


def test_every_row_belongs_to_a_known_school_and_year(region: DemoRegion) -> None:
    codes = set(region.schools["school_code"])
    for name in ("results", "vpr_objectivity", "social", "staffing", "olympiad", "risk_profile"):
        frame = getattr(region, name)
        assert set(frame["school_code"]) <= codes, name
        assert set(frame["school_year"]) == set(SCHOOL_YEARS), name
    for name in ("social", "staffing", "olympiad"):
        assert len(getattr(region, name)) == len(codes) * len(SCHOOL_YEARS)
    risk = region.risk_profile
    assert len(risk) == len(codes) * len(SCHOOL_YEARS) * 10
    assert set(risk["factor"]) == set(range(1, 11))
    assert set(risk["level"]) == {"high", "medium", "low", "none"}


def test_results_are_internally_consistent(region: DemoRegion) -> None:
    results = region.results
    assert (results["participants"] > 0).all()
    assert (results["below_min"] <= results["participants"]).all() and (results["below_min"] >= 0).all()
    assert (results["mean_score"] >= 0).all() and (results["mean_score"] <= results["max_score"]).all()
    marked = results[results["procedure"] != "ЕГЭ"]
    marks = marked[["mark2", "mark3", "mark4", "mark5"]]
    assert (marks.sum(axis=1) == marked["participants"]).all()
    assert (marked["mark2"] == marked["below_min"]).all()
    assert results.loc[results["procedure"] == "ЕГЭ", ["mark2", "mark3", "mark4", "mark5"]].isna().all().all()
    grades = results.groupby("procedure")["grade"].agg(set)
    assert grades["ВПР"] == {4, 5, 6, 7, 8} and grades["ОГЭ"] == {9} and grades["ЕГЭ"] == {11}
    assert set(results["subject"]) == {"russian", "mathematics"}
    assert results.groupby(["procedure", "grade", "subject"])["max_score"].nunique().eq(1).all()


def test_participants_fit_the_school_and_its_kind(region: DemoRegion) -> None:
    results = region.results.merge(region.social[["school_code", "school_year", "pupils"]])
    assert (results["participants"] <= results["pupils"]).all()
    vpr = results[results["procedure"] == "ВПР"]
    per_subject = vpr.groupby(["school_code", "school_year", "subject"])
    assert (per_subject["participants"].sum() <= per_subject["pupils"].first()).all()
    kinds = region.schools.set_index("school_code")["kind"]
    top_grade = results.groupby("school_code")["grade"].max()
    assert (top_grade[kinds[top_grade.index] == "НОШ"] == 4).all()
    assert (top_grade[kinds[top_grade.index] == "ООШ"] <= 9).all()


def test_objectivity_counts_match_the_vpr_rows(region: DemoRegion) -> None:
    objectivity = region.vpr_objectivity
    vpr = region.results[region.results["procedure"] == "ВПР"]
    joined = objectivity.merge(vpr, on=["school_code", "school_year", "grade", "subject"], validate="one_to_one")
    assert len(joined) == len(objectivity) == len(vpr)
    assert (joined[["lowered", "confirmed", "raised"]].sum(axis=1) == joined["participants"]).all()
    totals = objectivity.groupby("school_code")[["lowered", "confirmed", "raised"]].sum()
    raised_share = totals["raised"] / totals.sum(axis=1)
    assert raised_share.median() < 0.1 and (raised_share > 0.2).any()  # a few suspicious schools


def test_shares_stay_within_zero_and_one(region: DemoRegion) -> None:
    for name, columns in SHARES.items():
        values = getattr(region, name)[list(columns)]
        assert values.notna().all().all() and ((values >= 0) & (values <= 1)).all().all(), name
    staffing, olympiad = region.staffing, region.olympiad
    assert (staffing["vacancies"] >= 0).all()
    assert (olympiad["participants_regional"] <= olympiad["pupils"]).all()
    assert (olympiad["participants_all_russian"] <= olympiad["participants_regional"]).all()
    assert (olympiad.groupby("school_code")["participants_regional"].sum() == 0).any()


def test_settlements_carry_the_social_conditions(region: DemoRegion) -> None:
    settlements = region.settlements
    unemployment = settlements["unemployment_share"]
    assert unemployment.mean() == pytest.approx(0.05, abs=0.005)
    assert (unemployment > 1.5 * unemployment.mean()).sum() >= 2
    assert 1 <= settlements["hard_to_reach"].sum() < len(settlements) / 5
    assert not settlements.loc[settlements["hard_to_reach"], "rural"].eq(False).any()
    social = region.social.merge(region.schools[["school_code", "settlement_code"]])
    remote = social["settlement_code"].isin(settlements.loc[settlements["hard_to_reach"], "code"])
    assert (
        social.loc[remote, "unemployed_parents_share"].mean() > social.loc[~remote, "unemployed_parents_share"].mean()
    )


def test_the_story_has_failing_recovering_and_declining_schools(
    region: DemoRegion, at_risk: dict[str, set[str]]
) -> None:
    first, second, last = (at_risk[year] for year in SCHOOL_YEARS)
    results = region.results
    failing = results[results["below_min"] >= 0.3 * results["participants"]]
    two_procedures = failing.groupby(["school_code", "school_year"])["procedure"].nunique()
    assert (two_procedures >= 2).sum() >= 5
    assert len((first | second) - last) >= 3, "recovering schools"
    assert len(last - first - second) >= 3, "declining schools"
    assert 0.05 * 200 <= len(last) <= 0.3 * 200
    worst = results.assign(share=results["below_min"] / results["participants"]).groupby("school_code")["share"].max()
    assert worst.between(0.2, 0.3, inclusive="left").sum() >= 3, "near-threshold schools"


def test_social_disadvantage_goes_with_weaker_results(region: DemoRegion, at_risk: dict[str, set[str]]) -> None:
    last = region.social[region.social["school_year"] == SCHOOL_YEARS[-1]].set_index("school_code")
    flagged = last.index.isin(at_risk[SCHOOL_YEARS[-1]])
    assert last.loc[flagged, "parents_higher_education_share"].mean() < last.loc[~flagged].iloc[:, 1].mean()
    selective = region.schools.loc[region.schools["kind"].isin(["лицей", "гимназия"]), "school_code"]
    assert not set(selective) & at_risk[SCHOOL_YEARS[-1]]


def test_small_schools_exist_with_tiny_samples(region: DemoRegion) -> None:
    schools = region.schools
    assert schools["small"].sum() >= 5
    assert schools.loc[schools["small"], "rural"].all()
    assert (region.results["participants"] < 10).sum() >= 20
    tiny = region.results[region.results["participants"].between(3, 8)]
    assert tiny["school_code"].nunique() >= 5


def test_scales_to_a_thousand_schools() -> None:
    big = generate(seed=11, schools=1000)
    assert len(big.schools) == 1000 and big.schools["school_code"].is_unique
    assert len(big.municipalities) == round(1000 / 30)
    assert big.schools["municipality_code"].nunique() == len(big.municipalities)
    assert big.results["school_code"].nunique() > 950


def test_too_small_a_region_is_refused() -> None:
    with pytest.raises(ValueError):
        generate(schools=10)


@pytest.mark.parametrize(("seed", "schools"), [(2024, 200), (7, 60), (3, 30)])
def test_demo_territory_names_an_at_risk_school_of_its_municipality(seed: int, schools: int) -> None:
    region = generate(seed=seed, schools=schools)
    territory = demo_territory(region)
    municipality = territory["municipality"]["code"]
    districts = region.municipalities[region.municipalities["kind"] == "municipal_district"]
    assert municipality == districts["code"].min()
    assert territory["region"] == region.region
    own = region.schools[region.schools["municipality_code"] == municipality]
    assert territory["school"]["code"] in set(own["school_code"])
    assert territory["school"]["code"] in set(low_results_by_fail_share(region.results)["school_code"])
    curated = [s["code"] for s in territory["curated_schools"]]
    assert 3 <= len(curated) <= 5 and len(set(curated)) == len(curated)
    assert set(curated) <= set(own["school_code"]) and territory["school"]["code"] in curated
    names = own.set_index("school_code")["short_name"]
    assert all(names[s["code"]] == s["name"] for s in [territory["school"], *territory["curated_schools"]])


def test_write_csv_round_trips(region: DemoRegion, tmp_path: Path) -> None:
    paths = write_csv(region, tmp_path)
    assert sorted(p.name for p in paths) == sorted(["region.json", *(f"{name}.csv" for name in FRAMES)])
    back = read_csv(tmp_path)
    assert back.region == region.region
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(back, name), getattr(region, name), check_dtype=False)
    plain = pd.read_csv(tmp_path / "results.csv", dtype={"school_code": str})
    assert list(plain.columns) == list(COLUMNS["results"]) and len(plain) == len(region.results)
    assert plain["school_code"].tolist() == region.results["school_code"].tolist()


def test_cli_writes_the_files_and_summarises_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--seed", "5", "--schools", "40", "--out", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == len(FRAMES) + 1
    assert (tmp_path / "schools.csv").exists() and (tmp_path / "region.json").exists()
    assert any("schools.csv: 40 rows" in line for line in lines)
