"""Area views the pages, the CLI and exports share: area tables joined with names and titles.

area_indicator_view: one row per area × year × indicator, with area names and indicator titles.
AreaOverview:        the numbers of one area and year (summary, domains, indicators, worst 5).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.area_tables import indicator_catalog_table
from analysis.catalogs import domains, load_catalog
from analysis.codes import LEVEL_LENGTH
from analysis.config import income_line
from analysis.store import Workspace

WORST_COUNT = 5


def _with_names(frame: pd.DataFrame, workspace: Workspace, lang: str = "th") -> pd.DataFrame:
    register = workspace.register()
    names = {code: register.display_name(code, lang) for code in frame["area_code"].unique()}
    frame = frame.copy()
    frame.insert(1, "area_name", frame["area_code"].map(names))
    return frame


def _with_titles(frame: pd.DataFrame) -> pd.DataFrame:
    titles = indicator_catalog_table()[["catalog_id", "indicator_id", "title_th", "title_en", "order_key"]]
    merged = frame.merge(titles, on=["catalog_id", "indicator_id"], how="left")
    domain_names = domains().set_index("domain_id")
    merged["domain_th"] = merged["domain"].map(domain_names["name_th"])
    merged["domain_en"] = merged["domain"].map(domain_names["name_en"])
    return merged


def area_indicator_view(
    workspace: Workspace,
    level: str | None = None,
    year: int | None = None,
    area_codes: list[str] | None = None,
    lang: str = "th",
) -> pd.DataFrame:
    """Area × year × indicator rows with names and titles, ordered by area, year, indicator."""
    conditions, params = [], []
    if level is not None:
        conditions.append("level = ?")
        params.append(level)
    if year is not None:
        conditions.append("year = ?")
        params.append(int(year))
    if area_codes is not None:
        conditions.append("list_contains(?, area_code)")
        params.append(list(area_codes))
    frame = workspace.read("area_indicator", " AND ".join(conditions), params)
    frame = _with_titles(_with_names(frame, workspace, lang))
    frame = frame.sort_values(["area_code", "year", "order_key"]).drop(columns="order_key")
    return frame.reset_index(drop=True)


def years_with_data(workspace: Workspace, area_code: str) -> list[int]:
    frame = workspace.read("area_summary", "area_code = ?", [area_code])
    return sorted(int(y) for y in frame["year"].unique())


def areas_with_data(workspace: Workspace, parent: str | None, level: str) -> list[str]:
    """Codes at ``level`` under ``parent`` that have จปฐ. or กชช.2ค data."""
    condition, params = "level = ?", [level]
    if parent:
        condition += " AND starts_with(area_code, ?)"
        params.append(parent)
    codes = set(workspace.read("area_summary", condition, params)["area_code"])
    codes |= set(workspace.read("nrd2c_area_indicator", condition, params)["area_code"])
    return sorted(codes)


@dataclass
class AreaOverview:
    area_code: str
    level: str
    year: int
    catalog_id: str
    households: int | None
    people: int | None
    villages: int
    domains: pd.DataFrame
    indicators: pd.DataFrame
    worst: pd.DataFrame
    income_line: dict[str, Any]
    count_units: set[str]


def rank_worst(indicators: pd.DataFrame, count: int = WORST_COUNT) -> pd.DataFrame:
    """Indicators by share failing, worst first. Ties: more units failing first, then catalog order."""
    ranked = indicators[indicators["applicable"] > 0].copy()
    ranked["_order"] = range(len(ranked))
    ranked = ranked.sort_values(["pct_fail", "fail", "_order"], ascending=[False, False, True])
    return ranked.drop(columns="_order").head(count).reset_index(drop=True)


def area_overview(workspace: Workspace, area_code: str, year: int, lang: str = "th") -> AreaOverview | None:
    """The overview numbers of one area and year; None when it has no จปฐ. data that year."""
    indicators = area_indicator_view(workspace, year=year, area_codes=[area_code], lang=lang)
    if indicators.empty:
        return None
    catalog_id = str(indicators["catalog_id"].iloc[0])
    catalog = load_catalog(catalog_id)
    targets = catalog.indicators.set_index("indicator_id")["default_target"]
    indicators["target"] = indicators["indicator_id"].map(targets)
    summary = workspace.read("area_summary", "area_code = ? AND year = ?", [area_code, int(year)])
    domain_rows = workspace.read("area_domain", "area_code = ? AND year = ?", [area_code, int(year)])
    order = domains()[["domain_id", "order", "name_th", "name_en"]].rename(columns={"domain_id": "domain"})
    domain_rows = order.merge(domain_rows, on="domain", how="left").sort_values("order")

    def _value(column: str) -> int | None:
        if summary.empty or pd.isna(summary[column].iloc[0]):
            return None
        return int(summary[column].iloc[0])

    return AreaOverview(
        area_code=area_code,
        level=str(indicators["level"].iloc[0]),
        year=int(year),
        catalog_id=catalog_id,
        households=_value("households"),
        people=_value("people"),
        villages=_value("villages") or 0,
        domains=domain_rows.reset_index(drop=True),
        indicators=indicators,
        worst=rank_worst(indicators),
        income_line=income_line(catalog_id),
        count_units=set(indicators["count_unit"].dropna()),
    )


def level_below(level: str) -> str | None:
    order = list(LEVEL_LENGTH)
    index = order.index(level)
    return order[index + 1] if index + 1 < len(order) else None
