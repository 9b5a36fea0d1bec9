"""Map builders: pure functions returning folium.Map. Every text from data or users is HTML-escaped
before it reaches a tooltip, popup or legend."""

from __future__ import annotations

import folium
import pandas as pd
import shapely
from branca.element import MacroElement
from folium.template import Template
from folium.utilities import JsCode

from analysis.geo.classify import Classes
from analysis.geo.features import LEAFLET_URL, escape
from analysis.i18n import translate

OSM_ATTRIBUTION = "© OpenStreetMap contributors"
SELECTED_COLOUR = "#1d3557"
LARGE_VIEW = 1500  # features
LABEL_LIMIT = 120  # features: up to this many get their name written on the map
LABEL_STYLE = "text-align:center;white-space:nowrap;pointer-events:none"
LABEL_TEXT_STYLE = (
    "display:inline-block;max-width:150px;overflow:hidden;text-overflow:ellipsis;vertical-align:top;"
    "font:11px Sarabun,Loma,Tahoma,sans-serif;color:#1f2933;background:rgba(255,255,255,.78);"
    "border-radius:3px;padding:0 3px"
)
STYLE_JS = """
function (feature, layer) {
    var p = feature.properties;
    var base = {fillColor: p.fill, fillOpacity: 0.78, color: p.selected ? "SELECTED" : "#555",
                weight: p.selected ? 3 : BORDER};
    layer.setStyle(base);
    layer.on("mouseover", function () { this.setStyle({weight: 2.5, color: "SELECTED"}); });
    layer.on("mouseout", function () { this.setStyle(base); });
}
""".replace("SELECTED", SELECTED_COLOUR)


# folium writes GeoJSON through Jinja's tojson: make it compact UTF-8 instead of ASCII escapes with
# spaces (Thai names are 6 bytes a letter escaped); this halves a national map's payload. Jinja's
# tojson still escapes < > & ' so the output stays safe inside <script>.
folium.GeoJson._template.environment.policies["json.dumps_kwargs"] = {
    "sort_keys": False,
    "ensure_ascii": False,
    "separators": (",", ":"),
}


class Legend(MacroElement):
    """A box drawn as a Leaflet control (the legend or a standalone map's title; so it shows inside
    streamlit-folium too)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var legend = L.control({position: {{ this.position|tojson }}});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "cia-legend");
                div.innerHTML = {{ this.html|tojson }};
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    def __init__(self, html_text: str, position: str = "bottomright"):
        super().__init__()
        self._name = "Legend"
        self.html = html_text
        self.position = position


class MetricScale(MacroElement):
    """A scale bar in metres and kilometres only (Leaflet's default adds miles and feet)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "MetricScale"


def legend_html(title: str, classes: Classes, no_data_label: str, note: str | None = None) -> str:
    rows = "".join(
        f'<div><span style="background:{colour};display:inline-block;width:14px;height:14px;'
        f'margin-right:6px;border:1px solid #999;vertical-align:middle"></span>{escape(label)} ({count:,})</div>'
        for colour, label, count in zip(classes.colours, classes.labels, classes.counts, strict=True)
    )
    rows += (
        f'<div><span style="background:#d9d9d9;display:inline-block;width:14px;height:14px;margin-right:6px;'
        f'border:1px solid #999;vertical-align:middle"></span>{escape(no_data_label)}</div>'
    )
    extra = f'<div style="color:#8a6d00;margin-top:4px">{escape(note)}</div>' if note else ""
    return (
        f'<div style="background:white;padding:8px 10px;border-radius:6px;box-shadow:0 1px 4px rgba(0,0,0,.3);'
        f'font:13px Sarabun,Loma,Tahoma,sans-serif;max-width:260px"><b>{escape(title)}</b>{rows}{extra}</div>'
    )


def new_map(
    bounds: tuple[float, float, float, float], tiles: str | None = "OpenStreetMap", asset_url: str | None = LEAFLET_URL
) -> folium.Map:
    """A canvas-rendered map fitted to ``bounds`` (minx, miny, maxx, maxy); ``asset_url`` is where
    Leaflet is served (None keeps folium's CDN links, as a standalone HTML file may use)."""
    minx, miny, maxx, maxy = bounds
    figure = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=10,
        tiles=None,
        prefer_canvas=True,
    )
    MetricScale().add_to(figure)
    if asset_url is not None:  # Leaflet, and jQuery for folium's popups; no other CDN assets
        figure.default_js = [("leaflet", f"{asset_url}leaflet.js"), ("jquery", f"{asset_url}jquery.min.js")]
        figure.default_css = [("leaflet_css", f"{asset_url}leaflet.css")]
    if tiles:
        folium.TileLayer(tiles, attr=OSM_ATTRIBUTION, name="OpenStreetMap").add_to(figure)
    figure.fit_bounds([[miny, minx], [maxy, maxx]])
    return figure


def choropleth_map(
    collection: dict,
    bounds: tuple[float, float, float, float] | None,
    classes: Classes,
    title: str,
    lang: str = "th",
    selected: str | None = None,
    note: str | None = None,
    tiles: str | None = None,
    asset_url: str | None = LEAFLET_URL,
    legend: bool = True,
    heading: str | None = None,
) -> folium.Map:
    """Areas (or village points) coloured by class (``collection`` from feature_collection), their
    names on the map, Thai tooltips with the numbers; ``selected`` outlined. ``legend``: the Thai
    legend drawn on the map (a page may draw it beside the map instead); ``heading``: a title box
    (a map shared as a file). The view is fitted so neither box covers the areas."""
    if not collection["features"] or bounds is None:
        return new_map((97.3, 5.6, 105.7, 20.5), tiles, asset_url)
    figure = new_map(bounds, tiles, asset_url)
    features = [
        dict(f, properties={**f["properties"], "selected": f["properties"]["area_code"] == selected})
        for f in collection["features"]
    ]
    # styles are set in the browser from each feature's own properties: no per-feature style table;
    # thousands of units (a region, the country) get hairline borders so the colours show
    border = "0.6" if len(features) <= LARGE_VIEW else "0.12"
    points = all(f["geometry"] and f["geometry"]["type"] == "Point" for f in features)
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=escape(title),
        on_each_feature=JsCode(STYLE_JS.replace("BORDER", "1" if points else border)),
        marker=folium.CircleMarker(radius=7, fill=True, weight=1) if points else None,
        tooltip=folium.GeoJsonTooltip(
            fields=["name", "value_text", "detail"],
            aliases=[translate("map.area", lang), translate("map.value", lang), translate("map.detail", lang)],
            sticky=True,
        ),
    ).add_to(figure)
    if len(features) <= LABEL_LIMIT:
        add_labels(figure, features, translate("map.labels", lang))
    if legend:
        figure.add_child(Legend(legend_html(title, classes, translate("map.no_data", lang), note)))
    if heading:
        figure.add_child(Legend(heading_html(heading, note), position="topright"))
    minx, miny, maxx, maxy = bounds
    right = 280 if legend else 20  # the legend's width: the areas are fitted beside it
    top = 90 if heading else 20
    figure.fit_bounds([[miny, minx], [maxy, maxx]], padding_top_left=(20, top), padding_bottom_right=(right, 20))
    return figure


def heading_html(heading: str, note: str | None = None) -> str:
    """A standalone map's title box: what is coloured, the year and area, the demo label."""
    extra = f'<div style="color:#8a6d00;font-weight:bold">{escape(note)}</div>' if note else ""
    return (
        '<div style="background:white;padding:6px 10px;border-radius:6px;box-shadow:0 1px 4px rgba(0,0,0,.3);'
        f'font:14px Sarabun,Loma,Tahoma,sans-serif;max-width:460px"><b>{escape(heading)}</b>{extra}</div>'
    )


def label_points(features: list[dict]) -> list[tuple[float, float, str]]:
    """(lat, lon, escaped name) of each feature at a point inside it (its representative point)."""
    found = []
    for feature in features:
        if not feature.get("geometry"):
            continue
        point = shapely.geometry.shape(feature["geometry"]).representative_point()
        found.append((point.y, point.x, feature["properties"]["name"]))
    return found


class PointLayer(folium.map.Layer):
    """Many points drawn by one script from one JSON list of [lat, lon, escaped name]: the areas'
    names written on the map, or village points with their names as tooltips. (One folium Marker
    per point costs a template render each — most of a page view's time for a province's
    thousands of villages.)"""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.featureGroup();
        (function () {
            var rows = {{ this.rows|tojson }};
            for (var i = 0; i < rows.length; i++) {
                var r = rows[i];
                {%- if this.kind == "labels" %}
                L.marker([r[0], r[1]], {interactive: false, icon: L.divIcon({className: "",
                    html: '<div class="cia-label" style="{{ this.style }}"><span style="{{ this.text_style }}">'
                          + r[2] + '</span></div>', iconSize: [150, 18], iconAnchor: [75, -4]})})
                    .addTo({{ this.get_name() }});
                {%- else %}
                L.circleMarker([r[0], r[1]], {radius: 4, color: "#1d3557", weight: 1, fill: true,
                    fillColor: "#ffffff", fillOpacity: 0.9}).bindTooltip(r[2], {sticky: true})
                    .addTo({{ this.get_name() }});
                {%- endif %}
            }
        })();
        {% endmacro %}
    """)

    def __init__(self, rows: list[list], kind: str, name: str):
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "FeatureGroup"
        self.rows, self.kind = rows, kind
        self.style, self.text_style = LABEL_STYLE, LABEL_TEXT_STYLE


def add_labels(figure: folium.Map, features: list[dict], label: str) -> PointLayer:
    """Each area's name written on the map (names already escaped by feature_collection)."""
    rows = [[round(lat, 6), round(lon, 6), name] for lat, lon, name in label_points(features)]
    layer = PointLayer(rows, "labels", escape(label))
    layer.add_to(figure)
    return layer


def _escaped(values: pd.Series) -> pd.Series:
    """HTML-escaped texts, column-wise (the same characters as features.escape)."""
    text = values.fillna("").astype(str)
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;")):
        text = text.str.replace(char, entity, regex=False)
    return text


def add_points(figure: folium.Map, points: pd.DataFrame, label: str) -> PointLayer:
    """Village points (rows: code, name, lat, lon) as small circles with escaped tooltips."""
    placed = points.dropna(subset=["lat", "lon"])
    rows = pd.DataFrame(
        {"lat": placed["lat"].round(6), "lon": placed["lon"].round(6), "name": _escaped(placed["name"])}
    )
    layer = PointLayer(rows.to_numpy().tolist(), "points", escape(label))
    layer.add_to(figure)
    return layer


def pin_icon(symbol: str, colour: str) -> folium.DivIcon:
    return folium.DivIcon(
        html=(
            f'<div style="background:{escape(colour)};color:white;border:2px solid white;border-radius:50%;'
            f"width:28px;height:28px;display:flex;align-items:center;justify-content:center;font-size:15px;"
            f'box-shadow:0 1px 4px rgba(0,0,0,.4)">{escape(symbol)}</div>'
        ),
        icon_size=(28, 28),
        icon_anchor=(14, 14),
    )


def pin_popup(pin, category_name: str, village_name: str | None, project_title: str | None) -> str:
    """Popup HTML for a pin: every user text escaped; the photo (if any) as an inline image."""
    parts = [f"<b>{escape(pin.name)}</b>", f"<i>{escape(category_name)}</i>"]
    if pin.details:
        parts.append(escape(pin.details).replace("\n", "<br>"))
    if village_name:
        parts.append(escape(village_name))
    if project_title:
        parts.append(f"{escape(translate('map.project', 'th'))}: {escape(project_title)}")
    if pin.photo_data_url:
        parts.append(f'<img src="{escape(pin.photo_data_url)}" style="max-width:220px;max-height:160px">')
    return "<br>".join(parts)


def add_pins(
    figure: folium.Map,
    pins: list,
    categories: pd.DataFrame,
    names: dict[str, str],
    projects: dict[int, str],
    lang: str = "th",
) -> folium.FeatureGroup:
    table = categories.set_index("category_id")
    group = folium.FeatureGroup(name=escape(translate("map.pins", lang)))
    for pin in pins:
        row = table.loc[pin.category] if pin.category in table.index else table.loc["other"]
        popup = pin_popup(
            pin,
            row[f"name_{lang}"],
            names.get(pin.village_code) if pin.village_code else None,
            projects.get(pin.project_id) if pin.project_id else None,
        )
        folium.Marker(
            [pin.lat, pin.lon],
            icon=pin_icon(row["symbol"], row["colour"]),
            tooltip=escape(pin.name),
            popup=folium.Popup(popup, max_width=260),
        ).add_to(group)
    group.add_to(figure)
    return group
