"""What pages, the CLI and exports ask for, wired: read the frames (analysis.frames), then compute
(the pure functions of ranking, comparison, queries, typology, measures and geo.layers).

Each function here is two steps and nothing else, so "where does this number come from?" is
answered by the pure function it calls.
"""

from __future__ import annotations

import pandas as pd

from analysis.comparison import Comparison, compare
from analysis.frames import area_frames, area_mpi, children_frames, nrd2c_villages, village_rows
from analysis.geo.layers import (
    LayerSpec,
    domain_layer,
    indicator_layer,
    mpi_layer,
    nrd2c_area_layer,
    nrd2c_village_layer,
)
from analysis.measures import rank_measure
from analysis.measures import village_classes as classes_of
from analysis.mpi import DEFAULT_K
from analysis.queries import AreaOverview, overview, with_titles
from analysis.ranking import Ranking, rank, village_drivers
from analysis.store import Workspace
from analysis.trend import Trend, area_trend


def area_overview(workspace: Workspace, area_code: str, year: int, source: str | None = None) -> AreaOverview | None:
    return overview(area_frames(workspace, area_code, year, source))


def rank_problems(
    workspace: Workspace,
    area_code: str,
    year: int,
    measure: str = "pct_fail",
    k: float = DEFAULT_K,
    lang: str = "th",
    private: bool = False,
    source: str | None = None,
) -> Ranking:
    """Raises RankingUnavailable when the measure cannot be computed for the area. ``private``:
    the villages' small counts in the drivers' text are shown as "< N" (ranks use true counts).
    ``source``: the catalog ranked (another village data set's; default จปฐ.)."""
    chosen = rank_measure(measure)
    drivers = None
    if len(area_code) < 8:  # an area above a village: the villages driving each problem
        rows = village_rows(workspace, area_code, year, chosen.source_table, source)
        drivers = village_drivers(rows, chosen.count_column)
    names = {}
    if drivers is not None and len(drivers):
        names = workspace.register().display_names(drivers["area_code"], lang, above_tambon=len(area_code) < 6)
    mpi = area_mpi(workspace, area_code, year, k) if chosen.needs_mpi else None
    hide = private and chosen.small_counts
    return rank(area_frames(workspace, area_code, year, source), measure, drivers, names, mpi, hide, lang)


def compare_children(
    workspace: Workspace,
    parent: str,
    year: int,
    base_year: int | None = None,
    level: str | None = None,
    source: str | None = None,
) -> Comparison | None:
    children = children_frames(workspace, parent, year, level, source)
    base = children_frames(workspace, parent, base_year, children.level, source) if base_year is not None else None
    return compare(children, area_frames(workspace, parent, year, source), base)


def trend(workspace: Workspace, area_code: str) -> Trend | None:
    """An area across every survey year with data (cross-cycle years flagged or refused)."""
    return area_trend(workspace.rows("area_indicator", area=area_code), workspace.rows("area_domain", area=area_code))


def layer_values(
    workspace: Workspace,
    scope: str,
    level: str,
    spec: LayerSpec,
    year: int,
    k: float = DEFAULT_K,
    lang: str = "th",
    private: bool = False,
) -> tuple[pd.DataFrame, str | None]:
    """(values per area at ``level`` under ``scope``, catalog id). Empty when there is no data.
    ``private``: household and person counts below the threshold hidden (analysis.public)."""
    year = int(year)
    if spec.kind == "indicator":
        rows = workspace.rows("area_indicator", under=scope, level=level, year=year, indicator=spec.key, catalog="*")
        return indicator_layer(rows, lang, private)
    if spec.kind == "domain":
        rows = workspace.rows("area_domain", under=scope, level=level, year=year, domain=spec.key)
        return domain_layer(rows, lang, private)
    if spec.kind == "mpi":
        return mpi_layer(area_mpi(workspace, scope, year, k), level, lang, private)
    if spec.kind == "certification":  # statuses from the plans database (analysis.checks)
        return _certification_values(workspace, scope, level, year, lang), None
    if level == "village":
        rows = workspace.rows("nrd2c_village", under=scope, year=year, indicator=spec.key)
        return nrd2c_village_layer(rows, lang)
    rows = workspace.rows("nrd2c_area_indicator", under=scope, level=level, year=year, indicator=spec.key)
    return nrd2c_area_layer(rows, lang)


def typology(
    workspace: Workspace, parent: str, year: int, k: int | None = None, lang: str = "th", level: str = "village"
):
    """Village groups (k-means: scikit-learn is loaded only when they are asked for)."""
    from analysis.typology import village_typology

    rows = workspace.rows("area_domain", under=parent, level=level, year=int(year))
    return village_typology(rows, k, lang)


def village_classes(workspace: Workspace, parent: str) -> pd.DataFrame:
    """Each village's กชช.2ค development class (latest survey) under ``parent``."""
    rows = nrd2c_villages(workspace, parent)
    if rows.empty:
        return classes_of(rows)
    return classes_of(rows[rows["year"] == rows["year"].max()])


def every_village_class(workspace: Workspace) -> pd.DataFrame:
    """Every village's class in every year it was surveyed (a class depends on the village's own
    rows only): made once, then sliced per area by classes_under."""
    return classes_of(nrd2c_villages(workspace, ""))


def classes_under(every: pd.DataFrame, parent: str) -> pd.DataFrame:
    """village_classes(workspace, parent) from every_village_class's rows (the same rows, in the
    same order: by catalog, then village)."""
    codes = every["village_code"]
    rows = every[(codes >= parent) & (codes < parent + "~")] if len(every) else every
    if rows.empty:
        return classes_of(rows)
    return rows[rows["year"] == rows["year"].max()].reset_index(drop=True)


def area_indicator_view(
    workspace: Workspace,
    level: str | None = None,
    year: int | None = None,
    area_codes: list[str] | None = None,
    lang: str = "th",
    catalog: str | None = None,
) -> pd.DataFrame:
    """Area × year × indicator rows with area names and indicator titles (the `cia areas` table;
    ``catalog``: another village data set's rows, "*" every data set's)."""
    frame = workspace.rows("area_indicator", area=area_codes, level=level, year=year, catalog=catalog)
    names = workspace.register().display_names(frame["area_code"].unique(), lang)
    frame = frame.assign(area_name=frame["area_code"].map(names))
    frame.insert(1, "area_name", frame.pop("area_name"))
    frame = with_titles(frame).sort_values(["area_code", "year", "order_key"])
    return frame.drop(columns=["order_key", "domain_order"]).reset_index(drop=True)


def _certification_values(workspace: Workspace, scope: str, level: str, year: int, lang: str) -> pd.DataFrame:
    from analysis.checks.certify import certification_store_for
    from analysis.geo.layers import certification_layer

    statuses = certification_store_for(workspace.root).statuses(scope, year)
    villages = workspace.rows("area_summary", under=scope, level="village", year=year)["area_code"].tolist()
    return certification_layer(statuses, villages, level, lang)
