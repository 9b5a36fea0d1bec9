"""Session state shared by all pages: language and the picked area."""

from __future__ import annotations

import streamlit as st
from analysis.i18n import DEFAULT_LANGUAGE, LANGUAGES

LANG_KEY = "lang"
AREA_KEY = "area_code"
PICKER_KEYS = {"province": "pick_province", "amphoe": "pick_amphoe", "tambon": "pick_tambon", "village": "pick_village"}


def lang() -> str:
    value = st.session_state.get(LANG_KEY, DEFAULT_LANGUAGE)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def selected_area() -> str | None:
    """The deepest area picked in the sidebar (None when the workspace has no data)."""
    return st.session_state.get(AREA_KEY)


def select_area(code: str) -> None:
    """Pick ``code`` for every page (used by the picker, and by map clicks later)."""
    for level, length in (("province", 2), ("amphoe", 4), ("tambon", 6), ("village", 8)):
        st.session_state[PICKER_KEYS[level]] = code[:length] if len(code) >= length else ""
    st.session_state[AREA_KEY] = code
