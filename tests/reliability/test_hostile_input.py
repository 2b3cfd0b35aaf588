"""Client input that used to answer 500 or stall a service, sent to the real processes: each is a clean 4xx."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest

from services.shared.errors import OporaError
from services.shared.remote import segment
from tests.reliability.clients import at_once, json_of, login, no_server_errors, request
from tests.stack import RunningStack
from tests.support import web

pytestmark = pytest.mark.e2e

HUGE = (2**31, 2**63, 2**64 + 7, 10**30)


def test_ids_and_pages_beyond_the_integers_are_422(live: RunningStack) -> None:
    analyst = login(live, "regional_analyst")
    admin = login(live, "admin")
    urls = []
    for number in HUGE:
        urls += [
            (analyst, f"/api/identification/runs/{number}"),
            (analyst, f"/api/identification/runs/{number}/schools/1"),
            (analyst, f"/api/identification/runs/compare?base={number}&other=1"),
            (analyst, f"/api/identification/methodologies/{number}"),
            (analyst, f"/api/identification/imports/batches/{number}"),
            (analyst, f"/api/identification/runs?page={number}"),
            (analyst, f"/api/roadmap/plans/{number}"),
            (analyst, f"/api/roadmap/plans/1/diff?against={number}"),
            (analyst, f"/api/roadmap/activities/{number}"),
            (analyst, f"/api/roadmap/evidence/{number}/file"),
            (analyst, f"/api/roadmap/plans?page={number}"),
            (analyst, f"/api/reports/reports/{number}"),
            (admin, f"/api/admin/users/{number}"),
            (admin, f"/api/admin/users?page={number}"),
            (analyst, f"/api/roadmap/me/deadlines/summary?plan_id={number}"),
            (analyst, f"/api/roadmap/plans/{number}/execution"),
            (analyst, f"/api/identification/competence/campaigns/{number}"),
            (analyst, f"/api/identification/competence/campaigns/1/results?previous={number}"),
        ]
    for headers, url in urls:
        answer = web.get(f"{live.url()}{url}", headers=headers)
        assert answer.status_code == 422, (url, answer.status_code, answer.text)
        assert answer.json()["code"] == "validation_error"
    for number in HUGE:  # through reports, a wrong number is the caller's mistake, not a failing service (503)
        body = {"report_type": "plan", "format": "html", "parameters": {"plan_id": number}}
        answer = web.post(f"{live.url()}/api/reports/render", json=body, headers=analyst)
        assert answer.status_code == 422, answer.text
        run = {"school_year": "2023-2024", "methodology_id": number}
        assert web.post(f"{live.url()}/api/identification/runs", json=run, headers=analyst).status_code == 422


def test_huge_numbers_in_bodies_are_422(live: RunningStack) -> None:
    """A measure's position and a score sheet's teacher are stored integers: beyond them is the caller's
    mistake, not a driver's overflow (a 500 before)."""
    admin = login(live, "admin")
    measure = {"title": "Мера с огромным номером", "risk_factor": 1, "position": 2**63}
    answer = web.post(f"{live.url()}/api/roadmap/library/measures", json=measure, headers=admin)
    assert answer.status_code == 422, answer.text
    assert answer.json()["fields"][0]["loc"] == ["body", "position"]
    sheet = {"teacher_id": 2**63, "rater": "эксперт", "scores": {"k1": 1}}
    answer = web.put(f"{live.url()}/api/identification/competence/campaigns/1/scores", json=sheet, headers=admin)
    assert answer.status_code == 422, answer.text


def _integers(schema: dict[str, Any], spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The integer schemas a parameter's or property's schema admits (through `$ref`, `anyOf`, arrays)."""
    if "$ref" in schema:
        return _integers(spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]], spec)
    if schema.get("type") == "integer":
        return [schema]
    found = [i for key in ("anyOf", "oneOf", "allOf") for part in schema.get(key, []) for i in _integers(part, spec)]
    return found + (_integers(schema["items"], spec) if schema.get("type") == "array" else [])


def _properties(schema: dict[str, Any], spec: dict[str, Any], seen: set[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every named property of a request body, however deep."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name not in seen:
            seen.add(name)
            yield from _properties(spec["components"]["schemas"][name], spec, seen)
        return
    for part in (*schema.get("anyOf", []), *schema.get("oneOf", []), *schema.get("allOf", [])):
        yield from _properties(part, spec, seen)
    if schema.get("type") == "array" and "items" in schema:
        yield from _properties(schema["items"], spec, seen)
    for name, sub in (schema.get("properties") or {}).items():
        yield name, sub
        yield from _properties(sub, spec, seen)


def test_every_integer_naming_a_record_has_a_maximum(live: RunningStack) -> None:
    """Every integer path or query parameter, and every body field naming a record or a place in a list
    (`*_id`, `*_ids`, `position`), is bounded in each service's OpenAPI, so the database never sees 2**63."""
    unbounded = []
    for service in ("identification", "roadmap", "reports", "gateway"):
        spec = web.get(f"{live.url()}/api/{service}/openapi.json").json()
        for path, operations in spec["paths"].items():
            for method, operation in operations.items():
                named = [(p["in"], p["name"], p.get("schema", {})) for p in operation.get("parameters", [])]
                for content in operation.get("requestBody", {}).get("content", {}).values():
                    fields = _properties(content.get("schema", {}), spec, set())
                    named += [("body", n, sub) for n, sub in fields if n.endswith(("_id", "_ids")) or n == "position"]
                unbounded += [
                    (method, path, where, name)
                    for where, name, schema in named
                    for integer in _integers(schema, spec)
                    if "maximum" not in integer and "exclusiveMaximum" not in integer
                ]
    assert unbounded == []


def test_control_characters_in_a_path_are_404_at_the_gateway_without_a_token(live: RunningStack) -> None:
    for path in (
        "/api/roadmap/plans%0A",
        "/api/identification/schools/%00",
        "/api/reports/x%7F%0D%0Ay",
        "/api/roadmap/%09",
    ):
        answer = web.get(f"{live.url()}{path}")
        assert answer.status_code == 404, (path, answer.status_code, answer.text)
        assert answer.json()["code"] == "not_found"


def test_a_get_with_a_body_is_forwarded_without_its_content_length(live: RunningStack) -> None:
    """The body of a GET is not passed on, nor its Content-Length: the service would wait for bytes that never
    come. Sent raw, so the request carries exactly what a careless client sends."""
    token = login(live, "observer")["Authorization"]
    host, port = "127.0.0.1", live.ports["gateway"]
    raw = (
        f"GET /api/roadmap/plan-kinds HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: {token}\r\n"
        "Content-Type: application/json\r\nContent-Length: 17\r\nConnection: close\r\n\r\n"
        '{"ignored": true}'
    ).encode()
    with socket.create_connection((host, port), timeout=60) as connection:
        connection.sendall(raw)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200"), answer[:300]
    through_client = web.request(
        "GET", f"{live.url()}/api/roadmap/plan-kinds", content=b"x" * 1000, headers={"Authorization": token}
    )
    assert through_client.status_code == 200


def test_codes_are_one_path_segment(live: RunningStack) -> None:
    school_staff = login(live, "school_staff")
    me = json_of(web.get(f"{live.url()}/api/auth/me", headers=school_staff))
    own = me["scope"]["schools"][0]
    for code in (f"{own}/../{own}", "../..", f"{own}?x=1", f"{own}#", " /etc", "a\nb", "."):
        body = {"kind": "other", "title": "План с чужим адресом", "school_code": code, "school_year": "2024-2025"}
        answer = web.post(f"{live.url()}/api/roadmap/plans", json=body, headers=school_staff)
        assert answer.status_code == 422, (code, answer.text)
    analyst = login(live, "regional_analyst")
    run = {"school_year": "2023-2024", "territory_id": "99/../98"}
    assert web.post(f"{live.url()}/api/identification/runs", json=run, headers=analyst).status_code == 422
    report = {"report_type": "school_card", "format": "html", "parameters": {"school_code": f"{own}/history"}}
    assert web.post(f"{live.url()}/api/reports/render", json=report, headers=analyst).status_code == 422
    assert segment(f"{own}/../x?y#z") == f"{own}%2F..%2Fx%3Fy%23z"
    with pytest.raises(OporaError):
        segment("..")


def test_a_methodology_with_copies_is_not_deleted_409(live: RunningStack) -> None:
    analyst = login(live, "regional_analyst")
    base = f"{live.url()}/api/identification/methodologies"
    default = json_of(web.get(base, headers=analyst))[0]
    draft = json_of(web.post(f"{base}/{default['id']}/copy", json={"name": "Черновик"}, headers=analyst))
    copy = json_of(web.post(f"{base}/{draft['id']}/copy", json={"name": "Копия черновика"}, headers=analyst))
    refused = web.delete(f"{base}/{draft['id']}", headers=analyst | {"If-Match": "*"})
    assert (refused.status_code, refused.json()["code"]) == (409, "methodology_has_copies"), refused.text
    assert "копии" in refused.json()["detail"]
    assert web.delete(f"{base}/{copy['id']}", headers=analyst | {"If-Match": "*"}).status_code == 204
    assert web.delete(f"{base}/{draft['id']}", headers=analyst | {"If-Match": "*"}).status_code == 204


def test_evidence_uploads_beside_edits_never_lock_the_database(live: RunningStack) -> None:
    """Uploads and edits of one activity at once: each answers (no «database is locked» 500), nothing lost."""
    school_staff = login(live, "school_staff")
    own = json_of(web.get(f"{live.url()}/api/auth/me", headers=school_staff))["scope"]["schools"][0]
    body = {
        "kind": "other",
        "title": "План для одновременных загрузок",
        "school_code": own,
        "school_year": "2024-2025",
        "sections": [{"title": "Раздел", "activities": [{"title": "Мероприятие", "deadline_text": "Май"}]}],
    }
    plan = json_of(web.post(f"{live.url()}/api/roadmap/plans", json=body, headers=school_staff))
    activity = f"/api/roadmap/activities/{plan['sections'][0]['activities'][0]['id']}"
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"0" * 200_000
    for round_ in range(2):
        etag = web.get(f"{live.url()}{activity}", headers=school_staff).headers["ETag"]
        uploads = [
            request("POST", f"{activity}/evidence", files={"file": (f"справка-{i}.pdf", pdf)}, headers=school_staff)
            for i in range(8)
        ]
        edits = [
            # values new in each round: a PATCH of the stored value changes nothing and answers 200 while unstale
            request(
                "PATCH", activity, json={"progress": 10 + 8 * round_ + i}, headers=school_staff | {"If-Match": etag}
            )
            for i in range(8)
        ]
        answers = at_once(live, uploads + edits)
        no_server_errors(answers)
        assert [a.status_code for a in answers[:8]] == [201] * 8, [a.text for a in answers[:8]]
        assert sorted(a.status_code for a in answers[8:]) == [200] + [412] * 7
    evidence = json_of(web.get(f"{live.url()}{activity}/evidence", headers=school_staff))
    assert len(evidence) == 16


def test_nul_characters_are_refused_or_kept_never_a_500(live: RunningStack) -> None:
    """PostgreSQL refuses NUL in text, and so does the embedded SQLite (`_refuse_nul` in services/shared/db.py):
    a text to store with NUL is the caller's 422 on both, nothing stored; a search with it finds nothing or is 422."""
    analyst = login(live, "regional_analyst")
    school_staff = login(live, "school_staff")
    own = json_of(web.get(f"{live.url()}/api/auth/me", headers=school_staff))["scope"]["schools"][0]
    answers = [
        web.get(f"{live.url()}/api/identification/schools?q=a%00b", headers=analyst),
        web.get(f"{live.url()}/api/identification/schools?municipality=%00", headers=analyst),
        web.get(f"{live.url()}/api/roadmap/plans?q=%00", headers=analyst),
        web.post(
            f"{live.url()}/api/roadmap/plans",
            json={"kind": "other", "title": "План\x00с нулём", "school_code": own, "school_year": "2024-2025"},
            headers=school_staff,
        ),
    ]
    assert all(a.status_code in (200, 422) for a in answers), [(a.status_code, a.text) for a in answers]
    assert all(a.json()["code"] == "invalid_value" for a in answers if a.status_code == 422)
    assert answers[-1].status_code == 422, answers[-1].text
    plans = json_of(web.get(f"{live.url()}/api/roadmap/plans", params={"q": "с нулём"}, headers=school_staff))
    assert plans["total"] == 0, plans
