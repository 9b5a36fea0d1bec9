"""แผนที่ — choropleth of an indicator, domain, MPI or กชช.2ค level (villages as points where there
are no village boundaries); area names on the map, the legend beside it; pins; click an area to
select it for every page; GeoJSON, KML, KMZ and HTML for sharing."""

import streamlit as st

from analysis.geo.views import build_map, map_scope
from analysis.mpi import DEFAULT_K
from dashboard import data_access, map_share, map_ui
from dashboard.i18n import t
from dashboard.page_head import lazy_expander, privacy_note, require_area

page = require_area("map.title", named=False)
st.title(t("map.title"))
map_ui.uploaded_boundaries()
controls = map_ui.layer_controls(page.code)
if controls is None:
    with st.expander(t("mapui.boundaries"), expanded=True):
        map_ui.boundary_upload()
    st.stop()

scope = "" if controls["national"] else map_scope(page.code, controls["level"])
view = data_access.map_view(
    scope,
    *(controls[k] for k in ("level", "layer", "year", "scheme", "k", "breaks")),
    DEFAULT_K,
    page.lang,
    page.private,
)
store = data_access.plan_store()
pins = store.pins(scope, view.bounds) if controls["pins"] else []
points = controls["points"] and not controls["national"]
tiles = "OpenStreetMap" if controls["basemap"] else None
projects = {p.id: p.title for p in store.projects(scope)} if pins else {}
figure = build_map(
    data_access.workspace(), view, page.lang, page.code, pins, points, tiles, projects=projects, standalone=False
)
st.caption(t("mapui.click_hint", area=page.name))
map_ui.draw(figure)
map_share.legend(view, page.demo_note)
map_ui.coverage_note(view)
privacy_note(page)
public = map_share.public_choice(page.private)  # the files to share: a public edition on request
shared = (
    view
    if public == page.private
    else data_access.map_view(
        scope, *(controls[k] for k in ("level", "layer", "year", "scheme", "k", "breaks")), DEFAULT_K, page.lang, True
    )
)
map_share.downloads(shared, pins, page.lang, controls, public, projects)

if box := lazy_expander(t("mapui.pins_panel"), "map_pins_open"):  # built only when opened
    with box:
        map_ui.pins_panel(page.code, view.bounds)
if box := lazy_expander(t("mapui.boundaries"), "map_boundaries_open"):
    with box:
        map_ui.boundary_upload()
