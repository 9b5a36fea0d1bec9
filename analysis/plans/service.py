"""PlanStore: every write authorised (role and area, server-side), in one transaction, refused on
an edit conflict, recorded in the audit log with the account (or the unverified local name)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from analysis.auth.guard import audit_name, check_write, write_audit
from analysis.auth.roles import Actor
from analysis.codes import ancestors
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
    PIN_FIELDS,
    SCALAR_MATRIX_FIELDS,
    SCALAR_PROJECT_FIELDS,
    MatrixRecord,
    PinRecord,
    ProjectRecord,
)
from analysis.plans.snapshots import (
    ITEM_FIELDS,
    diff,
    matrix_record,
    pin_record,
    pin_snapshot,
    project_record,
    snapshot,
)
from analysis.plans.validation import PlanValidationError, validate_matrix, validate_project
from analysis.validation import rules as validation_rules

#: who is saving: an Actor (signed-in account or the local user); a plain name is the local,
#: unverified user of "this computer" mode (refused once the workspace is a shared server)
ActorLike = Actor | str | None
EDIT = "edit_plans"


class ConflictError(RuntimeError):
    """Someone else saved the record first; nothing was overwritten."""

    def __init__(self, entity: str, entity_id: int, current_version: int | None):
        self.entity, self.entity_id, self.current_version = entity, entity_id, current_version
        values = {"id": entity_id, "version": current_version if current_version is not None else "-"}
        self.message_th = translate("plans.err.conflict", "th", **values)
        self.message_en = translate("plans.err.conflict", "en", **values)
        super().__init__(f"{self.message_th} / {self.message_en}")

    def message(self, lang: str = "th") -> str:
        return self.message_th if lang == "th" else self.message_en


class NotFoundError(LookupError):
    pass


def _now() -> datetime:
    return datetime.now(UTC)


class PlanStore:
    """Projects, matrices, pins and the audit log in the database at ``url``."""

    def __init__(self, url: str):
        self.url = url

    def _allow(self, session: Session, actor: ActorLike, *areas: str | None) -> Actor:
        """The current actor, allowed to edit plans in every area given (each checked)."""
        current = None
        for area in dict.fromkeys(areas):  # each distinct area once, in order
            current = check_write(self.url, actor, EDIT, area, session=session)
        return current

    @contextmanager
    def _edit(
        self, model: type, entity: str, entity_id: int, version: int | None, actor: ActorLike, area: str
    ) -> Iterator[tuple[Session, Any, Actor]]:
        """A transaction on one stored row: refused when the actor may not edit its area
        (PermissionDenied), when it is gone (NotFoundError) or was saved since ``version``
        (ConflictError) — also when a concurrent save wins the race at flush."""
        try:
            with session_scope(self.url) as session:
                row = session.get(model, entity_id)
                if row is None:
                    raise NotFoundError(entity_id)
                current = self._allow(session, actor, getattr(row, area))
                if version is None or row.version != version:  # the version check always applies
                    raise ConflictError(entity, entity_id, row.version)
                yield session, row, current
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

    @staticmethod
    def _new(model: type, actor: Actor, **values: Any) -> Any:
        now, name = _now(), audit_name(actor)
        return model(created_at=now, created_by=name, updated_at=now, updated_by=name, **values)

    @staticmethod
    def _touch(row: Any, actor: Actor) -> None:
        row.updated_at, row.updated_by = _now(), audit_name(actor)

    # ---- audit ------------------------------------------------------------------------------
    def _audit(
        self,
        session: Session,
        actor: Actor,
        action: str,
        entity: str,
        entity_id: int,
        summary: str,
        changes: dict[str, Any],
    ) -> None:
        write_audit(session, actor, action, entity, entity_id, summary, changes)

    def audit_log(self, entity: str | None = None, entity_id: int | None = None) -> pd.DataFrame:
        """One row per change, newest first; ``role`` "local" (verified False) marks a typed,
        unverified name of "this computer" mode."""
        with session_scope(self.url) as session:
            query = select(AuditEntry).order_by(AuditEntry.id.desc())
            if entity:
                query = query.where(AuditEntry.entity == entity)
            if entity_id is not None:
                query = query.where(AuditEntry.entity_id == entity_id)
            rows = session.scalars(query).all()
            columns = [
                "id",
                "at",
                "actor",
                "role",
                "verified",
                "action",
                "entity",
                "entity_id",
                "entity_key",
                "summary",
                "changes",
            ]
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

    def create_project(self, record: ProjectRecord, actor: ActorLike) -> ProjectRecord:
        problems = validate_project(record)
        if problems:
            raise PlanValidationError(problems)
        with session_scope(self.url) as session:
            current = self._allow(session, actor, record.area_code)
            row = self._new(Project, current)
            self._apply_project(row, record)
            session.add(row)
            session.flush()
            created = project_record(row)
            self._audit(session, current, "create", "project", row.id, record.title, snapshot(created))
        return created

    def update_project(self, record: ProjectRecord, actor: ActorLike) -> ProjectRecord:
        """Save ``record`` over the stored project, only if nobody saved it since ``record.version``
        and the actor may edit both the stored plan area and the new one."""
        problems = validate_project(record)
        if problems:
            raise PlanValidationError(problems)
        with self._edit(Project, "project", record.id, record.version, actor, "area_code") as (session, row, current):
            current = self._allow(session, current, record.area_code)
            before = snapshot(project_record(row))
            self._apply_project(row, record)
            self._touch(row, current)
            session.flush()  # the UPDATE checks the version too
            updated = project_record(row)
            self._audit(session, current, "update", "project", row.id, record.title, diff(before, snapshot(updated)))
        return updated

    def delete_project(self, project_id: int, version: int, actor: ActorLike) -> None:
        with self._edit(Project, "project", project_id, version, actor, "area_code") as (session, row, current):
            before = snapshot(project_record(row))
            session.delete(row)
            session.flush()
            self._audit(session, current, "delete", "project", project_id, row.title, before)

    def project(self, project_id: int) -> ProjectRecord:
        return self._get(Project, project_id, project_record)

    def projects(self, area_prefix: str | None = None) -> list[ProjectRecord]:
        """Projects whose plan area is at or below ``area_prefix`` (all when None), by id."""
        return self._under(Project, Project.area_code, area_prefix, project_record)

    def projects_above(self, area_code: str) -> list[ProjectRecord]:
        """Projects of the areas that contain ``area_code`` (its amphoe and tambon, ...), by id."""
        prefixes = ancestors(area_code, finest="tambon")
        with session_scope(self.url) as session:
            query = select(Project).where(Project.area_code.in_(prefixes)).order_by(Project.id)
            return [project_record(row) for row in session.scalars(query).all()]

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

    def create_pin(self, record: PinRecord, actor: ActorLike) -> PinRecord:
        """A new pin; its area is its village (a pin without a village needs every area granted)."""
        self._check_pin(record)
        with session_scope(self.url) as session:
            current = self._allow(session, actor, record.village_code)
            row = self._new(Pin, current, **{f: getattr(record, f) for f in PIN_FIELDS})
            session.add(row)
            session.flush()
            saved = pin_record(row)
            self._audit(session, current, "create", "pin", row.id, record.name, pin_snapshot(saved))
        return saved

    def update_pin(self, record: PinRecord, actor: ActorLike) -> PinRecord:
        self._check_pin(record)
        with self._edit(Pin, "pin", record.id, record.version, actor, "village_code") as (session, row, current):
            current = self._allow(session, current, record.village_code)
            before = pin_snapshot(pin_record(row))
            for field in PIN_FIELDS:
                setattr(row, field, getattr(record, field))
            self._touch(row, current)
            session.flush()
            saved = pin_record(row)
            self._audit(session, current, "update", "pin", row.id, record.name, diff(before, pin_snapshot(saved)))
        return saved

    def delete_pin(self, pin_id: int, version: int, actor: ActorLike) -> None:
        with self._edit(Pin, "pin", pin_id, version, actor, "village_code") as (session, row, current):
            before = pin_snapshot(pin_record(row))
            session.delete(row)
            session.flush()
            self._audit(session, current, "delete", "pin", pin_id, row.name, before)

    def pins(
        self, area_prefix: str | None = None, bounds: tuple[float, float, float, float] | None = None
    ) -> list[PinRecord]:
        """Pins linked to a village under ``area_prefix`` (all pins when None), plus — when ``bounds``
        (minx, miny, maxx, maxy) are given — pins without a village that lie inside them."""
        inside = None
        if bounds is not None:
            # plain floats: a GeoDataFrame's bounds are numpy floats, which psycopg2 cannot send
            minx, miny, maxx, maxy = (float(v) for v in bounds)
            inside = Pin.village_code.is_(None) & Pin.lon.between(minx, maxx) & Pin.lat.between(miny, maxy)
        return self._under(Pin, Pin.village_code, area_prefix, pin_record, inside)

    def import_pins(self, records: list[PinRecord], actor: ActorLike) -> int:
        """Create all pins in one transaction (all or nothing; every pin's village authorised)."""
        for record in records:
            self._check_pin(record)
        with session_scope(self.url) as session:
            current = self._allow(session, actor, *[r.village_code for r in records])
            for record in records:
                row = self._new(Pin, current, **{f: getattr(record, f) for f in PIN_FIELDS})
                session.add(row)
                session.flush()
                self._audit(session, current, "import", "pin", row.id, record.name, pin_snapshot(pin_record(row)))
        return len(records)

    # ---- matrices ---------------------------------------------------------------------------
    @staticmethod
    def _apply_matrix(row: PriorityMatrix, record: MatrixRecord) -> None:
        for name in SCALAR_MATRIX_FIELDS:
            setattr(row, name, getattr(record, name))
        row.items = [MatrixItem(**{f: getattr(i, f) for f in ITEM_FIELDS}) for i in record.items]

    def save_matrix(self, record: MatrixRecord, actor: ActorLike, manual_order: bool = False) -> MatrixRecord:
        """Create (no id) or revise (id and the version it was opened at) a priority matrix."""
        problems = validate_matrix(record)
        if problems:
            raise PlanValidationError(problems)
        score(record, manual_order)
        if record.id is None:
            with session_scope(self.url) as session:
                current = self._allow(session, actor, record.area_code)
                row = self._new(PriorityMatrix, current)
                self._apply_matrix(row, record)
                session.add(row)
                session.flush()
                saved = matrix_record(row)
                self._audit(session, current, "create", "matrix", row.id, record.title, snapshot(saved))
            return saved
        edit = self._edit(PriorityMatrix, "matrix", record.id, record.version, actor, "area_code")
        with edit as (session, row, current):
            current = self._allow(session, current, record.area_code)
            before = snapshot(matrix_record(row))
            self._apply_matrix(row, record)
            self._touch(row, current)
            session.flush()
            saved = matrix_record(row)
            self._audit(session, current, "update", "matrix", row.id, record.title, diff(before, snapshot(saved)))
        return saved

    def matrix(self, matrix_id: int) -> MatrixRecord:
        return self._get(PriorityMatrix, matrix_id, matrix_record)

    def matrices(self, area_prefix: str | None = None) -> list[MatrixRecord]:
        return self._under(PriorityMatrix, PriorityMatrix.area_code, area_prefix, matrix_record)


def import_projects(store: PlanStore, records: list[ProjectRecord], actor: ActorLike) -> tuple[int, int]:
    """Create the records without a stored id and update the others, all in one transaction: a
    refused area, a conflict or an error anywhere saves nothing. The version check always applies:
    a row for a stored project must carry the version it was exported at (a blank one is refused,
    so a file can never silently overwrite someone else's save). Returns (created, updated)."""
    created = updated = 0
    try:
        with session_scope(store.url) as session:
            for record in records:
                row = session.get(Project, record.id) if record.id is not None else None
                if row is None:
                    current = store._allow(session, actor, record.area_code)
                    row = PlanStore._new(Project, current)
                    PlanStore._apply_project(row, record)
                    session.add(row)
                    session.flush()
                    store._audit(
                        session, current, "import", "project", row.id, record.title, snapshot(project_record(row))
                    )
                    created += 1
                    continue
                current = store._allow(session, actor, row.area_code, record.area_code)
                if record.version is None or row.version != record.version:
                    raise ConflictError("project", record.id, row.version)
                before = snapshot(project_record(row))
                PlanStore._apply_project(row, record)
                PlanStore._touch(row, current)
                session.flush()
                after = snapshot(project_record(row))
                store._audit(session, current, "import", "project", row.id, record.title, diff(before, after))
                updated += 1
    except StaleDataError as error:
        raise ConflictError("project", 0, None) from error
    return created, updated


def store_for(workspace_root) -> PlanStore:
    """The plan store of a workspace (CIA_DATABASE_URL or the workspace's SQLite file)."""
    from analysis.plans.db import database_url

    return PlanStore(database_url(workspace_root))
