"""The evidence book for the จปฐ. awards on the demo: every section in the declared order with the
demo's numbers (counted by hand from analysis/demo/collection_admin.py), read back with pdftotext,
rendered with pdftoppm, and held to the project's document check in Thai and English."""

from datetime import date

import pytest

from analysis.collection import records
from analysis.collection.book import evidence_book_pdf
from analysis.collection.gather import gather_book
from analysis.contest.pdf import pdf_page_count
from analysis.store import Workspace
from tests import document_check as check
from tests.committee_documents import Document
from tests.contest_fixtures import pdf_text, render_pages, thai

AS_OF = date(2024, 3, 1)


def demo_book(demo_path, lang: str) -> bytes:
    return evidence_book_pdf(gather_book(Workspace(demo_path), "9901", 2567, AS_OF, lang))


@pytest.fixture(scope="module", params=["th", "en"])
def book(request, demo_path):
    return request.param, demo_book(demo_path, request.param)


@pytest.fixture(scope="module")
def thai_book(demo_path):
    return demo_book(demo_path, "th")


def test_the_book_passes_the_document_check(book, tmp_path):
    lang, pdf = book
    problems = check.document_problems(Document("evidence_book", "pdf", pdf), lang, tmp_path)
    assert not problems, "\n".join(problems[:40])
    pages = render_pages(tmp_path / "evidence_book.pdf", tmp_path)
    assert len(pages) == pdf_page_count(pdf) >= 10  # cover, contents, eight sections (long tables run on)


def test_the_book_has_the_demo_numbers_in_the_declared_order(thai_book, tmp_path):
    text = thai(pdf_text(thai_book, tmp_path))
    headings = [
        "1.ทะเบียนพื้นที่เป้าหมายและจำนวนครัวเรือนเป้าหมาย",
        "2.คำสั่งแต่งตั้งคณะกรรมการจัดเก็บข้อมูล",
        "3.ทะเบียนอาสาสมัครผู้จัดเก็บข้อมูลและความเพียงพอ",
        "4.การจัดเก็บข้อมูลตามกำหนดเวลา",
        "5.คณะทำงานติดตามและตรวจสอบมาตรฐานการจัดเก็บข้อมูลและผลการติดตาม",
        "6.การแก้ไขข้อมูลและการส่งคืนตามกำหนด",
        "7.ข้อมูลตามองค์กรปกครองส่วนท้องถิ่น(อปท.)",
        "8.ภาพกิจกรรม",
    ]
    contents = text.index(thai("สารบัญ"))
    listed = [text.index(thai(h), contents) for h in headings]
    assert listed == sorted(listed)  # the contents page lists them in order
    body = text[listed[-1] + len(thai(headings[-1])) :]  # the sections after the contents
    positions = [body.index(thai(h)) for h in headings]
    assert positions == sorted(positions)
    # 45 villages; the two villages short by 2 and 1; the amphoe's order; 5 visits in 5 villages
    # with 0 + 1 + 0 + 3 + 1 findings; 99010503 returned, due 12 ก.พ. 2567: 18 days over on 1 มี.ค.
    assert thai("หมู่บ้านที่อาสาสมัครเพียงพอ 43 จาก 45 หมู่บ้าน") in text
    assert thai("245/2566") in text and thai("15 ธ.ค. 2566") in text
    assert thai("ตรวจติดตาม 5 ครั้ง ใน 5 หมู่บ้าน พบข้อค้นพบรวม 5 รายการ") in text
    assert thai("ส่งกลับแก้ไข 1 หมู่บ้าน ยังไม่ส่งคืน 1 หมู่บ้าน เกินกำหนด 1 หมู่บ้าน") in text
    assert thai("12 ก.พ. 2567 ส่งกลับแก้ไข 18") in text
    assert thai("เทศบาลตำบลหนองบัว (สมมติ) 3 555") in text  # หมู่ 1–3 of หนองบัว: 171 + 186 + 198


def test_the_declared_order_reorders_the_book(demo_path, tmp_path, monkeypatch):
    declared = {**records.settings(), "evidence_book": {"sections": ["visits", "orders"], "max_photos": 0}}
    monkeypatch.setattr(records, "settings", lambda: declared)
    pdf = evidence_book_pdf(gather_book(Workspace(demo_path), "990101", 2567, AS_OF, "th"))
    text = thai(pdf_text(pdf, tmp_path))
    body = text[text.index(thai("สารบัญ")) :]
    visits, orders = thai("5.คณะทำงานติดตาม"), thai("2.คำสั่งแต่งตั้ง")
    assert body.index(visits) < body.index(orders) and body.rindex(visits) < body.rindex(orders)
    assert thai("3.ทะเบียนอาสาสมัคร") not in text and pdf_page_count(pdf) == 4
