"""The contest deck: slide titles, native charts with the Rank page's numbers, Thai fonts on the
runs, speaker notes; it opens in LibreOffice (converted to PDF, pages rendered to PNG)."""

import io

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.oxml.ns import qn
from pptx.util import Inches

from analysis.contest.deck import build_deck, text_lines
from analysis.contest.service import contest_store_for
from analysis.contest.story import build_story
from analysis.views import rank_problems
from tests.contest_fixtures import hand_profile, hand_story, pdf_text, pptx_to_pdf, render_pages, thai


def titles(deck) -> list[str]:
    """The first text box of each slide (the title)."""
    return [next(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in deck.slides]


def charts(deck) -> dict[str, object]:
    found = {}
    for slide, title in zip(deck.slides, titles(deck), strict=True):
        for shape in slide.shapes:
            if shape.has_chart:
                found[title] = shape.chart
    return found


def test_hand_made_story_gives_the_slides_in_order_with_native_charts_and_notes():
    deck = Presentation(io.BytesIO(build_deck(hand_story(), hand_profile())))
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))
    assert titles(deck) == [
        "ตำบลทดสอบ",
        "ข้อมูลทั่วไปของตำบล",
        "การบริหารจัดการ: คณะทำงานขับเคลื่อนระดับตำบล",  # criterion 1: the working group and its order
        "การเก็บข้อมูล จปฐ. ปี 2564",
        "จัดลำดับความสำคัญของปัญหา 5 ด้าน (จากมากไปหาน้อย)",
        "ปัญหาสำคัญของแต่ละด้าน",
        "ปัญหาสำคัญ 5 อันดับแรก",
        "เปรียบเทียบรายพื้นที่: ร้อยละไม่ผ่านเกณฑ์ 5 ด้าน",
        "ร้อยละไม่ผ่านเกณฑ์ ด้านรายได้",
        "ตารางจัดลำดับความสำคัญของปัญหา (เวทีประชาคม)",
        "แผนงานโครงการ (Logic Model) 1/1",
        "งบประมาณตามแผนพัฒนา (One Plan) รายปีและแหล่งงบประมาณ",
        "สารสนเทศภูมิศาสตร์: สถานที่สำคัญและกิจกรรม (1 หมุด)",
        "ขอบคุณ",
    ]
    found = charts(deck)
    domains = found["จัดลำดับความสำคัญของปัญหา 5 ด้าน (จากมากไปหาน้อย)"]
    assert domains.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert list(domains.plots[0].categories) == ["1. รายได้ / เศรษฐกิจ", "2. สุขภาพ"]
    assert list(domains.series[0].values) == [31.25, 12.5]
    budget = found["งบประมาณตามแผนพัฒนา (One Plan) รายปีและแหล่งงบประมาณ"]
    assert budget.chart_type == XL_CHART_TYPE.COLUMN_STACKED
    assert list(budget.plots[0].categories) == ["2569", "2570"]
    assert {s.name: list(s.values) for s in budget.series} == {"อบจ.": [50000.0, 0.0], "อปท.": [100000.0, 100000.0]}
    villages = found["เปรียบเทียบรายพื้นที่: ร้อยละไม่ผ่านเกณฑ์ 5 ด้าน"]
    assert list(villages.plots[0].categories) == ["หมู่ที่ 1 บ้านหนองบัว", "หมู่ที่ 2 บ้านโนนงาม"]
    notes = deck.slides[4].notes_slide.notes_text_frame.text
    assert notes.splitlines() == ["ด้านรายได้ / เศรษฐกิจ: ปัญหาอันดับ 1 คือ ข้อทดสอบ1", "ด้านสุขภาพ: ปัญหาอันดับ 1 คือ ข้อทดสอบ2"]


def test_every_run_carries_the_thai_font_as_latin_and_complex_script():
    deck = Presentation(io.BytesIO(build_deck(hand_story(), hand_profile())))
    runs = [
        r
        for slide in deck.slides
        for s in slide.shapes
        if s.has_text_frame
        for p in s.text_frame.paragraphs
        for r in p.runs
    ]
    assert len(runs) > 20
    for run in runs:
        properties = run._r.find(qn("a:rPr"))
        assert properties.find(qn("a:latin")).get("typeface") == "Loma"
        assert properties.find(qn("a:cs")).get("typeface") == "Loma"
    chart = next(iter(charts(deck).values()))
    assert chart._chartSpace.find(qn("c:txPr")).find(".//" + qn("a:cs")).get("typeface") == "Loma"


def test_text_lines_ignore_thai_marks_and_grow_with_length():
    assert text_lines("ก" * 8, 1.0, 12) == 1  # 8 fit an inch at 12 pt (measured with the deck's font)
    assert text_lines("กิ่" * 8, 1.0, 12) == 1  # the marks above take no width
    assert text_lines("ก" * 21, 1.0, 12) == 3
    assert text_lines("ก\nข", 5.0, 12) == 2


@pytest.fixture(scope="module")
def demo_deck(demo_path):
    from analysis.store import Workspace

    workspace = Workspace(demo_path)
    store = contest_store_for(demo_path)
    story = build_story(workspace, "990101", 2567, store)
    return workspace, story, build_deck(story, store.profile("990101"))


def test_deck_charts_hold_the_rank_pages_numbers(demo_deck):
    workspace, story, data = demo_deck
    deck = Presentation(io.BytesIO(data))
    ranking = rank_problems(workspace, "990101", 2567, "pct_fail")  # what the Rank page shows by default
    chart = charts(deck)["จัดลำดับความสำคัญของปัญหา 5 ด้าน (จากมากไปหาน้อย)"]
    expected = [f"{r}. {n}" for r, n in zip(ranking.domains["rank"], ranking.domains["domain_th"], strict=True)]
    assert list(chart.plots[0].categories) == expected
    assert list(chart.series[0].values) == [round(v, 1) for v in ranking.domains["value"]]
    top = charts(deck)["ปัญหาสำคัญ 5 อันดับแรก"]
    assert [c.split(". ", 1)[1] for c in top.plots[0].categories][0] == "ครัวเรือนยังเข้าไม่ถึงระบบขนส่งสาธารณะ"
    assert list(top.series[0].values) == [round(v, 1) for v in ranking.scope("all").head(5)["pct_fail"]]
    budget = charts(deck)["งบประมาณตามแผนพัฒนา (One Plan) รายปีและแหล่งงบประมาณ"]
    assert sum(sum(s.values) for s in budget.series) == sum(p.total_budget for p in story.projects)


def test_deck_opens_in_libreoffice_and_every_slide_renders(demo_deck, tmp_path):
    _, story, data = demo_deck
    slides = len(Presentation(io.BytesIO(data)).slides)
    pdf = pptx_to_pdf(data, tmp_path)
    text = thai(pdf_text(pdf.read_bytes(), tmp_path, "deck_text.pdf"))
    assert thai("ตำบลหนองบัว") in text and thai("จัดลำดับความสำคัญของปัญหา 5 ด้าน") in text
    assert thai("ครัวเรือนยังเข้าไม่ถึงระบบขนส่งสาธารณะ") in text  # a chart's Thai category, drawn by LibreOffice
    pages = render_pages(pdf, tmp_path)
    assert len(pages) == slides == 16  # with the working-group and closing slides; 3 projects of the One Plan
    for page in pages:
        image = Image.open(page).convert("L")
        assert image.size[0] > image.size[1]  # 16:9
        assert image.getextrema()[0] < 100  # something dark is drawn on every slide
