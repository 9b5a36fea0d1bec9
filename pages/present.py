"""โหมดนำเสนอ — the deck's story full-screen for a projector: every slide pre-rendered and fitted
to the screen, arrow keys or the controls (shown when the mouse moves) to change slides."""

import streamlit as st

from analysis.contest.mapimage import render_map_png
from analysis.contest.present_html import presentation_html
from analysis.contest.slides import story_slides
from analysis.privacy import privacy_applies
from dashboard import contest_round_ui, data_access
from dashboard.i18n import t
from dashboard.state import actor, lang, selected_area

HIDE_APP = """<style>[data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
[data-testid="stSidebarCollapsedControl"] {display: none;}</style>"""

area = selected_area()
chosen = contest_round_ui.current_round(area) if area else None
if chosen is None:
    st.info(t("app.no_data"))
    st.stop()
language = lang()
private = privacy_applies(actor(), area) or bool(st.session_state.get("contest_public"))
try:
    story = data_access.contest_story(area, chosen, language, private)
except LookupError as error:
    st.warning(str(error))
    st.stop()
map_png = render_map_png(story.map) if story.map else None
slides = story_slides(story, data_access.contest_store().profile(area), map_png)
demo = t("app.demo_badge") if story.is_demo else None
st.html(HIDE_APP)  # the slides cover the window; the app's own bars stay out of the way
st.html(presentation_html(slides, language, demo, f"contest?area={area}"), unsafe_allow_javascript=True)
