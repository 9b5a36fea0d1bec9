"""AppTest: the Data-check page on the demo (progress, checks, certification, register), a status
changed from the page and a stale change refused, volunteer names only for those who may see
households, and the reports page with its public edition."""

from datetime import date

import pytest

from analysis.auth.accounts import AccountStore
from analysis.auth.login import Authenticator
from analysis.checks.certify import certification_store_for
from analysis.checks.register import read_register
from analysis.checks.views import collection_progress, run_checks
from analysis.db.errors import ConflictError
from analysis.formatting import fmt_pct
from analysis.plans.service import store_for
from analysis.thaidate import today_bangkok
from tests.auth_helpers import cheap_hashing  # noqa: F401  (autouse)
from tests.test_auth_pages import sign_in
from tests.test_pages import app, metrics
from tests.thai_scan import page_texts

CHECKS = "../pages/checks.py"
REPORTS = "../pages/reports.py"
PASSWORD = "a-long-password-1"


def checks_page(root, monkeypatch):
    at = app(root, monkeypatch)
    at.switch_page(CHECKS).run()
    assert not at.exception, at.exception
    return at


def open_tab(at, label):
    """Open a tab of the page (only the open tab runs)."""
    at.session_state["checks_tab"] = label
    at.run()
    assert not at.exception, at.exception
    return at


def table(at, column):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_the_page_shows_progress_checks_and_statuses_of_the_demo(demo_workspace, monkeypatch):
    at = checks_page(demo_workspace.root, monkeypatch)
    assert at.title[0].value == "ตรวจสอบและรับรองข้อมูล: อำเภอสาธิต (สมมติ)"
    progress = collection_progress(demo_workspace, "9901", 2567, today_bangkok())
    found = run_checks(demo_workspace, "9901", 2567, today_bangkok()).findings
    shown = metrics(at)
    assert shown["จัดเก็บแล้ว"] == fmt_pct(progress.pct_complete)
    assert shown["หมู่บ้านที่จัดเก็บครบ"] == "43/45" and shown["หมู่บ้านล่าช้า / เลยกำหนด"] == "2"
    assert shown["กำหนดส่ง"] == "29 มี.ค. 2567"
    assert not [d for d in at.dataframe if "สิ่งที่พบ" in d.value.columns]  # the checks run when their tab opens
    villages = table(at, "ความก้าวหน้า")
    assert len(villages) == 45
    late = villages[villages["ความก้าวหน้า"] == "เลยกำหนดส่ง"]["หมู่บ้าน"].tolist()
    assert [v[-9:-1] for v in late] == ["99010505", "99010607"]
    assert villages.set_index(villages["หมู่บ้าน"].str[-9:-1]).loc["99010503", "สถานะการรับรอง"] == "ส่งกลับแก้ไข"
    assert any("เลยกำหนดส่งมา" in c.value for c in at.caption)  # 2 villages still late: the days past count
    done = villages[villages["ความก้าวหน้า"] == "ครบแล้ว"]
    assert len(done) == 43 and done["เหลือ (วัน)"].isna().all()  # a village done counts no days
    volunteers = table(at, "อาสาสมัครผู้จัดเก็บ")
    assert volunteers["อาสาสมัครผู้จัดเก็บ"].iloc[0] == "อช.99010101-1"  # the local user may see households
    open_tab(at, "ตรวจสอบคุณภาพข้อมูล")
    assert metrics(at)["ข้อผิดพลาด"] == str((found["severity"] == "error").sum()) == "8"
    findings = table(at, "สิ่งที่พบ")
    assert len(findings) == len(found)
    assert "ครัวเรือนตอบขัดกัน" in " ".join(findings["สิ่งที่พบ"])


def test_a_long_list_of_findings_is_cut_per_rule_with_the_full_list_to_download(demo_workspace, monkeypatch):
    monkeypatch.setattr("dashboard.checks_ui.SHOWN_PER_RULE", 2)
    at = checks_page(demo_workspace.root, monkeypatch)
    found = run_checks(demo_workspace, "9901", 2567, today_bangkok()).findings
    per_rule = found["rule"].value_counts()
    expected = int(per_rule.clip(upper=2).sum())
    assert len(found) > expected  # the demo has a rule with more than two findings
    open_tab(at, "ตรวจสอบคุณภาพข้อมูล")
    assert len(table(at, "สิ่งที่พบ")) == expected
    caption = next(c.value for c in at.caption if c.value.startswith("แสดง "))
    assert caption.startswith(f"แสดง {expected} จาก {len(found)} รายการ (ไม่เกิน 2 รายการต่อเกณฑ์)")


def test_a_village_is_checked_from_the_page_and_a_stale_change_is_refused(demo_workspace, monkeypatch):
    at = checks_page(demo_workspace.root, monkeypatch)
    at.sidebar.text_input(key="user_name").input("มาลี").run()
    open_tab(at, "รับรองข้อมูล")
    at.selectbox(key="certify_village").select("99010106").run()
    assert "สถานะปัจจุบัน: ยังไม่ตรวจ" in [m.value for m in at.markdown]
    radio = at.radio(key="certify_target_99010106_not_checked")
    assert radio.options == ["ตรวจแล้ว"]  # no skipping to certified
    at.text_input(key="certify_note_99010106").input("ตรวจครบทุกข้อ")
    next(b for b in at.button if b.label == "บันทึกสถานะ").click().run()
    assert not at.exception, at.exception
    assert "บันทึกสถานะ ตรวจแล้ว แล้ว (ฉบับที่ 1)" in [s.value for s in at.success]
    store = certification_store_for(demo_workspace.root)
    saved = store.record("99010106", 2567)
    assert (saved.status, saved.note, saved.updated_by, saved.version) == ("checked", "ตรวจครบทุกข้อ", "มาลี", 1)
    assert at.radio(key="certify_target_99010106_checked").options == ["ส่งกลับแก้ไข", "รับรองแล้ว"]
    # someone else returns the village while this form (version 1) is open: certifying is refused
    store.transition("99010106", 2567, "returned", 1, "สมชาย", "แก้ข้อ 18")
    at.radio(key="certify_target_99010106_checked").set_value("certified")
    next(b for b in at.button if b.label == "บันทึกสถานะ").click().run()
    assert not at.exception, at.exception
    conflict = ConflictError("certification", saved.id, 2).message_th
    assert [e.value for e in at.error] == [conflict]
    assert store.record("99010106", 2567).status == "returned"  # nothing overwritten
    at.run()
    assert at.radio(key="certify_target_99010106_returned").options == ["ตรวจแล้ว"]  # the form shows it as it is now


def test_a_finished_tambon_counts_no_days_past_its_deadline(demo_workspace, monkeypatch):
    at = checks_page(demo_workspace.root, monkeypatch)
    at.sidebar.selectbox(key="pick_tambon").select("990101").run()  # every village of it done
    assert any(c.value.startswith("จัดเก็บแล้ว 1,283 จากครัวเรือนเป้าหมาย 1,283") for c in at.caption)
    assert not any("เลยกำหนดส่งมา" in c.value for c in at.caption)  # finished: nothing is late


def test_the_register_is_uploaded_and_saved_from_the_page(demo_workspace, monkeypatch):
    at = app(demo_workspace.root, monkeypatch)
    at.sidebar.selectbox(key="pick_tambon").select("990101").run()
    at.switch_page(CHECKS).run()
    open_tab(at, "ทะเบียนครัวเรือนเป้าหมาย")
    text = "รหัสหมู่บ้าน,ครัวเรือนเป้าหมาย\n" + "".join(f"990101{v:02d},200\n" for v in range(1, 8))
    at.file_uploader(key="register_file").upload("register.csv", text.encode("utf-8"), "text/csv").run()
    at.text_input(key="register_deadline").input("30/4/2567").run()
    at.button(key="register_save").click().run()
    assert not at.exception, at.exception
    assert "บันทึกทะเบียนแล้ว: 7 หมู่บ้าน 1,400 ครัวเรือน" in [s.value for s in at.success]
    register = read_register(demo_workspace, 2567)
    villages = register.villages().set_index("village_code")
    assert villages.loc["99010101", "households_expected"] == 200 and villages.loc["99010101", "deadline"] == date(
        2024, 4, 30
    )
    assert villages.loc["99010201", "deadline"] == date(2024, 3, 29)  # other tambons keep their rows
    open_tab(at, "ความก้าวหน้าการจัดเก็บ")
    assert metrics(at)["หมู่บ้านที่จัดเก็บครบ"] == "1/7"  # only 99010105 has 229 ≥ 200 collected


@pytest.fixture
def accounts(demo_workspace):
    store = AccountStore(store_for(demo_workspace.root).url)
    store.add(None, "admin", PASSWORD, "admin")
    admin = Authenticator(store.url).authenticate("admin", PASSWORD)
    store.add(admin, "officer", PASSWORD, "data_officer", ["990101"])
    store.add(admin, "viewer1", PASSWORD, "viewer", ["9901"])
    return demo_workspace


def test_names_and_findings_only_where_the_account_may_see_households(accounts, monkeypatch):
    at = sign_in(app(accounts.root, monkeypatch), "officer", PASSWORD)
    at.switch_page(CHECKS).run()
    # signed in, the officer starts on their own tambon, where collectors' names are shown
    assert at.sidebar.selectbox(key="pick_tambon").value == "990101"
    assert table(at, "อาสาสมัครผู้จัดเก็บ")["อาสาสมัครผู้จัดเก็บ"].iloc[0] == "อช.99010101-1"
    at.sidebar.selectbox(key="pick_tambon").select("").run()
    volunteers = table(at, "อาสาสมัครผู้จัดเก็บ")  # the whole amphoe: outside the officer's tambon
    assert volunteers["อาสาสมัครผู้จัดเก็บ"].str.startswith("อาสาสมัคร ").all()
    assert "ชื่ออาสาสมัครเป็นข้อมูลส่วนบุคคล แสดงเฉพาะผู้มีสิทธิ์ดูข้อมูลระดับครัวเรือน" in [c.value for c in at.caption]
    open_tab(at, "ตรวจสอบคุณภาพข้อมูล")
    assert "บัญชีนี้ดูผลการตรวจสอบได้เฉพาะหมู่บ้านในพื้นที่ที่ได้รับสิทธิ์" in [w.value for w in at.warning]
    summary = table(at, "ข้อสังเกต")  # the villages of the officer's tambon only (none has a finding)
    assert summary["หมู่บ้าน"].str[-9:-1].str.startswith("990101").all() and len(summary) == 7
    assert not [d for d in at.dataframe if "สิ่งที่พบ" in d.value.columns]
    open_tab(at, "ความก้าวหน้าการจัดเก็บ")
    at.sidebar.selectbox(key="pick_tambon").select("990101").run()
    assert table(at, "อาสาสมัครผู้จัดเก็บ")["อาสาสมัครผู้จัดเก็บ"].iloc[0] == "อช.99010101-1"


def test_the_reports_page_for_a_viewer_is_always_public(accounts, monkeypatch):
    at = sign_in(app(accounts.root, monkeypatch), "viewer1", PASSWORD)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(CHECKS)
    at.switch_page(REPORTS).run()
    assert not at.exception, at.exception
    labels = [b.label for b in at.button if b.key.startswith("reports_")]
    assert labels == [
        "เอกสารคุณภาพชีวิตของประชาชนอำเภอ (PDF)",
        "เอกสารคุณภาพชีวิตของประชาชนอำเภอ (XLSX)",
        "รายงานความก้าวหน้าเสนอจังหวัด (1 หน้า) (PDF)",
        "รายงานความก้าวหน้าเสนอจังหวัด (1 หน้า) (XLSX)",
    ]
    assert "รายงานสำหรับบัญชีนี้เป็นฉบับเผยแพร่เสมอ (ปกปิดจำนวนที่น้อยกว่าเกณฑ์)" in [c.value for c in at.caption]
    assert not [c for c in at.checkbox if c.key == "reports_public"]


def test_without_a_register_the_progress_tab_says_so_and_leaves_unknown_cells_blank(demo_workspace, monkeypatch):
    (demo_workspace.root / "registers" / "2567.parquet").unlink()
    at = checks_page(demo_workspace.root, monkeypatch)
    # the amphoe: each tambon counts its villages with data (7 + 8 + 7 + 9 + 6 + 8 = 45), no target
    tambons = table(at, "ครบแล้ว (หมู่บ้าน)")
    assert tambons["หมู่บ้าน"].tolist() == [7, 8, 7, 9, 6, 8]
    assert tambons["ครัวเรือนเป้าหมาย"].isna().all() and tambons["% จัดเก็บ"].isna().all()
    assert metrics(at)["หมู่บ้านที่จัดเก็บครบ"] == "–"  # not "0/0": no village has a target
    at.sidebar.selectbox(key="pick_tambon").select("990101").run()
    assert not at.exception, at.exception
    captions = [c.value for c in at.caption]
    assert "จัดเก็บแล้ว 1,283 ครัวเรือน (ยังไม่มีทะเบียนครัวเรือนเป้าหมาย)" in captions
    assert not [c for c in captions if "จากครัวเรือนเป้าหมาย" in c]
    villages = table(at, "ความก้าวหน้า")
    assert len(villages) == 7 and villages["จัดเก็บแล้ว"].sum() == 1283
    unknown = ["ครัวเรือนเป้าหมาย", "มีเลขที่บ้าน", "ไม่มีเลขที่บ้าน", "% จัดเก็บ", "% ตามแผน", "เหลือ (วัน)"]
    assert villages[unknown].isna().all().all()
    texts = page_texts(at)
    assert not [text for _, text in texts if text == "None"]  # Streamlit's own placeholder for a blank cell
    assert {text for where, text in texts if where == "table.empty_cell"} == {"–"}
