"""Plans through HTTP: creation with parsed deadlines, scoping per role, revisions (ETag/If-Match), approval
and versions with their difference, per-school tracking and its roll-up, audit history."""

from __future__ import annotations

from typing import Any

from services.shared.school_year import SCHOOL_YEAR_MESSAGE
from tests.conftest import Stack

PLANS = "/api/roadmap/plans"
YEAR = "2024-2025"


def _school_plan(stack: Stack, username: str = "school_staff", **overrides: Any) -> Any:
    body = {
        "kind": "anti_risk_programme",
        "title": "Антирисковая программа по фактору «Низкая учебная мотивация обучающихся»",
        "school_code": stack.territory["school"]["code"],
        "school_year": YEAR,
        "risk_factor": 10,
        "sections": [
            {
                "title": "Диагностика",
                "planned_results": ["Выявлены причины низкой мотивации"],
                "activities": [
                    {
                        "number": "1.1",
                        "title": "Диагностика учебной мотивации",
                        "responsible": [{"name": "Бабкина Н.А."}],
                        "deadline_text": "Сентябрь",
                        "expected_result": "не менее 90% обучающихся прошли диагностику",
                        "final_document": "Справка",
                    },
                    {
                        "number": "1.2",
                        "title": "Мониторинг результатов",
                        "responsible": [{"name": "Заместитель директора по УВР"}],
                        "deadline_text": "в срок до 20 мая 2025 года",
                    },
                ],
            }
        ],
    }
    return stack.gateway.post(PLANS, json=body | overrides, headers=stack.auth(username))


def _municipal_schools(stack: Stack) -> list[str]:
    schools = stack.gateway.get(
        "/api/identification/schools",
        params={"municipality": stack.territory["municipality"]["code"], "per_page": 500},
        headers=stack.auth("admin"),
    ).json()["items"]
    return [s["school_code"] for s in schools]


def test_a_school_writes_its_programme_and_deadlines_are_parsed(stack: Stack) -> None:
    answer = _school_plan(stack)
    assert answer.status_code == 201, answer.text
    assert answer.headers["ETag"] == '"1"'
    plan = answer.json()
    assert plan["owner_kind"] == "school" and plan["municipality_code"] == stack.territory["municipality"]["code"]
    assert plan["period_start"] == "2024-09-01" and plan["period_end"] == "2025-08-31" and plan["can_edit"]
    first, second = plan["sections"][0]["activities"]
    assert first["deadline_text"] == "Сентябрь" and first["schedule"]["kind"] == "month"
    assert first["due_date"] == "2024-09-30"
    assert first["targets"] and first["targets"][0]["value"] == 90
    assert second["due_date"] == "2025-05-20"


def test_a_school_year_is_read_in_any_written_form_and_answered_canonically(stack: Stack) -> None:
    created = _school_plan(stack, school_year="2024/2025")
    assert created.status_code == 201 and created.json()["school_year"] == YEAR, created.text
    headers = stack.auth("school_staff")
    canonical = stack.gateway.get(PLANS, params={"school_year": YEAR, "per_page": 500}, headers=headers).json()
    assert created.json()["id"] in {p["id"] for p in canonical["items"]}
    for written in ("2024/2025", "2024–25", "2024 - 2025"):
        listed = stack.gateway.get(PLANS, params={"school_year": written, "per_page": 500}, headers=headers).json()
        assert listed["total"] == canonical["total"] and listed["items"] == canonical["items"], written
    for wrong in ("2024", "2024-2026", "год"):
        bad = stack.gateway.get(PLANS, params={"school_year": wrong}, headers=headers)
        assert bad.status_code == 422 and bad.json()["code"] == "validation_error", (wrong, bad.text)
        assert bad.json()["fields"] == [
            {"loc": ["query", "school_year"], "code": "invalid_school_year", "detail": SCHOOL_YEAR_MESSAGE}
        ]
    refused = _school_plan(stack, school_year="2024/2026")
    assert refused.status_code == 422 and refused.json()["fields"][0]["loc"] == ["body", "school_year"]
    parsed = stack.gateway.post(
        "/api/roadmap/schedules/parse", json={"text": "Сентябрь", "school_year": "2024–25"}, headers=headers
    )
    assert parsed.json()["occurrences"][0]["due"] == "2024-09-30", parsed.text


def test_plan_kinds_are_served_once_and_every_plan_names_its_kind(stack: Stack) -> None:
    kinds = stack.gateway.get("/api/roadmap/plan-kinds", headers=stack.auth("observer")).json()
    assert [k["code"] for k in kinds] == [
        "municipal_roadmap", "transition_programme", "anti_risk_programme", "mentoring_plan", "other",
    ]  # fmt: skip
    assert all(k["label"] and k["description"] for k in kinds)
    labels = {k["code"]: k["label"] for k in kinds}
    assert labels["municipal_roadmap"] == "Муниципальная дорожная карта"
    plan = _school_plan(stack).json()
    assert plan["kind_label"] == labels["anti_risk_programme"]
    listed = stack.gateway.get(PLANS, params={"per_page": 500}, headers=stack.auth("school_staff")).json()["items"]
    assert all(p["kind_label"] == labels[p["kind"]] for p in listed)
    unknown = _school_plan(stack, kind="roadmap")
    assert unknown.status_code == 422 and unknown.json()["fields"][0]["loc"] == ["body", "kind"]


def test_who_may_create_where(stack: Stack) -> None:
    other = next(code for code in _municipal_schools(stack) if code != stack.territory["school"]["code"])
    cases = [
        ("school_staff", {"school_code": other}, 403, "out_of_scope"),
        ("curator", {"school_code": stack.territory["curated_schools"][0]["code"]}, 403, "forbidden"),
        ("observer", {}, 403, "read_only"),
        ("regional_analyst", {"school_code": "нет-такой"}, 404, "school_not_found"),
        ("school_staff", {"title": "  "}, 422, "validation_error"),
        ("school_staff", {"school_year": "2024"}, 422, "validation_error"),
        ("school_staff", {"school_year": None, "period_start": "2025-05-01", "period_end": "2024-09-01"}, 422,
         "invalid_period"),
        ("school_staff", {"school_code": None}, 422, "owner_required"),
        ("school_staff", {"kind": "wish_list"}, 422, "validation_error"),
    ]  # fmt: skip
    for username, overrides, status, code in cases:
        answer = _school_plan(stack, username, **overrides)
        assert (answer.status_code, answer.json()["code"]) == (status, code), (username, overrides, answer.text)


def test_each_role_sees_plans_of_its_territory(stack: Stack) -> None:
    plan = _school_plan(stack).json()
    for username in ("municipal_coordinator", "regional_analyst", "observer", "admin"):
        assert stack.gateway.get(f"{PLANS}/{plan['id']}", headers=stack.auth(username)).status_code == 200, username
    other = next(code for code in _municipal_schools(stack) if code != stack.territory["school"]["code"])
    foreign = _school_plan(stack, "municipal_coordinator", school_code=other).json()
    answer = stack.gateway.get(f"{PLANS}/{foreign['id']}", headers=stack.auth("school_staff"))
    assert answer.status_code == 403 and answer.json()["code"] == "out_of_scope"
    listed = stack.gateway.get(PLANS, params={"per_page": 500}, headers=stack.auth("school_staff")).json()
    assert {p["school_code"] for p in listed["items"]} == {stack.territory["school"]["code"]}
    assert stack.gateway.get(f"{PLANS}/999999", headers=stack.auth("admin")).json()["code"] == "plan_not_found"


def test_two_editors_and_one_activity_nothing_is_lost(stack: Stack) -> None:
    plan = _school_plan(stack).json()
    activity_id = plan["sections"][0]["activities"][0]["id"]
    url = f"/api/roadmap/activities/{activity_id}"
    first = stack.gateway.get(url, headers=stack.auth("school_staff"))
    second = stack.gateway.get(url, headers=stack.auth("municipal_coordinator"))
    assert first.headers["ETag"] == second.headers["ETag"]
    saved = stack.gateway.patch(
        url,
        json={"status": "in_progress", "progress": 40},
        headers=stack.auth("school_staff") | {"If-Match": first.headers["ETag"]},
    )
    assert saved.status_code == 200 and saved.headers["ETag"] != first.headers["ETag"]
    stale = stack.gateway.patch(
        url, json={"progress": 10}, headers=stack.auth("municipal_coordinator") | {"If-Match": second.headers["ETag"]}
    )
    assert stale.status_code == 412 and stale.json()["code"] == "stale_revision"
    missing = stack.gateway.patch(url, json={"progress": 10}, headers=stack.auth("municipal_coordinator"))
    assert missing.status_code == 428
    now = stack.gateway.get(url, headers=stack.auth("school_staff")).json()
    assert (now["status"], now["progress"]) == ("in_progress", 40)
    bad = stack.gateway.patch(
        url, json={"progress": 140}, headers=stack.auth("school_staff") | {"If-Match": saved.headers["ETag"]}
    )
    assert bad.status_code == 422
    history = stack.gateway.get(f"{PLANS}/{plan['id']}/history", headers=stack.auth("observer")).json()
    update = next(e for e in history if e["entity"] == "activity" and e["action"] == "update")
    assert update["before"]["progress"] == 0 and update["after"]["progress"] == 40
    assert update["actor_name"]


def _approve(stack: Stack, plan_id: int, username: str = "school_staff") -> Any:
    etag = stack.gateway.get(f"{PLANS}/{plan_id}", headers=stack.auth(username)).headers["ETag"]
    return stack.gateway.post(
        f"{PLANS}/{plan_id}/approve",
        json={"order_number": "17-од", "order_date": "2024-09-02"},
        headers=stack.auth(username) | {"If-Match": etag},
    )


def test_approval_freezes_content_and_a_new_version_shows_its_difference(stack: Stack) -> None:
    plan = _school_plan(stack).json()
    approved = _approve(stack, plan["id"])
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    activity = approved.json()["sections"][0]["activities"][0]
    url = f"/api/roadmap/activities/{activity['id']}"
    etag = stack.gateway.get(url, headers=stack.auth("school_staff")).headers["ETag"]
    frozen = stack.gateway.patch(url, json={"title": "Другое"}, headers=stack.auth("school_staff") | {"If-Match": etag})
    assert frozen.status_code == 409 and frozen.json()["code"] == "plan_frozen"
    done = stack.gateway.patch(
        url,
        json={"status": "done", "actual_result": "Проведено"},
        headers=stack.auth("school_staff") | {"If-Match": etag},
    )
    assert done.status_code == 200 and done.json()["progress"] == 100

    version = stack.gateway.post(f"{PLANS}/{plan['id']}/versions", headers=stack.auth("school_staff"))
    assert version.status_code == 201, version.text
    draft = version.json()
    assert draft["version"] == 2 and draft["status"] == "draft" and draft["family_id"] == plan["id"]
    copied = draft["sections"][0]["activities"][0]
    assert copied["status"] == "planned" and copied["title"] == activity["title"]
    copy_url = f"/api/roadmap/activities/{copied['id']}"
    copy_etag = stack.gateway.get(copy_url, headers=stack.auth("school_staff")).headers["ETag"]
    stack.gateway.patch(
        copy_url,
        json={"deadline_text": "Октябрь"},
        headers=stack.auth("school_staff") | {"If-Match": copy_etag},
    )
    difference = stack.gateway.get(
        f"{PLANS}/{draft['id']}/diff", params={"against": plan["id"]}, headers=stack.auth("observer")
    ).json()
    changed = [a for a in difference["activities"] if a["change"] == "changed"]
    assert changed and changed[0]["fields"] == [{"field": "deadline_text", "before": "Сентябрь", "after": "Октябрь"}]
    assert _approve(stack, draft["id"]).status_code == 200
    first = stack.gateway.get(f"{PLANS}/{plan['id']}", headers=stack.auth("school_staff")).json()
    assert first["status"] == "archived"
    versions = stack.gateway.get(f"{PLANS}/{draft['id']}/versions", headers=stack.auth("school_staff")).json()
    assert [v["version"] for v in versions] == [1, 2]


def test_an_empty_plan_cannot_be_approved(stack: Stack) -> None:
    plan = _school_plan(stack, sections=[]).json()
    answer = _approve(stack, plan["id"])
    assert answer.status_code == 409 and answer.json()["code"] == "plan_empty"


def test_a_municipal_activity_is_tracked_per_school_and_rolled_up(stack: Stack) -> None:
    own = stack.territory["school"]["code"]
    other = next(code for code in _municipal_schools(stack) if code != own)
    body = {
        "kind": "municipal_roadmap",
        "title": "Дорожная карта поддержки ШНОР",
        "municipality_code": stack.territory["municipality"]["code"],
        "school_year": YEAR,
        "sections": [
            {
                "number": "1",
                "title": "Трек 1 - адресная поддержка ШНОР",
                "activities": [
                    {
                        "number": "1",
                        "title": "Разработка антирисковых программ",
                        "deadline_text": "до 1 октября 2024 года",
                        "expected_result": "не менее 2 школ",
                        "school_codes": [own, other],
                    }
                ],
            }
        ],
    }
    created = stack.gateway.post(PLANS, json=body, headers=stack.auth("municipal_coordinator"))
    assert created.status_code == 201, created.text
    plan = created.json()
    activity = plan["sections"][0]["activities"][0]
    assert activity["per_school"] and {s["school_code"] for s in activity["schools"]} == {own, other}
    assert stack.gateway.post(PLANS, json=body, headers=stack.auth("school_staff")).status_code == 403
    # The school's staff see the municipal plan they take part in and report for their school only.
    seen = stack.gateway.get(f"{PLANS}/{plan['id']}", headers=stack.auth("school_staff"))
    assert seen.status_code == 200 and seen.json()["can_edit"] is False
    row = next(s for s in activity["schools"] if s["school_code"] == own)
    url = f"/api/roadmap/activities/{activity['id']}/schools"
    reported = stack.gateway.patch(
        f"{url}/{own}",
        json={"status": "done", "actual_result": "Программа утверждена приказом"},
        headers=stack.auth("school_staff") | {"If-Match": f'"{row["revision"]}"'},
    )
    assert reported.status_code == 200, reported.text
    foreign = stack.gateway.patch(
        f"{url}/{other}", json={"status": "done"}, headers=stack.auth("school_staff") | {"If-Match": '"1"'}
    )
    assert foreign.status_code == 403
    progress = stack.gateway.get(f"{PLANS}/{plan['id']}/progress", headers=stack.auth("municipal_coordinator")).json()
    assert progress["plan"]["counts"]["total"] == 2 and progress["plan"]["counts"]["done"] == 1
    assert progress["plan"]["done_share"] == 0.5
    assert {s["key"]: s["counts"]["done"] for s in progress["schools"]} == {own: 1, other: 0}


def test_evidence_comments_and_indicators(stack: Stack) -> None:
    plan = _school_plan(stack).json()
    activity_id = plan["sections"][0]["activities"][0]["id"]
    url = f"/api/roadmap/activities/{activity_id}/evidence"
    headers = stack.auth("school_staff")
    pdf = "%PDF-1.4\n% Справка\n%%EOF\n".encode()
    uploaded = stack.gateway.post(url, data={"title": "Справка"}, files={"file": ("справка.pdf", pdf)}, headers=headers)
    assert uploaded.status_code == 201, uploaded.text
    assert uploaded.json()["size"] == len(pdf) and uploaded.json()["content_type"] == "application/pdf"
    download = stack.gateway.get(f"/api/roadmap/evidence/{uploaded.json()['id']}/file", headers=stack.auth("observer"))
    assert download.status_code == 200 and download.content == pdf
    for name, content, code in (
        ("фото.pdf", b"\x89PNG\r\n\x1a\n....", "file_type_mismatch"),
        ("virus.exe", b"MZ\x90\x00", "file_type_not_allowed"),
        ("пусто.pdf", b"", "empty_file"),
    ):
        bad = stack.gateway.post(url, files={"file": (name, content)}, headers=headers)
        assert (bad.status_code, bad.json()["code"]) == (422, code), name
    link = stack.gateway.post(
        url, data={"title": "Страница на сайте", "url": "https://school.example/report"}, headers=headers
    )
    assert link.status_code == 201 and link.json()["kind"] == "link"
    assert stack.gateway.post(url, data={"url": "javascript:alert(1)"}, headers=headers).status_code == 422
    assert stack.gateway.post(url, data={"title": "Ничего"}, headers=headers).json()["code"] == "evidence_required"
    assert stack.gateway.post(url, data={"url": "https://x.example"}, headers=stack.auth("observer")).status_code == 403
    listed = stack.gateway.get(url, headers=stack.auth("municipal_coordinator")).json()
    assert [e["kind"] for e in listed] == ["file", "link"]

    comments = f"/api/roadmap/activities/{activity_id}/comments"
    said = stack.gateway.post(
        comments, json={"text": "Прошу приложить протокол"}, headers=stack.auth("municipal_coordinator")
    )
    assert said.status_code == 201
    assert stack.gateway.post(comments, json={"text": "  "}, headers=headers).status_code == 422
    assert stack.gateway.post(comments, json={"text": "Мнение"}, headers=stack.auth("observer")).status_code == 403
    assert [c["text"] for c in stack.gateway.get(comments, headers=headers).json()] == ["Прошу приложить протокол"]

    indicators = f"{PLANS}/{plan['id']}/indicators"
    indicator = stack.gateway.post(
        indicators,
        json={"name": "Доля обучающихся ниже минимального порога", "unit": "%", "baseline": 34.0,
              "baseline_year": "2023-2024", "targets": {"2024-2025": 25.0, "2025-2026": 15.0}},
        headers=headers,
    )  # fmt: skip
    assert indicator.status_code == 201, indicator.text
    actual = stack.gateway.patch(
        f"/api/roadmap/indicators/{indicator.json()['id']}",
        json={"actuals": {"2024-2025": 27.5}},
        headers=headers | {"If-Match": '"1"'},
    )
    assert actual.json()["actuals"] == {"2024-2025": 27.5} and actual.json()["targets"]["2025-2026"] == 15.0
    wrong = stack.gateway.post(indicators, json={"name": "Показатель", "targets": {"2024": 1}}, headers=headers)
    assert wrong.status_code == 422 and wrong.json()["fields"][0]["detail"] == SCHOOL_YEAR_MESSAGE
    written = stack.gateway.post(
        indicators,
        json={"name": "Показатель", "baseline_year": "2023/24", "targets": {"2024/2025": 1}},
        headers=headers,
    )
    assert written.json()["baseline_year"] == "2023-2024" and written.json()["targets"] == {"2024-2025": 1}, (
        written.text
    )


def test_a_curator_follows_and_comments_but_does_not_edit(stack: Stack) -> None:
    curated = stack.territory["curated_schools"][0]["code"]
    plan = _school_plan(stack, "municipal_coordinator", school_code=curated).json()
    seen = stack.gateway.get(f"{PLANS}/{plan['id']}", headers=stack.auth("curator"))
    assert seen.status_code == 200 and seen.json()["can_edit"] is False
    activity_id = plan["sections"][0]["activities"][0]["id"]
    said = stack.gateway.post(
        f"/api/roadmap/activities/{activity_id}/comments",
        json={"text": "Рекомендую провести диагностику до 15 сентября"},
        headers=stack.auth("curator"),
    )
    assert said.status_code == 201 and said.json()["created_by_name"]
    url = f"/api/roadmap/activities/{activity_id}"
    etag = stack.gateway.get(url, headers=stack.auth("curator")).headers["ETag"]
    edit = stack.gateway.patch(url, json={"progress": 50}, headers=stack.auth("curator") | {"If-Match": etag})
    assert edit.status_code == 403
    own_school_plan = _school_plan(stack).json()
    if stack.territory["school"]["code"] not in {s["code"] for s in stack.territory["curated_schools"]}:
        hidden = stack.gateway.get(f"{PLANS}/{own_school_plan['id']}", headers=stack.auth("curator"))
        assert hidden.status_code == 403
