"""Reading the archive and the letterheads, scoped in one place.

A caller reads its own reports (an administrator of the whole country every report). A letterhead belongs to
an authority: a caller sees and uses those of the territories it belongs to, its municipality's first.
"""

from __future__ import annotations

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from services.reports.archive.models import Report, ReportTemplate
from services.shared.errors import Forbidden, InvalidValue, NotFound
from services.shared.scoping import authorities, sees_everything, territory_code
from services.shared.security import Principal, Role


class ArchiveRepository:
    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal

    def reports(self) -> SelectOfScalar[Report]:
        statement = select(Report)
        if self.principal.role == Role.admin and sees_everything(self.principal.scope):
            return statement
        return statement.where(col(Report.created_by) == self.principal.subject)

    def report(self, report_id: int) -> Report:
        report = self.session.exec(self.reports().where(Report.id == report_id)).first()
        if report is None:
            raise NotFound("Отчёт не найден в вашем архиве", code="report_not_found")
        return report

    def templates(self) -> list[ReportTemplate]:
        """The active letterheads of the caller's authorities (every one for the whole country)."""
        statement = select(ReportTemplate).where(col(ReportTemplate.active)).order_by(col(ReportTemplate.report_type))
        if not sees_everything(self.principal.scope):
            statement = statement.where(col(ReportTemplate.territory_code).in_(authorities(self.principal.scope)))
        return list(self.session.exec(statement).all())

    def letterhead(self, report_type: str) -> ReportTemplate | None:
        """The caller's authority's own letterhead for the type: its municipality's, else its region's."""
        for code in authorities(self.principal.scope):
            found = self.session.exec(
                select(ReportTemplate)
                .where(
                    ReportTemplate.report_type == report_type,
                    ReportTemplate.territory_code == code,
                    col(ReportTemplate.active),
                )
                .order_by(col(ReportTemplate.uploaded_at).desc())
            ).first()
            if found is not None:
                return found
        return None

    def manages(self, template: ReportTemplate) -> bool:
        """Whether the caller may replace or remove the letterhead: its own territory's (a municipality's staff see
        their region's letterhead, which documents fall back to, but it is the region's to change)."""
        return sees_everything(self.principal.scope) or template.territory_code == territory_code(self.principal.scope)

    def upload_territory(self, code: str | None) -> tuple[str, str]:
        """(kind, code) of the authority a new letterhead belongs to: the caller's own territory (403 when another
        one is named); a caller of the whole country names it."""
        own = territory_code(self.principal.scope)
        if own is not None:
            if code and code != own:  # never silently the caller's own: it would retire their active letterhead
                raise Forbidden(
                    f"Загружать бланки можно только для своей территории ({own}), не для «{code}»",
                    code="territory_forbidden",
                )
            return self.principal.scope.kind.value, own
        if sees_everything(self.principal.scope) and code:
            return "territory", code
        detail = "Укажите код территории (региона или муниципалитета), для которой загружается бланк"
        raise InvalidValue(detail, code="territory_required", loc=["territory_code"])
