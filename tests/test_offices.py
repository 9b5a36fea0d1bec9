"""The offices' registers (issue 24 part 4): the contest register's rules with their exact Thai
reasons, the role-model totals and ranking counted by hand, monthly due dates and statuses, the
store's authorisation and audit trail, the workbooks (round trip, Thai refusals, no partial write),
and the migration from 0007."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy

from analysis.auth.accounts import AccountStore
from analysis.auth.login import Authenticator
from analysis.auth.roles import PermissionDenied
from analysis.db.engine import migrate
from analysis.db.errors import ConflictError, RecordInvalid
from analysis.offices import monthly, workbook
from analysis.offices.records import ContestEntry, MonthlyReport, RoleModelSheet
from analysis.offices.register import entry_problems
from analysis.offices.scores import chosen, score_table, total
from analysis.offices.service import OfficeStore
from analysis.store_errors import StoreError

NAMES = {"99": "จังหวัดสาธิต", "9901": "อำเภอหนึ่ง", "9902": "อำเภอสอง", "9903": "อำเภอสาม"}
NAMES |= {"990101": "ตำบลก", "990102": "ตำบลข", "990201": "ตำบลค", "990301": "ตำบลง", "990302": "ตำบลจ"}


def names(code: str, lang: str) -> str:
    return NAMES.get(code, code)


@pytest.fixture
def store(tmp_path) -> OfficeStore:
    return OfficeStore(f"sqlite:///{tmp_path / 'plans.sqlite'}")


def entry(year: int, tambon: str, sent_on: bool = False, **more) -> ContestEntry:
    return ContestEntry("99", year, tambon, sent_on, **more)


# ---- the contest register ---------------------------------------------------------------------
def test_one_tambon_per_amphoe_with_the_exact_thai_reason(store):
    store.save_entry(entry(2568, "990101"), "ก", names)
    with pytest.raises(RecordInvalid) as refused:
        store.save_entry(entry(2568, "990102"), "ก", names)
    assert refused.value.messages("th") == [
        "ไม่ผ่านเกณฑ์ “อำเภอละ 1 ตำบล”: อำเภอหนึ่ง มี ตำบลก ในทะเบียนปีงบประมาณ 2568 แล้ว จึงเพิ่ม ตำบลข ไม่ได้: "
        "ลบหรือเปลี่ยนรายการเดิมก่อน"
    ]
    assert refused.value.messages("en")[0].startswith(
        "Fails the rule “1 tambon per amphoe”: อำเภอหนึ่ง already has ตำบลก"
    )
    assert [e.tambon_code for e in store.entries("99")] == ["990101"]  # nothing written
    store.save_entry(entry(2568, "990201"), "ก", names)  # another amphoe the same year: allowed


def test_two_sent_on_per_province(store):
    for tambon in ("990101", "990201"):
        store.save_entry(entry(2568, tambon, True), "ก", names)
    third = entry(2568, "990301", True)
    assert [p[1] for p in entry_problems(third, store.entries("99"), names)] == [
        "ไม่ผ่านเกณฑ์ “ส่งต่อระดับจังหวัด จังหวัดละ 2 ตำบล”: จังหวัดสาธิต ส่งต่อระดับจังหวัดในปีงบประมาณ 2568 ครบ 2 ตำบลแล้ว "
        "จึงส่งต่อ ตำบลง (อำเภอสาม) ไม่ได้: ยกเลิกการส่งต่อตำบลอื่นก่อน"
    ]
    third.sent_on = False  # entered without being sent on: allowed
    assert entry_problems(third, store.entries("99"), names) == []


def test_a_tambon_chosen_in_an_earlier_round_is_refused(store):
    store.save_entry(entry(2564, "990101"), "ก", names)
    with pytest.raises(RecordInvalid) as refused:
        store.save_entry(entry(2568, "990101"), "ก", names)
    assert refused.value.problems[0][0] == "earlier"
    assert refused.value.messages("th") == [
        "ไม่ผ่านเกณฑ์ “ไม่เคยได้รับเลือกในรอบก่อน (ตั้งแต่ปี 2561)”: ตำบลก (อำเภอหนึ่ง) เคยเป็นตำบลเป้าหมายในปีงบประมาณ 2564 แล้ว "
        "จึงเข้าทะเบียนปีงบประมาณ 2568 ไม่ได้: เลือกตำบลอื่นของอำเภอนี้"
    ]
    # a round before the declared first year does not count (2560 < 2561)
    assert entry_problems(entry(2568, "990102"), [entry(2560, "990102", id=9)], names) == []


def test_year_outside_the_province_and_twice_are_refused(store):
    rules = [p[0] for p in entry_problems(entry(2025, "990101"), [], names)]
    assert rules == ["year"]  # a ค.ศ. year is refused, never converted
    outside = entry_problems(entry(2568, "100101"), [], names)
    assert outside[0][1] == "ไม่ผ่านเกณฑ์ “ตำบลในจังหวัด”: รหัส 100101 ไม่ใช่ตำบลในจังหวัดสาธิต: ใส่รหัสตำบล 6 หลักของจังหวัดนี้"
    store.save_entry(entry(2568, "990101"), "ก", names)
    assert [p[0] for p in entry_problems(entry(2568, "990101"), store.entries("99"), names)] == ["twice"]


# ---- the role-model score sheet ---------------------------------------------------------------
def test_totals_and_ranking_counted_by_hand():
    a = RoleModelSheet("99", 2568, "9901", {"leadership": 8, "data_use": 9, "staff_work": 7.5, "partners": 8.5})
    b = RoleModelSheet("99", 2568, "9902", {"leadership": 10, "data_use": 10, "staff_work": 10, "partners": 10})
    c = RoleModelSheet("99", 2568, "9903", {"leadership": 9, "data_use": 9, "staff_work": 8, "partners": 7})
    # 0.25 × (8 + 9 + 7.5 + 8.5) / 10 × 100 = 82.5; c: 0.25 × 33 / 10 × 100 = 82.5; b = 100
    assert (total(a), total(b), total(c)) == (82.5, 100.0, 82.5)
    table = score_table([a, b, c], names, "th")
    assert table[["amphoe", "total", "rank"]].values.tolist() == [
        ["อำเภอสอง", 100.0, 1],
        ["อำเภอหนึ่ง", 82.5, 2],
        ["อำเภอสาม", 82.5, 2],
    ]
    assert chosen(table) == ["9902"]
    assert total(RoleModelSheet("99", 2568, "9901", {"leadership": 10})) == 25.0  # missing scores count 0


def test_a_score_outside_the_scale_is_refused(store):
    with pytest.raises(RecordInvalid) as refused:
        store.save_sheet(RoleModelSheet("99", 2568, "9901", {"data_use": 11}), "ก")
    assert refused.value.messages("th") == ["คะแนนหลักเกณฑ์ข้อ ๒ เป็น 11 ซึ่งอยู่นอกช่วง 0 ถึง 10 คะแนน: แก้คะแนนให้อยู่ในช่วงนี้"]
    with pytest.raises(RecordInvalid, match="ไม่ใช่อำเภอในจังหวัดรหัส 99"):
        store.save_sheet(RoleModelSheet("99", 2568, "1001", {}), "ก")
    assert store.sheets() == []


# ---- monthly reports --------------------------------------------------------------------------
def test_due_dates_and_statuses():
    assert monthly.due_date("best_practice", 2569, 1) == date(2026, 1, 25)
    assert monthly.due_date("staff_plan", 2569, 1) == date(2025, 12, 25)  # the month before
    assert monthly.due_date("staff_plan", 2568, 10) == date(2025, 9, 25)
    reports = [MonthlyReport("99", "best_practice", 2568, 11, date(2025, 11, 26))]
    table = monthly.owed(["99", "9901"], [(2568, 11), (2568, 12), (2569, 1)], reports, date(2026, 1, 20))
    assert table[["area_code", "kind", "month", "status"]].values.tolist() == [
        ["99", "best_practice", 11, "sent_late"],
        ["99", "best_practice", 12, "overdue"],
        ["99", "best_practice", 1, "due_soon"],  # due 25 Jan, 5 days ≤ 7
        ["9901", "staff_plan", 11, "overdue"],
        ["9901", "staff_plan", 12, "overdue"],
        ["9901", "staff_plan", 1, "overdue"],  # due 25 Dec
    ]
    pending = monthly.reminders(table)
    assert pending["status"].tolist() == ["overdue"] * 4 + ["due_soon"]
    assert pending["due"].iloc[0] == date(2025, 10, 25)  # oldest first


def test_a_report_of_the_wrong_office_is_refused(store):
    with pytest.raises(RecordInvalid) as refused:
        store.save_report(MonthlyReport("9901", "best_practice", 2569, 1, date(2026, 1, 20)), "ก")
    assert refused.value.messages("th")[0].startswith("สำนักงานรหัส 9901 ไม่ต้องส่งรายงานชนิดนี้")


# ---- authorisation and audit ------------------------------------------------------------------
def test_only_the_owning_office_edits_and_every_change_is_audited(store):
    accounts = AccountStore(store.url)
    accounts.add(None, "admin", "a-long-password-1", "admin")
    admin = Authenticator(accounts.url).authenticate("admin", "a-long-password-1")
    accounts.add(admin, "amphoe1", "a-long-password-1", "planner", ["9901"])
    accounts.add(admin, "province", "a-long-password-1", "planner", ["99"])
    amphoe = Authenticator(accounts.url).authenticate("amphoe1", "a-long-password-1")
    province = Authenticator(accounts.url).authenticate("province", "a-long-password-1")
    with pytest.raises(PermissionDenied):
        store.save_entry(entry(2568, "990101"), amphoe, names)  # the register is the province's
    with pytest.raises(PermissionDenied):
        store.save_sheet(RoleModelSheet("99", 2568, "9901", {"leadership": 10}), amphoe)
    with pytest.raises(PermissionDenied):
        store.save_report(MonthlyReport("99", "best_practice", 2569, 1, date(2026, 1, 20)), amphoe)
    assert store.entries() == [] and store.sheets() == [] and store.reports() == []
    saved = store.save_entry(entry(2568, "990101"), province, names)
    store.save_report(MonthlyReport("9901", "staff_plan", 2569, 1, date(2025, 12, 20)), amphoe)
    with pytest.raises(PermissionDenied):
        store.delete_entry(saved.id, saved.version, amphoe)
    saved.note = "แก้"
    changed = store.save_entry(saved, province, names)
    with pytest.raises(ConflictError):
        store.save_entry(saved, province, names)  # from the older version
    log = store.audit_log()
    log = log[log["entity"] != "account"]
    assert log[["actor", "action", "entity"]].values.tolist() == [
        ["province", "update", "contest_entry"],
        ["amphoe1", "create", "monthly_report"],
        ["province", "create", "contest_entry"],
    ]
    assert log["changes"].iloc[0] == {"note": ["", "แก้"]} and changed.version == 2


# ---- workbooks ----------------------------------------------------------------------------------
def test_each_register_round_trips_through_its_workbook(store):
    store.save_entry(entry(2568, "990101", True, note="หมายเหตุ"), "ก", names)
    store.save_sheet(
        RoleModelSheet("99", 2568, "9901", {"leadership": 8, "data_use": 9.5}, {"leadership": "หลักฐาน"}), "ก"
    )
    store.save_report(MonthlyReport("99", "best_practice", 2569, 1, date(2026, 1, 24), "เรื่อง", "สาระ"), "ก")
    for kind, read in (("entries", store.entries), ("sheets", store.sheets), ("reports", store.reports)):
        data = workbook.export_workbook(kind, read(), names)
        back = workbook.read_workbook(kind, data, "ทะเบียน.xlsx")
        stored = read()
        for before, after in zip(stored, back, strict=True):
            before.updated_at = before.updated_by = None
            if kind == "sheets":  # blank evidence comes back as ""
                before.evidence = {k: before.evidence.get(k, "") for k in after.evidence}
                before.scores = {k: before.scores.get(k) for k in after.scores}
            assert after == before
    # an edited workbook updates the stored rows in place (their ids and versions)
    data = workbook.export_workbook("entries", store.entries(), names)
    rows = workbook.read_workbook("entries", data, "x.xlsx")
    rows[0].note = "แก้ในไฟล์"
    store.import_entries(rows, "ก", names)
    assert [(e.note, e.version) for e in store.entries()] == [("แก้ในไฟล์", 2)]


def test_a_bad_workbook_is_refused_in_thai_and_nothing_is_written(store):
    with pytest.raises(StoreError) as refused:
        workbook.read_workbook("entries", b"not a workbook", "ทะเบียน.xlsx")
    assert refused.value.message("th").startswith("อ่านไฟล์ ทะเบียน.xlsx ไม่ได้ (ไม่ใช่ไฟล์ Excel หรือไฟล์เสีย) — แก้ไฟล์ตามนี้")
    good = [entry(2568, "990101"), entry(2568, "990201")]
    data = workbook.export_workbook("entries", good, names)
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    book.active["G3"] = "บางที"  # the second row's "sent on" is neither yes nor no
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(StoreError) as refused:
        workbook.read_workbook("entries", buffer.getvalue(), "ทะเบียน.xlsx")
    assert refused.value.message("th").startswith(
        "ไฟล์ ทะเบียน.xlsx แถว 3 คอลัมน์ “ส่งต่อระดับจังหวัด”: “บางที” ต้องเป็น ใช่ หรือ ไม่ใช่"
    )
    # a file whose second row breaks a rule: neither row is saved
    rows = workbook.read_workbook(
        "entries", workbook.export_workbook("entries", [entry(2568, "990101"), entry(2568, "990102")], names), "x.xlsx"
    )
    with pytest.raises(RecordInvalid) as broken:
        store.import_entries(rows, "ก", names)
    assert broken.value.problems[0][0] == "per_amphoe"
    assert store.entries() == []


# ---- the migration ------------------------------------------------------------------------------
def test_the_migration_upgrades_a_0007_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    migrate(url, "0007")
    engine = sqlalchemy.create_engine(url)
    assert "office_contest_entries" not in sqlalchemy.inspect(engine).get_table_names()
    migrate(url, "0009")
    tables = set(sqlalchemy.inspect(sqlalchemy.create_engine(url)).get_table_names())
    assert {"office_contest_entries", "office_role_model_scores", "office_monthly_reports"} <= tables
    store = OfficeStore(url)
    assert store.save_entry(entry(2568, "990101"), "ก", names).version == 1
