"""Map exports for websites and social media: GeoJSON, KML (Google Maps and Google Earth, Thai
names intact) and a standalone HTML map with Leaflet inlined (opens without internet). The KMZ
(icons and photos packed with the KML) is built in analysis.geo.kmz from the KML parts here."""

from __future__ import annotations

import base64
import json
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

import shapely
from shapely.geometry import shape

from analysis.geo.classify import NO_DATA_COLOUR
from analysis.geo.features import LEAFLET_DIR, LEAFLET_URL
from analysis.geo.views import MapView
from analysis.i18n import translate
from analysis.plans.records import PinRecord

if TYPE_CHECKING:
    import folium

KML_NS = "http://www.opengis.net/kml/2.2"


def legend_rows(view: MapView, lang: str = "th") -> list[dict]:
    """The legend as data: each class's label, colour and number of areas, then "no data"."""
    rows = [
        {"label": label, "colour": colour, "areas": int(count)}
        for label, colour, count in zip(view.classes.labels, view.classes.colours, view.classes.counts, strict=True)
    ]
    return [*rows, {"label": translate("map.no_data", lang), "colour": NO_DATA_COLOUR, "areas": None}]


def layer_geojson(view: MapView, lang: str = "th") -> dict:
    """The choropleth as GeoJSON: area code, name, value, its text, class and colour per feature;
    the title, area, survey year, legend and (on demo data) the demo label at the top and on every
    feature, so a copied feature still says what it is."""
    demo = translate("app.demo_note", lang) if view.demo else None
    extra = {"year": view.year, **({"demo": True, "note": demo} if demo else {})}
    # the map's properties are HTML-escaped for its tooltips; a GeoJSON file holds the text as read
    features = [
        dict(
            f,
            properties={**{k: _unescape(v) if isinstance(v, str) else v for k, v in f["properties"].items()}, **extra},
        )
        for f in view.collection["features"]
    ]
    return {
        "type": "FeatureCollection",
        "name": view.title,
        "title": view.heading(lang),
        "area": view.scope_name,
        "year": view.year,
        "legend": legend_rows(view, lang),
        "demo": view.demo,
        **({"note": demo} if demo else {}),
        "features": features,
    }


def pins_geojson(pins: list[PinRecord], category_names: dict[str, str]) -> dict:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
            "properties": {
                "id": p.id,
                "name": p.name,
                "category": p.category,
                "category_name": category_names.get(p.category, p.category),
                "details": p.details,
                "village_code": p.village_code,
                "project_id": p.project_id,
            },
        }
        for p in pins
    ]
    return {"type": "FeatureCollection", "features": features}


def geojson_bytes(collection: dict) -> bytes:
    return json.dumps(collection, ensure_ascii=False).encode("utf-8")


def _kml_colour(hex_colour: str, alpha: str = "c0") -> str:
    """KML colours are aabbggrr."""
    value = hex_colour.lstrip("#")
    return f"{alpha}{value[4:6]}{value[2:4]}{value[0:2]}".lower()


def _coordinates(ring) -> str:
    return " ".join(f"{x:.6f},{y:.6f},0" for x, y in ring.coords)


def _kml_polygon(parent: ET.Element, polygon) -> None:
    element = ET.SubElement(parent, "Polygon")
    outer = ET.SubElement(ET.SubElement(element, "outerBoundaryIs"), "LinearRing")
    ET.SubElement(outer, "coordinates").text = _coordinates(polygon.exterior)
    for ring in polygon.interiors:
        inner = ET.SubElement(ET.SubElement(element, "innerBoundaryIs"), "LinearRing")
        ET.SubElement(inner, "coordinates").text = _coordinates(ring)


def _kml_geometry(parent: ET.Element, geometry) -> None:
    if geometry.geom_type == "Polygon":
        _kml_polygon(parent, geometry)
    elif geometry.geom_type == "MultiPolygon":
        multi = ET.SubElement(parent, "MultiGeometry")
        for polygon in geometry.geoms:
            _kml_polygon(multi, polygon)
    elif geometry.geom_type == "Point":
        ET.SubElement(ET.SubElement(parent, "Point"), "coordinates").text = f"{geometry.x:.6f},{geometry.y:.6f},0"


def to_kml(
    document_name: str,
    collection: dict,
    pins: list[PinRecord] | None = None,
    category_names: dict[str, str] | None = None,
) -> bytes:
    """KML of a layer's areas (styled by class colour) and pins. Text is escaped by the XML writer."""
    root, document = kml_document(document_name, collection)
    add_area_styles(document, collection)
    add_area_placemarks(document, collection)
    for pin in pins or []:
        placemark = ET.SubElement(document, "Placemark")
        ET.SubElement(placemark, "name").text = pin.name
        category = (category_names or {}).get(pin.category, pin.category)
        ET.SubElement(placemark, "description").text = balloon_text(f"{category}\n{pin.details}".strip())
        _kml_geometry(placemark, shapely.Point(pin.lon, pin.lat))
    return kml_bytes(root)


def kml_document(document_name: str, collection: dict) -> tuple[ET.Element, ET.Element]:
    """The <kml> root and its <Document>: named after the layer's title (and the demo note), the
    legend as its description."""
    ET.register_namespace("", KML_NS)
    root = ET.Element("kml", xmlns=KML_NS)
    document = ET.SubElement(root, "Document")
    note = collection.get("note") or ""
    ET.SubElement(document, "name").text = " · ".join(p for p in (collection.get("title") or document_name, note) if p)
    ET.SubElement(document, "description").text = _kml_legend(collection)
    return root, document


def kml_bytes(root: ET.Element) -> bytes:
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")


def add_area_styles(document: ET.Element, collection: dict) -> None:
    """One style per class colour of the layer (grey outline, the class's fill)."""
    colours = sorted(
        {f["properties"].get("fill") for f in collection.get("features", []) if f["properties"].get("fill")}
    )
    for colour in colours:
        style = ET.SubElement(document, "Style", id=f"c{colour.lstrip('#')}")
        line = ET.SubElement(style, "LineStyle")
        ET.SubElement(line, "color").text = "ff555555"
        ET.SubElement(line, "width").text = "1"
        ET.SubElement(ET.SubElement(style, "PolyStyle"), "color").text = _kml_colour(colour)


def add_area_placemarks(parent: ET.Element, collection: dict) -> None:
    """Each area of the layer: its name, value text as the balloon, class style, code and value."""
    for feature in collection.get("features", []):
        props = feature["properties"]
        placemark = ET.SubElement(parent, "Placemark")
        ET.SubElement(placemark, "name").text = _unescape(props.get("name", ""))
        ET.SubElement(placemark, "description").text = balloon_text(
            " · ".join(_unescape(props.get(k) or "") for k in ("value_text", "detail", "note") if props.get(k))
        )
        if props.get("fill"):
            ET.SubElement(placemark, "styleUrl").text = f"#c{props['fill'].lstrip('#')}"
        data = ET.SubElement(placemark, "ExtendedData")
        for key in ("area_code", "value"):
            item = ET.SubElement(data, "Data", name=key)
            ET.SubElement(item, "value").text = "" if props.get(key) is None else str(props.get(key))
        _kml_geometry(placemark, shape(feature["geometry"]))


def _kml_legend(collection: dict) -> str:
    """The legend as the document's description (Google Earth shows it as HTML): title, each
    class's colour and label, the demo label."""
    import html

    rows = "".join(
        f'<tr><td style="background:{html.escape(r["colour"])};width:18px"></td><td>{html.escape(r["label"])}</td></tr>'
        for r in collection.get("legend", [])
    )
    parts = [f"<b>{html.escape(str(collection.get('title', '')))}</b>", f"<table>{rows}</table>" if rows else ""]
    if collection.get("note"):
        parts.append(f"<p><b>{html.escape(collection['note'])}</b></p>")
    return "".join(parts)


def balloon_text(text: str) -> str:
    """Text for a KML description: Google Earth and My Maps render a balloon as HTML after reading
    the XML, so user text is HTML-escaped as well (a pin's "<img onerror=…>" stays words), line
    breaks kept."""
    import html

    return html.escape(text).replace("\n", "<br>")


def _unescape(text: str) -> str:
    """GeoJSON properties built for the map hold HTML-escaped text; KML escapes on its own."""
    import html

    return html.unescape(str(text))


def to_html(figure: folium.Map) -> bytes:
    """A standalone HTML page: Leaflet's JS and CSS inlined, so it opens without the app or internet
    (the background tiles still need internet)."""
    page = figure.get_root().render()
    script = (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8")
    style = (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8")
    for image in (LEAFLET_DIR / "images").glob("*.png"):  # the CSS's relative image links, inlined
        encoded = base64.b64encode(image.read_bytes()).decode("ascii")
        style = style.replace(f"images/{image.name}", f"data:image/png;base64,{encoded}")
    jquery = (LEAFLET_DIR / "jquery.min.js").read_text(encoding="utf-8")
    page = page.replace(f'<script src="{LEAFLET_URL}leaflet.js"></script>', f"<script>{script}</script>")
    page = page.replace(f'<script src="{LEAFLET_URL}jquery.min.js"></script>', f"<script>{jquery}</script>")
    page = page.replace(f'<link rel="stylesheet" href="{LEAFLET_URL}leaflet.css"/>', f"<style>{style}</style>")
    return page.encode("utf-8")
