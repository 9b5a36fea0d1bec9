"""Sign-in on a shared server: the gate before navigation, the account box, sign-out, OIDC through
Streamlit's st.login when the office configured an identity provider, and the upload-limit caption.

Every run checks the session against the sessions table: the token this tab signed in with, else
the browser's HttpOnly cookie (a reload, a second tab; dashboard/session_cookie.py). So sign-out
in one tab, expiry or a disabled account ends every tab at its next run.

"This computer" mode (no accounts) needs no sign-in, but only while the server listens on this
computer alone: a network address without accounts is refused.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

import streamlit as st
from analysis.auth.accounts import AccountStore
from analysis.auth.guard import shared_mode
from analysis.auth.login import Authenticator, LoginRefused
from analysis.auth.roles import Actor

from dashboard import data_access, session_cookie
from dashboard.i18n import t
from dashboard.state import ACTOR_KEY, AREA_FROM_LINK_KEY, AREA_KEY, TOKEN_KEY, lang

EXPIRED_KEY = "auth_expired"
#: this tab signed out itself: the dead cookie it still holds is no "session ended" surprise
SIGNED_OUT_KEY = "auth_signed_out"


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
    for key in (TOKEN_KEY, ACTOR_KEY, session_cookie.HANDOFF_KEY):
        st.session_state.pop(key, None)


def gate(keep_page: Callable[[], object] | None = None) -> Actor | None:
    """The signed-in actor on a shared server (the sign-in form and a stop otherwise); None in
    "this computer" mode. Runs before navigation, so no page runs without an account.
    ``keep_page`` registers the pages (hidden, none runs) so that the address asked for — a deep
    link such as /rank?area=… — is still the page shown once signed in."""
    url = data_access.real_plans_url()
    if not shared_mode(url):
        _sign_out_state()
        address = st.get_option("server.address")
        if not is_loopback(address):
            st.error(t("auth.network_refused", address=address or "0.0.0.0"))
            st.stop()
        return None
    authenticator = Authenticator(url)
    token = st.session_state.get(TOKEN_KEY)
    current = authenticator.resume(token)  # a live session implies an account: no count on every run
    if current is None and not AccountStore(url).count():
        # a shared workspace pointed at a database without its accounts
        st.error(t("safety.mode.no_accounts"))
        st.stop()
    if current is None:
        if token:
            st.session_state[EXPIRED_KEY] = True
        _sign_out_state()
        current = _from_cookie(authenticator)
    if current is None:
        if keep_page is not None:
            keep_page()
        login_form(authenticator)
        st.stop()
    st.session_state.pop(SIGNED_OUT_KEY, None)
    st.session_state[ACTOR_KEY] = current
    session_cookie.hand_off(url, st.session_state.get(TOKEN_KEY))
    return current


def _from_cookie(authenticator: Authenticator) -> Actor | None:
    """The actor of the browser's cookie; a cookie the server refuses (ended, expired, disabled
    account, never issued) is deleted from the browser, and the form says the session ended."""
    cookie = session_cookie.browser_cookie()
    if not cookie:
        return None
    current = authenticator.resume(cookie)
    if current is None and session_cookie.forget(cookie) and not st.session_state.get(SIGNED_OUT_KEY):
        st.session_state[EXPIRED_KEY] = True
    return current


def _signed_in(authenticator: Authenticator, token: str) -> None:
    """A new session for this tab: its token stays on the server; the browser gets a one-time code
    to trade for its cookie; the next run starts on the account's own area unless a link says."""
    st.session_state[TOKEN_KEY] = token
    st.session_state.pop(AREA_FROM_LINK_KEY, None)
    session_cookie.offer(authenticator.url, token)
    st.rerun()


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
            _signed_in(authenticator, token)
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
    _signed_in(authenticator, found[0])


def _sign_out() -> None:
    """End the session in the database (every tab holding it is out at its next run); the next
    person to sign in on this tab starts on their own area, not this account's."""
    token = st.session_state.get(TOKEN_KEY) or session_cookie.browser_cookie()
    Authenticator(data_access.real_plans_url()).end_session(token)
    _sign_out_state()
    st.session_state[SIGNED_OUT_KEY] = True
    for key in (AREA_KEY, AREA_FROM_LINK_KEY):
        st.session_state.pop(key, None)
    st.query_params.pop("area", None)
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
