"""Tables of the contest kit, in the plans database (migration 0004).

contest_profiles         one row per area: the tambon profile (part 1 of the summary document)
contest_profile_members  one row per profile × person (leaders and the appointed working group)
contest_profile_photos   one row per profile × photo (places, activities)
contest_evidence         one row per area × checklist item ticked by hand, or × document generated
contest_rounds           one row per area: the contest round it presents (migration 0007)
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from analysis.db.models import Base, Tracked

MEMBER_GROUPS = ("leader", "working_group")
PHOTO_SECTIONS = ("place", "activity", "product", "tourism", "culture")
EVIDENCE_KINDS = ("manual", "generated")


class TambonProfile(Tracked, Base):
    __tablename__ = "contest_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_code: Mapped[str] = mapped_column(String(8), nullable=False, unique=True)
    history: Mapped[str] = mapped_column(Text, nullable=False, default="")
    location: Mapped[str] = mapped_column(Text, nullable=False, default="")
    area_km2: Mapped[float | None] = mapped_column(Float)
    population_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    households: Mapped[int | None] = mapped_column(Integer)
    people: Mapped[int | None] = mapped_column(Integer)
    community_groups: Mapped[str] = mapped_column(Text, nullable=False, default="")
    products: Mapped[str] = mapped_column(Text, nullable=False, default="")
    tourism: Mapped[str] = mapped_column(Text, nullable=False, default="")
    culture: Mapped[str] = mapped_column(Text, nullable=False, default="")
    other: Mapped[str] = mapped_column(Text, nullable=False, default="")
    appointment_order_no: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    appointment_order_date: Mapped[date | None] = mapped_column(Date)

    members: Mapped[list[ProfileMember]] = relationship(
        back_populates="profile", cascade="all, delete-orphan", order_by="ProfileMember.position"
    )
    photos: Mapped[list[ProfilePhoto]] = relationship(
        back_populates="profile", cascade="all, delete-orphan", order_by="ProfilePhoto.position"
    )


class ProfileMember(Base):
    __tablename__ = "contest_profile_members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("contest_profiles.id", ondelete="CASCADE"), index=True, nullable=False
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    member_group: Mapped[str] = mapped_column(String(20), nullable=False, default="working_group")
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    role: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    village_code: Mapped[str | None] = mapped_column(String(8))
    profile: Mapped[TambonProfile] = relationship(back_populates="members")


class ProfilePhoto(Base):
    __tablename__ = "contest_profile_photos"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("contest_profiles.id", ondelete="CASCADE"), index=True, nullable=False
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    section: Mapped[str] = mapped_column(String(20), nullable=False, default="activity")
    caption: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    photo: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    photo_mime: Mapped[str] = mapped_column(String(50), nullable=False, default="image/jpeg")
    profile: Mapped[TambonProfile] = relationship(back_populates="photos")


class ContestEvidence(Tracked, Base):
    """A checklist item ticked by hand (with a file or a link), or a document the kit generated."""

    __tablename__ = "contest_evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_code: Mapped[str] = mapped_column(String(8), index=True, nullable=False)
    item_id: Mapped[str] = mapped_column(String(40), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False, default="manual")
    done: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    link: Mapped[str] = mapped_column(String(1000), nullable=False, default="")
    file: Mapped[bytes | None] = mapped_column(LargeBinary)
    file_name: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    file_mime: Mapped[str] = mapped_column(String(100), nullable=False, default="")


class ContestRoundRow(Tracked, Base):
    """The contest round an area presents, chosen once: every slide, page, document and checklist
    item uses its years (analysis/contest/round.py)."""

    __tablename__ = "contest_rounds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_code: Mapped[str] = mapped_column(String(8), nullable=False, unique=True)
    fiscal_year: Mapped[int] = mapped_column(Integer, nullable=False)
    bmn_year: Mapped[int] = mapped_column(Integer, nullable=False)
    nrd2c_year: Mapped[int | None] = mapped_column(Integer)
