"""The real app in Debian's Chromium: certify a village on the Data-check page, then see its status
on the map (the certification layer's legend and the village's colour)."""

import pytest
from playwright.sync_api import expect, sync_playwright

from analysis.checks.certify import certification_store_for
from analysis.checks.config import status_colours
from tests.browser import CHROMIUM, CHROMIUM_ARGS, open_page, pick, running_app, settled_map, wait_until_idle

pytestmark = pytest.mark.browser
VILLAGE = "99010105"  # หมู่ที่ 5 of ตำบลหนองบัว: "checked" in the demo, ready for the forum

FILL_OF = """(code) => {
    for (const value of Object.values(window)) {
        if (value && window.L && value instanceof L.Map) {
            let fill = null;
            value.eachLayer((layer) => {
                const props = layer.feature && layer.feature.properties;
                if (props && props.area_code === code) { fill = props.fill; }
            });
            if (fill) { return fill; }
        }
    }
    return null;
}"""


@pytest.fixture
def browser_page():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1100}, locale="th-TH")
        yield page
        browser.close()


def test_certify_a_village_and_see_it_on_the_map(demo_workspace, browser_page):
    page = browser_page
    with running_app(demo_workspace.root) as url:
        page.goto(f"{url}/checks?area=990101")
        expect(page.get_by_role("heading", name="ตรวจสอบและรับรองข้อมูล: ตำบลหนองบัว")).to_be_visible(timeout=60000)
        page.get_by_role("tab", name="รับรองข้อมูล").click()
        wait_until_idle(page)  # only the open tab runs: opening it reruns the page
        select = page.locator(".st-key-certify_village")
        select.click()
        page.get_by_role("option", name="บ้านสร้างแก้ว (หมู่ 5) — ตรวจแล้ว").click()
        wait_until_idle(page)
        form = page.locator(f".st-key-certify_target_{VILLAGE}_checked")
        form.get_by_text("รับรองแล้ว", exact=True).click()
        page.locator(f".st-key-certify_note_{VILLAGE} input").fill("เวทีประชาคมรับรอง (ทดสอบ)")
        page.get_by_role("button", name="บันทึกสถานะ").click()
        expect(page.get_by_text("บันทึกสถานะ รับรองแล้ว แล้ว (ฉบับที่ 2)")).to_be_visible(timeout=30000)
        record = certification_store_for(demo_workspace.root).record(VILLAGE, 2567)
        assert (record.status, record.note) == ("certified", "เวทีประชาคมรับรอง (ทดสอบ)")

        open_page(page, "แผนที่")
        expect(page.get_by_role("heading", name="แผนที่")).to_be_visible(timeout=30000)
        pick(page, "ชั้นข้อมูล", "สถานะการรับรองข้อมูล")
        wait_until_idle(page)
        visible_map = settled_map(page)
        frame = page.frame_locator(visible_map)
        expect(frame.locator("#map_div")).to_be_visible(timeout=60000)
        legend = page.get_by_test_id("stMain").locator(".cia-legend")  # under the map, not over the areas
        expect(legend).to_contain_text("สถานะการรับรองข้อมูล จปฐ. รายหมู่บ้าน", timeout=60000)
        expect(legend).to_contain_text("รับรองแล้ว (5)")  # the demo's 4 in this tambon, and this one
        expect(legend).to_contain_text("ตรวจแล้ว (0)")
        wait_until_idle(page)
        fill = page.locator(visible_map).element_handle().content_frame().evaluate(FILL_OF, VILLAGE)
        assert fill == status_colours()["certified"]
