"""The certification status of each village's data for a survey year: not checked → checked →
returned for correction → (checked again) → certified, as declared in data/checks.toml.

CertificationStore is a VersionedStore (analysis.db.store): every change is one transaction,
authorised for its village (the transition's action of data/roles.toml: check_data or certify),
refused when someone else
changed the village since the version the user saw (ConflictError, nothing written), refused when
it skips a step (TransitionError), and written to the audit log with who, when and the note.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from analysis.auth.guard import check_write
from analysis.auth.roles import Actor
from analysis.checks.config import statuses, transitions
from analysis.checks.models import VillageCertification
from analysis.db.audit import now
from analysis.db.engine import database_url, session_scope
from analysis.db.errors import ConflictError, RecordInvalid
from analysis.db.records import record_from
from analysis.db.store import VersionedStore
from analysis.i18n import translate
from analysis.validation import problem

NOT_CHECKED = "not_checked"
ENTITY = "certification"
#: who is changing a status (a plain name: the local, unverified user of "this computer" mode)
ActorLike = Actor | str | None
STATUS_COLUMNS = ["village_code", "year", "status", "version", "note", "updated_at", "updated_by", "is_demo"]


@dataclass
class CertificationRecord:
    village_code: str
    year: int
    status: str = NOT_CHECKED
    note: str = ""
    id: int | None = None
    version: int | None = None
    updated_at: datetime | None = None
    updated_by: str = ""
    is_demo: bool = False
    snapshot: dict | None = None
    snapshot_at: datetime | None = None


def status_label(status: str, lang: str = "th") -> str:
    """The status's name ("รับรองแล้ว"); an undeclared one as it was given."""
    return translate(f"checks.status.{status}", lang) if status in statuses() else str(status)


class TransitionError(RecordInvalid):
    """A status change the declared order does not allow (e.g. not checked → certified)."""

    def __init__(self, current: str, target: str):
        self.current, self.target = current, target
        th = problem("certify_transition_invalid", "", value=status_label(current), detail=status_label(target))
        en = problem(
            "certify_transition_invalid", "", value=status_label(current, "en"), detail=status_label(target, "en")
        )
        super().__init__([("status", th.message_th, en.message_en)])


def _record(row: VillageCertification) -> CertificationRecord:
    return record_from(CertificationRecord, row)


class CertificationStore(VersionedStore):
    """Village certification statuses in the plans database at ``url`` (each change authorised
    for the action its transition needs, data/checks.toml)."""

    def __init__(self, url: str):
        super().__init__(url, check_write, "check_data")

    def record(self, village_code: str, year: int) -> CertificationRecord:
        """The village's record (status "not_checked", no version, when it has none)."""
        with session_scope(self.url) as session:
            row = self._row(session, village_code, year)
            return _record(row) if row else CertificationRecord(village_code, int(year))

    @staticmethod
    def _row(session, village_code: str, year: int) -> VillageCertification | None:
        query = select(VillageCertification).where(
            VillageCertification.village_code == village_code, VillageCertification.year == int(year)
        )
        return session.scalars(query).first()

    def statuses(self, area_prefix: str | None, year: int) -> pd.DataFrame:
        """One row per village under ``area_prefix`` with a record in ``year`` (STATUS_COLUMNS)."""
        with session_scope(self.url) as session:
            query = select(VillageCertification).where(VillageCertification.year == int(year))
            if area_prefix:
                query = query.where(VillageCertification.village_code.startswith(area_prefix))
            rows = session.scalars(query.order_by(VillageCertification.village_code)).all()
            data = [{c: getattr(r, c) for c in STATUS_COLUMNS} for r in rows]
        return pd.DataFrame(data, columns=STATUS_COLUMNS)

    def version_token(self) -> str:
        """Changes whenever any village's status changes (a cache key for the map)."""
        with session_scope(self.url) as session:
            count, total = session.execute(
                select(func.count(VillageCertification.id), func.coalesce(func.sum(VillageCertification.version), 0))
            ).one()
        return f"{count}.{total}"

    def transition(
        self,
        village_code: str,
        year: int,
        target: str,
        version: int | None,
        actor: ActorLike,
        note: str = "",
        snapshot: dict | None = None,
        demo: bool = False,
    ) -> CertificationRecord:
        """Move a village to ``target``. ``version`` is the record's version the user saw (None for
        a village not checked yet). Raises ConflictError, TransitionError or PermissionDenied."""
        if target not in statuses():
            raise TransitionError(NOT_CHECKED, target)
        try:
            with session_scope(self.url) as session:
                row = self._row(session, village_code, year)
                if (row.version if row else None) != version:
                    raise ConflictError(ENTITY, row.id if row else 0, row.version if row else None)
                before = row.status if row else NOT_CHECKED
                action = transitions().get((before, target))
                if action is None:
                    raise TransitionError(before, target)
                current = self.allow(session, actor, village_code, action=action)
                if row is None:
                    row = self.new(VillageCertification, current, village_code=village_code, year=int(year))
                    row.is_demo = demo
                    session.add(row)
                else:
                    self.touch(row, current)
                row.status, row.note = target, note or ""
                row.snapshot, row.snapshot_at = snapshot, now()
                session.flush()
                changes = {"status": [before, target], "note": note or "", "village_code": village_code}
                summary = f"{village_code} {year}: {before} → {target}"
                self.audit(session, current, "status", ENTITY, row.id, summary, changes, f"{village_code}:{year}")
                return _record(row)
        except IntegrityError as error:  # another user created the village's record first
            current = self.record(village_code, year)
            raise ConflictError(ENTITY, current.id or 0, current.version) from error
        except StaleDataError as error:
            raise ConflictError(ENTITY, 0, None) from error

    def history(self, village_code: str, year: int) -> pd.DataFrame:
        """Every status change of the village in ``year``, newest first (the audit log's rows)."""
        log = self.audit_log(ENTITY)
        return log[log["entity_key"] == f"{village_code}:{int(year)}"].reset_index(drop=True)


def certification_store_for(workspace_root) -> CertificationStore:
    return CertificationStore(database_url(workspace_root))
