"""รายงานคุณภาพชีวิต — reports up the chain: the district quality-of-life report
(เอกสารคุณภาพชีวิตของประชาชนอำเภอ), a tambon's จปฐ. report and the one-page progress report to the
province, as A4 PDF and XLSX (journey 6)."""

import streamlit as st

from dashboard import data_access, reports_ui
from dashboard.i18n import t
from dashboard.state import lang, selected_area

area = selected_area()
st.title(t("checks.reports_ui.title"))
if area is None:
    st.info(t("app.no_data"))
    st.stop()
st.caption(t("checks.reports_ui.intro"))
st.subheader(data_access.register().display_name(area, lang()))
years = data_access.years(area)
if not years or not reports_ui.documents(area):
    st.info(t("checks.reports_ui.pick") if years else t("overview.no_area_data"))
    st.stop()
if st.session_state.get("reports_year") not in years:
    st.session_state["reports_year"] = years[-1]
year = st.segmented_control(t("checks.ui.year"), years, key="reports_year", required=True)
public = reports_ui.public_choice(area)
reports_ui.downloads(area, int(year), public)
