"""Classes, layer values, map builders, exports and escaping — on small geometries and the demo."""

import xml.etree.ElementTree as ET

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from analysis.geo.classify import NO_DATA_COLOUR, REDS, classify
from analysis.geo.exports import layer_geojson, pins_geojson, to_html, to_kml
from analysis.geo.features import feature_collection
from analysis.geo.layers import LayerError, LayerSpec
from analysis.geo.maps import choropleth_map
from analysis.geo.views import build_map, map_scope, map_view
from analysis.plans.records import PinRecord
from analysis.views import layer_values

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
KML = "{http://www.opengis.net/kml/2.2}"


def test_quantiles_equal_intervals_and_fixed_breaks():
    values = pd.Series([0.0, 10.0, 20.0, 30.0, 40.0, np.nan])
    quant = classify(values, "quantiles", k=5)
    assert quant.index.tolist() == [0, 1, 2, 3, 4, -1]
    assert quant.colours == REDS[5] and quant.counts == [1, 1, 1, 1, 1]
    assert quant.colour_of(-1) == NO_DATA_COLOUR
    equal = classify(values, "equal_interval", k=4)
    assert equal.bins == [10.0, 20.0, 30.0, 40.0]
    assert equal.labels[0] == "0.0–10.0%"
    fixed = classify(values, "fixed", breaks=[15, 35])
    assert fixed.bins == [15.0, 35.0, 40.0]
    assert fixed.index.tolist() == [0, 0, 1, 1, 2, -1]
    assert fixed.labels == ["0.0–15.0%", "15.0–35.0%", "35.0–40.0%"]
    assert classify(pd.Series([5.0, 5.0]), "quantiles").bins == [5.0]  # one distinct value: one class


SHAPES = gpd.GeoDataFrame(
    {"area_code": ["990101", "990102", "990103"]},
    geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 0, 3, 1)],
    crs="EPSG:4326",
)
VALUES = pd.DataFrame(
    {
        "area_code": ["990101", "990102"],
        "value": [10.0, 40.0],
        "value_text": ["10.0%", "40.0%"],
        "detail": ["ไม่ผ่าน 1 จาก 10 ครัวเรือน", "ไม่ผ่าน 4 จาก 10 ครัวเรือน"],
    }
)


def test_features_carry_the_values_colours_and_escaped_names():
    classes = classify(VALUES["value"], "equal_interval", k=2)
    collection = feature_collection(SHAPES, VALUES, classes, {"990101": HOSTILE, "990102": "ตำบลโนนสูง"})
    props = {f["properties"]["area_code"]: f["properties"] for f in collection["features"]}
    assert props["990101"]["value_text"] == "10.0%" and props["990101"]["fill"] == classes.colours[0]
    assert props["990102"]["fill"] == classes.colours[1] and props["990102"]["name"] == "ตำบลโนนสูง"
    assert props["990103"]["value_text"] == "ไม่มีข้อมูล" and props["990103"]["fill"] == NO_DATA_COLOUR
    assert "<script>" not in props["990101"]["name"] and "&lt;script&gt;" in props["990101"]["name"]


def test_choropleth_html_has_thai_legend_tooltips_and_no_raw_hostile_text():
    classes = classify(VALUES["value"], "equal_interval", k=2)
    names = {"990101": HOSTILE}
    collection = feature_collection(SHAPES, VALUES, classes, names)
    figure = choropleth_map(
        collection,
        tuple(SHAPES.total_bounds),
        classes,
        f"ชั้น {HOSTILE}",
        selected="990102",
        note="ข้อมูลสาธิต (สมมติ)",
        tiles=None,
    )
    page = figure.get_root().render()
    assert "<script>alert" not in page and "onerror=alert(1)>" not in page
    assert "ไม่มีข้อมูล" in page and "ข้อมูลสาธิต (สมมติ)" in page
    assert "10.0–25.0%" in page and "พื้นที่" in page
    assert "/app/static/vendor/leaflet/leaflet.js" in page and "cdn.jsdelivr.net/npm/leaflet" not in page


def test_layer_values_equal_the_analysis_values(demo_workspace):
    values, catalog = layer_values(demo_workspace, "9901", "tambon", LayerSpec.parse("indicator:29"), 2567)
    area = demo_workspace.read("area_indicator", "level = 'tambon' AND year = 2567 AND indicator_id = '29'")
    assert dict(zip(values["area_code"], values["value"], strict=True)) == dict(
        zip(area["area_code"], area["pct_fail"], strict=True)
    )
    row = area.set_index("area_code").loc["990101"]
    assert (
        values.set_index("area_code").loc["990101", "detail"]
        == f"ไม่ผ่าน {row['fail']:,} จาก {row['applicable']:,} ครัวเรือน"
    )
    assert catalog == "bmn_2566_2570"
    domains, _ = layer_values(demo_workspace, "990101", "village", LayerSpec.parse("domain:income"), 2567)
    expected = demo_workspace.rows("area_domain", under="990101", level="village", year=2567, domain="income")
    assert sorted(domains["value"].round(6)) == sorted(expected["pct_fail"].round(6))
    levels, _ = layer_values(demo_workspace, "990101", "village", LayerSpec.parse("nrd2c:04"), 2566)
    stored = demo_workspace.read("nrd2c_village", "indicator_id = '04' AND starts_with(village_code, '990101')")
    assert dict(zip(levels["area_code"], levels["value"], strict=True)) == dict(
        zip(stored["village_code"], stored["level"].astype(float), strict=True)
    )


def test_mpi_layer_decomposes_to_the_area(demo_workspace):
    from analysis.catalogs import load_catalog
    from analysis.frames import household_matrix
    from analysis.mpi import alkire_foster

    values, _ = layer_values(demo_workspace, "990101", "village", LayerSpec.parse("mpi"), 2567)
    matrix = household_matrix(demo_workspace, "990101", 2567)
    total = alkire_foster(matrix, load_catalog("bmn_2566_2570").indicators[["indicator_id", "domain"]]).MPI
    sizes = matrix.keys.groupby("village_code")["household_id"].nunique()
    weighted = sum(sizes[c] * v for c, v in zip(values["area_code"], values["value"], strict=True)) / sizes.sum()
    assert weighted == pytest.approx(total)


def test_layer_specs():
    assert LayerSpec.parse("indicator:29") == LayerSpec("indicator", "29")
    assert LayerSpec.parse("mpi") == LayerSpec("mpi", None)
    with pytest.raises(LayerError):
        LayerSpec.parse("colour:red")
    assert map_scope("990101", "tambon") == "9901" and map_scope("9901", "village") == "9901"
    assert map_scope("99010105", "village") == "990101" and map_scope(None, "tambon") == ""


def test_kml_parses_back_with_thai_names_coordinates_and_styles(demo_workspace):
    view = map_view(demo_workspace, "9901", "tambon", LayerSpec.parse("indicator:29"), 2567)
    pins = [PinRecord("otop", f"กลุ่มทอผ้า {HOSTILE}", 15.4, 103.0, details="ผ้าไหม & ผ้าฝ้าย")]
    root = ET.fromstring(to_kml(view.title, layer_geojson(view), pins, {"otop": "ผลิตภัณฑ์ OTOP"}))
    placemarks = root.findall(f"{KML}Document/{KML}Placemark")
    names = [p.findtext(f"{KML}name") for p in placemarks]
    assert "ตำบลหนองบัว" in names and f"กลุ่มทอผ้า {HOSTILE}" in names  # text intact, escaped by XML itself
    nongbua = placemarks[names.index("ตำบลหนองบัว")]
    value = view.values.set_index("area_code").loc["990101", "value_text"]
    assert nongbua.findtext(f"{KML}description").startswith(value)
    coords = nongbua.find(f".//{KML}coordinates").text.split()
    lon, lat, _ = map(float, coords[0].split(","))
    assert 102.5 < lon < 103.5 and 15.0 < lat < 16.0
    style = nongbua.findtext(f"{KML}styleUrl").lstrip("#")
    assert root.find(f"{KML}Document/{KML}Style[@id='{style}']") is not None
    pin = placemarks[-1]
    # a balloon is HTML once the XML is read: user text is escaped for HTML too (issue 21)
    assert pin.findtext(f"{KML}description") == "ผลิตภัณฑ์ OTOP<br>ผ้าไหม &amp; ผ้าฝ้าย"
    assert pin.find(f".//{KML}Point/{KML}coordinates").text == "103.000000,15.400000,0"


def test_kml_balloons_keep_html_in_pin_details_as_words(demo_workspace):
    view = map_view(demo_workspace, "9901", "tambon", LayerSpec.parse("indicator:29"), 2567)
    attack = '<img src=x onerror="alert(1)">'
    pins = [PinRecord("otop", "กลุ่ม", 15.4, 103.0, details=attack)]
    root = ET.fromstring(to_kml(view.title, layer_geojson(view), pins, {"otop": "OTOP"}))
    balloon = root.findall(f"{KML}Document/{KML}Placemark")[-1].findtext(f"{KML}description")
    assert "<img" not in balloon and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in balloon


def test_geojson_export_and_pins(demo_workspace):
    view = map_view(demo_workspace, "990101", "village", LayerSpec.parse("domain:health"), 2567)
    collection = layer_geojson(view)
    assert len(collection["features"]) == 7 and collection["name"] == view.title
    pins = pins_geojson([PinRecord("temple", "วัดป่า", 15.4, 103.0, id=3)], {"temple": "วัด"})
    assert pins["features"][0]["geometry"]["coordinates"] == [103.0, 15.4]
    assert pins["features"][0]["properties"]["category_name"] == "วัด"


def test_standalone_html_inlines_leaflet_and_escapes_pin_text(demo_workspace):
    view = map_view(demo_workspace, "9901", "tambon", LayerSpec.parse("domain:income"), 2567)
    pin = PinRecord("school", HOSTILE, 15.4, 103.0, details=HOSTILE, photo=b"\xff\xd8fake", photo_mime="image/jpeg")
    page = to_html(build_map(demo_workspace, view, pins=[pin], points=True)).decode()
    assert "/app/static/vendor" not in page and "cdn.jsdelivr.net/npm/leaflet" not in page
    assert "Leaflet 1.9.4" in page and "jQuery v3.7.1" in page
    assert "<script>alert" not in page and "onerror=alert(1)>" not in page
    assert "&lt;script&gt;" in page or "\\u003cscript" in page
    assert "data:image/jpeg;base64," in page


def test_pin_popup_names_its_village_and_project(demo_workspace):
    view = map_view(demo_workspace, "9901", "tambon", LayerSpec.parse("domain:income"), 2567)
    pin = PinRecord("project_site", "ลานกีฬา", 15.45, 103.05, village_code="99010105", project_id=3)
    page = build_map(demo_workspace, view, pins=[pin], projects={3: "โครงการ <ออกกำลังกาย>"}).get_root().render()
    assert "บ้านสร้างแก้ว (หมู่ 5)" in page
    assert "โครงการ: โครงการ &lt;ออกกำลังกาย&gt;" in page


def test_the_scale_bar_is_metric_only():
    from analysis.geo.maps import new_map

    page = new_map((100.0, 14.0, 101.0, 15.0)).get_root().render()
    assert "L.control.scale({imperial: false})" in page  # Thai users read km, not "10 mi"
    assert "L.control.scale()" not in page


def test_village_points_are_one_layer_with_escaped_names():
    """A province's thousands of villages: one script and one JSON list, names escaped column-wise."""
    from analysis.geo.maps import add_points, new_map

    figure = new_map((100.0, 14.0, 101.0, 15.0))
    points = pd.DataFrame(
        {
            "village_code": ["10010101", "10010102", "10010103"],
            "name": ["<img src=x onerror=alert(1)>", "บ้าน A&B 'ใต้'", "บ้านไม่มีพิกัด"],
            "lat": [14.1, 14.2, None],
            "lon": [100.1, 100.2, 100.3],
        }
    )
    layer = add_points(figure, points, "หมู่บ้าน (จุด)")
    assert layer.rows == [
        [14.1, 100.1, "&lt;img src=x onerror=alert(1)&gt;"],
        [14.2, 100.2, "บ้าน A&amp;B &#x27;ใต้&#x27;"],
    ]
    page = figure.get_root().render()
    assert page.count("L.circleMarker(") == 1 and "onerror=alert(1)>" not in page
