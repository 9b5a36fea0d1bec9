"""The real app in Debian's Chromium: open it, pick a tambon, see its numbers."""

import xml.etree.ElementTree as ET

import pytest
from playwright.sync_api import expect, sync_playwright

from analysis.formatting import fmt_int
from tests.browser import CHROMIUM, CHROMIUM_ARGS, open_page, pick, running_app, settled_map, wait_until_idle

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


def test_a_shared_overview_link_opens_the_overview_and_the_home_address_moves_to_it(demo_workspace, browser_page):
    page = browser_page
    with running_app(demo_workspace.root) as url:
        page.goto(f"{url}/overview?area=990104")
        expect(page.get_by_role("heading", name="ภาพรวมพื้นที่: ตำบลดอนแก้ว")).to_be_visible(timeout=60000)
        wait_until_idle(page)
        expect(page.get_by_text("Page not found")).to_have_count(0)  # Streamlit's English refusal
        page.goto(f"{url}/?area=990102")
        expect(page.get_by_role("heading", name="ภาพรวมพื้นที่: ตำบลโนนสูง")).to_be_visible(timeout=60000)
        page.wait_for_url("**/overview?area=990102")


def test_rank_the_problems_of_a_demo_tambon(demo_workspace, browser_page):
    from analysis.views import rank_problems

    page = browser_page
    top = rank_problems(demo_workspace, "990102", 2567, "pct_fail").scope("all").iloc[0]
    with running_app(demo_workspace.root) as url:
        page.goto(f"{url}/rank?area=990102")
        expect(page.get_by_role("heading", name="จัดลำดับปัญหา: ตำบลโนนสูง")).to_be_visible(timeout=60000)
        summary = page.get_by_text("ปัญหาอันดับ 1 คือ").first
        expect(summary).to_be_visible(timeout=30000)
        grid = page.get_by_test_id("stDataFrame").first
        expect(grid).to_be_visible(timeout=30000)  # a busy machine draws the table late
        # the grid draws on a canvas; its cells are also in an accessible table (glide-cell-COL-ROW)
        expect(grid.get_by_test_id("glide-cell-0-0")).to_have_text("1", timeout=30000)
        expect(grid.get_by_test_id("glide-cell-1-0")).to_have_text(top["indicator_id"])
        expect(grid.get_by_test_id("glide-cell-2-0")).to_have_text(top["title_th"])
        expect(grid.get_by_test_id("glide-cell-3-0")).to_have_text(f"{top['pct_fail']:.1f}")  # the key measure next


def test_from_a_ranked_problem_to_a_saved_project_in_the_one_plan(demo_workspace, browser_page):
    from analysis.plans.service import store_for
    from analysis.views import rank_problems

    page = browser_page
    top = rank_problems(demo_workspace, "990103", 2567, "pct_fail").scope("all").iloc[0]
    with running_app(demo_workspace.root) as url:
        page.goto(f"{url}/rank?area=990103")
        expect(page.get_by_role("heading", name="จัดลำดับปัญหา: ตำบลห้วยทราย")).to_be_visible(timeout=60000)
        page.get_by_role("button", name="วางแผนโครงการ").click()
        expect(page.get_by_role("heading", name="โครงการ (Logic Model)")).to_be_visible(timeout=30000)
        expect(page.get_by_text("เติมข้อมูลจากปัญหาแล้ว")).to_be_visible()
        page.get_by_label("สาเหตุ", exact=True).fill("ทดสอบจากเบราว์เซอร์")  # not its tooltip's "Help for สาเหตุ"
        page.get_by_role("button", name="บันทึกโครงการ").click()
        expect(page.get_by_text("บันทึกโครงการ #6 แล้ว")).to_be_visible(timeout=30000)
        open_page(page, "แผนพัฒนาพื้นที่ (One Plan)")
        expect(page.get_by_role("heading", name="แผนพัฒนาพื้นที่ (One Plan)")).to_be_visible(timeout=30000)
        metric = page.get_by_test_id("stMetric").filter(has_text="จำนวนโครงการ").get_by_test_id("stMetricValue")
        expect(metric).to_have_text("1")
        grid = page.get_by_test_id("stDataFrame").first
        expect(grid.get_by_test_id("glide-cell-1-0")).to_have_text(f"โครงการแก้ไขปัญหา: {top['title_th']}")
    saved = store_for(demo_workspace.root).project(6)  # after the demo's five projects
    assert (saved.area_code, saved.indicator_id, saved.causes) == ("990103", top["indicator_id"], "ทดสอบจากเบราว์เซอร์")


FIND_POINT = """([lat, lon]) => {
    for (const key of Object.keys(window)) {
        const value = window[key];
        if (value && window.L && value instanceof L.Map) {
            const point = value.latLngToContainerPoint([lat, lon]);
            return [point.x, point.y];
        }
    }
    return null;
}"""


def test_click_an_area_on_the_map_to_select_it(demo_workspace, browser_page):
    from analysis.geo.boundaries import load_boundaries

    page = browser_page
    tambon = load_boundaries(demo_workspace, "tambon").set_index("area_code").geometry["990103"]
    inside = tambon.representative_point()
    with running_app(demo_workspace.root) as url:
        page.goto(f"{url}/map?area=9901")
        expect(page.get_by_role("heading", name="แผนที่")).to_be_visible(timeout=60000)
        pick(page, "ระดับพื้นที่บนแผนที่", "ตำบล")
        wait_until_idle(page)
        visible_map = settled_map(page)  # no stale frame from an earlier run
        iframes = page.locator(visible_map)
        frame = page.frame_locator(visible_map)
        expect(frame.locator("#map_div")).to_be_visible(timeout=60000)
        legend = page.get_by_test_id("stMain").locator(".cia-legend")  # under the map, not over the areas
        expect(legend).to_contain_text("ไม่มีข้อมูล")
        expect(frame.locator(".cia-legend")).to_have_count(0)
        map_frame = iframes.element_handle().content_frame()
        wait_until_idle(page)  # the page must be laid out before aiming at the map
        iframes.evaluate("e => e.scrollIntoView({block: 'center'})")  # the whole map in the window
        page.wait_for_timeout(300)
        x, y = map_frame.evaluate(FIND_POINT, [inside.y, inside.x])
        box = frame.locator("#map_div").bounding_box()
        page.mouse.click(box["x"] + x, box["y"] + y)
        expect(page.get_by_text("เลือกอยู่: ตำบลห้วยทราย")).to_be_visible(timeout=30000)
        wait_until_idle(page)
        with page.expect_download() as download:  # built only when clicked
            page.get_by_role("button", name="ดาวน์โหลด KML (Google Maps / Earth)").click()
        kml = ET.parse(download.value.path()).getroot()
        names = [n.text for n in kml.iter("{http://www.opengis.net/kml/2.2}name")]
        assert "ตำบลห้วยทราย" in names and len([n for n in names if n.startswith("ตำบล")]) == 6
        # the selection carries to the other pages
        open_page(page, "ภาพรวมพื้นที่")
        expect(page.get_by_role("heading", name="ภาพรวมพื้นที่: ตำบลห้วยทราย")).to_be_visible(timeout=30000)
