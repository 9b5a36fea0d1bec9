"""The real app in Debian's Chromium: the collection administration tab of the Data-check page on the
demo tambon หนองบัว, and its evidence book downloaded as a PDF that opens (pages, Thai title)."""

import pytest
from playwright.sync_api import expect, sync_playwright

from analysis.contest.pdf import pdf_page_count
from tests.browser import CHROMIUM, CHROMIUM_ARGS, running_app, wait_until_idle
from tests.contest_fixtures import pdf_text, thai

pytestmark = pytest.mark.browser


def test_the_tab_and_its_evidence_book_in_the_browser(demo_workspace, tmp_path):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1100}, locale="th-TH", accept_downloads=True)
        with running_app(demo_workspace.root) as url:
            page.goto(f"{url}/checks?area=990102")
            expect(page.get_by_role("heading", name="ตรวจสอบและรับรองข้อมูล: ตำบลโนนสูง")).to_be_visible(timeout=60000)
            page.get_by_role("tab", name="บริหารการจัดเก็บ").click()
            wait_until_idle(page)
            metric = page.get_by_test_id("stMetric").filter(has_text="หมู่บ้านที่อาสาสมัครไม่พอ")
            expect(metric).to_contain_text("1/8", timeout=30000)  # 99010203 in ตำบลโนนสูง
            expect(page.get_by_text("1 หมู่บ้านมีอาสาสมัครผู้จัดเก็บน้อยกว่าเกณฑ์")).to_be_visible()
            with page.expect_download(timeout=120000) as download:
                page.get_by_role("button", name="ดาวน์โหลดเอกสารรูปเล่มพร้อมหลักฐาน (PDF)").click()
            download.value.save_as(tmp_path / "book.pdf")
            name = download.value.suggested_filename
        browser.close()
    pdf = (tmp_path / "book.pdf").read_bytes()
    assert name == "evidence_book_990102_2567_demo.pdf"
    assert pdf_page_count(pdf) >= 9
    assert thai("ตำบลโนนสูง") in thai(pdf_text(pdf, tmp_path))
