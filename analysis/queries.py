"""Area rows turned into what pages, the CLI and exports show: titles and names joined, the
overview of one area. Pure functions of frames (analysis.views reads them).

with_titles: area × indicator rows with the indicator's titles, domain names and catalog order.
AreaOverview: the numbers of one area and year (summary, domains, indicators, worst 5).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.area_tables import indicator_catalog_table
from analysis.catalogs import domains, load_catalog
from analysis.codes import LEVEL_LENGTH
from analysis.config import income_line
from analysis.frames import AreaFrames

WORST_COUNT = 5


def with_titles(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows keyed by catalog and indicator, with titles, domain names, domain order and order_key."""
    titles = indicator_catalog_table()[["catalog_id", "indicator_id", "title_th", "title_en", "order_key"]]
    merged = frame.merge(titles, on=["catalog_id", "indicator_id"], how="left")
    labels = domains().set_index("domain_id")
    merged["domain_th"] = merged["domain"].map(labels["name_th"])
    merged["domain_en"] = merged["domain"].map(labels["name_en"])
    merged["domain_order"] = merged["domain"].map(labels["order"])
    return merged


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
    """Indicators by share failing, worst first, by the ranking's tie rule (rows come in catalog
    order, so their position is the catalog order); an indicator nothing fails is not among them."""
    from analysis.ranking import is_problem, rank_items

    rows = indicators[indicators["applicable"] > 0]
    rows = rows[is_problem(rows, "pct_fail", "fail")]
    ranked = rank_items(rows.assign(_catalog_order=range(len(rows))), "pct_fail", "fail", "_catalog_order")
    return ranked.drop(columns=["rank", "_catalog_order"]).head(count).reset_index(drop=True)


def overview(area: AreaFrames) -> AreaOverview | None:
    """The overview numbers of one area and year; None when it has no จปฐ. data that year."""
    if area.indicators.empty:
        return None
    indicators = with_titles(area.indicators).sort_values("order_key").reset_index(drop=True)
    catalog_id = str(indicators["catalog_id"].iloc[0])
    targets = load_catalog(catalog_id).indicators.set_index("indicator_id")["default_target"]
    indicators["target"] = indicators["indicator_id"].map(targets)
    order = domains()[["domain_id", "order", "name_th", "name_en"]].rename(columns={"domain_id": "domain"})
    domain_rows = order.merge(area.domains, on="domain", how="left").sort_values("order")
    summary = area.summary

    def _value(column: str) -> int | None:
        if summary.empty or pd.isna(summary[column].iloc[0]):
            return None
        return int(summary[column].iloc[0])

    return AreaOverview(
        area_code=area.area_code,
        level=str(indicators["level"].iloc[0]),
        year=int(area.year),
        catalog_id=catalog_id,
        households=_value("households"),
        people=_value("people"),
        villages=_value("villages") or 0,
        domains=domain_rows.reset_index(drop=True),
        indicators=indicators,
        worst=rank_worst(indicators),
        income_line=income_line(catalog_id) if load_catalog(catalog_id).kind == "bmn" else {},
        count_units=set(indicators["count_unit"].dropna()),
    )


def counting_key(count_units: set[str], from_households: bool) -> str:
    """The i18n key of the note saying how an area's counts were counted: from household rows,
    or in the unit the aggregate files gave (persons, households) or their catalog's."""
    if from_households and count_units == {"household"}:
        return "overview.household_counting"
    if count_units == {"person"}:
        return "published.counting_persons"
    if count_units == {"household"}:
        return "published.counting_households"
    return "overview.aggregate_counting"


def level_below(level: str) -> str | None:
    order = list(LEVEL_LENGTH)
    index = order.index(level)
    return order[index + 1] if index + 1 < len(order) else None
