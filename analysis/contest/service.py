"""ContestStore: the tambon profile and the checklist evidence, stored beside the plans.

It is a PlanStore, so every save is one transaction, a save from an older version is refused with
the same Thai message as projects (ConflictError), and every change is written to the audit log.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from analysis.codes import LENGTH_LEVEL, VILLAGE_LENGTH
from analysis.contest.criteria import item_ids
from analysis.contest.models import (
    MEMBER_GROUPS,
    PHOTO_SECTIONS,
    ContestEvidence,
    ContestRoundRow,
    ProfileMember,
    ProfilePhoto,
)
from analysis.contest.models import TambonProfile as ProfileRow
from analysis.contest.records import (
    EVIDENCE_FIELDS,
    PROFILE_SCALARS,
    EvidenceRecord,
    MemberRecord,
    PhotoRecord,
    ProfileRecord,
)
from analysis.contest.round import RoundRecord
from analysis.i18n import translate
from analysis.plans.db import session_scope
from analysis.plans.service import ActorLike, ConflictError, PlanStore, _now
from analysis.plans.snapshots import _jsonable
from analysis.plans.snapshots import diff as _diff
from analysis.plans.validation import PlanValidationError
from analysis.validation import problem

TRACKED = ("id", "version", "created_at", "created_by", "updated_at", "updated_by")


def _profile_record(row: ProfileRow) -> ProfileRecord:
    return ProfileRecord(
        **{name: getattr(row, name) for name in PROFILE_SCALARS},
        members=[MemberRecord(m.name, m.role, m.village_code, m.member_group) for m in row.members],
        photos=[PhotoRecord(p.photo, p.caption, p.section, p.photo_mime) for p in row.photos],
        **{name: getattr(row, name) for name in TRACKED},
    )


def _profile_snapshot(record: ProfileRecord) -> dict[str, Any]:
    """Audit values of a profile; photos are recorded by caption and size, not content."""
    data = {name: getattr(record, name) for name in PROFILE_SCALARS}
    data["members"] = [asdict(m) for m in record.members]
    data["photos"] = [{"caption": p.caption, "section": p.section, "bytes": len(p.photo)} for p in record.photos]
    return _jsonable(data)


def _evidence_record(row: ContestEvidence) -> EvidenceRecord:
    return EvidenceRecord(**{f: getattr(row, f) for f in EVIDENCE_FIELDS}, **{f: getattr(row, f) for f in TRACKED})


def _evidence_snapshot(record: EvidenceRecord) -> dict[str, Any]:
    data = {f: getattr(record, f) for f in EVIDENCE_FIELDS if f != "file"}
    data["file_bytes"] = len(record.file) if record.file else 0
    return _jsonable(data)


def _invalid(rule: str, value: object = "", detail: object = "") -> tuple[str, str, str]:
    found = problem(rule, "", value=value, detail=detail)
    return rule, found.message_th, found.message_en


def profile_problems(record: ProfileRecord) -> list[tuple[str, str, str]]:
    """(rule, Thai, English) for everything that stops a profile from being saved."""
    problems = []
    if len(record.area_code or "") not in LENGTH_LEVEL or not str(record.area_code).isdigit():
        problems.append(_invalid("profile_area_invalid", record.area_code))
    for number, member in enumerate(record.members, start=1):
        if not member.name.strip():
            problems.append(_invalid("profile_member_name_missing", number))
        if member.member_group not in MEMBER_GROUPS:
            problems.append(_invalid("profile_member_group_unknown", member.member_group))
        code = member.village_code
        if code and (len(code) != VILLAGE_LENGTH or not code.startswith(record.area_code)):
            problems.append(_invalid("profile_member_village_outside", code, member.name))
    for photo in record.photos:
        if photo.section not in PHOTO_SECTIONS:
            problems.append(_invalid("profile_photo_section_unknown", photo.section))
    for name in ("area_km2", "households", "people"):
        value = getattr(record, name)
        if value is not None and value < 0:
            label = translate("profile.area_km2" if name == "area_km2" else f"contest.tile_{name}", "th")
            problems.append(_invalid("profile_number_negative", value, label))
    return problems


def evidence_problems(record: EvidenceRecord) -> list[tuple[str, str, str]]:
    problems = []
    if record.kind == "manual" and record.item_id not in item_ids():
        problems.append(_invalid("evidence_item_unknown", record.item_id))
    if record.link and not record.link.startswith(("http://", "https://")):
        problems.append(_invalid("evidence_link_invalid", record.link))
    return problems


class ContestStore(PlanStore):
    """Profiles and evidence in the plans database at ``url`` (same transactions, versions and audit)."""

    # ---- profile ----------------------------------------------------------------------------
    def profile(self, area_code: str) -> ProfileRecord | None:
        with session_scope(self.url) as session:
            row = session.scalars(select(ProfileRow).where(ProfileRow.area_code == area_code)).first()
            return _profile_record(row) if row else None

    @staticmethod
    def _apply_profile(row: ProfileRow, record: ProfileRecord) -> None:
        for name in PROFILE_SCALARS:
            setattr(row, name, getattr(record, name))
        row.members = [ProfileMember(position=i, **asdict(m)) for i, m in enumerate(record.members)]
        row.photos = [ProfilePhoto(position=i, **asdict(p)) for i, p in enumerate(record.photos)]

    def save_profile(self, record: ProfileRecord, actor: ActorLike) -> ProfileRecord:
        """Create (no id) or update (id and the version it was opened at) an area's profile; the
        actor must be allowed to edit plans of the area."""
        problems = profile_problems(record)
        if problems:
            raise PlanValidationError(problems)
        if record.id is None:
            return self._create_profile(record, actor)
        with self._edit(ProfileRow, "profile", record.id, record.version, actor, "area_code") as (
            session,
            row,
            current,
        ):
            current = self._allow(session, current, record.area_code)
            before = _profile_snapshot(_profile_record(row))
            self._apply_profile(row, record)
            self._touch(row, current)
            session.flush()
            saved = _profile_record(row)
            summary = f"profile {record.area_code}"
            self._audit(session, current, "update", "profile", row.id, summary, _diff(before, _profile_snapshot(saved)))
        return saved

    def _create_profile(self, record: ProfileRecord, actor: ActorLike) -> ProfileRecord:
        try:
            with session_scope(self.url) as session:
                current = self._allow(session, actor, record.area_code)
                row = self._new(ProfileRow, current)
                self._apply_profile(row, record)
                session.add(row)
                session.flush()
                saved = _profile_record(row)
                summary = f"profile {record.area_code}"
                self._audit(session, current, "create", "profile", row.id, summary, _profile_snapshot(saved))
        except IntegrityError as error:  # someone created this area's profile first
            current = self.profile(record.area_code)
            raise ConflictError(
                "profile", current.id if current else 0, current.version if current else None
            ) from error
        return saved

    def last_change(self) -> int:
        """The newest audit-log id: changes whenever a plan, pin, profile or evidence is saved (a
        cache of the story is keyed by it)."""
        from sqlalchemy import func

        from analysis.plans.models import AuditEntry

        with session_scope(self.url) as session:
            return int(session.scalar(select(func.max(AuditEntry.id))) or 0)

    # ---- evidence ---------------------------------------------------------------------------
    def evidence(self, area_code: str) -> list[EvidenceRecord]:
        """The evidence of exactly ``area_code``, oldest first."""
        with session_scope(self.url) as session:
            query = select(ContestEvidence).where(ContestEvidence.area_code == area_code).order_by(ContestEvidence.id)
            return [_evidence_record(row) for row in session.scalars(query).all()]

    def save_evidence(self, record: EvidenceRecord, actor: ActorLike) -> EvidenceRecord:
        """Create (no id) or update (version checked) one piece of evidence of an area the actor
        may edit plans of."""
        problems = evidence_problems(record)
        if problems:
            raise PlanValidationError(problems)
        if record.id is None:
            with session_scope(self.url) as session:
                current = self._allow(session, actor, record.area_code)
                row = self._new(ContestEvidence, current)
                for name in EVIDENCE_FIELDS:
                    setattr(row, name, getattr(record, name))
                session.add(row)
                session.flush()
                saved = _evidence_record(row)
                self._audit(session, current, "create", "evidence", row.id, record.item_id, _evidence_snapshot(saved))
            return saved
        edit = self._edit(ContestEvidence, "evidence", record.id, record.version, actor, "area_code")
        with edit as (session, row, current):
            before = _evidence_snapshot(_evidence_record(row))
            for name in EVIDENCE_FIELDS:
                setattr(row, name, getattr(record, name))
            self._touch(row, current)
            session.flush()
            saved = _evidence_record(row)
            changes = _diff(before, _evidence_snapshot(saved))
            self._audit(session, current, "update", "evidence", row.id, record.item_id, changes)
        return saved

    def delete_evidence(self, evidence_id: int, version: int, actor: ActorLike) -> None:
        edit = self._edit(ContestEvidence, "evidence", evidence_id, version, actor, "area_code")
        with edit as (session, row, current):
            snapshot = _evidence_snapshot(_evidence_record(row))
            session.delete(row)
            session.flush()
            self._audit(session, current, "delete", "evidence", evidence_id, row.item_id, snapshot)

    def record_generated(self, area_code: str, document: str, actor: ActorLike, note: str = "") -> EvidenceRecord:
        """Remember that a contest document (deck, summary, ...) was produced for an area: the
        checklist counts it; the latest generation replaces the earlier record (at the version just
        read: the newest generation wins)."""
        existing = [e for e in self.evidence(area_code) if e.kind == "generated" and e.item_id == document]
        record = existing[-1] if existing else EvidenceRecord(area_code, document, kind="generated")
        record.note = note or _now().isoformat(timespec="seconds")
        return self.save_evidence(record, actor)

    # ---- the contest round ------------------------------------------------------------------
    def round(self, area_code: str) -> RoundRecord | None:
        with session_scope(self.url) as session:
            row = session.scalars(select(ContestRoundRow).where(ContestRoundRow.area_code == area_code)).first()
            return _round_record(row) if row else None

    def save_round(self, record: RoundRecord, actor: ActorLike) -> RoundRecord:
        """Choose the round an area presents (create, or update from the version it was read at);
        the actor must be allowed to edit plans of the area."""
        if record.nrd2c_year is not None and not 2500 <= record.nrd2c_year <= 2700:
            raise PlanValidationError([_invalid("contest_round_year", record.nrd2c_year)])
        for year in (record.fiscal_year, record.bmn_year):
            if not 2500 <= int(year) <= 2700:  # พ.ศ. only: a ค.ศ. year is refused, never converted
                raise PlanValidationError([_invalid("contest_round_year", year)])
        if record.id is None:
            try:
                with session_scope(self.url) as session:
                    current = self._allow(session, actor, record.area_code)
                    row = self._new(ContestRoundRow, current, **_round_values(record))
                    session.add(row)
                    session.flush()
                    saved = _round_record(row)
                    self._audit(session, current, "create", "contest_round", row.id, record.area_code, asdict(saved))
            except IntegrityError as error:  # someone chose this area's round first
                stored = self.round(record.area_code)
                raise ConflictError("contest_round", stored.id if stored else 0, None) from error
            return saved
        edit = self._edit(ContestRoundRow, "contest_round", record.id, record.version, actor, "area_code")
        with edit as (session, row, current):
            before = asdict(_round_record(row))
            for name, value in _round_values(record).items():
                setattr(row, name, value)
            self._touch(row, current)
            session.flush()
            saved = _round_record(row)
            self._audit(
                session, current, "update", "contest_round", row.id, record.area_code, _diff(before, asdict(saved))
            )
        return saved


def _round_values(record: RoundRecord) -> dict[str, Any]:
    names = ("area_code", "fiscal_year", "bmn_year", "nrd2c_year", "is_demo")
    return {name: getattr(record, name) for name in names}


def _round_record(row: ContestRoundRow) -> RoundRecord:
    return RoundRecord(
        row.area_code, row.fiscal_year, row.bmn_year, row.nrd2c_year, row.is_demo, id=row.id, version=row.version
    )


def contest_store_for(workspace_root) -> ContestStore:
    """The contest store of a workspace (CIA_DATABASE_URL or the workspace's SQLite file)."""
    from analysis.plans.db import database_url

    return ContestStore(database_url(workspace_root))
