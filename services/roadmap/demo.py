"""Demo plans, made through the public API of a running Opora as its demo users would make them.

`make run` calls `seed_demo_plans` once the processes answer: a municipal roadmap imported from a pasted
table in the layout of the 2022 Yeniseysk order (three tracks) and approved, and draft anti-risk programmes for
the schools of the municipality's agreed list, in the current school year so that deadlines are near.
Nothing happens when the municipality already has plans.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import httpx

from services.shared.school_year import current_school_year

AGREED_YEAR = "2023-2024"
ROADMAP = (
    "№\tМероприятия\tИтоговый документ\tСроки\tОтветственный\n"
    "Трек 1 - адресная поддержка ШНОР\t\t\t\t\n"
    "1\tИнформационно-аналитическая справка по результатам идентификации\tСправка\tСентябрь\tМБУ ГЦОКО\n"
    "2\tРазработка и утверждение антирисковых программ школ\tПрограммы\tдо 1 ноября\tРуководители ОУ\n"
    "3\tВыезды кураторов в школы\tСправка о выезде\tПо полугодиям\tУправление образования\n"
    "4\tМониторинг реализации программ (входной, промежуточный, итоговый)\tАналитическая справка\t"
    "Октябрь (входной), февраль (промежуточный), май (итоговый)\tМБУ ГЦОКО\n"
    "Трек 2 - школы в зоне риска\t\t\t\t\n"
    "5\tСеминары для заместителей директоров по результатам ВПР\tПрограмма семинара\tОктябрь – ноябрь\tМетодист\n"
    "6\tВзаимопосещение уроков в парах школ\tПлан взаимопосещений\tЕжемесячно\tРуководители ОУ\n"
    "Трек 3 - профилактика учебной неуспешности\t\t\t\t\n"
    "7\tРодительские собрания по результатам оценочных процедур\tПротоколы\tЕжегодно, октябрь, май\t"
    "Руководители ОУ\n"
    "8\tКурсы повышения квалификации учителей математики и русского языка\tУдостоверения\t"
    "По отдельному графику\tУправление образования\n"
)


def _login(client: httpx.Client, username: str, password: str) -> dict[str, str]:
    answer = client.post("/api/auth/token", data={"username": username, "password": password})
    answer.raise_for_status()
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def seed_demo_plans(base_url: str, password: str) -> int:
    """Create the demo plans unless the demo municipality has plans; the number of plans created."""
    with httpx.Client(base_url=base_url, timeout=120) as client:
        headers = _login(client, "municipal_coordinator", password)
        if client.get("/api/roadmap/plans", params={"per_page": 1}, headers=headers).json()["total"]:
            return 0
        me = client.get("/api/auth/me", headers=headers).json()
        school_year = current_school_year()
        roadmap = _import_roadmap(client, headers, me["scope"]["municipality"], school_year)
        _approve(client, headers, roadmap, "512-од")
        drafts = client.post(
            "/api/roadmap/plans/from-identification",
            json={"school_year": AGREED_YEAR, "plan_year": school_year, "risk_factors": [8]},
            headers=headers,
        )
        drafts.raise_for_status()
        created = drafts.json()["created"]
        for plan in created[:2]:
            _approve(client, headers, plan, "530-од")
        return 1 + len(created)


def _import_roadmap(client: httpx.Client, headers: dict[str, str], municipality: str, school_year: str) -> Any:
    header = {
        "kind": "municipal_roadmap",
        "title": f"Дорожная карта по поддержке школ с низкими образовательными результатами на {school_year} год",
        "municipality_code": municipality,
        "school_year": school_year,
    }
    answer = client.post(
        "/api/roadmap/plans/import",
        data={"header": json.dumps(header, ensure_ascii=False), "text": ROADMAP, "dry_run": "false"},
        headers=headers,
    )
    answer.raise_for_status()
    return answer.json()


def _approve(client: httpx.Client, headers: dict[str, str], plan: dict[str, Any], number: str) -> None:
    etag = client.get(f"/api/roadmap/plans/{plan['id']}", headers=headers).headers["ETag"]
    client.post(
        f"/api/roadmap/plans/{plan['id']}/approve",
        json={"order_number": number, "order_date": date.today().isoformat()},
        headers=headers | {"If-Match": etag},
    ).raise_for_status()
