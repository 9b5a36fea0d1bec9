"""บัญชีผู้ใช้ — accounts, roles and areas (administrators; shown in "this computer" mode to create
the first administrator)."""

import streamlit as st

from dashboard.i18n import t
from dashboard.users_ui import accounts_table, add_form, edit_account, role_table_view, show_done, store

st.title(t("users.title"))
st.caption(t("users.intro"))
show_done()
accounts = store().accounts()
if not accounts:
    st.info(t("users.local_mode"))
else:
    accounts_table(accounts)
add_form()
edit_account(accounts)
role_table_view()
