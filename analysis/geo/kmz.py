"""KMZ for Google Earth and Google My Maps (seed 003: "ปักหมุดหรือสัญลักษณ์ (Icon)", "ภาพประกอบใน
Google Map"): one ZIP with doc.kml first, then files/icons/ (each pin category's icon) and
files/photos/ (each place's photo, re-encoded without EXIF). In doc.kml the layer's areas form a
folder styled by class as in the KML export, then one folder per pin category with its icon; a
place's balloon holds its name, category, details, village, project and photo, user text
HTML-escaped (the balloon is read as HTML), Thai as UTF-8. The layer's counts are those of the
view given: a public edition's view carries its hidden small counts into the file."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from html import escape
from xml.etree import ElementTree as ET

from analysis.geo.exports import add_area_placemarks, add_area_styles, balloon_text, kml_bytes, kml_document
from analysis.geo.kmz_files import ICON_NAME, PHOTO_NAME, category_icon, clean_photo, limits
from analysis.i18n import translate
from analysis.plans.records import PinRecord

KMZ_MIME = "application/vnd.google-earth.kmz"
#: a fixed time on every member: the same map gives the same bytes
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
#: the width a photo is shown at in a balloon (pixels; the file itself may be larger)
BALLOON_PHOTO_PX = 320


@dataclass
class Kmz:
    """The KMZ's bytes, and the places whose photo is not in it: unreadable (damaged, not a
    picture) or beyond the total the file may carry (their balloons say so)."""

    data: bytes
    unreadable: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


@dataclass
class _Packed:
    """What the placemarks gather on the way: the archive's files and the photos not packed."""

    lang: str
    village_names: dict[str, str]
    projects: dict[int, str]
    files: dict[str, bytes] = field(default_factory=dict)
    photo_bytes: int = 0
    unreadable: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


def to_kmz(
    document_name: str,
    collection: dict,
    pins: list[PinRecord],
    lang: str = "th",
    village_names: dict[str, str] | None = None,
    projects: dict[int, str] | None = None,
) -> Kmz:
    """The KMZ of a layer (``collection``: layer_geojson of the view, public or not) and its pins;
    ``village_names`` and ``projects`` (id → title) name a place's village and project."""
    from analysis.plans.pins import categories

    table = categories().set_index("category_id")
    root, document = kml_document(document_name, collection)
    packed = _Packed(lang, village_names or {}, projects or {})
    grouped = _by_category(pins, list(table.index))
    for category in grouped:
        href = ICON_NAME.format(key=category)
        packed.files[href] = category_icon(table.loc[category, "symbol"], table.loc[category, "colour"])
        _icon_style(document, category, href)
    add_area_styles(document, collection)
    if collection.get("features"):
        areas = ET.SubElement(document, "Folder")
        ET.SubElement(areas, "name").text = collection.get("name") or document_name
        add_area_placemarks(areas, collection)
    for category, members in grouped.items():
        name = table.loc[category, f"name_{lang}"]
        folder = ET.SubElement(document, "Folder")
        ET.SubElement(folder, "name").text = f"{name} ({len(members)})"
        for index, pin in members:
            _pin_placemark(folder, pin, index, category, name, packed)
    archive = _zip(kml_bytes(root), packed.files)
    return Kmz(archive, packed.unreadable, packed.left_out)


def _by_category(pins: list[PinRecord], order: list[str]) -> dict[str, list[tuple[int, PinRecord]]]:
    """Pins (with their place in the list) by category in the declared order; an unknown category
    counts as "other", as on the HTML map."""
    grouped: dict[str, list[tuple[int, PinRecord]]] = {category: [] for category in order}
    for index, pin in enumerate(pins):
        grouped[pin.category if pin.category in grouped else "other"].append((index, pin))
    return {category: members for category, members in grouped.items() if members}


def _icon_style(document: ET.Element, category: str, href: str) -> None:
    """The category's style: its icon, centred on the place."""
    style = ET.SubElement(document, "Style", id=f"pin_{category}")
    icon_style = ET.SubElement(style, "IconStyle")
    ET.SubElement(icon_style, "scale").text = "1.1"
    ET.SubElement(ET.SubElement(icon_style, "Icon"), "href").text = href
    ET.SubElement(icon_style, "hotSpot", x="0.5", y="0.5", xunits="fraction", yunits="fraction")


def _pin_placemark(
    folder: ET.Element, pin: PinRecord, index: int, category: str, category_name: str, packed: _Packed
) -> None:
    """A place: its balloon (as HTML), its category's style, its fields as data, its point."""
    lang = packed.lang
    village = packed.village_names.get(pin.village_code) if pin.village_code else None
    project = packed.projects.get(pin.project_id) if pin.project_id is not None else None
    lines = [f"<b>{escape(pin.name)}</b>", f"<i>{escape(category_name)}</i>"]
    lines += [balloon_text(text) for text in (pin.details, village) if text and text.strip()]
    if project:
        lines.append(f"{escape(translate('map.project', lang))}: {escape(project)}")
    if photo := _packed_photo(pin, index, packed):
        lines.append(photo)
    if pin.is_demo:
        lines.append(f"<i>{escape(translate('app.demo_note', lang))}</i>")
    placemark = ET.SubElement(folder, "Placemark")
    ET.SubElement(placemark, "name").text = pin.name
    ET.SubElement(placemark, "description").text = "<br>".join(lines)
    ET.SubElement(placemark, "styleUrl").text = f"#pin_{category}"
    data = ET.SubElement(placemark, "ExtendedData")
    fields = {
        "category": category_name,
        "details": pin.details,
        "village": village,
        "village_code": pin.village_code,
        "project": project,
    }
    for key, value in fields.items():
        if value:
            item = ET.SubElement(data, "Data", name=key)
            ET.SubElement(item, "displayName").text = translate(f"kmz.field_{key}", lang)
            ET.SubElement(item, "value").text = escape(str(value))  # Google Earth may show data as HTML too
    ET.SubElement(ET.SubElement(placemark, "Point"), "coordinates").text = f"{pin.lon:.6f},{pin.lat:.6f},0"


def _packed_photo(pin: PinRecord, index: int, packed: _Packed) -> str | None:
    """The balloon's picture: the photo cleaned and added to the archive (or a line saying why
    it is not there)."""
    if not pin.photo:
        return None
    cleaned = clean_photo(pin.photo)
    if cleaned is None:
        packed.unreadable.append(pin.name)
        return f"<i>{escape(translate('kmz.photo_unreadable', packed.lang))}</i>"
    data, width, height = cleaned
    if packed.photo_bytes + len(data) > limits()["photos_max_total_mb"] * 1024 * 1024:
        packed.left_out.append(pin.name)
        return f"<i>{escape(translate('kmz.photo_left_out', packed.lang, mb=limits()['photos_max_total_mb']))}</i>"
    href = PHOTO_NAME.format(key=f"pin_{pin.id}" if pin.id is not None else f"place_{index + 1}")
    packed.files[href] = data
    packed.photo_bytes += len(data)
    shown = min(width, BALLOON_PHOTO_PX)
    return f'<img src="{href}" width="{shown}" height="{round(height * shown / width)}" alt="{escape(pin.name)}">'


def _zip(kml: bytes, files: dict[str, bytes]) -> bytes:
    """doc.kml first (Google Earth reads the first .kml of a KMZ), compressed; the pictures stored
    as they are (already compressed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("doc.kml", ZIP_TIME), kml, compress_type=zipfile.ZIP_DEFLATED)
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, ZIP_TIME), data, compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()
