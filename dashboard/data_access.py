"""The module pages read through: every cached read is keyed by the workspace's root and generation
(one decorator, dashboard.shared_cache.workspace_cached), so an import or a deletion — which writes
a new generation — is seen at once by every page, in every process of a server. (The other caches:
dashboard.figure_cache for chart figures; analysis.held_tables for the area tables.)

The analysis results are kept once per process and shared by every session (``shared``: no copy
per call — a copy per run cost more than many pages). They are read-only: pages and exports build
new frames from them (analysis.public.counts_rows returns its input unchanged for a viewer who may
see every count, so nothing may assign into what it returns). A result that depends on who looks
(small counts hidden or not) has the viewer's ``private`` flag in its key.
"""

from __future__ import annotations

import pandas as pd
from analysis import frames, views
from analysis.areas import AreaRegister
from analysis.comparison import Comparison
from analysis.datasets import DatasetInfo
from analysis.mpi import MPIResult, decompose
from analysis.plans.service import PlanStore, store_for
from analysis.queries import AreaOverview
from analysis.ranking import Ranking, rank_items
from analysis.store import Workspace
from analysis.typology import Typology

from dashboard.shared_cache import SharedCache, workspace, workspace_cached


def real_workspace() -> Workspace:
    """The server's workspace, whatever this session practises in."""
    return Workspace.open()


def real_plans_url() -> str:
    """The server's plans database (accounts, sign-in, the audit log), also while practising."""
    return store_for(real_workspace().root).url


def generation() -> str | None:
    return workspace().generation


@workspace_cached(max_entries=4, shared=True)
def register(ws: Workspace) -> AreaRegister:
    return ws.register()


# The look-ups every run makes (the area picker's lists, the years of an area) are kept once per
# process, shared by every session without a copy per call: callers only read them.
@workspace_cached(max_entries=1024, shared=True)
def child_areas(ws: Workspace, parent: str | None, level: str) -> list[str]:
    return frames.areas_with_data(ws, parent, level)


@workspace_cached(max_entries=1024, shared=True)
def picker_labels(ws: Workspace, parent: str | None, level: str, lang: str) -> dict[str, str]:
    """The names the area picker's select of ``level`` under ``parent`` shows (not looked up per
    option on every run)."""
    register = ws.register()
    return {code: register.display_name(code, lang) for code in frames.areas_with_data(ws, parent, level)}


@workspace_cached(max_entries=4, shared=True)
def areas_with_data(ws: Workspace) -> frozenset[str]:
    """Every area code with จปฐ. or กชช.2ค data (what the area search offers)."""
    codes = set(ws.rows("area_summary")["area_code"]) | set(ws.rows("nrd2c_area_indicator")["area_code"])
    return frozenset(codes)


@workspace_cached(max_entries=8192, shared=True)
def years_in(ws: Workspace, area_code: str, table: str = "area_summary") -> list[int]:
    """The years an area has rows in ``table`` (a measure's declared years_table)."""
    return frames.years_with_data(ws, area_code, table)


def years(area_code: str) -> list[int]:
    """The years with จปฐ. data."""
    return years_in(area_code, "area_summary")


def nrd2c_years(area_code: str) -> list[int]:
    return years_in(area_code, "nrd2c_area_indicator")


@workspace_cached(max_entries=512, shared=True)
def overview(ws: Workspace, area_code: str, year: int, source: str | None = None) -> AreaOverview | None:
    return views.area_overview(ws, area_code, year, source)


@workspace_cached(max_entries=512, shared=True)
def ranking(
    ws: Workspace,
    area_code: str,
    year: int,
    measure: str,
    k: float,
    lang: str,
    private: bool = False,
    source: str | None = None,
) -> Ranking:
    """Raises RankingUnavailable when the measure cannot be computed for the area."""
    return views.rank_problems(ws, area_code, year, measure, k, lang, private, source)


@workspace_cached(max_entries=512, shared=True)
def ranking_summary(
    ws: Workspace,
    area_code: str,
    year: int,
    measure: str,
    k: float,
    lang: str,
    private: bool = False,
    source: str | None = None,
) -> tuple[str, ...]:
    """The Rank page's read-aloud lines (one per domain) of the ranking it shows, as the viewer may
    see them (``private``: small counts hidden) — built once, not on every rerun of the page."""
    from analysis.ranking import summary_lines

    return tuple(summary_lines(ranking(area_code, year, measure, k, lang, private, source), lang, private=private))


@workspace_cached(shared=True)
def mpi(ws: Workspace, area_code: str, year: int, k: float) -> tuple[MPIResult, pd.DataFrame] | None:
    result = frames.area_mpi(ws, area_code, year, k)
    return None if result is None else (result, decompose(result))


@workspace_cached(max_entries=256, shared=True)
def comparison(
    ws: Workspace, parent: str, year: int, base_year: int | None, level: str | None = None, source: str | None = None
) -> Comparison | None:
    return views.compare_children(ws, parent, year, base_year, level, source)


_SHOWN = SharedCache(max_entries=512)


def shown_rows(frame: pd.DataFrame, private: bool, lang: str, value_is_count: bool = False) -> pd.DataFrame:
    """analysis.public.counts_rows of a frame of a shared result (read-only: see above), made once
    per frame and viewer kind instead of on every view. Keyed by the frame object itself, which
    the entry holds: while the entry lives no other frame can have its identity."""
    from analysis.public import counts_rows

    key = (id(frame), bool(private), lang, bool(value_is_count))
    kept, shown = _SHOWN.get(key, lambda: (frame, counts_rows(frame, private, lang, value_is_count)))
    return shown if kept is frame else counts_rows(frame, private, lang, value_is_count)


@workspace_cached(max_entries=256, shared=True)
def shown_comparison(
    ws: Workspace,
    parent: str,
    year: int,
    base_year: int | None,
    level: str | None = None,
    source: str | None = None,
    private: bool = False,
    lang: str = "th",
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame] | None:
    """The comparison's (indicator rows, domain rows, one row per area) as the viewer may see them
    (analysis.public.shown_comparison), made once per comparison, viewer kind and language."""
    from analysis.public import shown_comparison as shown

    result = comparison(parent, year, base_year, level, source)
    return None if result is None else shown(result, private, lang)


@workspace_cached(shared=True)
def typology(
    ws: Workspace, parent: str, year: int, k: int | None, lang: str, level: str = "village"
) -> Typology | None:
    return views.typology(ws, parent, year, k, lang, level)


@workspace_cached(max_entries=256, shared=True)
def trend(ws: Workspace, area_code: str):
    """The area across every survey year (analysis.trend.Trend), None without data."""
    return views.trend(ws, area_code)


@workspace_cached(max_entries=256, shared=True)
def village_classes(ws: Workspace, parent: str) -> pd.DataFrame:
    """Each village's กชช.2ค development class (latest survey) under ``parent`` — a slice of every
    village's class, classified once per data generation (views.every_village_class)."""
    return views.classes_under(_every_village_class(), parent)


@workspace_cached(max_entries=2, shared=True)
def _every_village_class(ws: Workspace) -> pd.DataFrame:
    return views.every_village_class(ws)


@workspace_cached(max_entries=16, shared=True, geo=True)
def map_view(
    ws: Workspace,
    scope: str,
    level: str,
    layer: str,
    year: int,
    scheme: str,
    k: int,
    breaks: tuple[float, ...],
    mpi_k: float,
    lang: str,
    private: bool = False,
):
    from analysis.geo.layers import LayerSpec
    from analysis.geo.views import map_view as build

    return build(ws, scope, level, LayerSpec.parse(layer), year, scheme, k, list(breaks), mpi_k, lang, private)


def datasets() -> list[DatasetInfo]:
    return workspace().datasets()


def is_demo() -> bool:
    return workspace().is_demo()


def village_sources() -> list[str]:
    """The catalogs of the other village data sets the workspace holds (sidebar choice)."""
    return sorted({d.catalog_id for d in datasets() if d.kind == "village-data"})


def datasets_frame() -> pd.DataFrame:
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
        "set_aside",
    ]
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
            "set_aside": int(d.meta.get("set_aside", 0)),
        }
        for d in datasets()
    ]
    return pd.DataFrame(rows, columns=columns)


def plan_store() -> PlanStore:
    """The plans database (not cached: plans change with every save; the engine is pooled)."""
    return store_for(workspace().root)


def domain_label(domain_id: str, lang: str) -> str:
    from analysis.catalogs import domain_name

    return domain_name(domain_id, lang)


def boundary_levels() -> list[str]:
    from analysis.geo.boundaries import stored_levels

    return stored_levels(workspace())


@workspace_cached(max_entries=4, shared=True)
def has_village_points(ws: Workspace) -> bool:
    """Whether the workspace has village coordinates (villages can be mapped as points)."""
    return bool(ws.rows("villages")[["lat", "lon"]].notna().all(axis=1).any())


def indicators_with_data(area_code: str, year: int, lang: str, source: str | None = None) -> pd.DataFrame:
    """The indicators with data for an area and year (of ``source``'s catalog, default จปฐ.),
    worst share failing first (id, title)."""
    rows = overview(area_code, year, source)
    if rows is None:
        return pd.DataFrame({"indicator_id": [], "title": []})
    frame = rank_items(rows.indicators[rows.indicators["applicable"] > 0], "pct_fail", "fail", "order_key")
    return pd.DataFrame({"indicator_id": frame["indicator_id"], "title": frame[f"title_{lang}"]})


def catalog_of_year(area_code: str, year: int) -> str:
    """The indicator catalog of an area's data in ``year``."""
    frame = workspace().rows("area_indicator", area=area_code, year=year)
    if frame.empty:
        from analysis.catalogs import catalog_for_year

        return catalog_for_year("bmn", int(year)).id
    return str(frame["catalog_id"].iloc[0])


# ---- contest kit --------------------------------------------------------------------------------
def contest_store():
    """The plans database with the contest profile and evidence (not cached: they change with saves)."""
    from analysis.contest.service import contest_store_for

    return contest_store_for(workspace().root)


@workspace_cached(max_entries=8, shared=True)  # read-only story objects: no copy per run
def _contest_story(ws: Workspace, plans: int, area_code: str, chosen, lang: str, private: bool):
    from analysis.contest.service import contest_store_for
    from analysis.contest.story import build_story

    return build_story(ws, area_code, chosen, contest_store_for(ws.root), lang, private)


def contest_story(area_code: str, chosen, lang: str, private: bool = False):
    """The contest story of an area in a contest round (a ContestRound, or a จปฐ. year); LookupError
    when it has no จปฐ. data that year; rebuilt after an import or any save in the plans database.
    ``private``: the public edition."""
    return _contest_story(contest_store().last_change(), area_code, chosen, lang, private)


# ---- data checks, collection progress and certification (journey 6) -------------------------------
def certification_store():
    """The certification statuses (not cached: they change with every step)."""
    from analysis.checks.certify import certification_store_for

    return certification_store_for(workspace().root)


def certification_token() -> str:
    """Changes whenever a village's status changes (keys the cached certification map)."""
    return certification_store().version_token()


def register_version(year: int) -> float:
    from analysis.checks.register import register_version as version

    return version(workspace(), int(year))


@workspace_cached(max_entries=32)
def _checks(ws: Workspace, area: str, year: int, as_of, register: float):
    from analysis.checks.views import run_checks

    return run_checks(ws, area, year, as_of)


def checks(area: str, year: int, as_of):
    """Every data check of the area (cached per data generation and register save)."""
    return _checks(area, int(year), as_of, register_version(year))


@workspace_cached(max_entries=32)
def _progress(ws: Workspace, area: str, year: int, as_of, register: float):
    from analysis.checks.views import collection_progress

    return collection_progress(ws, area, year, as_of)


def progress(area: str, year: int, as_of):
    """Collection progress against the register (cached like checks)."""
    return _progress(area, int(year), as_of, register_version(year))
