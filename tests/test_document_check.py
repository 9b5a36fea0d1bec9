"""The document check on every document the product writes for committees (PPTX rendered by
LibreOffice, PDF through pdftotext, XLSX, HTML, KML), for the demo, in Thai and in English — and
the check itself, on texts that break each rule (so it can fail)."""

from __future__ import annotations

import pytest

from analysis.store import Workspace
from tests import document_check as check
from tests.committee_documents import committee_documents
from tests.contest_fixtures import pptx_to_pdf

KINDS = ("pptx", "pdf", "xlsx", "html", "kml")


@pytest.fixture(scope="module", params=["th", "en"])
def documents(request, demo_path, tmp_path_factory):
    lang = request.param
    return lang, committee_documents(Workspace(demo_path), "990101", "99010101", lang), tmp_path_factory.mktemp(lang)


def _problems(document, lang: str, tmp) -> list[str]:
    name = f"{document.name}.{document.kind}"
    if document.kind == "pdf":
        texts = check.pdf_texts(document.data, tmp, document.name)
        extra = check.pdf_overflow(document.data, tmp, document.name)
    elif document.kind == "pptx":
        path = pptx_to_pdf(document.data, tmp)  # as LibreOffice draws it
        rendered = path.read_bytes()
        texts = check.pptx_texts(document.data) + check.pdf_texts(rendered, tmp, "deck_rendered")
        extra = check.pptx_fit(document.data) + check.pdf_overflow(rendered, tmp, "deck_rendered")
        extra += check.pptx_table_clipping(document.data, path)
    elif document.kind == "xlsx":
        texts, extra = check.xlsx_texts(document.data), check.xlsx_units(document.data, lang)
    elif document.kind == "html":
        texts, extra = check.html_texts(document.data.decode("utf-8")), []
    else:
        texts, extra = check.kml_texts(document.data), []
    assert len(texts) > 10, f"{name}: nothing read back"
    return check.text_problems([(f"{name} {w}", t) for w, t in texts], lang) + extra


def test_every_document_type_is_checked(documents):
    _, made, _ = documents
    assert {d.kind for d in made} == set(KINDS)
    assert len(made) == 17


@pytest.mark.parametrize("kind", KINDS)
def test_the_documents_pass_the_document_check(documents, kind):
    lang, made, tmp = documents
    problems = [p for d in made if d.kind == kind for p in _problems(d, lang, tmp)]
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
