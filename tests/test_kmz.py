"""The KMZ for Google Earth / My Maps (issue 24 part 3): opened with zipfile, doc.kml parsed with
lxml and validated against the OGC KML 2.2 schema (ogckml22.xsd as shipped by pykml, with its atom
and xAL imports); icons inside the archive, photos without EXIF, balloons escaped, Thai intact."""

from __future__ import annotations

import importlib.resources
import io
import zipfile

import pytest
from lxml import etree
from PIL import ExifTags, Image

from analysis.geo import kmz_files
from analysis.geo.kmz import to_kmz
from analysis.geo.kmz_files import clean_photo
from analysis.plans.records import PinRecord

NS = {"k": "http://www.opengis.net/kml/2.2"}
#: a small layer as layer_geojson gives it: one tambon, class colour and value
COLLECTION = {
    "type": "FeatureCollection",
    "name": "ครัวเรือนไม่ผ่านเกณฑ์รายได้",
    "title": "ครัวเรือนไม่ผ่านเกณฑ์รายได้ · ตำบลหนองบัว · 2567",
    "legend": [{"label": "0–10%", "colour": "#fee5d9", "areas": 1}],
    "features": [
        {
            "type": "Feature",
            "geometry": {"type": "Polygon", "coordinates": [[[103, 15], [103.1, 15], [103.1, 15.1], [103, 15]]]},
            "properties": {
                "area_code": "990101",
                "name": "ตำบลหนองบัว",
                "value": 4.2,
                "value_text": "4.2%",
                "fill": "#fee5d9",
            },
        }
    ],
}
ATTACK = '<img src=x onerror="alert(1)"> & ผ้า'


def photo_with_gps(size=(1200, 900), orientation: int = 6) -> bytes:
    """A JPEG carrying a GPS position and an orientation (turned 90° on display: 6)."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "TestCam"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({1: "N", 2: (15.0, 24.0, 1.5), 3: "E", 4: (103.0, 1.0, 2.5)})
    buffer = io.BytesIO()
    Image.new("RGB", size, "#2a9d8f").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def kml_schema() -> etree.XMLSchema:
    path = importlib.resources.files("pykml") / "schemas" / "ogckml22.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


def open_kmz(data: bytes) -> tuple[zipfile.ZipFile, etree._Element]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.namelist()[0] == "doc.kml"  # Google Earth reads the first KML of a KMZ
    document = etree.fromstring(archive.read("doc.kml"))
    kml_schema().assertValid(document)  # OGC KML 2.2: elements, their order, values
    return archive, document


def folders(document) -> dict[str, list]:
    return {
        f.findtext("k:name", namespaces=NS): f.findall("k:Placemark", NS) for f in document.iterfind(".//k:Folder", NS)
    }


def hand_pins() -> list[PinRecord]:
    return [
        PinRecord("otop", "กลุ่มทอผ้าไหมบ้านหัวนา", 15.41, 103.02, ATTACK, "99010103", photo=photo_with_gps(), id=7),
        PinRecord("school", "โรงเรียนบ้านหนองบัว", 15.42, 103.03, "นักเรียน 180 คน", project_id=3, id=8),
        PinRecord("otop", "ผ้าขาวม้า", 15.43, 103.04, id=9, is_demo=True),
        PinRecord("no_such_category", "ป้ายชุมชน", 15.44, 103.05, id=10),  # drawn as "other", as on the HTML map
    ]


def test_the_kmz_holds_folders_icons_photos_and_escaped_balloons():
    villages = {"99010103": "บ้านหัวนา หมู่ 3"}
    kmz = to_kmz("map", COLLECTION, hand_pins(), "th", villages, {3: "อาหารกลางวัน <ดี>"})
    archive, document = open_kmz(kmz.data)
    assert archive.namelist() == [
        "doc.kml",
        "files/icons/otop.png",
        "files/icons/school.png",
        "files/icons/other.png",
        "files/photos/pin_7.jpg",
    ]
    assert kmz.unreadable == [] and kmz.left_out == []
    # the area layer as in the KML export, then one folder per category in the declared order
    found = folders(document)
    assert list(found) == ["ครัวเรือนไม่ผ่านเกณฑ์รายได้", "ผลิตภัณฑ์ OTOP (2)", "โรงเรียน (1)", "อื่น ๆ (1)"]
    assert [[p.findtext("k:name", namespaces=NS) for p in ps] for ps in found.values()] == [
        ["ตำบลหนองบัว"],
        ["กลุ่มทอผ้าไหมบ้านหัวนา", "ผ้าขาวม้า"],  # Thai names round-trip as UTF-8
        ["โรงเรียนบ้านหนองบัว"],
        ["ป้ายชุมชน"],
    ]
    # every placemark's style exists and every icon is a file inside the archive
    styles = {s.get("id"): s for s in document.iterfind("k:Document/k:Style", NS)}
    for placemark in document.iterfind(".//k:Placemark", NS):
        assert placemark.findtext("k:styleUrl", namespaces=NS).lstrip("#") in styles
    hrefs = [h.text for h in document.iterfind(".//k:IconStyle/k:Icon/k:href", NS)]
    assert hrefs == ["files/icons/otop.png", "files/icons/school.png", "files/icons/other.png"]
    for href in hrefs:
        icon = Image.open(io.BytesIO(archive.read(href)))
        assert (icon.format, icon.size, icon.mode) == ("PNG", (64, 64), "RGBA")
    weaving = found["ผลิตภัณฑ์ OTOP (2)"][0]
    assert weaving.findtext("k:description", namespaces=NS) == (
        "<b>กลุ่มทอผ้าไหมบ้านหัวนา</b><br><i>ผลิตภัณฑ์ OTOP</i><br>"
        "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; ผ้า<br>บ้านหัวนา หมู่ 3<br>"
        '<img src="files/photos/pin_7.jpg" width="320" height="427" alt="กลุ่มทอผ้าไหมบ้านหัวนา">'
    )
    data = {d.get("name"): d.findtext("k:value", namespaces=NS) for d in weaving.iterfind(".//k:Data", NS)}
    assert data == {  # HTML-escaped too: Google Earth shows data in a balloon as HTML when asked
        "category": "ผลิตภัณฑ์ OTOP",
        "details": "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; ผ้า",
        "village": "บ้านหัวนา หมู่ 3",
        "village_code": "99010103",
    }
    assert weaving.findtext("k:Point/k:coordinates", namespaces=NS) == "103.020000,15.410000,0"
    school = found["โรงเรียน (1)"][0].findtext("k:description", namespaces=NS)
    assert school.endswith("นักเรียน 180 คน<br>โครงการ: อาหารกลางวัน &lt;ดี&gt;")
    demo = found["ผลิตภัณฑ์ OTOP (2)"][1].findtext("k:description", namespaces=NS)
    assert demo == "<b>ผ้าขาวม้า</b><br><i>ผลิตภัณฑ์ OTOP</i><br><i>ข้อมูลสาธิต (สมมติ) สร้างขึ้นโดยโปรแกรม ไม่ใช่ข้อมูลจริงของพื้นที่ใด</i>"


def test_the_photo_inside_has_no_exif_and_stands_upright_within_the_limit():
    original = Image.open(io.BytesIO(photo_with_gps()))
    assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)[2] == (15.0, 24.0, 1.5)  # the fixture has a position
    archive, _ = open_kmz(to_kmz("map", COLLECTION, hand_pins()[:1]).data)
    data = archive.read("files/photos/pin_7.jpg")
    photo = Image.open(io.BytesIO(data))
    # 1200×900 turned upright (orientation 6) is 900×1200; at most 800 a side: 600×800
    assert (photo.format, photo.size) == ("JPEG", (600, 800))
    assert len(photo.getexif()) == 0 and "exif" not in photo.info and b"Exif" not in data and b"TestCam" not in data
    assert len(data) <= 200 * 1024


def test_a_large_photo_is_made_smaller_until_it_fits():
    import numpy as np

    noise = np.random.default_rng(1).integers(0, 255, (800, 800, 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(noise).save(buffer, "PNG")
    data, width, height = clean_photo(buffer.getvalue(), max_px=800, max_kb=60)
    assert len(data) <= 60 * 1024 and width == height and width < 800
    assert Image.open(io.BytesIO(data)).size == (width, height)
    assert clean_photo(b"not a picture") is None


def test_unreadable_and_too_many_photos_are_named_and_said_in_the_balloon(monkeypatch):
    broken = PinRecord("temple", "วัดป่า", 15.4, 103.0, photo=b"\xff\xd8 damaged", id=1)
    kmz = to_kmz("map", COLLECTION, [broken], "en")
    archive, document = open_kmz(kmz.data)
    assert kmz.unreadable == ["วัดป่า"] and "files/photos/pin_1.jpg" not in archive.namelist()
    balloon = document.findall(".//k:Placemark", NS)[-1].findtext("k:description", namespaces=NS)
    assert balloon.split("<br>")[-1] == (
        "<i>(This place&#x27;s photo cannot be read — open the pin on the Map page and upload the photo again)</i>"
    )
    monkeypatch.setattr(
        kmz_files, "limits", lambda: {"photo_max_px": 800, "photo_max_kb": 200, "photos_max_total_mb": 0, "icon_px": 32}
    )
    monkeypatch.setattr("analysis.geo.kmz.limits", kmz_files.limits)
    kmz = to_kmz("map", COLLECTION, hand_pins()[:1], "th")
    archive, _ = open_kmz(kmz.data)
    assert kmz.left_out == ["กลุ่มทอผ้าไหมบ้านหัวนา"] and not [n for n in archive.namelist() if "photos" in n]


def test_the_schema_check_can_fail():
    """A placemark's point before its name breaks the KML 2.2 order: the schema refuses it."""
    bad = etree.fromstring(
        b'<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark>'
        b"<Point><coordinates>103,15,0</coordinates></Point><name>x</name></Placemark></Document></kml>"
    )
    assert not kml_schema().validate(bad)


@pytest.fixture
def demo_kmz(demo_workspace, tmp_path):
    from analysis.cli import main

    out = tmp_path / "map.kmz"
    args = ["map", "export", "-w", str(demo_workspace.root), "--area", "9901", "--layer", "indicator:29"]
    assert main([*args, "--format", "kmz", "--out", str(out)]) == 0
    return out


def test_cia_map_export_kmz_of_the_demo_amphoe(demo_kmz):
    archive, document = open_kmz(demo_kmz.read_bytes())
    areas, *categories = folders(document).items()
    assert len(areas[1]) == 6  # the amphoe's six tambons, as in the KML export
    # the demo's pins (analysis/demo/build.py PINS and profile.py PINS) by category
    assert {name: len(placemarks) for name, placemarks in categories} == {
        "กลุ่มออมทรัพย์ (1)": 1,
        "ผลิตภัณฑ์ OTOP (2)": 2,
        "วัด / ศาสนสถาน (1)": 1,
        "โรงเรียน (1)": 1,
        "รพ.สต. / สถานบริการสุขภาพ (1)": 1,
        "ตลาด (1)": 1,
        "แหล่งน้ำ (1)": 1,
        "ศูนย์เรียนรู้ (1)": 1,
    }
    # the three pins of ตำบลหนองบัว carry the demo's photos
    photos = [n for n in archive.namelist() if n.startswith("files/photos/")]
    assert len(photos) == 3
    for name in photos:
        assert not Image.open(io.BytesIO(archive.read(name))).getexif()
    names = {p.findtext("k:name", namespaces=NS) for p in document.iterfind(".//k:Placemark", NS)}
    assert {"ตำบลหนองบัว", "กลุ่มออมทรัพย์เพื่อการผลิตบ้านหนองบัว", "ศูนย์ปฏิบัติการข้อมูลตำบลหนองบัว"} <= names
    # Google's own reader (libkml, through GDAL's LIBKML driver) sees the same folders and places
    import pyogrio

    layers = pyogrio.list_layers(demo_kmz)[:, 0].tolist()
    assert layers == [name for name, _ in [areas, *categories]]
    assert [len(pyogrio.read_dataframe(demo_kmz, layer=name)) for name in layers] == [6, 1, 2, 1, 1, 1, 1, 1, 1]


def test_cia_map_export_names_the_places_whose_photo_cannot_be_read(demo_workspace, tmp_path, capsys):
    from analysis.cli import main
    from analysis.demo.plans import ACTOR
    from analysis.plans.service import store_for

    store = store_for(demo_workspace.root)
    pin = next(p for p in store.pins("990101") if p.name == "ศูนย์ปฏิบัติการข้อมูลตำบลหนองบัว")
    pin.photo = b"\xff\xd8 not a whole photo"
    store.update_pin(pin, ACTOR)
    out = tmp_path / "map.kmz"
    args = ["map", "export", "-w", str(demo_workspace.root), "--area", "990101", "--layer", "indicator:2"]
    assert main([*args, "--format", "kmz", "--out", str(out)]) == 0
    assert (
        "รูปภาพของ 1 สถานที่อ่านไม่ได้ จึงไม่ได้ใส่ในไฟล์ KMZ: ศูนย์ปฏิบัติการข้อมูลตำบลหนองบัว — เปิดหมุดในหน้าแผนที่แล้วอัปโหลดรูปใหม่"
    ) in capsys.readouterr().err
    archive, _ = open_kmz(out.read_bytes())
    assert len([n for n in archive.namelist() if n.startswith("files/photos/")]) == 2  # the other two
