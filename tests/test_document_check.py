"""The document check on every document the product writes for committees (PPTX rendered by
LibreOffice, PDF through pdftotext, XLSX, HTML, KML), for the demo, in Thai and in English — and
the check itself, on texts that break each rule (so it can fail)."""

from __future__ import annotations

import pytest

from analysis.store import Workspace
from tests import document_check as check
from tests.committee_documents import committee_documents


@pytest.fixture(scope="module", params=["th", "en"])
def documents(request, demo_path, tmp_path_factory):
    lang = request.param
    return lang, committee_documents(Workspace(demo_path), "990101", "99010101", lang), tmp_path_factory.mktemp(lang)


def test_every_document_type_is_checked(documents):
    _, made, _ = documents
    assert {d.kind for d in made} == set(check.KINDS)
    assert len(made) == 17


@pytest.mark.parametrize("kind", check.KINDS)
def test_the_documents_pass_the_document_check(documents, kind):
    lang, made, tmp = documents
    problems = [p for d in made if d.kind == kind for p in check.document_problems(d, lang, tmp)]
    assert not problems, "\n".join(problems[:40])


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("สร้างไฟล์ PowerPoint แล้ว (2026-12-07T11:36:09+00:00)", "ISO date"),
        ("ประชุมเมื่อ 7 ธ.ค. 2026", "Christian-era year"),
        ("จปฐ. 2567 (bmn_2567.xlsx)", "file name or path"),
        ("(UNCONFIRMED) ดู data/contest/criteria.toml", "UNCONFIRMED marker"),
        ("ชุดข้อมูล 2567-bmn-20261207184027-125dbe", "catalog or dataset id"),
        ("ข้อมูลจปฐ. ปี 2566–2570 (bmn_2566_2570)", "catalog or dataset id"),
        ("กฎ check_year_jump", "rule id"),
        ("ที่ตั้ง: อยู่ทางทิศเหนือของอำเภอ ห่างจาก…", "text cut"),
        ("ไม่ผ่าน 1 จาก 2", "count without its unit"),
        ("อันดับ 1 คือ ยังมีคนสูบบุหรี่ (2)", "count without its unit"),
    ],
)
def test_the_check_finds_each_kind_of_problem(text, rule):
    found = check.text_problems([("here", text)], "th")
    assert any(f": {rule}: " in p for p in found), found


def test_the_check_finds_english_words_in_thai_and_lets_allowed_ones_pass():
    found = check.text_problems([("a", "แหล่งข้อมูล (burn-up)"), ("b", "แผนพัฒนา (One Plan) และ GIS")], "th")
    assert [p.split("'")[1] for p in found] == ["burn", "up"]
    assert not check.text_problems([("a", "ไม่ผ่าน 1 จาก 2 ครัวเรือน 18.2% (< 5 ครัวเรือน)")], "th")


def _deck(title: str, subtitle_top: float) -> bytes:
    """A slide as the title slide was laid out: a 44-pt name, a subtitle at a fixed place."""
    import io

    from pptx import Presentation
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches, Pt

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    box = slide.shapes.add_textbox(Inches(0.5), Inches(2.2), Inches(12.333), Inches(3.5))
    box.text_frame.word_wrap = True
    box.text_frame.text = title
    box.text_frame.paragraphs[0].runs[0].font.size = Pt(44)
    sub = slide.shapes.add_textbox(Inches(0.5), Inches(subtitle_top), Inches(12.333), Inches(1))
    sub.text_frame.text = "Fiscal year 2567"
    sub.text_frame.paragraphs[0].runs[0].font.size = Pt(22)
    data = CategoryChartData()
    data.categories = ["a", "b"]
    data.add_series("share", (27.5, 33.6))
    slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, Inches(0.5), Inches(5.5), Inches(6), Inches(1.8), data)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def test_the_check_finds_text_running_into_the_box_below_and_an_axis_not_from_zero():
    long_name = "Tambon Nikhom Sang Ton-eng Lam Dom Noi"  # two lines at 44 pt across the slide
    found = check.pptx_overlap(_deck(long_name, 3.6))
    assert found and found[0].startswith("slide 1: text runs") and long_name[:40] in found[0]
    assert not check.pptx_overlap(_deck(long_name, 4.0))  # under its second line
    assert not check.pptx_overlap(_deck("Tambon Nong Bua", 3.6))  # one line
    assert check.pptx_axes(_deck("Tambon Nong Bua", 4.0)) == ["slide 1: the value axis does not start at zero"]
