"""Teacher competence diagnostics through the gateway: the card, teachers in scope, a campaign, scores entered
and imported from a form export (all or nothing), results with deficits and the change between stages."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import httpx
import pytest
from openpyxl import Workbook

from services.identification.competence.card import FIVE_K
from tests.conftest import Stack

API = "/api/identification/competence"
CODES = FIVE_K.criterion_codes()


def _ok(answer: httpx.Response, status: int = 200) -> Any:
    assert answer.status_code == status, answer.text
    return answer.json()


def _post(stack: Stack, path: str, user: str, body: dict[str, Any]) -> httpx.Response:
    return stack.gateway.post(f"{API}{path}", json=body, headers=stack.auth(user))


def _outside_school(stack: Stack) -> str:
    schools = _ok(stack.gateway.get("/api/identification/schools?per_page=500", headers=stack.auth("admin")))
    own = stack.territory["municipality"]["code"]
    return str(next(s["school_code"] for s in schools["items"] if s["municipality_code"] != own))


@pytest.fixture(scope="module")
def setting(stack: Stack) -> dict[str, Any]:
    """Two teachers of the staff's school, one of another municipality, the built-in card."""
    school = stack.territory["school"]["code"]
    cards = _ok(stack.gateway.get(f"{API}/cards", headers=stack.auth("municipal_coordinator")))
    five_k = next(c for c in cards if c["code"] == "5k" and c["authority"] == "")
    teacher = {"school_code": school, "position": "учитель", "subjects": ["Математика"]}
    first = _ok(_post(stack, "/teachers", "school_staff", teacher | {"full_name": "Белова Анна Игоревна"}), 201)
    second = _ok(_post(stack, "/teachers", "school_staff", teacher | {"full_name": "Орлов  Пётр Ильич"}), 201)
    outside = _outside_school(stack)
    stranger = _ok(
        _post(stack, "/teachers", "admin", {"school_code": outside, "full_name": "Чужой Иван Иванович"}), 201
    )
    return {
        "school": school,
        "card": five_k,
        "first": first,
        "second": second,
        "outside": outside,
        "stranger": stranger,
    }


def _campaign(stack: Stack, setting: dict[str, Any], stage: str, held_on: str) -> dict[str, Any]:
    body = {
        "card_id": setting["card"]["id"],
        "title": f"Диагностика «5К», {stage}",
        "stage": stage,
        "held_on": held_on,
        "school_year": "2024/2025",
        "school_codes": [setting["school"]],
    }
    return dict(_ok(_post(stack, "/campaigns", "municipal_coordinator", body), 201))


def _sheet(stack: Stack, campaign: int, teacher: int, rater: str, scores: dict[str, int]) -> httpx.Response:
    body = {"teacher_id": teacher, "rater": rater, "scores": scores}
    return stack.gateway.put(f"{API}/campaigns/{campaign}/scores", json=body, headers=stack.auth("school_staff"))


def test_the_built_in_card_and_a_territorys_own(stack: Stack, setting: dict[str, Any]) -> None:
    definition = setting["card"]["definition"]
    assert sum(len(c["criteria"]) for c in definition["competences"]) == 16
    assert [lv["from_percent"] for lv in definition["levels"]] == [80, 70, 0]
    own = {
        "code": "5k-short",
        "title": "Сокращённая карта",
        "definition": FIVE_K.model_dump() | {"raters": definition["raters"][:1]},
    }
    first = _ok(_post(stack, "/cards", "municipal_coordinator", own), 201)
    second = _ok(_post(stack, "/cards", "municipal_coordinator", own), 201)
    assert (first["authority"], first["version"], second["version"]) == (stack.territory["municipality"]["code"], 1, 2)
    seen_by_region = {c["id"] for c in _ok(stack.gateway.get(f"{API}/cards", headers=stack.auth("regional_analyst")))}
    assert setting["card"]["id"] in seen_by_region and first["id"] not in seen_by_region
    refused = stack.gateway.get(f"{API}/cards/{first['id']}", headers=stack.auth("regional_analyst"))
    assert refused.status_code == 403 and refused.json()["code"] == "out_of_scope"
    broken = own | {"definition": FIVE_K.model_dump() | {"levels": [{"code": "a", "label": "a", "from_percent": 50}]}}
    assert _post(stack, "/cards", "municipal_coordinator", broken).status_code == 422
    assert _post(stack, "/cards", "school_staff", own).status_code == 403


def test_teachers_personal_data_stay_in_scope(stack: Stack, setting: dict[str, Any]) -> None:
    mine = _ok(stack.gateway.get(f"{API}/teachers", headers=stack.auth("municipal_coordinator")))
    names = {t["full_name"] for t in mine}
    assert {"Белова Анна Игоревна", "Орлов Пётр Ильич"} <= names and "Чужой Иван Иванович" not in names
    own_school = _ok(stack.gateway.get(f"{API}/teachers", headers=stack.auth("school_staff")))
    assert {t["school_code"] for t in own_school} == {setting["school"]}
    for user in ("municipal_coordinator", "school_staff"):
        other = stack.gateway.get(
            f"{API}/teachers", params={"school_code": setting["outside"]}, headers=stack.auth(user)
        )
        assert other.status_code == 403 and other.json()["code"] == "out_of_scope"
    forged = _post(
        stack, "/teachers", "municipal_coordinator", {"school_code": setting["outside"], "full_name": "Некто Н. Н."}
    )
    assert forged.status_code == 403
    assert (
        _post(
            stack, "/teachers", "observer", {"school_code": setting["school"], "full_name": "Некто Н. Н."}
        ).status_code
        == 403
    )


def test_scores_results_import_and_change(stack: Stack, setting: dict[str, Any]) -> None:
    entry = _campaign(stack, setting, "entry", "2024-10-01")
    assert entry["stage_label"] == "входная" and entry["municipality_code"] == stack.territory["municipality"]["code"]
    first, second, stranger = setting["first"]["id"], setting["second"]["id"], setting["stranger"]["id"]
    # The first teacher: self 2 everywhere, the ШМО head 1 everywhere, the deputy absent → 75 % (достаточный).
    _ok(_sheet(stack, entry["id"], first, "self", dict.fromkeys(CODES, 2)))
    _ok(_sheet(stack, entry["id"], first, "shmo_head", dict.fromkeys(CODES, 1)))
    # The second: 0 on the управленческая (K5), 2 elsewhere, by the deputy only.
    _ok(_sheet(stack, entry["id"], second, "deputy", {c: 0 if c.startswith("K5") else 2 for c in CODES}))
    bad = _sheet(stack, entry["id"], first, "deputy", {"K1.1": 3, "K9.9": 1})
    assert bad.status_code == 422 and {f["code"] for f in bad.json()["fields"]} == {
        "invalid_score",
        "unknown_criterion",
    }
    assert _sheet(stack, entry["id"], first, "director", {"K1.1": 1}).json()["code"] == "unknown_rater"
    assert _sheet(stack, entry["id"], stranger, "self", {"K1.1": 1}).status_code == 403

    results = _ok(
        stack.gateway.get(f"{API}/campaigns/{entry['id']}/results", headers=stack.auth("municipal_coordinator"))
    )
    by_id = {t["teacher_id"]: t for t in results["teachers"]}
    assert by_id[first]["overall"] | {"by_rater": None} == {
        "code": "overall",
        "percent": 75.0,
        "level": "sufficient",
        "by_rater": None,
        "self_minus_others": 50.0,
    }
    assert by_id[first]["overall"]["by_rater"] == {"self": 100.0, "shmo_head": 50.0, "deputy": None}
    assert by_id[second]["raters"] == ["deputy"]
    k5 = {c["code"]: c for c in by_id[second]["competences"]}["K5"]
    assert (k5["percent"], k5["level"], k5["self_minus_others"]) == (0.0, "critical", None)
    deficits = {d["code"]: d for d in results["territory"]["deficits"]}
    assert (deficits["K5"]["teachers"], deficits["K5"]["critical"], deficits["K5"]["critical_share"]) == (2, 1, 0.5)
    assert deficits["K1"]["critical_share"] == 0.0 and results["previous_campaign_id"] is None
    assert [s["school_code"] for s in results["schools"]] == [setting["school"]]

    # A form export with bad rows: nothing is written, every bad row is named.
    header = "Отметка времени;ФИО педагога;Оценщик;" + ";".join(c.title for c in FIVE_K.competences[0].criteria)
    bad_rows = "\n".join(
        [
            header,
            "01.10.2024;Белова Анна Игоревна;Заместитель директора по УВР;2;2;2;2;2",
            "01.10.2024;Неизвестная Н. Н.;Самооценка;2;2;2;2;2",
            "01.10.2024;Орлов Пётр Ильич;Завхоз;2;2;2;2;2",
            "01.10.2024;Орлов Пётр Ильич;Самооценка;2;5;хорошо;2;2",
        ]
    )
    upload = f"{API}/campaigns/{entry['id']}/scores/import"
    files = {"file": ("form.csv", bad_rows.encode("utf-8-sig"), "text/csv")}
    refused = stack.gateway.post(upload, files=files, headers=stack.auth("school_staff"))
    assert refused.status_code == 422 and refused.json()["code"] == "rows_invalid"
    wrong = {(f["loc"][1], f["code"]) for f in refused.json()["fields"]}
    assert wrong == {(3, "unknown_teacher"), (4, "unknown_rater"), (5, "invalid_score")}
    again = _ok(stack.gateway.get(f"{API}/campaigns/{entry['id']}/results", headers=stack.auth("school_staff")))
    assert {t["teacher_id"]: t["raters"] for t in again["teachers"]}[first] == ["self", "shmo_head"]

    good = [*bad_rows.splitlines()[:2], "01.10.2024;Орлов Пётр Ильич;Самооценка;2 — оптимальный;1;критический;2;2"]
    report = _ok(
        stack.gateway.post(
            upload,
            files={"file": ("form.csv", "\n".join(good).encode(), "text/csv")},
            headers=stack.auth("school_staff"),
        )
    )
    assert report == {"rows": 2, "sheets": 2, "scores": 10}
    after = _ok(stack.gateway.get(f"{API}/campaigns/{entry['id']}/results", headers=stack.auth("school_staff")))
    teacher = {t["teacher_id"]: t for t in after["teachers"]}
    assert teacher[first]["raters"] == ["self", "shmo_head", "deputy"]
    assert {c["code"]: c for c in teacher[second]["competences"]}["K1"]["by_rater"]["self"] == 70.0

    # The final stage: the second teacher catches up on K5; the change and the deficit before are shown.
    final = _campaign(stack, setting, "final", "2025-05-15")
    _ok(_sheet(stack, final["id"], second, "deputy", dict.fromkeys(CODES, 2)))
    compared = _ok(
        stack.gateway.get(f"{API}/campaigns/{final['id']}/results", headers=stack.auth("municipal_coordinator"))
    )
    assert compared["previous_campaign_id"] == entry["id"]
    moved = {t["teacher_id"]: t for t in compared["teachers"]}[second]
    assert moved["overall"]["percent"] == 100.0 and moved["change"] is not None and moved["change"] > 0
    k5_share = {d["code"]: d for d in compared["territory"]["deficits"]}["K5"]
    assert (k5_share["critical_share"], k5_share["previous_critical_share"]) == (0.0, 0.5)


def test_campaigns_of_another_territory_are_refused(stack: Stack, setting: dict[str, Any]) -> None:
    body = {
        "card_id": setting["card"]["id"],
        "title": "Чужая",
        "stage": "entry",
        "held_on": "2024-10-01",
        "school_year": "2024-25",
        "school_codes": [setting["outside"]],
    }
    assert _post(stack, "/campaigns", "municipal_coordinator", body).status_code == 403
    assert _post(stack, "/campaigns", "school_staff", body).status_code == 403
    municipality = _ok(
        stack.gateway.get(f"/api/identification/schools/{setting['outside']}", headers=stack.auth("admin"))
    )
    theirs = _ok(
        _post(stack, "/campaigns", "admin", body | {"municipality_code": municipality["municipality_code"]}), 201
    )
    for user in ("municipal_coordinator", "school_staff"):
        answer = stack.gateway.get(f"{API}/campaigns/{theirs['id']}/results", headers=stack.auth(user))
        assert answer.status_code == 403 and answer.json()["code"] == "out_of_scope"
    mine = {c["id"] for c in _ok(stack.gateway.get(f"{API}/campaigns", headers=stack.auth("municipal_coordinator")))}
    assert theirs["id"] not in mine
    # A regional campaign is seen by the municipality, but another municipality's teachers never are.
    regional = _ok(
        _post(stack, "/campaigns", "admin", body | {"school_codes": [setting["outside"], setting["school"]]}), 201
    )
    assert regional["municipality_code"] is None
    sheet = {"teacher_id": setting["stranger"]["id"], "rater": "self", "scores": {"K1.1": 2}}
    _ok(stack.gateway.put(f"{API}/campaigns/{regional['id']}/scores", json=sheet, headers=stack.auth("admin")))
    everyone = _ok(stack.gateway.get(f"{API}/campaigns/{regional['id']}/results", headers=stack.auth("admin")))
    assert [t["full_name"] for t in everyone["teachers"]] == ["Чужой Иван Иванович"]
    seen = _ok(
        stack.gateway.get(f"{API}/campaigns/{regional['id']}/results", headers=stack.auth("municipal_coordinator"))
    )
    assert seen["teachers"] == [] and seen["territory"]["teachers"] == 0
    wrong_year = _post(stack, "/campaigns", "admin", body | {"school_year": "2024"})
    assert wrong_year.status_code == 422


def test_a_yandex_forms_xlsx_export_is_read(stack: Stack, setting: dict[str, Any]) -> None:
    """A real XLSX as a form exports it: a title row, questions «Компетенция [критерий]», labels as answers."""
    campaign = _campaign(stack, setting, "interim", "2025-01-20")
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Выгрузка ответов формы «Диагностическая карта»"])
    questions = [f"{c.title} [{k.title}]" for c in FIVE_K.competences for k in c.criteria]
    sheet.append(["ID", "Время создания", "ФИО педагога", "Код школы", "Кто оценивает", *questions])
    answers = ["2 — оптимальный"] * 11 + ["0 — критический"] * 5  # K5 (the last five) critical
    sheet.append([1, "2025-01-20 10:00", "Белова Анна Игоревна", setting["school"], "Руководитель ШМО", *answers])
    sheet.append([2, "2025-01-20 10:05", "белова анна игоревна", setting["school"], "самооценка", *["1"] * 16])
    buffer = BytesIO()
    workbook.save(buffer)
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    report = _ok(
        stack.gateway.post(
            f"{API}/campaigns/{campaign['id']}/scores/import",
            files={"file": ("Диагностическая карта.xlsx", buffer.getvalue(), content_type)},
            headers=stack.auth("school_staff"),
        )
    )
    assert report == {"rows": 2, "sheets": 2, "scores": 32}
    results = _ok(stack.gateway.get(f"{API}/campaigns/{campaign['id']}/results", headers=stack.auth("school_staff")))
    (teacher,) = results["teachers"]
    k5 = {c["code"]: c for c in teacher["competences"]}["K5"]
    assert k5["by_rater"] == {"self": 50.0, "shmo_head": 0.0, "deputy": None} and k5["level"] == "critical"
    assert teacher["overall"]["percent"] == round(100 * (22 + 16) / 64, 2)


def test_the_school_cards_profile(stack: Stack, setting: dict[str, Any]) -> None:
    """The latest campaign that assessed the school's teachers, and its critical competences."""
    url = f"{API}/schools/{setting['school']}/profile"
    profile = _ok(stack.gateway.get(url, headers=stack.auth("school_staff")))
    assert profile["campaign"]["stage"] == "final"  # the latest by date of those with the school's results
    assert profile["result"]["teachers"] == 1 and profile["critical_competences"] == []
    outside = stack.gateway.get(f"{API}/schools/{setting['outside']}/profile", headers=stack.auth("school_staff"))
    assert outside.status_code == 403
    empty = _ok(stack.gateway.get(f"{API}/schools/{setting['outside']}/profile", headers=stack.auth("admin")))
    assert empty["school_code"] == setting["outside"]
