"""The territory filter and the one-object predicate decide alike, on the real database of the leg."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from services.shared.scoping import authorities, covers, school_codes, territory_code, territory_filter
from services.shared.security import Scope, ScopeKind
from tests.support import fresh_database

PLACES = [  # (region, municipality, school) of rows: schools, municipal rows, regional rows, the country's
    ("01", "01-01", "s1"),
    ("01", "01-01", "s2"),
    ("01", "01-02", "s3"),
    ("02", "02-01", "s4"),
    ("01", "01-01", None),
    ("01", None, None),
    ("02", None, None),
    (None, None, None),
]
SCOPES = [
    Scope(kind=ScopeKind.all),
    Scope(kind=ScopeKind.region, region="01"),
    Scope(kind=ScopeKind.region, region="03"),
    Scope(kind=ScopeKind.municipality, region="01", municipality="01-01"),
    Scope(kind=ScopeKind.schools, region="01", municipality="01-01", schools=["s1", "s3"]),
    Scope(kind=ScopeKind.schools, schools=[]),
]


def test_the_sql_filter_and_the_predicate_agree_on_every_row(tmp_path: Path) -> None:
    metadata = sa.MetaData()
    table = sa.Table(
        "placed",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("region", sa.String(10)),
        sa.Column("municipality", sa.String(10)),
        sa.Column("school", sa.String(10)),
    )
    with fresh_database("scoping", tmp_path) as url:
        engine = sa.create_engine(url)
        metadata.create_all(engine)
        with engine.begin() as connection:
            connection.execute(
                table.insert(),
                [{"id": i, "region": r, "municipality": m, "school": s} for i, (r, m, s) in enumerate(PLACES)],
            )
            for scope in SCOPES:
                condition = territory_filter(
                    scope, region=table.c.region, municipality=table.c.municipality, school=table.c.school
                )
                found = set(connection.execute(sa.select(table.c.id).where(condition)).scalars())
                expected = {i for i, place in enumerate(PLACES) if covers(scope, *place)}
                assert found == expected, scope
            # A table without the scope kind's column shows it nothing; a condition may stand for a column.
            only_regions = Scope(kind=ScopeKind.municipality, municipality="01-01")
            assert not connection.execute(
                sa.select(table.c.id).where(territory_filter(only_regions, region=table.c.region))
            ).all()
            by_condition = territory_filter(SCOPES[4], school=lambda codes: table.c.school.in_([*codes, "s4"]))
            assert set(connection.execute(sa.select(table.c.id).where(by_condition)).scalars()) == {0, 2, 3}
        engine.dispose()


def test_the_territories_a_scope_stands_for() -> None:
    municipal, school = SCOPES[3], SCOPES[4]
    assert [territory_code(s) for s in SCOPES] == [None, "01", "03", "01-01", None, None]
    assert authorities(municipal) == ["01-01", "01"] and authorities(school) == ["01-01", "01"]
    assert authorities(SCOPES[0]) == [] and authorities(SCOPES[1]) == ["01"]
    assert school_codes(school) == ["s1", "s3"] and school_codes(municipal) is None and school_codes(SCOPES[5]) == []
