"""Which data set the analysis pages read: จปฐ. (the default) or another village data set the
workspace holds (analysis.village_catalog) — a choice in the sidebar, shown only when there is
one to make. Overview, Rank, Compare and the priority matrix follow it."""

from __future__ import annotations

import streamlit as st
from analysis.catalogs import catalog_name

from dashboard import data_access
from dashboard.i18n import t
from dashboard.state import lang

SOURCE_KEY = "data_source"


def source_picker(where) -> None:
    present = data_access.village_sources()
    if not present:
        st.session_state.pop(SOURCE_KEY, None)
        return
    if st.session_state.get(SOURCE_KEY) not in ["", *present]:
        st.session_state[SOURCE_KEY] = ""
    where.selectbox(
        t("published.source"),
        ["", *present],
        key=SOURCE_KEY,
        format_func=lambda c: t("published.source_bmn") if not c else catalog_name(c, lang()),
        help=t("published.source_help"),
    )


def data_source() -> str | None:
    """The village data set chosen (its catalog id), None for จปฐ."""
    return st.session_state.get(SOURCE_KEY) or None
