"""Plain records of the contest kit: the tambon profile (with its people and photos) and the
checklist evidence. No database session is needed to read them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

PROFILE_TEXT_FIELDS = ("history", "location", "population_note", "community_groups", "products", "tourism", "culture")
#: what a complete part 1 needs (the seed's ส่วนที่ 1; "other" is optional)
PROFILE_REQUIRED = (*PROFILE_TEXT_FIELDS, "area_km2")
PROFILE_SCALARS = (
    "area_code",
    *PROFILE_TEXT_FIELDS,
    "other",
    "area_km2",
    "households",
    "people",
    "appointment_order_no",
    "appointment_order_date",
    "is_demo",
)


@dataclass
class MemberRecord:
    """A leader or a working-group member: public officials and group leaders typed in on purpose."""

    name: str
    role: str = ""
    village_code: str | None = None
    member_group: str = "working_group"


@dataclass
class PhotoRecord:
    photo: bytes
    caption: str = ""
    section: str = "activity"
    photo_mime: str = "image/jpeg"


@dataclass
class ProfileRecord:
    area_code: str
    history: str = ""
    location: str = ""
    area_km2: float | None = None
    population_note: str = ""
    households: int | None = None
    people: int | None = None
    community_groups: str = ""
    products: str = ""
    tourism: str = ""
    culture: str = ""
    other: str = ""
    appointment_order_no: str = ""
    appointment_order_date: date | None = None
    is_demo: bool = False
    members: list[MemberRecord] = field(default_factory=list)
    photos: list[PhotoRecord] = field(default_factory=list)
    id: int | None = None
    version: int | None = None
    created_at: datetime | None = None
    created_by: str | None = None
    updated_at: datetime | None = None
    updated_by: str | None = None

    def group(self, member_group: str) -> list[MemberRecord]:
        return [m for m in self.members if m.member_group == member_group]

    def missing_fields(self) -> list[str]:
        """The part-1 fields still empty (names of PROFILE_REQUIRED)."""
        missing = []
        for name in PROFILE_REQUIRED:
            value = getattr(self, name)
            if value is None or (isinstance(value, str) and not value.strip()):
                missing.append(name)
        return missing


@dataclass
class EvidenceRecord:
    area_code: str
    item_id: str
    kind: str = "manual"
    done: bool = True
    note: str = ""
    link: str = ""
    file: bytes | None = None
    file_name: str = ""
    file_mime: str = ""
    is_demo: bool = False
    id: int | None = None
    version: int | None = None
    created_at: datetime | None = None
    created_by: str | None = None
    updated_at: datetime | None = None
    updated_by: str | None = None


EVIDENCE_FIELDS = ("area_code", "item_id", "kind", "done", "note", "link", "file", "file_name", "file_mime", "is_demo")


def villages_without_member(profile: ProfileRecord | None, village_codes: list[str]) -> list[str]:
    """The villages (of ``village_codes``) with no working-group member — the contest asks for at
    least one representative of every village (criterion 1.2)."""
    covered = {m.village_code for m in profile.group("working_group")} if profile else set()
    return [code for code in village_codes if code not in covered]
