"""The real app in Debian's Chromium on a shared server: a planner of one demo tambon signs in and
cannot edit another tambon's project."""

import pytest
from playwright.sync_api import expect, sync_playwright

from analysis.auth.accounts import AccountStore
from analysis.auth.login import Authenticator
from analysis.plans.service import store_for
from tests.browser import CHROMIUM, CHROMIUM_ARGS, nav_items, open_page, pick, running_app, wait_until_idle

pytestmark = pytest.mark.browser
PASSWORD = "a-long-password-1"


@pytest.fixture
def browser_page():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="th-TH")
        yield page
        browser.close()


def test_a_planner_of_one_tambon_cannot_edit_another_tambons_project(demo_workspace, browser_page):
    page = browser_page
    store = store_for(demo_workspace.root)
    accounts = AccountStore(store.url)
    accounts.add(None, "admin", PASSWORD, "admin")
    admin = Authenticator(store.url).authenticate("admin", PASSWORD)
    accounts.add(admin, "planner2", PASSWORD, "planner", ["990102"])  # ตำบลโนนสูง
    target = store.project(1)  # a demo project of ตำบลหนองบัว (990101)
    assert target.area_code == "990101"
    audit_before = len(store.audit_log("project"))
    with running_app(demo_workspace.root) as url:
        page.goto(url)
        expect(page.get_by_role("heading", name="เข้าสู่ระบบ")).to_be_visible(timeout=60000)
        expect(page.get_by_test_id("stTopNavSection")).to_have_count(0)  # no pages before signing in
        page.get_by_label("ชื่อบัญชี").fill("planner2")
        page.get_by_label("รหัสผ่าน").fill(PASSWORD)
        page.get_by_role("button", name="เข้าสู่ระบบ").click()
        # a planner starts on their own tambon
        expect(page.get_by_role("heading", name="ภาพรวมพื้นที่: ตำบลโนนสูง")).to_be_visible(timeout=60000)
        expect(page.get_by_text("เข้าสู่ระบบเป็น planner2 (ผู้วางแผน)")).to_be_visible()
        offered = nav_items(page)
        assert "นำเข้าข้อมูล" not in offered and "โครงการ (Logic Model)" in offered  # not a planner's page
        pick(page, "ตำบล", "ตำบลหนองบัว")
        expect(page.get_by_role("heading", name="ภาพรวมพื้นที่: ตำบลหนองบัว")).to_be_visible(timeout=30000)
        open_page(page, "โครงการ (Logic Model)")
        expect(page.get_by_role("heading", name="โครงการ (Logic Model)")).to_be_visible(timeout=30000)
        wait_until_idle(page)
        pick(page, "โครงการ", f"#1 {target.title} · ข้อมูลสาธิต (สมมติ)")
        title = page.get_by_label("ชื่อโครงการ")
        expect(title).to_have_value(target.title, timeout=30000)
        title.fill("แก้โดยผู้วางแผนของตำบลอื่น")
        page.get_by_role("button", name="บันทึกโครงการ").click()
        refusal = "บัญชี planner2 ไม่มีสิทธิ์ในพื้นที่ 990101 (พื้นที่ที่ได้รับสิทธิ์: 990102)"
        expect(page.get_by_test_id("stAlertContentError").get_by_text(refusal)).to_be_visible(timeout=30000)
    stored = store.project(1)
    assert (stored.title, stored.version) == (target.title, target.version)
    assert len(store.audit_log("project")) == audit_before
