"""The plans' tables: one per entity, each user-edited one a versioned record (analysis.db.models.Tracked).

projects          one row per Logic Model project
project_villages  one row per project × village it covers (and how many units there fail)
project_kpis      one row per project × KPI
project_budgets   one row per project × fiscal year × source
priority_matrices one row per saved priority matrix (a meeting's agreed order)
matrix_items      one row per matrix × candidate problem
pins              one row per important place on the map

A project's strategy links, results and photos: analysis/plans/results_models.py.

Accounts, sessions and sign-in failures are in analysis/auth/models.py, the audit log in
analysis/db/models.py (one metadata: analysis.db.models.Base).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Float, ForeignKey, Integer, LargeBinary, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from analysis.db.models import Base, Tracked
from analysis.plans.results_models import ProjectOutput, ProjectPartner, ProjectSpending, ProjectStrategy

PLAN_LEVELS = ("village", "tambon", "amphoe", "province", "local")
STATUSES = ("proposed", "approved", "in_progress", "done", "dropped")
SOURCES = ("lao", "pao", "province", "amphoe", "cdd", "other_agency", "ngo", "private", "community")
METHODS = ("sum", "product")


class Project(Tracked, Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_code: Mapped[str] = mapped_column(String(8), index=True, nullable=False)
    plan_level: Mapped[str] = mapped_column(String(20), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="proposed")
    title: Mapped[str] = mapped_column(String(500), nullable=False)
    domain: Mapped[str | None] = mapped_column(String(20))
    catalog_id: Mapped[str | None] = mapped_column(String(50))
    indicator_id: Mapped[str | None] = mapped_column(String(20))
    survey_year: Mapped[int | None] = mapped_column(Integer)
    baseline_pct_fail: Mapped[float | None] = mapped_column(Float)
    baseline_fail: Mapped[int | None] = mapped_column(Integer)
    baseline_applicable: Mapped[int | None] = mapped_column(Integer)
    problem: Mapped[str] = mapped_column(Text, nullable=False, default="")
    causes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    objective: Mapped[str] = mapped_column(Text, nullable=False, default="")
    target_group: Mapped[str] = mapped_column(Text, nullable=False, default="")
    inputs: Mapped[str] = mapped_column(Text, nullable=False, default="")
    activities: Mapped[str] = mapped_column(Text, nullable=False, default="")
    outputs: Mapped[str] = mapped_column(Text, nullable=False, default="")
    outcomes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    impact: Mapped[str] = mapped_column(Text, nullable=False, default="")
    responsible_agency: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    matrix_item_id: Mapped[int | None] = mapped_column(ForeignKey("matrix_items.id", ondelete="SET NULL"))

    villages: Mapped[list[ProjectVillage]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectVillage.village_code"
    )
    kpis: Mapped[list[ProjectKPI]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectKPI.position"
    )
    budgets: Mapped[list[ProjectBudget]] = relationship(
        back_populates="project",
        cascade="all, delete-orphan",
        order_by="(ProjectBudget.fiscal_year, ProjectBudget.source)",
    )
    # its strategy links and results (analysis/plans/results_models.py)
    strategies: Mapped[list[ProjectStrategy]] = relationship(
        cascade="all, delete-orphan", order_by="ProjectStrategy.position"
    )
    output_results: Mapped[list[ProjectOutput]] = relationship(
        cascade="all, delete-orphan", order_by="ProjectOutput.position"
    )
    spending: Mapped[list[ProjectSpending]] = relationship(
        cascade="all, delete-orphan", order_by="(ProjectSpending.fiscal_year, ProjectSpending.source)"
    )
    partners: Mapped[list[ProjectPartner]] = relationship(
        cascade="all, delete-orphan", order_by="ProjectPartner.position"
    )


class ProjectVillage(Base):
    __tablename__ = "project_villages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True, nullable=False)
    village_code: Mapped[str] = mapped_column(String(8), nullable=False, index=True)
    affected: Mapped[int | None] = mapped_column(Integer)  # households or persons failing, from the data
    affected_unit: Mapped[str] = mapped_column(String(20), nullable=False, default="household")
    project: Mapped[Project] = relationship(back_populates="villages")


class ProjectKPI(Base):
    __tablename__ = "project_kpis"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True, nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    name: Mapped[str] = mapped_column(String(500), nullable=False)
    catalog_id: Mapped[str | None] = mapped_column(String(50))
    indicator_id: Mapped[str | None] = mapped_column(String(20))
    unit: Mapped[str] = mapped_column(String(50), nullable=False, default="%")
    baseline_value: Mapped[float | None] = mapped_column(Float)
    baseline_year: Mapped[int | None] = mapped_column(Integer)
    target_value: Mapped[float | None] = mapped_column(Float)
    target_year: Mapped[int | None] = mapped_column(Integer)
    project: Mapped[Project] = relationship(back_populates="kpis")


class ProjectBudget(Base):
    __tablename__ = "project_budgets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True, nullable=False)
    fiscal_year: Mapped[int] = mapped_column(Integer, nullable=False)
    source: Mapped[str] = mapped_column(String(30), nullable=False)
    amount: Mapped[float] = mapped_column(Numeric(16, 2, asdecimal=False), nullable=False)
    project: Mapped[Project] = relationship(back_populates="budgets")


class PriorityMatrix(Tracked, Base):
    __tablename__ = "priority_matrices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_code: Mapped[str] = mapped_column(String(8), index=True, nullable=False)
    survey_year: Mapped[int] = mapped_column(Integer, nullable=False)
    title: Mapped[str] = mapped_column(String(500), nullable=False)
    scale_min: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    scale_max: Mapped[int] = mapped_column(Integer, nullable=False, default=4)
    method: Mapped[str] = mapped_column(String(10), nullable=False, default="sum")
    meeting_date: Mapped[date | None] = mapped_column(Date)
    participants: Mapped[str] = mapped_column(Text, nullable=False, default="")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    items: Mapped[list[MatrixItem]] = relationship(
        back_populates="matrix", cascade="all, delete-orphan", order_by="MatrixItem.agreed_rank"
    )


class MatrixItem(Base):
    __tablename__ = "matrix_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    matrix_id: Mapped[int] = mapped_column(
        ForeignKey("priority_matrices.id", ondelete="CASCADE"), index=True, nullable=False
    )
    catalog_id: Mapped[str | None] = mapped_column(String(50))
    indicator_id: Mapped[str | None] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(500), nullable=False)
    domain: Mapped[str | None] = mapped_column(String(20))
    data_rank: Mapped[int | None] = mapped_column(Integer)
    pct_fail: Mapped[float | None] = mapped_column(Float)
    n_fail: Mapped[int | None] = mapped_column(Integer)
    size_from_data: Mapped[int | None] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    severity: Mapped[int] = mapped_column(Integer, nullable=False)
    feasibility: Mapped[int] = mapped_column(Integer, nullable=False)
    concern: Mapped[int] = mapped_column(Integer, nullable=False)
    total: Mapped[float] = mapped_column(Float, nullable=False)
    agreed_rank: Mapped[int] = mapped_column(Integer, nullable=False)
    matrix: Mapped[PriorityMatrix] = relationship(back_populates="items")


class Pin(Tracked, Base):
    """An important place or activity on the map (savings group, OTOP, temple, project site, ...)."""

    __tablename__ = "pins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    category: Mapped[str] = mapped_column(String(40), nullable=False)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    details: Mapped[str] = mapped_column(Text, nullable=False, default="")
    lat: Mapped[float] = mapped_column(Float, nullable=False)
    lon: Mapped[float] = mapped_column(Float, nullable=False)
    village_code: Mapped[str | None] = mapped_column(String(8), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="SET NULL"))
    photo: Mapped[bytes | None] = mapped_column(LargeBinary)
    photo_mime: Mapped[str | None] = mapped_column(String(50))
