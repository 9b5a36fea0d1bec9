"""The audit log: one row per change, written in the transaction of the change (who and their
role, when, what), and read newest first."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Protocol

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.db.engine import session_scope
from analysis.db.models import AuditEntry

AUDIT_COLUMNS = [
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


class AuditedActor(Protocol):
    """Who the audit log names (analysis.auth.roles.Actor)."""

    name: str
    role: str

    @property
    def verified(self) -> bool: ...


def now() -> datetime:
    return datetime.now(UTC)


def audit_name(actor: AuditedActor) -> str:
    """The name the audit log records: the account name, or the typed (unverified) local name."""
    return (actor.name or "-")[:200]


def write_audit(
    session: Session,
    actor: AuditedActor,
    action: str,
    entity: str,
    entity_id: int,
    summary: str,
    changes: dict[str, Any],
    entity_key: str | None = None,
) -> None:
    """One audit row in the caller's transaction: who (account and role; "local" marks a typed,
    unverified name), when, what."""
    session.add(
        AuditEntry(
            at=now(),
            actor=audit_name(actor),
            role=actor.role,
            verified=actor.verified,
            action=action[:20],
            entity=entity,
            entity_id=entity_id,
            entity_key=entity_key,
            summary=summary[:500],
            changes=changes,
        )
    )


def audit_log(url: str, entity: str | None = None, entity_id: int | None = None) -> pd.DataFrame:
    """One row per change, newest first; ``role`` "local" (verified False) marks a typed,
    unverified name of "this computer" mode."""
    with session_scope(url) as session:
        query = select(AuditEntry).order_by(AuditEntry.id.desc())
        if entity:
            query = query.where(AuditEntry.entity == entity)
        if entity_id is not None:
            query = query.where(AuditEntry.entity_id == entity_id)
        rows = session.scalars(query).all()
        return pd.DataFrame([{c: getattr(r, c) for c in AUDIT_COLUMNS} for r in rows], columns=AUDIT_COLUMNS)


def last_change(url: str) -> int:
    """The newest audit-log id: changes whenever anything is saved (a cache key)."""
    with session_scope(url) as session:
        return int(session.scalar(select(func.max(AuditEntry.id))) or 0)
