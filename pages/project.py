"""โครงการ (Logic Model) — a project form pre-filled from a ranked problem; save, revise, delete."""

import streamlit as st

from dashboard import plan_common, project_form, project_view
from dashboard.i18n import t
from dashboard.state import selected_area

st.title(t("project.title"))
area = selected_area()
if area is None:
    st.info(t("app.no_data"))
    st.stop()
plan_common.warn_outside_grant(area)
form = project_form.open_project(area)
if form is not None:
    project_view.render(form)
