"""AppTest tests of the Map page, and the click handling it hands to every page."""

import geopandas as gpd
from shapely.geometry import box

from analysis.plans.service import store_for
from dashboard.map_ui import click_action
from tests.test_pages import app

MAP = "../pages/map.py"


def test_click_action():
    value = {
        "last_active_drawing": {"properties": {"area_code": "990103"}},
        "last_clicked": {"lat": 15.41234567, "lng": 103.1},
    }
    assert click_action(value, "9901") == ("990103", (15.412346, 103.1))
    assert click_action(value, "990103") == (None, (15.412346, 103.1))  # already selected: no change
    assert click_action({}, "9901") == (None, None) and click_action(None, None) == (None, None)


def test_map_page_layers_and_downloads(demo_workspace, monkeypatch):
    at = app(demo_workspace.root, monkeypatch)
    at.sidebar.selectbox(key="pick_tambon").select("990101").run()
    at.switch_page(MAP).run()
    assert not at.exception, at.exception
    assert at.selectbox(key="map_level").value == "village"
    # the default indicator is the tambon's worst problem
    overview = demo_workspace.rows("area_indicator", area="990101", year=2567)  # จปฐ. (the sidebar's default)
    assert at.selectbox(key="map_indicator").value == overview.sort_values("pct_fail").iloc[-1]["indicator_id"]
    labels = [b.label for b in at.get("download_button")]
    assert {"ดาวน์โหลด GeoJSON", "ดาวน์โหลด KML (Google Maps / Earth)", "ดาวน์โหลดแผนที่ HTML"} <= set(labels)
    for kind in ("domain", "mpi", "nrd2c"):
        at.selectbox(key="map_kind").select(kind).run()
        assert not at.exception, (kind, at.exception)
    at.selectbox(key="map_scheme").select("fixed").run()
    at.text_input(key="map_breaks").input("10, x").run()
    assert at.error[0].value == "ขอบของช่วงต้องเป็นตัวเลขคั่นด้วยจุลภาค เช่น 10, 20, 30"


def test_a_pin_is_added_from_the_map_page(demo_workspace, monkeypatch):
    at = app(demo_workspace.root, monkeypatch)
    at.session_state["map_last_click"] = (15.4321, 103.0123)  # as a click on the map leaves it
    at.sidebar.text_input(key="user_name").input("อสม. ทดสอบ").run()
    at.session_state["map_pins_open"] = True  # the panel is built only when opened
    at.switch_page(MAP).run()
    form_keys = [w.key for w in at.text_input if w.key and w.key.startswith("pin_name_0_0")]
    at.text_input(key=form_keys[0]).input("ตลาดนัดชุมชน")
    next(s for s in at.selectbox if s.key and s.key.startswith("pin_cat_0_0")).select("market")
    next(b for b in at.button if b.label == "บันทึกหมุด").click().run()
    assert not at.exception, at.exception
    pins = store_for(demo_workspace.root).pins()
    new = pins[-1]
    assert (new.name, new.category, new.lat, new.lon, new.created_by) == (
        "ตลาดนัดชุมชน",
        "market",
        15.4321,
        103.0123,
        "อสม. ทดสอบ",
    )
    assert any(s.value == f"บันทึกหมุด #{new.id} แล้ว" for s in at.success)


def test_boundaries_are_uploaded_from_the_map_page(workspace, monkeypatch, tmp_path):
    from analysis.importers.pipeline import import_file
    from tests.conftest import write

    import_file(
        workspace,
        "bmn-agg",
        write(tmp_path / "a.csv", "รหัสตำบล,ตัวชี้วัด,ผ่าน,ไม่ผ่าน\n310101,4,30,10\n310102,4,5,5"),
        year=2564,
    )
    at = app(workspace.root, monkeypatch)
    at.switch_page(MAP).run()
    assert at.info[0].value.startswith("ยังไม่มีขอบเขตพื้นที่")
    frame = gpd.GeoDataFrame({"ADM3_PCODE": ["TH310101"]}, geometry=[box(103.0, 14.9, 103.1, 15.0)], crs="EPSG:4326")
    frame.to_file(tmp_path / "b.geojson", driver="GeoJSON")
    at.file_uploader(key="boundary_file").upload(
        "b.geojson", (tmp_path / "b.geojson").read_bytes(), "application/geo+json"
    ).run()
    at.button(key="boundary_button").click().run()
    assert at.success[0].value == "นำเข้าขอบเขตระดับตำบล 1 พื้นที่ (คอลัมน์รหัส ADM3_PCODE, ระบบพิกัดเดิม EPSG:4326)"
    assert "310102" in at.warning[0].value  # data without a boundary is named
    assert not [i for i in at.info if i.value.startswith("ยังไม่มีขอบเขตพื้นที่")]  # the page is redrawn
    assert at.selectbox(key="map_level").value == "tambon"
    at.run()
    assert not at.success  # the report is shown once


def test_the_map_page_offers_the_kmz_and_its_bytes_open(demo_workspace, monkeypatch):
    import io
    import zipfile

    from lxml import etree

    from dashboard import map_share

    built = {}  # the page's own file builders, as a click would run them
    real = map_share.download

    def recording(container, label, data, file_name, mime, key, **options):
        built[key] = (label, data, file_name, mime)
        real(container, label, data, file_name, mime, key, **options)

    monkeypatch.setattr(map_share, "download", recording)
    at = app(demo_workspace.root, monkeypatch)
    at.sidebar.selectbox(key="pick_tambon").select("990101").run()
    at.switch_page(MAP).run()
    assert not at.exception, at.exception
    assert "ดาวน์โหลด KMZ พร้อมไอคอนและรูปภาพ" in [b.label for b in at.get("download_button")]
    label, data, file_name, mime = built["map_kmz"]
    assert file_name.endswith("_demo.kmz") and mime == "application/vnd.google-earth.kmz"
    archive = zipfile.ZipFile(io.BytesIO(data()))
    document = etree.fromstring(archive.read("doc.kml"))
    names = [n.text for n in document.iter("{http://www.opengis.net/kml/2.2}name")]
    # ตำบลหนองบัว's villages, then its three pins in their categories, each with its photo
    assert "กลุ่มออมทรัพย์ (1)" in names and "ศูนย์ปฏิบัติการข้อมูลตำบลหนองบัว" in names
    assert len([n for n in archive.namelist() if n.startswith("files/photos/")]) == 3
