"""Answer examples of the data-centre endpoints in OpenAPI (what a regional centre sees in `/docs`)."""

from __future__ import annotations

from typing import Any

IMPORT_REPORT: dict[str, Any] = {
    "kind": "results",
    "status": "preview",
    "dry_run": True,
    "batch_id": None,
    "file_name": "результаты ОГЭ.csv",
    "file_format": "csv",
    "checksum": "9f2c…",
    "rows_total": 3,
    "rows_valid": 2,
    "rows_rejected": 1,
    "created": 1,
    "updated": 1,
    "unchanged": 0,
    "columns": [
        {"header": "Код ОО", "column": "school_code", "label": "Код ОО"},
        {"header": "Участников", "column": "participants", "label": "Количество участников"},
    ],
    "ignored_columns": [],
    "errors": [
        {
            "row": 4,
            "column": "Код ОО",
            "field": "school_code",
            "code": "unknown_school",
            "detail": "Школа с кодом 999999 не найдена",
            "value": "999999",
        }
    ],
    "errors_total": 1,
    "sample": [{"school_code": "990001", "school_year": "2023-2024", "procedure": "ОГЭ", "grade": 9}],
    "preview": {
        "added": [
            {
                "row": 2,
                "school_code": "990001",
                "school_name": "МБОУ СОШ № 1",
                "values": [
                    {"column": "Учебный год", "old": None, "new": "2023-2024"},
                    {"column": "Процедура", "old": None, "new": "ОГЭ"},
                    {"column": "Класс", "old": None, "new": 9},
                    {"column": "Предмет", "old": None, "new": "mathematics"},
                    {"column": "Участников", "old": None, "new": 20},
                ],
            }
        ],
        "changed": [
            {
                "row": 3,
                "school_code": "990002",
                "school_name": "МБОУ СОШ № 2",
                "values": [{"column": "Участников", "old": 18, "new": 20}],
            }
        ],
        "refused": [
            {
                "row": 4,
                "school": "999999",
                "errors": [{"column": "Код ОО", "code": "unknown_school", "detail": "Школа с кодом 999999 не найдена"}],
            }
        ],
        "truncated": False,
    },
}

RUN: dict[str, Any] = {
    "id": 7,
    "school_year": "2023-2024",
    "territory_kind": "region",
    "territory_code": "99",
    "territory_label": "Демонстрационный регион",
    "methodology_id": 1,
    "methodology_label": "Методика 2023/2024",
    "status": "computed",
    "schools_count": 60,
    "summary": {"low_results": 5, "unfavourable_social": 3, "risk_zone": 4, "effective": 6},
    "created_by_name": "РЦОКО",
    "created_at": "2024-02-01T09:00:00Z",
    "duration_ms": 420,
    "order_number": None,
    "order_date": None,
    "approved_by_name": None,
    "approved_at": None,
}

RUN_SCHOOL: dict[str, Any] = {
    "school_code": "990001",
    "school_name": "МБОУ СОШ № 1",
    "municipality_code": "99-01",
    "categories": ["low_results"],
    "final_categories": ["low_results"],
    "overridden": False,
    "insufficient_data": False,
    "risk_count": 2,
    "fail_share": 0.4,
    "previous_categories": [],
    "trend": "entered",
    "trend_change": 0.15,
    "fired_rules": [{"id": "fail_share_30", "label": "Доля ниже порога", "category": "low_results", "reason": "40 %"}],
    "warnings": [],
    "objectivity_flags": [],
}

AGREED_SCHOOL: dict[str, Any] = {
    "school_code": "990001",
    "school_name": "МБОУ СОШ № 1",
    "municipality_code": "99-01",
    "school_year": "2023-2024",
    "categories": ["low_results"],
    "run_id": 7,
    "order_number": "01-12/345",
    "order_date": "2024-02-15",
    "fired_rules": [{"id": "fail_share_30", "label": "Доля ниже порога", "category": "low_results", "reason": "40 %"}],
}

EXPORT: dict[str, Any] = {
    "kind": "results",
    "columns": ["school_code", "school_year", "procedure", "grade", "subject", "participants", "below_min"],
    "total": 1,
    "rows": [
        {
            "school_code": "990001",
            "school_year": "2023-2024",
            "procedure": "ОГЭ",
            "grade": 9,
            "subject": "mathematics",
            "participants": 20,
            "below_min": 8,
        }
    ],
}


def page(item: dict[str, Any]) -> dict[str, Any]:
    """A one-item page as the shared pagination answers it."""
    return {"items": [item], "total": 1, "page": 1, "per_page": 50}
