"""The notification job: one notice per user, occurrence and kind; reading; mail over a real SMTP socket."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from sqlmodel import Session, col, select

from services.roadmap import cli
from services.roadmap.deadlines.job import register_notifications, run_once
from services.roadmap.deadlines.models import Notification
from services.roadmap.settings import RoadmapSettings
from services.shared.db import make_engine
from services.shared.jobs import make_queue, start_consumer
from tests.conftest import Stack
from tests.roadmap.plan_rows import add_activity, add_party, add_plan, roadmap_session
from tests.roadmap.test_deadlines import user_subject
from tests.stack import free_port
from tests.support import serving, wait_until

URL = "/api/roadmap/me/notifications"


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Enough SMTP for smtplib: greeting, EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    server: _SmtpServer

    def _say(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self._say("220 test ESMTP")
        while line := self.rfile.readline():
            verb = line.decode(errors="replace").strip().split(" ")[0].upper()
            if verb == "EHLO":
                self._say("250-test")
                self._say("250 8BITMIME")
            elif verb == "DATA":
                self._say("354 end with .")
                self._data()
                self._say("250 queued")
            elif verb == "QUIT":
                self._say("221 bye")
                return
            else:
                self._say("250 ok")

    def _data(self) -> None:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        self.server.messages.append(message_from_bytes(b"".join(lines), policy=policy.default))


class _SmtpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _SmtpHandler)
        self.messages: list[EmailMessage] = []


@pytest.fixture
def smtp() -> Iterator[_SmtpServer]:
    with serving(_SmtpServer()) as server:
        yield server


@pytest.fixture(scope="module")
def scene(stack: Stack) -> dict[str, Any]:
    today = date.today()
    t = stack.territory
    region, municipality, school = t["region"]["code"], t["municipality"]["code"], t["school"]["code"]
    staff, curator = user_subject(stack, "school_staff"), user_subject(stack, "curator")
    with roadmap_session(stack.settings) as session:
        staff_party = add_party(session, "Иванова Мария Александровна", user_subject=staff, email="ivanova@school.ru")
        curator_party = add_party(session, "Волков А.Н.", user_subject=curator, email="volkov@example.ru")
        body = add_party(session, "Управление образования")
        plan = add_plan(session, title="Программа перехода", region=region, municipality=municipality, school=school)
        add_activity(session, plan, "Педсовет по итогам ВПР", [today + timedelta(days=3)], responsible=[staff_party])
        add_activity(session, plan, "Отчёт о мониторинге", [today - timedelta(days=2)], responsible=[staff_party, body])
        add_activity(session, plan, "Семинар наставников", [today + timedelta(days=10)], responsible=[curator_party])
        add_activity(session, plan, "Не скоро", [today + timedelta(days=60)], responsible=[staff_party])
        add_activity(session, plan, "Сделано", [today + timedelta(days=1)], responsible=[staff_party], status="done")
    return {"today": today, "staff": staff, "curator": curator}


def _settings(stack: Stack, **changes: Any) -> RoadmapSettings:
    return stack.settings.model_copy(update=changes)


def _run(stack: Stack, **changes: Any) -> dict[str, int]:
    engine = make_engine(stack.settings.database_url("roadmap"))
    try:
        return run_once(engine, _settings(stack, **changes))
    finally:
        engine.dispose()


def _notifications(stack: Stack, username: str, **params: Any) -> dict[str, Any]:
    answer = stack.gateway.get(URL, params=params, headers=stack.auth(username))
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _stored(stack: Stack) -> list[Notification]:
    engine = make_engine(stack.settings.database_url("roadmap"))
    try:
        with Session(engine) as session:
            return list(session.exec(select(Notification).order_by(col(Notification.id))).all())
    finally:
        engine.dispose()


def test_job_makes_each_notice_once(stack: Stack, scene: dict[str, Any]) -> None:
    first = _run(stack)
    assert first == {"created": 3, "mailed": 0, "mail_failed": 0}
    assert _run(stack)["created"] == 0, "a second run adds nothing"
    staff = _notifications(stack, "school_staff")
    assert staff["total"] == 2
    kinds = {item["title"]: (item["kind"], item["kind_label"]) for item in staff["items"]}
    assert kinds == {
        "Отчёт о мониторинге": ("overdue", "Срок прошёл"),
        "Педсовет по итогам ВПР": ("due_soon", "Приближается срок"),
    }
    assert [i["title"] for i in _notifications(stack, "curator")["items"]] == ["Семинар наставников"]
    assert _notifications(stack, "municipal_coordinator")["total"] == 0


def test_read_and_unread(stack: Stack, scene: dict[str, Any]) -> None:
    _run(stack)
    unread = _notifications(stack, "school_staff", unread="true")["items"]
    target = unread[0]
    foreign = stack.gateway.post(f"{URL}/{target['id']}/read", headers=stack.auth("curator"))
    assert foreign.status_code == 404 and foreign.json()["code"] == "notification_not_found"
    read = stack.gateway.post(f"{URL}/{target['id']}/read", headers=stack.auth("school_staff"))
    assert read.status_code == 200 and read.json()["read_at"] is not None
    again = stack.gateway.post(f"{URL}/{target['id']}/read", headers=stack.auth("school_staff"))
    assert again.json()["read_at"] == read.json()["read_at"], "reading twice keeps the first time"
    assert target["id"] not in [i["id"] for i in _notifications(stack, "school_staff", unread="true")["items"]]
    assert [i["id"] for i in _notifications(stack, "school_staff", unread="false")["items"]] == [target["id"]]
    missing = stack.gateway.post(f"{URL}/999999/read", headers=stack.auth("school_staff"))
    assert missing.status_code == 404


def test_mail_waits_for_a_reachable_server_then_goes_out_once(
    stack: Stack, scene: dict[str, Any], smtp: _SmtpServer
) -> None:
    _run(stack)
    down = _run(stack, smtp_host="127.0.0.1", smtp_port=free_port(), smtp_timeout_seconds=2)
    assert down == {"created": 0, "mailed": 0, "mail_failed": 2}
    assert all(n.mailed_at is None for n in _stored(stack)), "kept for the next run"

    sent = _run(stack, smtp_host="127.0.0.1", smtp_port=smtp.server_address[1], smtp_from="opora@test.ru")
    assert sent == {"created": 0, "mailed": 2, "mail_failed": 0}
    assert all(n.mailed_at is not None for n in _stored(stack))
    letters = {str(m["To"]): m for m in smtp.messages}
    assert set(letters) == {"ivanova@school.ru", "volkov@example.ru"}
    staff = letters["ivanova@school.ru"]
    assert str(staff["Subject"]) == "Опора: сроки мероприятий (2), просрочено: 1"
    assert str(staff["From"]) == "opora@test.ru"
    text = staff.get_content()
    assert "Здравствуйте, Иванова Мария Александровна!" in text
    assert "Срок прошёл:" in text and "Отчёт о мониторинге" in text
    assert "Приближается срок:" in text and "Педсовет по итогам ВПР" in text
    assert "«Программа перехода»" in text

    assert _run(stack, smtp_host="127.0.0.1", smtp_port=smtp.server_address[1])["mailed"] == 0
    assert len(smtp.messages) == 2, "one letter per user, never twice"


def test_cli_runs_the_job_once(stack: Stack, scene: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "get_settings", lambda: stack.settings)
    assert cli.main(["notify", "--today", scene["today"].isoformat()]) == 0


def test_the_queue_runs_the_job_as_the_worker_does(stack: Stack, scene: dict[str, Any]) -> None:
    t = stack.territory
    with roadmap_session(stack.settings) as session:
        party = add_party(session, "Новый ответственный", user_subject=scene["curator"])
        plan = add_plan(session, title="Ещё план", region=t["region"]["code"], school=t["school"]["code"])
        activity = add_activity(session, plan, "Срочное", [date.today() + timedelta(days=1)], responsible=[party])
    settings = _settings(stack, queue_name=f"{stack.settings.queue_name}-notify", notify_every_minutes=5)
    queue = make_queue(settings)
    engine = make_engine(settings.database_url("roadmap"))
    task = register_notifications(queue, lambda: engine, settings)
    validate = queue._registry._periodic_tasks[0]().validate_datetime
    assert validate(datetime(2026, 1, 1, 10, 5)) and not validate(datetime(2026, 1, 1, 10, 7))
    consumer = start_consumer(queue, workers=1)
    try:
        task()
        wait_until(lambda: any(n.activity_id == activity for n in _stored(stack)), step=0.2)
    finally:
        consumer.stop(graceful=True)
        queue.flush()
        engine.dispose()
    assert any(n.activity_id == activity for n in _stored(stack))


def test_runs_at_the_same_time_send_each_letter_once(stack: Stack, scene: dict[str, Any], smtp: _SmtpServer) -> None:
    t = stack.territory
    with roadmap_session(stack.settings) as session:
        party = add_party(session, "Орлова Е.В.", user_subject=scene["staff"], email="orlova@school.ru")
        plan = add_plan(session, title="План на двоих", region=t["region"]["code"], school=t["school"]["code"])
        add_activity(session, plan, "Сверка списков", [date.today() + timedelta(days=2)], responsible=[party])
    changes = {"smtp_host": "127.0.0.1", "smtp_port": smtp.server_address[1]}
    results: list[dict[str, int]] = []
    runs = [threading.Thread(target=lambda: results.append(_run(stack, **changes))) for _ in range(3)]
    for run in runs:
        run.start()
    for run in runs:
        run.join()
    assert sorted(r["created"] for r in results) == [0, 0, 1], "one run makes the notice, the others wait"
    recipients = [str(m["To"]) for m in smtp.messages]
    assert sum(r["mailed"] for r in results) == len(recipients) == len(set(recipients)), "one letter each, not per run"
    assert "ivanova@school.ru" in recipients
