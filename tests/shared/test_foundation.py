"""Settings in production mode, key rotation, and the error shape of unexpected failures."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import jwt
import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from services.gateway.auth.keys import KeyStore, generate_key
from services.gateway.settings import GatewaySettings
from services.identification.settings import IdentificationSettings
from services.reports.settings import ReportsSettings
from services.roadmap.settings import RoadmapSettings
from services.shared.app import create_service_app
from services.shared.errors import CONCURRENT_WRITE_DETAIL, InvalidValue
from services.shared.school_year import SCHOOL_YEAR_MESSAGE, SchoolYear
from services.shared.security import TokenVerifier
from services.shared.settings import CommonSettings, ProductionConfigError
from services.worker.settings import WorkerSettings
from tests.support import POSTGRES_URL, fresh_database


def test_production_refuses_demo_secrets_generated_keys_and_sqlite(tmp_path: Path) -> None:
    settings = GatewaySettings(_env_file=None, env="production", data_dir=tmp_path)
    with pytest.raises(ProductionConfigError) as refused:
        settings.check_production()
    message = str(refused.value)
    assert "OPORA_JWT_PRIVATE_KEY_FILE" in message
    assert "OPORA_DEMO_PASSWORD" in message
    assert "OPORA_GATEWAY_DATABASE_URL" in message
    ready = GatewaySettings(
        _env_file=None,
        env="production",
        data_dir=tmp_path,
        jwt_private_key_file=generate_key(tmp_path / "k"),
        demo_password="not-the-demo-one",
        gateway_database_url="postgresql+psycopg://opora@db/opora_gateway",
    )
    ready.check_production()
    GatewaySettings(_env_file=None, env="demo", data_dir=tmp_path).check_production()


def test_each_process_reads_its_own_settings_beside_the_common_ones() -> None:
    common = set(CommonSettings.model_fields)
    own = {
        settings: set(settings.model_fields) - common
        for settings in (GatewaySettings, IdentificationSettings, RoadmapSettings, ReportsSettings)
    }
    assert own[IdentificationSettings] == {"identification_database_url", "demo_seed", "demo_schools"}
    assert {"smtp_host", "public_url", "deadline_soon_days"} <= own[RoadmapSettings]
    assert {"reports_office_host", "reports_sync_seconds"} <= own[ReportsSettings]
    assert {"jwt_keys_dir", "login_window_seconds", "demo_password"} <= own[GatewaySettings]
    assert all(a.isdisjoint(b) for a in own.values() for b in own.values() if a is not b), "each field once"
    assert set(WorkerSettings.model_fields) == common | own[RoadmapSettings] | own[ReportsSettings]
    assert {"jwks_url", "queue_url", "storage", "otel_exporter_otlp_endpoint"} <= common


def test_production_checks_what_each_process_needs(tmp_path: Path) -> None:
    postgres = "postgresql+psycopg://opora@db/opora_{}"
    IdentificationSettings(
        _env_file=None, env="production", identification_database_url=postgres.format("identification")
    ).check_production()  # neither signing keys nor the demo password nor a queue are its business
    with pytest.raises(ProductionConfigError) as refused:
        WorkerSettings(_env_file=None, env="production", data_dir=tmp_path).check_production()
    message = str(refused.value)
    assert "OPORA_QUEUE_URL" in message
    assert "OPORA_ROADMAP_DATABASE_URL" in message and "OPORA_REPORTS_DATABASE_URL" in message
    assert "OPORA_DEMO_PASSWORD" not in message and "OPORA_JWT_KEYS_DIR" not in message
    with pytest.raises(ProductionConfigError, match="OPORA_QUEUE_URL"):
        ReportsSettings(
            _env_file=None, env="production", reports_database_url=postgres.format("reports")
        ).check_production()
    RoadmapSettings(
        _env_file=None, env="production", roadmap_database_url=postgres.format("roadmap")
    ).check_production()


def test_rotation_publishes_both_keys_and_signs_with_the_newest(tmp_path: Path) -> None:
    settings = GatewaySettings(_env_file=None, data_dir=tmp_path)
    first = KeyStore.from_settings(settings)
    assert len(first.keys) == 1, "a key is generated on first start"
    assert KeyStore.from_settings(settings).active.kid == first.active.kid, "and kept on the next"
    old_token = jwt.encode({"a": 1}, first.active.private_key, "ES256", {"kid": first.active.kid})
    generate_key(tmp_path / "keys")
    rotated = KeyStore.from_settings(settings)
    assert len(rotated.jwks()["keys"]) == 2
    assert rotated.active.kid != first.active.kid
    keyset = jwt.PyJWKSet.from_dict(rotated.jwks())
    assert jwt.decode(old_token, keyset[first.active.kid].key, algorithms=["ES256"]) == {"a": 1}
    assert all(path.stat().st_mode & 0o077 == 0 for path in (tmp_path / "keys").glob("*.pem")), "owner-only"


def test_an_unexpected_error_is_a_json_500_without_internals(tmp_path: Path) -> None:
    router = APIRouter()

    @router.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internals")

    settings = GatewaySettings(_env_file=None, data_dir=tmp_path, log_json=False)
    keys = KeyStore.from_settings(settings)
    app = create_service_app("roadmap", "t", [router], settings, TokenVerifier(settings, jwks=keys.jwks()))
    with TestClient(app, raise_server_exceptions=False) as client:
        answer = client.get("/api/roadmap/boom")
        assert answer.status_code == 500
        assert answer.json() == {
            "code": "internal_error",
            "detail": "Внутренняя ошибка сервиса; запрос не выполнен",
            "fields": [],
        }
        assert "secret" not in answer.text
        assert client.get("/api/roadmap/missing").json()["code"] == "not_found"
        assert client.get("/api/roadmap/health").json() == {"status": "ok", "service": "roadmap"}


def test_an_invalid_value_and_a_bad_school_year_answer_in_the_validation_shape(tmp_path: Path) -> None:
    router = APIRouter()

    @router.get("/period")
    def period(school_year: SchoolYear, start: int = 0) -> dict[str, str]:
        if start < 0:
            raise InvalidValue("Начало периода позже его окончания", code="invalid_period", loc=["query", "start"])
        return {"school_year": school_year}

    settings = GatewaySettings(_env_file=None, data_dir=tmp_path, log_json=False)
    keys = KeyStore.from_settings(settings)
    app = create_service_app("roadmap", "t", [router], settings, TokenVerifier(settings, jwks=keys.jwks()))
    with TestClient(app) as client:
        for written in ("2023-2024", "2023/2024", "2023–24", " 2023 — 2024 "):
            assert client.get("/api/roadmap/period", params={"school_year": written}).json() == {
                "school_year": "2023-2024"
            }
        bad = client.get("/api/roadmap/period", params={"school_year": "2023/2025"})
        assert (bad.status_code, bad.json()["code"]) == (422, "validation_error")
        assert bad.json()["fields"] == [
            {"loc": ["query", "school_year"], "code": "invalid_school_year", "detail": SCHOOL_YEAR_MESSAGE}
        ]
        invalid = client.get("/api/roadmap/period", params={"school_year": "2023-2024", "start": -1})
        assert invalid.status_code == 422
        assert invalid.json() == {
            "code": "invalid_period",
            "detail": "Начало периода позже его окончания",
            "fields": [
                {"loc": ["query", "start"], "code": "invalid_period", "detail": "Начало периода позже его окончания"}
            ],
        }


def test_a_write_the_database_refuses_that_no_endpoint_mapped_is_a_409(tmp_path: Path) -> None:
    """The safety net: a unique key violated by a concurrent writer (here: the same key twice, in a real
    SQLite file) is a 409 with the request's transaction rolled back, not a 500."""
    engine = create_engine(f"sqlite:///{tmp_path / 'keys.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE taken (name TEXT PRIMARY KEY, note TEXT)"))
    router = APIRouter()

    @router.post("/taken/{name}")
    def take(name: str) -> dict[str, str]:
        with engine.begin() as connection:  # both rows in one transaction: the second refuses, the first goes
            connection.execute(text("INSERT INTO taken VALUES (:name || '-note', 'x')"), {"name": name})
            connection.execute(text("INSERT INTO taken VALUES (:name, 'x')"), {"name": name})
        return {"name": name}

    settings = GatewaySettings(_env_file=None, data_dir=tmp_path, log_json=False)
    keys = KeyStore.from_settings(settings)
    app = create_service_app("roadmap", "t", [router], settings, TokenVerifier(settings, jwks=keys.jwks()))
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.post("/api/roadmap/taken/a").status_code == 200
        again = client.post("/api/roadmap/taken/a")
        assert again.status_code == 409
        assert again.json() == {"code": "concurrent_write", "detail": CONCURRENT_WRITE_DETAIL, "fields": []}
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM taken")).scalar_one() == 2


def test_a_transaction_the_database_aborted_is_409_and_an_unreachable_one_503(tmp_path: Path) -> None:
    """PostgreSQL (the PostgreSQL leg): a REPEATABLE READ transaction that updates a row another transaction
    changed after its snapshot fails with a serialization failure, a 409 `concurrent_write` with Retry-After.
    Any leg: a database that cannot be reached is a 503 `database_unavailable`, not a 500."""
    router = APIRouter()
    unreachable = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none", connect_args={"connect_timeout": 2})

    @router.get("/unreachable")
    def read_unreachable() -> None:
        with unreachable.connect() as connection:
            connection.execute(text("SELECT 1"))

    with ExitStack() as stack:
        if POSTGRES_URL:
            url = stack.enter_context(fresh_database("gateway", tmp_path))
            engine = create_engine(url)
            stack.callback(engine.dispose)
            with engine.begin() as connection:
                connection.execute(text("CREATE TABLE counter (id int PRIMARY KEY, n int)"))
                connection.execute(text("INSERT INTO counter VALUES (1, 0)"))

            @router.post("/lost")
            def lose_to_a_concurrent_write() -> None:
                mine = engine.connect().execution_options(isolation_level="REPEATABLE READ")
                with mine, mine.begin():
                    mine.execute(text("SELECT n FROM counter WHERE id = 1"))  # the snapshot is taken
                    with engine.begin() as theirs:
                        theirs.execute(text("UPDATE counter SET n = n + 1 WHERE id = 1"))
                    mine.execute(text("UPDATE counter SET n = n + 10 WHERE id = 1"))

        settings = GatewaySettings(_env_file=None, data_dir=tmp_path, log_json=False)
        keys = KeyStore.from_settings(settings)
        app = create_service_app("roadmap", "t", [router], settings, TokenVerifier(settings, jwks=keys.jwks()))
        with TestClient(app, raise_server_exceptions=False) as client:
            down = client.get("/api/roadmap/unreachable")
            assert (down.status_code, down.json()["code"]) == (503, "database_unavailable")
            if POSTGRES_URL:
                lost = client.post("/api/roadmap/lost")
                assert (lost.status_code, lost.json()["code"]) == (409, "concurrent_write")
                assert lost.headers["retry-after"] == "1"
                with engine.connect() as connection:  # their write stands, the aborted one left nothing
                    assert connection.execute(text("SELECT n FROM counter")).scalar_one() == 1
