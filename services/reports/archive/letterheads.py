"""Authorities' own DOCX letterheads: validated on upload, stored by checksum, one active per type and territory."""

from __future__ import annotations

import hashlib

from sqlmodel import Session, col, update

from services.reports.archive.models import ReportTemplate
from services.reports.archive.repository import ArchiveRepository
from services.reports.db import AuditEvent
from services.reports.rendering.render import TemplateError, validate_template
from services.shared import audit
from services.shared.db import advisory_lock
from services.shared.errors import FieldError, Forbidden, InvalidValue, NotFound, OporaError
from services.shared.remote import RemoteService
from services.shared.revisions import changed_ids
from services.shared.security import Principal, Role
from services.shared.storage import Storage
from services.shared.uploads import safe_file_name

MAX_TEMPLATE_BYTES = 10 * 1024 * 1024
UPLOADERS = (Role.admin, Role.regional_analyst, Role.municipal_coordinator)


class TemplateService:
    def __init__(
        self, session: Session, principal: Principal, storage: Storage, registry: RemoteService | None = None
    ) -> None:
        """`registry`: the identification service as the caller, to find the territory a letterhead is named for."""
        self.session = session
        self.principal = principal
        self.storage = storage
        self.registry = registry
        self.repository = ArchiveRepository(session, principal)

    def visible(self) -> list[ReportTemplate]:
        return self.repository.templates()

    def manages(self, template: ReportTemplate) -> bool:
        """Whether the caller may replace or remove the letterhead."""
        return self.principal.role in UPLOADERS and self.repository.manages(template)

    def upload(
        self, report_type: str, name: str, file_name: str | None, content: bytes, territory_code: str | None
    ) -> ReportTemplate:
        if self.principal.role not in UPLOADERS:
            raise Forbidden("Загружать бланки может управление образования", code="forbidden")
        if len(content) > MAX_TEMPLATE_BYTES:
            raise OporaError("Шаблон больше 10 МБ", code="file_too_large", status_code=413)
        kind, code = self.repository.upload_territory(territory_code)  # before the costly trial render
        if kind == "territory":
            kind, code = self._named_territory(code)
        try:
            fields = validate_template(content)
        except TemplateError as error:
            raise InvalidValue(
                error.detail,
                code=error.code,
                fields=[
                    FieldError(loc=["file", field], code=error.code, detail=error.detail) for field in error.fields
                ],
            ) from None
        # One upload of a type and territory at a time: a second one waits, then retires the first one's letterhead
        # (the partial unique index `uq_report_template_one_active` is the database's guarantee of one active).
        advisory_lock(self.session, f"letterhead:{report_type}:{code}")
        retired = self._retire(report_type, code)
        checksum = hashlib.sha256(content).hexdigest()
        key = f"templates/{checksum}.docx"
        template = ReportTemplate(
            report_type=report_type,
            territory_kind=kind,
            territory_code=code,
            name=name,
            file_name=safe_file_name(file_name, "бланк.docx"),
            checksum=checksum,
            storage_key=key,
            fields=sorted(fields),
            uploaded_by=self.principal.subject,
            uploaded_by_name=self.principal.name,
        )
        self.session.add(template)
        self.session.flush()
        audit.record(self.session, AuditEvent, self.principal, "upload", "report_template", template.id or 0,
                     after={"type": report_type, "territory": code, "checksum": checksum})  # fmt: skip
        for older_id in retired:
            audit.record(self.session, AuditEvent, self.principal, "deactivate", "report_template", older_id,
                         after={"replaced_by": template.id})  # fmt: skip
        # Stored once the record is written: a record the database refuses leaves no file behind.
        self.storage.put(key, content)
        return template

    def _named_territory(self, code: str) -> tuple[str, str]:
        """(kind, code) of the region or municipality a caller of the whole country names; 422 for a code of no
        authority (a school's, a typo, blank): its letterhead would never be used and would be listed as if."""
        code = code.strip()
        regions = self.registry.get("/api/identification/territories") if self.registry and code else []
        for region in regions:
            if region["code"] == code:
                return "region", code
            if any(municipality["code"] == code for municipality in region["municipalities"]):
                return "municipality", code
        detail = f"Нет региона или муниципалитета с кодом «{code}»: бланк загружают для органа управления"
        raise InvalidValue(detail, code="unknown_territory", loc=["territory_code"])

    def _retire(self, report_type: str, code: str) -> list[int]:
        """Take the type and territory's active letterhead out of use; the ids retired, each audited by the caller.

        A compare-and-set on `active` (`UPDATE … WHERE active RETURNING id`): a removal of the same letterhead
        committed meanwhile (its statement holds the row until then) makes this one find it inactive, so the
        letterhead is taken out of use once, with one audit record, whichever came first."""
        statement = (
            update(ReportTemplate)
            .where(
                col(ReportTemplate.report_type) == report_type,
                col(ReportTemplate.territory_code) == code,
                col(ReportTemplate.active),
            )
            .values(active=False)
        )
        return changed_ids(self.session, statement, col(ReportTemplate.id))

    def deactivate(self, template_id: int) -> None:
        template = self.session.get(ReportTemplate, template_id)
        if template is None or template not in self.visible():
            raise NotFound("Бланк не найден", code="template_not_found")
        if self.principal.role not in UPLOADERS:
            raise Forbidden("Удалять бланки может управление образования", code="forbidden")
        if not self.manages(template):
            raise Forbidden(
                f"Снять бланк может только та территория, чей он ({template.territory_code})",
                code="territory_forbidden",
            )
        # A compare-and-set on `active`: of removals at once one removes (one audit event), the others find the
        # letterhead already removed, a 404 as one after another would.
        removed = self.session.execute(
            update(ReportTemplate)
            .where(col(ReportTemplate.id) == template_id, col(ReportTemplate.active))
            .values(active=False)
            .execution_options(synchronize_session=False)
        )
        if getattr(removed, "rowcount", 0) != 1:
            raise NotFound("Бланк не найден", code="template_not_found")
        audit.record(self.session, AuditEvent, self.principal, "deactivate", "report_template", template_id)
