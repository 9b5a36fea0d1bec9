"""PlanStore: projects, matrices and pins — every write authorised (role and area, server-side),
in one transaction, refused on an edit conflict, recorded in the audit log with the account (or
the unverified local name). The generic parts are analysis.db.store.VersionedStore's."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from analysis.auth.guard import check_write
from analysis.auth.roles import Actor
from analysis.codes import ancestors
from analysis.db.engine import database_url, session_scope
from analysis.db.errors import ConflictError, RecordInvalid
from analysis.db.store import Entity, VersionedStore
from analysis.plans.matrix import score
from analysis.plans.models import MatrixItem, Pin, PriorityMatrix, Project, ProjectBudget, ProjectKPI, ProjectVillage
from analysis.plans.pins import pin_problems
from analysis.plans.records import (
    PIN_FIELDS,
    SCALAR_MATRIX_FIELDS,
    SCALAR_PROJECT_FIELDS,
    MatrixRecord,
    PinRecord,
    ProjectRecord,
)
from analysis.plans.results import apply_results, project_problems
from analysis.plans.snapshots import ITEM_FIELDS, matrix_record, pin_record, pin_snapshot, project_record, snapshot
from analysis.plans.validation import validate_matrix
from analysis.validation import rules as validation_rules

#: who is saving: an Actor (signed-in account or the local user); a plain name is the local,
#: unverified user of "this computer" mode (refused once the workspace is a shared server)
ActorLike = Actor | str | None
EDIT = "edit_plans"


def _apply_project(row: Project, record: ProjectRecord) -> None:
    for name in SCALAR_PROJECT_FIELDS:
        setattr(row, name, getattr(record, name))
    row.villages = [
        ProjectVillage(village_code=v.village_code, affected=v.affected, affected_unit=v.affected_unit)
        for v in record.villages
    ]
    row.kpis = [ProjectKPI(position=i, **asdict(k)) for i, k in enumerate(record.kpis)]
    row.budgets = [ProjectBudget(**asdict(b)) for b in record.budgets]
    apply_results(row, record)


def _apply_matrix(row: PriorityMatrix, record: MatrixRecord) -> None:
    for name in SCALAR_MATRIX_FIELDS:
        setattr(row, name, getattr(record, name))
    row.items = [MatrixItem(**{f: getattr(i, f) for f in ITEM_FIELDS}) for i in record.items]


def _apply_pin(row: Pin, record: PinRecord) -> None:
    for field in PIN_FIELDS:
        setattr(row, field, getattr(record, field))


PROJECT = Entity("project", Project, "area_code", project_record, _apply_project, snapshot, lambda r: r.title)
MATRIX = Entity("matrix", PriorityMatrix, "area_code", matrix_record, _apply_matrix, snapshot, lambda r: r.title)
PIN = Entity("pin", Pin, "village_code", pin_record, _apply_pin, pin_snapshot, lambda r: r.name)


class PlanStore(VersionedStore):
    """Projects, matrices, pins and the audit log in the database at ``url``."""

    def __init__(self, url: str):
        super().__init__(url, check_write, EDIT)

    # ---- projects ---------------------------------------------------------------------------
    def create_project(self, record: ProjectRecord, actor: ActorLike) -> ProjectRecord:
        _refuse(project_problems(record))
        return self.create(PROJECT, record, actor)

    def update_project(self, record: ProjectRecord, actor: ActorLike) -> ProjectRecord:
        """Save ``record`` over the stored project, only if nobody saved it since ``record.version``
        and the actor may edit both the stored plan area and the new one."""
        _refuse(project_problems(record))
        return self.update(PROJECT, record, actor)

    def delete_project(self, project_id: int, version: int, actor: ActorLike) -> None:
        self.delete(PROJECT, project_id, version, actor)

    def project(self, project_id: int) -> ProjectRecord:
        return self.get(PROJECT, project_id)

    def projects(self, area_prefix: str | None = None) -> list[ProjectRecord]:
        """Projects whose plan area is at or below ``area_prefix`` (all when None), by id."""
        return self.under(PROJECT, area_prefix)

    def projects_above(self, area_code: str) -> list[ProjectRecord]:
        """Projects of the areas that contain ``area_code`` (its amphoe and tambon, ...), by id."""
        prefixes = ancestors(area_code, finest="tambon")
        with session_scope(self.url) as session:
            query = select(Project).where(Project.area_code.in_(prefixes)).order_by(Project.id)
            return [project_record(row) for row in session.scalars(query).all()]

    # ---- pins -------------------------------------------------------------------------------
    def create_pin(self, record: PinRecord, actor: ActorLike) -> PinRecord:
        """A new pin; its area is its village (a pin without a village needs every area granted)."""
        _check_pin(record)
        return self.create(PIN, record, actor)

    def update_pin(self, record: PinRecord, actor: ActorLike) -> PinRecord:
        _check_pin(record)
        return self.update(PIN, record, actor)

    def delete_pin(self, pin_id: int, version: int, actor: ActorLike) -> None:
        self.delete(PIN, pin_id, version, actor)

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
        return self.under(PIN, area_prefix, inside)

    def import_pins(self, records: list[PinRecord], actor: ActorLike) -> int:
        """Create all pins in one transaction (all or nothing; every pin's village authorised)."""
        for record in records:
            _check_pin(record)
        with session_scope(self.url) as session:
            current = self.allow(session, actor, *[r.village_code for r in records])
            for record in records:
                self.insert(session, PIN, record, current, action="import")
        return len(records)

    # ---- matrices ---------------------------------------------------------------------------
    def save_matrix(self, record: MatrixRecord, actor: ActorLike, manual_order: bool = False) -> MatrixRecord:
        """Create (no id) or revise (id and the version it was opened at) a priority matrix."""
        _refuse(validate_matrix(record))
        score(record, manual_order)
        if record.id is None:
            return self.create(MATRIX, record, actor)
        return self.update(MATRIX, record, actor)

    def matrix(self, matrix_id: int) -> MatrixRecord:
        return self.get(MATRIX, matrix_id)

    def matrices(self, area_prefix: str | None = None) -> list[MatrixRecord]:
        return self.under(MATRIX, area_prefix)


def _refuse(problems: list[tuple[str, str, str]]) -> None:
    if problems:
        raise RecordInvalid(problems)


def _check_pin(record: PinRecord) -> None:
    problems = pin_problems(record)
    if problems:
        rules = validation_rules()
        raise RecordInvalid(
            [
                (
                    p,
                    rules[p]["th"].format(value=record.category, detail="", column=""),
                    rules[p]["en"].format(value=record.category, detail="", column=""),
                )
                for p in problems
            ]
        )


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
                    current = store.allow(session, actor, record.area_code)
                    store.insert(session, PROJECT, record, current, action="import")
                    created += 1
                    continue
                current = store.allow(session, actor, row.area_code, record.area_code)
                if record.version is None or row.version != record.version:
                    raise ConflictError("project", record.id, row.version)
                store.revise(session, PROJECT, row, record, current, action="import")
                updated += 1
    except StaleDataError as error:
        raise ConflictError("project", 0, None) from error
    return created, updated


def store_for(workspace_root: Path | str) -> PlanStore:
    """The plan store of a workspace (CIA_DATABASE_URL or the workspace's SQLite file)."""
    return PlanStore(database_url(workspace_root))
