"""The analysis pages on a phone (390 × 844, a phone's browser) in Debian's Chromium: the sidebar
starts closed, nothing is wider than the screen, no chart's legend or label lies over its plot or
is cut, tables show their key columns (the villages driving each problem, % failing), the map's
legend sits under the map, and Streamlit's own upload texts read in Thai."""

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.browser import CHROMIUM, CHROMIUM_ARGS, running_app, wait_until_idle
from tests.chart_layout import CHART_BOXES, chart_problems

pytestmark = pytest.mark.browser

PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
)
#: how wide the page scrolls, in CSS pixels (the document and the app's main column)
WIDEST = """() => Math.max(document.documentElement.scrollWidth,
    document.querySelector('[data-testid=stMain]').scrollWidth)"""


@pytest.fixture
def phone():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(
            viewport={"width": 390, "height": 844},
            user_agent=PHONE_AGENT,
            is_mobile=True,
            has_touch=True,
            device_scale_factor=2,
            locale="th-TH",
        )
        yield page
        browser.close()


def open_on_phone(page, url: str, heading: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=90000)
    wait_until_idle(page, settle_ms=1500)  # charts take their final width after the first paint


def charts_fit(page) -> list[str]:
    """The page's charts as drawn on the phone: legends off the plot, no label cut or over another."""
    return chart_problems(page.evaluate(CHART_BOXES), width=390)


def test_analysis_pages_fit_a_phone(demo_workspace, phone):
    from analysis.views import rank_problems

    page = phone
    top = rank_problems(demo_workspace, "990101", 2567, "pct_fail").scope("all").iloc[0]
    with running_app(demo_workspace.root) as url:
        open_on_phone(page, f"{url}/?area=990101", "ภาพรวมพื้นที่: ตำบลหนองบัว")
        sidebar = page.get_by_test_id("stSidebar").bounding_box()
        assert sidebar["width"] == 0 or sidebar["x"] + sidebar["width"] <= 0  # the sidebar starts closed
        expect(page.get_by_text("จอโทรศัพท์: แสดงเฉพาะคอลัมน์หลัก").first).to_be_visible()
        assert page.evaluate(WIDEST) <= 390
        assert charts_fit(page) == []

        open_on_phone(page, f"{url}/rank?area=990101", "จัดลำดับปัญหา: ตำบลหนองบัว")
        grid = page.get_by_test_id("stDataFrame").first
        grid.scroll_into_view_if_needed()
        # on a phone: the title (pinned first), rank, % failing and the villages driving the problem
        expect(grid.get_by_test_id("glide-cell-2-0")).to_have_text(f"{top['pct_fail']:.1f}", timeout=30000)
        expect(grid.get_by_test_id("glide-cell-3-0")).to_have_text(top["drivers"])
        assert page.evaluate(WIDEST) <= 390
        assert charts_fit(page) == []

        open_on_phone(page, f"{url}/compare?area=990101", "เปรียบเทียบพื้นที่ย่อยของ ตำบลหนองบัว")
        expect(page.get_by_text("ร้อยละไม่ผ่านเกณฑ์ รายพื้นที่ × ตัวชี้วัด").first).to_be_attached()
        assert page.evaluate(WIDEST) <= 390
        assert charts_fit(page) == []

        open_on_phone(page, f"{url}/trend?area=990101", "แนวโน้มตามปีสำรวจ: ตำบลหนองบัว")
        expect(page.get_by_text("ดีขึ้น — ร้อยละไม่ผ่านลดลง").first).to_be_visible()
        assert page.evaluate(WIDEST) <= 390
        assert charts_fit(page) == []

        open_on_phone(page, f"{url}/map?area=990101", "แผนที่")
        legend = page.get_by_test_id("stMain").get_by_text("ไม่มีข้อมูล").first  # the legend, outside the map
        expect(legend).to_be_visible(timeout=30000)
        map_frame = page.locator("iframe").first.bounding_box()
        assert legend.bounding_box()["y"] > map_frame["y"] + map_frame["height"]  # under the map, not on it
        assert page.evaluate(WIDEST) <= 390


def test_the_upload_box_reads_in_thai(demo_workspace, phone):
    page = phone
    with running_app(demo_workspace.root) as url:
        open_on_phone(page, f"{url}/data", "นำเข้าข้อมูล")
        zone = page.get_by_test_id("stFileUploaderDropzone").first
        expect(zone).to_be_visible()
        shown = zone.inner_text()
        assert "Drag" not in shown and "per file" not in shown and "Upload" not in shown, shown
        before = page.evaluate(
            "() => getComputedStyle(document.querySelector('[data-testid=stFileUploaderDropzoneInstructions]'),"
            " '::before').content"
        )
        assert "ลากไฟล์มาวางที่นี่" in before
