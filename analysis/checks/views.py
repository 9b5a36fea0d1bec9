"""What pages, the CLI and the documents ask for, wired: read (analysis.checks.frames, the
register), then compute (progress, quality, findings, snapshot — pure)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from analysis.catalogs import load_catalog
from analysis.change import CrossCycleError, year_change
from analysis.checks import frames, quality
from analysis.checks import progress as prog
from analysis.checks.config import consistency_pairs, section
from analysis.checks.findings import finish, village_summary
from analysis.checks.register import TargetRegister, read_register
from analysis.checks.snapshot import SnapshotDiff, compare_snapshots, make_snapshot
from analysis.codes import prefix_at
from analysis.store import Workspace
from analysis.thaidate import today_bangkok

LEVEL_LENGTHS = {"tambon": 6, "amphoe": 4}


@dataclass
class CollectionProgress:
    """The collection of an area and year against its register, as of a day."""

    area_code: str
    year: int
    as_of: date
    register: TargetRegister
    villages: pd.DataFrame  # progress.VILLAGE_COLUMNS
    volunteers: pd.DataFrame  # personal data: shown only to roles with view_households
    areas: dict[str, pd.DataFrame]  # "tambon" / "amphoe" → progress.rollup
    burnup: pd.DataFrame

    @property
    def collected(self) -> int:
        """Households collected in the area, every village counted (the total of the per-area
        tables): what every header line says was collected, whether or not a target is known."""
        return int(self.villages["households_collected"].sum())

    @property
    def expected(self) -> float:
        return float(pd.to_numeric(self.villages["households_expected"], errors="coerce").sum())

    @property
    def has_targets(self) -> bool:
        """Whether a household target is known: without one a header says "no register yet"
        rather than "of 0 target households"."""
        return self.expected > 0

    @property
    def pct_complete(self) -> float:
        total = self.expected
        return prog.pct(self.villages["households_counted"].sum(), total)


@dataclass
class CheckResult:
    area_code: str
    year: int
    base_year: int | None
    as_of: date
    findings: pd.DataFrame  # findings.FINDING_COLUMNS
    summary: pd.DataFrame  # findings.SUMMARY_COLUMNS, every village with data or in the register
    notes: list[str] = field(default_factory=list)  # i18n keys under checks.note.
    progress: CollectionProgress | None = None


def collection_progress(workspace: Workspace, area: str, year: int, as_of: date | None = None) -> CollectionProgress:
    as_of = as_of or today_bangkok()
    register = read_register(workspace, year, area)
    counts = frames.collection_counts(workspace, area, year)
    villages = prog.village_progress(register.villages(), counts, as_of)
    volunteers = prog.volunteer_progress(counts, register.collectors())
    areas = {level: prog.rollup(villages, n) for level, n in LEVEL_LENGTHS.items() if n > len(area) or n == len(area)}
    burnup = prog.burnup(
        counts,
        float(pd.to_numeric(register.villages()["households_expected"]).sum()),
        register.start,
        register.deadline,
    )
    return CollectionProgress(area, int(year), as_of, register, villages, volunteers, areas, burnup)


def _changes(
    workspace: Workspace, area: str, year: int, base_year: int | None, notes: list[str]
) -> pd.DataFrame | None:
    """Village × indicator changes since ``base_year`` (None when they cannot be compared)."""
    if base_year is None:
        notes.append("no_base_year")
        return None
    current, base = frames.village_rows(workspace, area, year), frames.village_rows(workspace, area, base_year)
    if current.empty or base.empty:
        notes.append("no_base_year")
        return None
    same = current["catalog_id"].iloc[0] == base["catalog_id"].iloc[0]
    if not same and not section("jump")["across_cycles"]:
        notes.append("base_other_cycle")
        return None
    try:
        changes = year_change(base, current)
    except CrossCycleError:
        notes.append("base_other_cycle")
        return None
    applicable = base[["area_code", "indicator_id", "applicable"]].rename(
        columns={"indicator_id": "base_indicator_id", "applicable": "applicable_base"}
    )
    return changes.merge(applicable, on=["area_code", "base_indicator_id"], how="left")


def run_checks(workspace: Workspace, area: str, year: int, as_of: date | None = None) -> CheckResult:
    """Every data check of the villages under ``area`` in ``year``. Jumps and income outliers compare
    a village with its tambon, so a village is checked within its tambon's data."""
    as_of = as_of or today_bangkok()
    notes: list[str] = []
    scope = prefix_at(area, "tambon")
    progress = collection_progress(workspace, area, year, as_of)
    parts = []
    if progress.register.empty:
        notes.append("no_register")
    else:
        tolerance = float(section("completeness")["over_tolerance_pct"])
        parts.append(quality.completeness_findings(progress.villages, tolerance))
    base_year = frames.earlier_year(workspace, area, year)
    changes = _changes(workspace, scope, year, base_year, notes)
    if changes is not None:
        parts.append(quality.jump_findings(changes, section("jump")))
    catalog_id = frames.catalog_of(workspace, year)
    if catalog_id is None:
        notes.append("no_households")
    else:
        parts += _household_checks(workspace, scope, year, catalog_id)
    raw = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else quality.empty()
    found = finish(raw[raw["village_code"].astype(str).str.startswith(area)])
    villages = sorted(set(frames.villages_with_data(workspace, area, year)) | set(progress.villages["village_code"]))
    summary = village_summary(found, villages)
    return CheckResult(area, int(year), base_year, as_of, found, summary, notes, progress)


def _household_checks(workspace: Workspace, area: str, year: int, catalog_id: str) -> list[pd.DataFrame]:
    pairs = consistency_pairs(catalog_id)
    income_id = load_catalog(catalog_id).income_indicator
    needed = sorted({p["when"] for p in pairs} | {p["requires"] for p in pairs} | ({income_id} if income_id else set()))
    households = frames.check_households(workspace, area, year, needed)
    identical, outliers = section("identical"), section("outliers")
    return [
        quality.consistency_findings(households, pairs),
        quality.income_zero_findings(households, income_id),
        quality.identical_findings(households, int(identical["min_households"]), float(identical["min_share"])),
        quality.members_findings(households, int(outliers["members_max"])),
        quality.income_outlier_findings(
            households, float(outliers["income_modified_z"]), int(outliers["income_min_households"])
        ),
    ]


def village_snapshot(workspace: Workspace, village: str, year: int) -> dict:
    """The village's data now (what a status change records)."""
    rows = workspace.rows("area_indicator", area=village, year=int(year))
    return make_snapshot(rows, frames.household_digests(workspace, village, year))


def changes_since(workspace: Workspace, snapshot: dict | None, village: str, year: int) -> SnapshotDiff | None:
    """What changed in the village's data since ``snapshot`` (None without one)."""
    if not snapshot:
        return None
    return compare_snapshots(snapshot, village_snapshot(workspace, village, year))


def certify_village(
    workspace: Workspace, store, village: str, year: int, target: str, version: int | None, actor, note: str = ""
):
    """Move a village to ``target`` with a snapshot of its data now (CertificationStore.transition)."""
    snapshot = village_snapshot(workspace, village, year)
    return store.transition(village, year, target, version, actor, note, snapshot)
