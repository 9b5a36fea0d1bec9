"""A boundary file whose codes differ from the data's: the declared crosswalk (data/geo) recodes
Khon Kaen's เวียงเก่า 4026 to DOPA's 4029; tambons are matched by name within their parent (the
file numbers the tambons of its 4026 otherwise than DOPA numbers those of 4029); a name the file
cut short still matches; a crosswalk file the user gives fixes what names cannot; the report
shows the names on both sides."""

from __future__ import annotations

import geopandas as gpd
from shapely.geometry import box

from analysis.cli import main
from analysis.geo.boundaries import import_boundaries, load_boundaries
from analysis.importers.pipeline import import_file
from tests.conftest import write

#: the survey's tambons: 4029 เวียงเก่า (402901 ในเมือง, 402902 เมืองเก่าพัฒนา, 402903 เขาน้อย) and 402401
DATA = "รหัสพื้นที่,ตัวชี้วัด,ผ่าน,ไม่ผ่าน\n402901,1,5,5\n402902,1,6,4\n402903,1,2,2\n402401,1,3,3\n"


def squares(codes: list[str], names: list[str], parents: list[str], code_column: str = "tam_code") -> gpd.GeoDataFrame:
    shapes = [box(102.0 + 0.1 * i, 16.0, 102.1 + 0.1 * i, 16.1) for i in range(len(codes))]
    return gpd.GeoDataFrame({code_column: codes, "tam_th": names, "amp_th": parents}, geometry=shapes, crs="EPSG:4326")


def with_data(workspace, tmp_path):
    prepared, info = import_file(workspace, "bmn-agg", write(tmp_path / "kk.csv", DATA), year=2564)
    assert info is not None, prepared.report.to_frame()
    return workspace


def test_tambons_are_matched_by_name_within_their_parent(workspace, tmp_path):
    with_data(workspace, tmp_path)
    file = tmp_path / "kk_tambon.geojson"
    squares(
        ["402602", "402615", "402608", "402401"],
        ["ในเมือง", "เมืองเก่าพั", "เขาน้อย", "บ้านแฮด"],  # the file cut "เมืองเก่าพัฒนา" short
        ["เวียงเก่า", "เวียงเก่า", "เวียงเก่า", "บ้านแฮด"],
    ).to_file(file, driver="GeoJSON")
    result = import_boundaries(workspace, file)
    recoded = {(r.old, r.new, r.file_name, r.data_name, r.how) for r in result.recoded}
    assert recoded == {
        ("402602", "402901", "ในเมือง", "ในเมือง", "name"),
        ("402615", "402902", "เมืองเก่าพั", "เมืองเก่าพัฒนา", "name"),
        ("402608", "402903", "เขาน้อย", "เขาน้อย", "name"),
    }
    assert load_boundaries(workspace, "tambon")["area_code"].tolist() == ["402401", "402901", "402902", "402903"]
    assert result.without_data == [] and result.without_geometry == []


def test_the_declared_crosswalk_recodes_the_amphoe_and_the_report_names_both_sides(workspace, tmp_path, capsys):
    with_data(workspace, tmp_path)
    file = tmp_path / "kk_amphoe.geojson"
    frame = squares(["4026", "4024", "4025"], ["", "", ""], ["", "", ""], code_column="amp_code")
    frame.assign(amp_th=["เวียงเก่า", "บ้านแฮด", "โนนศิลา"]).to_file(file, driver="GeoJSON")
    assert main(["map", "boundaries", str(file), "--dry-run", "-w", str(workspace.root)]) == 0
    out = capsys.readouterr().out
    assert "  4026 เวียงเก่า → 4029 เวียงเก่า (ตามตารางเทียบรหัส)" in out
    assert "ขอบเขตที่ไม่มีข้อมูล (ชื่อในไฟล์): 4025 โนนศิลา" in out
    assert load_boundaries(workspace, "amphoe").empty  # a dry run stores nothing


def test_a_crosswalk_file_fixes_what_the_names_cannot(workspace, tmp_path, capsys):
    with_data(workspace, tmp_path)
    file = tmp_path / "t.geojson"
    squares(["402699", "402401"], ["ชื่ออื่น", "บ้านแฮด"], ["", ""]).to_file(file, driver="GeoJSON")
    result = import_boundaries(workspace, file, dry_run=True)
    assert result.recoded == [] and result.without_data == ["402699"]
    assert result.file_names == {"402699": "ชื่ออื่น"}
    crosswalk = write(tmp_path / "cw.csv", "รหัสเดิม,รหัสใหม่\n402699,402903")
    assert main(["map", "boundaries", str(file), "--crosswalk", str(crosswalk), "-w", str(workspace.root)]) == 0
    assert "  402699 ชื่ออื่น → 402903 เขาน้อย (ตามตารางเทียบรหัส)" in capsys.readouterr().out
    assert load_boundaries(workspace, "tambon")["area_code"].tolist() == ["402401", "402903"]


def test_a_crosswalk_without_its_columns_is_refused_in_thai(workspace, tmp_path, capsys):
    with_data(workspace, tmp_path)
    file = tmp_path / "t.geojson"
    squares(["402401"], ["บ้านแฮด"], [""]).to_file(file, driver="GeoJSON")
    bad = write(tmp_path / "cw.csv", "a,b\n1,2")
    assert main(["map", "boundaries", str(file), "--crosswalk", str(bad), "-w", str(workspace.root)]) == 1
    assert 'ต้องมีคอลัมน์ "รหัสเดิม" และ "รหัสใหม่"' in capsys.readouterr().err
    assert load_boundaries(workspace, "tambon").empty
