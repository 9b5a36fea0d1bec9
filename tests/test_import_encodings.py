"""Every importer reads the same content from UTF-8, UTF-8 with BOM, Windows-874 and XLSX."""

import io

import pandas as pd
import pytest

from analysis.importers.pipeline import import_file

FILES = {
    "bmn": ("รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,ข้อ 4,ข้อ 23\n31010101,1,2,ผ่าน,1\n31010101,2,3,ไม่ผ่าน,0\n", 2564),
    "bmn-agg": ("รหัสตำบล,ตัวชี้วัด,ผ่าน,ไม่ผ่าน\n310101,4,30,10\n310102,4,15,5\n", 2564),
    "nrd2c": ("รหัสหมู่บ้าน,ชื่อหมู่บ้าน,ตัวชี้วัดที่ 1\n31010101,บ้านโคก,1\n31010102,บ้านนา,3\n", 2566),
}
EXPECTED = {"bmn": ("4", 2, 1, 1), "bmn-agg": ("4", 60, 45, 15), "nrd2c": ("01", 2, 1, 0)}


def as_file(text: str, encoding: str, tmp_path):
    if encoding == "xlsx":
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        path = tmp_path / "f.xlsx"
        frame.to_excel(path, index=False)
        return path
    path = tmp_path / "f.csv"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp874", "xlsx"])
@pytest.mark.parametrize("kind", list(FILES))
def test_importer_reads_every_encoding(kind, encoding, workspace, tmp_path):
    text, year = FILES[kind]
    prepared, info = import_file(workspace, kind, as_file(text, encoding, tmp_path), year=year)
    assert info is not None, prepared.report.to_frame()
    indicator, *numbers = EXPECTED[kind]
    if kind == "nrd2c":
        row = workspace.read("nrd2c_area_indicator", "area_code = '310101' AND indicator_id = ?", [indicator]).iloc[0]
        assert [row["villages"], row["level_1"], row["level_2"]] == numbers
        assert workspace.register().display_name("31010101") == "บ้านโคก (หมู่ 1)"
    else:
        row = workspace.read("area_indicator", "area_code = '3101' AND indicator_id = ?", [indicator]).iloc[0]
        assert [row["applicable"], row["pass"], row["fail"]] == numbers
