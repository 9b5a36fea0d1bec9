"""Journey A in Debian's Chromium, as a tambon member does it: pick the tambon → compare → rank →
score a priority matrix → write a project with พ.ศ. dates and two budget rows → see it in the
One Plan; then the same forms on a 390×844 phone screen. The database is checked afterwards."""

from datetime import date

import pytest
from playwright.sync_api import expect, sync_playwright

from analysis.plans.service import store_for
from tests.browser import CHROMIUM, CHROMIUM_ARGS, open_page, pick, running_app, wait_until_idle

pytestmark = pytest.mark.browser
TAMBON, TAMBON_NAME = "990103", "ตำบลห้วยทราย"
SCORES = {"ความรุนแรง": "3", "ความยากง่ายในการแก้ไข": "2", "ความตระหนักของชุมชน": "4"}
NO_OVERFLOW = (
    "() => [...document.querySelectorAll('[data-testid=stMain]')].every(e => e.scrollWidth <= e.clientWidth + 1)"
)


@pytest.fixture
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def go(page, link: str, heading: str) -> None:
    open_page(page, link)
    expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=60000)
    wait_until_idle(page)


def type_date(page, label: str, typed: str, shown: str) -> None:
    field = page.get_by_role("textbox", name=label)
    field.fill(typed)
    field.press("Tab")  # leaving the field reads it and writes it back the Thai way
    expect(field).to_have_value(shown, timeout=30000)
    wait_until_idle(page)


def choose(page, scope, label: str, option: str) -> None:
    box = scope.get_by_test_id("stSelectbox").filter(has_text=label)
    box.scroll_into_view_if_needed()  # a select low on a phone's screen: its list opens in view
    box.click()
    page.get_by_role("option", name=option, exact=True).click()


def score_matrix(page) -> None:
    """Every card's three blank scores, clicked once each (no rerun per click), then saved."""
    for index in range(5):
        card = page.locator(f".st-key-matrix_item_{index}")
        for criterion, value in SCORES.items():
            card.get_by_role("radiogroup", name=criterion).get_by_role("radio", name=value, exact=True).click()
    page.get_by_role("button", name="บันทึกลำดับที่ตกลง").click()
    expect(page.get_by_text("บันทึกตารางแล้ว (ฉบับที่ 1)")).to_be_visible(timeout=30000)
    wait_until_idle(page)


def add_budget_rows(page, rows: list[tuple[str, str, str, str]]) -> None:
    for _ in rows:
        page.get_by_role("button", name="เพิ่มแถวงบประมาณ").click()
        wait_until_idle(page)
    for index, (year, source, typed, shown) in enumerate(rows):
        row = page.locator(f"[class*='_budgets_{index}_']").first
        choose(page, row, "ปีงบประมาณ", year)
        choose(page, row, "แหล่งงบประมาณ", source)
        amount = row.get_by_role("textbox", name="จำนวนเงิน (บาท)")
        amount.fill(typed)
        amount.press("Tab")
        expect(amount).to_have_value(shown, timeout=30000)
        wait_until_idle(page)


def check_saved(root, matrix_meeting: date, start: date, end: date) -> None:
    store = store_for(root)
    matrix = store.matrices(TAMBON)[-1]
    assert matrix.meeting_date == matrix_meeting
    assert [(i.severity, i.feasibility, i.concern) for i in matrix.items] == [(3, 2, 4)] * 5
    assert [i.total for i in matrix.items] == [i.size + 9 for i in matrix.items]
    project = store.projects(TAMBON)[-1]
    assert (project.start_date, project.end_date) == (start, end)
    assert [(b.fiscal_year, b.source, b.amount) for b in project.budgets] == [
        (2570, "lao", 125000.0),
        (2571, "pao", 80000.0),
    ]
    assert project.indicator_id == matrix.items[0].indicator_id  # planned from the agreed first problem


def test_journey_a_from_a_tambon_to_its_one_plan(demo_workspace, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="th-TH")
    with running_app(demo_workspace.root) as url:
        page.goto(url)
        expect(page.get_by_role("heading", name="ภาพรวมพื้นที่: อำเภอสาธิต (สมมติ)")).to_be_visible(timeout=60000)
        wait_until_idle(page)
        pick(page, "ตำบล", TAMBON_NAME)
        expect(page.get_by_role("heading", name=f"ภาพรวมพื้นที่: {TAMBON_NAME}")).to_be_visible(timeout=30000)
        go(page, "เปรียบเทียบพื้นที่", f"เปรียบเทียบพื้นที่ย่อยของ {TAMBON_NAME}")
        go(page, "จัดลำดับปัญหา", f"จัดลำดับปัญหา: {TAMBON_NAME}")
        go(page, "จัดลำดับความสำคัญ", "ตารางจัดลำดับความสำคัญของปัญหา")
        type_date(page, "วันที่ประชุม", "15/3/2568", "15 มี.ค. 2568")
        score_matrix(page)
        page.get_by_role("button", name="วางแผนโครงการ").click()
        expect(page.get_by_text("เติมข้อมูลจากปัญหาแล้ว")).to_be_visible(timeout=30000)
        wait_until_idle(page)
        page.get_by_role("textbox", name="สาเหตุ").fill("ทดสอบจากเบราว์เซอร์")
        type_date(page, "วันเริ่มต้น", "2569/10/01", "1 ต.ค. 2569")
        type_date(page, "วันสิ้นสุด", "30 ก.ย. 2570", "30 ก.ย. 2570")
        add_budget_rows(page, [("2570", "อปท.", "125000", "125,000"), ("2571", "อบจ.", "80,000", "80,000")])
        page.get_by_role("button", name="บันทึกโครงการ").click()
        expect(page.get_by_text("บันทึกโครงการ #6 แล้ว").first).to_be_visible(timeout=30000)
        go(page, "แผนพัฒนาพื้นที่ (One Plan)", "แผนพัฒนาพื้นที่ (One Plan)")
        metric = page.get_by_test_id("stMetric").filter(has_text="งบประมาณรวม").get_by_test_id("stMetricValue")
        expect(metric).to_have_text("205,000")
        grid = page.get_by_test_id("stDataFrame").first
        expect(grid.get_by_test_id("glide-cell-1-0")).to_contain_text("โครงการแก้ไขปัญหา:")
    check_saved(demo_workspace.root, date(2025, 3, 15), date(2026, 10, 1), date(2027, 9, 30))
    assert store_for(demo_workspace.root).project(6).causes == "ทดสอบจากเบราว์เซอร์"  # after the demo's five


def test_the_plan_forms_on_a_phone(demo_workspace, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="th-TH", has_touch=True)
    with running_app(demo_workspace.root) as url:
        page.goto(f"{url}/matrix?area={TAMBON}")
        expect(page.get_by_role("heading", name="ตารางจัดลำดับความสำคัญของปัญหา")).to_be_visible(timeout=60000)
        wait_until_idle(page)
        assert page.evaluate(NO_OVERFLOW)
        type_date(page, "วันที่ประชุม", "๑๕/๓/๒๕๖๘", "15 มี.ค. 2568")  # Thai digits
        score_matrix(page)
        assert page.evaluate(NO_OVERFLOW)
        page.get_by_role("button", name="วางแผนโครงการ").click()
        expect(page.get_by_text("เติมข้อมูลจากปัญหาแล้ว")).to_be_visible(timeout=30000)
        wait_until_idle(page)
        # the start date picked (day, month, year selects), the end date typed
        page.get_by_role("button", name="เลือกวันที่").first.click()
        popover = page.get_by_test_id("stPopoverBody")
        for label, option in (("วันที่", "1"), ("เดือน", "ตุลาคม"), ("ปี พ.ศ.", "2569")):
            choose(page, popover, label, option)
            wait_until_idle(page)
        page.keyboard.press("Escape")
        expect(page.get_by_role("textbox", name="วันเริ่มต้น")).to_have_value("1 ต.ค. 2569", timeout=30000)
        type_date(page, "วันสิ้นสุด", "30/9/2570", "30 ก.ย. 2570")
        add_budget_rows(page, [("2570", "อปท.", "125,000", "125,000"), ("2571", "อบจ.", "80000", "80,000")])
        assert page.evaluate(NO_OVERFLOW)
        page.get_by_role("button", name="บันทึกโครงการ").click()
        expect(page.get_by_text("บันทึกโครงการ #6 แล้ว").first).to_be_visible(timeout=30000)
        page.goto(f"{url}/oneplan?area={TAMBON}")
        expect(page.get_by_role("heading", name="แผนพัฒนาพื้นที่ (One Plan)")).to_be_visible(timeout=60000)
        wait_until_idle(page)
        assert page.evaluate(NO_OVERFLOW)
    check_saved(demo_workspace.root, date(2025, 3, 15), date(2026, 10, 1), date(2027, 9, 30))
