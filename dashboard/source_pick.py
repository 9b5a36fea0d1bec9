"""Which data set the analysis pages read: จปฐ. (the default) or another village data set the
workspace holds (analysis.village_catalog) — a choice in the sidebar, shown only when there is
one to make. Overview, Rank, Compare and the priority matrix follow it."""

from __future__ import annotations

import streamlit as st
from analysis.catalogs import catalog_name
from analysis.i18n import translate

from dashboard import data_access
from dashboard.i18n import t
from dashboard.state import lang

SOURCE_KEY = "data_source"


def source_picker(where) -> None:
    """The choice, shown only when the workspace holds another village data set. The widget is
    keyed per language (its labels change with it); the choice itself is kept apart, like the area."""
    present = data_access.village_sources()
    if not present:
        st.session_state.pop(SOURCE_KEY, None)
        return
    if st.session_state.get(SOURCE_KEY) not in ["", *present]:
        st.session_state[SOURCE_KEY] = ""
    language = lang()
    widget = f"{SOURCE_KEY}_{language}"
    st.session_state[widget] = st.session_state[SOURCE_KEY]
    where.selectbox(
        t("published.source"),
        ["", *present],
        key=widget,
        on_change=_chosen,
        args=(widget,),
        # the language bound now: a format function may be called outside the page's run
        format_func=lambda c: translate("published.source_bmn", language) if not c else catalog_name(c, language),
        help=t("published.source_help"),
    )


def _chosen(widget: str) -> None:
    st.session_state[SOURCE_KEY] = st.session_state[widget]


def data_source() -> str | None:
    """The village data set chosen (its catalog id), None for จปฐ."""
    return st.session_state.get(SOURCE_KEY) or None
