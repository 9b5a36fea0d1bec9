"""What the documents of journey 6 show, gathered once into plain dataclasses (reads and wiring);
the PDFs and workbooks are pure functions of them (analysis.checks.review, analysis.checks.reports).

ReviewSheet    one village for its certification forum: its indicators against last year and the
               tambon, the flagged checks, its status and what changed since the last step.
QualityReport  an amphoe (เอกสารคุณภาพชีวิตของประชาชนอำเภอ) or a tambon (รายงาน จปฐ. ตำบล): coverage,
               certified villages, the five domains, indicators below target by child area,
               change since last year, top problems.
ProgressReport one page from amphoe to province: collection %, certification %, problems found and
               corrected, per tambon.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from analysis.change import CrossCycleError, year_change
from analysis.checks import frames
from analysis.checks.certify import CertificationRecord, CertificationStore
from analysis.checks.snapshot import SnapshotDiff
from analysis.checks.views import CheckResult, CollectionProgress, changes_since, collection_progress, run_checks
from analysis.codes import TAMBON_LENGTH, prefix_at
from analysis.frames import child_level
from analysis.i18n import translate
from analysis.measures import indicator_measures, share_pct
from analysis.queries import with_titles
from analysis.ranking import top_problems
from analysis.store import Workspace
from analysis.views import area_overview, compare_children, rank_problems


@dataclass
class ReviewSheet:
    village_code: str
    names: dict[str, str]  # village, tambon, amphoe
    year: int
    base_year: int | None
    lang: str
    is_demo: bool
    households: int
    expected: float | None
    first_collected: date | None
    last_collected: date | None
    indicators: (
        pd.DataFrame
    )  # indicator_id, title, applicable, fail, pct_fail, pct_fail_base, change_pp, pct_fail_tambon, flagged
    findings: pd.DataFrame  # findings.FINDING_COLUMNS of the village
    status: CertificationRecord
    history: pd.DataFrame
    changes: SnapshotDiff | None = None


def _compared(current: pd.DataFrame, base: pd.DataFrame) -> pd.DataFrame:
    try:
        return year_change(base, current)
    except CrossCycleError:
        return current.assign(pct_fail_base=float("nan"), change_pp=float("nan"))


def review_sheet(
    workspace: Workspace,
    store: CertificationStore,
    village: str,
    year: int,
    lang: str = "th",
    checks: CheckResult | None = None,
) -> ReviewSheet:
    checks = checks or run_checks(workspace, village, year)
    current = workspace.rows("area_indicator", area=village, year=int(year))
    base_year = frames.earlier_year(workspace, village, year)
    base = workspace.rows("area_indicator", area=village, year=base_year) if base_year else current.iloc[0:0]
    rows = _compared(current, base) if len(base) else current.assign(pct_fail_base=float("nan"), change_pp=float("nan"))
    tambon = workspace.rows("area_indicator", area=prefix_at(village, "tambon"), year=int(year))[
        ["indicator_id", "pct_fail"]
    ]
    rows = rows.merge(tambon.rename(columns={"pct_fail": "pct_fail_tambon"}), on="indicator_id", how="left")
    rows = with_titles(rows).sort_values("order_key")
    flagged = set(checks.findings["indicator_id"].dropna().astype(str))
    table = pd.DataFrame(
        {
            "indicator_id": rows["indicator_id"],
            "title": rows[f"title_{lang}"],
            "applicable": rows["applicable"],
            "fail": rows["fail"],
            "pct_fail": rows["pct_fail"],
            "pct_fail_base": rows["pct_fail_base"],
            "change_pp": rows["change_pp"],
            "pct_fail_tambon": rows["pct_fail_tambon"],
            "flagged": rows["indicator_id"].astype(str).isin(flagged),
            "count_unit": rows["count_unit"] if "count_unit" in rows else "household",
        }
    ).reset_index(drop=True)
    progress = checks.progress or collection_progress(workspace, village, year)
    row = progress.villages[progress.villages["village_code"] == village]
    status = store.record(village, year)
    register = workspace.register()
    names = {level: register.display_name(prefix_at(village, level), lang) for level in ("village", "tambon", "amphoe")}
    return ReviewSheet(
        village,
        names,
        int(year),
        base_year,
        lang,
        workspace.is_demo(),
        int(row["households_collected"].iloc[0]) if len(row) else 0,
        _number(row["households_expected"].iloc[0]) if len(row) else None,
        _day(row["first_collected"].iloc[0]) if len(row) else None,
        _day(row["last_collected"].iloc[0]) if len(row) else None,
        table,
        checks.findings[checks.findings["village_code"] == village].reset_index(drop=True),
        status,
        store.history(village, year),
        changes_since(workspace, status.snapshot, village, year),
    )


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _day(value) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


# ---- reports up the chain -------------------------------------------------------------------------


@dataclass
class QualityReport:
    area_code: str
    area_name: str
    level: str
    child_level: str
    year: int
    base_year: int | None
    lang: str
    is_demo: bool
    households: int | None
    people: int | None
    villages: int
    progress: CollectionProgress
    certified: pd.DataFrame  # per child: villages, certified, pct_certified
    domains: pd.DataFrame  # the area's five domains: domain, name, pct_fail, fail, applicable
    children: pd.DataFrame  # per child: area_code, name, households, pct_fail_<domain>, below_target
    below_target: (
        pd.DataFrame
    )  # per child × indicator below target: area_code, indicator_id, title, pct_pass, target, gap
    changes: pd.DataFrame  # the area's indicators: title, pct_fail_base, pct_fail, change_pp
    top_problems: pd.DataFrame  # rank, indicator_id, title, domain, pct_fail, fail
    notes: list[str] = field(default_factory=list)


def certification_counts(statuses: pd.DataFrame, villages: list[str], length: int) -> pd.DataFrame:
    """Per area of ``length`` digits: villages with data, certified, % certified, returned."""
    # both keys as text: an area with no household rows (aggregates only) has no villages here,
    # and an empty list would make a float column that cannot be merged with the statuses' codes
    frame = pd.DataFrame({"village_code": pd.Series(list(villages), dtype=object)})
    known = statuses[["village_code", "status"]].astype({"village_code": object})
    frame = frame.merge(known, on="village_code", how="left")
    frame["status"] = frame["status"].fillna("not_checked")
    frame["area_code"] = frame["village_code"].str[:length]
    out = frame.groupby("area_code", as_index=False).agg(
        villages=("village_code", "size"),
        checked=("status", lambda s: int(s.isin(["checked", "certified"]).sum())),
        returned=("status", lambda s: int((s == "returned").sum())),
        certified=("status", lambda s: int((s == "certified").sum())),
    )
    out["pct_certified"] = share_pct(out["certified"], out["villages"]).to_numpy()
    return out


def quality_report(
    workspace: Workspace, store: CertificationStore, area: str, year: int, lang: str = "th"
) -> QualityReport:
    """The report of an amphoe (children: tambons) or a tambon (children: villages)."""
    overview = area_overview(workspace, area, year)
    if overview is None:
        raise LookupError(f"no data for {area} in {year}")
    level = child_level(area) or "village"
    register = workspace.register()
    comparison = compare_children(workspace, area, year, frames.earlier_year(workspace, area, year), level)
    base_year = comparison.base_year if comparison else None
    villages = frames.villages_with_data(workspace, area, year)
    certified = certification_counts(store.statuses(area, year), villages, len(area) + 2 if level != "village" else 8)
    measured = indicator_measures(comparison.indicators) if comparison else pd.DataFrame()
    below = measured[measured["below_target"]] if len(measured) else measured
    children = _children(comparison, register, lang) if comparison else pd.DataFrame()
    if len(children):
        counts = below.groupby("area_code").size()
        children["below_target"] = children["area_code"].map(counts).fillna(0).astype(int)
    ranking = top_problems(rank_problems(workspace, area, year, "pct_fail", lang=lang), "all", 5)
    changes = _area_changes(workspace, area, year, base_year, lang)
    domains = overview.domains.assign(name=overview.domains[f"name_{lang}"])
    return QualityReport(
        area,
        register.display_name(area, lang),
        overview.level,
        level,
        int(year),
        base_year,
        lang,
        workspace.is_demo(),
        overview.households,
        overview.people,
        overview.villages,
        collection_progress(workspace, area, year),
        certified,
        domains,
        children,
        with_titles(below)[["area_code", "indicator_id", f"title_{lang}", "pct_pass", "target", "gap_to_target"]]
        if len(below)
        else pd.DataFrame(),
        changes,
        ranking,
    )


def _children(comparison, register, lang: str) -> pd.DataFrame:
    summary = comparison.summary()
    names = register.display_names(summary["area_code"], lang)
    summary.insert(1, "name", summary["area_code"].map(names))
    return summary


def _area_changes(workspace: Workspace, area: str, year: int, base_year: int | None, lang: str) -> pd.DataFrame:
    if base_year is None:
        return pd.DataFrame()
    current = workspace.rows("area_indicator", area=area, year=int(year))
    base = workspace.rows("area_indicator", area=area, year=int(base_year))
    try:
        changed = year_change(base, current)
    except CrossCycleError:
        return pd.DataFrame()
    changed = with_titles(changed[changed["change_pp"].notna()])
    return changed[["indicator_id", f"title_{lang}", "pct_fail_base", "pct_fail", "change_pp"]].rename(
        columns={f"title_{lang}": "title"}
    )


@dataclass
class ProgressReport:
    area_code: str
    area_name: str
    year: int
    lang: str
    is_demo: bool
    progress: CollectionProgress
    tambons: pd.DataFrame  # per tambon: collection, certification, problems found and corrected
    findings_total: dict[str, int]
    as_of: date
    recipient: str = ""  # who the report goes to: the area above, named ("จังหวัดสาธิต (สมมติ)")
    aggregate_only: bool = False  # the year's data has no household rows: nothing to follow


def progress_report(
    workspace: Workspace, store: CertificationStore, area: str, year: int, lang: str = "th", as_of: date | None = None
) -> ProgressReport:
    """One page from the amphoe (or any area) to the level above: per tambon."""
    progress = collection_progress(workspace, area, year, as_of)
    checks = run_checks(workspace, area, year, progress.as_of)
    # villages with data count even without household rows (a year imported as area totals)
    villages = sorted(set(progress.villages["village_code"]) | set(frames.villages_with_data(workspace, area, year)))
    certified = certification_counts(store.statuses(area, year), villages, 6)
    tambons = _tambon_rows(progress.areas["tambon"], certified)
    found = checks.findings.assign(area_code=checks.findings["village_code"].str[:TAMBON_LENGTH])
    for severity, column in (("error", "errors"), ("warning", "warnings")):
        counts = found[found["severity"] == severity].groupby("area_code").size()
        tambons[column] = tambons["area_code"].map(counts).fillna(0).astype(int)
    corrected = corrected_villages(store.audit_log("certification"), area, year)
    tambons["corrected"] = (
        tambons["area_code"].map(corrected.groupby(corrected.str[:TAMBON_LENGTH]).size()).fillna(0).astype(int)
    )
    names = workspace.register().display_names(tambons["area_code"], lang)
    tambons.insert(1, "name", tambons["area_code"].map(names))
    totals = {s: int((checks.findings["severity"] == s).sum()) for s in ("error", "warning", "info")}
    totals["corrected"] = len(corrected)
    register = workspace.register()
    name = register.display_name(area, lang)
    above = {8: 6, 6: 4, 4: 2}.get(len(area))
    recipient = register.display_name(area[:above], lang) if above else translate("report_words.department", lang)
    aggregate_only = progress.collected == 0 and bool(frames.villages_with_data(workspace, area, year))
    return ProgressReport(
        area,
        name,
        int(year),
        lang,
        workspace.is_demo(),
        progress,
        tambons,
        totals,
        progress.as_of,
        recipient,
        aggregate_only,
    )


def _tambon_rows(collected: pd.DataFrame, certified: pd.DataFrame) -> pd.DataFrame:
    """Per tambon: collection (where households were collected) beside certification (every
    tambon with villages with data); a tambon with nothing collected has 0 done and 0 late."""
    tambons = collected.merge(certified, on="area_code", how="outer", suffixes=("", "_with_data"))
    tambons["villages"] = tambons[["villages", "villages_with_data"]].max(axis=1).astype(int)
    for column in ("villages_registered", "villages_done", "villages_late", "households_collected"):
        tambons[column] = tambons[column].fillna(0).astype(int)
    return tambons.drop(columns="villages_with_data").sort_values("area_code").reset_index(drop=True)


def corrected_villages(log: pd.DataFrame, area: str, year: int) -> pd.Series:
    """Villages once returned for correction that have since been checked or certified again."""
    if log.empty:
        return pd.Series([], dtype=object)
    keys = log["entity_key"].fillna("")
    mine = log[keys.str.startswith(area) & keys.str.endswith(f":{int(year)}")]
    steps = mine.sort_values("id")
    villages = steps["entity_key"].str.split(":").str[0]
    targets = steps["changes"].map(lambda c: (c or {}).get("status", [None, None])[1])
    returned = set(villages[targets == "returned"])
    last = targets.groupby(villages).last()
    return pd.Series(sorted(v for v in returned if last.get(v) in ("checked", "certified")), dtype=object)
