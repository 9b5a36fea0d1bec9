"""ตรวจสอบและรับรองข้อมูล — before the village certification forum: collection progress against the
target register, the data checks, each village's certification status and review sheet, and the
register itself (journey 6)."""

import streamlit as st

from dashboard import certify_ui, checks_ui, collection_ui, data_access, register_ui
from dashboard.i18n import t
from dashboard.state import lang, selected_area

area = selected_area()
if area is None:
    st.title(t("checks.ui.title"))
    st.info(t("app.no_data"))
    st.stop()
st.title(f"{t('checks.ui.title')}: {data_access.register().display_name(area, lang())}")
st.caption(t("checks.ui.intro"))
chosen = checks_ui.year_and_day(area)
if chosen is None:
    st.stop()
year, as_of = chosen
# only the open tab runs: a province's data checks are computed when their tab is opened
progress, checks, certify, register, collection = st.tabs(
    [
        t("checks.ui.tab_progress"),
        t("checks.ui.tab_checks"),
        t("checks.ui.tab_certify"),
        t("checks.ui.tab_register"),
        t("collection.ui.tab"),
    ],
    key="checks_tab",
    on_change="rerun",
)
if progress.open:
    with progress:
        checks_ui.progress_tab(area, year, as_of)
if checks.open:
    with checks:
        checks_ui.checks_tab(area, year, as_of)
if certify.open:
    with certify:
        certify_ui.certification_tab(area, year, as_of)
if register.open:
    with register:
        register_ui.register_tab(area, year, as_of)
if collection.open:
    with collection:
        collection_ui.collection_tab(area, year, as_of)
