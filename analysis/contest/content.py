"""What a contest story holds: plain dataclasses and small DataFrames, in the story's language.

build_story (story.py) fills them from the workspace; every renderer (deck, summary, infographic,
checklist, presentation mode) reads only these, so each can be tested with a story made by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis.privacy import format_count
from analysis.public import count_text


@dataclass
class DataFacts:
    """The facts of the data collection behind the story."""

    year: int
    catalog_name: str
    households: int | None
    people: int | None
    villages_with_data: int
    villages_known: int
    indicators: int
    nrd2c_year: int | None = None
    sources: list[str] = field(default_factory=list)  # "จปฐ. ปี 2567 นำเข้าเมื่อ 7 ธ.ค. 2569"


@dataclass
class DomainResult:
    rank: int
    domain: str
    name: str
    colour: str
    value: float | None  # the ranking measure, as the Rank page shows it (None: hidden, public edition)
    pct_fail: float | None
    n_fail: int | str  # "< 5" in a public edition
    summary: str  # the line to read out (analysis.ranking.summary_lines)


@dataclass
class ProblemItem:
    rank: int
    domain: str
    domain_name: str
    indicator_id: str
    title: str
    pct_fail: float | None  # None: hidden in a public edition (made from a small count)
    n_fail: int | str  # "< 5" in a public edition
    unit: str
    text: str  # the numbers as a presenter reads them out
    drivers: str = ""
    problem: str = ""  # the declared problem phrase (the failing side), the title when none


@dataclass
class AreaRow:
    """One child area (village of a tambon, tambon of an amphoe): % failing per domain."""

    area_code: str
    name: str
    pct_fail: dict[str, float | None]  # None: hidden in a public edition
    pct_fail_all: float | None


@dataclass
class MapFeature:
    area_code: str
    name: str
    rings: list[list[tuple[float, float]]]  # exterior rings (lon, lat) of every part; a point: one ring of one
    colour: str
    value_text: str


@dataclass
class MapPin:
    lon: float
    lat: float
    colour: str
    symbol: str
    name: str


@dataclass
class MapData:
    title: str
    features: list[MapFeature]
    legend: list[tuple[str, str]]  # (colour, label)
    pins: list[MapPin] = field(default_factory=list)


@dataclass
class MatrixRow:
    rank: int
    title: str
    size: int
    severity: int
    feasibility: int
    concern: int
    total: float


@dataclass
class MatrixData:
    title: str
    meeting_date: str
    participants: str
    method: str
    rows: list[MatrixRow]


@dataclass
class ProjectData:
    id: int
    title: str
    plan_level: str
    level_name: str
    area_name: str
    status: str
    status_name: str
    domain_name: str
    problem: str
    causes: str
    objective: str
    activities: str
    outputs: str
    outcomes: str
    impact: str
    agency: str
    kpis: list[str]
    total_budget: float
    indicator_id: str | None = None
    results: list[str] = field(default_factory=list)  # done against the plan (analysis.plans.results)
    partners: list[str] = field(default_factory=list)
    strategies: list[str] = field(default_factory=list)  # titles of the strategy items it serves


@dataclass
class BudgetRow:
    fiscal_year: int
    source: str
    source_name: str
    amount: float


@dataclass
class PinData:
    name: str
    category: str
    details: str
    village_name: str
    colour: str
    symbol: str
    photo: bytes | None = None
    photo_mime: str | None = None


@dataclass
class Nrd2cSummary:
    year: int
    classes: list[tuple[str, int]]  # (class name, villages)
    top: list[ProblemItem]  # indicators by share of villages at level 1


@dataclass
class ContestStory:
    area_code: str
    area_name: str
    level: str
    year: int
    lang: str
    is_demo: bool
    measure_name: str
    facts: DataFacts
    domains: list[DomainResult]
    problems: dict[str, list[ProblemItem]]  # domain → its top problems
    top_problems: list[ProblemItem]  # across all five domains
    child_level: str | None = None
    children: list[AreaRow] = field(default_factory=list)
    map: MapData | None = None
    matrix: MatrixData | None = None
    projects: list[ProjectData] = field(default_factory=list)
    budget: list[BudgetRow] = field(default_factory=list)
    pins: list[PinData] = field(default_factory=list)
    mpi: dict[str, float] | None = None  # H, A, MPI
    nrd2c: Nrd2cSummary | None = None
    fiscal_year: int = 0  # the contest round's fiscal year (analysis.contest.round)
    private: bool = False  # the public edition: small counts as "< 5", shares made from them hidden
    covering: list[ProjectData] = field(default_factory=list)  # projects of areas above that cover it
    bmn_table: pd.DataFrame = field(default_factory=pd.DataFrame)  # appendix: every จปฐ. indicator
    nrd2c_table: pd.DataFrame = field(default_factory=pd.DataFrame)  # appendix: villages per level

    def count(self, value: object) -> str:
        """A count of households or persons as this edition shows it ("< 5" in a public one)."""
        return count_text(value) if isinstance(value, str) else format_count(value, suppress=self.private)

    def domain_names(self) -> dict[str, str]:
        return {d.domain: d.name for d in self.domains}

    def budget_by_year(self) -> dict[int, float]:
        totals: dict[int, float] = {}
        for row in self.budget:
            totals[row.fiscal_year] = totals.get(row.fiscal_year, 0.0) + row.amount
        return dict(sorted(totals.items()))
