"""OfficeStore: the contest register, the role-model score sheets and the monthly reports, in the
plans database. A VersionedStore (analysis.db.store): every write is one transaction authorised
for the office that owns the record (action ``edit_office`` on its area: a province's records only
by accounts covering the province), refused on an edit conflict, and written to the audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from analysis.auth.guard import check_write
from analysis.codes import PROVINCE_LENGTH
from analysis.db.engine import database_url, session_scope
from analysis.db.errors import ConflictError, RecordInvalid
from analysis.db.records import jsonable, record_from
from analysis.db.store import Entity, VersionedStore
from analysis.i18n import translate
from analysis.offices.models import ContestEntryRow, MonthlyReportRow, RoleModelScoreRow
from analysis.offices.monthly import kind_of_office, kinds
from analysis.offices.records import (
    ENTRY_FIELDS,
    REPORT_FIELDS,
    SHEET_FIELDS,
    ContestEntry,
    MonthlyReport,
    RoleModelSheet,
)
from analysis.offices.register import Names, batch_problems, entry_problems, plain_names
from analysis.offices.scores import sheet_problems

ACTION = "edit_office"


def _applier(names: tuple[str, ...]):
    def apply(row: Any, record: Any) -> None:
        for name in names:
            setattr(row, name, getattr(record, name))

    return apply


def _snapshot(names: tuple[str, ...]):
    return lambda record: jsonable({n: getattr(record, n) for n in names})


ENTRY = Entity(
    "contest_entry",
    ContestEntryRow,
    "area_code",
    lambda row: record_from(ContestEntry, row),
    _applier(ENTRY_FIELDS),
    _snapshot(ENTRY_FIELDS),
    lambda r: f"{r.fiscal_year} {r.tambon_code}",
)
SHEET = Entity(
    "role_model_sheet",
    RoleModelScoreRow,
    "area_code",
    lambda row: record_from(RoleModelSheet, row, scores=dict(row.scores or {}), evidence=dict(row.evidence or {})),
    _applier(SHEET_FIELDS),
    _snapshot(SHEET_FIELDS),
    lambda r: f"{r.fiscal_year} {r.amphoe_code}",
)
REPORT = Entity(
    "monthly_report",
    MonthlyReportRow,
    "area_code",
    lambda row: record_from(MonthlyReport, row),
    _applier(REPORT_FIELDS),
    _snapshot(REPORT_FIELDS),
    lambda r: f"{r.kind} {r.area_code} {r.year}-{r.month:02d}",
)


def report_problems(report: MonthlyReport) -> list[tuple[str, str, str]]:
    """(rule, Thai, English) for a monthly report that cannot be saved."""
    if report.kind not in kinds() or report.kind not in kind_of_office(report.area_code):
        values = {"kind": report.kind, "code": report.area_code}
        return [("kind", *(translate("offices.report_kind", lang, **values) for lang in ("th", "en")))]
    if not 1 <= int(report.month) <= 12 or not 2500 <= int(report.year) <= 2700 or report.sent_on is None:
        values = {"year": report.year, "month": report.month}
        return [("month", *(translate("offices.report_month", lang, **values) for lang in ("th", "en")))]
    return []


class OfficeStore(VersionedStore):
    """The offices' registers in the database at ``url``."""

    def __init__(self, url: str):
        super().__init__(url, check_write, ACTION)

    def _rows(self, entity: Entity, prefix: str | None, **where: Any) -> list:
        model = entity.model
        with session_scope(self.url) as session:
            query = select(model).order_by(model.id)
            if prefix:
                query = query.where(model.area_code.startswith(prefix))
            for name, value in where.items():
                query = query.where(getattr(model, name) == value)
            return [entity.to_record(row) for row in session.scalars(query).all()]

    def _save(self, entity: Entity, record: Any, actor: Any) -> Any:
        if record.id is not None:
            return self.update(entity, record, actor)
        try:
            return self.create(entity, record, actor)
        except IntegrityError as error:  # the same year and area saved by someone else first
            raise ConflictError(entity.name, 0, None) from error

    def save_all(self, entity: Entity, records: list, actor: Any) -> list:
        """Create or update every record in ONE transaction (a workbook's rows): all or nothing."""
        saved = []
        try:
            with session_scope(self.url) as session:
                for record in records:
                    current = self.allow(session, actor, record.area_code)
                    if record.id is None:
                        saved.append(self.insert(session, entity, record, current, action="import"))
                        continue
                    row = session.get(entity.model, record.id)
                    if row is None or row.version != record.version:
                        raise ConflictError(entity.name, record.id, row.version if row else None)
                    self.allow(session, current, row.area_code)
                    saved.append(self.revise(session, entity, row, record, current, action="import"))
        except IntegrityError as error:
            raise ConflictError(entity.name, 0, None) from error
        return saved

    # ---- the contest register ---------------------------------------------------------------
    def entries(self, prefix: str | None = None, **where: Any) -> list[ContestEntry]:
        return self._rows(ENTRY, prefix, **where)

    def save_entry(self, entry: ContestEntry, actor: Any, names: Names = plain_names) -> ContestEntry:
        """Enter (no id) or change a tambon of the register; refused with the Thai reason of each
        rule it breaks (RecordInvalid) before anything is written."""
        problems = entry_problems(entry, self.entries(entry.tambon_code[:PROVINCE_LENGTH]), names)
        if problems:
            raise RecordInvalid(problems)
        return self._save(ENTRY, entry, actor)

    def import_entries(self, entries: list[ContestEntry], actor: Any, names: Names = plain_names) -> list[ContestEntry]:
        """Every entry of a file, checked in order, then saved together — or none (RecordInvalid
        naming each row's rule)."""
        prefixes = {e.area_code for e in entries}
        stored = [e for p in sorted(prefixes) for e in self.entries(p)]
        found = batch_problems(entries, stored, names)
        if found:
            raise RecordInvalid([p for _, p in found])
        return self.save_all(ENTRY, entries, actor)

    def delete_entry(self, entry_id: int, version: int, actor: Any) -> None:
        self.delete(ENTRY, entry_id, version, actor)

    # ---- the role-model score sheet ---------------------------------------------------------
    def sheets(self, prefix: str | None = None, **where: Any) -> list[RoleModelSheet]:
        return self._rows(SHEET, prefix, **where)

    def save_sheet(self, sheet: RoleModelSheet, actor: Any) -> RoleModelSheet:
        problems = sheet_problems(sheet)
        if problems:
            raise RecordInvalid(problems)
        return self._save(SHEET, sheet, actor)

    def import_sheets(self, sheets: list[RoleModelSheet], actor: Any) -> list[RoleModelSheet]:
        problems = [p for s in sheets for p in sheet_problems(s)]
        if problems:
            raise RecordInvalid(problems)
        return self.save_all(SHEET, sheets, actor)

    def delete_sheet(self, sheet_id: int, version: int, actor: Any) -> None:
        self.delete(SHEET, sheet_id, version, actor)

    # ---- monthly reports --------------------------------------------------------------------
    def reports(self, prefix: str | None = None, **where: Any) -> list[MonthlyReport]:
        return self._rows(REPORT, prefix, **where)

    def save_report(self, report: MonthlyReport, actor: Any) -> MonthlyReport:
        problems = report_problems(report)
        if problems:
            raise RecordInvalid(problems)
        return self._save(REPORT, report, actor)

    def import_reports(self, reports: list[MonthlyReport], actor: Any) -> list[MonthlyReport]:
        problems = [p for r in reports for p in report_problems(r)]
        if problems:
            raise RecordInvalid(problems)
        return self.save_all(REPORT, reports, actor)

    def delete_report(self, report_id: int, version: int, actor: Any) -> None:
        self.delete(REPORT, report_id, version, actor)


def office_store_for(workspace_root) -> OfficeStore:
    """The offices' store of a workspace (CIA_DATABASE_URL or the workspace's SQLite file)."""
    return OfficeStore(database_url(workspace_root))
