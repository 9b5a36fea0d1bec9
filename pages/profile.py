"""ข้อมูลทั่วไปของตำบล — part 1 of the contest summary: the tambon's history, people, working group
and photos, saved with versions and an audit log like projects."""

import streamlit as st

from analysis.codes import TAMBON_LENGTH
from dashboard import data_access, plan_common, profile_ui
from dashboard.i18n import t
from dashboard.state import lang, selected_area

area = selected_area()
if area is None:
    st.title(t("nav.profile"))
    st.info(t("app.no_data"))
    st.stop()
language = lang()
st.title(f"{t('nav.profile')}: {data_access.register().display_name(area, language)}")
if len(area) != TAMBON_LENGTH:  # above or below a tambon
    st.info(t("profile.pick_tambon"))
plan_common.warn_outside_grant(area)
store = data_access.contest_store()
if "profile_saved_message" in st.session_state:
    st.success(t("profile.saved", version=st.session_state.pop("profile_saved_message")))
record = profile_ui.opened_record(store, area)
if record.is_demo:
    st.warning(t("app.demo_note"))
if record.updated_by:
    st.caption(t("profile.saved_by", who=record.updated_by, version=record.version))

villages = profile_ui.village_names(area)
years = data_access.years(area)
overview = data_access.overview(area, years[-1]) if years else None
edited = profile_ui.profile_form(
    record, villages, overview.households if overview else None, overview.people if overview else None
)
profile_ui.coverage(edited or record, villages)
if edited is not None:
    st.session_state["profile_saved_message"] = (record.version or 0) + 1
    profile_ui.save(store, edited)
    st.session_state.pop("profile_saved_message", None)
if record.id:
    with st.expander(t("project.history")):
        from dashboard.plan_common import audit_table

        st.dataframe(audit_table(store.audit_log("profile", record.id)), hide_index=True, key="profile_audit")
