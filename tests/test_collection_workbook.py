"""The import/export workbook of each collection administration register: exported, imported back
and exported again gives the same records and changes nothing; a file with bad cells is refused in
Thai naming the file, row and column, and nothing is written."""

import io
from datetime import date

import openpyxl
import pytest

from analysis.collection.records import CorrectionDueRecord, LaoRecord, OrderRecord, VisitRecord, VolunteerRecord
from analysis.collection.store import CollectionStore
from analysis.collection.workbook import WorkbookRefused, export_workbook, import_workbook, read_workbook

YEAR = 2567
RECORDS = {
    "volunteers": [VolunteerRecord("99010101", YEAR, "collector", 4), VolunteerRecord("99010101", YEAR, "recorder", 1)],
    "orders": [
        OrderRecord("9901", YEAR, "123/2567", date(2023, 11, 20), "amphoe", {"chair": 1, "member": 6}),
        OrderRecord("990101", YEAR, "45/2567", date(2023, 12, 1), "tambon", {"chair": 1, "secretary": 1}),
    ],
    "visits": [
        VisitRecord("99010101", YEAR, date(2024, 1, 20), 3),
        VisitRecord("99010102", YEAR, date(2024, 1, 22), 0),
    ],
    "corrections": [CorrectionDueRecord("99010103", YEAR, date(2024, 2, 1), date(2024, 2, 8))],
    "lao": [LaoRecord("99010101", "5990101", "เทศบาลตำบลหนองบัว"), LaoRecord("99010102", "6990101", "อบต.หนองบัว")],
}


@pytest.fixture
def store(tmp_path):
    return CollectionStore(f"sqlite:///{tmp_path / 'plans.sqlite'}")


def _values(store, kind):
    frame = store.frame(kind)
    return frame.drop(columns=["id", "version", "updated_at", "updated_by"]).to_dict("records")


def _cells(data: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("kind", list(RECORDS))
@pytest.mark.parametrize("lang", ["th", "en"])
def test_a_register_round_trips_through_its_workbook(store, kind, lang, tmp_path):
    for record in RECORDS[kind]:
        store.save(kind, record, "สมชาย")
    before = _values(store, kind)
    data = export_workbook(store, kind, "9901", YEAR, lang)
    records, report = read_workbook(data, f"{kind}.xlsx", kind, YEAR)
    assert not report.problems and len(records) == len(RECORDS[kind])
    assert import_workbook(store, kind, data, f"{kind}.xlsx", "9901", YEAR, "สมชาย") == (0, 0, 0)
    assert _values(store, kind) == before
    # the same cells again (not bytes: the file's creation time is stamped to the second)
    assert _cells(export_workbook(store, kind, "9901", YEAR, lang)) == _cells(data)
    other = CollectionStore(f"sqlite:///{tmp_path / 'other.sqlite'}")  # into an empty database
    assert import_workbook(other, kind, data, f"{kind}.xlsx", "9901", YEAR, "มาลี")[0] == len(RECORDS[kind])
    assert _values(other, kind) == before


def test_the_exported_sheet_reads_as_a_thai_office_writes_it(store):
    store.save("orders", RECORDS["orders"][0], "สมชาย")
    sheet = openpyxl.load_workbook(io.BytesIO(export_workbook(store, "orders", "9901", YEAR))).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = rows.index(next(r for r in rows if r[0] == "รหัสพื้นที่"))
    assert rows[header][:5] == ["รหัสพื้นที่", "เลขที่คำสั่ง", "ลงวันที่", "ระดับ", "ประธานกรรมการ (คน)"]
    assert rows[header + 1][:6] == ["9901", "123/2567", "20 พ.ย. 2566", "อำเภอ", 1, 0]


def test_a_workbook_with_bad_cells_is_refused_in_thai_and_writes_nothing(store):
    store.save("volunteers", RECORDS["volunteers"][0], "สมชาย")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["รหัสหมู่บ้าน", "บทบาท", "จำนวนอาสาสมัคร (คน)"])
    sheet.append(["99010101", "อาสาสมัครผู้จัดเก็บข้อมูล", "๕"])  # Thai digits are fine
    sheet.append(["99010102", "คนขับรถ", 2])  # an unknown role
    sheet.append(["99010103", "collector", -1])  # a negative count
    sheet.append(["99010101", "collector", 3])  # the first row again
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(WorkbookRefused) as refused:
        import_workbook(store, "volunteers", buffer.getvalue(), "อาสาสมัคร_ตำบล.xlsx", "990101", YEAR, "สมชาย")
    frame = refused.value.report.to_thai_frame()
    assert frame[["ไฟล์", "แถว", "คอลัมน์"]].values.tolist() == [
        ["อาสาสมัคร_ตำบล.xlsx", 3, "บทบาท"],
        ["อาสาสมัคร_ตำบล.xlsx", 4, "จำนวนอาสาสมัคร (คน)"],
        ["อาสาสมัคร_ตำบล.xlsx", 5, ""],
    ]
    assert "คนขับรถ" in frame["ปัญหา"].iloc[0]
    rules = refused.value.report.to_frame()["rule"].tolist()
    assert rules == ["collection_cell_invalid", "collection_cell_invalid", "collection_duplicate"]
    assert _values(store, "volunteers")[0]["volunteers"] == 4  # untouched


def test_a_file_that_is_not_the_register_is_refused_naming_the_file(store):
    with pytest.raises(WorkbookRefused) as refused:
        import_workbook(store, "visits", b"not a workbook", "visits.xlsx", "9901", YEAR, "สมชาย")
    assert refused.value.report.to_frame()["file"].tolist() == ["visits.xlsx"]
    wrong = export_workbook(store, "lao", "9901", None)  # another register's file
    with pytest.raises(WorkbookRefused) as other:
        import_workbook(store, "visits", wrong, "lao.xlsx", "9901", YEAR, "สมชาย")
    missing = other.value.report.to_frame()
    assert missing["rule"].tolist() == ["collection_column_missing"] * 2
    assert [m.split("'")[1] for m in missing["message_th"]] == ["วันที่ตรวจ", "ข้อค้นพบ (รายการ)"]
