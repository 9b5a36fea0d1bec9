"""Plain records of the offices' registers (no database session is needed to read them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from analysis.codes import AMPHOE_LENGTH


@dataclass
class ContestEntry:
    """A tambon entered in the province's contest register for a fiscal year (amphoe level), and
    whether the province sent it on (province level)."""

    area_code: str  #: the owning province
    fiscal_year: int
    tambon_code: str
    sent_on: bool = False
    note: str = ""
    is_demo: bool = False
    id: int | None = None
    version: int | None = None
    updated_at: datetime | None = None
    updated_by: str | None = None

    @property
    def amphoe_code(self) -> str:
        return self.tambon_code[:AMPHOE_LENGTH]


@dataclass
class RoleModelSheet:
    """One amphoe's scores (criterion id → score) and evidence (criterion id → text), by its province."""

    area_code: str  #: the owning province
    fiscal_year: int
    amphoe_code: str
    scores: dict[str, float] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)
    is_demo: bool = False
    id: int | None = None
    version: int | None = None
    updated_at: datetime | None = None
    updated_by: str | None = None


@dataclass
class MonthlyReport:
    """A monthly report an office sent (best practice, or the staff's work plan/report)."""

    area_code: str  #: the office that owes it
    kind: str
    year: int  #: พ.ศ. of the report's month
    month: int
    sent_on: date
    title: str = ""
    body: str = ""
    is_demo: bool = False
    id: int | None = None
    version: int | None = None
    updated_at: datetime | None = None
    updated_by: str | None = None


ENTRY_FIELDS = ("area_code", "fiscal_year", "tambon_code", "sent_on", "note", "is_demo")
SHEET_FIELDS = ("area_code", "fiscal_year", "amphoe_code", "scores", "evidence", "is_demo")
REPORT_FIELDS = ("area_code", "kind", "year", "month", "sent_on", "title", "body", "is_demo")
