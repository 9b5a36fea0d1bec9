"""จปฐ. household import on a fixture whose results were computed by hand (see comments)."""

import pandas as pd
import pytest

from analysis.importers.pipeline import import_file
from tests.conftest import write

# Income line 38,000 baht/person/year (2560–2564). Income per person:
#   31010101: hh1 50,000 pass · hh2 25,000 fail · hh3 30,000 fail
#   31010102: hh1 50,000 pass · hh2 20,000 fail
HOUSEHOLDS = """
ชื่อหัวหน้าครัวเรือน,รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,รายได้,ข้อ 1,ข้อ 4,ข้อ 7
นาย ก,31010101,1,3,150000,1,1,0
นาง ข,31010101,2,2,50000,0,1,
นาย ค,31010101,3,1,30000,,0,1
นาง ง,31010102,1,4,200000,,0,0
นาย จ,31010102,2,5,100000,1,1,1
"""


@pytest.fixture
def imported(workspace, tmp_path):
    path = write(tmp_path / "households.csv", HOUSEHOLDS)
    prepared, info = import_file(workspace, "bmn", path, year=2564)
    assert info is not None, prepared.report.to_frame()
    return workspace, prepared, info


def counts(workspace, code):
    frame = workspace.read("area_indicator", "area_code = ?", [code]).set_index("indicator_id")
    return {i: (r["applicable"], r["pass"], r["fail"]) for i, r in frame.iterrows()}


def test_village_counts_by_hand(imported):
    workspace, _, _ = imported
    assert counts(workspace, "31010101") == {"1": (2, 1, 1), "4": (3, 2, 1), "7": (2, 1, 1), "22": (3, 1, 2)}
    assert counts(workspace, "31010102") == {"1": (1, 1, 0), "4": (2, 1, 1), "7": (2, 1, 1), "22": (2, 1, 1)}


def test_tambon_to_province_counts_by_hand(imported):
    workspace, _, _ = imported
    expected = {"1": (3, 2, 1), "4": (5, 3, 2), "7": (4, 2, 2), "22": (5, 2, 3)}
    for code in ("310101", "3101", "31"):
        assert counts(workspace, code) == expected
    row = workspace.read("area_indicator", "area_code = ? AND indicator_id = ?", ["310101", "22"]).iloc[0]
    assert row["pct_fail"] == pytest.approx(60.0) and row["pct_pass"] == pytest.approx(40.0)
    assert row["count_unit"] == "household" and row["domain"] == "income"


def test_not_applicable_is_excluded_from_the_denominator(imported):
    workspace, _, _ = imported
    row = workspace.read("area_indicator", "area_code = ? AND indicator_id = ?", ["31010102", "1"]).iloc[0]
    # hh1 is not applicable (blank): 1 applicable, 1 pass → 0% failing, not 50%
    assert (row["applicable"], row["pct_fail"]) == (1, 0.0)


def test_domain_tables_by_hand(imported):
    workspace, _, _ = imported
    domain = workspace.read("area_domain", "area_code = ? AND domain = ?", ["310101", "health"]).iloc[0]
    assert (domain["applicable"], domain["pass"], domain["fail"]) == (12, 7, 5)
    assert domain["pct_fail"] == pytest.approx(500 / 12)
    assert domain["n_indicators"] == 3
    assert (domain["households_applicable"], domain["households_fail_any"]) == (5, 4)
    income = workspace.read("area_domain", "area_code = ? AND domain = ?", ["31010101", "income"]).iloc[0]
    assert income["households_fail_any"] == 2


def test_summary_and_household_layer(imported):
    workspace, prepared, info = imported
    summary = workspace.read("area_summary").set_index("area_code")
    assert summary.loc["31010101", ["households", "people", "villages"]].tolist() == [3, 6, 1]
    assert summary.loc["310101", ["households", "people", "villages"]].tolist() == [5, 15, 2]
    households = pd.read_parquet(workspace.dataset_dir(info.id) / "households.parquet")
    assert len(households) == 5  # one row per household, one column per indicator
    assert households["village_code"].is_monotonic_increasing  # sorted: an area is one range of the file
    row = households[(households["household_id"] == "2") & (households["village_code"] == "31010101")].iloc[0]
    passed = {c[4:]: None if pd.isna(row[c]) else int(row[c]) for c in households.columns if c.startswith("ind_")}
    assert passed == {"1": 0, "4": 1, "7": None, "22": 0}
    assert (row["members"], row["source_row"]) == (2, 3)


def test_personal_data_is_never_stored(imported):
    workspace, prepared, info = imported
    folder = workspace.dataset_dir(info.id)
    for layer in folder.glob("*.parquet"):
        frame = pd.read_parquet(layer)
        assert "ชื่อหัวหน้าครัวเรือน" not in frame.columns
        assert not frame.astype(str).isin(["นาย ก", "นาง ข"]).any().any()
    assert info.meta["income_line"] == 38000 and info.meta["income_line_status"] == "confirmed"
    assert "personal_data_dropped" in prepared.report.rules_hit()


def test_text_coding_and_code_parts_in_windows_874(workspace, tmp_path):
    text = """
    รหัสจังหวัด,รหัสอำเภอ,รหัสตำบล,หมู่ที่,รหัสบ้าน,จำนวนสมาชิก,ตัวชี้วัดที่ 4,ตัวชี้วัดที่ 23
    31,01,01,๑,1,2,ผ่าน,ไม่ผ่าน
    31,01,01,1,2,2,ไม่ผ่านเกณฑ์,-
    """
    path = write(tmp_path / "thai.csv", text, encoding="cp874")
    prepared, info = import_file(workspace, "bmn", path, year=2564)
    assert info is not None, prepared.report.to_frame()
    assert counts(workspace, "31010101") == {"4": (2, 1, 1), "23": (1, 0, 1)}


def test_one_two_coding_is_detected(workspace, tmp_path):
    text = """
    village_code,household_id,members,ind04
    TH31010101,1,2,1
    TH31010101,2,2,2
    TH31010101,3,2,
    """
    prepared, info = import_file(workspace, "bmn", write(tmp_path / "x.csv", text), year=2564)
    assert info is not None and info.meta["coding"] == "1/2"
    assert counts(workspace, "31010101") == {"4": (2, 1, 1)}


def test_common_era_year_column_is_converted(workspace, tmp_path):
    text = """
    ปี,รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,ข้อ 4
    2021,31010101,1,2,1
    """
    prepared, info = import_file(workspace, "bmn", write(tmp_path / "x.csv", text))
    assert info is not None and info.year == 2564
    assert "year_ce_converted" in prepared.report.rules_hit()


def test_households_of_an_unsorted_file_are_sorted_by_village(workspace, tmp_path):
    # the same five households, villages interleaved: the layer is sorted (village, household id)
    lines = HOUSEHOLDS.strip().splitlines()
    unsorted = "\n".join([lines[0], lines[4], lines[2], lines[5], lines[1], lines[3]])
    prepared, info = import_file(workspace, "bmn", write(tmp_path / "unsorted.csv", unsorted), year=2564)
    assert info is not None, prepared.report.to_frame()
    households = pd.read_parquet(workspace.dataset_dir(info.id) / "households.parquet")
    keys = list(zip(households["village_code"], households["household_id"], strict=True))
    assert keys == [("31010101", "1"), ("31010101", "2"), ("31010101", "3"), ("31010102", "1"), ("31010102", "2")]
    assert households["source_row"].tolist() == [5, 3, 6, 2, 4]  # header is row 1
    assert counts(workspace, "31010101")["4"] == (3, 2, 1)


def test_a_file_in_village_order_keeps_its_order_within_a_village(workspace, tmp_path):
    text = """
    village_code,household_id,members,ind04
    31010101,9,2,1
    31010101,3,2,0
    31010102,5,2,1
    """
    prepared, info = import_file(workspace, "bmn", write(tmp_path / "x.csv", text), year=2564)
    assert info is not None, prepared.report.to_frame()
    households = pd.read_parquet(workspace.dataset_dir(info.id) / "households.parquet")
    assert households["household_id"].tolist() == ["9", "3", "5"]  # not re-sorted: no sort was needed


def test_codes_in_order_across_batches():
    import pyarrow as pa

    from analysis.importers.household_layers import _codes_in_order

    def batches(*parts):
        return [pa.record_batch([pa.array(p, pa.string())], names=["code"]) for p in parts]

    assert _codes_in_order(batches(["1", "1", "2"], [], ["2", "3"]))
    assert not _codes_in_order(batches(["1", "3"], ["2", "4"]))  # falls back at the batch boundary
    assert not _codes_in_order(batches(["1", "3", "2"]))
    assert _codes_in_order(batches(["31010101", "3101010101", "31010102"]))  # text order: communities after


def test_a_layer_written_out_of_order_is_sorted_after_all(workspace, tmp_path, monkeypatch):
    # the order seen before writing said "in order"; the file written is checked again and sorted
    from analysis.importers import household_layers

    real, calls = household_layers._codes_in_order, []

    def first_says_sorted(batches):
        calls.append(1)
        return True if len(calls) == 1 else real(batches)

    monkeypatch.setattr(household_layers, "_codes_in_order", first_says_sorted)
    lines = HOUSEHOLDS.strip().splitlines()
    unsorted = "\n".join([lines[0], lines[4], lines[1], lines[2], lines[3], lines[5]])
    prepared, info = import_file(workspace, "bmn", write(tmp_path / "unsorted.csv", unsorted), year=2564)
    assert info is not None and len(calls) == 2
    households = pd.read_parquet(workspace.dataset_dir(info.id) / "households.parquet")
    assert households["village_code"].tolist() == ["31010101"] * 3 + ["31010102"] * 2
    assert sorted(p.name for p in workspace.dataset_dir(info.id).iterdir() if "unsorted" in p.name) == []


def test_row_numbers_stay_right_when_a_file_is_read_in_many_parallel_buffers(workspace, tmp_path, monkeypatch):
    # a national file is read by DuckDB in parallel buffers; every row number in the report and in
    # the households layer relies on the rows keeping the file's order. Small buffers make a 5 MB
    # file into ~40 of them (a file of 80,000 households, members 0 at three known rows).
    from analysis import file_rows

    monkeypatch.setattr(file_rows, "CSV_BUFFER_BYTES", 128 * 1024)
    bad = {5_000: "0", 41_234: "0", 79_999: "0"}
    lines = ["รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,ผู้จัดเก็บ,ข้อ 4,ข้อ 7"]
    for n in range(80_000):
        village = f"3101{1 + n // 20_000:02d}{1 + n // 1_000 % 20:02d}"
        lines.append(f"{village},{n:06d},{bad.get(n, 1 + n % 5)},  อสม. {n % 97} ,{n % 2},{(n // 2) % 2}")
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    prepared, info = import_file(workspace, "bmn", path, year=2564)
    assert info is None  # members 0 is an error
    found = [p.row for p in prepared.report.problems if p.rule == "members_not_positive"]
    assert found == [n + 2 for n in bad]  # the header is row 1
    assert prepared.meta["files"][0]["rows"] == 80_000
    fixed = tmp_path / "fixed.csv"
    for n, value in bad.items():
        lines[n + 1] = lines[n + 1].replace(f",{n:06d},{value},", f",{n:06d},3,")
    fixed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    prepared, info = import_file(workspace, "bmn", fixed, year=2564)
    assert info is not None, prepared.report.to_frame()
    households = pd.read_parquet(workspace.dataset_dir(info.id) / "households.parquet")
    assert households["source_row"].tolist() == list(range(2, 80_002))  # file order, no sort needed
    assert households["household_id"].tolist() == [f"{n:06d}" for n in range(80_000)]
    assert households["collector"].iloc[96] == "อสม. 96"  # trimmed


def test_a_household_size_must_be_a_whole_number_above_zero(workspace, tmp_path):
    # 2.5 persons is no household (the integer half of members_not_positive); 2.0 is 2 and passes
    text = "รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,ข้อ 4\n" + "\n".join(
        f"31010101,{n},{members},1" for n, members in enumerate(["3", "2.5", "2.0", "0", "-1", "0.5"], 1)
    )
    prepared, info = import_file(workspace, "bmn", write(tmp_path / "sizes.csv", text), year=2564)
    assert info is None  # an error: nothing is written
    found = [(p.row, p.value) for p in prepared.report.problems if p.rule == "members_not_positive"]
    assert found == [(3, "2.5"), (5, "0"), (6, "-1"), (7, "0.5")]
    assert workspace.datasets() == []
