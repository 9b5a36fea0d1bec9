"""The two HTTP routes that set and delete the session cookie (Streamlit scripts cannot send
headers; see analysis/auth/cookies.py for the design and its reasons). dashboard/serve.py adds
them to Streamlit's own server through ``st.App(routes=...)``.

Handlers are plain functions (Starlette runs them in its thread pool: they use the database).
"""

from __future__ import annotations

from analysis.auth.cookies import (
    COOKIE_NAME,
    FORGET_PATH,
    HANDOFF_PATH,
    REQUEST_HEADER,
    BrowserSessions,
    clear_cookie_header,
    cookie_path,
    route_path,
    same_origin,
    secure_setting,
    set_cookie_header,
    wants_secure,
)
from analysis.config import workspace_path
from analysis.db.engine import database_url
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

NO_STORE = {"Cache-Control": "no-store"}


def _plans_url() -> str:
    return database_url(workspace_path(None))


def _base() -> str:
    from streamlit import config

    return config.get_option("server.baseUrlPath") or ""


def _secure(request: Request) -> bool:
    return wants_secure(secure_setting(), request.url.scheme, request.headers.get("x-forwarded-proto"))


def _refused(status: int = 403) -> Response:
    return Response(status_code=status, headers=NO_STORE)


def handoff(request: Request) -> Response:
    """Trade the signed-in page's one-time code for the HttpOnly session cookie."""
    if not same_origin(request.headers):
        return _refused()
    cookie = BrowserSessions(_plans_url()).redeem(request.headers.get(REQUEST_HEADER))
    if cookie is None:
        return _refused()
    header = set_cookie_header(cookie, cookie_path(_base()), _secure(request))
    return _with_cookie(header)


def forget(request: Request) -> Response:
    """Delete the browser's cookie when it opens no live session any more (after sign-out in
    another tab, expiry, a disabled account, or a value the server never issued)."""
    if not same_origin(request.headers):
        return _refused()
    if not BrowserSessions(_plans_url()).dead(request.cookies.get(COOKIE_NAME)):
        return _refused(409)  # a live session is ended by signing out, not by this route
    return _with_cookie(clear_cookie_header(cookie_path(_base()), _secure(request)))


def _with_cookie(set_cookie: str) -> Response:
    """204 with one Set-Cookie header, written from analysis.auth.cookies (one place for its attributes)."""
    response = Response(status_code=204, headers=NO_STORE)
    response.raw_headers.append((b"set-cookie", set_cookie.encode("latin-1")))
    return response


def routes(base_url_path: str | None = None) -> list[Route]:
    base = _base() if base_url_path is None else base_url_path
    return [
        Route(route_path(base, HANDOFF_PATH), handoff, methods=["POST"]),
        Route(route_path(base, FORGET_PATH), forget, methods=["POST"]),
    ]
