"""The real app in Debian's Chromium: open the contest kit of the demo tambon, make the deck and
save it, open it with python-pptx; the checklist then counts the PowerPoint as made."""

import pytest
from playwright.sync_api import expect, sync_playwright
from pptx import Presentation

from analysis.contest.service import contest_store_for
from analysis.views import rank_problems
from tests.browser import CHROMIUM, CHROMIUM_ARGS, running_app, wait_until_idle

pytestmark = pytest.mark.browser


def test_download_the_contest_deck_from_the_app(demo_workspace, tmp_path):
    ranking = rank_problems(demo_workspace, "990101", 2566, "pct_fail")  # the demo's contest round: 2566
    with sync_playwright() as playwright, running_app(demo_workspace.root) as url:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="th-TH", accept_downloads=True)
        page.goto(f"{url}/contest?area=990101")
        expect(page.get_by_role("heading", name="ชุดนำเสนอการประกวด: ตำบลหนองบัว")).to_be_visible(timeout=90000)
        wait_until_idle(page)
        page.get_by_role("button", name="PowerPoint (.pptx)").click()  # made on the server, then saved
        save = page.get_by_role("button", name="บันทึกไฟล์ contest_deck_990101_2566_demo.pptx")
        expect(save).to_be_visible(timeout=120000)
        with page.expect_download(timeout=60000) as download:
            save.click()
        assert download.value.suggested_filename == "contest_deck_990101_2566_demo.pptx"
        expect(page.get_by_text("สร้างไฟล์ PowerPoint แล้ว").first).to_be_attached()  # the checklist says so at once
        path = tmp_path / "deck.pptx"
        download.value.save_as(path)
        browser.close()
    deck = Presentation(str(path))
    assert deck.slides[0].shapes[0].text_frame.text == "ตำบลหนองบัว"
    chart = next(s.chart for s in deck.slides[4].shapes if s.has_chart)  # after the working-group slide
    assert list(chart.series[0].values) == [round(v, 1) for v in ranking.domains["value"]]
    made = contest_store_for(demo_workspace.root).evidence("990101")
    assert [(e.item_id, e.kind) for e in made if e.kind == "generated"] == [("deck", "generated")]
