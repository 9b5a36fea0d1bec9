"""Every text a page shows in Thai mode, from AppTest's element tree: titles, markdown, captions,
alerts, metrics, widget labels, help, placeholders and options, expander and tab labels, table
headers, cells and column help, chart titles, axes, labels and hover texts — and the English words
in them that are not on the allow-list (proper names, units, file formats and codes)."""

from __future__ import annotations

import json
import re

from google.protobuf.json_format import MessageToDict

#: proper names, units, file formats and codes a Thai screen may show as they are
ALLOWED = frozenset(
    {
        # file formats and programs
        "CSV",
        "XLSX",
        "Excel",
        "PDF",
        "PNG",
        "JPG",
        "KML",
        "KMZ",
        "GeoJSON",
        "TopoJSON",
        "Shapefile",
        "GeoPackage",
        "HTML",
        "ZIP",
        "zip",
        "PowerPoint",
        "pptx",
        "UTF",
        "TIS",
        "Windows",
        # proper names of services, methods, programmes and organisations
        "Google",
        "Maps",
        "Earth",
        "My",  # Google My Maps
        "GPS",
        "Facebook",
        "OpenStreetMap",
        "Leaflet",
        "Alkire",
        "Foster",
        "TPMAP",
        "TST",  # Tambon Smart Team: the source mark of its village data set
        "OTOP",
        "CIA",
        "GIS",
        "PDPA",
        "NGO",
        "Logic",
        "Model",
        "One",
        "Plan",
        "MPI",
        "EPSG",
        # units
        "MB",
        "GB",
        "KB",
        "km",
        "mi",
        # the language switch names the other language in its own script
        "English",
        "Language",
        # web addresses a form asks for
        "http",
        "https",
    }
)
#: codes removed before words are looked for: dataset ids, file names, `cia` commands, colours, A4
CODES = re.compile(
    r"\d{4}-[a-z0-9-]+-\d{14}-[0-9a-f]{6}"  # a dataset id: 2567-bmn-20261122042623-4dd48c
    r"|\S+\.(?:jpe?g|png|csv|xlsx|xls|geojson|json|kml|html|zip|gpkg|pptx|pdf|toml)\b"  # a file name
    r"|(?<![\w.])\.[a-z]+\b|\[[a-z_]+\]"  # a working folder (.practice), a settings section ([practice])
    r"|\bcia(?: [a-z]+)+(?: --[a-z-]+)*"  # a command of the command-line program
    r"|#[0-9a-fA-F]{3,8}\b|\bA4\b|\bEPSG:\d+",
    re.IGNORECASE,
)
MARKUP = re.compile(
    r"(?s)<style>.*?</style>|<script>.*?</script>|<[^>]+>|%\{[^}]*\}|https?://\S+|:material/[a-z_]+:|&[a-z]+;"
    r"|:[a-z]+-badge\["  # a coloured badge's directive (its words stay)
)
WORD = re.compile(r"[A-Za-z][A-Za-z]+")
TEXT_FIELDS = {"label", "help", "placeholder", "options", "body", "content", "caption", "title", "text"}


def _proto_texts(value, path: str, out: list[tuple[str, str]]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and key in TEXT_FIELDS:
                out.append((f"{path}.{key}", item))
            elif isinstance(item, list) and key in TEXT_FIELDS:
                out += [(f"{path}.{key}", v) for v in item if isinstance(v, str)]
                for v in item:
                    _proto_texts(v, f"{path}.{key}", out)
            elif isinstance(item, (dict, list)):
                _proto_texts(item, f"{path}.{key}", out)
    elif isinstance(value, list):
        for item in value:
            _proto_texts(item, path, out)


def _plotly_texts(spec: str, out: list[tuple[str, str]]) -> None:
    figure = json.loads(spec)
    for trace in figure.get("data", []):
        for key in ("name", "hovertemplate"):
            if isinstance(trace.get(key), str):
                out.append((f"chart.{key}", trace[key]))
        for key in ("x", "y", "text"):
            if isinstance(trace.get(key), list):
                out += [(f"chart.{key}", v) for v in trace[key] if isinstance(v, str)]
        for row in trace.get("customdata") or []:
            out += [("chart.customdata", v) for v in (row if isinstance(row, list) else [row]) if isinstance(v, str)]
    layout = figure.get("layout", {})
    for key, value in layout.items():
        if key == "title" or key.startswith(("xaxis", "yaxis")):
            title = value.get("title") if key != "title" else value
            text = title.get("text") if isinstance(title, dict) else title
            if isinstance(text, str):
                out.append((f"chart.{key}", text))
    out += [("chart.annotation", a.get("text", "")) for a in layout.get("annotations", [])]


def _table_texts(node, proto: dict, out: list[tuple[str, str]]) -> None:
    """Headers as shown (a column's configured label replaces its name), cells, column help;
    hidden columns (column_config None, or left out of column_order) are not on screen."""
    frame = node.value
    config = json.loads(proto["columns"]) if proto.get("columns") else {}
    order = proto.get("columnOrder") or [str(c) for c in frame.columns]
    for column in frame.columns:
        settings = config.get(str(column), {})
        if str(column) not in order or settings.get("hidden"):
            continue
        out.append(("table.header", settings.get("label") or str(column)))
        if settings.get("help"):
            out.append(("table.help", settings["help"]))
        values = frame[column]
        if values.isna().any():  # an empty cell shows the table's placeholder (Streamlit's is "None")
            out.append(("table.empty_cell", proto.get("placeholder", "None")))  # "" leaves the cell blank
        if values.dtype.kind not in "biufcM":
            out += [("table.cell", str(v)) for v in values.dropna().astype(str).unique()[:500]]
        options = settings.get("type_config", {}).get("options")
        out += [("table.option", str(v)) for v in options or []]


def page_texts(at) -> list[tuple[str, str]]:
    """(where, text) for every text of the page as AppTest holds it (the map component's own
    script is left out: its tooltips and legend come from analysis.geo, tested there)."""
    out: list[tuple[str, str]] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        kind = type(node).__name__
        if proto is not None and kind != "UnknownElement":
            fields = MessageToDict(proto)
            _proto_texts(fields, kind, out)
            if kind == "PlotlyChart":
                _plotly_texts(proto.spec, out)
            if kind == "Dataframe":
                _table_texts(node, fields, out)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return out


def english_words(texts: list[tuple[str, str]]) -> dict[str, list[str]]:
    """English words outside the allow-list → where they were seen (with the text, shortened)."""
    found: dict[str, list[str]] = {}
    for where, text in texts:
        clean = CODES.sub(" ", MARKUP.sub(" ", text))
        for word in WORD.findall(clean):
            if word not in ALLOWED:
                found.setdefault(word, []).append(f"{where}: {text[:90]}")
    return found


#: a Thai word as the English manual may carry it: Thai letters, with the digits and dots of a form's
#: name (กชช.2ค, ผ.02); a sentence's full stop after it is not part of it
THAI_WORD = re.compile(r"[\u0E00-\u0E7F][\u0E00-\u0E7F0-9.]*")


def thai_words(texts: list[tuple[str, str]], allowed: frozenset[str]) -> dict[str, list[str]]:
    """Thai words outside ``allowed`` → where they were seen (with the text, shortened)."""
    found: dict[str, list[str]] = {}
    permitted = {a.rstrip(".") for a in allowed}
    for where, text in texts:
        for word in THAI_WORD.findall(text):
            if word.rstrip(".") not in permitted:
                found.setdefault(word, []).append(f"{where}: {text[:90]}")
    return found
