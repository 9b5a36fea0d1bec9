"""Pins for important places: stored with versions and audit on both databases; CSV import checks."""

import pytest

from analysis.db.errors import ConflictError
from analysis.db.errors import RecordInvalid as RecordInvalid
from analysis.plans.pins import category_id, read_pins_csv
from analysis.plans.records import PinRecord
from analysis.plans.service import PlanStore

PIN = PinRecord(
    "savings_group",
    "กลุ่มออมทรัพย์บ้านหนองบัว",
    15.45,
    103.05,
    details="สมาชิก 212 คน",
    village_code="99010101",
    photo=b"\xff\xd8jpeg",
    photo_mime="image/jpeg",
)


def test_pin_saved_edited_and_deleted_with_audit(db_url):
    store = PlanStore(db_url)
    saved = store.create_pin(PIN, "อสม.")
    assert (saved.id, saved.version, saved.photo, saved.village_code) == (1, 1, b"\xff\xd8jpeg", "99010101")
    assert store.pins("990101")[0].name == "กลุ่มออมทรัพย์บ้านหนองบัว" and store.pins("31") == []
    saved.name, saved.lat = "กลุ่มสัจจะออมทรัพย์", 15.46
    updated = store.update_pin(saved, "พัฒนากร")
    assert updated.version == 2
    stale = store.pins()[0]
    stale.version = 1
    with pytest.raises(ConflictError):
        store.update_pin(stale, "อีกคน")
    audit = store.audit_log("pin", 1)
    assert audit["action"].tolist() == ["update", "create"]
    assert audit.iloc[0]["changes"]["name"] == ["กลุ่มออมทรัพย์บ้านหนองบัว", "กลุ่มสัจจะออมทรัพย์"]
    assert audit.iloc[1]["changes"]["photo_bytes"] == 6  # the photo is logged by size only
    store.delete_pin(1, 2, "พัฒนากร")
    assert store.pins() == []


def test_invalid_pins_are_refused(db_url):
    store = PlanStore(db_url)
    with pytest.raises(RecordInvalid) as error:
        store.create_pin(PinRecord("unknown", " ", 48.8, 2.3), "x")
    assert {field for field, _, _ in error.value.problems} == {
        "pin_name_missing",
        "pin_category_unknown",
        "pin_coordinates_invalid",
    }
    assert store.pins() == []


CSV = """ประเภท,ชื่อ,รายละเอียด,ละติจูด,ลองจิจูด,รหัสหมู่บ้าน
วัด / ศาสนสถาน,วัดป่าศรีสว่าง,ลานกิจกรรม,15.41,103.02,99010203
otop,กลุ่มทอผ้า,<b>ผ้าไหม</b>,15.43,103.07,
"""


def test_pins_csv_is_read_by_thai_or_english_names(tmp_path):
    pins, report = read_pins_csv(CSV.encode("utf-8"), "pins.csv")
    assert not report.problems
    assert [(p.category, p.name, p.village_code) for p in pins] == [
        ("temple", "วัดป่าศรีสว่าง", "99010203"),
        ("otop", "กลุ่มทอผ้า", None),
    ]
    assert pins[1].details == "<b>ผ้าไหม</b>"  # stored as typed; escaped when shown
    assert category_id("OTOP product") == "otop" and category_id("ตลาด") == "market" and category_id("?") is None


@pytest.mark.parametrize(
    ("text", "rule", "row", "message"),
    [
        ("ประเภท,ชื่อ,ลองจิจูด\nวัด,ก,103\n", "pin_column_missing", None, "ไม่พบคอลัมน์ที่จำเป็น: ละติจูด"),
        ("ประเภท,ชื่อ,ละติจูด,ลองจิจูด\nวัด,,15.4,103\n", "pin_name_missing", 2, "หมุดต้องมีชื่อ"),
        ("ประเภท,ชื่อ,ละติจูด,ลองจิจูด\nโรงหนัง,ก,15.4,103\n", "pin_category_unknown", 2, "ไม่รู้จักประเภทสถานที่ 'โรงหนัง'"),
        (
            "ประเภท,ชื่อ,ละติจูด,ลองจิจูด\nวัด,ก,48.8,2.3\n",
            "pin_coordinates_invalid",
            2,
            "พิกัดต้องเป็นตัวเลขและอยู่ในประเทศไทย (ละติจูด 5–21, ลองจิจูด 97–106)",
        ),
        (
            "ประเภท,ชื่อ,ละติจูด,ลองจิจูด,รหัสหมู่บ้าน\nวัด,ก,15.4,103,3101\n",
            "pin_village_invalid",
            2,
            "รหัสหมู่บ้านไม่ถูกต้อง (ต้องเป็น 8 หลัก)",
        ),
    ],
)
def test_pin_rules_in_thai(text, rule, row, message):
    _, report = read_pins_csv(text.encode(), "p.csv")
    problem = next(p for p in report.problems if p.rule == rule)
    assert problem.row == row and problem.message_th.startswith(message) and problem.severity == "error"


def test_demo_pins_are_in_the_database(demo_workspace):
    from analysis.plans.service import store_for

    pins = store_for(demo_workspace.root).pins()
    assert len(pins) == 9 and all(p.is_demo for p in pins)  # 7 places + 2 of the demo tambon profile
    assert {p.category for p in pins} >= {"savings_group", "otop", "temple", "school", "health_centre"}


def test_pins_without_a_village_show_when_they_lie_in_the_view(db_url):
    store = PlanStore(db_url)
    store.create_pin(PinRecord("market", "ตลาดนัด", 15.45, 103.05), "x")  # no village
    store.create_pin(PinRecord("market", "ตลาดไกล", 18.8, 99.0), "x")
    store.create_pin(PIN, "x")  # village 99010101
    assert [p.name for p in store.pins("9901")] == ["กลุ่มออมทรัพย์บ้านหนองบัว"]
    inside = store.pins("9901", bounds=(102.9, 15.3, 103.2, 15.6))
    assert [p.name for p in inside] == ["ตลาดนัด", "กลุ่มออมทรัพย์บ้านหนองบัว"]


def test_pins_in_a_view_whose_bounds_are_numpy_floats(db_url):
    """The map page passes a GeoDataFrame's total_bounds (numpy floats): PostgreSQL took them
    for a schema name ("np") and the map page failed there."""
    import numpy as np

    store = PlanStore(db_url)
    store.create_pin(PinRecord("market", "ตลาดนัด", 15.45, 103.05), "x")
    store.create_pin(PinRecord("market", "ตลาดไกล", 18.8, 99.0), "x")
    bounds = tuple(np.array([102.9, 15.3, 103.2, 15.6]))
    assert [p.name for p in store.pins("9901", bounds=bounds)] == ["ตลาดนัด"]
