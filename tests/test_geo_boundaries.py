"""Boundary uploads: every format, "TH" codes, reprojection, repair and merge, coverage."""

import io
import json
import zipfile

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Polygon, box

from analysis.geo.boundaries import (
    BoundaryError,
    detect_code_column,
    import_boundaries,
    load_boundaries,
    prepare_boundaries,
    read_boundary_file,
)
from analysis.importers.pipeline import import_file
from tests.conftest import write

# two tambons of Mueang Buri Ram as simple boxes (WGS84); ids as an office file writes them
SQUARES = gpd.GeoDataFrame(
    {"ADM3_PCODE": ["TH310101", "TH310102"], "ADM3_TH": ["ในเมือง", "อิสาณ"], "date": ["2019-02-18", "2019-02-18"]},
    geometry=[box(103.0, 14.9, 103.1, 15.0), box(103.1, 14.9, 103.2, 15.0)],
    crs="EPSG:4326",
)


def as_bytes(frame: gpd.GeoDataFrame, driver: str, suffix: str, tmp_path) -> bytes:
    path = tmp_path / f"b{suffix}"
    frame.to_file(path, driver=driver)
    return path.read_bytes()


def zipped_shapefile(frame: gpd.GeoDataFrame, tmp_path, with_prj: bool = True) -> bytes:
    folder = tmp_path / "shp"
    folder.mkdir()
    frame.to_file(folder / "tambons.shp")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in folder.iterdir():
            if with_prj or part.suffix != ".prj":
                archive.write(part, part.name)
    return buffer.getvalue()


def topojson_bytes() -> bytes:
    """A hand-written TopoJSON of the two squares (shared edge as one arc, no transform)."""
    topology = {
        "type": "Topology",
        "objects": {
            "tambons": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]], "properties": {"code": "310101"}},
                    {"type": "Polygon", "arcs": [[2, -1]], "properties": {"code": "TH310102"}},
                ],
            }
        },
        "arcs": [
            [[103.1, 14.9], [103.1, 15.0]],
            [[103.1, 15.0], [103.0, 15.0], [103.0, 14.9], [103.1, 14.9]],
            [[103.1, 14.9], [103.2, 14.9], [103.2, 15.0], [103.1, 15.0]],
        ],
    }
    return json.dumps(topology).encode()


@pytest.mark.parametrize("fmt", ["geojson", "topojson", "zip", "gpkg"])
def test_every_format_reads_to_the_same_two_tambons(fmt, tmp_path):
    if fmt == "geojson":
        data, name = as_bytes(SQUARES, "GeoJSON", ".geojson", tmp_path), "b.geojson"
    elif fmt == "gpkg":
        data, name = as_bytes(SQUARES, "GPKG", ".gpkg", tmp_path), "b.gpkg"
    elif fmt == "zip":
        data, name = zipped_shapefile(SQUARES, tmp_path), "tambons.zip"
    else:
        data, name = topojson_bytes(), "b.topojson"
    frame, result = prepare_boundaries(read_boundary_file(data, name))
    assert result.level == "tambon"
    assert frame["area_code"].tolist() == ["310101", "310102"]  # "TH" prefix stripped
    areas = frame.set_index("area_code").geometry
    assert (
        areas["310101"].equals_exact(box(103.0, 14.9, 103.1, 15.0), 1e-9)
        or areas["310101"].symmetric_difference(box(103.0, 14.9, 103.1, 15.0)).area < 1e-12
    )
    assert frame.crs.to_epsg() == 4326


def test_code_column_detection_prefers_the_deepest_codes_and_ignores_dates():
    frame = SQUARES.assign(ADM2_PCODE="TH3101")
    assert detect_code_column(frame) == "ADM3_PCODE"
    with pytest.raises(BoundaryError, match="ไม่พบคอลัมน์รหัสพื้นที่"):
        detect_code_column(SQUARES[["ADM3_TH", "geometry"]])


def test_projected_files_are_reprojected_to_wgs84(tmp_path):
    utm = SQUARES.to_crs("EPSG:32648")
    frame, result = prepare_boundaries(read_boundary_file(zipped_shapefile(utm, tmp_path), "utm.zip"))
    assert result.crs.endswith("32648")
    minx, miny, maxx, maxy = frame.total_bounds
    assert (minx, miny, maxx, maxy) == pytest.approx((103.0, 14.9, 103.2, 15.0), abs=1e-6)


def test_a_projected_file_without_crs_is_refused(tmp_path):
    utm = SQUARES.to_crs("EPSG:32648")
    with pytest.raises(BoundaryError, match="ไม่ทราบระบบพิกัด"):
        prepare_boundaries(read_boundary_file(zipped_shapefile(utm, tmp_path, with_prj=False), "noprj.zip"))
    (tmp_path / "again").mkdir()
    data = zipped_shapefile(utm, tmp_path / "again", with_prj=False)
    frame, _ = prepare_boundaries(read_boundary_file(data, "noprj.zip"), crs="EPSG:32648")  # told the CRS
    assert frame.total_bounds[0] == pytest.approx(103.0, abs=1e-6)


def test_parts_of_one_area_are_merged_and_invalid_shapes_repaired():
    bow_tie = Polygon([(103.0, 14.9), (103.1, 15.0), (103.1, 14.9), (103.0, 15.0), (103.0, 14.9)])
    frame = gpd.GeoDataFrame(
        {"code": ["310101", "310101", "310102"]},
        geometry=[box(103.0, 14.9, 103.05, 15.0), box(103.05, 14.9, 103.1, 15.0), bow_tie],
        crs="EPSG:4326",
    )
    merged, result = prepare_boundaries(frame)
    assert (result.features, result.areas, result.repaired) == (3, 2, 1)
    assert merged.set_index("area_code").geometry["310101"].area == pytest.approx(0.01)
    assert merged.is_valid.all()


def test_import_reports_coverage_and_merges_with_stored_areas(workspace, tmp_path):
    import_file(
        workspace,
        "bmn-agg",
        write(tmp_path / "a.csv", "รหัสตำบล,ตัวชี้วัด,ผ่าน,ไม่ผ่าน\n310101,4,30,10\n310103,4,5,5"),
        year=2564,
    )
    result = import_boundaries(workspace, as_bytes(SQUARES, "GeoJSON", ".geojson", tmp_path), "b.geojson")
    assert (result.level, result.areas) == ("tambon", 2)
    assert result.without_data == ["310102"] and result.without_geometry == ["310103"]
    third = gpd.GeoDataFrame({"code": ["310103"]}, geometry=[box(103.2, 14.9, 103.3, 15.0)], crs="EPSG:4326")
    (tmp_path / "third").mkdir()
    import_boundaries(workspace, as_bytes(third, "GeoJSON", ".json", tmp_path / "third"), "c.json")
    assert load_boundaries(workspace, "tambon")["area_code"].tolist() == ["310101", "310102", "310103"]
    assert load_boundaries(workspace, "tambon", "31010")["area_code"].tolist() == ["310101", "310102", "310103"]
    coords = shapely.get_coordinates(load_boundaries(workspace, "tambon").geometry.values)
    assert abs(coords * 1e5 - (coords * 1e5).round()).max() < 1e-6  # display copy rounded to 5 decimals


def test_unsupported_and_damaged_files(tmp_path):
    with pytest.raises(BoundaryError, match="ไม่รองรับไฟล์"):
        read_boundary_file(b"x", "b.txt")
    with pytest.raises(BoundaryError, match="ไม่มี Shapefile"):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("readme.txt", "no shapes")
        read_boundary_file(buffer.getvalue(), "b.zip")
    with pytest.raises(BoundaryError, match="อ่านไฟล์ขอบเขตไม่ได้"):
        read_boundary_file(b"{not json", "b.geojson")
