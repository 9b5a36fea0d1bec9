"""The only module that caches. Every cached read is keyed by the workspace's generation, so an
import or a deletion (which writes a new generation) is seen at once by every page.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st
from analysis.areas import AreaRegister
from analysis.catalogs import load_catalog
from analysis.comparison import Comparison, compare_children
from analysis.mpi import MPIResult, alkire_foster, decompose
from analysis.plans.service import PlanStore, store_for
from analysis.queries import AreaOverview, area_overview, areas_with_data, years_with_data
from analysis.ranking import Ranking, rank_problems
from analysis.store import DatasetInfo, Workspace
from analysis.typology import Typology, village_typology


def workspace() -> Workspace:
    return Workspace.open()


def generation() -> str | None:
    return workspace().generation


@st.cache_resource(max_entries=4, show_spinner=False)
def _register(root: str, generation: str | None) -> AreaRegister:
    return Workspace(Path(root)).register()


def register() -> AreaRegister:
    ws = workspace()
    return _register(str(ws.root), ws.generation)


@st.cache_data(max_entries=256, show_spinner=False)
def _areas_with_data(root: str, generation: str | None, parent: str | None, level: str) -> list[str]:
    return areas_with_data(Workspace(Path(root)), parent, level)


def child_areas(parent: str | None, level: str) -> list[str]:
    ws = workspace()
    return _areas_with_data(str(ws.root), ws.generation, parent, level)


@st.cache_data(max_entries=256, show_spinner=False)
def _years(root: str, generation: str | None, area_code: str) -> list[int]:
    return years_with_data(Workspace(Path(root)), area_code)


def years(area_code: str) -> list[int]:
    ws = workspace()
    return _years(str(ws.root), ws.generation, area_code)


@st.cache_data(max_entries=256, show_spinner=False)
def _overview(root: str, generation: str | None, area_code: str, year: int, lang: str) -> AreaOverview | None:
    return area_overview(Workspace(Path(root)), area_code, year, lang)


def overview(area_code: str, year: int, lang: str) -> AreaOverview | None:
    ws = workspace()
    return _overview(str(ws.root), ws.generation, area_code, year, lang)


def datasets() -> list[DatasetInfo]:
    return workspace().datasets()


def is_demo() -> bool:
    return workspace().is_demo()


def datasets_frame() -> pd.DataFrame:
    rows = [
        {
            "dataset_id": d.id,
            "kind": d.kind,
            "year": d.year,
            "catalog_id": d.catalog_id,
            "file": d.file_name,
            "rows": d.meta.get("rows", d.meta.get("households")),
            "households": d.meta.get("households"),
            "villages": d.meta.get("villages"),
            "imported_at": d.imported_at,
            "demo": d.demo,
        }
        for d in datasets()
    ]
    columns = [
        "dataset_id",
        "kind",
        "year",
        "catalog_id",
        "file",
        "rows",
        "households",
        "villages",
        "imported_at",
        "demo",
    ]
    return pd.DataFrame(rows, columns=columns)


@st.cache_data(max_entries=256, show_spinner=False)
def _nrd2c_years(root: str, generation: str | None, area_code: str) -> list[int]:
    frame = Workspace(Path(root)).read("nrd2c_area_indicator", "area_code = ?", [area_code])
    return sorted(int(y) for y in frame["year"].unique())


def nrd2c_years(area_code: str) -> list[int]:
    ws = workspace()
    return _nrd2c_years(str(ws.root), ws.generation, area_code)


@st.cache_data(max_entries=128, show_spinner=False)
def _ranking(
    root: str, generation: str | None, area_code: str, year: int, measure: str, k: float, lang: str
) -> Ranking:
    return rank_problems(Workspace(Path(root)), area_code, year, measure, k, lang)


def ranking(area_code: str, year: int, measure: str, k: float, lang: str) -> Ranking:
    """Raises RankingUnavailable when the measure cannot be computed for the area."""
    ws = workspace()
    return _ranking(str(ws.root), ws.generation, area_code, year, measure, k, lang)


@st.cache_data(max_entries=128, show_spinner=False)
def _mpi(
    root: str, generation: str | None, area_code: str, year: int, k: float
) -> tuple[MPIResult, pd.DataFrame] | None:
    ws = Workspace(Path(root))
    results = ws.household_results(area_code, year)
    if results.empty:
        return None
    catalog = load_catalog(str(results["catalog_id"].iloc[0]))
    result = alkire_foster(results, catalog.indicators[["indicator_id", "domain"]], k)
    return result, decompose(result)


def mpi(area_code: str, year: int, k: float) -> tuple[MPIResult, pd.DataFrame] | None:
    ws = workspace()
    return _mpi(str(ws.root), ws.generation, area_code, year, k)


@st.cache_data(max_entries=128, show_spinner=False)
def _comparison(root: str, generation: str | None, parent: str, year: int, base_year: int | None) -> Comparison | None:
    return compare_children(Workspace(Path(root)), parent, year, base_year)


def comparison(parent: str, year: int, base_year: int | None) -> Comparison | None:
    ws = workspace()
    return _comparison(str(ws.root), ws.generation, parent, year, base_year)


@st.cache_data(max_entries=128, show_spinner=False)
def _typology(root: str, generation: str | None, parent: str, year: int, k: int | None, lang: str) -> Typology | None:
    rows = Workspace(Path(root)).read(
        "area_domain", "level = 'village' AND year = ? AND starts_with(area_code, ?)", [int(year), parent]
    )
    return village_typology(rows, k, lang)


def typology(parent: str, year: int, k: int | None, lang: str) -> Typology | None:
    ws = workspace()
    return _typology(str(ws.root), ws.generation, parent, year, k, lang)


def plan_store() -> PlanStore:
    """The plans database (not cached: plans change with every save; the engine is pooled)."""
    return store_for(workspace().root)


def domain_label(domain_id: str, lang: str) -> str:
    from analysis.catalogs import domain_name

    return domain_name(domain_id, lang)


def geo_version() -> float:
    """Changes when boundaries are uploaded (they live outside the data generations)."""
    from analysis.geo.boundaries import boundary_dir

    folder = boundary_dir(workspace())
    return max((p.stat().st_mtime for p in folder.glob("*.parquet")), default=0.0) if folder.exists() else 0.0


@st.cache_resource(max_entries=16, show_spinner=False)  # read-only objects: no copy on every run
def _map_view(
    root: str,
    generation: str | None,
    geo: float,
    scope: str,
    level: str,
    layer: str,
    year: int,
    scheme: str,
    k: int,
    breaks: tuple[float, ...],
    mpi_k: float,
    lang: str,
):
    from analysis.geo.layers import LayerSpec
    from analysis.geo.views import map_view

    return map_view(
        Workspace(Path(root)), scope, level, LayerSpec.parse(layer), year, scheme, k, list(breaks), mpi_k, lang
    )


def map_view(
    scope: str,
    level: str,
    layer: str,
    year: int,
    scheme: str,
    k: int,
    breaks: tuple[float, ...],
    mpi_k: float,
    lang: str,
):
    ws = workspace()
    return _map_view(
        str(ws.root), ws.generation, geo_version(), scope, level, layer, year, scheme, k, breaks, mpi_k, lang
    )


def boundary_levels() -> list[str]:
    from analysis.geo.boundaries import stored_levels

    return stored_levels(workspace())


def indicators_with_data(area_code: str, year: int, lang: str) -> pd.DataFrame:
    """The indicators with data for an area and year, worst share failing first (id, title)."""
    rows = overview(area_code, year, lang)
    if rows is None:
        return pd.DataFrame({"indicator_id": [], "title": []})
    frame = rows.indicators[rows.indicators["applicable"] > 0].sort_values("pct_fail", ascending=False)
    return pd.DataFrame({"indicator_id": frame["indicator_id"], "title": frame[f"title_{lang}"]})


def catalog_of_year(area_code: str, year: int) -> str:
    """The indicator catalog of an area's data in ``year``."""
    frame = workspace().read("area_indicator", "area_code = ? AND year = ?", [area_code, int(year)])
    if frame.empty:
        from analysis.catalogs import catalog_for_year

        return catalog_for_year("bmn", int(year)).id
    return str(frame["catalog_id"].iloc[0])


@st.cache_data(max_entries=64, show_spinner=False)
def _village_classes(root: str, generation: str | None, parent: str) -> pd.DataFrame:
    from analysis.measures import village_classes

    rows = Workspace(Path(root)).read("nrd2c_village", "starts_with(village_code, ?)", [parent])
    if rows.empty:
        return pd.DataFrame()
    latest = rows[rows["year"] == rows["year"].max()]
    return village_classes(latest)


def village_classes(parent: str) -> pd.DataFrame:
    """Each village's กชช.2ค development class (latest survey) under ``parent``."""
    ws = workspace()
    return _village_classes(str(ws.root), ws.generation, parent)


# ---- contest kit --------------------------------------------------------------------------------
def contest_store():
    """The plans database with the contest profile and evidence (not cached: they change with saves)."""
    from analysis.contest.service import contest_store_for

    return contest_store_for(workspace().root)


@st.cache_resource(max_entries=8, show_spinner=False)  # read-only story objects: no copy per run
def _contest_story(root: str, generation: str | None, plans: int, area_code: str, year: int, lang: str):
    from analysis.contest.service import contest_store_for
    from analysis.contest.story import build_story

    return build_story(Workspace(Path(root)), area_code, year, contest_store_for(Path(root)), lang)


def contest_story(area_code: str, year: int, lang: str):
    """The contest story of an area (LookupError when it has no จปฐ. data that year); rebuilt after an
    import or any save in the plans database."""
    ws = workspace()
    return _contest_story(str(ws.root), ws.generation, contest_store().last_change(), area_code, int(year), lang)
