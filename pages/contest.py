"""ชุดนำเสนอการประกวด — the contest round chosen once, then the PowerPoint, the A4 summary, the
infographic and every chart's PNG (a public edition on request), and the readiness checklist
against the contest criteria."""

import streamlit as st

from dashboard import contest_round_ui, contest_ui, data_access
from dashboard.i18n import t
from dashboard.state import lang, selected_area

area = selected_area()
if area is None:
    st.title(t("nav.contest"))
    st.info(t("app.no_data"))
    st.stop()
language = lang()
st.title(f"{t('nav.contest')}: {data_access.register().display_name(area, language)}")
chosen = contest_round_ui.round_panel(area)
if chosen is None:
    st.info(t("overview.no_area_data"))
    st.stop()

st.subheader(t("contestui.documents"))
public = contest_ui.public_choice(area)
try:
    with st.spinner(t("contestui.building")):
        story = data_access.contest_story(area, chosen, language, public)
except LookupError as error:  # the round's จปฐ. year is not imported for this area
    st.warning(str(error))
    story = None
if story is not None:
    contest_ui.downloads(story, area, chosen.bmn_year, public)
    st.page_link("../pages/present.py", label=t("contestui.present"), icon=":material/slideshow:")

st.subheader(t("checklist.title"))
st.caption(t("contestui.checklist_note"))
contest_ui.checklist_panel(contest_ui.checklist_statuses(area, chosen, story), area, chosen, story)
