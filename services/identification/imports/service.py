"""Imports: parse → validate → diff → write, with one answer shape (`ImportReport`) for files, JSON and frames.

`ImportService.import_frame` is the core, usable without HTTP (the demo loader and the benchmarks call it).
A batch is all-or-nothing: with any bad row and without `keep_valid`, nothing is written and the answer is 422
`import_rejected`. Re-importing what is stored changes nothing and writes no batch (status `unchanged`).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import orjson
import pandas as pd
from sqlalchemy import func, insert
from sqlmodel import Session, col, select

from services.identification.db import AuditEvent
from services.identification.imports import preview, server_diff, store
from services.identification.imports.kinds import KINDS, SCHOOL_NAME, TYPE_LABELS, ColumnSpec, KindGroup, KindSpec
from services.identification.imports.models import ImportBatch, IndicatorRevision
from services.identification.imports.parsing import ParsedTable, empty_file, frame_table, json_table, read_table
from services.identification.imports.resolve import Resolver
from services.identification.imports.schemas import (
    BatchDetail,
    BatchRead,
    ColumnRead,
    ImportPreview,
    ImportReport,
    KindRead,
    RevisionRead,
    RowError,
)
from services.identification.imports.validation import MAX_LISTED_ERRORS, Validated, validate
from services.identification.registry.models import School, SchoolAlias, normalize_name
from services.identification.registry.repository import RegistryRepository
from services.shared import audit
from services.shared.audit import utcnow
from services.shared.db import advisory_lock
from services.shared.errors import FieldError, Forbidden, InvalidValue, NotFound, OporaError
from services.shared.pagination import PageParams, paginate
from services.shared.pauses import pause_point
from services.shared.security import Principal, Role
from services.shared.vocabulary import plural

PREVIEW_ROWS = 20
INDICATOR_ROLES = (Role.admin, Role.regional_analyst, Role.municipal_coordinator)
REGISTRY_ROLES = (Role.admin, Role.regional_analyst)
SEE_ALL_BATCHES = (Role.admin, Role.regional_analyst)


class ImportRejected(OporaError):
    """422 `import_rejected`: bad rows and no `keep_valid`; carries the full report for the answer."""

    status_code = 422
    code = "import_rejected"

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        fields = [FieldError(loc=["row", e.row, e.column or ""], code=e.code, detail=e.detail) for e in report.errors]
        rows = plural(report.rows_total, "строки", "строк", "строк")
        super().__init__(
            f"Данные не загружены: ошибки в {report.rows_rejected} из {rows}. Исправьте их "
            "или загрузите только верные строки (keep_valid)",
            fields=fields,
        )


def preview_outdated() -> OporaError:
    return OporaError(
        "После проверки файла эти данные изменил другой импорт: проверьте файл ещё раз, прежде чем загружать",
        code="preview_outdated",
        status_code=412,
    )


def invalid_preview_token() -> InvalidValue:
    return InvalidValue(
        "Такой preview_token не выдавала пробная загрузка этих данных: проверьте файл (dry_run) и отправьте "
        "preview_token из её ответа",
        code="invalid_preview_token",
        loc=["body", "preview_token"],
    )


def _given_before(token: str, current: str) -> bool:
    """Whether a preview of this kind could have given `token` before the data became `current` (both
    `<kind>:<latest batch id>`, ids only growing): then the data moved on since (412). A token of another kind, of
    no number or naming an import yet to come was never given (422), not outdated by another import."""
    kind, _, latest = current.partition(":")
    named, colon, number = token.partition(":")
    if named != kind or not colon or not number.isascii() or not number.isdigit() or len(number) > len(latest):
        return False
    return str(int(number)) == number and int(number) < int(latest)


def kind_spec(name: str) -> KindSpec:
    """The kind by name, or 404 `unknown_import_kind`."""
    spec = KINDS.get(name)
    if spec is None:
        known = ", ".join(KINDS)
        raise NotFound(f"Неизвестный вид данных «{name}». Известные виды: {known}", code="unknown_import_kind")
    return spec


def _checksum_of_rows(rows: Any) -> str:
    """SHA-256 of the rows as sorted-key JSON (orjson; the standard encoder for what orjson cannot write, such
    as integers beyond 64 bits)."""
    try:
        data = orjson.dumps(rows, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:
        data = json.dumps(rows, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


class ImportService:
    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal

    # --- entry points -----------------------------------------------------------------------------------

    def import_file(
        self,
        kind: str,
        content: bytes,
        file_name: str,
        *,
        dry_run: bool = False,
        keep_valid: bool = False,
        preview_token: str | None = None,
    ) -> ImportReport:
        spec = self.authorize(kind)
        table = read_table(content, file_name, spec)
        checksum = hashlib.sha256(content).hexdigest()
        return self._run(
            spec, table, file_name, checksum, dry_run=dry_run, keep_valid=keep_valid, preview_token=preview_token
        )

    def import_rows(
        self,
        kind: str,
        rows: list[dict[str, Any]],
        source: str,
        *,
        dry_run: bool = False,
        keep_valid: bool = False,
        preview_token: str | None = None,
    ) -> ImportReport:
        spec = self.authorize(kind)
        if "\x00" in source:  # PostgreSQL would refuse it only once a batch is written, SQLite would keep it
            raise InvalidValue(
                "Имя выгрузки содержит недопустимый нулевой символ (\\0)", code="invalid_value", loc=["body", "source"]
            )
        if not rows:
            raise empty_file()
        table = json_table(rows)
        checksum = _checksum_of_rows(rows)
        return self._run(
            spec, table, source, checksum, dry_run=dry_run, keep_valid=keep_valid, preview_token=preview_token
        )

    def import_frame(
        self,
        kind: str,
        frame: pd.DataFrame,
        *,
        source: str = "Данные",
        dry_run: bool = False,
        keep_valid: bool = False,
    ) -> ImportReport:
        """Import an in-memory frame (canonical columns or header aliases); row n of the frame is row n + 2."""
        spec = self.authorize(kind)
        if frame.empty:
            raise empty_file()
        checksum = hashlib.sha256(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes()).hexdigest()
        table = frame_table(frame)
        return self._run(spec, table, source, checksum, dry_run=dry_run, keep_valid=keep_valid)

    def authorize(self, kind: str) -> KindSpec:
        spec = kind_spec(kind)
        allowed = REGISTRY_ROLES if spec.group == KindGroup.registry else INDICATOR_ROLES
        if self.principal.role not in allowed:
            raise Forbidden(f"Загружать данные вида «{spec.label}» вашей роли нельзя")
        return spec

    # --- the pipeline -----------------------------------------------------------------------------------

    def _run(
        self,
        kind: KindSpec,
        table: ParsedTable,
        source: str,
        checksum: str,
        *,
        dry_run: bool,
        keep_valid: bool,
        preview_token: str | None = None,
    ) -> ImportReport:
        if not dry_run:
            # One import of a kind at a time: the diff below then sees what a concurrent upload of the same
            # file has just written, and finds nothing left to change (status `unchanged`, no batch). Per kind,
            # not per territory: a region's and its municipality's uploads touch the same schools.
            advisory_lock(self.session, f"import:{kind.name}")
            if preview_token is not None and preview_token != (current := self._data_token(kind)):
                raise preview_outdated() if _given_before(preview_token, current) else invalid_preview_token()
        # A preview's token names the data as it was before the preview read it: read after the diff, it could
        # name an import that landed meanwhile (PostgreSQL reads each statement afresh), and a confirmation
        # would then write past a preview that never showed that import's values.
        seen = self._data_token(kind) if dry_run else None
        validated = validate(table, kind, Resolver(self.session, self.principal))
        good = validated.good
        base = _Report(kind, table, validated, source, checksum, dry_run)
        if validated.errors and not dry_run and (not keep_valid or good.empty):
            raise ImportRejected(base.build("preview"))
        changes = self._diff(kind, validated, good)
        new_aliases = self._new_aliases(good) if kind.name == "schools" else []
        base.counts(changes, {code for code, _ in new_aliases})
        if dry_run:
            base.preview = preview.build(self.session, kind, table, validated, changes)
            pause_point("import_preview_built")
            base.preview_token = seen
            return base.build("preview")
        if not changes.changes and not new_aliases:
            return base.build("unchanged")
        status = "partial" if validated.errors else "applied"
        batch = self._batch(kind, table, validated, source, checksum, status, base)
        self._write(kind, changes, new_aliases, batch)
        return base.build(status, batch.id)

    def _data_token(self, kind: KindSpec) -> str:
        """What a preview saw of the kind's data: its latest import. Imports of a kind take turns (the lock in
        `_run`), so comparing it there, before writing, is a compare-and-set: a confirmation whose preview another
        import has since outdated writes nothing (412 `preview_outdated`)."""
        latest = self.session.exec(select(func.max(ImportBatch.id)).where(ImportBatch.kind == kind.name)).one()
        return f"{kind.name}:{latest or 0}"

    def _write(
        self,
        kind: KindSpec,
        changes: store.Diff | server_diff.ServerDiff,
        new_aliases: list[tuple[str, str]],
        batch: ImportBatch,
    ) -> None:
        """The batch's values (COPY path or bulk statements), the schools' new aliases and the audit event."""
        now = utcnow()
        if isinstance(changes, server_diff.ServerDiff):
            server_diff.apply(self.session, changes, batch.id or 0, now)
        else:
            store.apply(self.session, kind, changes, batch.id or 0, now)
        pause_point("import_values_written")
        if new_aliases:
            self._add_aliases(new_aliases)
        audit.record(
            self.session,
            AuditEvent,
            self.principal,
            "import",
            "import_batch",
            batch.id or 0,
            after={"kind": kind.name, "file_name": batch.file_name, "created": batch.created, "updated": batch.updated},
        )
        self.session.flush()

    def _diff(self, kind: KindSpec, validated: Validated, good: pd.DataFrame) -> store.Diff | server_diff.ServerDiff:
        key = store.model_key(kind)
        values = store.model_values(kind, validated.present)
        if not good.empty and server_diff.applies(self.session, kind):
            return server_diff.stage(self.session, kind, good, key, values)
        if good.empty:
            existing = pd.DataFrame(columns=["id", *key, *values])
        else:
            existing = store.load_existing(self.session, kind, good, key, values)
        return store.diff(kind, good, existing, key, values)

    def _batch(
        self,
        kind: KindSpec,
        table: ParsedTable,
        validated: Validated,
        source: str,
        checksum: str,
        status: str,
        report: _Report,
    ) -> ImportBatch:
        batch = ImportBatch(
            kind=kind.name,
            file_name=source[:300],
            file_format=table.file_format[:10],
            checksum=checksum,
            created_by=self.principal.subject[:100],
            created_by_name=(self.principal.name or self.principal.username)[:300],
            status=status,
            rows_total=report.rows_total,
            rows_valid=report.rows_total - report.rows_rejected,
            rows_rejected=report.rows_rejected,
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
            errors=[e.model_dump(exclude_none=True) for e in validated.errors[:MAX_LISTED_ERRORS]],
        )
        self.session.add(batch)
        self.session.flush()
        return batch

    # --- school aliases ---------------------------------------------------------------------------------

    def _new_aliases(self, good: pd.DataFrame) -> list[tuple[str, str]]:
        """(school code, alias) pairs of the file that the registry does not know yet."""
        if "aliases" not in good.columns:
            return []
        wanted = [
            (code, alias.strip())
            for code, value in zip(good["school_code"], good["aliases"], strict=True)
            if value
            for alias in str(value).split("|")
            if alias.strip()
        ]
        if not wanted:
            return []
        codes = sorted({code for code, _ in wanted})
        known: set[tuple[str, str]] = set()
        for chunk in store.chunks(codes):
            rows = self.session.execute(
                select(School.school_code, SchoolAlias.normalized)
                .join(School, col(SchoolAlias.school_id) == School.id)
                .where(col(School.school_code).in_(chunk))
            ).all()
            known.update((code, normalized) for code, normalized in rows)
        found: dict[tuple[str, str], tuple[str, str]] = {}
        for code, alias in wanted:
            pair = (code, normalize_name(alias))
            if pair not in known and pair not in found:
                found[pair] = (code, alias)
        return list(found.values())

    def _add_aliases(self, aliases: list[tuple[str, str]]) -> None:
        codes = sorted({code for code, _ in aliases})
        ids: dict[str, int] = {}
        for chunk in store.chunks(codes):
            statement = select(School.school_code, School.id).where(col(School.school_code).in_(chunk))
            ids.update(dict(self.session.execute(statement).all()))
        rows = [
            {"school_id": ids[code], "alias": alias[:500], "normalized": normalize_name(alias)[:500]}
            for code, alias in aliases
        ]
        self.session.execute(insert(SchoolAlias), rows)

    # --- reading back -----------------------------------------------------------------------------------

    def batches(self, params: PageParams, kind: str | None = None) -> tuple[list[BatchRead], int]:
        statement = select(ImportBatch).order_by(col(ImportBatch.created_at).desc(), col(ImportBatch.id).desc())
        if kind:
            statement = statement.where(ImportBatch.kind == kind)
        if self.principal.role not in SEE_ALL_BATCHES:
            statement = statement.where(ImportBatch.created_by == self.principal.subject)
        items, total = paginate(self.session, statement, params)
        return [BatchRead.model_validate(b, from_attributes=True) for b in items], total

    def batch(self, batch_id: int) -> BatchDetail:
        batch = self.session.get(ImportBatch, batch_id)
        if batch is None:
            raise NotFound("Загрузка не найдена", code="batch_not_found")
        if self.principal.role not in SEE_ALL_BATCHES and batch.created_by != self.principal.subject:
            raise Forbidden("Это загрузка другого пользователя")
        return BatchDetail.model_validate(batch, from_attributes=True)

    def history(self, params: PageParams, school_code: str, kind: str | None = None) -> tuple[list[RevisionRead], int]:
        """The values imports replaced at one school (within the caller's territory), newest first."""
        school = RegistryRepository(self.session, self.principal).school(school_code)
        statement = (
            select(IndicatorRevision, ImportBatch)
            .join(ImportBatch, col(IndicatorRevision.batch_id) == ImportBatch.id)
            .where(IndicatorRevision.school_id == school.id)
            .order_by(col(IndicatorRevision.changed_at).desc(), col(IndicatorRevision.id).desc())
        )
        if kind:
            kind_spec(kind)
            statement = statement.where(IndicatorRevision.kind == kind)
        total = self.session.execute(select(func.count()).select_from(statement.order_by(None).subquery())).scalar_one()
        rows = self.session.execute(statement.offset(params.offset).limit(params.per_page)).all()
        items = [
            RevisionRead(
                id=revision.id or 0,
                batch_id=revision.batch_id,
                kind=revision.kind,
                school_code=school.school_code,
                key=revision.key,
                before=revision.before,
                after=revision.after,
                changed_at=revision.changed_at,
                file_name=batch.file_name,
                changed_by_name=batch.created_by_name,
            )
            for revision, batch in rows
        ]
        return items, int(total)


def kinds() -> list[KindRead]:
    """Every import kind with its canonical columns, Russian names and accepted aliases."""

    def column(spec: ColumnSpec) -> ColumnRead:
        return ColumnRead(
            name=spec.name,
            label=spec.label,
            type=spec.type.value,
            type_label=TYPE_LABELS[spec.type],
            required=spec.required,
            aliases=list(spec.aliases),
        )

    return [
        KindRead(
            kind=spec.name,
            label=spec.label,
            group=spec.group.value,
            key=list(spec.key),
            columns=[column(c) for c in spec.columns],
            school_name_column=next((column(c) for c in spec.extra if c.name == SCHOOL_NAME), None),
        )
        for spec in KINDS.values()
    ]


class _Report:
    """Builds the `ImportReport` of one run from its table, validation and diff."""

    def __init__(
        self, kind: KindSpec, table: ParsedTable, validated: Validated, source: str, checksum: str, dry_run: bool
    ) -> None:
        self.kind, self.table, self.validated = kind, table, validated
        self.source, self.checksum, self.dry_run = source, checksum, dry_run
        self.rows_total = len(table.row_numbers)
        self.rows_rejected = len(validated.bad_rows)
        self.created = self.updated = self.unchanged = 0
        self.preview: ImportPreview | None = None
        self.preview_token: str | None = None

    def counts(self, changes: store.Diff | server_diff.ServerDiff, alias_codes: set[str]) -> None:
        """Counts of the diff; a school that only gains an alias counts as updated."""
        self.created, self.updated, self.unchanged = changes.created, changes.updated, changes.unchanged
        if not alias_codes or not isinstance(changes, store.Diff):
            return
        changed = {*changes.inserts.get("school_code", []), *changes.updates.get("school_code", [])}
        alias_only = len(alias_codes - changed)
        self.updated = len(changes.updates) + alias_only
        self.unchanged = changes.unchanged - alias_only

    def sample(self) -> list[dict[str, Any]]:
        frame = self.validated.frame.head(PREVIEW_ROWS)
        columns = [c for c in (*self.kind.canonical, SCHOOL_NAME) if c in frame.columns]
        rows = []
        for position, row in zip(frame.index, store.records(frame[columns]), strict=True):
            rows.append({"row": self.table.row_numbers[position], **{k: store._plain(v) for k, v in row.items()}})
        return rows

    def build(self, status: str, batch_id: int | None = None) -> ImportReport:
        errors: list[RowError] = self.validated.errors
        return ImportReport(
            kind=self.kind.name,
            status=status,
            dry_run=self.dry_run,
            batch_id=batch_id,
            file_name=self.source,
            file_format=self.table.file_format,
            checksum=self.checksum,
            sheet=self.table.sheet,
            header_row=self.table.header_row,
            rows_total=self.rows_total,
            rows_valid=self.rows_total - self.rows_rejected,
            rows_rejected=self.rows_rejected,
            created=self.created,
            updated=self.updated,
            unchanged=self.unchanged,
            columns=self.validated.columns,
            ignored_columns=self.validated.ignored,
            errors=errors[:MAX_LISTED_ERRORS],
            errors_total=len(errors),
            sample=self.sample(),
            preview=self.preview,
            preview_token=self.preview_token,
        )
