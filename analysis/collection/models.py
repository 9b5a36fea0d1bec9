"""The collection administration tables (migration 0010). Every row is a Tracked record (version,
who and when); the audit log keeps each change. Nothing personal: counts, codes, dates only.

collection_volunteers  volunteers per village × survey year × role (a count)
collection_orders      appointment orders of the collection committee per area × year (members as
                       a count per declared position)
checking_visits        the checking team's visits per village × year (date, findings counted)
correction_dues        the due date of a returned correction per village × year
lao_villages           the อปท. (local government) each village belongs to
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from analysis.db.models import Base, Tracked


class VolunteerRow(Tracked, Base):
    __tablename__ = "collection_volunteers"
    __table_args__ = (UniqueConstraint("village_code", "year", "role", name="uq_collection_volunteers_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    village_code: Mapped[str] = mapped_column(String(10), index=True, nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    role: Mapped[str] = mapped_column(String(30), nullable=False)
    volunteers: Mapped[int] = mapped_column(Integer, nullable=False)


class OrderRow(Tracked, Base):
    __tablename__ = "collection_orders"
    __table_args__ = (UniqueConstraint("area_code", "year", "order_no", name="uq_collection_orders_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_code: Mapped[str] = mapped_column(String(8), index=True, nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    order_no: Mapped[str] = mapped_column(String(50), nullable=False)
    order_date: Mapped[date] = mapped_column(Date, nullable=False)
    level: Mapped[str] = mapped_column(String(20), nullable=False)
    members: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)


class VisitRow(Tracked, Base):
    __tablename__ = "checking_visits"
    __table_args__ = (UniqueConstraint("village_code", "year", "visit_date", name="uq_checking_visits_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    village_code: Mapped[str] = mapped_column(String(10), index=True, nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    visit_date: Mapped[date] = mapped_column(Date, nullable=False)
    findings: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class CorrectionDueRow(Tracked, Base):
    __tablename__ = "correction_dues"
    __table_args__ = (UniqueConstraint("village_code", "year", name="uq_correction_dues_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    village_code: Mapped[str] = mapped_column(String(10), index=True, nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    returned_on: Mapped[date] = mapped_column(Date, nullable=False)
    due_date: Mapped[date] = mapped_column(Date, nullable=False)


class LaoRow(Tracked, Base):
    __tablename__ = "lao_villages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    village_code: Mapped[str] = mapped_column(String(10), unique=True, nullable=False)
    lao_code: Mapped[str] = mapped_column(String(20), index=True, nullable=False)
    lao_name: Mapped[str] = mapped_column(String(200), nullable=False)
