"""Entry point: `streamlit run dashboard/app.py`. Navigation, language switch, area picker."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from analysis.auth.roles import Actor, PermissionDenied, local_actor, page_allowed
from analysis.i18n import LANGUAGES, translate
from analysis.store_errors import StoreError

from dashboard import guide_ui, look, process
from dashboard.auth_ui import account_box, gate
from dashboard.i18n import t
from dashboard.source_pick import source_picker
from dashboard.state import LANG_KEY, USER_KEY, lang
from dashboard.widgets import area_picker, demo_badge

PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"
#: (section key, file, title key, icon, url path) — one declared list of pages
PAGES: tuple[tuple[str, str, str, str, str], ...] = (
    ("nav.section_analysis", "overview.py", "nav.overview", ":material/dashboard:", "overview"),
    ("nav.section_analysis", "compare.py", "nav.compare", ":material/compare_arrows:", "compare"),
    ("nav.section_analysis", "rank.py", "nav.rank", ":material/format_list_numbered:", "rank"),
    ("nav.section_analysis", "map.py", "nav.map", ":material/map:", "map"),
    ("nav.section_analysis", "trend.py", "nav_more.trend", ":material/trending_down:", "trend"),
    ("nav.section_plans", "matrix.py", "nav.matrix", ":material/grid_on:", "matrix"),
    ("nav.section_plans", "project.py", "nav.project", ":material/assignment:", "project"),
    ("nav.section_plans", "oneplan.py", "nav.oneplan", ":material/account_tree:", "oneplan"),
    ("nav.section_contest", "profile.py", "nav.profile", ":material/villa:", "profile"),
    ("nav.section_contest", "contest.py", "nav.contest", ":material/co_present:", "contest"),
    ("nav.section_contest", "present.py", "nav.present", ":material/slideshow:", "present"),
    ("nav.section_contest", "offices.py", "nav.offices", ":material/assignment_turned_in:", "offices"),
    ("nav.section_data", "data.py", "nav.data", ":material/upload_file:", "data"),
    ("nav.section_data", "checks.py", "nav.checks", ":material/fact_check:", "checks"),
    ("nav.section_data", "reports.py", "nav.reports", ":material/summarize:", "reports"),
    ("nav.section_admin", "users.py", "nav.users", ":material/group:", "users"),
    ("nav.section_guide", "manual.py", "nav.manual", ":material/auto_stories:", "manual"),
    ("nav.section_guide", "glossary.py", "nav.glossary", ":material/menu_book:", "glossary"),
    ("nav.section_guide", "practice.py", "nav.practice", ":material/school:", "practice"),
)
LANGUAGE_NAMES = {"th": "ไทย", "en": "English"}
STYLE = """
<style>
.demo-badge {display:inline-block; background:#fff3cd; color:#7a5b00; border:1px solid #f0d68a;
  border-radius:6px; padding:2px 10px; font-size:0.85rem; margin-bottom:0.5rem;}
[data-testid="stMetricValue"] {font-size: 1.8rem;}
</style>
"""


def build_navigation(current: Actor | None, position: str = "top") -> st.navigation:
    """The pages ``current`` may use (data/roles.toml [pages]). ``current`` None: every page,
    hidden — drawn only while the sign-in form shows, so that the address asked for is kept as the
    page to open after signing in; nothing runs before the sign-in (the gate stops first)."""
    sections: dict[str, list[st.Page]] = {}
    shown = [entry for entry in PAGES if current is None or page_allowed(current, entry[4])]
    pages = []
    for section, file, title, icon, url_path in shown:
        page = st.Page(PAGES_DIR / file, title=t(title), icon=icon, url_path=url_path)
        sections.setdefault(t(section), []).append(page)
        pages.append(page)
    if pages:
        # Streamlit serves its default page at "/" only: a first page of its own would answer its
        # own address (/overview, a shared link) with an English "Page not found". So "/" is a
        # hidden page that moves on to the first page, keeping the chosen area in the address.
        home = st.Page(
            lambda: _open_first(pages[0]), title=t(shown[0][2]), url_path="home", default=True, visibility="hidden"
        )
        sections.setdefault(t(shown[0][0]), []).insert(0, home)
    # the pages in a bar across the top: the sidebar is left to the area picker, language and user
    return st.navigation(sections, position=position)


def _open_first(page: st.Page) -> None:
    st.switch_page(page, query_params=st.query_params.to_dict())


def language_from_link() -> None:
    """On a session's first run, the language of the link (?lang=en): a reload keeps English."""
    if st.session_state.get("_lang_from_query_done"):
        return
    st.session_state["_lang_from_query_done"] = True
    asked = st.query_params.get("lang")
    if asked in LANGUAGES and LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = asked


def main() -> None:
    process.settle()  # once per process: the pages' modules imported, start-up objects out of the collector's way
    st.set_page_config(page_title=translate("app.title", lang()), page_icon="🏘️", layout="wide")
    st.markdown(STYLE + look.widget_css(), unsafe_allow_html=True)  # + Thai for Streamlit's own texts
    picker = st.sidebar.container()  # first in the sidebar: the one choice every page depends on
    st.sidebar.divider()
    language_from_link()
    st.sidebar.segmented_control(
        "ภาษา / Language",
        LANGUAGES,
        key=LANG_KEY,
        default=None if LANG_KEY in st.session_state else "th",
        required=True,
        format_func=LANGUAGE_NAMES.get,
    )
    # the language stays in the address, so a reload (or a shared link) keeps it
    if lang() == "th":
        st.query_params.pop("lang", None)
    else:
        st.query_params["lang"] = lang()
    # a shared server shows the sign-in form and stops here until signed in
    signed_in = gate(keep_page=lambda: build_navigation(None, position="hidden"))
    navigation = build_navigation(signed_in or local_actor())
    try:
        area_picker(picker)
        source_picker(picker)
    except StoreError as error:  # a damaged workspace: say what and how to repair, nothing else
        st.error(error.message(lang()))
        st.stop()
    if signed_in is None:
        st.sidebar.text_input(t("app.user"), key=USER_KEY, placeholder=t("app.user_placeholder"))
        st.sidebar.caption(t("auth.local_note"))
    else:
        account_box(signed_in)
    demo_badge()
    guide_ui.help_panel(navigation.url_path)  # every page's "วิธีใช้หน้านี้" (data/guide/pages.toml)
    try:
        navigation.run()
    except PermissionDenied as error:  # a write the server refused that the page did not handle itself
        st.error(error.message(lang()))
    except StoreError as error:  # a workspace refusal (damaged, read-only) the page did not handle
        st.error(error.message(lang()))


main()
