"""The summary document, the infographic, chart and map pictures: read back with pdftotext, rendered
with pdftoppm, fonts embedded, Thai lines broken between words and its text extractable."""

import io
import subprocess

from PIL import Image

from analysis.contest.infographic import infographic_pdf, infographic_pngs, story_chart_pngs
from analysis.contest.mapimage import render_map_png
from analysis.contest.pdf import html_to_pdf, pdf_page_count
from analysis.contest.summary import summary_pdf
from tests.contest_fixtures import hand_profile, hand_story, pdf_text, render_pages, thai

WORDS = ["ชาวบ้าน", "ชาว", "บ้าน", "ปลูก", "ข้าว", "และ", "เลี้ยง", "สัตว์", "ทุก", "ปี", "ที่", "หนองบัว", "หนอง", "บัว"]


def test_summary_has_the_three_parts_contents_page_numbers_and_the_numbers(tmp_path):
    pdf = summary_pdf(hand_story(), hand_profile())
    text = thai(pdf_text(pdf, tmp_path))
    for heading in (
        "เอกสารสรุปผลการดำเนินงาน",
        "สารบัญ",
        "ส่วนที่ 1 ข้อมูลทั่วไปของตำบล",
        "ส่วนที่ 3 ภาคผนวก",
        "ส่วนที่ 2 แนวทางการพัฒนาสารสนเทศตำบลต้นแบบเพื่อพัฒนาคุณภาพชีวิต",
        "1.2 ผู้นำชุมชนและคณะทำงาน",
        "ประวัติความเป็นมา",
        "ตำบลทดสอบตั้งขึ้นเมื่อปี พ.ศ. 2470 ริมหนองน้ำใหญ่",
    ):
        assert thai(heading) in text, heading
    assert thai("ประชากร 250 คน 80 ครัวเรือน (ข้อมูล จปฐ. ปี 2564)") in text
    assert thai("พื้นที่ประมาณ 45.5 ตารางกิโลเมตร") in text
    assert thai("มีตัวแทนคณะทำงานครบทั้ง 2 หมู่บ้าน") in text
    assert thai("งบประมาณรวม250,000 บาท") in text  # the project's budget
    assert thai("อปท. 100,000 100,000 200,000") in text  # the budget table: 2569, 2570, total
    pages = pdf_page_count(pdf)
    contents = pdf_text(pdf, tmp_path, "toc.pdf")
    assert thai("ส่วนที่ 3 ภาคผนวก") in thai(contents.split("\f")[1])
    last_lines = [page.strip().splitlines()[-1] for page in contents.split("\f")[1:pages]]
    assert last_lines[:3] == ["2", "3", "4"]  # page numbers at the foot (not on the cover)
    fonts = subprocess.run(["pdffonts", str(tmp_path / "toc.pdf")], capture_output=True, text=True).stdout.splitlines()[
        2:
    ]
    assert fonts and all(" yes yes yes " in f for f in fonts)  # embedded, subset, with a Unicode map
    assert len(render_pages(tmp_path / "toc.pdf", tmp_path)) == pages


def test_thai_lines_break_between_words_and_read_back_as_written(tmp_path):
    sentence = "ชาวบ้านปลูกข้าวและเลี้ยงสัตว์ทุกปีที่หนองบัว" * 6
    pdf = html_to_pdf(f"<p style=\"width: 38mm; font-family: 'Laksaman'; font-size: 14pt\">{sentence}</p>")
    lines = [line for line in pdf_text(pdf, tmp_path).splitlines() if line.strip()]
    assert len(lines) > 5

    def whole_words(text: str) -> bool:
        return text == "" or any(text.startswith(w) and whole_words(text[len(w) :]) for w in WORDS)

    assert all(whole_words(thai(line)) for line in lines), lines
    assert thai("".join(lines)) == thai(sentence)
    extracted = thai(pdf_text(html_to_pdf("<p>ทางทิศเหนือของตำบล ผู้ใหญ่บ้านน้ำใจ ห้าสิบ อยู่ ส่วน</p>"), tmp_path, "x.pdf"))
    assert extracted == thai("ทางทิศเหนือของตำบล ผู้ใหญ่บ้านน้ำใจ ห้าสิบ อยู่ ส่วน")


def test_infographic_fits_two_a4_pages_as_pdf_and_png(tmp_path):
    story = hand_story()
    pdf = infographic_pdf(story)
    assert pdf_page_count(pdf) == 2  # the hand story fills both A4 pages, never a third
    text = thai(pdf_text(pdf, tmp_path))
    assert thai("ตำบลทดสอบ") in text and thai("1. รายได้ / เศรษฐกิจ") in text and "31.2" in text
    assert thai("1 โครงการ งบประมาณรวม 250,000 บาท") in text
    pngs = infographic_pngs(story, dpi=40)
    assert len(pngs) == pdf_page_count(pdf)
    width, height = Image.open(io.BytesIO(pngs[0])).size
    assert abs(height / width - 297 / 210) < 0.01


def test_the_demo_amphoe_infographic_stays_within_two_pages(demo_path):
    from analysis.contest.service import contest_store_for
    from analysis.contest.story import build_story
    from analysis.store import Workspace

    story = build_story(Workspace(demo_path), "9901", 2567, contest_store_for(demo_path))
    assert len(story.children) == 6
    assert pdf_page_count(infographic_pdf(story)) <= 2


def test_map_picture_draws_each_area_in_its_class_colour_and_the_pin():
    image = Image.open(io.BytesIO(render_map_png(hand_story().map, 800, 500))).convert("RGB")
    colours = dict((c, n) for n, c in image.getcolors(800 * 500))
    assert colours[(252, 174, 145)] > 5000 and colours[(222, 45, 38)] > 5000  # the two villages' classes
    assert colours.get((42, 157, 143), 0) > 50  # the savings-group pin


def test_every_chart_and_the_map_have_a_png():
    pngs = story_chart_pngs(hand_story())
    assert sorted(pngs) == ["budget.png", "domains_ranked.png", "map.png", "top_problems.png"]
    assert all(Image.open(io.BytesIO(p)).format == "PNG" for p in pngs.values())


def test_the_appointment_order_is_dated_in_the_thai_way():
    from datetime import date
    from types import SimpleNamespace

    from analysis.contest.sections import order_line

    profile = SimpleNamespace(appointment_order_no="12/2568", appointment_order_date=date(2025, 1, 15))
    line = order_line(SimpleNamespace(lang="th"), profile)
    assert line == "<p>คำสั่งแต่งตั้งคณะทำงาน เลขที่ 12/2568 ลงวันที่ 15 ม.ค. 2568</p>"
    assert order_line(SimpleNamespace(lang="th"), SimpleNamespace(appointment_order_no="")) == ""
