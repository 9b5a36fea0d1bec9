"""Many files as one dataset (files, folders, ZIPs), hostile ZIPs, the wide form national portals
publish, 10-digit village ids, and problem reports that stay readable at any size."""

import io
import zipfile

import pandas as pd
import pytest

from analysis.importers.pipeline import import_file, import_files
from analysis.store import Workspace
from analysis.validation import SHOWN_PER_RULE
from tests.conftest import write

HH = "รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,ข้อ 4,ข้อ 7\n"


def counts(workspace, code):
    frame = workspace.rows("area_indicator", area=code).set_index("indicator_id")
    return {i: (r["applicable"], r["pass"], r["fail"]) for i, r in frame.iterrows()}


def test_several_files_are_one_dataset_committed_once(workspace, tmp_path):
    a = write(tmp_path / "north.csv", HH + "31010101,1,2,1,0\n31010101,2,3,0,1")
    b = write(tmp_path / "south.csv", HH + "31020101,1,4,1,1")
    prepared, info = import_files(workspace, "bmn", [a, b], year=2564)
    assert info is not None, prepared.report.to_frame()
    assert len(workspace.datasets()) == 1
    assert [f["name"] for f in info.meta["files"]] == ["north.csv", "south.csv"]
    assert info.meta["households"] == 3
    assert counts(workspace, "31")["4"] == (3, 2, 1)


def test_a_field_one_file_lacks_is_blank_there_and_kept_where_another_file_has_it(workspace, tmp_path, monkeypatch):
    from analysis.importers import common

    stored = {}
    original_stage = common.stage

    def stage(session, *args, **kwargs):
        original_stage(session, *args, **kwargs)
        for index in (0, 1):
            stored[index] = {row[0] for row in session.con.execute(f"DESCRIBE staged_{index}").fetchall()}

    monkeypatch.setattr("analysis.importers.pipeline.stage", stage)
    named = "รหัสหมู่บ้าน,ชื่อหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,ผู้จัดเก็บ,ข้อ 4,ข้อ 7\n"
    a = write(tmp_path / "a.csv", named + "31010101,บ้านเหนือ,1,2,สมศรี,1,0")
    b = write(tmp_path / "b.csv", HH + "31010102,1,2,1,0\n31010102,2,25,1,0")
    prepared, info = import_files(workspace, "bmn", [a, b], year=2564)
    # a field a file does not have is not stored for it (13 million copies of '' in a national file)
    assert {"village_name", "collector"} <= stored[0]
    assert not {"village_name", "collector", "k_province", "lat_raw", "collected_on_raw"} & stored[1]
    problem = [p for p in prepared.report.problems if p.rule == "members_implausible"][0]
    assert (problem.file, problem.row, problem.value) == ("b.csv", 3, "25")
    villages = pd.read_parquet(workspace.dataset_dir(info.id) / "villages.parquet")
    assert villages[["village_code", "village_name"]].values.tolist() == [["31010101", "บ้านเหนือ"], ["31010102", ""]]
    households = pd.read_parquet(workspace.dataset_dir(info.id) / "households.parquet")
    assert households[["household_id", "members", "collector"]].values.tolist() == [
        ["1", 2, "สมศรี"],
        ["1", 2, ""],
        ["2", 25, ""],
    ]


def test_a_problem_names_its_own_file_and_row(workspace, tmp_path):
    a = write(tmp_path / "a.csv", HH + "31010101,1,2,1,0")
    b = write(tmp_path / "b.csv", HH + "31010102,1,2,1,0\n31010102,2,0,1,0")
    prepared, info = import_files(workspace, "bmn", [a, b], year=2564)
    assert info is None and not workspace.datasets()
    problem = [p for p in prepared.report.problems if p.rule == "members_not_positive"][0]
    assert (problem.file, problem.row, problem.column, problem.value) == ("b.csv", 3, "จำนวนสมาชิก", "0")


def test_a_household_in_two_files_is_a_duplicate_naming_the_first_file(workspace, tmp_path):
    a = write(tmp_path / "a.csv", HH + "31010101,7,2,1,0")
    b = write(tmp_path / "b.csv", HH + "31010102,1,2,1,0\n31010101,7,2,1,0")
    prepared, _ = import_files(workspace, "bmn", [a, b], year=2564)
    problem = [p for p in prepared.report.problems if p.rule == "duplicate_household"][0]
    assert (problem.file, problem.row) == ("b.csv", 3)
    assert problem.message_th == "รหัสครัวเรือนซ้ำ (พบครั้งแรกที่แถว 2 (a.csv))"


def test_duplicates_are_the_same_household_in_the_same_village_only(workspace, tmp_path, monkeypatch):
    # every pair hashes alike (the worst case of the 64-bit hash): the exact pair still decides
    from analysis.importers import household_layers

    monkeypatch.setattr(household_layers, "_duplicate_keys", _with_constant_hash(household_layers._duplicate_keys))
    rows = "31010101,7,2,1,0\n31010102,7,2,1,0\n31010101,8,2,1,0\n31010101,7,3,0,0\n31010102,8,1,1,0\n31010101,7,1,1,0"
    prepared, _ = import_files(workspace, "bmn", [write(tmp_path / "a.csv", HH + rows)], year=2564, dry_run=True)
    found = [(p.row, p.value) for p in prepared.report.problems if p.rule == "duplicate_household"]
    assert found == [(5, "7"), (7, "7")]  # village 31010101's household 7, first given at row 2


def _with_constant_hash(duplicate_keys):
    def run(con):
        con.execute("CREATE OR REPLACE MACRO hash(a, b) AS 42::UBIGINT")
        try:
            duplicate_keys(con)
        finally:
            con.execute("DROP MACRO hash")

    return run


def test_a_folder_and_a_zip_of_province_files(workspace, tmp_path):
    folder = tmp_path / "provinces"
    folder.mkdir()
    write(folder / "31.csv", HH + "31010101,1,2,1,0")
    write(folder / "32.csv", HH + "32010101,1,2,0,0")
    archive = tmp_path / "national.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.write(folder / "31.csv", "2564/31.csv")
        zipped.write(folder / "32.csv", "2564/32.csv")
    _, from_folder = import_files(workspace, "bmn", [folder], year=2564, dry_run=True)
    prepared, info = import_files(workspace, "bmn", [archive], year=2564)
    assert info is not None, prepared.report.to_frame()
    assert [f["name"] for f in info.meta["files"]] == ["national.zip/2564/31.csv", "national.zip/2564/32.csv"]
    assert counts(workspace, "32")["4"] == (1, 0, 1)
    assert not any((workspace.root / ".scratch").glob("zip-*"))  # extracted members are removed


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, data in members.items():
            zipped.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("members", "rule"),
    [
        ({"../../evil.csv": b"a,b\n1,2\n"}, "zip_unsafe"),
        ({"/etc/passwd.csv": b"a,b\n1,2\n"}, "zip_unsafe"),
        ({"bomb.csv": b"0" * (30 * 2**20)}, "zip_too_large"),  # 30 MB of zeros packs ~1000×
    ],
)
def test_hostile_zips_are_refused_and_leave_nothing(workspace, tmp_path, members, rule):
    path = tmp_path / "upload.zip"
    path.write_bytes(_zip(members))
    prepared, info = import_files(workspace, "bmn", [path], year=2564)
    assert info is None
    assert prepared.report.errors[0].rule == rule
    assert not (tmp_path / "evil.csv").exists() and not (workspace.root.parent / "evil.csv").exists()
    assert not any((workspace.root / ".scratch").glob("zip-*"))


def test_an_empty_folder_is_reported(workspace, tmp_path):
    (tmp_path / "empty").mkdir()
    prepared, info = import_files(workspace, "bmn", [tmp_path / "empty"], year=2564)
    assert info is None and prepared.report.errors[0].rule == "no_files_found"


# ---- the wide form national portals publish -------------------------------------------------

WIDE = """village_ID,village_name,indicator1.ALL,indicator1.CNT,indicator22.ALL,indicator22.CNT
3101010101,บ้านโคก,40,10,100,20
3101010102,บ้านโคกใต้,20,5,50,10
3101010201,บ้านนา,30,3,60,0
"""


def test_wide_tpmap_form_is_recognised_with_ten_digit_villages(workspace, tmp_path):
    path = write(tmp_path / "tpmap.csv", WIDE)
    prepared, info = import_file(workspace, "bmn-agg", path, year=2564, unit="person")
    assert info is not None, prepared.report.to_frame()
    assert info.meta["shape"] == "wide" and info.meta["count_unit"] == "person"
    # two communities share หมู่ 1 (31010101): kept apart as leaves, summed in the village
    assert counts(workspace, "3101010101") == {"1": (40, 30, 10), "22": (100, 80, 20)}
    assert counts(workspace, "31010101") == {"1": (60, 45, 15), "22": (150, 120, 30)}
    assert counts(workspace, "310101") == {"1": (90, 72, 18), "22": (210, 180, 30)}
    units = set(workspace.rows("area_indicator", area="310101")["count_unit"])
    assert units == {"person"}  # the file's unit, not the catalog's household unit for indicator 22
    register = workspace.register()
    assert register.display_name("3101010102") == "บ้านโคกใต้ (หมู่ 1)"
    assert register.display_name("31010102") == "บ้านนา (หมู่ 2)"


def test_municipal_areas_take_their_names_from_the_file(workspace, tmp_path):
    text = "รหัสพื้นที่,ชื่อพื้นที่,ตัวชี้วัด,ผ่าน,ไม่ผ่าน\n310151,เทศบาลเมืองบุรีรัมย์,1,30,10\n310101,ในเมือง,1,5,5\n"
    prepared, info = import_file(workspace, "bmn-agg", write(tmp_path / "m.csv", text), year=2564)
    assert info is not None, prepared.report.to_frame()
    register = workspace.register()
    assert register.display_name("310151") == "เทศบาลเมืองบุรีรัมย์"
    assert register.display_name("310101") == "ตำบลในเมือง"  # the register's own name is kept


# ---- reports at scale ---------------------------------------------------------------------------


def test_many_problems_are_counted_listed_per_rule_and_saved_in_full(workspace, tmp_path):
    bad_rows = SHOWN_PER_RULE + 500
    frame = pd.DataFrame({"รหัสหมู่บ้าน": "31010101", "รหัสบ้าน": range(bad_rows), "จำนวนสมาชิก": 0, "ข้อ 4": 1, "ข้อ 7": 5})
    path = tmp_path / "bad.csv"
    frame.to_csv(path, index=False)
    prepared, info = import_file(workspace, "bmn", path, year=2564)
    report = prepared.report
    assert info is None
    assert report.totals["members_not_positive"] == bad_rows
    assert report.totals["status_value_unknown"] == bad_rows
    listed = [p for p in report.problems if p.rule == "members_not_positive"]
    assert len(listed) == SHOWN_PER_RULE and listed[0].row == 2 and listed[-1].row == SHOWN_PER_RULE + 1
    assert report.counts()["error"] == 2 * bad_rows
    full = report.full_frame()
    assert len(full[full["severity"] == "error"]) == 2 * bad_rows
    assert set(full[full["severity"] == "warning"]["rule"]) == {"indicator_not_in_data"}
    last = full[full["rule"] == "status_value_unknown"].iloc[-1]
    assert (last["row"], last["column"], last["value"]) == (bad_rows + 1, "ข้อ 7", "5")
    assert last["message_th"].startswith("ค่าไม่อยู่ในรหัสผลของตัวชี้วัด")
    summary = report.by_rule("th").set_index("rule")
    assert summary.loc["members_not_positive", "count"] == bad_rows


def test_bad_codes_are_listed_up_to_the_cap_and_all_counted(workspace, tmp_path, monkeypatch):
    monkeypatch.setattr("analysis.importers.keys.SHOWN_PER_RULE", 2)
    rows = "".join(f"31X{n},{n},3,1,1\n" for n in range(5))  # five distinct malformed village codes
    path = write(tmp_path / "codes.csv", HH + rows)
    prepared, _ = import_file(workspace, "bmn", path, year=2564)
    listed = [p for p in prepared.report.problems if p.rule == "bad_code_format"]
    assert prepared.report.totals["bad_code_format"] == 5
    assert [p.row for p in listed] == [2, 3]  # the first rows of the file, in order


def _province_files(tmp_path, bad: dict[tuple[int, int], str]) -> list:
    """Three files of one shape, 12,000 households each (village order), members from ``bad`` at
    (file, household) — several of DuckDB's buffers each when buffers are small."""
    paths = []
    for f in range(3):
        lines = [HH.strip()]
        for n in range(12_000):
            village = f"3{f + 1}01{1 + n // 4_000:02d}{1 + n // 400 % 10:02d}"
            lines.append(f"{village},{n:05d},{bad.get((f, n), 1 + n % 5)},{n % 2},{(n // 2) % 2}")
        paths.append(write(tmp_path / f"{31 + f}.csv", "\n".join(lines) + "\n"))
    return paths


def test_province_files_of_one_shape_are_read_by_one_statement_with_each_files_rows(workspace, tmp_path, monkeypatch):
    # a national year comes as 77 province files of one shape: one statement reads them all
    # (planned once, parsed in parallel) and every row keeps its own file's row number
    from analysis import file_rows
    from analysis.importers import checks, common

    monkeypatch.setattr(file_rows, "CSV_BUFFER_BYTES", 64 * 1024)
    monkeypatch.setattr(checks, "SHOWN_PER_RULE", 2)  # the full list is written too
    alone = []
    monkeypatch.setattr(common, "load_rows", lambda *a, **k: alone.append(a[3]) or file_rows.load_rows(*a, **k))
    bad = {(0, 11_999): "0", (1, 0): "0", (1, 7_321): "0", (2, 5_000): "0"}
    prepared, info = import_files(workspace, "bmn", _province_files(tmp_path, bad), year=2564)
    assert info is None and alone == []
    assert [f["rows"] for f in prepared.meta["files"]] == [12_000] * 3
    full = prepared.report.full_frame()
    found = full[full["rule"] == "members_not_positive"][["file", "row", "column", "value"]]
    assert sorted(map(tuple, found.values.tolist())) == [
        ("31.csv", 12_001, "จำนวนสมาชิก", "0"),
        ("32.csv", 2, "จำนวนสมาชิก", "0"),
        ("32.csv", 7_323, "จำนวนสมาชิก", "0"),
        ("33.csv", 5_002, "จำนวนสมาชิก", "0"),
    ]
    assert prepared.report.totals["members_not_positive"] == 4

    paths = _province_files(tmp_path, {})
    _, together = import_files(workspace, "bmn", paths, year=2564)
    households = pd.read_parquet(workspace.dataset_dir(together.id) / "households.parquet")
    assert households["source_file"].tolist() == [0] * 12_000 + [1] * 12_000 + [2] * 12_000
    assert households["source_row"].tolist() == list(range(2, 12_002)) * 3
    assert households["village_code"].iloc[[0, 12_000, 35_999]].tolist() == ["31010101", "32010101", "33010310"]
    # file by file (the path taken when one file is not one record per line) gives the same layer
    monkeypatch.setattr(common, "load_rows_together", lambda *a, **k: None)
    separate = Workspace(tmp_path / "separate")
    _, apart = import_files(separate, "bmn", paths, year=2564)
    assert alone == [0, 1, 2]
    pd.testing.assert_frame_equal(
        pd.read_parquet(separate.dataset_dir(apart.id) / "households.parquet").drop(columns="batch"),
        households.drop(columns="batch"),
    )
    for table in ("area_indicator", "area_domain", "area_summary"):
        pd.testing.assert_frame_equal(separate.rows(table), workspace.rows(table))
    assert len(workspace.rows("area_indicator", level="village")) == 3 * 30 * 2  # 30 villages a file, 2 indicators
