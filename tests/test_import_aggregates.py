import io

import pandas as pd
import pytest

from analysis.importers.pipeline import import_file
from tests.conftest import write

LONG = """
รหัสพื้นที่,ตัวชี้วัด,จำนวนที่สำรวจ,ผ่านเกณฑ์,ไม่ผ่านเกณฑ์,จำนวนครัวเรือน,จำนวนประชากร
310101,1,40,30,10,500,1600
310101,22,500,,120,500,1600
310102,1,20,,5,300,900
310102,22,,280,20,300,900
"""
# derived: 310101/22 pass = 500 − 120 = 380 · 310102/1 pass = 15 · 310102/22 applicable = 300


def counts(workspace, code):
    frame = workspace.read("area_indicator", "area_code = ?", [code]).set_index("indicator_id")
    return {i: (r["applicable"], r["pass"], r["fail"], r["count_unit"]) for i, r in frame.iterrows()}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp874"])
def test_long_aggregates_in_every_encoding(workspace, tmp_path, encoding):
    path = write(tmp_path / "agg.csv", LONG, encoding=encoding)
    prepared, info = import_file(workspace, "bmn-agg", path, year=2564)
    assert info is not None, prepared.report.to_frame()
    assert info.meta["shape"] == "long"
    assert counts(workspace, "310101") == {"1": (40, 30, 10, "person"), "22": (500, 380, 120, "household")}
    assert counts(workspace, "310102") == {"1": (20, 15, 5, "person"), "22": (300, 280, 20, "household")}
    assert counts(workspace, "3101") == {"1": (60, 45, 15, "person"), "22": (800, 660, 140, "household")}
    summary = workspace.read("area_summary").set_index("area_code")
    assert summary.loc["3101", ["households", "people"]].tolist() == [800, 2500]
    assert summary.loc["3101", "villages"] == 0  # tambon-level data: no villages known


def test_cells_a_long_file_lacks_are_not_stored_but_read_as_blank(workspace, tmp_path, monkeypatch):
    from analysis.importers import common

    stored = []

    def stage(session, *args, **kwargs):
        common.stage(session, *args, **kwargs)
        stored.extend(row[0] for row in session.con.execute("DESCRIBE staged_0").fetchall())

    monkeypatch.setattr("analysis.importers.pipeline.stage", stage)
    path = write(tmp_path / "agg.csv", "\n".join(line.rsplit(",", 2)[0] for line in LONG.strip().splitlines()))
    prepared, info = import_file(workspace, "bmn-agg", path, year=2564)
    assert info is not None, prepared.report.to_frame()
    assert not {"households_raw", "population_raw", "area_name", "year_raw", "k_province"} & set(stored)
    assert {"k_full", "indicator_raw", "applicable_raw", "pass_raw", "fail_raw"} <= set(stored)
    assert counts(workspace, "310101") == {"1": (40, 30, 10, "person"), "22": (500, 380, 120, "household")}
    assert info.meta["households"] is None  # no households column: none read from the blank cells


def test_wide_aggregates_from_xlsx_equal_the_long_form(workspace, tmp_path):
    frame = pd.DataFrame(
        {
            "รหัสตำบล": ["310101", "310102"],
            "ตัวชี้วัดที่ 1 สำรวจ": [40, 20],
            "ตัวชี้วัดที่ 1 ผ่าน": [30, 15],
            "ตัวชี้วัดที่ 1 ไม่ผ่าน": [10, 5],
            "ind22_pass": [380, 280],
            "ind22_fail": [120, 20],
        }
    )
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    (tmp_path / "wide.xlsx").write_bytes(buffer.getvalue())
    prepared, info = import_file(workspace, "bmn-agg", tmp_path / "wide.xlsx", year=2564)
    assert info is not None, prepared.report.to_frame()
    assert info.meta["shape"] == "wide"
    assert counts(workspace, "3101") == {"1": (60, 45, 15, "person"), "22": (800, 660, 140, "household")}


def test_total_rows_are_checked_not_double_counted(workspace, tmp_path):
    text = """
    รหัสพื้นที่,ตัวชี้วัด,ผ่าน,ไม่ผ่าน
    3101,1,45,15
    310101,1,30,10
    310102,1,15,5
    """
    prepared, info = import_file(workspace, "bmn-agg", write(tmp_path / "t.csv", text), year=2564)
    assert info is not None
    assert "total_row_mismatch" not in prepared.report.rules_hit()
    assert counts(workspace, "3101") == {"1": (60, 45, 15, "person")}
