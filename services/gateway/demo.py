"""Demo users, one per role, scoped to the generated demo region (demo mode only)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from services.gateway.identity.models import User
from services.gateway.identity.passwords import passwords_for
from services.gateway.identity.repository import UserRepository
from services.gateway.settings import GatewaySettings
from services.shared.db import make_engine
from services.shared.security import Role, ScopeKind


def demo_user_specs(territory: dict[str, Any]) -> list[dict[str, Any]]:
    region, municipality = territory["region"], territory["municipality"]
    school, curated = territory["school"], territory["curated_schools"]
    curated_label = f"{len(curated)} школ: " + ", ".join(s["name"] for s in curated[:3])
    return [
        dict(username="admin", full_name="Смирнов Игорь Петрович", role=Role.admin, scope_kind=ScopeKind.all,
             territory_label="Все территории"),
        dict(username="regional_analyst", full_name="Кузнецова Ольга Викторовна", role=Role.regional_analyst,
             scope_kind=ScopeKind.region, region_code=region["code"], territory_label=region["name"]),
        dict(username="municipal_coordinator", full_name="Петрова Анна Сергеевна",
             role=Role.municipal_coordinator, scope_kind=ScopeKind.municipality, region_code=region["code"],
             municipality_code=municipality["code"], territory_label=municipality["name"]),
        dict(username="curator", full_name="Волков Андрей Николаевич", role=Role.curator,
             scope_kind=ScopeKind.schools, region_code=region["code"], municipality_code=municipality["code"],
             school_codes=[s["code"] for s in curated], territory_label=curated_label),
        dict(username="school_staff", full_name="Иванова Мария Александровна", role=Role.school_staff,
             scope_kind=ScopeKind.schools, region_code=region["code"], municipality_code=municipality["code"],
             school_codes=[school["code"]], territory_label=school["name"]),
        dict(username="observer", full_name="Соколов Дмитрий Олегович", role=Role.observer,
             scope_kind=ScopeKind.region, region_code=region["code"], territory_label=region["name"]),
    ]  # fmt: skip


def create_demo_users(settings: GatewaySettings, territory: dict[str, Any]) -> list[str]:
    """Create the demo users that do not exist yet; answer the usernames created."""
    if settings.is_production:
        raise RuntimeError("demo users are never created in production mode")
    engine = make_engine(settings.database_url("gateway"))
    created = []
    password_hash = passwords_for(settings).hash(settings.demo_password)
    with Session(engine) as session:
        users = UserRepository(session)
        for spec in demo_user_specs(territory):
            if users.by_username(spec["username"]) is None:
                users.add(User(**spec, password_hash=password_hash))
                created.append(spec["username"])
        session.commit()
    engine.dispose()
    return created
