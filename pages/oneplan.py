"""แผนพัฒนาพื้นที่ (One Plan) — projects rolled up village → tambon → amphoe, budgets by year and source,
problems no project addresses, KPI progress; ผ.02 and workbook export, workbook import."""

import streamlit as st

from dashboard import data_access, oneplan_view
from dashboard.i18n import t
from dashboard.state import lang, selected_area

st.title(t("oneplan.title"))
area = selected_area()
if area is None:
    st.info(t("app.no_data"))
    st.stop()
area_name = data_access.register().display_name(area, lang())
st.caption(t("oneplan.scope", area=area_name))
all_projects, projects, budgets = oneplan_view.filtered_projects(area)
oneplan_view.summary_and_tables(projects, budgets, area, filtered=bool(all_projects))
oneplan_view.unaddressed_problems(all_projects, area)
oneplan_view.kpi_table(projects)
oneplan_view.exports(projects, area, area_name)
oneplan_view.workbook_import()
