"""An area across survey years (2564 → 2566 → 2567): % failing per indicator and per domain, with
the cross-cycle rule of analysis.change applied.

The latest year's indicator catalog is the reference. A year of the same catalog compares as it is.
A year of another catalog (another survey cycle):
  indicators — only the pairs declared in data/catalogs/cycle_mappings.csv are carried over, under
               the reference id, flagged ``cross_cycle`` (the pairs are UNCONFIRMED); with no
               declared pair at all the year is refused (no indicator rows), as change.py does;
  domains    — kept but flagged ``cross_cycle``: a domain holds other indicators in another cycle,
               so the chart draws those years apart and never joins them to the reference cycle.

Pure: ``area_trend`` takes the area's rows of every year (analysis.views reads them).

indicators: one row per year × indicator (reference ids): counts, pct_fail, catalog_id, cross_cycle.
domains:    one row per year × domain: counts, pct_fail, catalog_id, cross_cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis.change import CrossCycleError, indicator_pairs
from analysis.measures import share_pct

COUNTS = ["applicable", "pass", "fail"]


@dataclass
class Trend:
    area_code: str
    catalog_id: str  # the reference: the latest year's catalog
    years: list[int]
    indicators: pd.DataFrame
    domains: pd.DataFrame
    refused: list[int] = field(default_factory=list)  # years with no indicator comparable at all
    #: per year of another cycle: (reference indicators with no declared pair, that year's
    #: indicators with none) — said on the page and in `cia trend`, never silently dropped
    unmatched: dict[int, tuple[list[str], list[str]]] = field(default_factory=dict)

    @property
    def cross_cycle_years(self) -> list[int]:
        return sorted(int(y) for y in self.domains.loc[self.domains["cross_cycle"], "year"].unique())

    def comparable_years(self) -> list[int]:
        """The years of the reference cycle (the ones a domain's line joins)."""
        return sorted(int(y) for y in self.domains.loc[~self.domains["cross_cycle"], "year"].unique())


def _year_indicators(
    rows: pd.DataFrame, catalog: str, reference: str, mappings: pd.DataFrame | None
) -> pd.DataFrame | None:
    """One year's indicator rows under the reference ids (None when the cycle compares nothing)."""
    if catalog == reference:
        return rows.assign(source_id=rows["indicator_id"], cross_cycle=False)
    try:
        pairs = indicator_pairs(catalog, reference, mappings)  # reference id → this year's id
    except CrossCycleError:
        return None
    back = {base: later for later, base in pairs.items()}
    mapped = rows[rows["indicator_id"].isin(back)]
    return mapped.assign(
        source_id=mapped["indicator_id"], indicator_id=mapped["indicator_id"].map(back), cross_cycle=True
    )


def area_trend(
    indicator_rows: pd.DataFrame, domain_rows: pd.DataFrame, mappings: pd.DataFrame | None = None
) -> Trend | None:
    """The trend of one area from its area × year × indicator and area × year × domain rows;
    None when it has no year with data. ``mappings``: the declared cross-cycle pairs (default:
    data/catalogs/cycle_mappings.csv)."""
    with_data = indicator_rows[indicator_rows["applicable"] > 0]
    if with_data.empty:
        return None
    years = sorted(int(y) for y in with_data["year"].unique())
    reference = str(with_data.loc[with_data["year"] == years[-1], "catalog_id"].iloc[0])
    parts, refused, unmatched = [], [], {}
    latest = set(with_data.loc[with_data["year"] == years[-1], "indicator_id"])
    for year, rows in with_data.groupby("year", sort=True):
        part = _year_indicators(rows, str(rows["catalog_id"].iloc[0]), reference, mappings)
        if part is None:
            refused.append(int(year))
        elif len(part):
            parts.append(part)
        if part is not None and bool(part["cross_cycle"].any()):
            unmatched[int(year)] = (
                _sorted(latest - set(part["indicator_id"])),
                _sorted(set(rows["indicator_id"]) - set(part["source_id"])),
            )
    columns = ["year", "indicator_id", "source_id", "catalog_id", "domain", *COUNTS, "cross_cycle"]
    indicators = pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)
    indicators.insert(8, "pct_fail", share_pct(indicators["fail"], indicators["applicable"]).to_numpy())
    domains = domain_rows[domain_rows["applicable"] > 0].copy()
    domains["pct_fail"] = share_pct(domains["fail"], domains["applicable"]).to_numpy()
    domains["cross_cycle"] = domains["catalog_id"] != reference
    domains = domains[["year", "domain", "catalog_id", *COUNTS, "pct_fail", "cross_cycle"]]
    area = str(indicator_rows["area_code"].iloc[0])
    return Trend(
        area,
        reference,
        years,
        indicators.sort_values(["indicator_id", "year"]).reset_index(drop=True),
        domains.sort_values(["domain", "year"]).reset_index(drop=True),
        refused,
        unmatched,
    )


def _sorted(ids: set[str]) -> list[str]:
    return sorted(ids, key=lambda i: (len(i), i))


def changes(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """Per ``key`` (indicator_id or domain): first and last year of the reference cycle, their %
    failing and the change in points (negative = fewer failing = better). Cross-cycle years are
    left out: they are not the same measure."""
    same = frame[~frame["cross_cycle"].astype(bool)].dropna(subset=["pct_fail"]).sort_values("year")
    rows = []
    for value, group in same.groupby(key, sort=False):
        if group["year"].nunique() < 2:
            continue
        first, last = group.iloc[0], group.iloc[-1]
        rows.append(
            {
                key: value,
                "first_year": int(first["year"]),
                "last_year": int(last["year"]),
                "pct_fail_first": float(first["pct_fail"]),
                "pct_fail_last": float(last["pct_fail"]),
                "change_pp": float(last["pct_fail"] - first["pct_fail"]),
            }
        )
    return pd.DataFrame(rows, columns=[key, "first_year", "last_year", "pct_fail_first", "pct_fail_last", "change_pp"])
