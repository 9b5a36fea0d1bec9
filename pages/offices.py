"""ทะเบียนและรายงานของสำนักงาน — the province's contest target register, the role-model amphoe
score sheet and the monthly reports offices owe (issue 24 part 4)."""

import streamlit as st

from dashboard import offices_tabs, offices_ui
from dashboard.i18n import t
from dashboard.state import lang, selected_area

area = selected_area()
st.title(t("nav.offices"))
if area is None:
    st.info(t("offices.pick_area"))
    st.stop()
province = offices_ui.province_of(area)
st.caption(t("offices.province_of", province=offices_ui.names(province, lang())))
register, scores, monthly = st.tabs([t("offices.tab_register"), t("offices.tab_scores"), t("offices.tab_monthly")])
with register:
    offices_ui.register_tab(province)
with scores:
    offices_tabs.scores_tab(province)
with monthly:
    offices_tabs.monthly_tab(area)
