"""Sign-in that survives a reload, in Debian's Chromium against the real server (dashboard/serve.py):
the HttpOnly cookie, a second tab, sign-out in one tab ending the other, expiry, a disabled
account, a cookie the server never issued, a deep link and the planner's own area, and a page of
another site that tries to trade a code or reach the session."""

import shutil
import time
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy
from playwright.sync_api import expect, sync_playwright

from analysis.auth.accounts import AccountStore
from analysis.auth.cookies import BrowserSessions
from analysis.auth.login import Authenticator
from analysis.plans.service import store_for
from tests.browser import CHROMIUM, CHROMIUM_ARGS, running_app

pytestmark = pytest.mark.browser
PASSWORD = "a-long-password-1"
SIGN_IN = "เข้าสู่ระบบ"
NONG_BUA = "ภาพรวมพื้นที่: ตำบลหนองบัว"  # the overview of planner tambon 990101
EXPIRED = "หมดเวลาการเข้าสู่ระบบ — เข้าสู่ระบบอีกครั้ง"
USERS = ("planner1", "planner2", "planner3", "planner4", "planner5")


@pytest.fixture(scope="module")
def server(demo_path, tmp_path_factory):
    """(url, plans database url): the demo on a shared server with five planners of ตำบลหนองบัว."""
    root = tmp_path_factory.mktemp("sessions") / "workspace"
    shutil.copytree(demo_path, root)
    accounts = AccountStore(store_for(root).url)
    accounts.add(None, "admin", PASSWORD, "admin")
    admin = Authenticator(accounts.url).authenticate("admin", PASSWORD)
    for name in USERS:
        accounts.add(admin, name, PASSWORD, "planner", ["990101"])
    with running_app(root) as url:
        yield url, accounts.url


@pytest.fixture
def browser():
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def new_context(browser):
    return browser.new_context(viewport={"width": 1400, "height": 1000}, locale="th-TH")


def heading(page, name: str):
    return page.get_by_role("heading", name=name, exact=True)


def sign_in(page, user: str) -> None:
    expect(heading(page, SIGN_IN)).to_be_visible(timeout=60000)
    page.get_by_label("ชื่อบัญชี").fill(user)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name=SIGN_IN).click()
    expect(page.get_by_text(f"เข้าสู่ระบบเป็น {user} (ผู้วางแผน)")).to_be_visible(timeout=60000)


def session_cookie(context, timeout: float = 20) -> dict:
    """The browser's cookie once the page has traded its one-time code for it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [c for c in context.cookies() if c["name"] == "cia_session"]
        if found:
            return found[0]
        time.sleep(0.2)
    raise AssertionError("the browser never got the session cookie")


def cookie_gone(context, timeout: float = 20) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not [c for c in context.cookies() if c["name"] == "cia_session"]:
            return True
        time.sleep(0.2)
    return False


def rerun(page) -> None:
    """Make the tab run its script again (as any click does): switch the language to English."""
    page.get_by_text("English", exact=True).click()


def test_reload_and_a_second_tab_stay_signed_in_until_sign_out_in_one_ends_both(server, browser):
    url, plans = server
    context = new_context(browser)
    page = context.new_page()
    page.goto(f"{url}/rank?area=990102")  # a deep link to another tambon's ranking
    sign_in(page, "planner1")
    expect(heading(page, "จัดลำดับปัญหา: ตำบลโนนสูง")).to_be_visible(timeout=60000)  # the link survived
    assert page.url == f"{url}/rank?area=990102"
    cookie = session_cookie(context)
    assert (cookie["httpOnly"], cookie["sameSite"], cookie["secure"], cookie["path"]) == (True, "Strict", False, "/")
    assert cookie["expires"] == -1  # ends with the browser (the server ends it after 8 h or 60 min idle)
    assert page.evaluate("document.cookie").find("cia_session") == -1  # JavaScript cannot read it
    assert Authenticator(plans).resume(cookie["value"]).name == "planner1"

    page.reload()
    expect(heading(page, "จัดลำดับปัญหา: ตำบลโนนสูง")).to_be_visible(timeout=60000)
    expect(heading(page, SIGN_IN)).to_have_count(0)

    second = context.new_page()
    second.goto(url)
    expect(heading(second, NONG_BUA)).to_be_visible(timeout=60000)  # signed in, on the planner's tambon
    expect(second.get_by_text("เข้าสู่ระบบเป็น planner1 (ผู้วางแผน)")).to_be_visible()

    page.get_by_role("button", name="ออกจากระบบ").click()
    expect(heading(page, SIGN_IN)).to_be_visible(timeout=60000)
    expect(page.get_by_text(EXPIRED)).to_have_count(0)  # signing out is no surprise
    assert cookie_gone(context)
    assert Authenticator(plans).resume(cookie["value"]) is None

    rerun(second)  # the other tab's next run
    expect(heading(second, "Sign in")).to_be_visible(timeout=60000)
    second.reload()  # a reload keeps the language chosen (?lang=en in the address), still signed out
    expect(heading(second, "Sign in")).to_be_visible(timeout=60000)
    context.close()


def test_an_expired_session_asks_to_sign_in_again(server, browser):
    url, plans = server
    context = new_context(browser)
    page = context.new_page()
    page.goto(url)
    sign_in(page, "planner2")
    session_cookie(context)
    engine = sqlalchemy.create_engine(plans)
    with engine.begin() as connection:  # eight hours later
        connection.execute(
            sqlalchemy.text("UPDATE auth_sessions SET expires_at = :past"), {"past": datetime.now(UTC) - timedelta(1)}
        )
    engine.dispose()
    page.reload()
    expect(heading(page, SIGN_IN)).to_be_visible(timeout=60000)
    expect(page.get_by_text(EXPIRED)).to_be_visible()
    assert cookie_gone(context)  # the dead cookie is deleted from the browser
    sign_in(page, "planner2")  # and signing in again works
    expect(heading(page, NONG_BUA)).to_be_visible(timeout=60000)
    context.close()


def test_a_disabled_account_is_out_at_its_next_run(server, browser):
    url, plans = server
    context = new_context(browser)
    page = context.new_page()
    page.goto(url)
    sign_in(page, "planner3")
    expect(heading(page, NONG_BUA)).to_be_visible(timeout=60000)  # the planner starts on their own tambon
    session_cookie(context)
    admin = Authenticator(plans).authenticate("admin", PASSWORD)
    AccountStore(plans).set_active(admin, "planner3", False)
    rerun(page)
    expect(heading(page, "Sign in")).to_be_visible(timeout=60000)
    page.reload()  # a reload keeps the language chosen (?lang=en in the address), still signed out
    expect(heading(page, "Sign in")).to_be_visible(timeout=60000)
    context.close()


def test_a_cookie_the_server_did_not_issue_is_refused_and_replaced_at_sign_in(server, browser):
    url, plans = server
    context = new_context(browser)
    planted = "planted-by-someone-else-0123456789abcdefghijklmnop"
    context.add_cookies([{"name": "cia_session", "value": planted, "url": url, "httpOnly": True}])
    page = context.new_page()
    page.goto(url)
    expect(heading(page, SIGN_IN)).to_be_visible(timeout=60000)
    assert cookie_gone(context)
    context.add_cookies([{"name": "cia_session", "value": planted, "url": url, "httpOnly": True}])
    sign_in(page, "planner4")
    deadline = time.monotonic() + 20
    while session_cookie(context)["value"] == planted and time.monotonic() < deadline:
        time.sleep(0.2)
    issued = session_cookie(context)["value"]
    assert issued != planted  # a new secret made by the server at sign-in: no fixation
    assert Authenticator(plans).resume(planted) is None
    assert Authenticator(plans).resume(issued).name == "planner4"
    context.close()


def test_a_page_of_another_site_can_neither_trade_a_code_nor_ride_the_session(server, browser):
    url, plans = server
    token, _ = Authenticator(plans).sign_in("planner5", PASSWORD)
    code = BrowserSessions(plans).offer(token)
    other_site = url.replace("127.0.0.1", "localhost")  # another site to the browser
    context = new_context(browser)
    page = context.new_page()
    page.goto(f"{other_site}/_stcore/health")
    outcome = page.evaluate(
        """async ([target, code]) => {
            try {
                const response = await fetch(target, {method: "POST", credentials: "include",
                                                       headers: {"X-CIA-Session": code}});
                return "answered " + response.status;
            } catch (error) { return "blocked"; }
        }""",
        [f"{url}/_cia/session", code],
    )
    assert outcome == "blocked"  # the custom header needs a CORS preflight the server never grants
    with page.expect_response(lambda r: r.url.endswith("/_cia/session")) as posted:  # a plain form post
        page.evaluate(
            """(target) => { const form = document.createElement("form");
                form.method = "POST"; form.action = target; document.body.append(form); form.submit(); }""",
            f"{url}/_cia/session",
        )
    assert posted.value.status == 403
    assert not [c for c in context.cookies() if c["name"] == "cia_session"]
    cookie = BrowserSessions(plans).redeem(code)
    assert cookie is not None  # the code was still unused: the other site's attempts got nothing

    # with the cookie in the browser, the app framed by another site's page is not signed in
    # (SameSite=Strict: the cookie is not sent when the top page belongs to another site) ...
    context.add_cookies([{"name": "cia_session", "value": cookie, "url": url, "httpOnly": True, "sameSite": "Strict"}])
    page = context.new_page()  # the first one is busy showing the refused post's error page
    page.goto(f"{other_site}/_stcore/health")
    page.evaluate("(target) => { document.body.innerHTML = `<iframe src=${target} width=1200 height=800>`; }", url)
    framed = page.frame_locator("iframe")
    expect(framed.get_by_role("heading", name=SIGN_IN, exact=True)).to_be_visible(timeout=60000)
    # ... while the app's own tab is
    own = context.new_page()
    own.goto(url)
    expect(heading(own, NONG_BUA)).to_be_visible(timeout=60000)
    expect(own.get_by_text("เข้าสู่ระบบเป็น planner5 (ผู้วางแผน)")).to_be_visible()
    context.close()
