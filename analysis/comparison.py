"""Compare the children of an area (villages of a tambon, tambons of an amphoe, ...).

indicators: one row per child × indicator: measures, and change since the base year.
domains:    one row per child × domain: domain measures, and change within the same cycle.
parent_*:   the parent's own rows (its pooled average over all its units).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.catalogs import load_catalog
from analysis.change import CrossCycleError, direction, year_change
from analysis.codes import LEVEL_LENGTH
from analysis.measures import domain_measures, indicator_measures
from analysis.queries import level_below
from analysis.store import Workspace


@dataclass
class Comparison:
    parent_code: str
    child_level: str
    year: int
    base_year: int | None
    catalog_id: str
    indicators: pd.DataFrame
    domains: pd.DataFrame
    parent_indicators: pd.DataFrame
    parent_domains: pd.DataFrame
    change_refused: str | None = None

    def matrix(self) -> pd.DataFrame:
        """Child × indicator % failing (the heat map's values): children in code order, indicators
        in catalog order."""
        matrix = self.indicators.pivot(index="area_code", columns="indicator_id", values="pct_fail")
        order = load_catalog(self.catalog_id).indicator_ids
        return matrix[[i for i in order if i in matrix.columns]]

    def summary(self) -> pd.DataFrame:
        """One row per child: % failing per domain, households failing, change in each domain."""
        wide = self.domains.pivot(index="area_code", columns="domain", values="pct_fail")
        wide.columns = [f"pct_fail_{c}" for c in wide.columns]
        if "change_pp" in self.domains:
            change = self.domains.pivot(index="area_code", columns="domain", values="change_pp")
            change.columns = [f"change_{c}" for c in change.columns]
            wide = wide.join(change)
        totals = self.indicators.groupby("area_code")[["applicable", "fail"]].sum()
        wide["pct_fail_all"] = 100 * totals["fail"] / totals["applicable"]
        return wide.reset_index()


def compare_children(
    workspace: Workspace, parent_code: str, year: int, base_year: int | None = None
) -> Comparison | None:
    """The comparison of ``parent_code``'s children in ``year`` (None when they have no data)."""
    child_level = level_below(_level(parent_code))
    if child_level is None:
        return None
    where = "level = ? AND year = ? AND starts_with(area_code, ?)"
    children = workspace.read("area_indicator", where, [child_level, int(year), parent_code])
    children = children[children["applicable"] > 0]
    if children.empty:
        return None
    indicators = indicator_measures(children)
    domain_rows = domain_measures(
        indicators, workspace.read("area_domain", where, [child_level, int(year), parent_code])
    )
    parent = indicator_measures(
        workspace.read("area_indicator", "area_code = ? AND year = ?", [parent_code, int(year)])
    )
    parent_domains = domain_measures(
        parent, workspace.read("area_domain", "area_code = ? AND year = ?", [parent_code, int(year)])
    )
    comparison = Comparison(
        parent_code,
        child_level,
        int(year),
        base_year,
        str(indicators["catalog_id"].iloc[0]),
        indicators,
        domain_rows,
        parent,
        parent_domains,
    )
    if base_year is not None:
        _add_change(workspace, comparison, where, child_level, parent_code)
    return comparison


def _level(code: str) -> str:
    return {length: level for level, length in LEVEL_LENGTH.items()}[len(code)]


def _add_change(workspace: Workspace, comparison: Comparison, where: str, child_level: str, parent_code: str) -> None:
    base = workspace.read("area_indicator", where, [child_level, int(comparison.base_year), parent_code])
    try:
        comparison.indicators = year_change(base, comparison.indicators)
    except CrossCycleError as error:
        comparison.change_refused = str(error)
        comparison.indicators = comparison.indicators.assign(
            pct_fail_base=np.nan, change_pp=np.nan, direction="not_comparable"
        )
        return
    base_domains = workspace.read("area_domain", where, [child_level, int(comparison.base_year), parent_code])
    same_cycle = not base_domains.empty and base_domains["catalog_id"].iloc[0] == comparison.catalog_id
    lookup = base_domains.set_index(["area_code", "domain"])["pct_fail"] if same_cycle else pd.Series(dtype=float)
    domains_frame = comparison.domains
    domains_frame["pct_fail_base"] = [
        lookup.get((a, d), np.nan) for a, d in zip(domains_frame["area_code"], domains_frame["domain"], strict=True)
    ]
    domains_frame["change_pp"] = domains_frame["pct_fail"] - domains_frame["pct_fail_base"]
    domains_frame["direction"] = domains_frame["change_pp"].map(direction)


def previous_year(years: list[int], year: int) -> int | None:
    earlier = [y for y in years if y < year]
    return max(earlier) if earlier else None
