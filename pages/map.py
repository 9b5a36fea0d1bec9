"""แผนที่ — choropleth of an indicator, domain, MPI or กชช.2ค level; village points and pins;
click an area to select it for every page; GeoJSON, KML and HTML for sharing."""

import streamlit as st

from analysis.geo.exports import geojson_bytes, layer_geojson, pins_geojson, to_html, to_kml
from analysis.geo.views import build_map, map_scope
from analysis.mpi import DEFAULT_K
from dashboard import data_access, map_ui
from dashboard.i18n import t
from dashboard.map_ui import categories
from dashboard.state import lang, selected_area
from dashboard.widgets import download

st.title(t("map.title"))
area = selected_area()
if area is None:
    st.info(t("app.no_data"))
    st.stop()
language = lang()
controls = map_ui.layer_controls(area)
if controls is None:
    with st.expander(t("mapui.boundaries")):
        map_ui.boundary_upload()
    st.stop()

scope = "" if controls["national"] else map_scope(area, controls["level"])
view = data_access.map_view(
    scope,
    controls["level"],
    controls["layer"],
    controls["year"],
    controls["scheme"],
    controls["k"],
    controls["breaks"],
    DEFAULT_K,
    language,
)
store = data_access.plan_store()
pins = store.pins(scope, view.bounds) if controls["pins"] else []
projects = {p.id: p.title for p in store.projects(scope)} if pins else {}
note = t("app.demo_badge") if data_access.is_demo() else None
figure = build_map(
    data_access.workspace(),
    view,
    language,
    selected=area,
    pins=pins,
    points=controls["points"] and not controls["national"],
    tiles="OpenStreetMap" if controls["basemap"] else None,
    note=note,
)
st.caption(t("mapui.click_hint", area=data_access.register().display_name(area, language)))
map_ui.draw(figure)
map_ui.coverage_note(view)

cols = st.columns(3)
names = dict(zip(categories()["category_id"], categories()[f"name_{language}"], strict=True))
basename = f"map_{scope or 'TH'}_{controls['level']}_{controls['year']}"
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
download(cols[2], t("mapui.html"), lambda: to_html(figure), f"{basename}.html", "text/html", "map_html")
if pins:
    download(
        st,
        t("mapui.pins_geojson"),
        lambda: geojson_bytes(pins_geojson(pins, names)),
        f"pins_{scope or 'TH'}.geojson",
        "application/geo+json",
        "pins_geojson",
        stretch=False,
    )

with st.expander(t("mapui.pins_panel")):
    map_ui.pins_panel(area, view.bounds)
with st.expander(t("mapui.boundaries")):
    map_ui.boundary_upload()
