"""The offices' page and documents on a copy of the demo workspace: the three tabs (AppTest), a rule
refusal said under the form, the overview's reminder, and the role-model report form as PDF and DOCX
held to the project's document checks (pdftotext; the DOCX rendered by LibreOffice)."""

from __future__ import annotations

import subprocess
import unicodedata

from analysis.offices.form import form_content, form_docx, form_pdf
from analysis.offices.service import office_store_for
from analysis.store import Workspace
from tests.committee_documents import Document
from tests.document_check import document_problems, pdf_texts
from tests.test_pages import app

PAGE = "../pages/offices.py"


def _table(at, column: str):
    """The first table of the page with ``column`` (AppTest's tables carry no key)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _joined(lines: list[tuple[str, str]]) -> str:
    """The text read back without line breaks and spaces, SARA AM as one character (NFKC)."""
    return unicodedata.normalize("NFKC", "".join(line for _, line in lines)).replace(" ", "")


def _names(workspace: Workspace):
    register = workspace.register()
    return lambda code, lang: register.display_name(code, lang)


def test_the_page_shows_the_demo_registers_and_refuses_a_second_tambon(demo_workspace, monkeypatch):
    at = app(demo_workspace.root, monkeypatch)
    at.sidebar.text_input(key="user_name").input("ปลัดทดสอบ").run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "ทะเบียนและรายงานของสำนักงาน"
    assert [tab.label for tab in at.tabs] == ["ทะเบียนตำบลเป้าหมายการประกวด", "คะแนนคัดเลือกอำเภอต้นแบบ", "รายงานประจำเดือน"]
    at.number_input(key="offices_register_year").set_value(2568).run()
    register = _table(at, "ส่งต่อระดับจังหวัด")
    assert register.iloc[:, 2].tolist() == ["ตำบลห้วยทราย", "ตำบลหนองบัว"]  # 2566 then 2568
    assert any(s.value == "ทุกอำเภอของจังหวัดมีตำบลในทะเบียนปีงบประมาณ 2568 แล้ว" for s in at.success)
    at.selectbox(key="offices_register_tambon").select("990102")  # sent with the form
    at.button(key="FormSubmitter:offices_register_form-บันทึกเข้าทะเบียน").click().run()
    assert not at.exception, at.exception
    assert any(e.value.startswith("ไม่ผ่านเกณฑ์ “อำเภอละ 1 ตำบล”: อำเภอสาธิต (สมมติ) มี ตำบลหนองบัว") for e in at.error)
    assert len(office_store_for(demo_workspace.root).entries("99")) == 2  # nothing written
    at.number_input(key="offices_scores_year").set_value(2568).run()
    scores = _table(at, "คะแนนรวม")
    assert scores.iloc[0].tolist()[-2:] == [82.5, 1]  # (8 + 9 + 7.5 + 8.5) / 40 × 100
    assert any(s.value == "อำเภอต้นแบบ: อำเภอสาธิต (สมมติ) (82.5 คะแนน)" for s in at.success)
    monthly = _table(at, "กำหนดส่ง")
    assert monthly.shape == (24, 6)  # the province and its amphoe × 12 months of this fiscal year


def test_the_overview_reminds_the_office_that_owes_a_report(demo_workspace, monkeypatch):
    at = app(demo_workspace.root, monkeypatch)
    at.sidebar.selectbox(key="pick_amphoe").select("9901").run()
    assert not at.exception, at.exception
    reminder = next(w.value for w in at.warning if w.value.startswith("**รายงานประจำเดือนที่ต้องส่ง**"))
    assert "เลยกำหนด: แผนและผลการปฏิบัติงานประจำเดือนของลูกจ้างเหมาบริการ เดือนตุลาคม" in reminder
    assert "ของอำเภอสาธิต (สมมติ) (กำหนดส่ง 25 ก.ย." in reminder


def test_the_report_form_passes_the_document_checks(demo_workspace, tmp_path):
    store = office_store_for(demo_workspace.root)
    content = form_content("99", 2568, store.sheets("99", fiscal_year=2568), _names(demo_workspace), "th")
    pdf = form_pdf(content)
    assert document_problems(Document("role_model", "pdf", pdf), "th", tmp_path) == []
    text = _joined(pdf_texts(pdf, tmp_path, "form"))
    assert _joined([("", "ได้พิจารณาคัดเลือกอำเภอสาธิต (สมมติ) เป็นอำเภอต้นแบบ ได้คะแนนรวม 82.5 คะแนน")]) in text
    docx = tmp_path / "role_model.docx"
    docx.write_bytes(form_docx(content))
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(tmp_path), str(docx)],
        capture_output=True,
        timeout=300,
        check=True,
    )
    rendered = (tmp_path / "role_model.pdf").read_bytes()
    assert document_problems(Document("role_model_docx", "pdf", rendered), "th", tmp_path) == []
    drawn = _joined(pdf_texts(rendered, tmp_path, "docx"))
    assert _joined([("", "ได้พิจารณาคัดเลือกอำเภอสาธิต (สมมติ) เป็นอำเภอต้นแบบ ได้คะแนนรวม 82.5 คะแนน")]) in drawn
