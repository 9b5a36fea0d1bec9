"""Rank problems from most to least — within each domain and across all five — by a chosen
measure, and rank the five domains themselves.

Tie rule (stated in the UI and README): a higher measure ranks first; on equal measures more
units failing rank first; then catalog order (domain order for domains). Ranks are 1, 2, 3, …
with no shared places.

problems: one row per scope × indicator (scope = "all" or a domain id) with its rank.
domains:  one row per domain with its rank.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis.area_tables import indicator_catalog_table
from analysis.catalogs import domains
from analysis.formatting import fmt_int, fmt_number, fmt_pct
from analysis.frames import area_mpi
from analysis.i18n import translate
from analysis.measures import domain_measures, indicator_measures, nrd2c_shares
from analysis.mpi import DEFAULT_K, MPIResult
from analysis.store import Workspace

MEASURES = ("pct_fail", "n_fail", "gap", "mpi", "nrd2c_level1")
DRIVER_COUNT = 3


class RankingUnavailable(ValueError):
    """The chosen measure cannot be computed for this area (the message says why)."""


def rank_items(frame: pd.DataFrame, value: str, tie: str, order: str) -> pd.DataFrame:
    """Sort by ``value`` desc, then ``tie`` desc, then ``order`` asc; number 1..n."""
    ranked = frame.sort_values([value, tie, order], ascending=[False, False, True], na_position="last", kind="stable")
    ranked = ranked.reset_index(drop=True)
    ranked.insert(0, "rank", range(1, len(ranked) + 1))
    return ranked


@dataclass
class Ranking:
    area_code: str
    year: int
    measure: str
    catalog_id: str
    problems: pd.DataFrame
    domains: pd.DataFrame
    mpi: MPIResult | None = None
    notes: list[str] = field(default_factory=list)

    def scope(self, scope: str) -> pd.DataFrame:
        return self.problems[self.problems["scope"] == scope].reset_index(drop=True)


def _titles(frame: pd.DataFrame) -> pd.DataFrame:
    titles = indicator_catalog_table()[["catalog_id", "indicator_id", "title_th", "title_en", "order_key"]]
    merged = frame.merge(titles, on=["catalog_id", "indicator_id"], how="left")
    names = domains().set_index("domain_id")
    merged["domain_th"] = merged["domain"].map(names["name_th"])
    merged["domain_en"] = merged["domain"].map(names["name_en"])
    merged["domain_order"] = merged["domain"].map(names["order"])
    return merged


def village_drivers(
    workspace: Workspace, area_code: str, year: int, count_column: str = "fail", table: str = "area_indicator"
) -> pd.DataFrame:
    """Per indicator, the villages with the most failing units: one row per indicator × village
    (top DRIVER_COUNT), with the village's share of the area's failing units."""
    if len(area_code) >= 8:
        return pd.DataFrame(columns=["indicator_id", "area_code", "count", "share_pct"])
    rows = workspace.read(table, "level = 'village' AND year = ? AND starts_with(area_code, ?)", [int(year), area_code])
    rows = rows[rows[count_column] > 0]
    totals = rows.groupby("indicator_id")[count_column].transform("sum")
    rows = rows.assign(count=rows[count_column], share_pct=100 * rows[count_column] / totals)
    rows = rows.sort_values(["indicator_id", "count", "area_code"], ascending=[True, False, True])
    return rows.groupby("indicator_id").head(DRIVER_COUNT)[["indicator_id", "area_code", "count", "share_pct"]]


def _driver_text(drivers: pd.DataFrame, workspace: Workspace, lang: str) -> dict[str, str]:
    register = workspace.register()
    texts: dict[str, list[str]] = {}
    for _, row in drivers.iterrows():
        name = register.display_name(row["area_code"], lang)
        texts.setdefault(row["indicator_id"], []).append(
            f"{name} ({fmt_int(row['count'])}, {fmt_pct(row['share_pct'], 0)})"
        )
    return {k: "; ".join(v) for k, v in texts.items()}


def _bmn_items(
    workspace: Workspace, area_code: str, year: int, measure: str, k: float
) -> tuple[pd.DataFrame, pd.DataFrame, MPIResult | None]:
    area = workspace.read("area_indicator", "area_code = ? AND year = ?", [area_code, int(year)])
    area = area[area["applicable"] > 0]
    if area.empty:
        raise RankingUnavailable(translate("rank.no_data", "th") + " / " + translate("rank.no_data", "en"))
    items = indicator_measures(area)
    domain_rows = domain_measures(
        items, workspace.read("area_domain", "area_code = ? AND year = ?", [area_code, int(year)])
    )
    result = None
    if measure == "mpi":
        result = area_mpi(workspace, area_code, year, k)
        if result is None:
            raise RankingUnavailable(
                translate("rank.mpi_needs_households", "th") + " / " + translate("rank.mpi_needs_households", "en")
            )
        contribution = result.indicators.set_index("indicator_id")["contribution_pct"]
        items["value"] = items["indicator_id"].map(contribution).fillna(0.0)
        domain_rows["value"] = (
            domain_rows["domain"].map(result.domains.set_index("domain")["contribution_pct"]).fillna(0.0)
        )
    else:
        column = {"pct_fail": "pct_fail", "n_fail": "fail", "gap": "gap_to_target"}[measure]
        items["value"] = items[column]
        domain_rows["value"] = domain_rows[{"pct_fail": "pct_fail", "n_fail": "n_fail", "gap": "gap_mean"}[measure]]
    items["n_fail"] = items["fail"]
    return items, domain_rows, result


def _nrd2c_items(workspace: Workspace, area_code: str, year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    area = workspace.read("nrd2c_area_indicator", "area_code = ? AND year = ?", [area_code, int(year)])
    area = area[area["villages"] > 0]
    if area.empty:
        raise RankingUnavailable(translate("rank.no_nrd2c", "th") + " / " + translate("rank.no_nrd2c", "en"))
    items = nrd2c_shares(area)
    items["value"] = items["pct_level_1"]
    items["n_fail"] = items["level_1"]
    items["applicable"] = items["villages"]
    items["pct_fail"] = items["pct_level_1"]
    domain_rows = items.groupby(["area_code", "year", "catalog_id", "domain"], as_index=False).agg(
        level_1=("level_1", "sum"), villages=("villages", "sum")
    )
    domain_rows["value"] = 100 * domain_rows["level_1"] / domain_rows["villages"]
    domain_rows["n_fail"] = domain_rows["level_1"]
    domain_rows["pct_fail"] = domain_rows["value"]
    return items, domain_rows


def rank_problems(
    workspace: Workspace, area_code: str, year: int, measure: str = "pct_fail", k: float = DEFAULT_K, lang: str = "th"
) -> Ranking:
    """The ranked problems of one area and year by ``measure`` (see MEASURES)."""
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; expected one of {MEASURES}")
    result = None
    if measure == "nrd2c_level1":
        items, domain_rows = _nrd2c_items(workspace, area_code, year)
        drivers = village_drivers(workspace, area_code, year, "level_1", "nrd2c_area_indicator")
    else:
        items, domain_rows, result = _bmn_items(workspace, area_code, year, measure, k)
        drivers = village_drivers(workspace, area_code, year)
    items = _titles(items)
    driver_text = _driver_text(drivers, workspace, lang)
    items["drivers"] = [driver_text.get(i, "") for i in items["indicator_id"]]
    parts = [rank_items(items, "value", "n_fail", "order_key").assign(scope="all")]
    for domain_id in domains()["domain_id"]:
        subset = items[items["domain"] == domain_id]
        if not subset.empty:
            parts.append(rank_items(subset, "value", "n_fail", "order_key").assign(scope=domain_id))
    problems = pd.concat(parts, ignore_index=True)
    names = domains().set_index("domain_id")
    domain_rows = domain_rows.assign(
        domain_order=domain_rows["domain"].map(names["order"]),
        domain_th=domain_rows["domain"].map(names["name_th"]),
        domain_en=domain_rows["domain"].map(names["name_en"]),
    )
    ranked_domains = rank_items(domain_rows, "value", "n_fail", "domain_order")
    catalog_id = str(items["catalog_id"].iloc[0])
    return Ranking(area_code, int(year), measure, catalog_id, problems, ranked_domains, result)


def value_text(row: pd.Series, measure: str, lang: str) -> str:
    """The numbers behind a rank, as a presenter reads them out."""
    unit = (
        translate(f"unit.{row['count_unit']}", lang)
        if isinstance(row.get("count_unit"), str)
        else translate("unit.village", lang)
    )
    if measure in ("pct_fail", "n_fail"):
        return translate("rank.text_fail", lang, pct=fmt_pct(row["pct_fail"]), n=fmt_int(row["n_fail"]), unit=unit)
    if measure == "gap":
        return translate(
            "rank.text_gap",
            lang,
            gap=fmt_number(row["gap_to_target"]),
            target=fmt_number(row["target"], 0),
            n=fmt_int(row["n_to_fix"]),
            unit=unit,
        )
    if measure == "mpi":
        return translate("rank.text_mpi", lang, pct=fmt_pct(row["value"]))
    return translate("rank.text_nrd2c", lang, pct=fmt_pct(row["value"]), n=fmt_int(row["n_fail"]))


def summary_lines(ranking: Ranking, lang: str = "th", top: int = 3) -> list[str]:
    """One line per domain (in domain-rank order) naming its top problems, to be read out."""
    title = "title_th" if lang == "th" else "title_en"
    lines = []
    for _, domain in ranking.domains.iterrows():
        rows = ranking.scope(domain["domain"]).head(top)
        if rows.empty:
            continue
        parts = [
            translate(
                "rank.summary_item",
                lang,
                rank=int(r["rank"]),
                title=r[title],
                numbers=value_text(r, ranking.measure, lang),
            )
            for _, r in rows.iterrows()
        ]
        lines.append(translate("rank.summary_line", lang, domain=domain[f"domain_{lang}"], items=" ".join(parts)))
    return lines
