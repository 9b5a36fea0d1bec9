"""Bad boundary files are refused and leave the stored boundaries byte for byte as they were:
metres labelled (or taken) as degrees, latitude 195, outside Thailand, points, empty shapes,
hostile zips. Dry runs report only; messages follow --lang; a shared server needs an account
allowed to import data in the file's areas."""

import hashlib
import io
import json
import zipfile

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from analysis.auth.accounts import AccountStore
from analysis.cli import main
from analysis.geo.boundaries import BoundaryError, import_boundaries, load_boundaries
from analysis.plans.service import store_for
from tests.auth_helpers import cheap_hashing  # noqa: F401  (autouse)
from tests.test_geo_boundaries import SQUARES, zipped_shapefile

PASSWORD = "a-long-password-1"


def geojson(features: list[tuple[str, list | None]]) -> bytes:
    """A GeoJSON FeatureCollection with no "crs" member (readers take it as degrees)."""
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"code": code},
                    "geometry": None if ring is None else {"type": "Polygon", "coordinates": [ring]},
                }
                for code, ring in features
            ],
        }
    ).encode()


def square(x: float, y: float, size: float) -> list:
    return [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]


def snapshot(root) -> dict[str, str]:
    """Every file of the workspace with its SHA-256 (the plans database aside: sign-ins write there)."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.startswith("plans.sqlite")
    }


@pytest.fixture
def stored(workspace, tmp_path):
    """A workspace with two good tambons stored."""
    good = tmp_path / "good.geojson"
    SQUARES.to_file(good, driver="GeoJSON")
    import_boundaries(workspace, good)
    return workspace


def hostile_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("../../outside.shp", b"x")
    return buffer.getvalue()


# UTM zone 48N metres of the same two tambons: x ≈ 500,000, y ≈ 1,650,000
METRES = [("310101", square(499_000, 1_647_000, 10_000)), ("310102", square(509_000, 1_647_000, 10_000))]
REFUSED = [
    ("metres.geojson", geojson(METRES), "out_of_range"),
    ("lat195.geojson", geojson([("310101", square(103.0, 195.0, 0.1))]), "out_of_range"),
    ("paris.geojson", geojson([("310101", square(2.3, 48.8, 0.1))]), "outside_thailand"),
    ("empty.geojson", geojson([("310101", None), ("310102", None)]), "all_empty"),
    ("hostile.zip", hostile_zip(), "zip_refused"),
    # issue 21: a NaN coordinate stopped in GEOS with a traceback; a damaged file showed GDAL's text
    (
        "nan.geojson",
        geojson([("310101", square(103.0, 15.0, 0.1))]).replace(b"[103.1, 15.0]", b"[NaN, 15.0]"),
        "coordinates_not_finite",
    ),
    ("garbage.geojson", b"{ not a geojson at all", "damaged"),
]


@pytest.mark.parametrize("name, data, key", REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_files_change_nothing(stored, name, data, key):
    before = snapshot(stored.root)
    with pytest.raises(BoundaryError) as error:
        import_boundaries(stored, data, name)
    assert error.value.key == key and error.value.message_en
    for lang in ("th", "en"):  # the refusal in words, never a library's (GDAL, GEOS) text
        assert not any(word in error.value.message(lang) for word in ("GDAL", "GEOS", "pyogrio", "Error", "/tmp"))
    assert snapshot(stored.root) == before


def test_messages_say_what_is_wrong_in_thai_and_english(stored):
    with pytest.raises(BoundaryError) as error:
        import_boundaries(stored, geojson([("310101", square(103.0, 195.0, 0.1))]), "x.geojson")
    assert error.value.message("th") == (
        "พิกัดอยู่นอกช่วงองศา (ลองจิจูด 103–103.1, ละติจูด 195–195.1) — ไฟล์น่าจะเป็นเมตรแต่ระบุเป็นองศา ให้ระบุ EPSG ที่ถูกต้อง"
    )
    assert error.value.message("en").startswith(
        "Coordinates are outside degree ranges (longitude 103–103.1, latitude 195–195.1)"
    )
    with pytest.raises(BoundaryError) as error:
        import_boundaries(stored, hostile_zip(), "b.zip")
    assert error.value.message("th") == "อ่านไฟล์ขอบเขตไม่ได้ (ไฟล์ zip มีชื่อไฟล์ที่ไม่ปลอดภัย: ../../outside.shp)"


def test_a_shapefile_in_metres_without_prj_is_refused_unless_its_crs_is_given(stored, tmp_path):
    utm = SQUARES.to_crs("EPSG:32648")
    data = zipped_shapefile(utm, tmp_path, with_prj=False)
    before = snapshot(stored.root)
    with pytest.raises(BoundaryError) as error:
        import_boundaries(stored, data, "noprj.zip")
    assert error.value.key == "no_crs" and snapshot(stored.root) == before
    result = import_boundaries(stored, data, "noprj.zip", crs="EPSG:32648")
    assert result.areas == 2 and result.crs == "EPSG:32648"
    with pytest.raises(BoundaryError) as error:
        import_boundaries(stored, data, "noprj.zip", crs="EPSG:999999")
    assert error.value.key == "bad_crs"


def test_points_are_not_boundaries(stored):
    points = gpd.GeoDataFrame({"code": ["310101", "310102"]}, geometry=[Point(103, 15), box(103, 15, 103.1, 15.1)])
    before = snapshot(stored.root)
    with pytest.raises(BoundaryError) as error:
        import_boundaries(stored, points.set_crs("EPSG:4326").to_json().encode(), "p.geojson")
    assert error.value.message("th") == "ขอบเขตต้องเป็นรูปหลายเหลี่ยม แต่พบ Point ในแถว 1"
    assert snapshot(stored.root) == before


def test_empty_shapes_are_reported_and_the_stored_shape_kept(stored):
    kept = load_boundaries(stored, "tambon", display=False).set_index("area_code").geometry["310102"]
    result = import_boundaries(stored, geojson([("310101", square(103.0, 14.9, 0.05)), ("310102", None)]), "e.geojson")
    assert (result.areas, result.empty_codes) == (1, ["310102"])
    now = load_boundaries(stored, "tambon", display=False).set_index("area_code").geometry
    assert now["310102"].equals(kept)  # not overwritten by the empty one
    assert now["310101"].area == pytest.approx(0.0025)  # 0.05 × 0.05 degrees: the new shape


def test_a_dry_run_reports_and_writes_nothing(stored):
    before = snapshot(stored.root)
    third = geojson([("310103", square(103.2, 14.9, 0.1))])
    result = import_boundaries(stored, third, "c.geojson", dry_run=True)
    assert (result.dry_run, result.areas, result.level) == (True, 1, "tambon")
    assert result.without_data == ["310101", "310102", "310103"]  # the merged set, as it would be stored
    assert snapshot(stored.root) == before


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_the_cli_dry_run_and_messages_follow_lang(stored, tmp_path, capsys):
    root = str(stored.root)
    bad = write(tmp_path, "lat195.geojson", geojson([("310101", square(103.0, 195.0, 0.1))]))
    assert main(["--lang", "en", "map", "boundaries", bad, "-w", root]) == 1
    assert capsys.readouterr().err.startswith("Coordinates are outside degree ranges")
    assert main(["map", "boundaries", bad, "-w", root]) == 1
    assert capsys.readouterr().err.startswith("พิกัดอยู่นอกช่วงองศา")
    before = snapshot(stored.root)
    third = write(tmp_path, "c.geojson", geojson([("310103", square(103.2, 14.9, 0.1)), ("310104", None)]))
    assert main(["--lang", "en", "map", "boundaries", third, "-w", root, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Areas without a shape, not imported (1): 310104" in out
    assert out.rstrip().endswith("Checked, nothing saved (--dry-run)")
    assert snapshot(stored.root) == before


def test_a_shared_server_needs_an_account_allowed_in_the_files_areas(stored, tmp_path, capsys, monkeypatch):
    root = str(stored.root)
    accounts = AccountStore(store_for(stored.root).url)
    accounts.add(None, "admin", PASSWORD, "admin")
    from analysis.auth.login import Authenticator

    admin = Authenticator(accounts.url).authenticate("admin", PASSWORD)
    accounts.add(admin, "planner1", PASSWORD, "planner", ["310101"])
    accounts.add(admin, "officer99", PASSWORD, "data_officer", ["99"])
    accounts.add(admin, "officer31", PASSWORD, "data_officer", ["3101"])
    path = write(tmp_path, "c.geojson", geojson([("310103", square(103.2, 14.9, 0.1))]))
    before = snapshot(stored.root)
    assert main(["map", "boundaries", path, "-w", root]) == 2
    assert "ระบุ --as ชื่อบัญชี" in capsys.readouterr().err
    monkeypatch.setenv("CIA_PASSWORD", PASSWORD)
    assert main(["--lang", "en", "map", "boundaries", path, "-w", root, "--as", "planner1"]) == 3
    assert capsys.readouterr().err.startswith("Account planner1 (Planner) may not: Import or replace")
    assert main(["--lang", "en", "map", "boundaries", path, "-w", root, "--as", "officer99"]) == 3
    assert "has no rights in area 310103" in capsys.readouterr().err
    assert snapshot(stored.root) == before
    monkeypatch.setenv("CIA_PASSWORD", "wrong-password")
    assert main(["map", "boundaries", path, "-w", root, "--as", "officer31"]) == 3
    assert "ชื่อบัญชีหรือรหัสผ่านไม่ถูกต้อง" in capsys.readouterr().err
    monkeypatch.setenv("CIA_PASSWORD", PASSWORD)
    assert main(["map", "boundaries", path, "-w", root, "--as", "officer31"]) == 0
    assert load_boundaries(stored, "tambon")["area_code"].tolist() == ["310101", "310102", "310103"]
    audit = store_for(stored.root).audit_log("boundaries").iloc[0]
    assert (audit["actor"], audit["role"], audit["entity_key"]) == ("officer31", "data_officer", "tambon")
