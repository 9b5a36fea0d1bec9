"""AppTest: the collection administration tab of the Data-check page on the demo (villages short of
volunteers, the order, visits, overdue corrections, households by อปท.), a register imported from
its workbook and a bad workbook refused in Thai with nothing written, the certification tab's lines
for a village, and an account that may only look."""

import io
import re

import openpyxl

from analysis.collection.store import collection_store_for
from analysis.collection.workbook import export_workbook
from analysis.demo.collection_admin import CORRECTION
from analysis.thaidate import today_bangkok
from tests.auth_helpers import cheap_hashing  # noqa: F401  (autouse)
from tests.test_auth_pages import sign_in
from tests.test_checks_pages import CHECKS, PASSWORD, accounts, checks_page, open_tab, table  # noqa: F401
from tests.test_pages import app, metrics

TAB = "บริหารการจัดเก็บ"


def test_the_tab_shows_the_demo_collection_administration(demo_workspace, monkeypatch):
    at = open_tab(checks_page(demo_workspace.root, monkeypatch), TAB)
    shown = metrics(at)
    assert shown["หมู่บ้านที่อาสาสมัครไม่พอ"] == "2/45"
    assert (shown["คำสั่งแต่งตั้ง"], shown["หมู่บ้านที่ตรวจติดตามแล้ว"], shown["ส่งคืนเกินกำหนด"]) == ("1", "5/45", "1")
    short = table(at, "ขาดอีก (คน)")
    assert [v[-9:-1] for v in short["หมู่บ้าน"]] == ["99010203", "99010404"]
    assert short["ขาดอีก (คน)"].tolist() == [2, 1]
    assert "2 หมู่บ้านมีอาสาสมัครผู้จัดเก็บน้อยกว่าเกณฑ์" in [w.value for w in at.warning]
    assert "1 หมู่บ้านยังไม่ส่งคืนข้อมูลที่แก้ไขและเกินกำหนดแล้ว" in [e.value for e in at.error]
    overdue = table(at, "เกินกำหนด (วัน)")
    days = (today_bangkok() - overdue_due()).days
    assert overdue["เกินกำหนด (วัน)"].tolist() == [days]
    lao = table(at, "ชื่อ อปท.")
    assert (
        lao["ครัวเรือนที่สำรวจ (ครัวเรือน)"].sum()
        == demo_workspace.read("area_summary", "area_code = '9901' AND year = 2567").iloc[0]["households"]
    )
    assert lao.iloc[0]["ชื่อ อปท."] == "เทศบาลตำบลหนองบัว (สมมติ)" and lao.iloc[0]["หมู่บ้าน (หมู่บ้าน)"] == 3
    assert any(b.label == "ดาวน์โหลดเอกสารรูปเล่มพร้อมหลักฐาน (PDF)" for b in at.get("download_button"))


def overdue_due():
    return CORRECTION.due_date


def _edited_volunteers(root, change: dict[str, int]) -> bytes:
    data = export_workbook(collection_store_for(root), "volunteers", "990101", 2567)
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    for row in sheet.iter_rows():
        code = row[0].value
        if code in change and row[1].value == "อาสาสมัครผู้จัดเก็บข้อมูล":
            row[2].value = change[code]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_register_is_imported_from_its_workbook_and_a_bad_one_is_refused(demo_workspace, monkeypatch):
    at = app(demo_workspace.root, monkeypatch)
    at.sidebar.selectbox(key="pick_tambon").select("990101").run()
    at.switch_page(CHECKS).run()
    open_tab(at, TAB)
    store = collection_store_for(demo_workspace.root)
    bad = _edited_volunteers(demo_workspace.root, {"99010102": "หก"})
    at.file_uploader(key="collection_upload_volunteers").upload("อาสาสมัคร_หนองบัว.xlsx", bad, "application/xlsx").run()
    at.button(key="collection_import_volunteers").click().run()
    assert not at.exception, at.exception
    assert at.error[0].value.startswith("ไม่ได้นำเข้าไฟล์ อาสาสมัคร_หนองบัว.xlsx เพราะพบปัญหาต่อไปนี้")
    refused = table(at, "ปัญหา")
    assert refused[["ไฟล์", "คอลัมน์"]].values.tolist() == [["อาสาสมัคร_หนองบัว.xlsx", "จำนวนอาสาสมัคร (คน)"]]
    before = store.frame("volunteers", "99010102", 2567).set_index("role")["volunteers"]
    assert before["collector"] == 7  # nothing written
    good = _edited_volunteers(demo_workspace.root, {"99010102": 9})
    at.file_uploader(key="collection_upload_volunteers").upload("อาสาสมัคร_หนองบัว.xlsx", good, "application/xlsx").run()
    at.button(key="collection_import_volunteers").click().run()
    assert not at.exception, at.exception
    assert "นำเข้า อาสาสมัคร_หนองบัว.xlsx แล้ว: เพิ่ม 0 แก้ไข 1 ลบ 0 รายการ" in [s.value for s in at.success]
    assert store.frame("volunteers", "99010102", 2567).set_index("role").at["collector", "volunteers"] == 9
    entry = store.audit_log("volunteers").iloc[0]
    assert (entry["action"], entry["changes"]) == ("import", {"volunteers": [7, 9]})


def test_the_certification_tab_says_whether_the_village_has_its_order_visit_and_correction(demo_workspace, monkeypatch):
    at = open_tab(checks_page(demo_workspace.root, monkeypatch), "รับรองข้อมูล")
    at.selectbox(key="certify_village").select("99010503").run()
    captions = [c.value for c in at.caption]
    assert "คำสั่งแต่งตั้งที่ครอบคลุมหมู่บ้านนี้: 245/2566" in captions
    assert "คณะทำงานตรวจติดตามแล้ว 1 ครั้ง (ล่าสุด 30 ม.ค. 2567)" in captions
    days = (today_bangkok() - overdue_due()).days
    assert f"เกินกำหนดส่งคืนแล้ว {days:,} วัน (กำหนด 12 ก.พ. 2567)" in [e.value for e in at.error]
    at.selectbox(key="certify_village").select("99010203").run()
    warnings = [w.value for w in at.warning]
    assert "คณะทำงานยังไม่ได้ตรวจติดตามหมู่บ้านนี้" in warnings
    assert "อาสาสมัครผู้จัดเก็บ 4 คน (เกณฑ์ 6 คน)" in warnings


def test_an_account_outside_the_area_may_only_look(accounts, monkeypatch):  # noqa: F811
    at = sign_in(app(accounts.root, monkeypatch), "officer", PASSWORD)
    at.switch_page(CHECKS).run()
    at.sidebar.selectbox(key="pick_tambon").select("").run()  # the amphoe: outside the officer's tambon
    open_tab(at, TAB)
    assert "บัญชีนี้ดูได้อย่างเดียว: การแก้ไขทะเบียนต้องมีสิทธิ์ตรวจสอบข้อมูลในพื้นที่นี้" in [c.value for c in at.caption]
    assert at.file_uploader(key="collection_upload_volunteers").disabled


def test_a_returned_village_gets_its_due_date_on_the_certification_tab(demo_workspace, monkeypatch):
    at = open_tab(checks_page(demo_workspace.root, monkeypatch), "รับรองข้อมูล")
    at.selectbox(key="certify_village").select("99010503").run()  # returned for correction in the demo
    field = at.text_input(key="collection_due_99010503_2567")
    assert field.value == "12 ก.พ. 2567"  # the stored due date
    field.input("20/2/2567").run()
    at.button(key="collection_due_save_99010503_2567").click().run()
    assert not at.exception, at.exception
    assert "บันทึกกำหนดส่งคืน 20 ก.พ. 2567 แล้ว" in [s.value for s in at.success]
    store = collection_store_for(demo_workspace.root)
    saved = store.records("corrections", "99010503", 2567)[0]
    assert (saved.due_date.isoformat(), saved.returned_on.isoformat(), saved.version) == ("2024-02-20", "2024-02-05", 2)
    assert store.audit_log("correction_due").iloc[0]["changes"] == {"due_date": ["2024-02-12", "2024-02-20"]}
    at.selectbox(key="certify_village").select("99010101").run()  # certified: no due date to give
    assert not [w for w in at.text_input if w.key == "collection_due_99010101_2567"]


def test_the_tab_speaks_english_with_the_switch(demo_workspace, monkeypatch):
    at = checks_page(demo_workspace.root, monkeypatch)
    at.sidebar.segmented_control(key="lang").set_value("en").run()
    open_tab(at, "Collection administration")
    shown = metrics(at)
    assert (shown["Villages short of volunteers"], shown["Corrections overdue"]) == ("2/45", "1")
    assert "2 villages have fewer collecting volunteers than the rule" in [w.value for w in at.warning]
    short = table(at, "Short by (people)")
    assert short.columns.tolist() == [
        "Village",
        "Target households (households)",
        "Volunteers (people)",
        "Needed at least (people)",
        "Short by (people)",
    ]
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [e.label for e in at.expander]
    assert not [x for x in texts if re.search(r"\bcollection\.[a-z_]+\.[a-z_]+", x)]  # no key left untranslated
