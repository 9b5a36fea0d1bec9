"""ตารางจัดลำดับความสำคัญของปัญหา — score the candidate problems, save the agreed order, reopen it."""

import streamlit as st

from dashboard import data_access, matrix_form, matrix_view, plan_common
from dashboard.i18n import t
from dashboard.state import lang, selected_area

st.title(t("matrix.page_title"))
area = selected_area()
if area is None:
    st.info(t("app.no_data"))
    st.stop()
area_name = data_access.register().display_name(area, lang())
st.caption(area_name)
plan_common.warn_outside_grant(area)
form = matrix_form.open_matrix(area, area_name)
if form is None or not form.base.items:
    st.stop()
result = matrix_view.render(form)
if result is not None:
    matrix_view.downloads_and_links(form, result)
