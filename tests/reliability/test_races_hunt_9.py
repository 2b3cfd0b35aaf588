"""Races and bad input hunted down in a ninth round, in the identification imports and the gateway, with real
clients against the real processes (see test_races.py): a preview whose token named an import that landed while
the preview was being read (the confirmation then wrote past values the preview never showed), secrets rotated
twice at once, a refresh beside the deactivation of its user, and CSV files that are only a header, only a BOM,
a 1 MB line or formulas. Outcomes are asserted — who won, what is stored —, never timing.
"""

from __future__ import annotations

import os
import random
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlmodel import col

from services.gateway.db import AuditEvent as GatewayAuditEvent
from services.identification.imports.models import ImportBatch
from services.identification.indicators.models import SocialIndicator
from services.identification.registry.models import School
from services.shared.audit import utcnow
from services.shared.pauses import PAUSE_DIR
from tests.reliability.clients import at_once, audit_events, database_rows, json_of, login, no_server_errors, request
from tests.reliability.test_races_hunt_4 import _state
from tests.reliability.test_races_hunt_7 import CLIENTS, _new_client, _refused
from tests.stack import RunningStack, running_stack
from tests.support import wait_until, web

pytestmark = pytest.mark.e2e

SCHOOL = "9901003"
YEAR = "2023-2024"
SOCIAL = "/api/identification/imports/social"
HEADER = "Код ОО;Учебный год;Количество обучающихся"


def _social_csv(pupils: int | str) -> bytes:
    return f"{HEADER}\n{SCHOOL};{YEAR};{pupils}\n".encode()


def _upload(url: str, headers: dict[str, str], content: bytes, **form: str) -> httpx.Response:
    return web.post(url, data=form, files={"file": ("social.csv", content, "text/csv")}, headers=headers)


def _stored_pupils(live: RunningStack) -> list[Any]:
    statement = (
        sa.select(col(SocialIndicator.pupils))
        .join(School, col(School.id) == col(SocialIndicator.school_id))
        .where(col(School.school_code) == SCHOOL, col(SocialIndicator.school_year) == YEAR)
    )
    return [row[0] for row in database_rows(live, "IDENTIFICATION", statement)]


def _batches(live: RunningStack) -> int:
    statement = sa.select(sa.func.count()).select_from(ImportBatch).where(col(ImportBatch.kind) == "social")
    return int(database_rows(live, "IDENTIFICATION", statement)[0][0])


# --- a preview's token names the data the preview read ---------------------------------------------------------


@pytest.fixture(scope="module")
def paused(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningStack, Path]]:
    pauses = tmp_path_factory.mktemp("pauses")
    with running_stack(extra_env={PAUSE_DIR: str(pauses)}) as stack:
        yield stack, pauses


def _another_replica_imports(live: RunningStack, pupils: int) -> None:
    """What another identification process's import of the kind commits: its batch and the value it wrote
    (written straight to the database: this process is stopped at its pause point meanwhile)."""
    engine = sa.create_engine(live.env["OPORA_IDENTIFICATION_DATABASE_URL"])
    try:
        with engine.begin() as connection:
            batch = {"kind": "social", "file_name": "другая-выгрузка.csv", "file_format": "csv", "checksum": "0" * 64,
                     "created_by": "user:2", "created_by_name": "Аналитик", "created_at": utcnow(),
                     "status": "applied", "rows_total": 1, "rows_valid": 1, "updated": 1, "errors": []}  # fmt: skip
            connection.execute(sa.insert(ImportBatch).values(**batch))
            school = sa.select(col(School.id)).where(col(School.school_code) == SCHOOL).scalar_subquery()
            connection.execute(
                sa.update(SocialIndicator)
                .where(col(SocialIndicator.school_id) == school, col(SocialIndicator.school_year) == YEAR)
                .values(pupils=pupils)
            )
    finally:
        engine.dispose()


def _preview_beside_an_import(live: RunningStack, pauses: Path, analyst: dict[str, str], pupils: int) -> Any:
    """A dry run stopped once it has read the data and built its preview; another import lands; it goes on."""
    answers: list[httpx.Response] = []
    (pauses / "import_preview_built").touch()
    sender = threading.Thread(
        target=lambda: answers.append(_upload(f"{live.url()}{SOCIAL}", analyst, _social_csv(pupils), dry_run="true"))
    )
    sender.start()
    process = live.processes["identification"]
    try:
        assert wait_until(lambda: _state(process.pid) == "T"), "the preview never paused"
        _another_replica_imports(live, pupils + 7)
    finally:
        os.kill(process.pid, signal.SIGCONT)
        sender.join()
    return json_of(answers[0])


def test_a_preview_read_while_another_import_lands_cannot_confirm_it(paused: tuple[RunningStack, Path]) -> None:
    """A preview reads the stored values, then names what it read by a token; an import of the kind landing in
    between (another process's) must leave the token naming the data before it, so the confirmation is refused,
    412 `preview_outdated`, and writes nothing. Before, the token was read after the preview, named that import,
    and the confirmation wrote the file over values its preview had never shown."""
    live, pauses = paused
    if live.env["OPORA_IDENTIFICATION_DATABASE_URL"].startswith("sqlite"):
        pytest.skip("on SQLite a request's transaction holds the write lock: no import lands during a preview")
    analyst = login(live, "regional_analyst")
    base = 300 + random.randrange(1000)
    json_of(_upload(f"{live.url()}{SOCIAL}", analyst, _social_csv(base)))
    preview = _preview_beside_an_import(live, pauses, analyst, base + 1)
    assert preview["status"] == "preview" and preview["preview_token"], preview
    assert _stored_pupils(live) == [base + 8]
    batches = _batches(live)
    confirmed = _upload(f"{live.url()}{SOCIAL}", analyst, _social_csv(base + 1), preview_token=preview["preview_token"])
    _refused(confirmed, 412, "preview_outdated")
    assert _stored_pupils(live) == [base + 8]
    assert _batches(live) == batches
    again = json_of(_upload(f"{live.url()}{SOCIAL}", analyst, _social_csv(base + 1), dry_run="true"))
    applied = _upload(f"{live.url()}{SOCIAL}", analyst, _social_csv(base + 1), preview_token=again["preview_token"])
    assert json_of(applied)["status"] == "applied"
    assert _stored_pupils(live) == [base + 1]


# --- imports and dry runs at once ------------------------------------------------------------------------------


def test_previews_and_confirmations_at_once_never_confirm_a_preview_another_import_outdated(
    live: RunningStack,
) -> None:
    """Two analysts preview different files of one school year, then both confirm at once with their tokens: one
    file is written, the other confirmation is 412 `preview_outdated` — never both written one over the other."""
    analyst = login(live, "regional_analyst")
    for _ in range(3):
        values = random.sample(range(100, 5000), 2)
        previews = [json_of(_upload(f"{live.url()}{SOCIAL}", analyst, _social_csv(v), dry_run="true")) for v in values]
        answers = at_once(
            live,
            [request("POST", SOCIAL, data={"preview_token": p["preview_token"]},
                     files={"file": ("social.csv", _social_csv(v), "text/csv")}, headers=analyst)
             for v, p in zip(values, previews, strict=True)],
        )  # fmt: skip
        no_server_errors(answers)
        if previews[0]["preview_token"] != previews[1]["preview_token"]:
            continue  # another test's import landed between the two previews
        statuses = sorted(a.status_code for a in answers)
        assert statuses == [200, 412], [a.text for a in answers]
        winner = next(v for v, a in zip(values, answers, strict=True) if a.status_code == 200)
        assert _stored_pupils(live) == [winner]


def test_a_dry_run_beside_real_imports_writes_nothing_of_its_own(live: RunningStack) -> None:
    """A dry run sent at once with real imports of other values: every answer is whole, the dry run's preview
    status with no batch, and the stored value is one of the real imports'."""
    analyst = login(live, "regional_analyst")
    dry, *real = random.sample(range(100, 5000), 4)
    calls = [
        request("POST", SOCIAL, data={"dry_run": "true"}, files={"file": ("d.csv", _social_csv(dry))}, headers=analyst)
    ]
    calls += [request("POST", SOCIAL, files={"file": ("r.csv", _social_csv(v))}, headers=analyst) for v in real]
    answers = at_once(live, calls)
    no_server_errors(answers)
    assert answers[0].json()["status"] == "preview" and answers[0].json()["batch_id"] is None
    assert all(a.json()["status"] == "applied" for a in answers[1:]), [a.text for a in answers]
    assert _stored_pupils(live)[0] in real


# --- CSV that is not quite a table -----------------------------------------------------------------------------


BAD_CSV = {
    "header_only": (HEADER + "\n").encode(),
    "header_without_newline": HEADER.encode(),
    "bom_only": b"\xef\xbb\xbf",
    "utf16_bom_only": b"\xff\xfe",
    "separators_only": b";;;\n;;;\n",
    "line_of_a_megabyte": f"{HEADER}\n{SCHOOL};{YEAR};{'9' * 1_000_000}\n".encode(),
    "undecodable": b"\x98" * 64,
    "utf16_odd_length": b"\xff\xfe" + HEADER.encode("utf-16-le") + b"\x00",
}
BAD_CODES = {"empty_file", "unreadable_file", "header_not_found"}


@pytest.mark.parametrize("dry_run", ["true", "false"])
def test_csv_that_is_no_table_is_422_and_stores_nothing(live: RunningStack, dry_run: str) -> None:
    analyst = login(live, "regional_analyst")
    before = (_batches(live), _stored_pupils(live))
    for name, content in BAD_CSV.items():
        answer = _upload(f"{live.url()}{SOCIAL}", analyst, content, dry_run=dry_run)
        assert answer.status_code == 422, (name, answer.status_code, answer.text[:300])
        body = answer.json()
        assert body["code"] in BAD_CODES, (name, body)
        assert any("а" <= letter <= "я" for letter in body["detail"].lower()), (name, body)
    assert (_batches(live), _stored_pupils(live)) == before


def test_a_bom_and_a_formula_in_an_import(live: RunningStack) -> None:
    """A UTF-8 BOM is read as nothing; a formula in a number cell is a row refused (422 `import_rejected`,
    nothing written), never evaluated or stored."""
    analyst = login(live, "regional_analyst")
    value = random.randrange(100, 5000)
    bom = _upload(f"{live.url()}{SOCIAL}", analyst, b"\xef\xbb\xbf" + _social_csv(value))
    assert json_of(bom)["rows_valid"] == 1
    assert _stored_pupils(live) == [value]
    before = _batches(live)
    for formula in ('=HYPERLINK("http://example.org";"1")', "=1+1", "+1+1", "@SUM(1)"):
        answer = _upload(f"{live.url()}{SOCIAL}", analyst, _social_csv(formula))
        _refused(answer, 422, "import_rejected")
    assert _batches(live) == before
    assert _stored_pupils(live) == [value]


# --- the gateway: secrets, refreshes, odd usernames ------------------------------------------------------------


def _from(test: int) -> dict[str, str]:
    """The address a test's failing sign-ins come from (the gateway believes `X-Forwarded-For` from loopback):
    its own, so their failures never add up to a 429 for the 127.0.0.1 every other test of the shared stack
    signs in from."""
    return {"X-Forwarded-For": f"198.18.9.{test}"}


def test_a_nul_in_a_username_or_client_id_is_the_plain_refusal_on_every_database(live: RunningStack) -> None:
    """A NUL character names no account: 400 `invalid_credentials` / 401 `invalid_client` as any unknown name.
    Before, PostgreSQL refused the lookup and the sign-in was 422 `invalid_value` there (400 on SQLite)."""
    url = f"{live.url()}/api/auth/token"
    answer = web.post(url, data={"username": "admin\x00", "password": "demo"}, headers=_from(1))
    assert (answer.status_code, answer.json()["code"]) == (400, "invalid_credentials"), answer.text
    form = {"grant_type": "client_credentials", "client_id": "dc-\x00", "client_secret": "секрет"}
    answer = web.post(url, data=form, headers=_from(1))
    assert (answer.status_code, answer.json()["code"]) == (401, "invalid_client"), answer.text


def _client_signs_in(live: RunningStack, client_id: str, secret: str) -> int:
    form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    return web.post(f"{live.url()}/api/auth/token", data=form, headers=_from(2)).status_code


def test_a_secret_rotated_twice_at_once_leaves_one_working_secret(live: RunningStack) -> None:
    """Two administrators rotate one client's secret at once: both are answered, the rotations take turns (two
    audit events), and exactly one of the two new secrets signs in — the other and the original are refused."""
    admin = login(live, "admin")
    for _ in range(3):
        client = _new_client(live, admin)
        url = f"{CLIENTS}/{client['id']}/secret"
        answers = at_once(live, [request("POST", url, headers=admin) for _ in range(2)])
        no_server_errors(answers)
        secrets = [json_of(a)["client_secret"] for a in answers]
        assert len(set(secrets)) == 2
        working = [s for s in secrets if _client_signs_in(live, client["client_id"], s) == 200]
        assert len(working) == 1, working
        assert _client_signs_in(live, client["client_id"], client["client_secret"]) == 401
        events = audit_events(live, "GATEWAY", GatewayAuditEvent, "api_client", client["client_id"])
        assert [e[0] for e in events].count("rotate_secret") == 2, events


def _new_user(live: RunningStack, admin: dict[str, str]) -> dict[str, Any]:
    username = f"analyst_{random.randrange(10**9)}"
    body = {"username": username, "password": "Опора-пароль-2026", "full_name": "Проверочный Аналитик",
            "role": "observer", "scope": {"kind": "region", "region": "99"}}  # fmt: skip
    created: dict[str, Any] = json_of(web.post(f"{live.url()}/api/admin/users", json=body, headers=admin))
    return created | {"password": body["password"]}


def test_a_refresh_beside_the_deactivation_of_its_user_leaves_no_working_token(live: RunningStack) -> None:
    """A user is switched off while their browser refreshes its tokens: whichever comes first, afterwards no
    token of theirs works (401) and their refresh token gives nothing."""
    admin = login(live, "admin")
    for _ in range(3):
        user = _new_user(live, admin)
        signed = json_of(web.post(f"{live.url()}/api/auth/token",
                                  data={"username": user["username"], "password": user["password"]}))  # fmt: skip
        refresh, deactivate = at_once(
            live,
            [request("POST", "/api/auth/refresh", json={"refresh_token": signed["refresh_token"]}),
             request("POST", f"/api/admin/users/{user['id']}/deactivate", headers=admin)],
        )  # fmt: skip
        no_server_errors([refresh, deactivate])
        assert deactivate.status_code == 200, deactivate.text
        tokens = [signed] + ([refresh.json()] if refresh.status_code == 200 else [])
        if refresh.status_code != 200:
            _refused(refresh, 401, "invalid_refresh_token")
        for pair in tokens:
            me = web.get(f"{live.url()}/api/auth/me", headers={"Authorization": f"Bearer {pair['access_token']}"})
            assert me.status_code == 401, me.text
            again = web.post(f"{live.url()}/api/auth/refresh", json={"refresh_token": pair["refresh_token"]})
            _refused(again, 401, "invalid_refresh_token")


ODD_USERNAMES = ["ａｄｍｉｎ", "admin\u200b", "admin ", "admin\x00", "\x00", "admin\n", "％", "admin' OR '1'='1"]


def test_odd_usernames_are_a_plain_refusal(live: RunningStack) -> None:
    """Spaces, zero-width and NUL characters, full-width letters or SQL around a real username sign nobody in:
    400 `invalid_credentials` (or `invalid_request`), or, once the failures from this address add up, 429
    `too_many_attempts` — each with a Russian detail."""
    for username in ODD_USERNAMES:
        form = {"username": username, "password": "demo"}
        answer = web.post(f"{live.url()}/api/auth/token", data=form, headers=_from(3))
        body = answer.json()
        refusals = {(400, "invalid_credentials"), (400, "invalid_request"), (429, "too_many_attempts")}
        assert (answer.status_code, body["code"]) in refusals, (username, answer.status_code, answer.text)
        assert any("а" <= letter <= "я" for letter in body["detail"].lower()), (username, body)
