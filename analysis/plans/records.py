"""Plain records the pages, exports and CLI use — no database session needed to read them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from typing import Any

from analysis.db.records import field_names


@dataclass
class VillageCover:
    village_code: str
    affected: int | None = None
    affected_unit: str = "household"


def _input(kind: str, **default: Any) -> Any:
    """A field with the kind of input a form uses for it (text, number, year, source, indicator)."""
    return field(metadata={"input": kind}, **default)


@dataclass
class KPI:
    name: str = _input("text")
    catalog_id: str | None = _input("indicator", default=None)  # with indicator_id: one indicator choice
    indicator_id: str | None = _input("indicator", default=None)
    unit: str = _input("text", default="%")
    baseline_value: float | None = _input("number", default=None)
    baseline_year: int | None = _input("year", default=None)
    target_value: float | None = _input("number", default=None)
    target_year: int | None = _input("year", default=None)


@dataclass
class Budget:
    fiscal_year: int = _input("year")
    source: str = _input("source")
    amount: float = _input("number")


@dataclass
class OutputResult:
    """One output of a project: what was planned and what was actually delivered (same unit)."""

    output: str = _input("text")
    unit: str = _input("text", default="")
    planned: float | None = _input("number", default=None)
    actual: float | None = _input("number", default=None)


@dataclass
class Spending:
    """Money actually spent, by fiscal year and source (the budget rows are what was planned)."""

    fiscal_year: int = _input("year")
    source: str = _input("source")
    amount: float = _input("number")


@dataclass
class Partner:
    """A named partner organisation and its role in the project (no person's name)."""

    partner: str = _input("text")
    role: str = _input("role")


@dataclass
class ProjectRecord:
    area_code: str
    plan_level: str
    title: str
    status: str = "proposed"
    domain: str | None = None
    catalog_id: str | None = None
    indicator_id: str | None = None
    survey_year: int | None = None
    baseline_pct_fail: float | None = None
    baseline_fail: int | None = None
    baseline_applicable: int | None = None
    problem: str = ""
    causes: str = ""
    objective: str = ""
    target_group: str = ""
    inputs: str = ""
    activities: str = ""
    outputs: str = ""
    outcomes: str = ""
    impact: str = ""
    responsible_agency: str = ""
    start_date: date | None = None
    end_date: date | None = None
    matrix_item_id: int | None = None
    is_demo: bool = False
    villages: list[VillageCover] = field(default_factory=list)
    kpis: list[KPI] = field(default_factory=list)
    budgets: list[Budget] = field(default_factory=list)
    strategies: list[str] = field(default_factory=list)  # ids of data/strategies items it serves
    output_results: list[OutputResult] = field(default_factory=list)
    spending: list[Spending] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)
    id: int | None = None
    version: int | None = None
    created_at: datetime | None = None
    created_by: str | None = None
    updated_at: datetime | None = None
    updated_by: str | None = None

    @property
    def total_budget(self) -> float:
        return float(sum(b.amount for b in self.budgets if b.amount is not None))  # a form's row may be blank

    @property
    def total_spent(self) -> float:
        return float(sum(s.amount for s in self.spending or [] if s.amount is not None))

    @property
    def has_results(self) -> bool:
        """Whether anything actually done is recorded: an output's actual value or money spent."""
        return bool(self.spending) or any(o.actual is not None for o in self.output_results or [])

    def content(self) -> dict[str, Any]:
        """Every field a user edits (not id, version or timestamps) — what a round trip preserves."""
        data = asdict(self)
        for key in ("id", "version", "created_at", "created_by", "updated_at", "updated_by", "matrix_item_id"):
            data.pop(key)
        return data


def input_kinds(cls: type) -> dict[str, str]:
    """Field → kind of input, as declared on the record (KPI, Budget)."""
    return {f.name: f.metadata["input"] for f in fields(cls)}


VILLAGE_FIELDS = field_names(VillageCover)
KPI_FIELDS = field_names(KPI)  # the one declared list of a KPI's fields (form, sheets, database)
BUDGET_FIELDS = field_names(Budget)
OUTPUT_FIELDS = field_names(OutputResult)
SPENDING_FIELDS = field_names(Spending)
PARTNER_FIELDS = field_names(Partner)
#: a project's lists (each stored in a table of its own)
LIST_FIELDS = ("villages", "kpis", "budgets", "strategies", "output_results", "spending", "partners")

SCALAR_PROJECT_FIELDS = [
    f.name
    for f in fields(ProjectRecord)
    if f.name not in (*LIST_FIELDS, "id", "version", "created_at", "created_by", "updated_at", "updated_by")
]


@dataclass
class MatrixItemRecord:
    """One candidate problem of a matrix; a score is None until the group gives it."""

    title: str
    size: int | None = None
    severity: int | None = None
    feasibility: int | None = None
    concern: int | None = None
    catalog_id: str | None = None
    indicator_id: str | None = None
    domain: str | None = None
    data_rank: int | None = None
    pct_fail: float | None = None
    n_fail: int | None = None
    size_from_data: int | None = None
    total: float | None = None
    agreed_rank: int | None = None
    id: int | None = None


@dataclass
class MatrixRecord:
    area_code: str
    survey_year: int
    title: str
    scale_min: int = 1
    scale_max: int = 4
    method: str = "sum"
    meeting_date: date | None = None
    participants: str = ""
    notes: str = ""
    is_demo: bool = False
    items: list[MatrixItemRecord] = field(default_factory=list)
    id: int | None = None
    version: int | None = None
    created_at: datetime | None = None
    created_by: str | None = None
    updated_at: datetime | None = None
    updated_by: str | None = None


SCALAR_MATRIX_FIELDS = [
    "area_code",
    "survey_year",
    "title",
    "scale_min",
    "scale_max",
    "method",
    "meeting_date",
    "participants",
    "notes",
    "is_demo",
]


@dataclass
class PinRecord:
    category: str
    name: str
    lat: float
    lon: float
    details: str = ""
    village_code: str | None = None
    project_id: int | None = None
    photo: bytes | None = None
    photo_mime: str | None = None
    is_demo: bool = False
    id: int | None = None
    version: int | None = None
    created_at: datetime | None = None
    created_by: str | None = None
    updated_at: datetime | None = None
    updated_by: str | None = None

    @property
    def photo_data_url(self) -> str | None:
        if not self.photo:
            return None
        import base64

        return f"data:{self.photo_mime or 'image/jpeg'};base64,{base64.b64encode(self.photo).decode('ascii')}"


PIN_FIELDS = [
    "category",
    "name",
    "lat",
    "lon",
    "details",
    "village_code",
    "project_id",
    "photo",
    "photo_mime",
    "is_demo",
]
