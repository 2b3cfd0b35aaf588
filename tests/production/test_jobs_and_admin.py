"""Job credentials from the gateway, jobs whose worker vanished, the first administrator, key rotation."""

from __future__ import annotations

import logging
import os
import subprocess
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest
from sqlmodel import Session

from services.gateway.auth.keys import KeyStore, generate_key
from services.gateway.cli import create_admin, retired_keys
from services.gateway.identity.passwords import passwords_for
from services.gateway.identity.repository import UserRepository
from services.reports.archive.models import Report
from services.shared.audit import utcnow
from services.shared.db import make_engine
from services.shared.logs import current_request_id
from tests.conftest import Stack
from tests.forkserver import run
from tests.stack import ROOT
from tests.support import CHEAP_ARGON2_ENVIRONMENT, PATIENCE_SECONDS, fresh_database, make_settings, migrate


def test_a_job_credential_carries_the_caller_and_ends_with_the_session(stack: Stack) -> None:
    login = stack.login("municipal_coordinator")
    headers = {"Authorization": f"Bearer {login['access_token']}"}
    answer = stack.gateway.post("/api/auth/job-token", headers=headers)
    assert answer.status_code == 200, answer.text
    job = answer.json()
    assert job["expires_in"] == stack.settings.job_token_ttl_seconds and "refresh_token" not in job
    claims = jwt.decode(job["access_token"], options={"verify_signature": False})
    user = jwt.decode(login["access_token"], options={"verify_signature": False})
    assert claims["job"] is True and claims["sid"] == user["sid"] and claims["scope"] == user["scope"]
    assert claims["exp"] - claims["iat"] == stack.settings.job_token_ttl_seconds
    job_headers = {"Authorization": f"Bearer {job['access_token']}"}
    again = stack.gateway.post("/api/auth/job-token", headers=job_headers)
    assert again.status_code == 403 and again.json()["code"] == "job_token_exchange"
    assert stack.gateway.get("/api/roadmap/me/deadlines", headers=job_headers).status_code == 200
    assert stack.gateway.post("/api/auth/logout", headers=headers).status_code == 204
    assert stack.gateway.get("/api/auth/me", headers=job_headers).json()["code"] == "session_revoked"
    assert stack.gateway.post("/api/auth/job-token").status_code == 401


def _report(stack: Stack, **values: Any) -> int:
    engine = make_engine(stack.settings.database_url("reports"))
    subject = stack.gateway.get("/api/auth/me", headers=stack.auth("observer")).json()["id"]
    with Session(engine) as session:
        report = Report(
            report_type="identification_note",
            parameters={"school_year": "2023-2024"},
            format="docx",
            created_by=f"user:{subject}",
            created_by_name="Соколов Д.О.",
            **values,
        )
        session.add(report)
        session.commit()
        report_id = report.id or 0
    engine.dispose()
    return report_id


def test_a_job_whose_worker_went_silent_or_that_no_worker_took_is_failed_not_running(stack: Stack) -> None:
    old = utcnow() - timedelta(hours=2)
    silent = _report(stack, started_at=old, heartbeat_at=old)
    untaken = _report(stack, created_at=old)
    alive = _report(stack, started_at=utcnow(), heartbeat_at=utcnow())
    listed = stack.gateway.get("/api/reports/reports", headers=stack.auth("observer")).json()["items"]
    assert {r["id"]: r["status"] for r in listed if r["id"] in (silent, untaken)} == {
        silent: "failed",
        untaken: "failed",
    }
    read = {
        r: stack.gateway.get(f"/api/reports/reports/{r}", headers=stack.auth("observer")).json()
        for r in (silent, untaken, alive)
    }
    assert (read[silent]["status"], read[silent]["error_code"]) == ("failed", "job_interrupted")
    assert (read[untaken]["status"], read[untaken]["error_code"]) == ("failed", "job_not_taken")
    assert read[alive]["status"] == "running"
    file = stack.gateway.get(f"/api/reports/reports/{silent}/file", headers=stack.auth("observer"))
    assert file.status_code == 409 and "Закажите отчёт ещё раз" in file.json()["detail"]


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m services.gateway.cli <args>` with `env` (forked: see tests/forkserver.py)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("OPORA_")} | env
    return run("services.gateway.cli", args, environment, ROOT, timeout=PATIENCE_SECONDS)


def test_create_admin_once_with_a_password_from_a_file(tmp_path: Path) -> None:
    with fresh_database("gateway", tmp_path) as url:
        migrate("gateway", url)
        env = {"OPORA_ENV": "production", "OPORA_GATEWAY_DATABASE_URL": url, "OPORA_DATA_DIR": str(tmp_path)}
        env |= CHEAP_ARGON2_ENVIRONMENT
        secret = tmp_path / "admin-password.txt"
        secret.write_text("Пароль-центра-2025\n", encoding="utf-8")
        args = ("create-admin", "--username", "root", "--full-name", "Иванов Иван Иванович")
        first = _cli(env, *args, "--password-file", str(secret))
        assert first.returncode == 0 and "создан" in first.stdout, first.stderr
        second = _cli(env, *args, "--password-file", str(secret))
        assert second.returncode == 0 and "уже есть" in second.stdout, second.stderr
        on_command_line = _cli(env, *args, "--password", "Пароль-центра-2025")
        assert on_command_line.returncode == 2, "a password is never a command-line argument"
        short = tmp_path / "short.txt"
        short.write_text("123\n", encoding="utf-8")
        assert _cli(
            env, "create-admin", "--username", "x", "--full-name", "X", "--password-file", str(short)
        ).returncode
        settings = make_settings(tmp_path, {"gateway": url})
        assert not create_admin(settings, "root", "Другой", "ещё-один-пароль")
        engine = make_engine(url)
        with Session(engine) as session:
            user = UserRepository(session).by_username("root")
            assert user is not None and user.role == "admin" and user.scope_kind == "all"
            assert user.password_hash.startswith("$argon2id$v=19$m=8,t=1,p=1$"), "the CLI hashes at the set cost"
            assert passwords_for(settings).verify("Пароль-центра-2025", user.password_hash)
        engine.dispose()


def test_rotation_in_a_keys_folder_keeps_old_keys_until_their_tokens_expire(tmp_path: Path) -> None:
    folder = tmp_path / "keys"
    env = {"OPORA_ENV": "production", "OPORA_JWT_KEYS_DIR": str(folder), "OPORA_DATA_DIR": str(tmp_path)}
    settings = make_settings(tmp_path, {}, env="production", jwt_keys_dir=folder)
    with pytest.raises(ValueError, match="no signing key"):
        KeyStore.from_settings(settings)  # production never generates a key on its own
    assert _cli(env, "rotate-key").returncode == 0
    assert _cli(env, "rotate-key").returncode == 0
    first, second = sorted(folder.glob("*.pem"))
    assert len(KeyStore.from_settings(settings).jwks()["keys"]) == 2, "the old key stays published"
    assert retired_keys(folder, settings, utcnow()) == []
    long_ago = time.time() - settings.job_token_ttl_seconds - 3600
    os.utime(second, (long_ago, long_ago))
    assert retired_keys(folder, settings, utcnow()) == [first]
    generate_key(folder)
    rotated = _cli(env, "rotate-key")
    assert rotated.returncode == 0 and first.name in rotated.stdout and not first.exists()
    single = _cli({**env, "OPORA_JWT_PRIVATE_KEY_FILE": str(second)}, "rotate-key")
    assert single.returncode == 1 and "OPORA_JWT_KEYS_DIR" in single.stderr


def test_a_render_job_carries_the_request_id_to_the_services_it_reads(stack: Stack) -> None:
    seen: list[str | None] = []

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if getattr(record, "fields", {}).get("path", "").startswith("/api/identification/"):
                seen.append(current_request_id())

    logger = logging.getLogger("opora.request")
    handler, level = Capture(logging.INFO), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        headers = stack.auth("regional_analyst") | {"X-Request-ID": "render-trace-1"}
        body = {"report_type": "identification_note", "parameters": {"school_year": "2023-2024"}, "background": True}
        queued = stack.gateway.post("/api/reports/render", json=body, headers=headers)
        assert queued.status_code == 202, queued.text
        while (report := stack.gateway.get(queued.headers["Location"], headers=headers).json())["status"] == "running":
            time.sleep(0.1)
        assert report["status"] == "done", report
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    assert "render-trace-1" in seen, seen
