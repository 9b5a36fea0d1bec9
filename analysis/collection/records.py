"""Plain records of collection administration (no session needed to read them) and the declared
settings of data/collection.toml."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from analysis.config import DATA_DIR, read_toml


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    """data/collection.toml as read."""
    return read_toml(DATA_DIR / "collection.toml")


def section(name: str) -> dict[str, Any]:
    return dict(settings()[name])


@dataclass
class VolunteerRecord:
    """Volunteers of one role in one village and survey year: a count, never a name."""

    village_code: str
    year: int
    role: str = "collector"
    volunteers: int = 0
    is_demo: bool = False
    id: int | None = None
    version: int | None = None
    updated_at: datetime | None = None
    updated_by: str = ""


@dataclass
class OrderRecord:
    """An appointment order of the collection committee; ``members`` counts people per position."""

    area_code: str
    year: int
    order_no: str
    order_date: date
    level: str = "amphoe"
    members: dict[str, int] = field(default_factory=dict)
    is_demo: bool = False
    id: int | None = None
    version: int | None = None
    updated_at: datetime | None = None
    updated_by: str = ""


@dataclass
class VisitRecord:
    """A visit of the checking team to a village: when, and how many findings it noted."""

    village_code: str
    year: int
    visit_date: date
    findings: int = 0
    is_demo: bool = False
    id: int | None = None
    version: int | None = None
    updated_at: datetime | None = None
    updated_by: str = ""


@dataclass
class CorrectionDueRecord:
    """When a village's data went back for correction, and by when it must come back."""

    village_code: str
    year: int
    returned_on: date
    due_date: date
    is_demo: bool = False
    id: int | None = None
    version: int | None = None
    updated_at: datetime | None = None
    updated_by: str = ""


@dataclass
class LaoRecord:
    """The อปท. (local government organisation) a village belongs to."""

    village_code: str
    lao_code: str
    lao_name: str
    is_demo: bool = False
    id: int | None = None
    version: int | None = None
    updated_at: datetime | None = None
    updated_by: str = ""
