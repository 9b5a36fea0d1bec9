"""Sign-in on a shared server: the gate before navigation, the account box, sign-out, OIDC through
Streamlit's st.login when the office configured an identity provider, and the upload-limit caption.

"This computer" mode (no accounts) needs no sign-in, but only while the server listens on this
computer alone: a network address without accounts is refused.
"""

from __future__ import annotations

import ipaddress

import streamlit as st
from analysis.auth.accounts import AccountStore
from analysis.auth.guard import shared_mode
from analysis.auth.login import Authenticator, LoginRefused
from analysis.auth.roles import Actor

from dashboard import data_access
from dashboard.i18n import t
from dashboard.state import ACTOR_KEY, TOKEN_KEY, lang

EXPIRED_KEY = "auth_expired"


def is_loopback(address: str | None) -> bool:
    """Whether the server address is this computer only (unset = every interface = no)."""
    if not address:
        return False
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def _sign_out_state() -> None:
    for key in (TOKEN_KEY, ACTOR_KEY):
        st.session_state.pop(key, None)


def gate() -> Actor | None:
    """The signed-in actor on a shared server (the sign-in form and a stop otherwise); None in
    "this computer" mode. Runs before navigation, so no page runs without an account."""
    url = data_access.plan_store().url
    if not shared_mode(url):
        _sign_out_state()
        address = st.get_option("server.address")
        if not is_loopback(address):
            st.error(t("auth.network_refused", address=address or "0.0.0.0"))
            st.stop()
        return None
    if not AccountStore(url).count():  # a shared workspace pointed at a database without its accounts
        st.error(t("safety.mode.no_accounts"))
        st.stop()
    authenticator = Authenticator(url)
    token = st.session_state.get(TOKEN_KEY)
    current = authenticator.resume(token)
    if current is None:
        if token:
            st.session_state[EXPIRED_KEY] = True
        _sign_out_state()
        login_form(authenticator)
        st.stop()
    st.session_state[ACTOR_KEY] = current
    return current


def login_form(authenticator: Authenticator) -> None:
    st.title(t("auth.login.heading"))
    st.caption(t("auth.login.intro"))
    if st.session_state.pop(EXPIRED_KEY, False):
        st.info(t("auth.login.expired"))
    with st.form("login_form", clear_on_submit=True):
        username = st.text_input(t("auth.login.username"), key="login_username")
        password = st.text_input(t("auth.login.password"), type="password", key="login_password")
        submitted = st.form_submit_button(t("auth.login.submit"), type="primary")
    if submitted:
        try:
            token, _ = authenticator.sign_in(username, password)
        except LoginRefused as error:
            st.error(error.message(lang()))
        else:
            st.session_state[TOKEN_KEY] = token
            st.rerun()
    oidc_sign_in(authenticator)


def oidc_configured() -> bool:
    """An identity provider is set in .streamlit/secrets.toml ([auth], see README)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def oidc_sign_in(authenticator: Authenticator) -> None:
    """Sign in through the office's identity provider; the e-mail must belong to an active account."""
    if not oidc_configured():
        return
    user = st.user
    if not user.get("is_logged_in"):
        st.button(t("auth.login.oidc"), on_click=st.login, key="oidc_login")
        return
    verified = user.get("email_verified") is not False  # a provider that says "unverified" is not trusted
    found = authenticator.session_for_email(user.get("email")) if verified else None
    if found is None:
        st.error(t("auth.login.oidc_unknown", email=user.get("email") or "-"))
        st.button(t("auth.logout"), on_click=st.logout, key="oidc_logout")
        return
    st.session_state[TOKEN_KEY] = found[0]
    st.rerun()


def _sign_out() -> None:
    Authenticator(data_access.plan_store().url).end_session(st.session_state.get(TOKEN_KEY))
    _sign_out_state()
    if oidc_configured() and st.user.get("is_logged_in"):
        st.logout()


def account_box(current: Actor) -> None:
    """Who is signed in, their areas, and sign-out (sidebar)."""
    st.sidebar.caption(t("auth.signed_in_as", user=current.label(lang())))
    if current.areas and not current.all_areas:
        names = data_access.register().display_names(list(current.areas), lang())
        st.sidebar.caption(t("auth.areas", areas=", ".join(f"{names[a]} ({a})" for a in current.areas)))
    st.sidebar.button(t("auth.logout"), key="logout", on_click=_sign_out)


def upload_limit_mb() -> int:
    return int(st.get_option("server.maxUploadSize"))


def upload_limit_caption() -> str:
    """ "ขนาดไฟล์ไม่เกิน 200 MB ต่อไฟล์ …" — show it under every file uploader."""
    return t("upload.limit", mb=upload_limit_mb())
