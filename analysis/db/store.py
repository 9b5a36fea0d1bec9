"""VersionedStore: records users edit, each write one transaction — authorised for every area it
touches (server-side), refused on an edit conflict (optimistic locking on the version column),
and written to the audit log with the actor — through one generic create / update / delete.

A store says how each of its entities is stored with an ``Entity`` (its table, its area, how a
row becomes a record and back, what the audit log keeps of it); the authorisation is given by
the store's owner (analysis.auth.guard.check_write), so this package never imports accounts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from analysis.db.audit import AuditedActor, audit_log, audit_name, last_change, now, write_audit
from analysis.db.engine import session_scope
from analysis.db.errors import ConflictError, NotFoundError
from analysis.db.records import diff


class Authorise(Protocol):
    """Allow ``action`` on ``area_code`` for ``actor`` in the open ``session``, or raise; the
    current actor (what the audit log names). analysis.auth.guard.check_write is one."""

    def __call__(
        self, url: str, actor: Any, action: str, area_code: str | None = None, session: Session | None = None
    ) -> AuditedActor: ...


@dataclass(frozen=True)
class Entity:
    """How one kind of record is stored and audited."""

    name: str  #: the audit log's entity ("project", "pin", ...)
    model: type  #: the table's mapped class (a analysis.db.models.Tracked)
    area: str  #: the attribute of a row and of a record that names its area (authorised)
    to_record: Callable[[Any], Any]  #: row → record
    apply: Callable[[Any, Any], None]  #: record's values → row
    snapshot: Callable[[Any], dict[str, Any]]  #: record → what the audit log keeps
    summary: Callable[[Any], str]  #: record or row → the audit log's one-line summary


class VersionedStore:
    """Versioned, audited records in the database at ``url``; writes need ``action`` (authorised
    by ``authorise``) on the record's area."""

    def __init__(self, url: str, authorise: Authorise, action: str):
        self.url = url
        self.authorise = authorise
        self.action = action

    # ---- authorising, reading ---------------------------------------------------------------
    def allow(self, session: Session, actor: Any, *areas: str | None, action: str | None = None) -> AuditedActor:
        """The current actor, allowed ``action`` (the store's) in every area given (each checked)."""
        current = None
        for area in dict.fromkeys(areas):  # each distinct area once, in order
            current = self.authorise(self.url, actor, action or self.action, area, session=session)
        return current

    def get(self, entity: Entity, entity_id: int) -> Any:
        with session_scope(self.url) as session:
            row = session.get(entity.model, entity_id)
            if row is None:
                raise NotFoundError(entity_id)
            return entity.to_record(row)

    def under(self, entity: Entity, prefix: str | None, extra: Any = None) -> list:
        """Records whose area code starts with ``prefix`` (all when None; ``extra`` widens it), by id."""
        model = entity.model
        with session_scope(self.url) as session:
            query = select(model).order_by(model.id)
            if prefix:
                condition = getattr(model, entity.area).startswith(prefix)
                query = query.where(condition | extra if extra is not None else condition)
            return [entity.to_record(row) for row in session.scalars(query).all()]

    def audit_log(self, entity: str | None = None, entity_id: int | None = None) -> pd.DataFrame:
        """One row per change, newest first (analysis.db.audit.audit_log)."""
        return audit_log(self.url, entity, entity_id)

    def last_change(self) -> int:
        """The newest audit-log id: changes whenever anything is saved (a cache key)."""
        return last_change(self.url)

    # ---- the parts of a write ---------------------------------------------------------------
    @staticmethod
    def new(model: type, actor: AuditedActor, **values: Any) -> Any:
        stamp, name = now(), audit_name(actor)
        return model(created_at=stamp, created_by=name, updated_at=stamp, updated_by=name, **values)

    @staticmethod
    def touch(row: Any, actor: AuditedActor) -> None:
        row.updated_at, row.updated_by = now(), audit_name(actor)

    def audit(
        self,
        session: Session,
        actor: AuditedActor,
        action: str,
        entity: str,
        entity_id: int,
        summary: str,
        changes: dict[str, Any],
        entity_key: str | None = None,
    ) -> None:
        write_audit(session, actor, action, entity, entity_id, summary, changes, entity_key)

    @contextmanager
    def edit(
        self, entity: Entity, entity_id: int | None, version: int | None, actor: Any
    ) -> Iterator[tuple[Session, Any, AuditedActor]]:
        """A transaction on one stored row: refused when the actor may not edit its area
        (PermissionDenied), when it is gone (NotFoundError) or was saved since ``version``
        (ConflictError) — also when a concurrent save wins the race at flush."""
        try:
            with session_scope(self.url) as session:
                row = session.get(entity.model, entity_id)
                if row is None:
                    raise NotFoundError(entity_id)
                current = self.allow(session, actor, getattr(row, entity.area))
                if version is None or row.version != version:  # the version check always applies
                    raise ConflictError(entity.name, entity_id, row.version)
                yield session, row, current
                session.flush()
        except StaleDataError as error:
            raise ConflictError(entity.name, entity_id, None) from error

    def insert(self, session: Session, entity: Entity, record: Any, current: AuditedActor, action: str = "create"):
        """A new row of ``record`` in the open transaction, audited; the record as saved."""
        row = self.new(entity.model, current)
        entity.apply(row, record)
        session.add(row)
        session.flush()
        saved = entity.to_record(row)
        self.audit(session, current, action, entity.name, row.id, entity.summary(record), entity.snapshot(saved))
        return saved

    def revise(
        self, session: Session, entity: Entity, row: Any, record: Any, current: AuditedActor, action: str = "update"
    ):
        """``record`` over the stored ``row`` in the open transaction (the UPDATE checks the
        version), audited with what changed; the record as saved."""
        before = entity.snapshot(entity.to_record(row))
        entity.apply(row, record)
        self.touch(row, current)
        session.flush()
        saved = entity.to_record(row)
        changes = diff(before, entity.snapshot(saved))
        self.audit(session, current, action, entity.name, row.id, entity.summary(record), changes)
        return saved

    # ---- create, update, delete -------------------------------------------------------------
    def create(self, entity: Entity, record: Any, actor: Any) -> Any:
        """A new record, in its own transaction; the actor must be allowed in its area."""
        with session_scope(self.url) as session:
            current = self.allow(session, actor, getattr(record, entity.area))
            return self.insert(session, entity, record, current)

    def update(self, entity: Entity, record: Any, actor: Any) -> Any:
        """Save ``record`` over the stored one, only if nobody saved it since ``record.version``
        and the actor may edit both the stored area and the record's."""
        with self.edit(entity, record.id, record.version, actor) as (session, row, current):
            current = self.allow(session, current, getattr(record, entity.area))
            return self.revise(session, entity, row, record, current)

    def delete(self, entity: Entity, entity_id: int, version: int, actor: Any) -> None:
        with self.edit(entity, entity_id, version, actor) as (session, row, current):
            before = entity.snapshot(entity.to_record(row))
            summary = entity.summary(row)
            session.delete(row)
            session.flush()
            self.audit(session, current, "delete", entity.name, entity_id, summary, before)
