"""The tables of a project's strategy links and results (migration 0011).

project_strategies  one row per project × strategy item it serves (data/strategies)
project_outputs     one row per project × output: planned and actual
project_spending    one row per project × fiscal year × source: money actually spent
project_partners    one row per project × partner organisation, with its role
project_photos      one row per photo of a project's work (its own versioned, audited record;
                    ``area_code`` is the project's, so only the office of the plan's area adds one)

The first four are parts of the project (saved, authorised and audited with it); the relationships
are declared on analysis.plans.models.Project.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Float, ForeignKey, Integer, LargeBinary, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from analysis.db.models import Base, Tracked


class ProjectStrategy(Base):
    __tablename__ = "project_strategies"
    # no unique (project, strategy): a save replaces the links, inserting before the old are deleted;
    # a link given twice is refused by analysis.plans.strategies.strategy_problems instead

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True, nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    strategy_id: Mapped[str] = mapped_column(String(40), nullable=False, index=True)


class ProjectOutput(Base):
    __tablename__ = "project_outputs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True, nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    output: Mapped[str] = mapped_column(String(500), nullable=False)
    unit: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    planned: Mapped[float | None] = mapped_column(Float)
    actual: Mapped[float | None] = mapped_column(Float)


class ProjectSpending(Base):
    __tablename__ = "project_spending"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True, nullable=False)
    fiscal_year: Mapped[int] = mapped_column(Integer, nullable=False)
    source: Mapped[str] = mapped_column(String(30), nullable=False)
    amount: Mapped[float] = mapped_column(Numeric(16, 2, asdecimal=False), nullable=False)


class ProjectPartner(Base):
    __tablename__ = "project_partners"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True, nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    partner: Mapped[str] = mapped_column(String(300), nullable=False)
    role: Mapped[str] = mapped_column(String(30), nullable=False)


class ProjectPhoto(Tracked, Base):
    __tablename__ = "project_photos"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True, nullable=False)
    area_code: Mapped[str] = mapped_column(String(8), index=True, nullable=False)
    taken_on: Mapped[date] = mapped_column(Date, nullable=False)
    caption: Mapped[str] = mapped_column(String(500), nullable=False)
    photo: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    photo_mime: Mapped[str] = mapped_column(String(50), nullable=False, default="image/jpeg")
    width: Mapped[int] = mapped_column(Integer, nullable=False)
    height: Mapped[int] = mapped_column(Integer, nullable=False)
