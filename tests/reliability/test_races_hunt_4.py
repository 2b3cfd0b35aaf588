"""Races hunted down in a fourth round with real concurrent clients against the real processes (see
test_races.py): each scenario failed before its fix. Outcomes are asserted, never timing.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import col

from services.gateway.auth.models import AuthSession
from services.identification.db import AuditEvent as IdentificationAuditEvent
from services.reports.archive.models import Report
from services.reports.db import AuditEvent as ReportsAuditEvent
from services.shared import topology
from services.shared.pauses import PAUSE_DIR
from tests.reliability.clients import at_once, database_rows, json_of, login, no_server_errors, request
from tests.reliability.test_races import ROUNDS, _me, _plan
from tests.stack import ROOT, RunningStack, running_stack, stack_environment, stack_ports
from tests.support import wait_until, web

pytestmark = pytest.mark.e2e

AT_ONCE = 4
API = "/api/identification"


def _codes(answers: list[Any]) -> list[tuple[int, str | None]]:
    """Each answer's status and, for an error, its machine code; sorted, for comparing outcomes."""
    return sorted((a.status_code, a.json().get("code") if a.status_code >= 400 else None) for a in answers)


@contextmanager
def _new_installation(admins: int) -> Iterator[tuple[RunningStack, list[dict[str, str]]]]:
    """The processes over new, empty databases (migrated by `serve`, as on a new installation) with its first
    administrator (`services.gateway.cli create-admin`), signed in `admins` times."""
    with ExitStack() as exit_stack:
        tmp = Path(exit_stack.enter_context(tempfile.TemporaryDirectory(prefix="opora-new-")))
        ports = stack_ports()
        stack = RunningStack(stack_environment(exit_stack, tmp, ports), ports, tmp)
        try:
            stack.start(*(process.name for process in topology.ALL))
            (tmp / "password").write_text("first-admin-password\n", encoding="utf-8")
            command = [sys.executable, "-m", "services.gateway.cli", "create-admin", "--username", "first",
                       "--full-name", "Первый администратор", "--password-file", str(tmp / "password")]  # fmt: skip
            subprocess.run(command, env=stack.env, cwd=ROOT, check=True, capture_output=True)
            headers = []
            for _ in range(admins):
                answer = web.post(f"{stack.url()}/api/auth/token",
                                  data={"username": "first", "password": "first-admin-password"})  # fmt: skip
                headers.append({"Authorization": f"Bearer {json_of(answer)['access_token']}"})
            yield stack, headers
        finally:
            stack.stop_all()


def test_the_methodologies_read_first_by_several_users_at_once() -> None:
    """The shipped methodology is there from the installation: the first readers of the methodologies, at once
    on a new installation, each get the list with the one shipped version — never a 503 because it was being
    created by a GET whose reading transaction another reader's creation had outdated (SQLite)."""
    with _new_installation(AT_ONCE * 2) as (fresh, admins):
        lists = [request("GET", f"{API}/methodologies", headers=headers) for headers in admins[:AT_ONCE]]
        active = [request("GET", f"{API}/methodologies/active", params={"school_year": "2024-2025"},
                          headers=headers) for headers in admins[AT_ONCE:]]  # fmt: skip
        answers = at_once(fresh, lists + active)
        no_server_errors(answers)
        shipped = [[m["id"] for m in json_of(a) if m["family"] == "default"] for a in answers[:AT_ONCE]]
        assert len({tuple(ids) for ids in shipped}) == 1 and len(shipped[0]) == 1, shipped
        assert {json_of(a)["id"] for a in answers[AT_ONCE:]} == set(shipped[0])


def test_logouts_while_an_administrator_ends_the_same_sessions(live: RunningStack) -> None:
    """A session ends once, with the reason of whoever ended it first: a logout at once with an administrator's
    revocation either comes first (the revocation then finds no open session, 404 `session_not_found`) or finds
    the session ended and leaves it — never a revocation answered 204 whose reason the logout overwrote."""
    admin = login(live, "admin")
    user_id = json_of(web.get(f"{live.url()}/api/auth/me", headers=login(live, "observer")))["id"]
    for _ in range(ROUNDS):
        signed_in = [login(live, "observer") for _ in range(AT_ONCE)]
        sessions = [s["id"] for s in json_of(web.get(f"{live.url()}/api/admin/users/{user_id}/sessions",
                                                     headers=admin))][:AT_ONCE]  # fmt: skip
        revoke = f"/api/admin/users/{user_id}/sessions/{{}}/revoke"
        calls = [request("POST", "/api/auth/logout", headers=headers) for headers in signed_in]
        calls += [request("POST", revoke.format(session_id), headers=admin) for session_id in sessions]
        answers = at_once(live, calls)
        no_server_errors(answers)
        _first_ending_kept(live, sessions, answers[AT_ONCE:], "logout")


def _campaign(live: RunningStack, headers: dict[str, str], name: str) -> tuple[int, int, list[str]]:
    """A campaign over one school with one new teacher, and the criteria of the card's first competence."""
    school = json_of(web.get(f"{live.url()}{API}/schools", params={"per_page": 1}, headers=headers))["items"][0]
    card = json_of(web.get(f"{live.url()}{API}/competence/cards", headers=headers))[0]
    body = {"school_code": school["school_code"], "full_name": name}
    teacher = json_of(web.post(f"{live.url()}{API}/competence/teachers", json=body, headers=headers))
    body = {"card_id": card["id"], "title": f"Входная: {name}", "stage": "entry", "held_on": "2024-10-01",
            "school_year": "2024-2025", "school_codes": [school["school_code"]]}  # fmt: skip
    campaign = json_of(web.post(f"{live.url()}{API}/competence/campaigns", json=body, headers=headers))
    criteria = [c["code"] for c in card["definition"]["competences"][0]["criteria"]]
    return campaign["id"], teacher["id"], criteria


def _audited(live: RunningStack, *records: tuple[str, int]) -> list[tuple[int, str, str]]:
    """The identification audit events of these (entity, id) records: (event id, entity, action)."""
    model = IdentificationAuditEvent
    which = sa.or_(*(sa.and_(col(model.entity) == e, col(model.entity_id) == str(i)) for e, i in records))
    statement = sa.select(col(model.id), col(model.entity), col(model.action)).where(which).order_by(col(model.id))
    return [tuple(row) for row in database_rows(live, "IDENTIFICATION", statement)]


def test_one_score_file_imported_several_times_at_once(live: RunningStack) -> None:
    """A form's export sent again while the first upload still runs (a double click, a retry) is written again,
    as a second upload after the first would be: every upload answers 200 and the scores are there once — never
    a 409 `scores_busy` telling the user to retry what has just succeeded."""
    analyst = login(live, "regional_analyst")
    for round_ in range(ROUNDS):
        name = f"Белова Анна {round_}"
        campaign, teacher, criteria = _campaign(live, analyst, name)
        rows = [f"ФИО педагога;Оценщик;{';'.join(criteria)}", f"{name};Самооценка;{';'.join('2' * len(criteria))}"]
        files = {"file": ("form.csv", "\n".join(rows).encode("utf-8-sig"), "text/csv")}
        url = f"{API}/competence/campaigns/{campaign}/scores/import"
        answers = at_once(live, [request("POST", url, files=files, headers=analyst) for _ in range(AT_ONCE)])
        no_server_errors(answers)
        assert _codes(answers) == [(200, None)] * AT_ONCE, [a.text for a in answers]
        query = "SELECT count(*) FROM competence_score WHERE campaign_id = :c AND teacher_id = :t"
        stored = database_rows(live, "IDENTIFICATION", sa.text(query).bindparams(c=campaign, t=teacher))
        assert stored == [(len(criteria),)], stored


def test_scores_entered_while_the_teacher_is_removed(live: RunningStack) -> None:
    """A score sheet and the teacher's removal at once, as in one order or the other: scored and then removed
    (both succeed, the scores recorded first), or removed and the sheet finds no teacher (404
    `teacher_not_found`, nothing stored) — never scores written to a teacher already removed."""
    analyst = login(live, "regional_analyst")
    for round_ in range(ROUNDS * 2):
        campaign, teacher, criteria = _campaign(live, analyst, f"Орлов Пётр {round_}")
        sheet = {"teacher_id": teacher, "rater": "self", "scores": dict.fromkeys(criteria, 2)}
        scores, removal = at_once(
            live,
            [request("PUT", f"{API}/competence/campaigns/{campaign}/scores", json=sheet, headers=analyst),
             request("DELETE", f"{API}/competence/teachers/{teacher}", headers=analyst | {"If-Match": "*"})],
        )  # fmt: skip
        no_server_errors([scores, removal])
        assert removal.status_code == 204, removal.text
        actions = [(entity, action) for _, entity, action in
                   _audited(live, ("diagnostic_campaign", campaign), ("teacher", teacher))]  # fmt: skip
        if scores.status_code == 200:
            expected = [("teacher", "create"), ("diagnostic_campaign", "create"), ("diagnostic_campaign", "score"),
                        ("teacher", "remove")]  # fmt: skip
            assert actions == expected, actions
        else:
            assert (scores.status_code, scores.json()["code"]) == (404, "teacher_not_found"), scores.text
            assert ("diagnostic_campaign", "score") not in actions, actions


def test_a_draft_deleted_while_a_run_applies_it(live: RunningStack) -> None:
    """A run and the deletion of the draft version it applies, at once, as in one order or the other: the run
    first (it freezes the version, whose deletion is then refused, 409 `methodology_frozen`), or the deletion
    first and the run finds no version (404 `methodology_not_found`) — never a 409 asking to compute again what
    can no longer be computed."""
    analyst = login(live, "regional_analyst")
    year = json_of(web.get(f"{live.url()}{API}/school-years", headers=analyst))["latest"]
    methodologies = json_of(web.get(f"{live.url()}{API}/methodologies", headers=analyst))
    default = next(m for m in methodologies if m["family"] == "default")
    for round_ in range(ROUNDS * 2):
        copy = f"{live.url()}{API}/methodologies/{default['id']}/copy"
        draft = json_of(web.post(copy, json={"name": f"Удаляемая при расчёте {round_}"}, headers=analyst))
        run, delete = at_once(
            live,
            [request("POST", f"{API}/runs", json={"school_year": year, "methodology_id": draft["id"]},
                     headers=analyst),
             request("DELETE", f"{API}/methodologies/{draft['id']}", headers=analyst | {"If-Match": "*"})],
        )  # fmt: skip
        no_server_errors([run, delete])
        if run.status_code == 201:
            assert (delete.status_code, delete.json()["code"]) == (409, "methodology_frozen"), delete.text
        else:
            assert delete.status_code == 204, delete.text
            assert (run.status_code, run.json()["code"]) == (404, "methodology_not_found"), run.text


def _state(pid: int) -> str:
    """The process's state letter in /proc (`T`: stopped at a pause point)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return "gone"


def test_a_worker_killed_as_it_finishes_a_render_leaves_it_done_and_audited_or_neither(tmp_path: Path) -> None:
    """A report is done together with its audit record («render»): a worker killed right after it stored the
    render's outcome leaves the report either done and audited or not done (then failed once its lease lapses)
    and not audited — never a report in the archive whose rendering the audit trail does not show."""
    pauses = tmp_path / "pauses"
    pauses.mkdir()
    with running_stack(extra_env={PAUSE_DIR: str(pauses)}) as stack:
        school_staff = login(stack, "school_staff")
        plan = _plan(stack, school_staff, _me(stack, school_staff)["scope"]["schools"][0])
        body = {"report_type": "plan", "format": "html", "parameters": {"plan_id": plan["id"]}, "background": True}
        (pauses / "report_done_written").touch()
        report = json_of(web.post(f"{stack.url()}/api/reports/render", json=body, headers=school_staff))
        worker = stack.processes["worker"]
        assert wait_until(lambda: _state(worker.pid) == "T"), "the worker never paused"
        stack.stop("worker", kill=True)
        stack.start("worker")
        status = database_rows(stack, "REPORTS", sa.select(col(Report.status)).where(col(Report.id) == report["id"]))
        model = ReportsAuditEvent
        audited = database_rows(stack, "REPORTS", sa.select(col(model.action)).where(
            col(model.entity) == "report", col(model.entity_id) == str(report["id"])))  # fmt: skip
        assert (status[0][0] == "done") == (audited == [("render",)]), (status, audited)


def test_a_score_file_imported_while_its_teacher_is_removed(live: RunningStack) -> None:
    """As for one sheet: a file and the removal of a teacher it names, at once, go in one order or the other —
    imported and then removed (the import recorded first), or removed and the file refused for the row of a
    teacher no longer in the registry (422 `rows_invalid`, nothing stored) — never scores of a removed teacher."""
    analyst = login(live, "regional_analyst")
    for round_ in range(ROUNDS * 2):
        name = f"Сорокина Вера {round_}"
        campaign, teacher, criteria = _campaign(live, analyst, name)
        rows = [f"ФИО педагога;Оценщик;{';'.join(criteria)}", f"{name};Самооценка;{';'.join('2' * len(criteria))}"]
        files = {"file": ("form.csv", "\n".join(rows).encode("utf-8-sig"), "text/csv")}
        imported, removal = at_once(
            live,
            [request("POST", f"{API}/competence/campaigns/{campaign}/scores/import", files=files, headers=analyst),
             request("DELETE", f"{API}/competence/teachers/{teacher}", headers=analyst | {"If-Match": "*"})],
        )  # fmt: skip
        no_server_errors([imported, removal])
        assert removal.status_code == 204, removal.text
        actions = [(entity, action) for _, entity, action in
                   _audited(live, ("diagnostic_campaign", campaign), ("teacher", teacher))]  # fmt: skip
        if imported.status_code == 200:
            assert actions[2:] == [("diagnostic_campaign", "import_scores"), ("teacher", "remove")], actions
        else:
            assert (imported.status_code, imported.json()["code"]) == (422, "rows_invalid"), imported.text
            assert ("diagnostic_campaign", "import_scores") not in actions, actions


def test_spent_refresh_tokens_replayed_while_an_administrator_ends_the_same_sessions(live: RunningStack) -> None:
    """A spent refresh token coming back ends its session (`refresh_token_reuse`); at once with an
    administrator's revocation the session ends once, with the reason of whoever ended it first — never a
    revocation answered 204 whose reason the replay then overwrote."""
    admin = login(live, "admin")
    user_id = json_of(web.get(f"{live.url()}/api/auth/me", headers=login(live, "curator")))["id"]
    for _ in range(ROUNDS):
        spent = []
        for _ in range(AT_ONCE):
            first = json_of(web.post(f"{live.url()}/api/auth/token", data={"username": "curator", "password": "demo"}))
            json_of(web.post(f"{live.url()}/api/auth/refresh", json={"refresh_token": first["refresh_token"]}))
            spent.append(first["refresh_token"])
        sessions = [s["id"] for s in json_of(web.get(f"{live.url()}/api/admin/users/{user_id}/sessions",
                                                     headers=admin))][:AT_ONCE]  # fmt: skip
        revoke = f"/api/admin/users/{user_id}/sessions/{{}}/revoke"
        calls = [request("POST", "/api/auth/refresh", json={"refresh_token": token}) for token in spent]
        calls += [request("POST", revoke.format(session_id), headers=admin) for session_id in sessions]
        answers = at_once(live, calls)
        no_server_errors(answers)
        assert all(a.status_code == 401 for a in answers[:AT_ONCE]), [a.text for a in answers[:AT_ONCE]]
        _first_ending_kept(live, sessions, answers[AT_ONCE:], "refresh_token_reuse")


def _first_ending_kept(live: RunningStack, sessions: list[str], revocations: list[Any], other: str) -> None:
    """Each session ended once, with the reason of whoever came first: an administrator's revocation that
    answered 204 keeps `revoked_by_admin`; one that came second found it ended (404) with the `other` reason."""
    statement = sa.select(col(AuthSession.id), col(AuthSession.revoked_reason)).where(col(AuthSession.id).in_(sessions))
    reasons = dict(database_rows(live, "GATEWAY", statement))
    for session_id, answer in zip(sessions, revocations, strict=True):
        if answer.status_code == 204:
            assert reasons[session_id] == "revoked_by_admin", reasons
        else:
            assert (answer.status_code, answer.json()["code"]) == (404, "session_not_found"), answer.text
            assert reasons[session_id] == other, reasons
