"""Replicas in real processes: two instances of every service against the same databases, queue and object
store. A file made or uploaded through one instance is read through the other; migrations started at once
all succeed; a worker killed mid-render leaves a cleanly failed job; notification runs started at once send
each letter once; every process answers `/metrics`."""

from __future__ import annotations

import hashlib
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from services.roadmap.settings import RoadmapSettings
from services.shared import topology
from tests.forkserver import spawn
from tests.production.cluster import Cluster, cluster
from tests.roadmap.plan_rows import add_activity, add_party, add_plan, roadmap_session
from tests.roadmap.test_notifications import _SmtpServer
from tests.stack import ROOT
from tests.support import PATIENCE_SECONDS, fresh_database, web

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def replicas() -> Iterator[Cluster]:
    with cluster() as running:
        yield running


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _plan(replicas: Cluster, token: str) -> dict[str, Any]:
    school = web.get(f"{replicas.a.url()}/api/auth/me", headers=_auth(token), timeout=30).json()["scope"]["schools"][0]
    body = {
        "kind": "anti_risk_programme",
        "title": "Антирисковая программа «Низкая учебная мотивация»",
        "school_code": school,
        "school_year": "2024-2025",
        "sections": [
            {
                "title": "Мотивация",
                "activities": [{"number": "1", "title": "Анкетирование обучающихся", "deadline_text": "Октябрь"}],
            }
        ],
    }
    created = web.post(f"{replicas.a.url('roadmap')}/api/roadmap/plans", json=body, headers=_auth(token), timeout=60)
    assert created.status_code == 201, created.text
    plan: dict[str, Any] = created.json()
    return plan


def _report(base: str, token: str, report_id: int) -> dict[str, Any]:
    """The archive entry once it has left «running» (polled: never a timed assertion)."""
    while True:
        answer = web.get(f"{base}/api/reports/reports/{report_id}", headers=_auth(token), timeout=60)
        assert answer.status_code == 200, answer.text
        report: dict[str, Any] = answer.json()
        if report["status"] != "running":
            return report
        time.sleep(0.2)


def test_a_report_rendered_through_one_replica_downloads_through_the_other(replicas: Cluster) -> None:
    token = replicas.token("school_staff")
    plan = _plan(replicas, token)
    body = {"report_type": "plan", "format": "docx", "parameters": {"plan_id": plan["id"]}, "background": True}
    queued = web.post(f"{replicas.b.url('reports')}/api/reports/render", json=body, headers=_auth(token), timeout=60)
    assert queued.status_code == 202, queued.text
    report = _report(replicas.b.url("reports"), token, queued.json()["id"])
    assert report["status"] == "done", report
    file = web.get(f"{replicas.a.url('reports')}{report['download']}", headers=_auth(token), timeout=60)
    assert file.status_code == 200, file.text
    assert hashlib.sha256(file.content).hexdigest() == report["checksum"] == file.headers["X-Checksum-SHA256"]
    assert f"reports/{report['checksum'][:2]}/{report['checksum']}" in replicas.s3_keys()
    assert not list(Path(replicas.a.log_dir, "reports").glob("**/*")), "nothing on the replica's own disk"


def test_evidence_uploaded_through_one_replica_downloads_through_the_other(replicas: Cluster) -> None:
    token = replicas.token("school_staff")
    plan = _plan(replicas, token)
    activity = plan["sections"][0]["activities"][0]["id"]
    content = b"%PDF-1.4\n" + os.urandom(2048)
    uploaded = web.post(
        f"{replicas.a.url('roadmap')}/api/roadmap/activities/{activity}/evidence",
        data={"title": "Протокол"},
        files={"file": ("протокол.pdf", content, "application/pdf")},
        headers=_auth(token),
        timeout=60,
    )
    assert uploaded.status_code == 201, uploaded.text
    url = f"{replicas.b.url('roadmap')}/api/roadmap/evidence/{uploaded.json()['id']}/file"
    downloaded = web.get(url, headers=_auth(token), timeout=60)
    assert downloaded.status_code == 200 and downloaded.content == content
    assert downloaded.headers["content-disposition"].endswith("%D0%BF%D1%80%D0%BE%D1%82%D0%BE%D0%BA%D0%BE%D0%BB.pdf")
    assert f"evidence/{hashlib.sha256(content).hexdigest()[:2]}/{hashlib.sha256(content).hexdigest()}" in (
        replicas.s3_keys()
    )


def test_three_migrations_at_once_on_a_fresh_database_all_succeed(replicas: Cluster, tmp_path: Path) -> None:
    with ExitStack() as exit_stack:
        env = dict(replicas.env)
        for process in topology.ALL:
            if process.has_database:
                url = exit_stack.enter_context(fresh_database(process.name, tmp_path))
                env[f"OPORA_{process.name.upper()}_DATABASE_URL"] = url
        logs = [tmp_path / f"migrate-{n}.log" for n in range(3)]
        runs = [spawn(["migrate"], env, ROOT, log) for log in logs]
        codes = [run.wait(PATIENCE_SECONDS) for run in runs]
        assert codes == [0, 0, 0], [log.read_text(errors="replace") for log in logs]
        engine = sa.create_engine(env["OPORA_ROADMAP_DATABASE_URL"])
        with engine.connect() as connection:
            assert len(connection.execute(sa.text("SELECT version_num FROM alembic_version")).all()) == 1
        engine.dispose()


def test_a_worker_killed_mid_render_leaves_a_failed_job_and_the_next_one_runs(replicas: Cluster) -> None:
    token = replicas.token("regional_analyst")
    identification = [stack.processes["identification"] for stack in (replicas.a, replicas.b)]
    for process in identification:  # the render will hang on its first read of identification data
        process.send_signal(signal.SIGSTOP)
    try:
        body = {"report_type": "identification_note", "format": "xlsx", "parameters": {"school_year": "2023-2024"}}
        queued = web.post(
            f"{replicas.a.url('reports')}/api/reports/render",
            json=body | {"background": True},
            headers=_auth(token),
            timeout=60,
        )
        assert queued.status_code == 202, queued.text
        report_url = f"{replicas.a.url('reports')}/api/reports/reports/{queued.json()['id']}"
        while web.get(report_url, headers=_auth(token), timeout=60).json()["started_at"] is None:
            time.sleep(0.2)
        replicas.a.stop("worker", kill=True)
    finally:
        for process in identification:
            process.send_signal(signal.SIGCONT)
    failed = _report(replicas.a.url("reports"), token, queued.json()["id"])
    assert failed["status"] == "failed" and failed["error_code"] == "job_interrupted", failed
    assert "Закажите отчёт ещё раз" in failed["error_detail"]
    download = web.get(f"{report_url}/file", headers=_auth(token), timeout=60)
    assert download.status_code == 409 and download.json()["code"] == "job_interrupted"

    replicas.a.start("worker")
    again = web.post(
        f"{replicas.b.url('reports')}/api/reports/render",
        json=body | {"background": True},
        headers=_auth(token),
        timeout=60,
    )
    assert _report(replicas.b.url("reports"), token, again.json()["id"])["status"] == "done"


def test_a_job_queued_while_the_worker_is_down_survives_a_restart_of_the_web_process(replicas: Cluster) -> None:
    token = replicas.token("school_staff")
    plan = _plan(replicas, token)
    replicas.a.stop("worker")
    body = {"report_type": "plan", "format": "xlsx", "parameters": {"plan_id": plan["id"]}, "background": True}
    queued = web.post(f"{replicas.a.url('reports')}/api/reports/render", json=body, headers=_auth(token), timeout=60)
    assert queued.status_code == 202 and queued.json()["started_at"] is None, queued.text
    replicas.a.stop("reports")
    replicas.a.start("reports")
    replicas.a.start("worker")
    report = _report(replicas.a.url("reports"), token, queued.json()["id"])
    assert report["status"] == "done", report


def test_notification_runs_in_two_processes_at_once_send_each_letter_once(replicas: Cluster) -> None:
    token = replicas.token("school_staff")
    me = web.get(f"{replicas.a.url()}/api/auth/me", headers=_auth(token), timeout=30).json()
    settings = RoadmapSettings(_env_file=None, roadmap_database_url=replicas.env["OPORA_ROADMAP_DATABASE_URL"])
    with roadmap_session(settings) as session:
        party = add_party(session, "Иванова М.А.", user_subject=f"user:{me['id']}", email="ivanova@school.ru")
        other = add_party(session, "Петров П.П.", user_subject="user:999999", email="petrov@school.ru")
        plan = add_plan(session, title="План с ближайшими сроками", region="99", school=me["scope"]["schools"][0])
        add_activity(session, plan, "Сверка", [date.today() + timedelta(days=2)], responsible=[party, other])
        add_activity(session, plan, "Отчёт", [date.today() - timedelta(days=1)], responsible=[party])
    smtp = _SmtpServer()
    thread = threading.Thread(target=smtp.serve_forever, daemon=True)
    thread.start()
    try:
        env = replicas.env | {
            "OPORA_SMTP_HOST": "127.0.0.1",
            "OPORA_SMTP_PORT": str(smtp.server_address[1]),
            "OPORA_PUBLIC_URL": "https://opora.example.org",
        }
        logs = [replicas.a.log_dir / f"notify-{n}.log" for n in range(2)]
        runs = [spawn(["notify"], env, ROOT, log, module="services.roadmap.cli") for log in logs]
        codes = [run.wait(PATIENCE_SECONDS) for run in runs]
        outputs = [log.read_text(errors="replace") for log in logs]
        assert codes == [0, 0], outputs
    finally:
        smtp.shutdown()
        smtp.server_close()
    recipients = sorted(str(message["To"]) for message in smtp.messages)
    assert recipients == ["ivanova@school.ru", "petrov@school.ru"], (recipients, outputs)
    text = smtp.messages[0].get_body(("plain",))
    assert text is not None and "Все сроки: https://opora.example.org/" in text.get_content(), "never an inside address"


def test_every_process_answers_metrics(replicas: Cluster) -> None:
    for process in topology.ALL:
        answer = web.get(f"{replicas.a.url(process.name)}/metrics", timeout=30)
        assert answer.status_code == 200 and "opora_http_requests_total" in answer.text, process.name
    worker = web.get(f"{replicas.a.url('worker')}/metrics", timeout=30).text
    assert "opora_queue_depth" in worker and "opora_jobs_total" in worker


def test_a_logged_out_token_is_refused_by_every_service_directly(replicas: Cluster) -> None:
    login = web.post(
        f"{replicas.a.url()}/api/auth/token", data={"username": "observer", "password": "demo"}, timeout=30
    ).json()
    headers = _auth(login["access_token"])
    reads = {
        "identification": "/api/identification/schools",
        "roadmap": "/api/roadmap/me/deadlines",
        "reports": "/api/reports/reports",
    }
    targets = [f"{stack.url(name)}{path}" for stack in (replicas.a, replicas.b) for name, path in reads.items()]
    for url in targets:
        assert web.get(url, headers=headers, timeout=60).status_code == 200, url
    assert web.post(f"{replicas.b.url()}/api/auth/logout", headers=headers, timeout=30).status_code == 204
    for url in targets:  # each service learns it from the gateway's list within its poll interval
        while (answer := web.get(url, headers=headers, timeout=60)).status_code == 200:
            time.sleep(0.2)
        assert answer.status_code == 401 and answer.json()["code"] == "session_revoked", (url, answer.text)
