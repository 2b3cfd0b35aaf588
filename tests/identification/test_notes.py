"""The data of the analytical note through HTTP: one typed answer, which run states the list, the year before,
the figures next to the municipal and regional values, and whose territory a caller may ask for."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic.config import Config

from services.identification.notes.service import pick_run
from services.identification.runs.models import IdentificationRun
from services.shared import topology
from services.shared.contracts.identification_note import IdentificationNote
from tests.conftest import Stack
from tests.support import fresh_database

NOTE = "/api/identification/notes/identification"
RUNS = "/api/identification/runs"
YEAR = "2023-2024"
ENGLISH_CODES = ("low_results", "unfavourable_social", "risk_zone", "fail_share_30", "bottom_quartile")


def _note(stack: Stack, username: str, **params: Any) -> IdentificationNote:
    answer = stack.gateway.get(NOTE, params={"school_year": YEAR, **params}, headers=stack.auth(username))
    assert answer.status_code == 200, answer.text
    return IdentificationNote.model_validate(answer.json())


def _other_municipality(stack: Stack) -> str:
    territories = stack.gateway.get("/api/identification/territories", headers=stack.auth("regional_analyst")).json()
    own = stack.territory["municipality"]["code"]
    return next(m["code"] for r in territories for m in r["municipalities"] if m["code"] != own)


def test_a_coordinator_gets_its_municipality_from_the_approved_list(stack: Stack) -> None:
    municipality = stack.territory["municipality"]
    note = _note(stack, "municipal_coordinator", school_year="2023/2024")  # a written variant of the year
    assert note.school_year == YEAR
    assert (note.territory.kind, note.territory.code) == ("municipality", municipality["code"])
    assert note.run.approved and note.run.order_number and note.run.covers == "region"
    assert note.schools and {s.municipality_code for s in note.schools} == {municipality["code"]}
    agreed = stack.gateway.get(
        "/api/identification/agreed-list",
        params={"school_year": YEAR, "per_page": 500},
        headers=stack.auth("municipal_coordinator"),
    ).json()["items"]
    assert {s.school_code: s.categories for s in note.schools} == {s["school_code"]: s["categories"] for s in agreed}
    for category in ("low_results", "unfavourable_social", "risk_zone", "effective"):
        assert note.counts[category] == sum(category in s.categories for s in note.schools)

    # Each fired rule carries its key figure next to the municipal and regional mean of the same figure.
    fired = [f for s in note.schools for f in s.fired]
    assert fired and all(f.regional_value is not None for f in fired if f.unit != "flag")
    assert all(f.label and f.figure_label and f.reason for f in fired)
    for school in note.schools:
        assert len(school.warnings) == len(set(school.warnings))

    # The year before, the years, the region around it.
    assert note.comparison.previous_year == "2022-2023" and note.comparison.previous_approved
    movement = {m.category: m for m in note.comparison.categories}
    for category, m in movement.items():
        assert m.after == note.counts[category] and m.before - m.left + m.entered == m.after
        moved = [s for s in note.comparison.schools if s.category == category]
        if category != "effective":
            assert len(moved) == m.entered + m.left and all(s.reason for s in moved)
    assert [y.school_year for y in note.years] == ["2021-2022", "2022-2023", "2023-2024"]
    assert note.aggregates.region.schools == 60 and note.aggregates.territory.schools == len(note.schools)
    assert note.aggregates.rank is not None and 1 <= note.aggregates.rank <= len(note.aggregates.municipalities)

    # Sources, causes and the methodology in words.
    assert {p.procedure for p in note.sources.procedures} == {"ВПР", "ОГЭ", "ЕГЭ"}
    assert note.sources.schools_in_run == len(note.schools) and note.sources.risk_profile_schools > 0
    assert note.risk_factors and all(f.name and f.schools == f.high + f.medium for f in note.risk_factors)
    assert {i.label for i in note.indicators} >= {"Доля педагогов старше 60 лет"}
    assert [c.category for c in note.methodology.criteria] == [
        "low_results", "unfavourable_social", "risk_zone", "effective",
    ]  # fmt: skip
    assert "не менее 30\u00a0% участников" in note.methodology.criteria[0].text  # «%» never starts a line
    assert "приказов" not in note.methodology.name and "000" not in note.methodology.name
    words = " ".join(
        [*(c.text for c in note.methodology.criteria), *(p.parameters for p in note.methodology.parameters)]
    )
    assert not any(code in words for code in ENGLISH_CODES)


def test_the_regional_note_and_the_analysts_municipality(stack: Stack) -> None:
    region = _note(stack, "regional_analyst")
    assert region.territory.kind == "region" and region.run.covers == "territory"
    assert len(region.schools) == 60 and region.aggregates.rank is None
    assert sum(m.schools for m in region.aggregates.municipalities) == 60
    municipality = stack.territory["municipality"]["code"]
    analysts = _note(stack, "regional_analyst", territory=municipality)
    coordinators = _note(stack, "municipal_coordinator")
    assert analysts.model_dump() == coordinators.model_dump()


def test_who_may_ask_for_which_territory(stack: Stack) -> None:
    def status(username: str, **params: Any) -> tuple[int, str]:
        answer = stack.gateway.get(NOTE, params={"school_year": YEAR, **params}, headers=stack.auth(username))
        return answer.status_code, answer.json().get("code", "")

    region = stack.territory["region"]["code"]
    assert status("municipal_coordinator", territory=region) == (403, "out_of_scope")
    assert status("municipal_coordinator", territory=_other_municipality(stack)) == (403, "out_of_scope")
    assert status("school_staff") == (403, "out_of_scope")
    assert status("regional_analyst", territory="нет-такой") == (404, "unknown_territory")
    assert status("regional_analyst", school_year="2015-2016") == (404, "no_identification_run")
    assert status("regional_analyst", school_year="2023")[0] == 422
    assert stack.gateway.get(NOTE, params={"school_year": YEAR}).status_code == 401


def test_a_municipal_run_approved_later_states_the_list(stack: Stack) -> None:
    headers = stack.auth("municipal_coordinator")
    municipality = stack.territory["municipality"]["code"]
    computed = stack.gateway.post(RUNS, json={"school_year": YEAR, "territory_id": municipality}, headers=headers)
    assert computed.status_code == 201, computed.text
    before = _note(stack, "municipal_coordinator")
    assert before.run.approved and before.run.covers == "region"  # approved before computed, however recent
    approved = stack.gateway.post(
        f"{RUNS}/{computed.json()['id']}/approve",
        json={"order_number": "77-од", "order_date": "2024-09-20"},
        headers=headers,
    )
    assert approved.status_code == 200, approved.text
    after = _note(stack, "municipal_coordinator")
    assert after.run.covers == "territory" and after.run.order_number == "77-од"
    assert after.run.order_date == date(2024, 9, 20)


def test_without_an_approved_run_the_latest_computation_is_labelled() -> None:
    def run(id_: int, status: str, kind: str, code: str) -> IdentificationRun:
        return IdentificationRun(
            id=id_, school_year=YEAR, territory_kind=kind, territory_code=code, territory_label="", methodology_id=1,
            methodology_label="", rules={}, summary={}, status=status, created_by="", created_by_name="",
            created_at=datetime(2024, 9, id_),
        )  # fmt: skip

    def choose(*runs: IdentificationRun, kind: str = "municipality") -> int | None:
        chosen = pick_run(sorted(runs, key=lambda r: r.created_at, reverse=True), kind)
        return chosen.id if chosen else None

    regional, own_computed, own_approved, later_regional = (
        run(1, "approved", "region", "99"),
        run(2, "computed", "municipality", "99-01"),
        run(3, "approved", "municipality", "99-01"),
        run(4, "approved", "region", "99"),
    )
    assert choose(regional, own_computed) == 1
    assert choose(regional, own_approved, later_regional) == 3
    assert choose(regional, later_regional) == 4
    assert choose(own_computed, run(5, "computed", "region", "99")) == 2
    assert choose(run(6, "computed", "region", "99"), run(7, "computed", "region", "99"), kind="region") == 7
    assert choose(run(8, "computed", "all", ""), run(9, "approved", "all", ""), kind="region") == 9
    assert choose() is None


def test_the_migration_renames_the_shipped_methodology_in_existing_databases(tmp_path: Path) -> None:
    from alembic import command

    from services.identification.methodology.repository import DEFAULT_NAME

    old = "Методика по умолчанию: критерии приказов 000–004 и показатели Рособрнадзора"
    with fresh_database("identification", tmp_path) as url:
        config = Config(topology.BY_NAME["identification"].migrations)
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
        command.upgrade(config, "093d3ba81344")
        engine = sa.create_engine(url)
        tables = sa.MetaData()
        tables.reflect(engine, only=["methodology", "identification_run"])
        methodology, run = tables.tables["methodology"], tables.tables["identification_run"]
        now = datetime(2024, 9, 1)
        with engine.begin() as connection:
            connection.execute(
                methodology.insert().values(
                    id=1, family="default", version=1, name=old, description="Создайте копию.",
                    rules={}, frozen=True, created_by="system", created_by_name="Опора", created_at=now, updated_at=now,
                )
            )  # fmt: skip
            connection.execute(
                run.insert().values(
                    id=1, school_year=YEAR, territory_kind="region", territory_code="99", territory_label="Область",
                    methodology_id=1, methodology_label=f"{old}, версия 1", rules={}, summary={}, schools_count=0,
                    status="approved", created_by="a", created_by_name="a", created_at=now, duration_ms=0,
                )
            )  # fmt: skip
        command.upgrade(config, "head")
        with engine.connect() as connection:
            name, description = connection.execute(sa.select(methodology.c.name, methodology.c.description)).one()
            label = connection.execute(sa.select(run.c.methodology_label)).scalar_one()
        assert name == DEFAULT_NAME and "копию" not in description and label == f"{DEFAULT_NAME}, версия 1"
        command.downgrade(config, "093d3ba81344")
        with engine.connect() as connection:
            assert connection.execute(sa.select(methodology.c.name)).scalar_one() == old
        engine.dispose()
