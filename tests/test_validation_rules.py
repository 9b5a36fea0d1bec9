"""Every validation rule, triggered by a small file, reported with file, row, column, value and
its Thai message. A rule declared in data/validation_rules/*.toml needs a case here or a test listed in
tests/test_rule_coverage.py."""

from dataclasses import dataclass, field

import pytest

from analysis.importers.pipeline import import_file
from analysis.validation import rules
from tests.conftest import write

HH = "รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,ข้อ 4\n"
AGG = "รหัสพื้นที่,ตัวชี้วัด,จำนวนที่สำรวจ,ผ่าน,ไม่ผ่าน\n"
NRD = "รหัสหมู่บ้าน,ตัวชี้วัดที่ 1\n"
#: a published village table: 10-digit ids, the file's own households and members, wide counts
PORTAL = "village_ID,household.CNT,HOUSEMEMBER_CNT,indicator1.ALL,indicator1.CNT,indicator4.ALL,indicator4.CNT\n"


@dataclass
class Case:
    rule: str
    kind: str
    text: str
    expect: dict
    options: dict = field(default_factory=dict)
    encoding: str = "utf-8"


CASES = [
    Case("empty_file", "bmn", HH, {"message_th": "ไฟล์ไม่มีข้อมูล"}),
    Case(
        "missing_required_column",
        "bmn",
        "รหัสหมู่บ้าน,รหัสบ้าน,ข้อ 4\n31010101,1,1",
        {"message_th": "ไม่พบคอลัมน์ที่จำเป็น: จำนวนสมาชิก (คน)"},
    ),
    Case(
        "no_area_columns",
        "bmn",
        "รหัสบ้าน,จำนวนสมาชิก,ข้อ 4\n1,2,1",
        {"message_th": "ไม่พบคอลัมน์รหัสพื้นที่ (รหัสหมู่บ้าน หรือ รหัสจังหวัด/อำเภอ/ตำบล + หมู่ที่)"},
    ),
    Case(
        "no_indicator_columns",
        "bmn",
        "รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก\n31010101,1,2",
        {"message_th": "ไม่พบคอลัมน์ตัวชี้วัดที่ตรงกับบัญชีตัวชี้วัด เครื่องชี้วัดความจำเป็นพื้นฐาน (จปฐ.) ปี 2560–2564"},
    ),
    Case(
        "year_missing",
        "bmn",
        HH + "31010101,1,2,1",
        {"message_th": "ไม่ทราบปีที่สำรวจ: ไม่มีคอลัมน์ปีและไม่ได้ระบุปี"},
        {"year": None},
    ),
    Case(
        "year_invalid",
        "bmn",
        "ปี," + HH + "25x4,31010101,1,2,1",
        {"row": 2, "column": "ปี", "value": "25x4", "message_th": "ปีที่สำรวจไม่ถูกต้อง (ต้องเป็นปี พ.ศ. 4 หลัก)"},
        {"year": None},
    ),
    Case(
        "year_ce_converted",
        "bmn",
        "ปี," + HH + "2021,31010101,1,2,1",
        {"row": 2, "value": "2021", "message_th": "ปี 2021 เป็นปี ค.ศ. จึงแปลงเป็น พ.ศ. 2564"},
        {"year": None},
    ),
    Case(
        "year_mixed",
        "bmn",
        "ปี," + HH + "2564,31010101,1,2,1\n2566,31010101,2,2,1",
        {"message_th": "ไฟล์เดียวมีหลายปี (2564, 2566) — แยกไฟล์ตามปี"},
        {"year": None},
    ),
    Case(
        "no_catalog_for_year",
        "bmn",
        HH + "31010101,1,2,1",
        {"value": "2565", "message_th": "ไม่มีบัญชีตัวชี้วัดสำหรับปี 2565 — เลือกบัญชีตัวชี้วัดเอง"},
        {"year": 2565},
    ),
    Case(
        "catalog_year_mismatch",
        "bmn",
        HH + "31010101,1,2,1",
        {"message_th": "ปี 2564 อยู่นอกช่วงปีของบัญชีตัวชี้วัด เครื่องชี้วัดความจำเป็นพื้นฐาน (จปฐ.) ปี 2566–2570"},
        {"catalog_id": "bmn_2566_2570"},
    ),
    Case(
        "bad_code_format",
        "bmn",
        HH + "3101010,1,2,1",
        {
            "row": 2,
            "column": "รหัสหมู่บ้าน",
            "value": "3101010",
            "message_th": "รหัสพื้นที่ไม่ถูกรูปแบบ: '3101010' มี 7 หลัก — รหัสพื้นที่ต้องมี 2, 4, 6, 8 หรือ 10 หลัก",
        },
    ),
    Case(
        "unknown_area",
        "bmn",
        HH + "31014901,1,2,1",
        {"row": 2, "column": "รหัสหมู่บ้าน", "value": "310149", "message_th": "ไม่พบรหัสพื้นที่ 310149 ในทะเบียนพื้นที่"},
    ),
    Case(
        "code_parts_not_nested",
        "bmn",
        "รหัสตำบล," + HH + "310102,31010101,1,2,1",
        {"row": 2, "message_th": "รหัสพื้นที่ไม่สอดคล้องกัน: รหัส 31010101 ไม่อยู่ใน 310102"},
    ),
    Case(
        "municipal_area",
        "bmn",
        HH + "31015101,1,2,1",
        {"row": 2, "value": "310151", "message_th": "รหัส 310151 เป็นพื้นที่เทศบาล (รหัสตำบลลงท้าย 51 ขึ้นไป) ซึ่งไม่มีขอบเขตบนแผนที่"},
    ),
    Case(
        "missing_value", "bmn", HH + "31010101,,2,1", {"row": 2, "column": "รหัสบ้าน", "message_th": "ไม่มีค่าในคอลัมน์ที่จำเป็น"}
    ),
    Case(
        "duplicate_household",
        "bmn",
        HH + "31010101,7,2,1\n31010101,7,3,0",
        {"row": 3, "column": "รหัสบ้าน", "value": "7", "message_th": "รหัสครัวเรือนซ้ำ (พบครั้งแรกที่แถว 2)"},
    ),
    Case(
        "not_a_number",
        "bmn",
        HH + "31010101,1,สาม,1",
        {"row": 2, "column": "จำนวนสมาชิก", "value": "สาม", "message_th": "ค่าไม่ใช่ตัวเลข"},
    ),
    Case(
        "members_not_positive",
        "bmn",
        HH + "31010101,1,0,1",
        {"row": 2, "column": "จำนวนสมาชิก", "value": "0", "message_th": "จำนวนสมาชิกต้องมากกว่า 0"},
    ),
    Case(
        "members_implausible",
        "bmn",
        HH + "31010101,1,25,1",
        {"row": 2, "value": "25", "message_th": "จำนวนสมาชิกมากผิดปกติ (เกิน 20 คน)"},
    ),
    Case(
        "members_too_large",
        "bmn",
        HH + "31010101,1,1e20,1",
        {"row": 2, "column": "จำนวนสมาชิก", "message_th": "จำนวนสมาชิก 1e20 เป็นไปไม่ได้ (เกิน 999 คน) — ตรวจสอบเซลล์นี้"},
    ),
    Case(
        "cell_too_long",
        "bmn",
        HH + "31010101," + "ก" * 201 + ",2,1",
        {"row": 2, "column": "รหัสบ้าน", "message_th": "ข้อความยาวเกิน 200 ตัวอักษร ไม่ใช่รหัสหรือชื่อที่ใช้ได้"},
    ),
    Case(
        "income_negative",
        "bmn",
        "รายได้," + HH + "-5,31010101,1,2,1",
        {"row": 2, "column": "รายได้", "value": "-5", "message_th": "รายได้ติดลบ"},
    ),
    Case(
        "income_implausible",
        "bmn",
        "รายได้," + HH + "90000000,31010101,1,2,1",
        {"row": 2, "column": "รายได้", "message_th": "รายได้ต่อคนสูงผิดปกติ (เกิน 5,000,000 บาท/คน/ปี)"},
    ),
    Case(
        "status_value_unknown",
        "bmn",
        HH + "31010101,1,2,5",
        {
            "row": 2,
            "column": "ข้อ 4",
            "value": "5",
            "message_th": "ค่าไม่อยู่ในรหัสผลของตัวชี้วัด (1 = ผ่าน, 0 = ไม่ผ่าน, ว่าง/9 = ไม่เกี่ยวข้อง)",
        },
    ),
    Case(
        "income_indicator_derived",
        "bmn",
        "รายได้," + HH + "90000,31010101,1,2,1",
        {"message_th": "ไม่มีคอลัมน์ตัวชี้วัดรายได้ จึงคำนวณจากรายได้ต่อคน โดยใช้เส้นรายได้ 38,000 บาท/คน/ปี"},
    ),
    Case(
        "income_indicator_mismatch",
        "bmn",
        "รายได้,ข้อ 22," + HH + "10000,1,31010101,1,2,1",
        {
            "row": 2,
            "column": "ข้อ 22",
            "value": "1",
            "message_th": "ผลตัวชี้วัดรายได้ไม่ตรงกับรายได้ต่อคนเทียบเส้นรายได้ 38,000 บาท/คน/ปี",
        },
    ),
    Case(
        "indicator_not_in_data",
        "nrd2c",
        NRD + "31010101,1",
        {"message_th": "ไม่มีข้อมูลตัวชี้วัด " + ", ".join(f"{i:02d}" for i in range(2, 27)) + " ในไฟล์"},
        {"year": 2566},
    ),
    Case(
        "placeholder_indicator",
        "bmn",
        "รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,ข้อ 37\n31010101,1,2,1",
        {"column": "ข้อ 37", "value": "37", "message_th": "ตัวชี้วัด 37 ในบัญชีเป็นตัวชี้วัดที่ยังไม่ยืนยันชื่อ (placeholder)"},
        {"year": 2566},
    ),
    Case(
        "unknown_indicator",
        "bmn-agg",
        AGG + "310101,99,10,5,5",
        {"row": 2, "column": "ตัวชี้วัด", "value": "99", "message_th": "ไม่พบตัวชี้วัด 99 ในบัญชีตัวชี้วัดปี 2560–2564"},
    ),
    Case(
        "count_negative",
        "bmn-agg",
        AGG + "310101,1,10,-1,5",
        {"row": 2, "column": "ผ่าน", "value": "-1", "message_th": "จำนวนติดลบ"},
    ),
    Case(
        "count_not_integer",
        "bmn-agg",
        AGG + "310101,1,10,1.5,5",
        {"row": 2, "column": "ผ่าน", "value": "1.5", "message_th": "จำนวนต้องเป็นจำนวนเต็ม"},
    ),
    Case(
        "pass_fail_exceed_applicable",
        "bmn-agg",
        AGG + "310101,1,10,8,5",
        {"row": 2, "column": "จำนวนที่สำรวจ", "value": "10", "message_th": "ผ่าน + ไม่ผ่าน (8 + 5) มากกว่าจำนวนที่สำรวจ"},
    ),
    Case(
        "pass_fail_below_applicable",
        "bmn-agg",
        AGG + "310101,1,10,5,3",
        {"row": 2, "value": "10", "message_th": "ผ่าน + ไม่ผ่าน (5 + 3) น้อยกว่าจำนวนที่สำรวจ — ใช้ผ่าน + ไม่ผ่านเป็นฐาน"},
    ),
    Case(
        "counts_missing",
        "bmn-agg",
        AGG + "310101,1,,5,",
        {"row": 2, "message_th": "ต้องมีอย่างน้อยสองในสามค่า: จำนวนที่สำรวจ ผ่าน ไม่ผ่าน"},
    ),
    Case(
        "duplicate_area_indicator",
        "bmn-agg",
        AGG + "310101,1,10,5,5\n310101,1,10,6,4",
        {"row": 3, "value": "310101 / 1", "message_th": "พื้นที่และตัวชี้วัดซ้ำ (พบครั้งแรกที่แถว 2)"},
    ),
    Case(
        "total_row_mismatch",
        "bmn-agg",
        AGG + "3101,1,30,20,10\n310101,1,10,5,5\n310102,1,10,5,5",
        {
            "row": 2,
            "value": "3101",
            "message_th": "แถวยอดรวมของ 3101 ไม่เท่ากับผลรวมพื้นที่ย่อยในไฟล์ (1: 20/10 ≠ 10/10) — ใช้ผลรวมพื้นที่ย่อย",
        },
    ),
    Case(
        "level_value_invalid",
        "nrd2c",
        NRD + "31010101,4",
        {"row": 2, "column": "ตัวชี้วัดที่ 1", "value": "4", "message_th": "ระดับต้องเป็น 1, 2 หรือ 3"},
        {"year": 2566},
    ),
    Case(
        "duplicate_village",
        "nrd2c",
        NRD + "31010101,1\n31010101,2",
        {"row": 3, "value": "31010101", "message_th": "หมู่บ้านซ้ำ (พบครั้งแรกที่แถว 2)"},
        {"year": 2566},
    ),
    Case(
        "coordinates_invalid",
        "nrd2c",
        "รหัสหมู่บ้าน,lat,lon,ตัวชี้วัดที่ 1\n31010101,50,103,1",
        {"row": 2, "value": "50, 103", "message_th": "พิกัดอยู่นอกประเทศไทยหรือไม่ใช่ตัวเลข — ไม่ใช้พิกัดนี้"},
        {"year": 2566},
    ),
    Case(
        "personal_data_dropped",
        "bmn",
        "เลขบัตรประชาชน," + HH + "1234567890123,31010101,1,2,1",
        {"message_th": "คอลัมน์ข้อมูลส่วนบุคคลจะไม่ถูกบันทึก (PDPA): เลขบัตรประชาชน"},
    ),
    Case("unmapped_columns", "bmn", "หมายเหตุ," + HH + "ดี,31010101,1,2,1", {"message_th": "คอลัมน์ที่ไม่ได้ใช้: หมายเหตุ"}),
    Case(
        "row_cells_missing",
        "bmn",
        HH + "31010101,1,2,1\n31010101,2",
        {"row": 3, "value": "31010101,2", "message_th": "แถวมีข้อมูลไม่ครบทุกคอลัมน์ (พบ/ควรมี 2 / 4) — ไฟล์อาจถูกตัดกลางแถว"},
    ),
    Case(
        "row_cells_extra",
        "bmn",
        HH + "31010101,1,2,1,9\n31010101,2,2,1",
        {"row": 2, "message_th": "แถวมีข้อมูลเกินจำนวนคอลัมน์ของหัวตาราง (พบ/ควรมี 5 / 4)"},
    ),
    Case(
        "count_implausible",
        "bmn-agg",
        AGG + "310101,1,1e13,5,5",
        {
            "row": 2,
            "column": "จำนวนที่สำรวจ",
            "value": "1e13",
            "message_th": "จำนวนมากผิดปกติ (เกิน 1,000,000,000,000) — ตรวจสอบเซลล์นี้",
        },
    ),
    Case(
        "date_invalid",
        "bmn",
        "วันที่จัดเก็บ," + HH + "31/02/2567,31010101,1,2,1",
        {
            "row": 2,
            "column": "วันที่จัดเก็บ",
            "value": "31/02/2567",
            "message_th": "อ่านวันที่จัดเก็บไม่ได้ — พิมพ์เช่น 15/1/2567 หรือ 15 ม.ค. 2567 (ผลการสำรวจยังนำเข้า แต่ไม่มีวันที่)",
        },
    ),
    Case(
        "personal_citizen_id",
        "bmn",
        HH + "31010101,1101700203450,2,1\n31010101,3101700203455,2,1",
        {"row": 2, "column": "รหัสบ้าน", "value": "●●●●"},
    ),
    Case(
        "personal_phone",
        "bmn",
        "ผู้จัดเก็บ," + HH + "081-234-5678,31010101,1,2,1",
        {"row": 2, "column": "ผู้จัดเก็บ", "value": "●●●●"},
    ),
    Case(
        "personal_name",
        "nrd2c",
        "รหัสหมู่บ้าน,ชื่อหมู่บ้าน,ตัวชี้วัดที่ 1\n31010101,นางสมศรี ใจดี,2\n31010102,นางาม ใต้,2",
        {"row": 2, "column": "ชื่อหมู่บ้าน", "value": "●●●●"},
        {"year": 2566},
    ),
    Case(
        "count_unit_unknown",
        "bmn-agg",
        "รหัสพื้นที่,ตัวชี้วัด,จำนวนที่สำรวจ,ผ่าน,ไม่ผ่าน,หน่วย\n310101,1,10,5,5,ตัน",
        {"row": 2, "column": "หน่วย", "value": "ตัน"},
    ),
    Case(
        "count_unit_mixed",
        "bmn-agg",
        "รหัสพื้นที่,ตัวชี้วัด,จำนวนที่สำรวจ,ผ่าน,ไม่ผ่าน,หน่วย\n310101,1,10,5,5,คน\n310102,1,10,5,5,ครัวเรือน",
        {"message_th": "ไฟล์ระบุหน่วยนับหลายหน่วย (ครัวเรือน, คน) — แยกไฟล์ตามหน่วยนับ แล้วนำเข้าทีละไฟล์"},
    ),
    Case(
        "count_unit_conflict",
        "bmn-agg",
        "รหัสพื้นที่,ตัวชี้วัด,จำนวนที่สำรวจ,ผ่าน,ไม่ผ่าน,หน่วย\n310101,1,10,5,5,คน",
        {"value": "household"},
        {"unit": "household"},
    ),
    Case(
        "header_duplicated",
        "bmn",
        "รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,จำนวนสมาชิก,ข้อ 4\n31010101,1,2,5,1",
        {"column": "จำนวนสมาชิก"},
    ),
    Case(
        "indicators_beyond_catalog",
        "bmn",
        "รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,ข้อ 4,ข้อ 36,ข้อ 38\n31010101,1,2,1,1,1",
        {"value": "36–38"},
    ),
    Case(
        "date_impossible",
        "bmn",
        "วันที่จัดเก็บ," + HH + "1/1/2600,31010101,1,2,1",
        {"row": 2, "column": "วันที่จัดเก็บ", "value": "1/1/2600"},
    ),
    Case(
        "household_id_decimal",
        "bmn",
        HH + "31010101,1234.0,2,1",
        {"row": 2, "column": "รหัสบ้าน", "value": "1234"},
    ),
    Case(
        "cell_control_characters",
        "bmn",
        "ชื่อหมู่บ้าน," + HH + "บ้าน\x00นา,31010101,1,2,1",
        {"row": 2, "column": "ชื่อหมู่บ้าน", "value": "บ้าน�นา"},
    ),
    Case(
        "count_unit_from_catalog",
        "bmn-agg",
        AGG + "310101,1,10,5,5",
        {
            "message_th": 'ไฟล์ไม่ได้ระบุหน่วยนับ จึงใช้หน่วยของแต่ละตัวชี้วัดตามบัญชีตัวชี้วัด (คน หรือ ครัวเรือน) — ถ้าไฟล์นับเป็นคนทุกตัวชี้วัด (เช่น ข้อมูลจาก TPMAP) ให้เลือกหน่วย "คน"'
        },
    ),
    # published files as they are (data/validation_rules/published.toml)
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


def run(case: Case, workspace, tmp_path):
    path = write(tmp_path / "case.csv", case.text, case.encoding)
    options = {"year": 2564} | case.options
    prepared, _ = import_file(workspace, case.kind, path, dry_run=True, **options)
    return prepared


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_rule_is_reported_with_its_thai_message(case, workspace, tmp_path):
    prepared = run(case, workspace, tmp_path)
    found = [p for p in prepared.report.problems if p.rule == case.rule]
    assert found, f"{case.rule} not reported; got {[p.rule for p in prepared.report.problems]}"
    problem = found[0]
    assert problem.file == "case.csv"
    assert problem.severity == rules()[case.rule]["severity"]
    for key, value in case.expect.items():
        assert getattr(problem, key) == value, key
    assert problem.message_en  # the English message is filled in too
    if problem.severity == "error":
        assert prepared.report.has_errors and not prepared.ok


def test_unreadable_file(workspace, tmp_path):
    path = tmp_path / "broken.csv"
    path.write_bytes(b"\xdb\xfc\xfd\xfe")
    prepared, info = import_file(workspace, "bmn", path, year=2564)
    assert info is None
    problem = prepared.report.errors[0]
    assert (problem.rule, problem.file) == ("unreadable_file", "broken.csv")
    assert (
        problem.message_th == "อ่านไฟล์ไม่ได้: การเข้ารหัสตัวอักษรไม่ใช่ UTF-8 หรือ Windows-874/TIS-620 — บันทึกไฟล์ใหม่เป็น CSV UTF-8"
    )
    assert problem.message_en.endswith("neither UTF-8 nor Windows-874/TIS-620; save the file again as CSV UTF-8")


def test_overlap_with_an_existing_dataset_blocks_unless_replaced(workspace, tmp_path):
    path = write(tmp_path / "a.csv", HH + "31010101,1,2,1")
    first, info = import_file(workspace, "bmn", path, year=2564)
    assert info is not None
    again, info2 = import_file(workspace, "bmn", path, year=2564)
    assert info2 is None
    problem = [p for p in again.report.problems if p.rule == "overlaps_existing_dataset"][0]
    assert problem.value == "31010101"
    assert problem.message_th.startswith("มีข้อมูลของพื้นที่ 31010101 ปี 2564 (")
    replaced, info3 = import_file(workspace, "bmn", path, year=2564, replace=True)
    assert info3 is not None
    assert [d.id for d in workspace.datasets()] == [info3.id]


def test_the_thai_report_keeps_rows_as_numbers_and_blanks_where_there_is_none():
    import pyarrow as pa

    from analysis.validation import Report

    report = Report()
    report.add("members_not_positive", "a.csv", row=7, column="จำนวนสมาชิก", value="0")
    report.add("indicator_not_in_data", "a.csv", detail="5")
    frame = report.to_thai_frame()
    assert frame["แถว"].tolist()[0] == 7 and frame["แถว"].isna().tolist() == [False, True]
    assert frame["ค่า"].tolist() == ["0", ""]
    assert pa.Table.from_pandas(frame).schema.field("แถว").type == pa.int64()  # what the page sends
