"""One map view: the units of a level under a scope, their values and classes, shapes, pins."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd

from analysis.codes import LEVEL_LENGTH
from analysis.geo.boundaries import load_boundaries
from analysis.geo.classify import Classes, classify, level_classes
from analysis.geo.features import LEAFLET_URL, feature_collection
from analysis.geo.layers import LayerSpec, layer_title
from analysis.i18n import translate
from analysis.measures import layer_measure
from analysis.mpi import DEFAULT_K
from analysis.plans.pins import categories
from analysis.store import Workspace

if TYPE_CHECKING:  # folium is loaded by build_map only: a view alone (the contest kit's map) needs none of it
    import folium

#: Views with more units than this use the coarse overview copy and short tooltips: at that zoom
#: (a region or the country) the detail is invisible and would only slow the page.
COARSE_FEATURES = 1500


@dataclass
class MapView:
    scope: str
    level: str
    spec: LayerSpec
    year: int
    title: str
    shapes: gpd.GeoDataFrame  # one row per area with geometry under the scope
    values: pd.DataFrame  # one row per area with data
    classes: Classes
    names: dict[str, str]
    collection: dict  # GeoJSON features with escaped names, numbers and colours (built once per view)
    scope_name: str = ""  # the area drawn ("ตำบลหนองบัว"), or Thailand
    demo: bool = False  # demo data: every export says so
    points: bool = False  # villages drawn as points (no village boundaries stored)

    def heading(self, lang: str = "th") -> str:
        """What a shared map shows, in one line: layer, area and survey year."""
        return translate("map.heading", lang, title=self.title, area=self.scope_name, year=self.year)

    @property
    def bounds(self) -> tuple[float, float, float, float] | None:
        return tuple(self.shapes.total_bounds) if len(self.shapes) else None


def map_scope(selected: str | None, level: str) -> str:
    """The area whose children are drawn: the selection when it is above ``level``, else its ancestor
    one level above (so a clicked area stays on the map among its neighbours)."""
    if not selected:
        return ""
    length = LEVEL_LENGTH[level]
    if len(selected) < length:
        return selected
    parent_length = max([n for n in LEVEL_LENGTH.values() if n < length], default=0)
    return selected[:parent_length]


def map_view(
    workspace: Workspace,
    scope: str,
    level: str,
    spec: LayerSpec,
    year: int,
    scheme: str = "quantiles",
    k: int = 5,
    breaks: list[float] | None = None,
    mpi_k: float = DEFAULT_K,
    lang: str = "th",
    private: bool = False,
) -> MapView:
    """``private``: small household and person counts hidden in tooltips and exports."""
    from analysis.views import layer_values

    values, catalog_id = layer_values(workspace, scope, level, spec, year, mpi_k, lang, private)
    shapes = load_boundaries(workspace, level, scope)
    points = level == "village" and shapes.empty
    if points:  # no village boundaries: the villages' points, coloured the same way
        shapes = village_points(workspace, scope)
    elif len(shapes) > COARSE_FEATURES:
        shapes = load_boundaries(workspace, level, scope, overview=True)
    if spec.kind == "nrd2c" and level == "village":
        classes = level_classes(values["value"], {v: translate(f"map.level_{v}", lang) for v in (1, 2, 3)})
    elif spec.kind == "certification":  # fixed status classes (analysis.checks)
        from analysis.geo.layers import certification_classes

        classes = certification_classes(values, level, lang)
    else:
        shown = layer_measure(spec.kind)  # the declared measure the layer colours by: its unit and digits
        suffix = "%" if shown.unit == "pct" else ""
        classes = classify(values["value"], scheme, k, breaks, suffix=suffix, digits=shown.digits)
    names = workspace.register().display_names([*shapes["area_code"], *values["area_code"]], lang)
    shown = values.assign(detail="") if len(shapes) > COARSE_FEATURES else values
    collection = feature_collection(shapes, shown, classes, names, lang)
    title = layer_title(spec, catalog_id, lang, level)
    register = workspace.register()
    scope_name = register.display_name(scope, lang) if scope else translate("map.thailand", lang)
    return MapView(
        scope,
        level,
        spec,
        int(year),
        title,
        shapes,
        values,
        classes,
        names,
        collection,
        scope_name,
        workspace.is_demo(),
        points,
    )


def village_points(workspace: Workspace, scope: str) -> gpd.GeoDataFrame:
    """The villages under ``scope`` as points (from the villages table's latitude and longitude)."""
    rows = workspace.rows("villages", under=scope).dropna(subset=["lat", "lon"])
    return gpd.GeoDataFrame(
        {"area_code": rows["village_code"].to_numpy()},
        geometry=gpd.points_from_xy(rows["lon"], rows["lat"]),
        crs="EPSG:4326",
    )


def build_map(
    workspace: Workspace,
    view: MapView,
    lang: str = "th",
    selected: str | None = None,
    pins: list | None = None,
    points: bool = False,
    tiles: str | None = None,
    asset_url: str | None = LEAFLET_URL,
    note: str | None = None,
    projects: dict[int, str] | None = None,
    standalone: bool = True,
) -> folium.Map:
    """The folium map of a view, with village points and pins when asked. ``standalone`` (a map
    shared as a file): its title, area, year and the demo label in a box and the legend on the map;
    a page draws the legend beside the map instead. No background tiles unless asked (internet)."""
    import folium

    from analysis.geo.maps import add_pins, add_points, choropleth_map

    if view.demo and note is None:
        note = translate("app.demo_badge", lang)
    heading = view.heading(lang) if standalone else None
    figure = choropleth_map(
        view.collection,
        view.bounds,
        view.classes,
        view.title,
        lang,
        selected,
        note,
        tiles,
        asset_url,
        legend=standalone,
        heading=heading,
    )
    if heading:
        figure.get_root().title = heading
    register = workspace.register()
    if points and not view.points:
        villages = workspace.rows("villages", under=view.scope)
        names = register.display_names(villages["village_code"], lang)
        add_points(figure, villages.assign(name=villages["village_code"].map(names)), translate("map.villages", lang))
    if pins:
        names = register.display_names([p.village_code for p in pins if p.village_code], lang)
        add_pins(figure, pins, categories(), names, projects or {}, lang)
    if points or pins:
        folium.LayerControl(collapsed=True).add_to(figure)
    return figure
