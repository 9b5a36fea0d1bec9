"""เปรียบเทียบพื้นที่ — the areas below the picked one (or villages of a province or amphoe): heat
map, a chart per domain, change since a base year, the full table, groups and village classes."""

import streamlit as st

from dashboard import compare_view, data_access, groups_view
from dashboard.i18n import t
from dashboard.page_head import lazy_expander, privacy_note, require_area, stop_unless

page = require_area("compare.title", named=False)
parent, parent_name = compare_view.parent_of(page)
year, base, level = compare_view.controls(parent)
comparison = data_access.comparison(parent, year, base, level, page.source)
stop_unless(comparison, "compare.no_children")
compare_view.change_notes(comparison, base)

rows = compare_view.shown(parent, year, base, level, page)
names = page.names(rows[2]["area_code"])
chosen = compare_view.focus(rows[2], names)
compare_view.heatmap(comparison, rows[0], chosen, names, page)
compare_view.domain_charts(comparison, rows[1], chosen, parent_name, page)
compare_view.full_table(comparison, rows, names, page, base)
privacy_note(page)
st.divider()
if box := lazy_expander(t("compare.typology"), "compare_groups_open"):  # k-means: run when the panel is opened
    with box:
        groups_view.groups(parent, year, level, page)
groups_view.village_classes(parent, page)
