"""โหมดนำเสนอ — the deck's story full-screen, one slide per step, with buttons or the arrow keys."""

import streamlit as st

from analysis.contest.mapimage import render_map_png
from analysis.contest.slides import story_slides
from dashboard import contest_ui, data_access
from dashboard.i18n import t
from dashboard.state import lang, selected_area

STYLE = """<style>
[data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"] {display: none;}
.block-container {max-width: 100%; padding: 1.5rem 3rem;}
.present-title {font-size: 3rem; color: #1d6fa5;} .present-sub {font-size: 1.6rem; color: #52606d;}
.block-container li, .block-container p {font-size: 1.7rem; line-height: 1.5;}
.present-table {font-size: 1.45rem; width: 100%;} .present-table td, .present-table th {padding: 0.4rem 0.8rem;}
</style>"""


def move(by: int, last: int) -> None:
    st.session_state["present_step"] = min(max(st.session_state.get("present_step", 0) + by, 0), last)


area = selected_area()
if area is None or not data_access.years(area):
    st.info(t("app.no_data"))
    st.stop()
st.markdown(STYLE, unsafe_allow_html=True)
language = lang()
year = st.session_state.get("contest_year") or data_access.years(area)[-1]
story = data_access.contest_story(area, year, language)
map_png = render_map_png(story.map) if story.map else None
slides = story_slides(story, data_access.contest_store().profile(area), map_png)
last = len(slides) - 1
step = min(max(int(st.session_state.get("present_step", 0)), 0), last)

back, counter, forward, leave = st.columns([1, 3, 1, 1])
back.button(
    "◀", key="present_back", shortcut="Left", disabled=step == 0, on_click=move, args=(-1, last), width="stretch"
)
forward.button(
    "▶", key="present_next", shortcut="Right", disabled=step == last, on_click=move, args=(1, last), width="stretch"
)
counter.markdown(f"**{t('present.counter', n=step + 1, total=len(slides))}** · {t('present.keys')}")
leave.page_link("../pages/contest.py", label=t("present.leave"), icon=":material/close:")
contest_ui.slide_view(slides[step], f"slide_{step}")
