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
from analysis.change import CrossCycleError, directions, year_change
from analysis.frames import AreaFrames
from analysis.measures import domain_measures, indicator_measures, pooled_pct_fail
from analysis.ranking import rank_items


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
        wide["pct_fail_all"] = pooled_pct_fail(self.indicators)
        return wide.reset_index()


def compare(children: AreaFrames, parent: AreaFrames, base: AreaFrames | None = None) -> Comparison | None:
    """The comparison of an area's children (None when they have no data). ``base`` holds the same
    children in the base year, for the change since then."""
    rows = children.indicators[children.indicators["applicable"] > 0]
    if rows.empty:
        return None
    indicators = indicator_measures(rows)
    parent_indicators = indicator_measures(parent.indicators)
    comparison = Comparison(
        parent.area_code,
        children.level,
        int(children.year),
        None if base is None else int(base.year),
        str(indicators["catalog_id"].iloc[0]),
        indicators,
        domain_measures(indicators, children.domains),
        parent_indicators,
        domain_measures(parent_indicators, parent.domains),
    )
    if base is not None:
        _add_change(comparison, base)
    return comparison


BASE_COUNTS = ["applicable", "pass", "fail"]


def _base_counts(frame: pd.DataFrame, base: pd.DataFrame, keys: list[str], base_keys: list[str]) -> pd.DataFrame:
    """The base year's counts beside each row (applicable_base, pass_base, fail_base): what the
    base year's share was made of, so a small count behind a change can be hidden too."""
    counts = base[[*base_keys, *BASE_COUNTS]].rename(columns={c: f"{c}_base" for c in BASE_COUNTS})
    counts = counts.rename(columns=dict(zip(base_keys, keys, strict=True)))
    return frame.merge(counts, on=keys, how="left")


def _add_change(comparison: Comparison, base: AreaFrames) -> None:
    try:
        changed = year_change(base.indicators, comparison.indicators)
        comparison.indicators = _base_counts(
            changed, base.indicators, ["area_code", "base_indicator_id"], ["area_code", "indicator_id"]
        )
    except CrossCycleError as error:
        comparison.change_refused = str(error)
        comparison.indicators = comparison.indicators.assign(
            pct_fail_base=np.nan, change_pp=np.nan, direction="not_comparable"
        )
        return
    base_domains = base.domains
    same_cycle = not base_domains.empty and base_domains["catalog_id"].iloc[0] == comparison.catalog_id
    before = base_domains[["area_code", "domain", "pct_fail"]].rename(columns={"pct_fail": "pct_fail_base"})
    if not same_cycle:
        before = before.iloc[0:0]
    frame = comparison.domains.drop(columns=["pct_fail_base"], errors="ignore").merge(
        before, on=["area_code", "domain"], how="left"
    )
    frame["change_pp"] = frame["pct_fail"] - frame["pct_fail_base"]
    frame["direction"] = directions(frame["change_pp"])
    comparison.domains = _base_counts(
        frame, base_domains if same_cycle else base_domains.iloc[0:0], *[["area_code", "domain"]] * 2
    )


def focus_children(summary: pd.DataFrame, count: int, extra: list[str] | None = None) -> list[str]:
    """The children charts show when there are many: the ``count`` worst and ``count`` best by %
    failing over all indicators (ties by code), and any ``extra`` areas asked for; all of them when
    there are no more than 2 × ``count``. In order: worst first."""
    ranked = rank_items(summary, "pct_fail_all", None, "area_code")
    codes = ranked["area_code"].tolist()
    if len(codes) > 2 * count:
        chosen = set(codes[:count]) | set(codes[-count:]) | set(extra or [])
        codes = [c for c in codes if c in chosen]
    return codes


def previous_year(years: list[int], year: int) -> int | None:
    earlier = [y for y in years if y < year]
    return max(earlier) if earlier else None
