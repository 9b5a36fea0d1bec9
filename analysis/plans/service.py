"""PlanStore: every write in one transaction, refused on an edit conflict, recorded in the audit log."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from analysis.i18n import translate
from analysis.plans.db import session_scope
from analysis.plans.matrix import score
from analysis.plans.models import (
    AuditEntry,
    MatrixItem,
    Pin,
    PriorityMatrix,
    Project,
    ProjectBudget,
    ProjectKPI,
    ProjectVillage,
)
from analysis.plans.pins import pin_problems
from analysis.plans.records import (
    KPI,
    PIN_FIELDS,
    SCALAR_MATRIX_FIELDS,
    SCALAR_PROJECT_FIELDS,
    Budget,
    MatrixItemRecord,
    MatrixRecord,
    PinRecord,
    ProjectRecord,
    VillageCover,
    field_names,
    record_from,
)
from analysis.plans.validation import PlanValidationError, validate_matrix, validate_project
from analysis.validation import rules as validation_rules

ITEM_FIELDS = [f for f in field_names(MatrixItemRecord) if f != "id"]


class ConflictError(RuntimeError):
    """Someone else saved the record first; nothing was overwritten."""

    def __init__(self, entity: str, entity_id: int, current_version: int | None):
        self.entity, self.entity_id, self.current_version = entity, entity_id, current_version
        values = {"id": entity_id, "version": current_version if current_version is not None else "-"}
        self.message_th = translate("plans.err.conflict", "th", **values)
        self.message_en = translate("plans.err.conflict", "en", **values)
        super().__init__(f"{self.message_th} / {self.message_en}")


class NotFoundError(LookupError):
    pass


def _now() -> datetime:
    return datetime.now(UTC)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def _project_record(row: Project) -> ProjectRecord:
    return record_from(
        ProjectRecord,
        row,
        villages=[record_from(VillageCover, v) for v in row.villages],
        kpis=[record_from(KPI, k) for k in row.kpis],
        budgets=[record_from(Budget, b, amount=float(b.amount)) for b in row.budgets],
    )


def _matrix_record(row: PriorityMatrix) -> MatrixRecord:
    return record_from(MatrixRecord, row, items=[record_from(MatrixItemRecord, i) for i in row.items])


def _pin_record(row: Pin) -> PinRecord:
    return record_from(PinRecord, row)


def _pin_snapshot(record: PinRecord) -> dict[str, Any]:
    """Audit values of a pin; the photo is recorded by size, not content."""
    data = {f: getattr(record, f) for f in PIN_FIELDS if f not in ("photo",)}
    data["photo_bytes"] = len(record.photo) if record.photo else 0
    return _jsonable(data)


def _snapshot(record: ProjectRecord | MatrixRecord) -> dict[str, Any]:
    data = asdict(record)
    for key in ("id", "version", "created_at", "created_by", "updated_at", "updated_by"):
        data.pop(key, None)
    if "items" in data:
        for item in data["items"]:
            item.pop("id", None)
    return _jsonable(data)


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), after.get(k)] for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)}


class PlanStore:
    """Projects, matrices and the audit log in the database at ``url``."""

    def __init__(self, url: str):
        self.url = url

    @contextmanager
    def _edit(self, model: type, entity: str, entity_id: int, version: int | None) -> Iterator[tuple[Session, Any]]:
        """A transaction on one stored row: refused when it is gone (NotFoundError) or was saved
        since ``version`` (ConflictError) — also when a concurrent save wins the race at flush."""
        try:
            with session_scope(self.url) as session:
                row = session.get(model, entity_id)
                if row is None:
                    raise NotFoundError(entity_id)
                if version is not None and row.version != version:
                    raise ConflictError(entity, entity_id, row.version)
                yield session, row
                session.flush()
        except StaleDataError as error:
            raise ConflictError(entity, entity_id, None) from error

    def _get(self, model: type, entity_id: int, to_record):
        with session_scope(self.url) as session:
            row = session.get(model, entity_id)
            if row is None:
                raise NotFoundError(entity_id)
            return to_record(row)

    def _under(self, model: type, code_column, prefix: str | None, to_record, extra=None) -> list:
        """Records whose area code starts with ``prefix`` (all when None; ``extra`` widens it), by id."""
        with session_scope(self.url) as session:
            query = select(model).order_by(model.id)
            if prefix:
                condition = code_column.startswith(prefix)
                query = query.where(condition | extra if extra is not None else condition)
            return [to_record(row) for row in session.scalars(query).all()]

    # ---- audit ------------------------------------------------------------------------------
    def _audit(
        self,
        session: Session,
        actor: str,
        action: str,
        entity: str,
        entity_id: int,
        summary: str,
        changes: dict[str, Any],
    ) -> None:
        session.add(
            AuditEntry(
                at=_now(),
                actor=actor or "-",
                action=action,
                entity=entity,
                entity_id=entity_id,
                summary=summary[:500],
                changes=changes,
            )
        )

    def audit_log(self, entity: str | None = None, entity_id: int | None = None) -> pd.DataFrame:
        """One row per change, newest first."""
        with session_scope(self.url) as session:
            query = select(AuditEntry).order_by(AuditEntry.id.desc())
            if entity:
                query = query.where(AuditEntry.entity == entity)
            if entity_id is not None:
                query = query.where(AuditEntry.entity_id == entity_id)
            rows = session.scalars(query).all()
            columns = ["id", "at", "actor", "action", "entity", "entity_id", "summary", "changes"]
            return pd.DataFrame([{c: getattr(r, c) for c in columns} for r in rows], columns=columns)

    # ---- projects ---------------------------------------------------------------------------
    @staticmethod
    def _apply_project(row: Project, record: ProjectRecord) -> None:
        for name in SCALAR_PROJECT_FIELDS:
            setattr(row, name, getattr(record, name))
        row.villages = [
            ProjectVillage(village_code=v.village_code, affected=v.affected, affected_unit=v.affected_unit)
            for v in record.villages
        ]
        row.kpis = [ProjectKPI(position=i, **asdict(k)) for i, k in enumerate(record.kpis)]
        row.budgets = [ProjectBudget(**asdict(b)) for b in record.budgets]

    def create_project(self, record: ProjectRecord, actor: str) -> ProjectRecord:
        problems = validate_project(record)
        if problems:
            raise PlanValidationError(problems)
        with session_scope(self.url) as session:
            now = _now()
            row = Project(created_at=now, created_by=actor, updated_at=now, updated_by=actor)
            self._apply_project(row, record)
            session.add(row)
            session.flush()
            created = _project_record(row)
            self._audit(session, actor, "create", "project", row.id, record.title, _snapshot(created))
        return created

    def update_project(self, record: ProjectRecord, actor: str) -> ProjectRecord:
        """Save ``record`` over the stored project, only if nobody saved it since ``record.version``."""
        problems = validate_project(record)
        if problems:
            raise PlanValidationError(problems)
        with self._edit(Project, "project", record.id, record.version) as (session, row):
            before = _snapshot(_project_record(row))
            self._apply_project(row, record)
            row.updated_at, row.updated_by = _now(), actor
            session.flush()  # the UPDATE checks the version too
            updated = _project_record(row)
            self._audit(session, actor, "update", "project", row.id, record.title, _diff(before, _snapshot(updated)))
        return updated

    def delete_project(self, project_id: int, version: int, actor: str) -> None:
        with self._edit(Project, "project", project_id, version) as (session, row):
            snapshot = _snapshot(_project_record(row))
            session.delete(row)
            session.flush()
            self._audit(session, actor, "delete", "project", project_id, row.title, snapshot)

    def project(self, project_id: int) -> ProjectRecord:
        return self._get(Project, project_id, _project_record)

    def projects(self, area_prefix: str | None = None) -> list[ProjectRecord]:
        """Projects whose plan area is at or below ``area_prefix`` (all when None), by id."""
        return self._under(Project, Project.area_code, area_prefix, _project_record)

    def projects_above(self, area_code: str) -> list[ProjectRecord]:
        """Projects of the areas that contain ``area_code`` (its amphoe and tambon, ...), by id."""
        prefixes = [area_code[:n] for n in (2, 4, 6) if n < len(area_code)]
        with session_scope(self.url) as session:
            query = select(Project).where(Project.area_code.in_(prefixes)).order_by(Project.id)
            return [_project_record(row) for row in session.scalars(query).all()]

    # ---- pins -------------------------------------------------------------------------------
    @staticmethod
    def _check_pin(record: PinRecord) -> None:
        problems = pin_problems(record)
        if problems:
            rules = validation_rules()
            raise PlanValidationError(
                [
                    (
                        p,
                        rules[p]["th"].format(value=record.category, detail="", column=""),
                        rules[p]["en"].format(value=record.category, detail="", column=""),
                    )
                    for p in problems
                ]
            )

    def create_pin(self, record: PinRecord, actor: str) -> PinRecord:
        self._check_pin(record)
        with session_scope(self.url) as session:
            now = _now()
            row = Pin(
                created_at=now,
                created_by=actor,
                updated_at=now,
                updated_by=actor,
                **{f: getattr(record, f) for f in PIN_FIELDS},
            )
            session.add(row)
            session.flush()
            saved = _pin_record(row)
            self._audit(session, actor, "create", "pin", row.id, record.name, _pin_snapshot(saved))
        return saved

    def update_pin(self, record: PinRecord, actor: str) -> PinRecord:
        self._check_pin(record)
        with self._edit(Pin, "pin", record.id, record.version) as (session, row):
            before = _pin_snapshot(_pin_record(row))
            for field in PIN_FIELDS:
                setattr(row, field, getattr(record, field))
            row.updated_at, row.updated_by = _now(), actor
            session.flush()
            saved = _pin_record(row)
            self._audit(session, actor, "update", "pin", row.id, record.name, _diff(before, _pin_snapshot(saved)))
        return saved

    def delete_pin(self, pin_id: int, version: int, actor: str) -> None:
        with self._edit(Pin, "pin", pin_id, version) as (session, row):
            snapshot = _pin_snapshot(_pin_record(row))
            session.delete(row)
            session.flush()
            self._audit(session, actor, "delete", "pin", pin_id, row.name, snapshot)

    def pins(
        self, area_prefix: str | None = None, bounds: tuple[float, float, float, float] | None = None
    ) -> list[PinRecord]:
        """Pins linked to a village under ``area_prefix`` (all pins when None), plus — when ``bounds``
        (minx, miny, maxx, maxy) are given — pins without a village that lie inside them."""
        inside = None
        if bounds is not None:
            minx, miny, maxx, maxy = bounds
            inside = Pin.village_code.is_(None) & Pin.lon.between(minx, maxx) & Pin.lat.between(miny, maxy)
        return self._under(Pin, Pin.village_code, area_prefix, _pin_record, inside)

    def import_pins(self, records: list[PinRecord], actor: str) -> int:
        """Create all pins in one transaction (all or nothing)."""
        for record in records:
            self._check_pin(record)
        with session_scope(self.url) as session:
            now = _now()
            for record in records:
                row = Pin(
                    created_at=now,
                    created_by=actor,
                    updated_at=now,
                    updated_by=actor,
                    **{f: getattr(record, f) for f in PIN_FIELDS},
                )
                session.add(row)
                session.flush()
                self._audit(session, actor, "import", "pin", row.id, record.name, _pin_snapshot(_pin_record(row)))
        return len(records)

    # ---- matrices ---------------------------------------------------------------------------
    @staticmethod
    def _apply_matrix(row: PriorityMatrix, record: MatrixRecord) -> None:
        for name in SCALAR_MATRIX_FIELDS:
            setattr(row, name, getattr(record, name))
        row.items = [MatrixItem(**{f: getattr(i, f) for f in ITEM_FIELDS}) for i in record.items]

    def save_matrix(self, record: MatrixRecord, actor: str, manual_order: bool = False) -> MatrixRecord:
        """Create (no id) or revise (id and the version it was opened at) a priority matrix."""
        problems = validate_matrix(record)
        if problems:
            raise PlanValidationError(problems)
        score(record, manual_order)
        if record.id is None:
            with session_scope(self.url) as session:
                now = _now()
                row = PriorityMatrix(created_at=now, created_by=actor, updated_at=now, updated_by=actor)
                self._apply_matrix(row, record)
                session.add(row)
                session.flush()
                saved = _matrix_record(row)
                self._audit(session, actor, "create", "matrix", row.id, record.title, _snapshot(saved))
            return saved
        with self._edit(PriorityMatrix, "matrix", record.id, record.version) as (session, row):
            before = _snapshot(_matrix_record(row))
            self._apply_matrix(row, record)
            row.updated_at, row.updated_by = _now(), actor
            session.flush()
            saved = _matrix_record(row)
            self._audit(session, actor, "update", "matrix", row.id, record.title, _diff(before, _snapshot(saved)))
        return saved

    def matrix(self, matrix_id: int) -> MatrixRecord:
        return self._get(PriorityMatrix, matrix_id, _matrix_record)

    def matrices(self, area_prefix: str | None = None) -> list[MatrixRecord]:
        return self._under(PriorityMatrix, PriorityMatrix.area_code, area_prefix, _matrix_record)


def import_projects(store: PlanStore, records: list[ProjectRecord], actor: str) -> tuple[int, int]:
    """Create the records without a stored id and update the others (version checked), all in one
    transaction: a conflict or error anywhere saves nothing. Returns (created, updated)."""
    created = updated = 0
    try:
        with session_scope(store.url) as session:
            for record in records:
                row = session.get(Project, record.id) if record.id is not None else None
                if row is None:
                    now = _now()
                    row = Project(created_at=now, created_by=actor, updated_at=now, updated_by=actor)
                    PlanStore._apply_project(row, record)
                    session.add(row)
                    session.flush()
                    store._audit(
                        session, actor, "import", "project", row.id, record.title, _snapshot(_project_record(row))
                    )
                    created += 1
                else:
                    if record.version is not None and row.version != record.version:
                        raise ConflictError("project", record.id, row.version)
                    before = _snapshot(_project_record(row))
                    PlanStore._apply_project(row, record)
                    row.updated_at, row.updated_by = _now(), actor
                    session.flush()
                    store._audit(
                        session,
                        actor,
                        "import",
                        "project",
                        row.id,
                        record.title,
                        _diff(before, _snapshot(_project_record(row))),
                    )
                    updated += 1
    except StaleDataError as error:
        raise ConflictError("project", 0, None) from error
    return created, updated


def store_for(workspace_root) -> PlanStore:
    """The plan store of a workspace (CIA_DATABASE_URL or the workspace's SQLite file)."""
    from analysis.plans.db import database_url

    return PlanStore(database_url(workspace_root))
