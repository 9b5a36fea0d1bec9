"""build_story: everything the contest kit shows about one area and year, gathered from the
public analysis APIs into plain data (content.py). All workspace reading of the kit is here.

Calls: analysis.views (area_overview, rank_problems, compare_children, village_classes),
analysis.ranking.summary_lines / top_problems / value_text, analysis.geo.views.map_view, analysis.frames.area_mpi
and the PlanStore (matrices, projects, pins).
"""

from __future__ import annotations

import pandas as pd

from analysis.catalogs import domains, load_catalog
from analysis.codes import level_of
from analysis.contest.content import (
    AreaRow,
    BudgetRow,
    ContestStory,
    DataFacts,
    DomainResult,
    MapData,
    MapFeature,
    MapPin,
    MatrixData,
    MatrixRow,
    Nrd2cSummary,
    PinData,
    ProblemItem,
    ProjectData,
)
from analysis.frames import area_mpi
from analysis.i18n import translate
from analysis.plans.records import ProjectRecord
from analysis.plans.service import PlanStore
from analysis.queries import AreaOverview, level_below
from analysis.ranking import Ranking, RankingUnavailable, summary_lines, top_problems, value_text
from analysis.store import Workspace
from analysis.views import area_overview, compare_children, rank_problems, village_classes

MEASURE = "pct_fail"  # the contest story ranks by share failing, the Rank page's default
TOP_PER_DOMAIN = 3
TOP_OVERALL = 10


def _problem(row: pd.Series, ranking: Ranking, lang: str) -> ProblemItem:
    unit = row.get("count_unit")
    return ProblemItem(
        rank=int(row["rank"]),
        domain=str(row["domain"]),
        domain_name=str(row[f"domain_{lang}"]),
        indicator_id=str(row["indicator_id"]),
        title=str(row[f"title_{lang}"]),
        pct_fail=float(row["pct_fail"]),
        n_fail=int(row["n_fail"]),
        unit=translate(f"unit.{unit}" if isinstance(unit, str) else "unit.village", lang),
        text=value_text(row, ranking.measure, lang),
        drivers=str(row.get("drivers") or ""),
    )


def _ranked(ranking: Ranking, lang: str) -> tuple[list[DomainResult], dict[str, list[ProblemItem]], list[ProblemItem]]:
    colours = domains().set_index("domain_id")["colour"]
    lines = dict(zip(ranking.domains["domain"], summary_lines(ranking, lang, TOP_PER_DOMAIN), strict=False))
    results = [
        DomainResult(
            rank=int(d["rank"]),
            domain=str(d["domain"]),
            name=str(d[f"domain_{lang}"]),
            colour=str(colours[d["domain"]]),
            value=round(float(d["value"]), 1),
            pct_fail=float(d["pct_fail"]),
            n_fail=int(d["n_fail"]),
            summary=lines.get(d["domain"], ""),
        )
        for _, d in ranking.domains.iterrows()
    ]
    problems = {
        d.domain: [_problem(r, ranking, lang) for _, r in top_problems(ranking, d.domain, TOP_PER_DOMAIN).iterrows()]
        for d in results
    }
    top = [_problem(r, ranking, lang) for _, r in top_problems(ranking, "all", TOP_OVERALL).iterrows()]
    return results, problems, top


def _facts(workspace: Workspace, overview: AreaOverview, lang: str) -> DataFacts:
    code = overview.area_code
    children = workspace.rows("area_summary", under=code, level="village")
    nrd2c = workspace.rows("nrd2c_village", under=code)
    known = set(children["area_code"]) | set(nrd2c["village_code"])
    sources = [
        f"{translate(f'contest.source_{d.family}', lang)} {d.year} ({d.file_name})"
        for d in workspace.datasets()
        if (d.family, d.year) in (("bmn", overview.year), ("nrd2c", _latest(nrd2c["year"])))
    ]
    catalog = load_catalog(overview.catalog_id)
    return DataFacts(
        year=overview.year,
        catalog_name=catalog.name_th if lang == "th" else catalog.name_en,
        households=overview.households,
        people=overview.people,
        villages_with_data=overview.villages if level_of(code) != "village" else 1,
        villages_known=len(known) if level_of(code) != "village" else 1,
        indicators=int((overview.indicators["applicable"] > 0).sum()),
        nrd2c_year=_latest(nrd2c["year"]),
        sources=sources,
    )


def _latest(years: pd.Series) -> int | None:
    return int(years.max()) if len(years) else None


def _children(workspace: Workspace, area_code: str, year: int, lang: str) -> tuple[str | None, list[AreaRow]]:
    comparison = compare_children(workspace, area_code, year)
    if comparison is None:
        return None, []
    names = workspace.register().display_names(comparison.domains["area_code"].unique(), lang)
    rows = []
    for _, row in comparison.summary().iterrows():
        by_domain = {d: float(row[f"pct_fail_{d}"]) for d in domains()["domain_id"] if f"pct_fail_{d}" in row}
        rows.append(
            AreaRow(
                row["area_code"], names.get(row["area_code"], row["area_code"]), by_domain, float(row["pct_fail_all"])
            )
        )
    return comparison.child_level, rows


def _map(
    workspace: Workspace, area_code: str, child_level: str, top_domain: str, year: int, pins, lang: str
) -> MapData | None:
    from analysis.geo.layers import LayerSpec
    from analysis.geo.views import map_view
    from analysis.plans.pins import categories

    view = map_view(workspace, area_code, child_level, LayerSpec("domain", top_domain), year, lang=lang)
    if not view.collection["features"]:
        return None
    features = []
    for feature in view.collection["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        code = feature["properties"]["area_code"]
        rings = [[(float(x), float(y)) for x, y in polygon[0]] for polygon in polygons]
        text = feature["properties"]["value_text"]
        features.append(MapFeature(code, view.names.get(code, code), rings, feature["properties"]["fill"], text))
    legend = list(zip(view.classes.colours, view.classes.labels, strict=True))
    table = categories().set_index("category_id")
    marks = [
        MapPin(p.lon, p.lat, table.loc[p.category, "colour"], table.loc[p.category, "symbol"], p.name) for p in pins
    ]
    return MapData(view.title, features, legend, marks)


def _matrix(store: PlanStore, area_code: str) -> MatrixData | None:
    saved = [m for m in store.matrices(area_code) if m.area_code == area_code]
    if not saved:
        return None
    latest = saved[-1]
    rows = [
        MatrixRow(int(i.agreed_rank or 0), i.title, i.size, i.severity, i.feasibility, i.concern, float(i.total or 0))
        for i in sorted(latest.items, key=lambda i: i.agreed_rank or 0)
    ]
    meeting = latest.meeting_date.isoformat() if latest.meeting_date else ""
    return MatrixData(latest.title, meeting, latest.participants, latest.method, rows)


def _project(project: ProjectRecord, names: dict[str, str], lang: str) -> ProjectData:
    kpis = [
        f"{k.name}: {k.baseline_value if k.baseline_value is not None else '–'} → "
        f"{k.target_value if k.target_value is not None else '–'} {k.unit}".strip()
        for k in project.kpis
    ]
    return ProjectData(
        id=int(project.id or 0),
        title=project.title,
        plan_level=project.plan_level,
        level_name=translate(f"plans.level.{project.plan_level}", lang),
        area_name=names.get(project.area_code, project.area_code),
        status=project.status,
        status_name=translate(f"plans.status.{project.status}", lang),
        domain_name=translate("contest.no_domain", lang) if not project.domain else _domain_name(project.domain, lang),
        problem=project.problem,
        causes=project.causes,
        objective=project.objective,
        activities=project.activities,
        outputs=project.outputs,
        outcomes=project.outcomes,
        impact=project.impact,
        agency=project.responsible_agency,
        kpis=kpis,
        total_budget=project.total_budget,
        indicator_id=project.indicator_id,
    )


def _domain_name(domain_id: str, lang: str) -> str:
    return str(domains().set_index("domain_id").loc[domain_id, f"name_{lang}"])


def _plans(
    workspace: Workspace, store: PlanStore, area_code: str, lang: str
) -> tuple[list[ProjectData], list[BudgetRow]]:
    """Projects at or below the area, and those of the areas above it (the One Plan it belongs to)."""
    projects = [p for p in store.projects() if p.area_code.startswith(area_code) or area_code.startswith(p.area_code)]
    names = workspace.register().display_names({p.area_code for p in projects}, lang)
    budget = [
        BudgetRow(b.fiscal_year, b.source, translate(f"plans.source.{b.source}", lang), float(b.amount))
        for p in projects
        for b in p.budgets
    ]
    return [_project(p, names, lang) for p in projects], budget


def _pins(workspace: Workspace, store: PlanStore, area_code: str, bounds, lang: str) -> tuple[list, list[PinData]]:
    from analysis.plans.pins import categories

    records = store.pins(area_code, bounds)
    names = workspace.register().display_names([p.village_code for p in records if p.village_code], lang)
    table = categories().set_index("category_id")
    data = [
        PinData(
            name=p.name,
            category=str(table.loc[p.category, f"name_{lang}"]),
            details=p.details,
            village_name=names.get(p.village_code, "") if p.village_code else "",
            colour=str(table.loc[p.category, "colour"]),
            symbol=str(table.loc[p.category, "symbol"]),
            photo=p.photo,
            photo_mime=p.photo_mime,
        )
        for p in records
    ]
    return records, data


def _mpi(workspace: Workspace, area_code: str, year: int, catalog_id: str) -> dict[str, float] | None:
    result = area_mpi(workspace, area_code, year)
    if result is None:
        return None
    return {"H": result.H, "A": result.A, "MPI": result.MPI}


def _nrd2c(
    workspace: Workspace, area_code: str, year: int | None, lang: str
) -> tuple[Nrd2cSummary | None, pd.DataFrame]:
    if year is None:
        return None, pd.DataFrame()
    try:
        ranking = rank_problems(workspace, area_code, year, "nrd2c_level1", lang=lang)
    except RankingUnavailable:
        return None, pd.DataFrame()
    classes = village_classes(workspace, area_code)
    counts = classes.groupby(["class_id", f"class_{lang}"]).size().reset_index(name="n").sort_values("class_id")
    top = [_problem(r, ranking, lang) for _, r in top_problems(ranking, "all", TOP_PER_DOMAIN * 2).iterrows()]
    summary = Nrd2cSummary(int(year), [(str(r[f"class_{lang}"]), int(r["n"])) for _, r in counts.iterrows()], top)
    table = ranking.scope("all")[["indicator_id", f"title_{lang}", "level_1", "level_2", "level_3", "villages"]]
    return summary, table.rename(columns={f"title_{lang}": "title"}).sort_values("indicator_id").reset_index(drop=True)


def _bmn_table(overview: AreaOverview, lang: str) -> pd.DataFrame:
    table = overview.indicators[overview.indicators["applicable"] > 0]
    columns = ["indicator_id", f"title_{lang}", f"domain_{lang}", "applicable", "pass", "fail", "pct_fail"]
    return table[columns].rename(columns={f"title_{lang}": "title", f"domain_{lang}": "domain"}).reset_index(drop=True)


def build_story(workspace: Workspace, area_code: str, year: int, store: PlanStore, lang: str = "th") -> ContestStory:
    """The contest story of ``area_code`` in survey ``year``; LookupError when the area has no จปฐ.
    data that year."""
    overview = area_overview(workspace, area_code, year)
    if overview is None:
        raise LookupError(translate("contest.no_data", lang, year=year))
    ranking = rank_problems(workspace, area_code, year, MEASURE, lang=lang)
    ranked, problems, top = _ranked(ranking, lang)
    child_level, children = _children(workspace, area_code, year, lang)
    story = ContestStory(
        area_code=area_code,
        area_name=workspace.register().display_name(area_code, lang),
        level=overview.level,
        year=int(year),
        lang=lang,
        is_demo=workspace.is_demo(),
        measure_name=translate(f"rank.measure_{MEASURE}", lang),
        facts=_facts(workspace, overview, lang),
        domains=ranked,
        problems=problems,
        top_problems=top,
        child_level=child_level,
        children=children,
    )
    records, story.pins = _pins(workspace, store, area_code, None, lang)
    map_level = child_level or level_below(overview.level)
    if map_level and ranked:
        story.map = _map(workspace, area_code, map_level, ranked[0].domain, year, records, lang)
    story.matrix = _matrix(store, area_code)
    story.projects, story.budget = _plans(workspace, store, area_code, lang)
    story.mpi = _mpi(workspace, area_code, year, overview.catalog_id)
    story.nrd2c, story.nrd2c_table = _nrd2c(workspace, area_code, story.facts.nrd2c_year, lang)
    story.bmn_table = _bmn_table(overview, lang)
    return story
