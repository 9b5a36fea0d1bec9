import io

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.importers.planning import read_upload
from analysis.readers import ReadError, decode_text
from analysis.small_tables import read_table

CSV = "รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก\n31010101,1,3\n31010101,2,4\n"


@pytest.mark.parametrize(
    ("encoding", "label"),
    [
        ("utf-8", "UTF-8"),
        ("utf-8-sig", "UTF-8 (BOM)"),
        ("cp874", "Windows-874 / TIS-620"),
        ("tis-620", "Windows-874 / TIS-620"),
    ],
)
def test_csv_encodings_read_to_the_same_thai_table(encoding, label):
    table = read_table(CSV.encode(encoding), name="f.csv")
    assert table.encoding == label
    assert table.headers == ["รหัสหมู่บ้าน", "รหัสบ้าน", "จำนวนสมาชิก"]
    assert table.frame.index.tolist() == [2, 3]  # spreadsheet row numbers
    assert table.frame.loc[3, "จำนวนสมาชิก"] == "4"


def test_undecodable_bytes_are_refused_with_a_reason():
    with pytest.raises(ReadError, match="encoding"):
        decode_text(b"\x81\x8d\x8f\x90\x9d")


def test_semicolon_and_blank_rows_keep_row_numbers():
    data = b"a;b\n1;2\n\n3;4\n"
    table = read_table(data, name="x.csv")
    assert table.frame.index.tolist() == [2, 4]
    assert table.frame.loc[4, "b"] == "4"


def test_header_row_is_found_below_title_rows_and_duplicates_are_named():
    data = "รายงานผล จปฐ. ตำบลในเมือง,,\nปี 2564,,\nรหัสหมู่บ้าน,รหัสบ้าน,รหัสบ้าน\n31010101,1,x\n".encode()
    table = read_upload(data, "f.csv")
    assert table.header_row == 3
    assert table.headers == ["รหัสหมู่บ้าน", "รหัสบ้าน", "รหัสบ้าน (2)"]
    assert table.frame.index.tolist() == [4]


def test_xlsx_numbers_read_as_typed():
    frame = pd.DataFrame({"village_code": [31010101, 31010102], "members": [3.0, 4.5], "name": ["ก", None]})
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    table = read_table(buffer.getvalue(), name="f.xlsx")
    assert table.encoding is None
    assert table.frame.loc[2].tolist() == ["31010101", "3", "ก"]
    assert table.frame.loc[3].tolist() == ["31010102", "4.5", ""]


def test_damaged_xlsx_is_refused():
    with pytest.raises(ReadError):
        read_table(b"PK\x03\x04garbage", name="bad.xlsx")


def test_reading_progress_never_falls_back_when_duckdb_stops_reporting():
    # DuckDB's query progress is 0 again once its query has ended: the bar showed 42 %, then 2 %
    import time

    import duckdb

    from analysis import file_rows

    con = duckdb.connect()
    con.create_function("nap", lambda x: time.sleep(0.3) or x, [int], int)
    reported = iter([0.2, 0.6, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0])
    shown = []
    file_rows.with_progress(
        con, "CREATE TABLE t AS SELECT nap(i::INT) FROM range(4) r(i)", shown.append, lambda: next(reported, 0.0)
    )
    assert len(shown) >= 3 and shown[:2] == [0.2, 0.6]
    assert shown[2:] == [0.6] * (len(shown) - 2)


@pytest.mark.parametrize(
    "cell",
    [None, "", " ", "a", "~", "~a~", " 12 ", "12", "\u00a012\ufeff", "\t31010101\r", "ข้อ 1", " บ้าน ", "a b", "!", "\n"],
)
def test_trimmed_sql_is_python_strip_of_the_blanks(cell):
    import duckdb

    from analysis.file_rows import trimmed
    from analysis.readers import BLANKS

    got = duckdb.execute(f"SELECT {trimmed('c')} FROM (SELECT ?::VARCHAR AS c)", [cell]).fetchall()[0][0]
    assert got == ("" if cell is None else cell.strip(BLANKS))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(" \t\r\n\u00a0\ufeff!~0123456789abc,กขค่้ำ")), max_size=8))
def test_trimmed_sql_agrees_with_python_on_any_cell(cell):
    import duckdb

    from analysis.file_rows import trimmed
    from analysis.readers import BLANKS

    assert duckdb.execute(f"SELECT {trimmed('c')} FROM (SELECT ?::VARCHAR AS c)", [cell]).fetchall()[0][
        0
    ] == cell.strip(BLANKS)
