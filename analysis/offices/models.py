"""Tables of the offices' registers, in the plans database (migration 0009). Each row's
``area_code`` is the office that owns it (a province, or an amphoe for the staff's work plan): only
accounts whose areas cover it may edit it.

office_contest_entries   one row per fiscal year × tambon entered in a province's contest register
office_role_model_scores one row per fiscal year × amphoe scored by its province
office_monthly_reports   one row per office × report kind × month sent
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Boolean, Date, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from analysis.db.models import Base, Tracked


class ContestEntryRow(Tracked, Base):
    __tablename__ = "office_contest_entries"
    __table_args__ = (UniqueConstraint("fiscal_year", "tambon_code", name="uq_office_contest_entries_year_tambon"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_code: Mapped[str] = mapped_column(String(8), index=True, nullable=False)
    fiscal_year: Mapped[int] = mapped_column(Integer, nullable=False)
    tambon_code: Mapped[str] = mapped_column(String(8), nullable=False)
    sent_on: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class RoleModelScoreRow(Tracked, Base):
    __tablename__ = "office_role_model_scores"
    __table_args__ = (UniqueConstraint("fiscal_year", "amphoe_code", name="uq_office_role_model_scores_year_amphoe"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_code: Mapped[str] = mapped_column(String(8), index=True, nullable=False)
    fiscal_year: Mapped[int] = mapped_column(Integer, nullable=False)
    amphoe_code: Mapped[str] = mapped_column(String(8), nullable=False)
    scores: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    evidence: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)


class MonthlyReportRow(Tracked, Base):
    __tablename__ = "office_monthly_reports"
    __table_args__ = (
        UniqueConstraint("kind", "area_code", "year", "month", name="uq_office_monthly_reports_kind_area_month"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_code: Mapped[str] = mapped_column(String(8), index=True, nullable=False)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)  # พ.ศ. of the report's month
    month: Mapped[int] = mapped_column(Integer, nullable=False)
    sent_on: Mapped[date] = mapped_column(Date, nullable=False)
    title: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")
