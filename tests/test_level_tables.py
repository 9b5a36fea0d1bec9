"""Tambon, amphoe and province tables as input: the level from the code length and the portals'
headers (tumbol_ID, amphur_ID, province_ID), roll-ups upward only, a file mixing levels refused,
the published folder of four levels imported at once with every coarser table checked, tables of
another level of the same year compared tambon by tambon — and a Hypothesis test that a village
file and its tambon table give the same tambon figures."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.importers.pipeline import import_file, import_files
from analysis.store import Workspace
from tests.conftest import write

WIDE = "household.CNT,HOUSEMEMBER_CNT,indicator1.ALL,indicator1.CNT,indicator4.ALL,indicator4.CNT"
VILLAGES = f"""village_ID,{WIDE}
3101010101,40,120,12,3,40,4
3101010201,30,90,9,1,30,6
3101020101,50,150,15,5,50,10"""
#: the same numbers as published one level up, by hand: 310101 = first two villages, 310102 = third
TAMBONS = f"""tumbol_ID,{WIDE}
310101,70,210,21,4,70,10
310102,50,150,15,5,50,10"""
AMPHOE = f"amphur_ID,{WIDE}\n3101,120,360,36,9,120,20"
PROVINCE = f"province_ID,{WIDE}\n31,120,360,36,9,120,20"


def tambon_counts(workspace: Workspace, year: int = 2564) -> dict:
    rows = workspace.rows("area_indicator", level="tambon", year=year)
    return {(r.area_code, r.indicator_id): (int(r.applicable), int(r.fail)) for r in rows.itertuples()}


def test_a_tambon_table_imports_as_tambons_and_rolls_up_only(workspace, tmp_path):
    prepared, info = import_file(workspace, "bmn-agg", write(tmp_path / "tambon.csv", TAMBONS), year=2564)
    assert info is not None, prepared.report.to_frame()
    assert info.meta["levels"] == ["tambon"] and info.meta["villages"] == 0
    assert tambon_counts(workspace) == {
        ("310101", "1"): (21, 4),
        ("310101", "4"): (70, 10),
        ("310102", "1"): (15, 5),
        ("310102", "4"): (50, 10),
    }
    amphoe = workspace.rows("area_indicator", area="3101", year=2564).set_index("indicator_id")
    assert amphoe.loc["1", ["applicable", "fail"]].tolist() == [36, 9]
    assert workspace.rows("area_indicator", level="village").empty  # never spread down to villages
    assert workspace.rows("area_summary", area="3101").iloc[0][["households", "people"]].tolist() == [120, 360]


def test_amphoe_and_province_tables_by_their_portal_headers(workspace, tmp_path):
    _, amphoe = import_file(workspace, "bmn-agg", write(tmp_path / "amphoe.csv", AMPHOE), year=2564)
    assert amphoe.meta["levels"] == ["amphoe"]
    province = Workspace(tmp_path / "other")
    _, info = import_file(province, "bmn-agg", write(tmp_path / "province.csv", PROVINCE), year=2564)
    assert info.meta["levels"] == ["province"]
    row = province.rows("area_indicator", area="31", year=2564).set_index("indicator_id").loc["4"]
    assert (row["applicable"], row["fail"], row["level"]) == (120, 20, "province")


def test_a_header_naming_a_level_refuses_codes_of_another(workspace, tmp_path):
    text = f"tumbol_ID,{WIDE}\n3101,120,360,36,9,120,20"  # an amphoe code under the tambon header
    prepared, info = import_file(workspace, "bmn-agg", write(tmp_path / "t.csv", text), year=2564)
    assert info is None
    problem = next(p for p in prepared.report.problems if p.rule == "bad_code_format")
    assert problem.message_th == "รหัสพื้นที่ไม่ถูกรูปแบบ: '3101' เป็นรหัสอำเภอ"


def test_a_file_mixing_levels_is_refused_naming_them(workspace, tmp_path):
    text = f"area_code,{WIDE}\n310101,70,210,21,4,70,10\n3101020101,50,150,15,5,50,10"
    prepared, info = import_file(workspace, "bmn-agg", write(tmp_path / "mixed.csv", text), year=2564)
    assert info is None
    problem = next(p for p in prepared.report.problems if p.rule == "levels_mixed")
    assert problem.file == "mixed.csv"
    assert problem.message_th.startswith("ไฟล์เดียวมีพื้นที่หลายระดับ (ตำบล 1, หมู่บ้าน 1)")
    assert "(a tambon 1, a village 1)" in problem.message_en


def test_the_published_folder_of_four_levels_imports_at_once(workspace, tmp_path):
    files = [
        write(tmp_path / "village.csv", VILLAGES),
        write(tmp_path / "tambon.csv", TAMBONS),
        write(tmp_path / "amphoe.csv", AMPHOE),
        write(tmp_path / "province.csv", PROVINCE),
    ]
    prepared, info = import_files(workspace, "bmn-agg", files, year=2564)
    assert info is not None, prepared.report.to_frame()
    assert "total_row_mismatch" not in prepared.report.rules_hit()  # every table agrees with the villages
    assert info.meta["levels"] == ["province", "amphoe", "tambon", "village"]
    assert tambon_counts(workspace)[("310101", "4")] == (70, 10)  # counted once, from the villages
    assert workspace.rows("area_summary", area="31").iloc[0]["households"] == 120


def test_a_tambon_where_the_village_file_and_the_tambon_table_disagree_is_named(workspace, tmp_path):
    import_file(workspace, "bmn-agg", write(tmp_path / "village.csv", VILLAGES), year=2564)
    wrong = TAMBONS.replace("310102,50,150,15,5,", "310102,50,150,15,6,")  # 6 failing where the villages say 5
    prepared, info = import_file(workspace, "bmn-agg", write(tmp_path / "tambon.csv", wrong), year=2564)
    assert info is None  # the same areas and year are already imported (at village level)
    found = [p for p in prepared.report.problems if p.rule == "level_tables_disagree"]
    assert [p.value for p in found] == ["310102"]
    assert found[0].message_th.startswith(
        "ตารางระดับที่ต่างกันของปีเดียวกันให้ตัวเลขไม่ตรงกัน: ตำบลอิสาณ ตัวชี้วัด 1: 9/6 ≠ 10/5 (village.csv)"
    )
    same, _ = import_file(workspace, "bmn-agg", write(tmp_path / "same.csv", TAMBONS), year=2564, dry_run=True)
    assert "level_tables_disagree" not in same.report.rules_hit()


# ---- a village file and its tambon table give the same tambon figures ------------------------------

TAMBON_CODES = ["310101", "310102", "310103", "310201"]
village = st.tuples(
    st.sampled_from(TAMBON_CODES),
    st.integers(1, 30),  # หมู่ที่
    st.integers(0, 400),  # applicable of indicator 1
    st.integers(0, 400),  # applicable of indicator 4
    st.floats(0, 1),  # share failing of indicator 1
    st.floats(0, 1),
)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(st.lists(village, min_size=1, max_size=25, unique_by=lambda v: (v[0], v[1])), st.booleans())
def test_a_village_file_and_its_tambon_table_roll_up_to_the_same_tambons(tmp_path_factory, villages, long_form):
    rows = pd.DataFrame(villages, columns=["tambon", "no", "app1", "app4", "share1", "share4"])
    rows["code"] = rows["tambon"] + rows["no"].map("{:02d}".format)
    rows["fail1"] = (rows["app1"] * rows["share1"]).astype(int)
    rows["fail4"] = (rows["app4"] * rows["share4"]).astype(int)
    tambons = rows.groupby("tambon")[["app1", "fail1", "app4", "fail4"]].sum().reset_index()
    folder = tmp_path_factory.mktemp("levels")
    village_file = write(folder / "v.csv", _table("village_ID", rows.rename(columns={"code": "id"}), long_form))
    tambon_file = write(folder / "t.csv", _table("tumbol_ID", tambons.rename(columns={"tambon": "id"}), long_form))
    from_villages, from_table = Workspace(folder / "a"), Workspace(folder / "b")
    for space, path in ((from_villages, village_file), (from_table, tambon_file)):
        prepared, info = import_file(space, "bmn-agg", path, year=2564, unit="persons")
        assert info is not None, prepared.report.to_frame()
    assert tambon_counts(from_villages) == tambon_counts(from_table)
    expected = {(t.tambon, "1"): (t.app1, t.fail1) for t in tambons.itertuples()}
    assert {k: v for k, v in tambon_counts(from_table).items() if k[1] == "1"} == expected
    together, info = import_files(Workspace(folder / "c"), "bmn-agg", [village_file, tambon_file], year=2564)
    assert info is not None and "total_row_mismatch" not in together.report.rules_hit()


def _table(id_header: str, frame: pd.DataFrame, long_form: bool) -> str:
    """A wide table (indicatorN.ALL / .CNT) or the long form (one row per area × indicator)."""
    if not long_form:
        lines = [f"{id_header},indicator1.ALL,indicator1.CNT,indicator4.ALL,indicator4.CNT"]
        lines += [f"{r.id},{r.app1},{r.fail1},{r.app4},{r.fail4}" for r in frame.itertuples()]
    else:
        lines = [f"{id_header},ตัวชี้วัด,จำนวนที่สำรวจ,ไม่ผ่าน"]
        lines += [
            f"{r.id},{i},{getattr(r, f'app{i}')},{getattr(r, f'fail{i}')}" for r in frame.itertuples() for i in (1, 4)
        ]
    return "\n".join(lines)
