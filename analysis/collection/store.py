"""CollectionStore: the collection administration registers on the database base (VersionedStore).

Every write is one transaction, authorised on the server for every area it touches (check_data of
data/roles.toml: the district office that owns the area edits it; an account granted "3101" edits
the records under 3101 only), refused on an edit conflict, and written to the audit log. A register
imported from a workbook replaces that register under one area and year at once — created, changed
and removed records each audited — or, on any refusal, writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from analysis.auth.guard import check_write
from analysis.codes import COMMUNITY_LENGTH, LEVEL_LENGTH, VILLAGE_LENGTH
from analysis.collection.models import CorrectionDueRow, LaoRow, OrderRow, VisitRow, VolunteerRow
from analysis.collection.records import (
    CorrectionDueRecord,
    LaoRecord,
    OrderRecord,
    VisitRecord,
    VolunteerRecord,
    section,
)
from analysis.db.engine import database_url, session_scope
from analysis.db.errors import ConflictError, RecordInvalid
from analysis.db.records import field_names, jsonable, record_from
from analysis.db.store import Entity, VersionedStore
from analysis.validation import problem

ACTION = "check_data"
#: fields every record has that the database fills in (not values a user gives)
STORED = ("id", "version", "updated_at", "updated_by")


@dataclass(frozen=True)
class Register:
    """One register: its entity, its record class, the fields naming one record (the key a
    workbook's row is matched on), and whether it is kept per survey year."""

    kind: str
    entity: Entity
    record: type
    key: tuple[str, ...]
    yearly: bool = True

    @property
    def values(self) -> list[str]:
        """The fields a user gives (what the audit log and a workbook keep)."""
        return [f for f in field_names(self.record) if f not in STORED]

    @property
    def area(self) -> str:
        return self.entity.area


def _entity(kind: str, model: type, record: type, area: str, summary: Callable[[Any], str]) -> Entity:
    values = [f for f in field_names(record) if f not in STORED]

    def apply(row: Any, source: Any) -> None:
        for name in values:
            setattr(row, name, getattr(source, name))

    return Entity(
        kind,
        model,
        area,
        lambda row: record_from(record, row),
        apply,
        lambda r: jsonable({name: getattr(r, name) for name in values}),
        summary,
    )


REGISTERS: dict[str, Register] = {
    "volunteers": Register(
        "volunteers",
        _entity("volunteers", VolunteerRow, VolunteerRecord, "village_code", lambda r: f"{r.village_code} {r.role}"),
        VolunteerRecord,
        ("village_code", "year", "role"),
    ),
    "orders": Register(
        "orders",
        _entity("collection_order", OrderRow, OrderRecord, "area_code", lambda r: f"{r.area_code} {r.order_no}"),
        OrderRecord,
        ("area_code", "year", "order_no"),
    ),
    "visits": Register(
        "visits",
        _entity("checking_visit", VisitRow, VisitRecord, "village_code", lambda r: f"{r.village_code} {r.visit_date}"),
        VisitRecord,
        ("village_code", "year", "visit_date"),
    ),
    "corrections": Register(
        "corrections",
        _entity("correction_due", CorrectionDueRow, CorrectionDueRecord, "village_code", lambda r: f"{r.village_code}"),
        CorrectionDueRecord,
        ("village_code", "year"),
    ),
    "lao": Register(
        "lao",
        _entity("lao_village", LaoRow, LaoRecord, "village_code", lambda r: f"{r.village_code} → {r.lao_code}"),
        LaoRecord,
        ("village_code",),
        yearly=False,
    ),
}


def _invalid(rule: str, value: object = "", detail: object = "") -> tuple[str, str, str]:
    found = problem(rule, "", value=value, detail=detail)
    return rule, found.message_th, found.message_en


def _village_ok(code: object) -> bool:
    return isinstance(code, str) and code.isdigit() and len(code) in (VILLAGE_LENGTH, COMMUNITY_LENGTH)


def record_problems(kind: str, record: Any) -> list[tuple[str, str, str]]:
    """(rule, Thai, English) for everything that stops one record from being saved."""
    found = []
    register = REGISTERS[kind]
    if register.yearly and not 2500 <= int(record.year or 0) <= 2700:  # พ.ศ. only, never converted
        found.append(_invalid("collection_year_invalid", record.year))
    if register.area == "village_code" and not _village_ok(record.village_code):
        found.append(_invalid("collection_village_invalid", record.village_code))
    if kind == "volunteers":
        if record.role not in section("volunteers")["roles"]:
            found.append(_invalid("collection_role_unknown", record.role))
        if record.volunteers is None or int(record.volunteers) < 0:
            found.append(_invalid("collection_count_invalid", record.volunteers))
    elif kind == "orders":
        if record.level not in section("orders")["levels"] or len(record.area_code or "") != LEVEL_LENGTH.get(
            record.level
        ):
            found.append(_invalid("collection_order_level", record.area_code, record.level))
        if not str(record.order_no or "").strip():
            found.append(_invalid("collection_order_no_missing"))
        unknown = set(record.members) - set(section("orders")["positions"])
        if unknown:
            found.append(_invalid("collection_position_unknown", ", ".join(sorted(unknown))))
        if any(int(v) < 0 for v in record.members.values()) or sum(record.members.values()) < 1:
            found.append(_invalid("collection_members_invalid", sum(record.members.values())))
    elif kind == "visits" and (record.findings is None or int(record.findings) < 0):
        found.append(_invalid("collection_count_invalid", record.findings))
    elif kind == "corrections" and record.due_date < record.returned_on:
        found.append(_invalid("collection_due_before_return", record.due_date, record.returned_on))
    elif kind == "lao" and not (str(record.lao_code or "").strip() and str(record.lao_name or "").strip()):
        found.append(_invalid("collection_lao_missing", record.village_code))
    return found


def _key(register: Register, record: Any) -> tuple:
    return tuple(str(getattr(record, name)) for name in register.key)


class CollectionStore(VersionedStore):
    """The collection administration registers in the database at ``url``."""

    def __init__(self, url: str):
        super().__init__(url, check_write, ACTION)

    # ---- reading ----------------------------------------------------------------------------
    def _query(self, register: Register, area: str | None, year: int | None):
        model = register.entity.model
        query = select(model).order_by(*[getattr(model, k) for k in register.key])
        if area:
            query = query.where(getattr(model, register.area).startswith(area))
        if register.yearly and year is not None:
            query = query.where(model.year == int(year))
        return query

    def records(self, kind: str, area: str | None = None, year: int | None = None) -> list:
        """The records of ``kind`` under ``area`` (all when None) in ``year`` (yearly registers)."""
        register = REGISTERS[kind]
        with session_scope(self.url) as session:
            rows = session.scalars(self._query(register, area, year)).all()
            return [register.entity.to_record(row) for row in rows]

    def frame(self, kind: str, area: str | None = None, year: int | None = None) -> pd.DataFrame:
        """The records as a table (one column per field), for the set-based rules."""
        register = REGISTERS[kind]
        rows = [asdict(r) for r in self.records(kind, area, year)]
        return pd.DataFrame(rows, columns=field_names(register.record))

    # ---- one record -------------------------------------------------------------------------
    def save(self, kind: str, record: Any, actor: Any) -> Any:
        """Create (no id) or update (id and the version it was read at) one record; the actor must
        be allowed to check data in its area (and, on an update, the stored one's)."""
        problems = record_problems(kind, record)
        if problems:
            raise RecordInvalid(problems)
        entity = REGISTERS[kind].entity
        if record.id is not None:
            return self.update(entity, record, actor)
        try:
            return self.create(entity, record, actor)
        except IntegrityError as error:  # the same village/order/date was saved first by someone
            raise ConflictError(entity.name, 0, None) from error

    def set_due(self, village_code: str, year: int, returned_on, due_date, actor: Any) -> CorrectionDueRecord:
        """Record (or move) the due date of a village's returned correction: one create or update."""
        stored = self.records("corrections", village_code, year)
        stored = [r for r in stored if r.village_code == village_code]
        if stored:
            record = stored[0]
            record.returned_on, record.due_date = min(record.returned_on, returned_on), due_date
        else:
            record = CorrectionDueRecord(village_code, int(year), returned_on, due_date)
        return self.save("corrections", record, actor)

    def remove(self, kind: str, record_id: int, version: int, actor: Any) -> None:
        self.delete(REGISTERS[kind].entity, record_id, version, actor)

    # ---- a whole register of an area --------------------------------------------------------
    def replace(self, kind: str, records: list, area: str, year: int | None, actor: Any) -> tuple[int, int, int]:
        """Make the register of ``kind`` under ``area`` (and ``year``) exactly ``records``: new keys
        created, changed ones updated, missing ones removed — one transaction, each change audited
        ("import"); a record outside ``area`` or invalid refuses all. (created, updated, removed)."""
        register = REGISTERS[kind]
        problems = [p for r in records for p in record_problems(kind, r)]
        outside = sorted({getattr(r, register.area) for r in records} - _under(records, register.area, area))
        problems += [_invalid("collection_outside_area", code, area) for code in outside]
        if problems:
            raise RecordInvalid(problems)
        created = updated = removed = 0
        entity = register.entity
        try:
            with session_scope(self.url) as session:
                current = self.allow(session, actor, area or None)
                stored = {_key(register, row): row for row in session.scalars(self._query(register, area, year))}
                for record in records:
                    row = stored.pop(_key(register, record), None)
                    if row is not None:  # a workbook does not say what is demo data: the stored row does
                        record.is_demo = row.is_demo
                    if row is None:
                        self.insert(session, entity, record, current, action="import")
                        created += 1
                    elif entity.snapshot(entity.to_record(row)) != entity.snapshot(record):
                        self.revise(session, entity, row, record, current, action="import")
                        updated += 1
                for row in stored.values():
                    before = entity.snapshot(entity.to_record(row))
                    session.delete(row)
                    session.flush()
                    self.audit(session, current, "delete", entity.name, row.id, entity.summary(row), before)
                    removed += 1
        except (StaleDataError, IntegrityError) as error:  # someone saved the register meanwhile
            raise ConflictError(entity.name, 0, None) from error
        return created, updated, removed


def _under(records: list, field: str, area: str) -> set[str]:
    return {getattr(r, field) for r in records if str(getattr(r, field)).startswith(area or "")}


def collection_store_for(workspace_root) -> CollectionStore:
    """The collection store of a workspace (CIA_DATABASE_URL or the workspace's SQLite file)."""
    return CollectionStore(database_url(workspace_root))
