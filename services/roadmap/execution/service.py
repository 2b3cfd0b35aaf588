"""Execution of plans: evidence files and links, comments, plan indicators, the directory of responsible.

Evidence files are checked (size, and that the bytes are what the extension says) and stored under the data
directory by their sha256, so the same file uploaded twice is kept once.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from sqlmodel import Session

from services.roadmap.db import AuditEvent
from services.roadmap.execution.repository import PartyRepository
from services.roadmap.execution.schemas import CommentIn, IndicatorIn, IndicatorUpdate, PartyIn
from services.roadmap.plans.models import Activity, ActivityComment, Evidence, Party, Plan, PlanIndicator
from services.roadmap.plans.repository import PlanRepository, may_edit, may_track_school
from services.roadmap.plans.service import PlanService, sent
from services.shared import audit
from services.shared.errors import Forbidden, InvalidValue, NotFound, OporaError
from services.shared.office_files import OfficeLimits, check_office_archive
from services.shared.revisions import compare_and_set, differing, keep_unchanged
from services.shared.security import Principal, Role
from services.shared.storage import Storage, content_key
from services.shared.uploads import safe_file_name

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
ZIP, OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
SIGNATURES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF",)),
    "png": ("image/png", (b"\x89PNG",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (ZIP,)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,)),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (ZIP,)),
    "odt": ("application/vnd.oasis.opendocument.text", (ZIP,)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", (ZIP,)),
    "doc": ("application/msword", (OLE,)),
    "xls": ("application/vnd.ms-excel", (OLE,)),
    "zip": ("application/zip", (ZIP,)),
    "txt": ("text/plain; charset=utf-8", ()),
    "csv": ("text/csv; charset=utf-8", ()),
}
OFFICE_PARTS: dict[str, tuple[str, ...]] = {
    "docx": ("[Content_Types].xml", "word/document.xml"),
    "xlsx": ("[Content_Types].xml", "xl/workbook.xml"),
    "pptx": ("[Content_Types].xml", "ppt/presentation.xml"),
    "odt": ("mimetype", "content.xml"),
    "ods": ("mimetype", "content.xml"),
}
"""The parts an Office file of each kind cannot be without: a plain ZIP renamed `.docx` is not a document."""


def _content_type(file_name: str, content: bytes) -> str:
    """The stored type of an upload, or 422 when the kind is not accepted or the bytes contradict it."""
    extension = Path(file_name).suffix.lower().lstrip(".")
    if extension not in SIGNATURES:
        accepted = ", ".join(sorted(SIGNATURES))
        kind = f"Файлы «.{extension}» не принимаются" if extension else f"У файла «{file_name}» нет расширения"
        raise InvalidValue(f"{kind}; допустимы: {accepted}", code="file_type_not_allowed", loc=["file"])
    content_type, signatures = SIGNATURES[extension]
    if not signatures and not content.strip():
        raise InvalidValue("Файл пустой: в нём только пробелы и переводы строк", code="empty_file", loc=["file"])
    text_like = not signatures and b"\x00" not in content[:4096]
    if not (text_like or any(content.startswith(s) for s in signatures)):
        raise InvalidValue(
            f"Содержимое файла не похоже на «.{extension}»: файл повреждён или переименован",
            code="file_type_mismatch",
            loc=["file"],
        )
    if signatures == (ZIP,):
        _check_archive(content, extension)
    return content_type


EVIDENCE_LIMITS = OfficeLimits(
    max_uncompressed_bytes=200 * 1024 * 1024, max_cells=2_000_000, max_merged_cells=200_000, max_seconds=30
)
"""What an archive-based evidence file (DOCX, XLSX, ODT, ZIP…) may unpack to: others download and open it."""


def _check_archive(content: bytes, extension: str) -> None:
    """A real archive within `EVIDENCE_LIMITS` (its directory read, the worksheets scanned; nothing unpacked)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except Exception:  # BadZipFile, a truncated directory…
        raise InvalidValue(
            f"Содержимое файла не похоже на «.{extension}»: архив повреждён", code="file_type_mismatch", loc=["file"]
        ) from None
    if not set(OFFICE_PARTS.get(extension, ())) <= names:
        raise InvalidValue(
            f"Содержимое файла не похоже на «.{extension}»: это архив, но не документ этого вида",
            code="file_type_mismatch",
            loc=["file"],
        )
    check_office_archive(content, EVIDENCE_LIMITS)


def _check_url(url: str) -> None:
    """A link a reader can open: http(s), a site after the scheme, no space, line break or other control character
    inside (422 `invalid_url`). Before, «https://» alone and an address with a line break or a tab were stored, and
    the execution report printed the address with the break joined into a space, a link that leads nowhere."""
    if not url.startswith(("http://", "https://")) or len(url) > 2000:
        raise InvalidValue("Ссылка должна начинаться с http:// или https://", code="invalid_url", loc=["url"])
    if any(ch.isspace() or not ch.isprintable() for ch in url):
        raise InvalidValue(
            "В ссылке не должно быть пробелов, переводов строк и табуляции", code="invalid_url", loc=["url"]
        )
    if not url.split("://", 1)[1].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].strip("."):
        raise InvalidValue("В ссылке не указан адрес сайта после http:// или https://", code="invalid_url", loc=["url"])


class ExecutionService:
    def __init__(self, session: Session, principal: Principal, storage: Storage) -> None:
        self.session = session
        self.principal = principal
        self.storage = storage
        self.directory = PartyRepository(session, principal)
        self.plans = PlanRepository(session, principal)

    def _may_report(self, activity: Activity, plan: Plan, school_code: str | None) -> None:
        allowed = may_track_school(self.principal, plan, school_code) if school_code else may_edit(self.principal, plan)
        if not allowed:
            raise Forbidden("Отчитываться по этому мероприятию вы не можете", code="forbidden")
        self._school_of(activity, plan, school_code)

    def _school_of(self, activity: Activity, plan: Plan, school_code: str | None) -> None:
        """A school named by evidence or a comment is the plan's own or one taking part in the activity (404
        `school_not_in_activity`, as for its progress): an editor could name any school, another territory's too,
        which then read as that school's report."""
        if school_code is not None and school_code != plan.school_code:
            self.plans.school_row(activity, school_code)

    def add_file(
        self, activity: Activity, plan: Plan, title: str, file_name: str | None, content: bytes, school_code: str | None
    ) -> Evidence:
        self._may_report(activity, plan, school_code)
        if not content:
            raise InvalidValue("Файл пустой", code="empty_file", loc=["file"])
        if len(content) > MAX_EVIDENCE_BYTES:
            raise OporaError("Файл больше 20 МБ", code="file_too_large", status_code=413)
        file_name = safe_file_name(file_name)
        content_type = _content_type(file_name, content)
        digest = hashlib.sha256(content).hexdigest()
        evidence = self._save(
            Evidence(
                activity_id=activity.id or 0,
                school_code=school_code,
                kind="file",
                title=title or file_name,
                file_name=file_name,
                content_type=content_type,
                size=len(content),
                sha256=digest,
                storage_key=content_key(digest),
                created_by=self.principal.subject,
                created_by_name=self.principal.name,
            )
        )
        # Stored once the record is written: a record the database refuses leaves no file behind.
        self.storage.put(content_key(digest), content)
        return evidence

    def add_link(self, activity: Activity, plan: Plan, title: str, url: str, school_code: str | None) -> Evidence:
        self._may_report(activity, plan, school_code)
        url = url.strip()  # a link pasted with the line break after it is that link
        _check_url(url)
        return self._save(
            Evidence(
                activity_id=activity.id or 0,
                school_code=school_code,
                kind="link",
                title=title or url,
                url=url,
                created_by=self.principal.subject,
                created_by_name=self.principal.name,
            )
        )

    def _save(self, evidence: Evidence) -> Evidence:
        self.plans.hold_activity(evidence.activity_id)
        self.session.add(evidence)
        self.session.flush()
        audit.record(
            self.session, AuditEvent, self.principal, "add_evidence", "activity", evidence.activity_id,
            after={"evidence": evidence.title, "school_code": evidence.school_code},
        )  # fmt: skip
        return evidence

    def evidence(self, activity_id: int) -> list[Evidence]:
        return self.plans.evidence([activity_id]).get(activity_id, [])

    def file_key(self, evidence: Evidence) -> str:
        if evidence.storage_key is None:
            raise NotFound("У этого подтверждения нет файла", code="evidence_file_not_found")
        return evidence.storage_key

    def comment(self, activity: Activity, plan: Plan, data: CommentIn) -> ActivityComment:
        if not self.principal.can_write:
            raise Forbidden("Наблюдатель может только просматривать данные", code="read_only")
        self._school_of(activity, plan, data.school_code)
        self.plans.hold_activity(activity.id or 0)
        comment = ActivityComment(
            activity_id=activity.id or 0,
            school_code=data.school_code,
            text=data.text,
            created_by=self.principal.subject,
            created_by_name=self.principal.name,
        )
        self.session.add(comment)
        self.session.flush()
        return comment

    def comments(self, activity_id: int) -> list[ActivityComment]:
        return self.plans.comments(activity_id)

    def add_indicator(self, plan: Plan, data: IndicatorIn) -> PlanIndicator:
        if not may_edit(self.principal, plan):
            raise Forbidden("Изменять этот план вы не можете", code="forbidden")
        self.plans.lock(plan)  # after the last indicator: counted under the plan's lock, one adder at a time
        count = len(self.plans.indicators(plan.id or 0))
        indicator = PlanIndicator(plan_id=plan.id or 0, position=count, **data.model_dump())
        self.session.add(indicator)
        self.session.flush()
        return indicator

    def update_indicator(
        self, indicator: PlanIndicator, plan: Plan, data: IndicatorUpdate, if_match: str | None
    ) -> PlanIndicator:
        """Change an indicator's direction, targets or facts if the caller read its current revision (`If-Match`:
        428 without it, 412 on a stale one, `*` for any). The years sent are merged into the stored ones, read
        again after the compare-and-set (which holds the row on PostgreSQL), so edits sent at once with `*` apply
        one after the other and neither year is lost."""
        if not may_edit(self.principal, plan):
            raise Forbidden("Изменять этот план вы не можете", code="forbidden")
        merged = {"direction": data.direction,
                  "targets": None if data.targets is None else {**indicator.targets, **data.targets},
                  "actuals": None if data.actuals is None else {**indicator.actuals, **data.actuals}}  # fmt: skip
        if not differing(indicator, sent(merged)):
            keep_unchanged(indicator, if_match)
            return indicator
        gone = NotFound("Показатель не найден", code="indicator_not_found")
        compare_and_set(self.session, indicator, if_match, gone=gone)
        before = {"targets": indicator.targets, "actuals": indicator.actuals, "direction": indicator.direction}
        if data.direction is not None:
            indicator.direction = data.direction
        if data.targets is not None:
            indicator.targets = {**indicator.targets, **data.targets}
        if data.actuals is not None:
            indicator.actuals = {**indicator.actuals, **data.actuals}
        self.session.add(indicator)
        audit.record(
            self.session, AuditEvent, self.principal, "update", "plan_indicator", indicator.id or 0, before,
            {"targets": indicator.targets, "actuals": indicator.actuals, "direction": indicator.direction},
        )  # fmt: skip
        return indicator

    def _place(self, party: Party, plans: PlanService) -> None:
        """A party's school and municipality lie in the caller's territory, as a plan's owner must: the school is
        read from the registry with the caller's token (403 `out_of_scope` / 404 `school_not_found` outside it)
        and gives the party its municipality; a municipality named alone is one of the caller's (422
        `unknown_territory`). Before, a coordinator could file a party under another municipality's school, and
        anyone under another territory's codes, which then showed in that territory's directory."""
        if party.school_code:
            party.municipality_code = plans.school(party.school_code)["municipality_code"]
        elif party.municipality_code and party.municipality_code != self.principal.scope.municipality:
            plans._municipality_region(party.municipality_code)

    def parties(self, query: str | None) -> list[Party]:
        return self.directory.parties(query)

    def add_party(self, data: PartyIn, plans: PlanService) -> Party:
        if self.principal.role not in (
            Role.admin,
            Role.regional_analyst,
            Role.municipal_coordinator,
            Role.school_staff,
        ):
            raise Forbidden()
        party = self.directory.placed(data)
        self._place(party, plans)
        return self.directory.add(party)
