"""Hostile files sent to every upload endpoint of the real processes: each is a clean 4xx (a stable `code`, a
Russian `detail`), and nothing is stored — no record, no batch, no stray file in the storage.

The uploads: score files of a diagnostic campaign, assessment imports, plan imports (DOCX/XLSX), evidence files
of an activity, letterheads of reports. What each stores is read back after every refusal (`Upload.stored`).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import httpx
import openpyxl
import pytest
import sqlalchemy as sa

from services.identification.db import AuditEvent
from services.shared.uploads import MAX_FILE_NAME, safe_file_name
from tests.reliability.clients import audit_events, database_rows, json_of, login, no_server_errors
from tests.stack import RunningStack
from tests.support import web

pytestmark = pytest.mark.e2e

CYRILLIC = re.compile(r"[А-Яа-яЁё]")
CODE = re.compile(r"^[a-z][a-z0-9_]+$")
OWN_SCHOOL = "9901003"
"""school_staff's school, in the municipal coordinator's municipality 99-01."""
SCHOOL_YEAR = "2024-2025"


# ---------------------------------------------------------------- files


def xlsx(rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docx_file(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def plan_docx() -> bytes:
    """A plan table as a school writes it in Word: number, activity, deadline, responsible, result."""
    document = docx.Document()
    table = document.add_table(rows=3, cols=5)
    rows = [
        ["№", "Мероприятие", "Срок", "Ответственный", "Ожидаемый результат"],
        ["1", "Педагогический совет по итогам ВПР", "Сентябрь", "Директор", "Протокол"],
        ["2", "Мониторинг успеваемости", "Ежемесячно", "Заместитель директора", "Справка"],
    ]
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def declaring_huge_sizes(office: bytes, member: str) -> bytes:
    """`office` with one more member whose ZIP headers declare nearly 4 GB unpacked (a few bytes on disk):
    a reader that trusts the directory would allocate, one that unpacks would run for minutes."""
    source = zipfile.ZipFile(io.BytesIO(office))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info, source.read(info))
        archive.writestr(member, b"<worksheet/>")
    data = bytearray(out.getvalue())
    added = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(member)
    huge = (0xFFFF_FFF0).to_bytes(4, "little")
    data[added.header_offset + 22 : added.header_offset + 26] = huge  # the local header's uncompressed size
    central = data.rfind(b"PK\x01\x02")
    assert data[central + 46 : central + 46 + len(member)] == member.encode()  # the last entry is the added one
    data[central + 24 : central + 28] = huge  # the directory's
    return bytes(data)


SOCIAL_HEADER = "Код ОО;Учебный год;Количество обучающихся"
SOCIAL_CSV = f"{SOCIAL_HEADER}\n{OWN_SCHOOL};2023-2024;345\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run"
A_XLSX = xlsx([["Код ОО", "Учебный год", "Количество обучающихся"], [OWN_SCHOOL, "2023-2024", 345]])
A_DOCX = docx_file("Справка о проведении мероприятия")


HOSTILE_FILES: dict[str, tuple[str, bytes]] = {
    "empty": ("data.csv", b""),
    "zero_byte_xlsx": ("results.xlsx", b""),
    "zero_byte_docx": ("plan.docx", b""),
    "blank_lines": ("data.csv", b"\r\n \r\n\t\r\n"),
    "zip_not_office_xlsx": ("results.xlsx", zip_of({"readme.txt": b"not a workbook"})),
    "zip_not_office_docx": ("plan.docx", zip_of({"readme.txt": b"not a document"})),
    "truncated_xlsx": ("results.xlsx", A_XLSX[: len(A_XLSX) // 2]),
    "truncated_docx": ("plan.docx", A_DOCX[: len(A_DOCX) // 2]),
    "huge_declared_xlsx": ("results.xlsx", declaring_huge_sizes(A_XLSX, "xl/worksheets/sheet9.xml")),
    "huge_declared_docx": ("plan.docx", declaring_huge_sizes(A_DOCX, "word/media/image1.xml")),
    "csv_with_nul": ("data.csv", (SOCIAL_CSV + "\x00" * 20 + SOCIAL_CSV).encode()),
    "exe_renamed_pdf": ("справка.pdf", EXE),
    "exe_renamed_xlsx": ("results.xlsx", EXE),
    "exe_renamed_docx": ("plan.docx", EXE),
    "exe": ("setup.exe", EXE),
}
"""Files no endpoint may keep: case → (file name, bytes)."""


# ---------------------------------------------------------------- the endpoints


def refused(answer: httpx.Response, *statuses: int, code: str | None = None) -> dict[str, Any]:
    """The answer is a clean refusal: one of `statuses` (any 4xx when none), JSON with a machine `code` and a
    Russian `detail`."""
    assert answer.status_code < 500, (answer.request.url.path, answer.status_code, answer.text[:500])
    assert 400 <= answer.status_code < 500, (answer.status_code, answer.text[:500])
    if statuses:
        assert answer.status_code in statuses, (answer.status_code, answer.text[:500])
    assert answer.headers["content-type"].startswith("application/json"), answer.headers
    body: dict[str, Any] = answer.json()
    assert CODE.match(str(body.get("code"))), body
    assert CYRILLIC.search(str(body.get("detail"))), body
    if code is not None:
        assert body["code"] == code, body
    return body


def files_under(folder: Path) -> set[str]:
    """The stored files of a storage area, temporary parts included (a stray `.part-` counts)."""
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()


@dataclass
class Upload:
    """One upload endpoint: where to send the file, the form it needs, and what it has stored."""

    name: str
    url: str
    headers: dict[str, str]
    form: dict[str, str]
    stored: Callable[[], Any]
    limit: int
    field: str = "file"

    def send(self, file_name: str, content: bytes, content_type: str = "application/octet-stream") -> httpx.Response:
        return web.post(
            self.url, data=self.form, files={self.field: (file_name, content, content_type)}, headers=self.headers
        )

    def send_raw(self, body: bytes, content_type: str) -> httpx.Response:
        return web.post(self.url, content=body, headers=self.headers | {"Content-Type": content_type})

    def multipart(self, parts: list[tuple[str, str | None, bytes]]) -> httpx.Response:
        """A multipart body written byte by byte (file names exactly as given: control characters, quotes),
        the endpoint's form fields first."""
        boundary = "opora-hostile-boundary"
        chunks = []
        fields = [(name, None, value.encode()) for name, value in self.form.items()]
        for name, file_name, data in fields + parts:
            disposition = f'form-data; name="{name}"'.encode()
            if file_name is not None:
                disposition += b'; filename="' + file_name.encode("utf-8", "surrogateescape") + b'"'
            head = b"Content-Disposition: " + disposition + b"\r\n"
            if file_name is not None:
                head += b"Content-Type: application/octet-stream\r\n"
            chunks.append(b"--" + boundary.encode() + b"\r\n" + head + b"\r\n" + data + b"\r\n")
        body = b"".join(chunks) + b"--" + boundary.encode() + b"--\r\n"
        return self.send_raw(body, f"multipart/form-data; boundary={boundary}")


@dataclass
class Setting:
    """The records the uploads act on, made once for the module."""

    live: RunningStack
    analyst: dict[str, str]
    coordinator: dict[str, str]
    staff: dict[str, str]
    campaign: int
    other_campaign: int
    activity: int
    other_activity: int

    def url(self, path: str) -> str:
        return f"{self.live.url()}{path}"

    def scores(self, campaign: int) -> int:
        statement = sa.text("SELECT count(*) FROM competence_score WHERE campaign_id = :c").bindparams(c=campaign)
        return int(database_rows(self.live, "IDENTIFICATION", statement)[0][0])

    def evidence(self, activity: int, headers: dict[str, str] | None = None) -> list[int]:
        answer = web.get(self.url(f"/api/roadmap/activities/{activity}/evidence"), headers=headers or self.analyst)
        return sorted(e["id"] for e in json_of(answer))

    def evidence_rows(self) -> int:
        return int(database_rows(self.live, "ROADMAP", sa.text("SELECT count(*) FROM evidence"))[0][0])

    def storage(self, area: str) -> set[str]:
        return files_under(Path(self.live.env["OPORA_DATA_DIR"]) / area)

    def batches(self) -> list[int]:
        answer = web.get(self.url("/api/identification/imports/batches?per_page=200"), headers=self.analyst)
        return [b["id"] for b in json_of(answer)["items"]]

    def plans(self) -> list[int]:
        answer = web.get(self.url("/api/roadmap/plans?per_page=200"), headers=self.analyst)
        return sorted(p["id"] for p in json_of(answer)["items"])

    def templates(self) -> list[int]:
        answer = web.get(self.url("/api/reports/templates"), headers=self.analyst)
        return sorted(t["id"] for t in json_of(answer))

    def template_rows(self) -> int:
        return int(database_rows(self.live, "REPORTS", sa.text("SELECT count(*) FROM report_template"))[0][0])


def _campaign(live: RunningStack, analyst: dict[str, str], school: str, municipality: str) -> int:
    body = {
        "card_id": 1,
        "title": f"Входная диагностика {school}",
        "stage": "entry",
        "held_on": "2024-10-01",
        "school_year": SCHOOL_YEAR,
        "municipality_code": municipality,
        "school_codes": [school],
    }
    campaign = json_of(web.post(f"{live.url()}/api/identification/competence/campaigns", json=body, headers=analyst))
    teacher = {"school_code": school, "full_name": "Соколова Елена Игоревна", "position": "учитель"}
    json_of(web.post(f"{live.url()}/api/identification/competence/teachers", json=teacher, headers=analyst))
    return int(campaign["id"])


def _activity(live: RunningStack, headers: dict[str, str], school: str) -> int:
    body = {
        "kind": "other",
        "title": f"План школы {school} для подтверждений",
        "school_code": school,
        "school_year": SCHOOL_YEAR,
        "sections": [{"title": "Раздел", "activities": [{"title": "Мероприятие", "deadline_text": "Май"}]}],
    }
    plan = json_of(web.post(f"{live.url()}/api/roadmap/plans", json=body, headers=headers))
    return int(plan["sections"][0]["activities"][0]["id"])


@pytest.fixture(scope="module")
def setting(live: RunningStack) -> Setting:
    analyst = login(live, "regional_analyst")
    schools = json_of(web.get(f"{live.url()}/api/identification/schools?per_page=200", headers=analyst))["items"]
    elsewhere = next(s["school_code"] for s in schools if s["municipality_code"] != "99-01")
    other_municipality = next(s["municipality_code"] for s in schools if s["school_code"] == elsewhere)
    staff = login(live, "school_staff")
    return Setting(
        live=live,
        analyst=analyst,
        coordinator=login(live, "municipal_coordinator"),
        staff=staff,
        campaign=_campaign(live, analyst, OWN_SCHOOL, "99-01"),
        other_campaign=_campaign(live, analyst, elsewhere, other_municipality),
        activity=_activity(live, staff, OWN_SCHOOL),
        other_activity=_activity(live, analyst, elsewhere),
    )


PLAN_HEADER = '{"kind": "other", "title": "Загруженный план", "school_code": "9901003", "school_year": "2024-2025"}'


@pytest.fixture(scope="module")
def uploads(setting: Setting) -> dict[str, Upload]:
    s = setting
    return {
        "scores": Upload(
            "scores",
            s.url(f"/api/identification/competence/campaigns/{s.campaign}/scores/import"),
            s.coordinator,
            {},
            lambda: s.scores(s.campaign),
            limit=50 * 1024 * 1024,
        ),
        "imports": Upload(
            "imports",
            s.url("/api/identification/imports/social"),
            s.coordinator,
            {},
            s.batches,
            limit=50 * 1024 * 1024,
        ),
        "plans": Upload(
            "plans",
            s.url("/api/roadmap/plans/import"),
            s.staff,
            {"header": PLAN_HEADER, "dry_run": "false"},
            s.plans,
            limit=20 * 1024 * 1024,
        ),
        "evidence": Upload(
            "evidence",
            s.url(f"/api/roadmap/activities/{s.activity}/evidence"),
            s.staff,
            {"title": "Подтверждение"},
            lambda: (s.evidence(s.activity), s.evidence_rows(), s.storage("evidence")),
            limit=20 * 1024 * 1024,
        ),
        "letterheads": Upload(
            "letterheads",
            s.url("/api/reports/templates"),
            s.coordinator,
            {"report_type": "plan", "name": "Бланк управления"},
            lambda: (s.templates(), s.template_rows(), s.storage("reports")),
            limit=10 * 1024 * 1024,
        ),
    }


ENDPOINTS = ("scores", "imports", "plans", "evidence", "letterheads")


def letterhead(*extra: str) -> bytes:
    return docx_file("Управление образования", "{{ title }}", *extra)


SCORES_XLSX = xlsx([["ФИО педагога", "Оценщик", "K1.1", "K1.2"], ["Соколова Елена Игоревна", "Самооценка", 2, 1]])
GOOD: dict[str, tuple[str, bytes]] = {
    "scores": ("оценки.xlsx", SCORES_XLSX),
    "imports": ("social.csv", SOCIAL_CSV.encode()),
    "plans": ("план.docx", plan_docx()),
    "evidence": ("справка.docx", A_DOCX),
    "letterheads": ("бланк.docx", letterhead("{{p body }}")),
}
"""A file each endpoint takes."""


@pytest.fixture(params=ENDPOINTS)
def upload(request: pytest.FixtureRequest, uploads: dict[str, Upload]) -> Iterator[Upload]:
    endpoint = uploads[request.param]
    before = endpoint.stored()
    yield endpoint
    assert endpoint.stored() == before, f"{endpoint.name}: a refused upload stored something"


# ---------------------------------------------------------------- every endpoint, every hostile file


@pytest.mark.parametrize("case", sorted(HOSTILE_FILES))
def test_a_hostile_file_is_refused_and_nothing_stored(upload: Upload, case: str) -> None:
    file_name, content = HOSTILE_FILES[case]
    refused(upload.send(file_name, content), 413, 415, 422)


def test_a_file_over_the_limit_is_413(upload: Upload) -> None:
    body = refused(upload.send("big.csv", SOCIAL_CSV.encode() + b"1" * upload.limit), 413)
    assert body["code"] in ("file_too_large", "payload_too_large"), body


def test_a_multipart_without_a_file_part_is_422(upload: Upload) -> None:
    refused(upload.multipart([("other", None, b"value")]), 422)
    refused(upload.multipart([("file", None, SOCIAL_CSV.encode())]), 422)  # a text field, not a file


@pytest.mark.parametrize(
    "upload",
    [
        "scores",
        "imports",
        "plans",
        "evidence",
        "letterheads",
    ],
    indirect=True,
)
def test_two_file_parts_are_refused(upload: Upload) -> None:
    """Two good files where one is expected: which one would be kept is a guess, so neither is."""
    name, content = GOOD[upload.name]
    refused(upload.multipart([("file", name, content), ("file", f"второй-{name}", content)]), code="multiple_files")


def test_a_thousand_file_parts_are_400(upload: Upload) -> None:
    refused(upload.multipart([("file", f"{n}.csv", b"1") for n in range(1001)]), 400, code="too_many_parts")


def test_a_reader_cannot_upload(setting: Setting, upload: Upload) -> None:
    name, content = GOOD[upload.name]
    observer = login(setting.live, "observer")
    answer = web.post(upload.url, data=upload.form, files={"file": (name, content)}, headers=observer)
    refused(answer, 403)


def test_a_body_that_is_not_multipart_is_422(upload: Upload) -> None:
    refused(upload.send_raw(A_XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), 422)
    refused(upload.send_raw(b'{"file": "x"}', "application/json"), 422)
    refused(upload.send_raw(b"--x\r\nbroken", "multipart/form-data; boundary=x"), 400, 422)


@pytest.mark.parametrize(
    "file_name", ["../../etc/passwd", "..\\..\\x.exe", "a" * 300 + ".exe", "plan\x00.exe", "plan\r\nX-Injected: 1.exe"]
)
def test_hostile_names_of_a_bad_file_are_refused(upload: Upload, file_name: str) -> None:
    refused(upload.multipart([("file", file_name, EXE)]), 413, 415, 422)


def test_a_file_name_longer_than_the_multipart_parser_reads_is_400(upload: Upload) -> None:
    refused(upload.multipart([("file", "а" * 5000 + ".docx", A_DOCX)]), 400, code="invalid_multipart")


def test_a_pasted_plan_over_the_form_fields_limit_is_413_in_russian(
    setting: Setting, uploads: dict[str, Upload]
) -> None:
    """The form parser reads a field of at most 1 MiB; over it, its English 400 «Part exceeded maximum size» was
    answered as a bare «Некорректный запрос»."""
    plans = uploads["plans"]
    before = plans.stored()
    text = "№\tМероприятие\tСрок\n" + "1\tМетодический семинар для учителей математики\tоктябрь 2024\n" * 12_000
    answer = web.post(plans.url, data=plans.form | {"text": text, "dry_run": "false"}, headers=plans.headers)
    body = refused(answer, 413, code="form_field_too_large")
    assert "файлом" in body["detail"]
    assert plans.stored() == before


HOSTILE_NAMES = {
    "../../etc/справка.docx": "справка.docx",
    "..\\..\\windows\\справка.docx": "справка.docx",
    "справка\x00.docx": "справка.docx",
    "справка\t\x01\x7f.docx": "справка.docx",
    "отчёт\u202excod.docx": "отчётxcod.docx",
    "я" * 400 + ".docx": "я" * 250 + ".docx",
}


@pytest.mark.parametrize("endpoint", ["evidence", "letterheads"])
def test_a_good_file_under_a_hostile_name_is_kept_under_its_last_plain_segment(
    setting: Setting, uploads: dict[str, Upload], endpoint: str
) -> None:
    """The stored name is the last path segment without control characters (NUL was a 422 on PostgreSQL after the
    file was already in storage: a stray file), and the download offers that name."""
    upload = uploads[endpoint]
    content = GOOD[endpoint][1]
    for hostile, kept in HOSTILE_NAMES.items():
        answer = upload.multipart([("file", hostile, content)])
        assert answer.status_code == 201, (hostile, answer.status_code, answer.text[:300])
        assert answer.json()["file_name"] == kept, answer.json()
    if upload.name == "evidence":
        evidence = json_of(
            web.get(setting.url(f"/api/roadmap/activities/{setting.activity}/evidence"), headers=setting.staff)
        )
        download = web.get(setting.url(f"/api/roadmap/evidence/{evidence[-1]['id']}/file"), headers=setting.staff)
        assert download.status_code == 200 and download.content == content
        assert "\r" not in download.headers["content-disposition"]


# ---------------------------------------------------------------- what the cells say


FORMULA_ROWS: list[list[Any]] = [
    ["Код ОО", "Учебный год", "Количество обучающихся"],
    [OWN_SCHOOL, "2023-2024", "=1/0"],
    [OWN_SCHOOL, "2022-2023", "#REF!"],
    [OWN_SCHOOL, "2021-2022", "01.09.2021"],
    ['=HYPERLINK("http://evil","9901003")', "2020-2021", 10],
]


def test_formulas_errors_and_dates_in_an_import_are_rows_refused(setting: Setting, uploads: dict[str, Upload]) -> None:
    """`#REF!`, a date where a number goes and a formula where the school's code goes are the rows' errors, each
    named; a formula with no value computed (a file no spreadsheet has opened) is an empty cell."""
    upload = uploads["imports"]
    before = upload.stored()
    body = refused(upload.send("social.xlsx", xlsx(FORMULA_ROWS)), 422, code="import_rejected")
    assert body["report"]["rows_rejected"] == 3, body["report"]
    assert {field["loc"][1] for field in body["fields"]} == {3, 4, 5}, body["fields"]
    assert upload.stored() == before


def test_formulas_and_errors_in_a_score_file_are_rows_refused(setting: Setting, uploads: dict[str, Upload]) -> None:
    upload = uploads["scores"]
    rows: list[list[Any]] = [
        ["ФИО педагога", "Оценщик", "K1.1", "K1.2", "K1.3"],
        ["Соколова Елена Игоревна", "Самооценка", "=1+1", "#REF!", "2024-05-01"],
        ["=A2", "Руководитель ШМО", 2, 2, 2],
    ]
    before = upload.stored()
    body = refused(upload.send("оценки.xlsx", xlsx(rows)), 422, code="rows_invalid")
    # K1.1 "=1+1" has no value computed: left unscored, as a blank cell is
    assert {tuple(field["loc"][1:]) for field in body["fields"]} == {(2, "K1.2"), (2, "K1.3"), (3, "teacher")}, body
    assert upload.stored() == before


def test_formulas_in_a_plan_file_are_text_never_a_500(setting: Setting, uploads: dict[str, Upload]) -> None:
    rows: list[list[Any]] = [
        ["№", "Мероприятие", "Срок", "Ответственный", "Ожидаемый результат"],
        ["1", '=HYPERLINK("http://evil","Совещание")', "#REF!", "=A1", "#DIV/0!"],
        ["2", "Мониторинг", "2024-13-45", "Директор", "=1/0"],
    ]
    upload = uploads["plans"]
    before = upload.stored()
    answer = web.post(
        upload.url,
        data={"header": PLAN_HEADER, "dry_run": "true"},
        files={"file": ("план.xlsx", xlsx(rows))},
        headers=upload.headers,
    )
    if answer.status_code != 200:
        refused(answer, 422)
    assert upload.stored() == before


def test_a_plan_file_and_a_pasted_table_at_once_are_refused(setting: Setting, uploads: dict[str, Upload]) -> None:
    """Both sources in one request: one of them would be dropped without a word (the file was read, the text
    ignored), so neither is taken."""
    upload = uploads["plans"]
    before = upload.stored()
    answer = web.post(
        upload.url,
        data={"header": PLAN_HEADER, "dry_run": "false", "text": "№\tМероприятие\n1\tДругое мероприятие"},
        files={"file": GOOD["plans"]},
        headers=upload.headers,
    )
    refused(answer, 422, code="plan_source_ambiguous")
    assert upload.stored() == before


def _encoded(text: str) -> dict[str, bytes]:
    return {
        "utf-8": text.encode(),
        "utf-8-bom": b"\xef\xbb\xbf" + text.encode(),
        "cp1251": text.encode("cp1251"),
        "utf-16": text.encode("utf-16"),
    }


def test_csv_in_every_encoding_reads_the_same(setting: Setting, uploads: dict[str, Upload]) -> None:
    """cp1251, UTF-8 with a BOM and UTF-16 (Excel's «Unicode text», tab-separated) are read as the same rows."""
    upload = uploads["imports"]
    before = upload.stored()
    reports = {}
    for name, content in _encoded(SOCIAL_CSV).items() | _encoded(SOCIAL_CSV.replace(";", "\t")).items():
        answer = web.post(
            upload.url, data={"dry_run": "true"}, files={"file": ("social.csv", content)}, headers=upload.headers
        )
        report = json_of(answer)
        reports[name] = (report["rows_total"], report["rows_valid"])
    assert set(reports.values()) == {(1, 1)}, reports
    assert upload.stored() == before


def test_a_score_csv_in_every_encoding_writes_the_same_scores(setting: Setting, uploads: dict[str, Upload]) -> None:
    """The same scores in four encodings: each upload is read alike and writes the same two scores (a retry
    replaces, never adds)."""
    upload = uploads["scores"]
    text = "ФИО педагога;Оценщик;K1.1;K1.2\nСоколова Елена Игоревна;Руководитель ШМО;2;оптимальный\n"
    stored = []
    for name, content in _encoded(text).items():
        answer = upload.send(f"оценки-{name}.csv", content, "text/csv")
        assert json_of(answer)["scores"] == 2, (name, answer.text)
        stored.append(setting.scores(setting.campaign))
    assert len(set(stored)) == 1, stored


def test_a_plan_csv_in_every_encoding_reads_the_same(setting: Setting, uploads: dict[str, Upload]) -> None:
    upload = uploads["plans"]
    text = "№;Мероприятие;Срок;Ответственный\n1;Педагогический совет;Сентябрь;Директор\n2;Мониторинг;Май;Завуч\n"
    counts = {}
    for name, content in _encoded(text).items():
        answer = web.post(
            upload.url,
            data={"header": PLAN_HEADER, "dry_run": "true"},
            files={"file": ("план.csv", content)},
            headers=upload.headers,
        )
        counts[name] = json_of(answer)["activities"]
    assert set(counts.values()) == {2}, counts


def test_csv_with_nul_bytes_in_text_is_refused(setting: Setting, uploads: dict[str, Upload]) -> None:
    for name in ("imports", "scores", "plans"):
        upload = uploads[name]
        before = upload.stored()
        content = SOCIAL_CSV.encode("cp1251").replace(b"345", b"3\x004\x005")
        refused(upload.send("data.csv", content, "text/csv"), 422)
        assert upload.stored() == before, name


def test_the_part_content_type_is_not_trusted(setting: Setting, uploads: dict[str, Upload]) -> None:
    """A declared type never decides: an XLSX sent as text/csv is read as the workbook it is; an EXE declared
    application/pdf is refused; a PDF declared an executable is kept as a PDF."""
    imports = uploads["imports"]
    answer = web.post(
        imports.url,
        data={"dry_run": "true"},
        files={"file": ("social.csv", A_XLSX, "text/csv")},
        headers=imports.headers,
    )
    assert json_of(answer)["rows_valid"] == 1, answer.text
    evidence = uploads["evidence"]
    before = evidence.stored()
    refused(evidence.send("справка.pdf", EXE, "application/pdf"), 422, code="file_type_mismatch")
    assert evidence.stored() == before
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    kept = json_of(evidence.send("справка.pdf", pdf, "application/x-msdownload"))
    assert kept["content_type"] == "application/pdf", kept


# ---------------------------------------------------------------- retries


def _retry_body(upload: Upload, name: str, content: bytes, boundary: str) -> tuple[bytes, str]:
    request = httpx.Request(
        "POST", upload.url, data=upload.form, files={"file": (name, content)}, headers={"X-B": boundary}
    )
    body = request.read()
    old = request.headers["content-type"].split("boundary=")[1]
    return body.replace(old.encode(), boundary.encode()), f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_an_upload_retried_with_its_key_is_done_once(
    setting: Setting, uploads: dict[str, Upload], endpoint: str
) -> None:
    """The same upload sent again with its `Idempotency-Key` (the same bytes, or a client's rebuilt body with a
    new multipart boundary) answers what the first answered, and stores nothing more."""
    upload = uploads[endpoint]
    name, content = GOOD[endpoint]
    key = {"Idempotency-Key": f"hostile-files-retry-{endpoint}"}
    answers = []
    for boundary in ("first-boundary-0001", "first-boundary-0001", "rebuilt-boundary-02"):
        body, content_type = _retry_body(upload, name, content, boundary)
        answers.append(
            web.post(upload.url, content=body, headers=upload.headers | key | {"Content-Type": content_type})
        )
        if len(answers) == 1:
            assert answers[0].status_code < 300, answers[0].text[:500]
            stored = upload.stored()
    no_server_errors(answers)
    assert [a.status_code for a in answers] == [answers[0].status_code] * 3, [a.text[:300] for a in answers]
    assert [a.headers.get("idempotent-replayed") for a in answers] == [None, "true", "true"]
    assert upload.stored() == stored


def test_an_import_retried_without_a_key_changes_nothing_more(setting: Setting, uploads: dict[str, Upload]) -> None:
    upload = uploads["imports"]
    content = f"{SOCIAL_HEADER}\n{OWN_SCHOOL};2019-2020;123\n".encode()
    first = json_of(upload.send("social-retry.csv", content))
    batches = upload.stored()
    second = json_of(upload.send("social-retry.csv", content))
    assert (first["status"], second["status"]) == ("applied", "unchanged"), (first, second)
    assert upload.stored() == batches


# ---------------------------------------------------------------- letterheads


@pytest.mark.parametrize(
    ("paragraphs", "code", "fields"),
    [
        (("{{ title }}",), "missing_template_fields", {"body"}),
        (("{{p body }}",), "missing_template_fields", {"title"}),
        (("{{ title }} и {{ body }} в одном абзаце",), "missing_template_fields", {"body"}),
        (("{{ title }}", "{{p body }}", "{{ secret_key }}"), "unknown_template_fields", {"secret_key"}),
        (("{{ title", "{{p body }}"), "invalid_template", set()),
    ],
)
def test_a_letterhead_without_the_fields_it_needs_is_refused(
    setting: Setting, uploads: dict[str, Upload], paragraphs: tuple[str, ...], code: str, fields: set[str]
) -> None:
    upload = uploads["letterheads"]
    before = upload.stored()
    body = refused(upload.send("бланк.docx", docx_file(*paragraphs)), 422, code=code)
    assert {field["loc"][-1] for field in body["fields"]} == fields, body
    assert upload.stored() == before


def macro_enabled(document: bytes) -> bytes:
    """`document` as Word saves a document with macros (DOCM) renamed `.docx`: another main part type and a
    `vbaProject.bin`."""
    source = zipfile.ZipFile(io.BytesIO(document))
    members = {info.filename: source.read(info) for info in source.infolist()}
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
    )
    members["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0" + b"\x00" * 512
    return zip_of(members)


def test_a_letterhead_with_macros_is_refused(setting: Setting, uploads: dict[str, Upload]) -> None:
    upload = uploads["letterheads"]
    before = upload.stored()
    refused(upload.send("бланк.docx", macro_enabled(GOOD["letterheads"][1])), 422, code="invalid_template")
    assert upload.stored() == before


@pytest.mark.parametrize(
    "header",
    [
        "",
        "{",
        "[]",
        '{"kind": "other"}',
        '{"kind": "other", "title": "План", "school_code": "9901003", "school_year": "2024-2025", "extra": '
        + "1" * 5000
        + "}",
        PLAN_HEADER.replace("2024-2025", "2024-2026"),
    ],
)
def test_a_plan_import_with_a_bad_header_is_refused(setting: Setting, uploads: dict[str, Upload], header: str) -> None:
    upload = uploads["plans"]
    before = upload.stored()
    answer = web.post(
        upload.url, data={"header": header, "dry_run": "false"}, files={"file": GOOD["plans"]}, headers=upload.headers
    )
    refused(answer, 422)
    assert upload.stored() == before


# ---------------------------------------------------------------- another territory's records


def test_uploads_to_another_territory_are_refused_and_store_nothing(
    setting: Setting, uploads: dict[str, Upload]
) -> None:
    """A municipal coordinator (and a school's staff) aim uploads at a school or territory outside their own."""
    s = setting
    elsewhere_campaign = s.url(f"/api/identification/competence/campaigns/{s.other_campaign}/scores/import")
    answer = web.post(elsewhere_campaign, files={"file": GOOD["scores"]}, headers=s.coordinator)
    refused(answer, 403, 404)
    assert s.scores(s.other_campaign) == 0

    imports = uploads["imports"]
    batches = imports.stored()
    foreign = json_of(web.get(s.url(f"/api/identification/competence/campaigns/{s.other_campaign}"), headers=s.analyst))
    school = foreign["school_codes"][0]
    body = refused(imports.send("social.csv", f"{SOCIAL_HEADER}\n{school};2023-2024;99\n".encode()), 422)
    assert body["code"] == "import_rejected" and body["report"]["rows_rejected"] == 1, body
    assert imports.stored() == batches

    evidence, plans, letterheads = uploads["evidence"], uploads["plans"], uploads["letterheads"]
    before = (s.evidence(s.other_activity), evidence.stored(), plans.stored(), letterheads.stored())
    for headers in (s.staff, s.coordinator):
        answer = web.post(
            s.url(f"/api/roadmap/activities/{s.other_activity}/evidence"),
            data={"title": "Чужое"},
            files={"file": GOOD["evidence"]},
            headers=headers,
        )
        refused(answer, 403, 404)
        header = PLAN_HEADER.replace(OWN_SCHOOL, school)
        answer = web.post(
            plans.url, data={"header": header, "dry_run": "false"}, files={"file": GOOD["plans"]}, headers=headers
        )
        refused(answer, 403, 404)
    answer = web.post(
        letterheads.url,
        data={"report_type": "plan", "name": "Чужой бланк", "territory_code": foreign["municipality_code"]},
        files={"file": GOOD["letterheads"]},
        headers=s.coordinator,
    )
    refused(answer, 403, code="territory_forbidden")
    assert (s.evidence(s.other_activity), evidence.stored(), plans.stored(), letterheads.stored()) == before


def test_a_municipality_sees_its_regions_letterhead_but_cannot_remove_or_replace_it(
    setting: Setting, uploads: dict[str, Upload]
) -> None:
    """Documents of a municipality fall back to its region's letterhead, so its staff see it; removing it (or
    offering «Заменить» on it) used to be open to them as well."""
    s, letterheads = setting, uploads["letterheads"]
    form = {"report_type": "school_card", "name": "Бланк министерства"}
    regional = json_of(web.post(letterheads.url, data=form, files={"file": GOOD["letterheads"]}, headers=s.analyst))
    assert regional["territory_code"] == "99" and regional["manageable"] is True
    seen = {t["id"]: t for t in json_of(web.get(letterheads.url, headers=s.coordinator))}
    assert seen[regional["id"]]["manageable"] is False
    assert all(t["manageable"] == (t["territory_code"] == "99-01") for t in seen.values())
    refused(web.delete(f"{letterheads.url}/{regional['id']}", headers=s.coordinator), 403, code="territory_forbidden")
    assert regional["id"] in {t["id"] for t in json_of(web.get(letterheads.url, headers=s.analyst))}
    assert web.delete(f"{letterheads.url}/{regional['id']}", headers=s.analyst).status_code == 204


# ---------------------------------------------------------------- refused by the database


def test_a_record_the_database_refuses_leaves_no_file(setting: Setting, uploads: dict[str, Upload]) -> None:
    """A NUL in the title is refused by PostgreSQL when the record is written (SQLite keeps it). The file used to
    go to the storage before the record, and stayed there, referenced by nothing, once the record was refused."""
    for name, form in (("evidence", {"title": "Под\x00тверждение"}), ("letterheads", {"name": "Бланк\x00"})):
        upload = uploads[name]
        before = upload.stored()
        content = GOOD[name][1] + b"\0" * 7  # new bytes, so a new file in the storage
        answer = web.post(
            upload.url, data=upload.form | form, files={"file": ("файл.docx", content)}, headers=upload.headers
        )
        if answer.status_code == 201:  # SQLite: the record and its one file
            assert len(upload.stored()[2] - before[2]) == 1, name
            continue
        refused(answer, 422, code="invalid_value")
        assert upload.stored() == before, name


def test_a_score_file_under_a_hostile_name_is_audited_under_its_plain_name(
    setting: Setting, uploads: dict[str, Upload]
) -> None:
    upload = uploads["scores"]
    for hostile, kept in HOSTILE_NAMES.items():
        answer = upload.multipart([("file", hostile.replace(".docx", ".xlsx"), SCORES_XLSX)])
        assert json_of(answer)["scores"] == 2, hostile
        events = audit_events(setting.live, "IDENTIFICATION", AuditEvent, "diagnostic_campaign", str(setting.campaign))
        assert events[-1].after["file"] == kept.replace(".docx", ".xlsx"), events[-1]


def test_an_import_under_a_hostile_name_is_kept_under_its_plain_name(
    setting: Setting, uploads: dict[str, Upload]
) -> None:
    upload = uploads["imports"]
    for number, hostile in enumerate(HOSTILE_NAMES):
        content = f"{SOCIAL_HEADER}\n{OWN_SCHOOL};2010-2011;{500 + number}\n".encode()
        name = hostile.replace(".docx", ".csv")
        answer = upload.multipart([("file", name, content)])
        assert answer.status_code == 200, (hostile, answer.text[:300])
        assert answer.json()["file_name"] == safe_file_name(name), answer.json()  # its rules: the test below


def test_the_kept_name_of_a_file() -> None:
    """The rules `safe_file_name` applies to the names the tests above send through HTTP, and the names with
    nothing left."""
    for hostile, kept in HOSTILE_NAMES.items():
        assert safe_file_name(hostile) == kept
    assert [safe_file_name(name) for name in (None, "", "..", "../", "a/..", " . ", "\x00")] == ["файл"] * 7
    assert safe_file_name("c:\\Users\\Иван\\план.final.docx") == "план.final.docx"
    long = safe_file_name("п" * 300 + "." + "x" * 30)
    assert len(long) == MAX_FILE_NAME and long.endswith("." + "x" * 19)
