"""The Users page's parts: the accounts table, add an account, change one (role, areas, name,
disable or enable, new password), and the role table. Every change goes through AccountStore, which
checks manage_accounts on the server side."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from analysis.auth.accounts import AccountError, AccountRecord, AccountStore
from analysis.auth.roles import PermissionDenied, actions, role_actions, role_label, role_table, roles

from dashboard import data_access
from dashboard.i18n import t
from dashboard.state import lang, real_actor

DONE_KEY = "users_done"


def store() -> AccountStore:
    return AccountStore(data_access.real_plans_url())


def _apply(change, done: str) -> None:
    """Run an account change; show the refusal in the user's language, or remember the success."""
    try:
        change()
    except (AccountError, PermissionDenied) as error:
        st.error(error.message(lang()))
    else:
        st.session_state[DONE_KEY] = done
        st.rerun()


def show_done() -> None:
    if done := st.session_state.pop(DONE_KEY, None):
        st.success(done)


def accounts_table(accounts: list[AccountRecord]) -> None:
    language = lang()
    frame = pd.DataFrame(
        {
            t("users.username"): [a.username for a in accounts],
            t("users.display_name"): [a.display_name for a in accounts],
            t("users.role"): [role_label(a.role, language) for a in accounts],
            t("users.areas"): [", ".join(a.areas) for a in accounts],
            t("users.active"): [a.active for a in accounts],
            t("users.created"): [a.created_at.strftime("%Y-%m-%d") for a in accounts],
        }
    )
    st.dataframe(frame, hide_index=True, key="users_table")


def _passwords(prefix: str) -> tuple[str, str]:
    first = st.text_input(t("users.password"), type="password", key=f"{prefix}_password")
    second = st.text_input(t("users.password_again"), type="password", key=f"{prefix}_password_again")
    return first, second


def add_form() -> None:
    language = lang()
    with st.form("user_add", clear_on_submit=False):
        st.subheader(t("users.add"))
        cols = st.columns(2)
        username = cols[0].text_input(t("users.username"), key="user_new_username")
        name = cols[1].text_input(t("users.display_name"), key="user_new_name")
        role = cols[0].selectbox(
            t("users.role"), roles(), key="user_new_role", format_func=lambda r: role_label(r, language)
        )
        areas = cols[1].text_input(t("users.areas"), key="user_new_areas", placeholder="990101, 9902")
        email = st.text_input(t("users.email"), key="user_new_email")
        password, again = _passwords("user_new")
        submitted = st.form_submit_button(t("users.add"), type="primary")
    if submitted:
        if password != again:
            st.error(t("auth.err.password_mismatch"))
            return
        change = lambda: store().add(real_actor(), username, password or None, role, areas, name, email or None)  # noqa: E731
        _apply(change, t("users.added", user=username.strip().lower()))


def edit_account(accounts: list[AccountRecord]) -> None:
    if not accounts:
        return
    language = lang()
    names = [a.username for a in accounts]
    chosen = st.selectbox(t("users.choose"), names, key="user_chosen")
    account = accounts[names.index(chosen)]
    with st.form(f"user_edit_{account.username}"):
        cols = st.columns(2)
        role = cols[0].selectbox(
            t("users.role"),
            roles(),
            index=roles().index(account.role) if account.role in roles() else 0,
            key=f"user_role_{account.username}",
            format_func=lambda r: role_label(r, language),
        )
        areas = cols[1].text_input(t("users.areas"), ", ".join(account.areas), key=f"user_areas_{account.username}")
        name = st.text_input(t("users.display_name"), account.display_name, key=f"user_name_{account.username}")
        saved = st.form_submit_button(t("users.save"), type="primary")
    if saved:
        change = lambda: store().grant(real_actor(), account.username, role, areas, name)  # noqa: E731
        _apply(change, t("users.saved", user=account.username))
    label, done = (
        (t("users.disable"), t("users.disabled", user=account.username))
        if account.active
        else (t("users.enable"), t("users.enabled", user=account.username))
    )
    if st.button(label, key=f"user_toggle_{account.username}"):
        _apply(lambda: store().set_active(real_actor(), account.username, not account.active), done)
    with st.form(f"user_reset_{account.username}", clear_on_submit=True):
        st.caption(t("users.reset"))
        password, again = _passwords(f"user_reset_{account.username}")
        reset = st.form_submit_button(t("users.reset"))
    if reset:
        if password != again:
            st.error(t("auth.err.password_mismatch"))
            return
        change = lambda: store().set_password(real_actor(), account.username, password)  # noqa: E731
        _apply(change, t("users.reset_done", user=account.username))


def role_matrix(language: str) -> pd.DataFrame:
    """One row per action, one column per role: ✓ where the role may do it (data/roles.toml)."""
    table = role_table()["actions"]
    rows = []
    for action in actions():
        row = {t("users.action"): table[action][language]}
        for role in roles():
            row[role_label(role, language)] = "✓" if action in role_actions(role) else ""
        rows.append(row)
    return pd.DataFrame(rows)


def role_table_view() -> None:
    st.subheader(t("users.roles"))
    st.dataframe(role_matrix(lang()), hide_index=True, key="users_roles")
