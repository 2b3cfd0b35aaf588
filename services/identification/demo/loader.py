"""Loading the generated demo region into the identification database.

The registry goes in through bulk inserts (a benchmark region has 40,000 schools); every indicator frame then
goes through the import pipeline (`ImportService.import_frame`), as a system principal, once per kind: a kind
whose table already holds rows is left alone, so a second load changes nothing and corrections survive a
restart. The frames are also written as CSV files under `<data_dir>/demo/` for users to try uploading.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import func, insert
from sqlmodel import Session, select

from services.identification.demo.generator import DemoRegion, demo_territory, generate, write_csv
from services.identification.imports.kinds import KINDS, KindGroup
from services.identification.imports.service import ImportService
from services.identification.registry.models import (
    Municipality,
    Region,
    School,
    SchoolAlias,
    Settlement,
    normalize_name,
)
from services.identification.runs.models import IdentificationRun
from services.identification.runs.schemas import Approval, RunCreate
from services.identification.runs.service import RunService
from services.identification.settings import IdentificationSettings
from services.shared.db import make_engine
from services.shared.security import Principal, Role, Scope, ScopeKind

DEMO_SOURCE = "Демонстрационные данные"
SYSTEM = Principal(
    subject="system:demo",
    username="system",
    name="Загрузка демонстрационных данных",
    role=Role.admin,
    scope=Scope(kind=ScopeKind.all),
)


def _split(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    return [part for part in str(value).split("|") if part]


def _ids(session: Session, model: Any) -> dict[str, int]:
    return {code: id_ for code, id_ in session.exec(select(model.code, model.id)).all()}


def load_registry(session: Session, demo: DemoRegion) -> None:
    """Insert region, municipalities, settlements, schools and aliases of a freshly generated region."""
    region = Region(code=demo.region["code"], name=demo.region["name"])
    session.add(region)
    session.flush()
    municipalities = demo.municipalities.assign(region_id=region.id)
    session.execute(insert(Municipality), municipalities[["code", "region_id", "name", "kind"]].to_dict("records"))
    municipality_ids = _ids(session, Municipality)
    settlements = demo.settlements.assign(municipality_id=demo.settlements["municipality_code"].map(municipality_ids))
    columns = ["code", "municipality_id", "name", "kind", "rural", "hard_to_reach", "unemployment_share"]
    session.execute(insert(Settlement), settlements[columns].to_dict("records"))
    settlement_ids = _ids(session, Settlement)
    schools = demo.schools.assign(
        municipality_id=demo.schools["municipality_code"].map(municipality_ids),
        settlement_id=demo.schools["settlement_code"].map(settlement_ids),
        roles=demo.schools["roles"].map(_split),
    )
    columns = ["school_code", "municipality_id", "settlement_id", "full_name", "short_name", "legal_form", "kind"]
    columns += ["rural", "small", "roles", "pupils", "teachers"]
    rows = schools[columns].astype(object).where(schools[columns].notna(), None).to_dict("records")
    session.execute(insert(School), rows)
    school_ids = dict(session.exec(select(School.school_code, School.id)).all())
    aliases = [
        {"school_id": school_ids[code], "alias": alias, "normalized": normalize_name(alias)}
        for code, value in zip(demo.schools["school_code"], demo.schools["aliases"], strict=True)
        for alias in dict.fromkeys(_split(value))
    ]
    if aliases:
        session.execute(insert(SchoolAlias), aliases)


def load_indicators(session: Session, demo: DemoRegion) -> dict[str, str]:
    """Import every indicator frame whose table is still empty; the status of each kind."""
    service = ImportService(session, SYSTEM)
    statuses: dict[str, str] = {}
    for name, frame in demo.frames().items():
        spec = KINDS[name]
        if spec.group != KindGroup.indicators:
            continue
        if session.execute(select(func.count()).select_from(spec.model)).scalar_one():
            statuses[name] = "kept"
            continue
        statuses[name] = service.import_frame(name, frame, source=DEMO_SOURCE).status
    return statuses


# The demo's history: each year identified by the regional analyst and approved by an order, so the school
# cards, the dashboard and the roadmaps have an agreed list to start from.
DEMO_ORDERS = {
    "2021-2022": ("118-од", date(2021, 9, 6)),
    "2022-2023": ("245-од", date(2022, 9, 5)),
    "2023-2024": ("301-од", date(2023, 9, 4)),
}
DEMO_ANALYST = Principal(
    subject="system:demo",
    username="regional_analyst",
    name="Кузнецова Ольга Викторовна",
    role=Role.regional_analyst,
    scope=Scope(kind=ScopeKind.all),
)


def load_demo_runs(session: Session, region_code: str) -> int:
    """Identify and approve every demo year once (nothing happens when runs exist); the number of runs made."""
    if session.exec(select(IdentificationRun.id)).first() is not None:
        return 0
    service = RunService(session, DEMO_ANALYST)
    for school_year, (number, order_date) in DEMO_ORDERS.items():
        run = service.create(RunCreate(school_year=school_year, territory_id=region_code))
        service.approve(run.id or 0, Approval(order_number=number, order_date=order_date))
    return len(DEMO_ORDERS)


def load_demo_region(settings: IdentificationSettings, schools: int, seed: int) -> dict[str, Any]:
    """Generate the region, load its registry unless one is loaded, and return what demo users need."""
    demo = generate(seed=seed, schools=schools)
    engine = make_engine(settings.database_url("identification"))
    with Session(engine) as session:
        if session.exec(select(Region).where(Region.code == demo.region["code"])).first() is None:
            load_registry(session, demo)
            session.commit()
        load_indicators(session, demo)
        session.commit()
        load_demo_runs(session, demo.region["code"])
        session.commit()
    engine.dispose()
    out_dir = settings.data_dir / "demo"
    write_csv(demo, out_dir)
    territory = demo_territory(demo)
    (out_dir / "territory.json").write_text(json.dumps(territory, ensure_ascii=False, indent=2), encoding="utf-8")
    return territory
