"""Shared widgets: the area picker, the demo label, download buttons."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pandas as pd
import streamlit as st
from analysis.auth.roles import home_area
from analysis.codes import LEVELS
from analysis.exports import to_csv_bytes, to_xlsx_bytes
from analysis.i18n import translate
from analysis.store_errors import StoreError

from dashboard import data_access, state
from dashboard.i18n import t
from dashboard.state import AREA_FROM_LINK_KEY, AREA_KEY, LEVEL_LENGTHS, actor, lang, picker_key, select_area

LOG = logging.getLogger("cia.downloads")

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SEARCH_LIMIT = 30


def _init_from_query() -> bool:
    """On a session's first run (and after each sign-in), take the area from the link
    (?area=CODE); without one, a signed-in account starts on its narrowest granted area. True on
    that first run (the picker may then go down levels that have a single area)."""
    if st.session_state.get(AREA_FROM_LINK_KEY):
        return False
    st.session_state[AREA_FROM_LINK_KEY] = True
    code = st.query_params.get("area")
    if code and code.isdigit():
        select_area(code)
    elif home := home_area(actor()):
        select_area(home)
    return True


def _on_pick(level: str) -> None:
    """A sidebar select changed: its value (or, for "all", the level above) becomes the area."""
    value = st.session_state.get(picker_key(level))
    if value:
        select_area(value)
    else:
        index = LEVELS.index(level)
        above = st.session_state.get(picker_key(LEVELS[index - 1])) if index else None
        select_area(above or None)


#: set by the search's callback: the area changed, so the whole page (not only the search) reruns
SEARCH_PICKED = "_area_searched"


def _on_search() -> None:
    """A search result was chosen: it becomes the area (the selects below follow it)."""
    code = st.session_state.get("pick_search")
    if code:
        select_area(code)
        st.session_state["pick_search_text"] = ""
        st.session_state[SEARCH_PICKED] = True


def area_search(where) -> None:
    """Find any area with data by part of its name or code (the 7,400 tambons and 80,000 villages
    of a national year do not fit in drop-downs)."""
    with where:
        _search_box()


@st.fragment
def _search_box() -> None:
    """The search box and its results, rerun on their own while typing (a fragment: not the whole
    page with its charts); choosing a result reruns everything for the new area."""
    if st.session_state.pop(SEARCH_PICKED, False):
        st.rerun()
    try:
        register, language = data_access.register(), lang()
    except StoreError:  # a damaged workspace: the page itself says what is damaged and how to repair it
        return
    text = st.text_input(
        t("picker.search"), key="pick_search_text", placeholder=t("picker.search_placeholder"), max_chars=60
    )
    if not text or not text.strip():
        return
    # one more than shown, to know whether the list is cut
    found = register.search(text, limit=SEARCH_LIMIT + 1, codes=data_access.areas_with_data())
    if not found:
        st.caption(t("picker.search_none"))
        return
    more = len(found) > SEARCH_LIMIT
    found = found[:SEARCH_LIMIT]
    names = register.display_names(found, language, above_tambon=True)
    st.selectbox(
        t("picker.search_results_more", n=SEARCH_LIMIT) if more else t("picker.search_results", n=len(found)),
        ["", *found],
        key="pick_search",
        on_change=_on_search,
        format_func=lambda code: t("picker.search_choose") if code == "" else f"{names[code]} ({code})",
    )


def area_picker(where=None) -> str | None:
    """A search box, then province → amphoe → tambon → village selects (in ``where``, the sidebar
    by default); returns the picked area.

    The picked area (AREA_KEY) is the one truth: the selects are set from it on every run, and
    write to it when changed. Only areas with data are offered; a level with a single option is
    picked automatically.
    """
    where = where or st.sidebar
    first_visit = _init_from_query()
    language = lang()
    where.subheader(t("picker.heading"))
    area_search(where)
    picked = st.session_state.get(AREA_KEY)
    parent: str | None = None
    chosen: str | None = None
    for level, length in LEVEL_LENGTHS:
        options = data_access.child_areas(parent, level)
        if not options:
            break
        choices = options if level == "province" else ["", *options]
        value = picked[:length] if picked and len(picked) >= length else ""
        if value not in choices:
            value = ""
        if not value and (level == "province" or ((picked is None or first_visit) and len(options) == 1)):
            value = options[0]  # a first visit goes straight to the only amphoe (or tambon) there is
        key = picker_key(level)
        st.session_state[key] = value
        labels = data_access.picker_labels(parent, level, language)
        where.selectbox(
            t(f"picker.{level}"),
            choices,
            key=key,
            on_change=_on_pick,
            args=(level,),
            format_func=lambda code, lg=language, labels=labels: (
                translate("picker.all", lg) if code == "" else labels[code]
            ),
        )
        if not value:
            break
        chosen = parent = value
    select_area(chosen)
    if chosen:
        st.query_params["area"] = chosen
    return chosen


def demo_badge() -> None:
    if data_access.is_demo():
        # a trainee in their practice workspace is told so on every page (dashboard/practice_ui.py)
        label = t("practice.badge") if state.practice_root() is not None else t("app.demo_badge")
        st.markdown(f"<div class='demo-badge'>⚠️ {label}</div>", unsafe_allow_html=True)


def download(
    container, label: str, data, file_name: str, mime: str, key: str, stretch: bool = True, help: str | None = None
) -> None:
    """A download button whose file is built only when clicked when ``data`` is a callable
    (an export is not rebuilt on every rerun of the page)."""
    container.download_button(
        label, data, file_name, mime, key=key, on_click="ignore", width="stretch" if stretch else "content", help=help
    )


def download_buttons(
    frame: pd.DataFrame | Callable[[], pd.DataFrame],
    basename: str,
    sheet: str,
    notes: list[str] | None = None,
    key: str = "download",
) -> None:
    """CSV and XLSX downloads of ``frame`` side by side (a callable is built only when clicked)."""
    if data_access.is_demo():
        notes = [t("app.demo_note"), *(notes or [])]
        basename = f"{basename}_demo"
    language = lang()  # a deferred builder runs outside the page's session
    left, right = st.columns(2)
    csv_name, xlsx_name = f"{basename}.csv", f"{basename}.xlsx"
    download(
        left,
        t("download.csv"),
        lambda: to_csv_bytes(_built(frame, csv_name, language)),
        csv_name,
        "text/csv",
        f"{key}_csv",
    )
    download(
        right,
        t("download.xlsx"),
        lambda: to_xlsx_bytes(_built(frame, xlsx_name, language), sheet, notes),
        xlsx_name,
        XLSX_MIME,
        f"{key}_xlsx",
    )


def _built(frame: pd.DataFrame | Callable[[], pd.DataFrame], file_name: str, language: str) -> pd.DataFrame:
    """The table to save; when it cannot be built, a one-cell table saying so in the user's language.
    Why: a deferred download runs outside the page, where a failure would reach only the server
    log and the browser would save nothing, without a word."""
    if not callable(frame):
        return frame
    try:
        return frame()
    except Exception:
        LOG.exception("download %s could not be made", file_name)
        reason = translate("docs.failed_unknown", language)
        message = translate("docs.failed", language, name=file_name, reason=reason)
        return pd.DataFrame({translate("download.failed_column", language): [message]})


def number_formats(columns) -> dict:
    """Column configs for the labelled columns present: counts with thousands, percentages with one decimal."""
    config = {}
    present = set(columns)
    from dashboard.table_view import COUNTS, PERCENTS

    for key in COUNTS:
        if (label := t(f"col.{key}")) in present:
            config[label] = st.column_config.NumberColumn(format="localized")
    for key in (p for p in PERCENTS if p != "target"):
        if (label := t(f"col.{key}")) in present:
            config[label] = st.column_config.NumberColumn(format="%.1f")
    for key in ("gap_to_target", "change_pp"):
        if (label := t(f"col.{key}")) in present:
            config[label] = st.column_config.NumberColumn(format="%.1f")
    if (label := t("col.drivers")) in present:
        config[label] = st.column_config.TextColumn(width="large")
    return config


def money_formats(frame) -> dict:
    """Every numeric column with thousands separators (budget tables); a wide first column."""
    import pandas as pd

    config = {
        c: st.column_config.NumberColumn(format="localized")
        for c in frame.columns
        if pd.api.types.is_numeric_dtype(frame[c])
    }
    config["_index"] = st.column_config.TextColumn(width="medium")
    return config
