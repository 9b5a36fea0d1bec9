"""Every rule of data/validation_rules/published.toml, triggered by a small hand-made file and
reported with its Thai message (the published.toml counterpart of test_validation_rules)."""

from __future__ import annotations

import pytest

from analysis.config import DATA_DIR, read_toml
from analysis.validation import rules
from tests.test_validation_rules import Case, run

#: a published village table: 10-digit ids, the file's own households and members, wide counts
PORTAL = "village_ID,household.CNT,HOUSEMEMBER_CNT,indicator1.ALL,indicator1.CNT,indicator4.ALL,indicator4.CNT\n"

PUBLISHED_CASES = [
    Case(
        "file_is_aggregates",
        "bmn",
        PORTAL + "3101010101,10,30,30,3,30,1",
        {
            "message_th": "ไฟล์นี้เป็นข้อมูลรวมรายพื้นที่ ไม่ใช่ผลรายครัวเรือน: มีคอลัมน์จำนวนของตัวชี้วัด "
            "(indicator1.ALL, indicator1.CNT, indicator4.ALL, indicator4.CNT) แต่ไม่มีรหัสครัวเรือน — เลือกชนิดข้อมูล "
            '"จปฐ. ข้อมูลรวมรายพื้นที่" (คำสั่ง cia import bmn-agg) แล้วตรวจสอบอีกครั้ง ไม่ต้องแก้ไขไฟล์'
        },
    ),
    Case(
        "count_unit_from_shape",
        "bmn-agg",
        PORTAL + "3101010101,10,30,30,3,30,1",  # indicator 4 counts households: 30 applicable > 10 households
        {
            "message_th": 'ไฟล์นับเป็นคนทุกตัวชี้วัด: ตัวชี้วัดระดับครัวเรือนมีจำนวนที่สำรวจมากกว่าจำนวนครัวเรือนที่ไฟล์ระบุ จึงบันทึกหน่วยนับเป็น "คน" ทุกตัวชี้วัด'
        },
    ),
    Case(
        "count_unit_contradicts_shape",
        "bmn-agg",
        PORTAL + "3101010101,10,30,30,3,30,1",
        {
            "message_th": "หน่วยนับที่เลือก (ครัวเรือน) ขัดกับตัวเลขในไฟล์: ตัวชี้วัดระดับครัวเรือนมีจำนวนที่สำรวจมากกว่าจำนวนครัวเรือนที่ไฟล์ระบุ แสดงว่าไฟล์นับเป็นคน — ตรวจสอบหน่วยนับอีกครั้ง"
        },
        {"unit": "households"},
    ),
    Case(
        "levels_mixed",
        "bmn-agg",
        "area_code,indicator1.ALL,indicator1.CNT\n310101,21,4\n3101020101,15,5",
        {
            "message_th": "ไฟล์เดียวมีพื้นที่หลายระดับ (ตำบล 1, หมู่บ้าน 1) ที่ไม่ใช่ยอดรวมของกันและกัน — แยกเป็นไฟล์ละระดับ (ตารางหมู่บ้าน ตารางตำบล ตารางอำเภอ ตารางจังหวัด) แล้วนำเข้าพร้อมกันได้"
        },
    ),
    Case(
        "rows_set_aside",
        "bmn-agg",
        PORTAL + "3101010101,10,30,30,3,30,1\n31010102XX,10,30,30,3,30,1",
        {
            "value": "1",
            "message_th": 'ตั้งแยกไว้ 1 แถวที่มีข้อผิดพลาด ไม่นำเข้า ตามที่เลือก "นำเข้าเฉพาะแถวที่ถูกต้อง" (case.csv (1)) — ดูทุกแถวในรายงานฉบับเต็ม ส่วนแถวอื่นนำเข้าได้',
        },
        {"keep_valid": True},
    ),
]


def test_every_published_rule_has_a_case():
    declared = set(read_toml(DATA_DIR / "validation_rules" / "published.toml"))
    assert {c.rule for c in PUBLISHED_CASES} | NAMES_RULES | ELSEWHERE == declared


#: rules of the names loader (analysis.area_names), tested in tests/test_area_names_file.py
#: rules that need a stored dataset first: tests/test_level_tables.py
ELSEWHERE = {"level_tables_disagree"}
NAMES_RULES = {r for r in read_toml(DATA_DIR / "validation_rules" / "published.toml") if r.startswith("names_")}


@pytest.mark.parametrize("case", PUBLISHED_CASES, ids=lambda c: c.rule)
def test_published_rule_is_reported_with_its_thai_message(case, workspace, tmp_path):
    prepared = run(case, workspace, tmp_path)
    found = [p for p in prepared.report.problems if p.rule == case.rule]
    assert found, f"{case.rule} not reported; got {[p.rule for p in prepared.report.problems]}"
    problem = found[0]
    assert problem.severity == rules()[case.rule]["severity"]
    for key, value in case.expect.items():
        assert getattr(problem, key) == value, key
    if problem.severity == "error":
        assert not prepared.ok
