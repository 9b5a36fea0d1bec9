"""The tambon profile and the checklist evidence in the plans database (SQLite and PostgreSQL):
versions refuse stale saves with a Thai message, every change is in the audit log, checks in Thai."""

from datetime import date

import pytest
import sqlalchemy

from analysis.contest.records import EvidenceRecord, MemberRecord, PhotoRecord, ProfileRecord
from analysis.contest.service import ContestStore
from analysis.db.engine import downgrade, migrate
from analysis.db.errors import ConflictError
from analysis.db.errors import RecordInvalid as RecordInvalid


def profile() -> ProfileRecord:
    return ProfileRecord(
        "990101",
        history="ก่อตั้งเมื่อ พ.ศ. 2470",
        area_km2=45.5,
        appointment_order_no="ที่ 12/2568",
        appointment_order_date=date(2025, 1, 15),
        members=[MemberRecord("นายบุญมี ใจดี", "กำนัน", None, "leader"), MemberRecord("นางบัวผัน", "อสม.", "99010101")],
        photos=[PhotoRecord(b"\xff\xd8jpeg", "ศูนย์ข้อมูล", "place")],
    )


def test_profile_saved_revised_and_a_stale_save_refused(db_url):
    store = ContestStore(db_url)
    saved = store.save_profile(profile(), "พัฒนากร")
    assert (saved.id, saved.version, saved.created_by) == (1, 1, "พัฒนากร")
    loaded = store.profile("990101")
    assert loaded.members == profile().members and loaded.photos[0].photo == b"\xff\xd8jpeg"
    assert loaded.appointment_order_date == date(2025, 1, 15) and store.profile("990102") is None
    loaded.tourism = "หนองบัวหลวง"
    loaded.members.append(MemberRecord("นายทองดี", "ผู้ใหญ่บ้าน", "99010102"))
    assert store.save_profile(loaded, "ปลัด").version == 2
    stale = store.profile("990101")
    stale.version = 1
    stale.history = "แก้จากฉบับเก่า"
    with pytest.raises(ConflictError) as error:
        store.save_profile(stale, "อีกคน")
    assert error.value.message_th.startswith("มีผู้อื่นบันทึกรายการที่ 1 ไปก่อนแล้ว (ฉบับที่ 2)")
    assert store.profile("990101").history == "ก่อตั้งเมื่อ พ.ศ. 2470"
    with pytest.raises(ConflictError):  # a second profile for the same area
        store.save_profile(profile(), "อีกคน")
    audit = store.audit_log("profile", 1)
    assert audit["action"].tolist() == ["update", "create"] and audit["actor"].tolist() == ["ปลัด", "พัฒนากร"]
    assert audit.iloc[0]["changes"]["tourism"] == ["", "หนองบัวหลวง"]
    assert audit.iloc[1]["changes"]["photos"] == [{"caption": "ศูนย์ข้อมูล", "section": "place", "bytes": 6}]


def test_profile_checks_are_reported_in_thai(db_url):
    store = ContestStore(db_url)
    record = profile()
    record.members = [MemberRecord(" ", "x", "99020101"), MemberRecord("นายก", "x", "99010101", "boss")]
    record.area_km2 = -1
    with pytest.raises(RecordInvalid) as error:
        store.save_profile(record, "x")
    assert [rule for rule, _, _ in error.value.problems] == [
        "profile_member_name_missing",
        "profile_member_village_outside",
        "profile_member_group_unknown",
        "profile_number_negative",
    ]
    assert error.value.messages("th") == [
        "บุคคลลำดับที่ 1 ต้องมีชื่อ",
        "หมู่บ้าน 99020101 ของ   ไม่อยู่ในพื้นที่นี้",
        "ไม่รู้จักกลุ่มบุคคล 'boss'",
        "พื้นที่ (ตารางกิโลเมตร) ต้องไม่ติดลบ (ได้ -1)",
    ]
    assert store.profile("990101") is None  # nothing written
    odd = ProfileRecord("99A1", photos=[PhotoRecord(b"x", "", "selfie")])
    with pytest.raises(RecordInvalid) as error:
        store.save_profile(odd, "x")
    assert [rule for rule, _, _ in error.value.problems] == ["profile_area_invalid", "profile_photo_section_unknown"]
    assert error.value.messages("th") == ["รหัสพื้นที่ของข้อมูลตำบลไม่ถูกต้อง: 99A1", "ไม่รู้จักหมวดภาพ 'selfie'"]


def test_evidence_ticked_revised_deleted_and_generated_documents_recorded(db_url):
    store = ContestStore(db_url)
    with pytest.raises(RecordInvalid) as error:
        store.save_evidence(EvidenceRecord("990101", "3.3", link="facebook.com/x"), "x")
    assert [rule for rule, _, _ in error.value.problems] == ["evidence_link_invalid"]
    assert error.value.messages("th") == ["ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https:// (ได้ 'facebook.com/x')"]
    with pytest.raises(RecordInvalid) as error:
        store.save_evidence(EvidenceRecord("990101", "9.9"), "x")
    assert [rule for rule, _, _ in error.value.problems] == ["evidence_item_unknown"]
    assert error.value.messages("en") == ["No item '9.9' in the contest criteria (data/contest/criteria.toml)"]
    tick = store.save_evidence(EvidenceRecord("990101", "1.3", file=b"%PDF", file_name="order.pdf"), "พัฒนากร")
    tick.note = "คำสั่งอำเภอ"
    assert store.save_evidence(tick, "พัฒนากร").version == 2
    tick.version = 1
    with pytest.raises(ConflictError):
        store.save_evidence(tick, "อีกคน")
    store.record_generated("990101", "deck", "ก", note="แรก")
    store.record_generated("990101", "deck", "ข", note="ล่าสุด")
    kept = store.evidence("990101")
    assert [(e.item_id, e.kind, e.note) for e in kept] == [
        ("1.3", "manual", "คำสั่งอำเภอ"),
        ("deck", "generated", "ล่าสุด"),
    ]
    store.delete_evidence(kept[0].id, 2, "พัฒนากร")
    assert [e.item_id for e in store.evidence("990101")] == ["deck"]
    assert store.audit_log("evidence", kept[0].id)["action"].tolist() == ["delete", "update", "create"]


def test_migration_0004_adds_and_removes_the_contest_tables(db_url):
    migrate(db_url)
    engine = sqlalchemy.create_engine(db_url)
    contest = {"contest_profiles", "contest_profile_members", "contest_profile_photos", "contest_evidence"}
    with engine.connect() as connection:
        assert contest <= set(sqlalchemy.inspect(connection).get_table_names())
    downgrade(db_url, "0002")
    with engine.connect() as connection:
        tables = set(sqlalchemy.inspect(connection).get_table_names())
    assert not contest & tables and "pins" in tables
    migrate(db_url)
    with engine.connect() as connection:
        assert contest <= set(sqlalchemy.inspect(connection).get_table_names())
    engine.dispose()
