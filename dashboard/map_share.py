"""The Map page below the map: the legend (beside the map, never over the areas) and the files to
share — GeoJSON, KML, KMZ (icons and photos for Google Earth / My Maps) and a standalone HTML map,
each with its title, area, year, legend and (on demo data) the demo label, and with the viewer's
small counts hidden as on screen."""

from __future__ import annotations

import streamlit as st
from analysis.geo.exports import geojson_bytes, layer_geojson, pins_geojson, to_html, to_kml
from analysis.geo.kmz import KMZ_MIME, to_kmz
from analysis.geo.maps import legend_html
from analysis.geo.views import MapView, build_map

from dashboard import data_access
from dashboard.i18n import t
from dashboard.map_ui import categories
from dashboard.widgets import download


def legend(view: MapView, note: str | None) -> None:
    """The legend under the map (on a phone the map is too narrow to hold it)."""
    if view.points:
        st.caption(t("map.points_note"))
    legend_box = legend_html(view.title, view.classes, t("map.no_data"), note)
    st.markdown(f'<div class="cia-legend">{legend_box}</div>', unsafe_allow_html=True)


def public_choice(forced: bool) -> bool:
    """Whether the files to share are a public edition (small counts as "< 5"): always for a viewer
    without household-level access, on request ("this computer", data officers)."""
    if forced:
        return True
    return st.checkbox(t("mapui.public_files"), key="map_public_files", help=t("mapui.public_files_help"))


def downloads(
    view: MapView,
    pins: list,
    language: str,
    controls: dict,
    public: bool = False,
    projects: dict[int, str] | None = None,
) -> None:
    """GeoJSON, KML, HTML and KMZ of the map as drawn (built only when a button is pressed)."""
    names = dict(zip(categories()["category_id"], categories()[f"name_{language}"], strict=True))
    edition = "_public" if public else ""
    basename = f"map_{view.scope or 'TH'}_{view.level}_{view.year}{edition}" + ("_demo" if view.demo else "")
    cols = st.columns(3)
    download(
        cols[0],
        t("mapui.geojson"),
        lambda: geojson_bytes(layer_geojson(view, language)),
        f"{basename}.geojson",
        "application/geo+json",
        "map_geojson",
    )
    download(
        cols[1],
        t("mapui.kml"),
        lambda: to_kml(view.title, layer_geojson(view, language), pins, names),
        f"{basename}.kml",
        "application/vnd.google-earth.kml+xml",
        "map_kml",
    )

    def html() -> bytes:
        tiles = "OpenStreetMap" if controls["basemap"] else None
        figure = build_map(data_access.workspace(), view, language, pins=pins, points=controls["points"], tiles=tiles)
        return to_html(figure)

    download(cols[2], t("mapui.html"), html, f"{basename}.html", "text/html", "map_html")

    def kmz() -> bytes:
        villages = (
            data_access.workspace().register().display_names([p.village_code for p in pins if p.village_code], language)
        )
        return to_kmz(view.title, layer_geojson(view, language), pins, language, villages, projects).data

    more = st.columns(2)
    download(more[0], t("mapui.kmz"), kmz, f"{basename}.kmz", KMZ_MIME, "map_kmz", help=t("mapui.kmz_help"))
    if pins:
        download(
            more[1],
            t("mapui.pins_geojson"),
            lambda: geojson_bytes(pins_geojson(pins, names)),
            f"pins_{view.scope or 'TH'}.geojson",
            "application/geo+json",
            "pins_geojson",
        )
