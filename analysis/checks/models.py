"""The certification status of a village's data for a survey year, in the plans database
(migration 0005).

village_certifications  one row per village × survey year that has left "not checked": its status
                        (checked, returned for correction, certified), the note of the last change
                        and a snapshot of the village's data at that change (leaf counts and a
                        digest per household) — what a later correction is compared with. Who and
                        when: the Tracked columns and the audit log (one entry per change).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from analysis.db.models import Base, Tracked


class VillageCertification(Tracked, Base):
    __tablename__ = "village_certifications"
    __table_args__ = (UniqueConstraint("village_code", "year", name="uq_village_certifications_village_year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    village_code: Mapped[str] = mapped_column(String(10), index=True, nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    snapshot: Mapped[dict | None] = mapped_column(JSON)
    snapshot_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
