"""ชุดนำเสนอการประกวด — one click to the PowerPoint, the A4 summary, the infographic and every
chart's PNG; the readiness checklist against the contest criteria."""

import streamlit as st

from dashboard import contest_ui, data_access
from dashboard.i18n import t
from dashboard.state import lang, selected_area

area = selected_area()
if area is None:
    st.title(t("nav.contest"))
    st.info(t("app.no_data"))
    st.stop()
language = lang()
st.title(f"{t('nav.contest')}: {data_access.register().display_name(area, language)}")
years = data_access.years(area)
if not years:
    st.info(t("overview.no_area_data"))
    st.stop()
if st.session_state.get("contest_year") not in years:
    st.session_state["contest_year"] = years[-1]
year = st.segmented_control(t("rank.year"), years, key="contest_year", required=True)

with st.spinner(t("contestui.building")):
    story = data_access.contest_story(area, year, language)
st.subheader(t("contestui.documents"))
contest_ui.downloads(story, area, year)
st.page_link("../pages/present.py", label=t("contestui.present"), icon=":material/slideshow:")

st.subheader(t("checklist.title"))
st.caption(t("contestui.checklist_note"))
contest_ui.checklist_panel(contest_ui.checklist_statuses(area, year, story), area, year, story)
