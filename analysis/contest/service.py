"""ContestStore: the tambon profile, the checklist evidence and the contest round, in the same
database as the plans.

It is a VersionedStore (analysis.db.store), so every save is one transaction authorised for the
area (the actor must be allowed to edit plans there), a save from an older version is refused with
the same Thai message as projects (ConflictError), and every change is written to the audit log.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from analysis.auth.guard import check_write
from analysis.auth.roles import Actor
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
from analysis.db.audit import now
from analysis.db.engine import database_url, session_scope
from analysis.db.errors import ConflictError, RecordInvalid
from analysis.db.records import jsonable, record_from
from analysis.db.store import Entity, VersionedStore
from analysis.i18n import translate
from analysis.validation import problem

#: who is saving (a plain name: the local, unverified user of "this computer" mode)
ActorLike = Actor | str | None
ROUND_FIELDS = ("area_code", "fiscal_year", "bmn_year", "nrd2c_year", "is_demo")


def _profile_record(row: ProfileRow) -> ProfileRecord:
    return record_from(
        ProfileRecord,
        row,
        members=[record_from(MemberRecord, m) for m in row.members],
        photos=[record_from(PhotoRecord, p) for p in row.photos],
    )


def _apply_profile(row: ProfileRow, record: ProfileRecord) -> None:
    for name in PROFILE_SCALARS:
        setattr(row, name, getattr(record, name))
    row.members = [ProfileMember(position=i, **asdict(m)) for i, m in enumerate(record.members)]
    row.photos = [ProfilePhoto(position=i, **asdict(p)) for i, p in enumerate(record.photos)]


def _profile_snapshot(record: ProfileRecord) -> dict[str, Any]:
    """Audit values of a profile; photos are recorded by caption and size, not content."""
    data = {name: getattr(record, name) for name in PROFILE_SCALARS}
    data["members"] = [asdict(m) for m in record.members]
    data["photos"] = [{"caption": p.caption, "section": p.section, "bytes": len(p.photo)} for p in record.photos]
    return jsonable(data)


def _apply_evidence(row: ContestEvidence, record: EvidenceRecord) -> None:
    for name in EVIDENCE_FIELDS:
        setattr(row, name, getattr(record, name))


def _evidence_snapshot(record: EvidenceRecord) -> dict[str, Any]:
    data = {f: getattr(record, f) for f in EVIDENCE_FIELDS if f != "file"}
    data["file_bytes"] = len(record.file) if record.file else 0
    return jsonable(data)


def _apply_round(row: ContestRoundRow, record: RoundRecord) -> None:
    for name in ROUND_FIELDS:
        setattr(row, name, getattr(record, name))


def _evidence_record(row: ContestEvidence) -> EvidenceRecord:
    return record_from(EvidenceRecord, row)


def _round_record(row: ContestRoundRow) -> RoundRecord:
    return record_from(RoundRecord, row)


PROFILE = Entity(
    "profile",
    ProfileRow,
    "area_code",
    _profile_record,
    _apply_profile,
    _profile_snapshot,
    lambda r: f"profile {r.area_code}",
)
EVIDENCE = Entity(
    "evidence", ContestEvidence, "area_code", _evidence_record, _apply_evidence, _evidence_snapshot, lambda r: r.item_id
)
ROUND = Entity(
    "contest_round", ContestRoundRow, "area_code", _round_record, _apply_round, asdict, lambda r: r.area_code
)


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


class ContestStore(VersionedStore):
    """Profiles, evidence and rounds in the database at ``url`` (same transactions, versions and audit)."""

    def __init__(self, url: str):
        super().__init__(url, check_write, "edit_plans")

    # ---- profile ----------------------------------------------------------------------------
    def profile(self, area_code: str) -> ProfileRecord | None:
        with session_scope(self.url) as session:
            row = session.scalars(select(ProfileRow).where(ProfileRow.area_code == area_code)).first()
            return _profile_record(row) if row else None

    def save_profile(self, record: ProfileRecord, actor: ActorLike) -> ProfileRecord:
        """Create (no id) or update (id and the version it was opened at) an area's profile; the
        actor must be allowed to edit plans of the area."""
        problems = profile_problems(record)
        if problems:
            raise RecordInvalid(problems)
        if record.id is not None:
            return self.update(PROFILE, record, actor)
        try:
            return self.create(PROFILE, record, actor)
        except IntegrityError as error:  # someone created this area's profile first
            current = self.profile(record.area_code)
            raise ConflictError(
                "profile", current.id if current else 0, current.version if current else None
            ) from error

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
            raise RecordInvalid(problems)
        if record.id is None:
            return self.create(EVIDENCE, record, actor)
        return self.update(EVIDENCE, record, actor)

    def delete_evidence(self, evidence_id: int, version: int, actor: ActorLike) -> None:
        self.delete(EVIDENCE, evidence_id, version, actor)

    def record_generated(self, area_code: str, document: str, actor: ActorLike, note: str = "") -> EvidenceRecord:
        """Remember that a contest document (deck, summary, ...) was produced for an area: the
        checklist counts it; the latest generation replaces the earlier record (at the version just
        read: the newest generation wins)."""
        existing = [e for e in self.evidence(area_code) if e.kind == "generated" and e.item_id == document]
        record = existing[-1] if existing else EvidenceRecord(area_code, document, kind="generated")
        record.note = note or now().isoformat(timespec="seconds")
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
            raise RecordInvalid([_invalid("contest_round_year", record.nrd2c_year)])
        for year in (record.fiscal_year, record.bmn_year):
            if not 2500 <= int(year) <= 2700:  # พ.ศ. only: a ค.ศ. year is refused, never converted
                raise RecordInvalid([_invalid("contest_round_year", year)])
        if record.id is not None:
            return self.update(ROUND, record, actor)
        try:
            return self.create(ROUND, record, actor)
        except IntegrityError as error:  # someone chose this area's round first
            stored = self.round(record.area_code)
            raise ConflictError("contest_round", stored.id if stored else 0, None) from error


def contest_store_for(workspace_root) -> ContestStore:
    """The contest store of a workspace (CIA_DATABASE_URL or the workspace's SQLite file)."""
    return ContestStore(database_url(workspace_root))
