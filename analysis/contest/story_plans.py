"""The plan side of a contest story: the map, the priority matrix, the projects and their budget,
the pins — read from the plans database and the map view.

One number everywhere: the story's projects and budget are the One Plan page's (PlanStore.projects
of the area: its own projects and those of the areas below it; budget rows by
analysis.plans.oneplan.budget_frame). A project of an area above that covers this one (an amphoe
project for all of a tambon's villages) is listed apart, as the One Plan page names it, and never
added to the area's totals.
"""

from __future__ import annotations

from analysis.catalogs import domains
from analysis.contest.content import BudgetRow, MapData, MapFeature, MapPin, MatrixData, MatrixRow, PinData, ProjectData
from analysis.geo.layers import LayerSpec
from analysis.geo.views import map_view
from analysis.i18n import translate
from analysis.plans.oneplan import budget_frame, covers
from analysis.plans.pins import categories
from analysis.plans.records import ProjectRecord
from analysis.plans.results import partner_lines, result_lines
from analysis.plans.service import PlanStore
from analysis.plans.strategies import link_titles
from analysis.store import Workspace
from analysis.thaidate import fmt_date_th


def story_map(
    workspace: Workspace, area_code: str, child_level: str, top_domain: str, year: int, pins, lang: str, private: bool
) -> MapData | None:
    view = map_view(
        workspace, area_code, child_level, LayerSpec("domain", top_domain), year, lang=lang, private=private
    )
    if not view.collection["features"]:
        return None
    features = []
    for feature in view.collection["features"]:
        geometry = feature["geometry"]
        code = feature["properties"]["area_code"]
        if geometry["type"] == "Point":  # villages without boundaries: their points (a one-point ring)
            rings = [[(float(geometry["coordinates"][0]), float(geometry["coordinates"][1]))]]
        else:
            polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
            rings = [[(float(x), float(y)) for x, y in polygon[0]] for polygon in polygons]
        text = feature["properties"]["value_text"]
        features.append(MapFeature(code, view.names.get(code, code), rings, feature["properties"]["fill"], text))
    legend = list(zip(view.classes.colours, view.classes.labels, strict=True))
    table = categories().set_index("category_id")
    marks = [
        MapPin(p.lon, p.lat, table.loc[p.category, "colour"], table.loc[p.category, "symbol"], p.name) for p in pins
    ]
    return MapData(view.title, features, legend, marks)


def story_matrix(store: PlanStore, area_code: str, lang: str) -> MatrixData | None:
    saved = [m for m in store.matrices(area_code) if m.area_code == area_code]
    if not saved:
        return None
    latest = saved[-1]
    rows = [
        MatrixRow(int(i.agreed_rank or 0), i.title, i.size, i.severity, i.feasibility, i.concern, float(i.total or 0))
        for i in sorted(latest.items, key=lambda i: i.agreed_rank or 0)
    ]
    meeting = fmt_date_th(latest.meeting_date, lang) if latest.meeting_date else ""  # พ.ศ., never ISO
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
        results=result_lines(project, lang),
        partners=partner_lines(project, lang),
        strategies=link_titles(project, lang),
    )


def _domain_name(domain_id: str, lang: str) -> str:
    return str(domains().set_index("domain_id").loc[domain_id, f"name_{lang}"])


def area_projects(
    workspace: Workspace, store: PlanStore, area_code: str
) -> tuple[list[ProjectRecord], list[ProjectRecord]]:
    """(the area's One Plan projects, projects of the areas above that cover it)."""
    own = store.projects(area_code)
    villages = sorted(set(workspace.rows("area_summary", under=area_code, level="village")["area_code"]))
    above = [p for p in store.projects_above(area_code) if covers(p, area_code, villages)]
    return own, above


def story_plans(
    workspace: Workspace, store: PlanStore, area_code: str, lang: str
) -> tuple[list[ProjectData], list[BudgetRow], list[ProjectData]]:
    """(projects, budget rows, covering projects of the areas above) of the area's One Plan."""
    own, above = area_projects(workspace, store, area_code)
    names = workspace.register().display_names({p.area_code for p in [*own, *above]}, lang)
    frame = budget_frame(own)
    budget = [
        BudgetRow(int(r.fiscal_year), str(r.source), translate(f"plans.source.{r.source}", lang), float(r.amount))
        for r in frame.itertuples(index=False)
    ]
    return [_project(p, names, lang) for p in own], budget, [_project(p, names, lang) for p in above]


def story_pins(workspace: Workspace, store: PlanStore, area_code: str, lang: str) -> tuple[list, list[PinData]]:
    records = store.pins(area_code, None)
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
