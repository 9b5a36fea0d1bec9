"""The session cookie's logic (analysis/auth/cookies.py, dashboard/session_routes.py) on SQLite and
PostgreSQL: the one-time hand-off code, the cookie as a second secret of the same session, what
ends it, the cookie's attributes and the cross-site checks of the two routes."""

import hashlib
from datetime import timedelta

import pytest
import sqlalchemy
from starlette.requests import Request

from analysis.auth.accounts import AccountStore
from analysis.auth.cookies import (
    COOKIE_NAME,
    HANDOFF_SECONDS,
    BrowserSessions,
    clear_cookie_header,
    cookie_path,
    route_path,
    same_origin,
    set_cookie_header,
    wants_secure,
)
from analysis.auth.login import Authenticator
from tests.auth_helpers import cheap_hashing  # noqa: F401  (autouse)
from tests.test_auth_accounts import Clock

PASSWORD = "a-long-password-1"
OURS = {"x-cia-session": "code", "host": "office.example", "origin": "https://office.example"}


@pytest.fixture
def signed_in(db_url):
    """(browser sessions, authenticator, page token, clock) for planner1 signed in at 09:00."""
    accounts = AccountStore(db_url)
    accounts.add(None, "admin", PASSWORD, "admin")
    admin = Authenticator(db_url).authenticate("admin", PASSWORD)
    accounts.add(admin, "planner1", PASSWORD, "planner", ["990101"])
    clock = Clock()
    authenticator = Authenticator(db_url, clock)
    token, _ = authenticator.sign_in("planner1", PASSWORD)
    return BrowserSessions(db_url, clock), authenticator, token, clock


def stored(url: str, column: str) -> list:
    engine = sqlalchemy.create_engine(url)
    with engine.connect() as connection:
        values = connection.execute(sqlalchemy.text(f"SELECT {column} FROM auth_sessions ORDER BY id")).scalars()
        result = list(values)
    engine.dispose()
    return result


def test_the_code_is_traded_once_for_a_cookie_that_resumes_the_same_session(signed_in, db_url):
    browser, authenticator, token, _ = signed_in
    code = browser.offer(token)
    assert browser.waiting(token)
    cookie = browser.redeem(code)
    assert cookie and cookie not in (token, code) and len(cookie) >= 43  # 32 random bytes
    assert not browser.waiting(token)
    assert browser.redeem(code) is None  # used once
    assert authenticator.resume(cookie).name == "planner1"
    assert authenticator.resume(token).name == "planner1"  # the page's token still works
    # one session, and only hashes are stored: never the token, the cookie or the code
    assert stored(db_url, "cookie_hash") == [hashlib.sha256(cookie.encode()).hexdigest()]
    assert stored(db_url, "token_hash") == [hashlib.sha256(token.encode()).hexdigest()]
    assert stored(db_url, "handoff_hash") == [None]


def test_sign_out_with_either_secret_ends_both(signed_in):
    browser, authenticator, token, _ = signed_in
    cookie = browser.redeem(browser.offer(token))
    authenticator.end_session(cookie)  # signed out in a tab that came from the cookie
    assert authenticator.resume(token) is None and authenticator.resume(cookie) is None
    assert browser.dead(cookie)


def test_a_code_expires_and_a_new_offer_replaces_the_old_code(signed_in):
    browser, _, token, clock = signed_in
    first = browser.offer(token)
    second = browser.offer(token)
    assert browser.redeem(first) is None  # replaced
    clock.advance(seconds=HANDOFF_SECONDS + 1)
    assert not browser.waiting(token)
    assert browser.redeem(second) is None  # too late


def test_values_the_server_did_not_issue_are_refused(signed_in, db_url):
    browser, authenticator, token, _ = signed_in
    browser.redeem(browser.offer(token))
    cookie_digest = stored(db_url, "cookie_hash")[0]
    for forged in ("", "made-up-value", cookie_digest, hashlib.sha256(token.encode()).hexdigest()):
        assert authenticator.resume(forged) is None  # a stored hash is not a secret
        assert browser.redeem(forged) is None
        assert browser.dead(forged)


def test_expiry_idle_time_and_a_disabled_account_end_the_cookie(signed_in, db_url):
    browser, authenticator, token, clock = signed_in
    cookie = browser.redeem(browser.offer(token))
    clock.advance(minutes=59)
    assert authenticator.resume(cookie) is not None  # used: the idle time starts again
    clock.advance(minutes=59)
    assert authenticator.resume(cookie) is not None
    clock.advance(minutes=61)
    assert authenticator.resume(cookie) is None  # idle for more than 60 minutes
    assert stored(db_url, "id") == []  # the ended session is removed

    token = authenticator.sign_in("planner1", PASSWORD)[0]
    cookie = browser.redeem(browser.offer(token))
    assert authenticator.resume(cookie) is not None
    admin = Authenticator(db_url).authenticate("admin", PASSWORD)
    AccountStore(db_url).set_active(admin, "planner1", False)
    assert authenticator.resume(cookie) is None


def test_a_session_lives_eight_hours_at_most_even_when_used(signed_in):
    browser, authenticator, token, clock = signed_in
    cookie = browser.redeem(browser.offer(token))
    for _ in range(15):  # used every 30 minutes: 7.5 hours
        clock.advance(minutes=30)
        assert authenticator.resume(cookie) is not None
    clock.advance(minutes=30)
    assert authenticator.resume(cookie) is None


def test_no_code_for_a_session_that_has_ended(signed_in):
    browser, authenticator, token, _ = signed_in
    code = browser.offer(token)
    authenticator.end_session(token)
    assert browser.offer(token) is None
    assert browser.redeem(code) is None


def test_each_sign_in_makes_new_secrets(signed_in):
    browser, authenticator, token, _ = signed_in
    cookie = browser.redeem(browser.offer(token))
    again, _ = authenticator.sign_in("planner1", PASSWORD)
    new_cookie = browser.redeem(browser.offer(again))
    assert len({token, again, cookie, new_cookie}) == 4


def test_cookie_attributes():
    assert set_cookie_header("v", "/", secure=False) == "cia_session=v; Path=/; HttpOnly; SameSite=Strict"
    assert set_cookie_header("v", "/cia", secure=True) == "cia_session=v; Path=/cia; HttpOnly; SameSite=Strict; Secure"
    assert clear_cookie_header("/", secure=False) == 'cia_session=""; Path=/; Max-Age=0; HttpOnly; SameSite=Strict'
    assert COOKIE_NAME == "cia_session"
    assert (cookie_path(""), cookie_path("/cia/"), route_path(None, "_cia/session")) == ("/", "/cia", "/_cia/session")
    assert route_path("cia", "_cia/session") == "/cia/_cia/session"


@pytest.mark.parametrize(
    ("setting", "scheme", "forwarded", "secure"),
    [
        ("auto", "http", None, False),
        ("auto", "https", None, True),
        ("auto", "http", "https", True),  # HTTPS ends at the office's proxy
        ("auto", "http", "https, http", True),  # the first proxy's word counts
        ("auto", "http", "http", False),
        ("always", "http", None, True),
        ("never", "https", "https", False),
    ],
)
def test_secure_follows_the_setting_and_the_proxy(setting, scheme, forwarded, secure):
    assert wants_secure(setting, scheme, forwarded) is secure


@pytest.mark.parametrize(
    ("headers", "allowed"),
    [
        (OURS, True),
        ({**OURS, "sec-fetch-site": "same-origin"}, True),
        ({"x-cia-session": "code", "host": "office.example"}, True),  # no Origin: the header suffices
        ({k: v for k, v in OURS.items() if k != "x-cia-session"}, False),  # a plain form post
        ({**OURS, "sec-fetch-site": "cross-site"}, False),
        ({**OURS, "sec-fetch-site": "same-site"}, False),  # another origin of the same site
        ({**OURS, "origin": "https://evil.example"}, False),
        ({**OURS, "origin": "null"}, False),
        ({**OURS, "host": "127.0.0.1:8501", "x-forwarded-host": "office.example"}, True),  # behind nginx
    ],
)
def test_only_the_apps_own_page_may_call_the_routes(headers, allowed):
    assert same_origin(headers) is allowed


def request(method: str, headers: dict[str, str], cookie: str | None = None) -> Request:
    raw = [(k.encode(), v.encode()) for k, v in headers.items()]
    if cookie is not None:
        raw.append((b"cookie", f"{COOKIE_NAME}={cookie}".encode()))
    scope = {"type": "http", "method": method, "scheme": "http", "path": "/_cia/session", "headers": raw}
    scope.update(server=("127.0.0.1", 8501), query_string=b"", root_path="")
    return Request(scope)


@pytest.fixture
def routes_on(signed_in, db_url, monkeypatch):
    """(the routes module on this database, browser sessions, authenticator, page token): the
    routes read the real clock, so the session here is made on it too."""
    from dashboard import session_routes

    monkeypatch.setattr(session_routes, "_plans_url", lambda: db_url)
    monkeypatch.setattr(session_routes, "_base", lambda: "")
    authenticator = Authenticator(db_url)
    token, _ = authenticator.sign_in("planner1", PASSWORD)
    return session_routes, BrowserSessions(db_url), authenticator, token


def set_cookies(response) -> list[str]:
    return [v.decode() for k, v in response.raw_headers if k == b"set-cookie"]


def test_the_handoff_route_sets_the_cookie_once_and_refuses_cross_site(routes_on):
    routes_on, browser, authenticator, token = routes_on
    code = browser.offer(token)
    foreign = routes_on.handoff(request("POST", {**OURS, "x-cia-session": code, "sec-fetch-site": "cross-site"}))
    assert foreign.status_code == 403 and set_cookies(foreign) == []
    response = routes_on.handoff(request("POST", {**OURS, "x-cia-session": code, "sec-fetch-site": "same-origin"}))
    assert response.status_code == 204 and response.headers["cache-control"] == "no-store"
    [header] = set_cookies(response)
    value = header.split(";")[0].removeprefix("cia_session=")
    assert header == f"cia_session={value}; Path=/; HttpOnly; SameSite=Strict"
    assert authenticator.resume(value).name == "planner1"
    again = routes_on.handoff(request("POST", {**OURS, "x-cia-session": code}))
    assert again.status_code == 403 and set_cookies(again) == []


def test_behind_an_https_proxy_the_cookie_is_secure(routes_on):
    routes_on, browser, _, token = routes_on
    headers = {**OURS, "x-cia-session": browser.offer(token), "x-forwarded-proto": "https"}
    [header] = set_cookies(routes_on.handoff(request("POST", headers)))
    assert header.endswith("; HttpOnly; SameSite=Strict; Secure")


def test_the_forget_route_deletes_only_a_dead_cookie(routes_on):
    routes_on, browser, authenticator, token = routes_on
    cookie = browser.redeem(browser.offer(token))
    live = routes_on.forget(request("POST", OURS, cookie))
    assert live.status_code == 409 and set_cookies(live) == []
    assert authenticator.resume(cookie) is not None  # a cross-site or stray call never signs anyone out
    assert routes_on.forget(request("POST", {"host": "office.example"}, "whatever")).status_code == 403
    for dead in ("never-issued", None):
        response = routes_on.forget(request("POST", OURS, dead))
        assert response.status_code == 204
        assert set_cookies(response) == ['cia_session=""; Path=/; Max-Age=0; HttpOnly; SameSite=Strict']
    authenticator.end_session(token)
    assert routes_on.forget(request("POST", OURS, cookie)).status_code == 204


def test_routes_answer_post_only_under_the_base_path():
    from dashboard.session_routes import routes

    found = {(route.path, tuple(sorted(route.methods))) for route in routes("cia")}
    assert found == {("/cia/_cia/session", ("POST",)), ("/cia/_cia/session/forget", ("POST",))}


def test_idle_window_is_read_from_settings():
    # the numbers the tests above rely on (data/settings.toml [security])
    from analysis.auth.passwords import security_settings

    values = security_settings()
    assert (values["session_hours"], values["idle_minutes"], values["cookie_secure"]) == (8, 60, "auto")
    assert timedelta(seconds=HANDOFF_SECONDS) == timedelta(minutes=2)
