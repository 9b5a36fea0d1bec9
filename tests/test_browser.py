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


def test_rank_the_problems_of_a_demo_tambon(demo_workspace, browser_page):
    from analysis.ranking import rank_problems

    page = browser_page
    top = rank_problems(demo_workspace, "990102", 2567, "pct_fail").scope("all").iloc[0]
    with running_app(demo_workspace.root) as url:
        page.goto(f"{url}/rank?area=990102")
        expect(page.get_by_role("heading", name="จัดลำดับปัญหา: ตำบลโนนสูง")).to_be_visible(timeout=60000)
        summary = page.get_by_text("ปัญหาอันดับ 1 คือ").first
        expect(summary).to_be_visible(timeout=30000)
        grid = page.get_by_test_id("stDataFrame").first
        expect(grid).to_be_visible()
        # the grid draws on a canvas; its cells are also in an accessible table (glide-cell-COL-ROW)
        expect(grid.get_by_test_id("glide-cell-0-0")).to_have_text("1", timeout=30000)
        expect(grid.get_by_test_id("glide-cell-1-0")).to_have_text(top["indicator_id"])
        expect(grid.get_by_test_id("glide-cell-2-0")).to_have_text(top["title_th"])
        expect(grid.get_by_test_id("glide-cell-4-0")).to_have_text(f"{top['pct_fail']:.1f}")
