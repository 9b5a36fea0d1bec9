"""แผนพัฒนาพื้นที่ (One Plan) — projects rolled up village → tambon → amphoe → province, budgets by year and source,
projects and budget by strategy, results against the plan,
problems no project addresses, KPI progress; ผ.02 and workbook export, workbook import."""

import streamlit as st

from dashboard import data_access, oneplan_view, strategy_view
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
strategy_view.by_strategy_section(projects)
strategy_view.results_section(projects)
oneplan_view.unaddressed_problems(all_projects, area)
oneplan_view.kpi_table(projects)
oneplan_view.exports(projects, area, area_name)
oneplan_view.workbook_import()
