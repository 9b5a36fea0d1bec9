"""The page's side of the session cookie (design: analysis/auth/cookies.py): read it from the
websocket handshake, hand a fresh sign-in over to it, and delete it from the browser when it no
longer opens a session. The two requests are sent by a few lines of the page's own JavaScript,
since only an HTTP response can set or delete an HttpOnly cookie."""

from __future__ import annotations

import json

import streamlit as st
from analysis.auth.cookies import COOKIE_NAME, FORGET_PATH, HANDOFF_PATH, REQUEST_HEADER, BrowserSessions, route_path
from analysis.auth.passwords import token_hash

#: the one-time code of this tab's sign-in, until the browser has traded it for the cookie
HANDOFF_KEY = "auth_handoff"
#: the hash of a cookie this tab found dead and asked the browser to delete (asked once)
FORGOTTEN_KEY = "auth_forgotten_cookie"


def browser_cookie() -> str | None:
    """The session cookie the browser sent when this tab connected (None without one)."""
    try:
        value = st.context.cookies.get(COOKIE_NAME)
    except Exception:  # no browser behind this run (bare mode)
        return None
    return value if isinstance(value, str) and value else None  # AppTest's stand-in client gives mocks


def _post(path: str, header_value: str) -> None:
    """One POST from the page to our own route, with the custom header that proves it is ours."""
    target = json.dumps(route_path(st.get_option("server.baseUrlPath"), path))
    headers = json.dumps({REQUEST_HEADER: header_value})
    script = (
        f"<script>fetch({target}, {{method: 'POST', credentials: 'same-origin', cache: 'no-store', "
        f"headers: {headers}}}).catch(() => {{}});</script>"
    )
    st.sidebar.html(script, unsafe_allow_javascript=True)


def offer(url: str, token: str) -> None:
    """After a sign-in: remember a one-time code for the browser to trade for its cookie."""
    code = BrowserSessions(url).offer(token)
    if code:
        st.session_state[HANDOFF_KEY] = code


def hand_off(url: str, token: str | None) -> None:
    """While this tab's code is unused, ask the browser to trade it (again: a run cut short by a
    rerun drops what it drew, so the request is drawn on every run until the server has it)."""
    code = st.session_state.get(HANDOFF_KEY)
    if not code:
        return
    if not token or not BrowserSessions(url).waiting(token):
        st.session_state.pop(HANDOFF_KEY, None)
        return
    _post(HANDOFF_PATH, code)


def forget(cookie: str) -> bool:
    """Ask the browser to delete a cookie the server refused (the route checks it is dead). True
    the first time this tab sees that cookie."""
    seen = token_hash(cookie)
    if st.session_state.get(FORGOTTEN_KEY) == seen:
        return False
    st.session_state[FORGOTTEN_KEY] = seen
    _post(FORGET_PATH, "1")
    return True
