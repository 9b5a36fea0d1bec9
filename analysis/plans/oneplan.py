"""The One Plan of an area: its projects and those of the areas below it, rolled up.

projects_frame: one row per project (plan area, level, status, domain, indicator, total budget).
budget_frame:   one row per project × fiscal year × source.
rollup:         one row per area at or below the picked one × fiscal year (budget totals).
"""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from analysis.codes import LEVEL_LENGTH, VILLAGE_LENGTH, level_of, prefix_at
from analysis.plans.records import ProjectRecord
from analysis.store import Workspace

PROJECT_COLUMNS = [
    "id",
    "version",
    "area_code",
    "plan_level",
    "status",
    "title",
    "domain",
    "catalog_id",
    "indicator_id",
    "survey_year",
    "responsible_agency",
    "total_budget",
    "villages",
    "is_demo",
]


def projects_frame(projects: list[ProjectRecord]) -> pd.DataFrame:
    rows = [
        {
            **{c: getattr(p, c) for c in PROJECT_COLUMNS if hasattr(p, c) and c not in ("total_budget", "villages")},
            "total_budget": p.total_budget,
            "villages": len(p.villages),
        }
        for p in projects
    ]
    return pd.DataFrame(rows, columns=PROJECT_COLUMNS)


def budget_frame(projects: list[ProjectRecord]) -> pd.DataFrame:
    rows = [
        {
            "project_id": p.id,
            "area_code": p.area_code,
            "plan_level": p.plan_level,
            "status": p.status,
            "domain": p.domain,
            "fiscal_year": b.fiscal_year,
            "source": b.source,
            "amount": float(b.amount),
        }
        for p in projects
        for b in p.budgets
    ]
    columns = ["project_id", "area_code", "plan_level", "status", "domain", "fiscal_year", "source", "amount"]
    return pd.DataFrame(rows, columns=columns)


def filter_projects(
    projects: list[ProjectRecord],
    domains: list[str] | None = None,
    statuses: list[str] | None = None,
    levels: list[str] | None = None,
    fiscal_years: list[int] | None = None,
) -> list[ProjectRecord]:
    """Projects matching every filter given (a fiscal-year filter keeps projects budgeted in one of them)."""
    kept = []
    for project in projects:
        if domains and project.domain not in domains:
            continue
        if statuses and project.status not in statuses:
            continue
        if levels and project.plan_level not in levels:
            continue
        if fiscal_years and not {b.fiscal_year for b in project.budgets} & set(fiscal_years):
            continue
        kept.append(project)
    return kept


def totals(budgets: pd.DataFrame, by: str) -> pd.DataFrame:
    """Budget totals: rows = ``by`` (source, status, ...), columns = fiscal years, plus a total."""
    if budgets.empty:
        return pd.DataFrame()
    table = budgets.pivot_table(index=by, columns="fiscal_year", values="amount", aggfunc="sum", fill_value=0.0)
    table["total"] = table.sum(axis=1)
    return table


def rollup(budgets: pd.DataFrame, area_code: str) -> pd.DataFrame:
    """Budget totals of the projects at or below ``area_code``, for the area itself and for each
    area one and two levels down (village → tambon → amphoe): one row per area × fiscal year."""
    under = budgets[budgets["area_code"].str.startswith(area_code)]
    rows = []
    for length in sorted({len(area_code), *(n for n in LEVEL_LENGTH.values() if n > len(area_code))}):
        if length > VILLAGE_LENGTH:
            continue
        part = under[under["area_code"].str.len() >= length]
        if part.empty:
            continue
        grouped = (
            part.assign(area=part["area_code"].str[:length])
            .groupby(["area", "fiscal_year"], as_index=False)["amount"]
            .sum()
        )
        grouped["level"] = level_of(grouped["area"].iloc[0]) if len(grouped) else None
        rows.append(grouped)
    if not rows:
        return pd.DataFrame(columns=["area", "level", "fiscal_year", "amount"])
    return pd.concat(rows, ignore_index=True)[["area", "level", "fiscal_year", "amount"]]


def covers(project: ProjectRecord, area_code: str, area_villages: Collection[str] = ()) -> bool:
    """Whether ``project`` plans for the area ``area_code``: a project of the area or of an area below
    it; or a project of an area above it (an amphoe project for a tambon) that covers every village
    of the area (``area_villages``), or lists no villages at all (it plans for its whole area)."""
    if project.area_code.startswith(area_code):
        return True
    if not area_code.startswith(project.area_code):
        return False
    covered = {v.village_code for v in project.villages}
    if not covered:
        return True
    if len(area_code) >= VILLAGE_LENGTH:
        return prefix_at(area_code, "village") in covered
    return bool(area_villages) and set(area_villages) <= covered


def unaddressed(
    problems: pd.DataFrame, projects: list[ProjectRecord], area_code: str, area_villages: Collection[str] = ()
) -> pd.DataFrame:
    """Top-ranked problems (rows with catalog_id, indicator_id) that no project covering the area
    (see ``covers``) addresses, by its own indicator or one of its KPIs."""
    covering = [p for p in projects if covers(p, area_code, area_villages)]
    addressed = {(p.catalog_id, p.indicator_id) for p in covering if p.indicator_id}
    addressed |= {(k.catalog_id, k.indicator_id) for p in covering for k in p.kpis if k.indicator_id}
    mask = [(c, i) not in addressed for c, i in zip(problems["catalog_id"], problems["indicator_id"], strict=True)]
    return problems[mask].reset_index(drop=True)


def kpi_progress(workspace: Workspace, projects: list[ProjectRecord]) -> pd.DataFrame:
    """For each KPI linked to an indicator: the latest survey value for the project's area (% passing),
    against its baseline and target. Cross-cycle values are not used."""
    rows = []
    for project in projects:
        for kpi in project.kpis:
            if not kpi.indicator_id:
                continue
            latest = workspace.rows("area_indicator", area=project.area_code, indicator=kpi.indicator_id, catalog="*")
            latest = latest[latest["catalog_id"] == kpi.catalog_id]
            latest = latest.sort_values("year").tail(1)
            value = float(latest["pct_pass"].iloc[0]) if len(latest) else None
            year = int(latest["year"].iloc[0]) if len(latest) else None
            progress = None
            if (
                value is not None
                and kpi.baseline_value is not None
                and kpi.target_value not in (None, kpi.baseline_value)
            ):
                progress = 100 * (value - kpi.baseline_value) / (kpi.target_value - kpi.baseline_value)
            rows.append(
                {
                    "project_id": project.id,
                    "title": project.title,
                    "kpi": kpi.name,
                    "indicator_id": kpi.indicator_id,
                    "baseline_value": kpi.baseline_value,
                    "baseline_year": kpi.baseline_year,
                    "latest_value": value,
                    "latest_year": year,
                    "target_value": kpi.target_value,
                    "target_year": kpi.target_year,
                    "progress_pct": progress,
                }
            )
    columns = [
        "project_id",
        "title",
        "kpi",
        "indicator_id",
        "baseline_value",
        "baseline_year",
        "latest_value",
        "latest_year",
        "target_value",
        "target_year",
        "progress_pct",
    ]
    return pd.DataFrame(rows, columns=columns)
