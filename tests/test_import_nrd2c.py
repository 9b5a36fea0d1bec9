from analysis.importers.pipeline import import_file
from tests.conftest import write

NRD = """
รหัสหมู่บ้าน,ชื่อหมู่บ้าน,ละติจูด,ลองจิจูด,ตัวชี้วัดที่ 1,ตัวชี้วัดที่ 2,ตัวชี้วัดที่ 3
31010101,บ้านโคก,14.99,103.10,1,2,3
31010102,บ้านนา,15.01,103.12,ระดับ 1,๑,3
31010201,บ้านดอน,,,3,3,
"""


def test_levels_are_counted_per_area(workspace, tmp_path):
    prepared, info = import_file(workspace, "nrd2c", write(tmp_path / "n.csv", NRD), year=2566)
    assert info is not None, prepared.report.to_frame()
    area = workspace.read("nrd2c_area_indicator", "area_code = ?", ["3101"]).set_index("indicator_id")
    assert area.loc["01", ["villages", "level_1", "level_2", "level_3"]].tolist() == [3, 2, 0, 1]
    assert area.loc["02", ["villages", "level_1", "level_2", "level_3"]].tolist() == [3, 1, 1, 1]
    assert area.loc["03", ["villages", "level_1", "level_2", "level_3"]].tolist() == [2, 0, 0, 2]
    assert area.loc["01", "domain"] == "access"
    villages = workspace.read("villages").set_index("village_code")
    assert villages.loc["31010102", "village_name"] == "บ้านนา"
    assert villages.loc["31010101", ["lat", "lon"]].tolist() == [14.99, 103.10]
    assert workspace.register().display_name("31010101") == "บ้านโคก (หมู่ 1)"
