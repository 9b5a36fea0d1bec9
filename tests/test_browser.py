"""The real app in Debian's Chromium: open it, pick a tambon, see its numbers."""

import pytest
from playwright.sync_api import expect, sync_playwright

from analysis.formatting import fmt_int
from tests.browser import CHROMIUM, CHROMIUM_ARGS, pick, running_app

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_page():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="th-TH")
        yield page
        browser.close()


def test_pick_a_tambon_and_see_its_numbers(demo_workspace, browser_page):
    page = browser_page
    expected = demo_workspace.read("area_summary", "area_code = '990104' AND year = 2567").iloc[0]
    with running_app(demo_workspace.root) as url:
        page.goto(url)
        expect(page.get_by_role("heading", name="ภาพรวมพื้นที่: อำเภอสาธิต (สมมติ)")).to_be_visible(timeout=60000)
        pick(page, "ตำบล", "ตำบลดอนแก้ว")
        expect(page.get_by_role("heading", name="ภาพรวมพื้นที่: ตำบลดอนแก้ว")).to_be_visible(timeout=30000)
        households = page.get_by_test_id("stMetric").filter(has_text="ครัวเรือน").get_by_test_id("stMetricValue")
        expect(households).to_have_text(fmt_int(expected["households"]), timeout=30000)
        villages = page.get_by_test_id("stMetric").filter(has_text="หมู่บ้านที่มีข้อมูล").get_by_test_id("stMetricValue")
        expect(villages).to_have_text("9")
        assert "area=990104" in page.url
