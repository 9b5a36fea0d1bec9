"""Pins for important places: categories (data/pin_categories.csv), checks, and CSV import."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from analysis.codes import VILLAGE_LENGTH, CodeError, normalise_code
from analysis.config import DATA_DIR
from analysis.importers.common import THAILAND_BOUNDS, parse_number
from analysis.mapping import normalise_header
from analysis.plans.records import PinRecord
from analysis.readers import ReadError
from analysis.small_tables import read_table
from analysis.validation import Report

HEADERS = {
    "category": ["category", "ประเภท", "หมวด", "ประเภทสถานที่"],
    "name": ["name", "ชื่อ", "ชื่อสถานที่"],
    "details": ["details", "รายละเอียด", "description"],
    "lat": ["lat", "latitude", "ละติจูด"],
    "lon": ["lon", "lng", "longitude", "ลองจิจูด"],
    "village_code": ["village_code", "รหัสหมู่บ้าน"],
    "project_id": ["project_id", "รหัสโครงการ"],
}
REQUIRED_LABELS = {"category": "ประเภท", "name": "ชื่อ", "lat": "ละติจูด", "lon": "ลองจิจูด"}


@lru_cache(maxsize=1)
def categories() -> pd.DataFrame:
    """Pin categories: id, Thai and English names, map symbol and colour."""
    return pd.read_csv(DATA_DIR / "pin_categories.csv", dtype=str, keep_default_na=False)


def category_id(text: str) -> str | None:
    """A category from its id or its Thai or English name."""
    table = categories()
    key = str(text).strip()
    for column in ("category_id", "name_th", "name_en"):
        hit = table[table[column].str.lower() == key.lower()]
        if len(hit):
            return str(hit["category_id"].iloc[0])
    return None


def in_thailand(lat: float | None, lon: float | None) -> bool:
    (low_lat, high_lat), (low_lon, high_lon) = THAILAND_BOUNDS["lat"], THAILAND_BOUNDS["lon"]
    return lat is not None and lon is not None and low_lat <= lat <= high_lat and low_lon <= lon <= high_lon


def pin_problems(pin: PinRecord) -> list[str]:
    """Rule ids a pin breaks (empty when it can be saved)."""
    problems = []
    if not pin.name.strip():
        problems.append("pin_name_missing")
    if pin.category not in set(categories()["category_id"]):
        problems.append("pin_category_unknown")
    if not in_thailand(pin.lat, pin.lon):
        problems.append("pin_coordinates_invalid")
    if pin.village_code and len(pin.village_code) != VILLAGE_LENGTH:
        problems.append("pin_village_invalid")
    return problems


def read_pins_csv(data: bytes, name: str) -> tuple[list[PinRecord], Report]:
    """Pins from a CSV/XLSX of coordinates, with every problem reported by row and column."""
    report = Report()
    try:
        table = read_table(data, name=name)
    except ReadError as error:
        report.add(error.rule, name, detail=error.words())
        return [], report
    columns = {}
    for field, synonyms in HEADERS.items():
        keys = {normalise_header(s) for s in synonyms}
        found = next((h for h in table.headers if normalise_header(h) in keys), None)
        if found:
            columns[field] = found
    for required in ("category", "name", "lat", "lon"):
        if required not in columns:
            report.add("pin_column_missing", name, detail=REQUIRED_LABELS[required])
    if report.has_errors:
        return [], report
    pins = [_pin_row(row, values, columns, name, report) for row, values in table.frame.iterrows()]
    return pins, report


def _pin_row(row: int, values: pd.Series, columns: dict[str, str], name: str, report: Report) -> PinRecord:
    """One row of a pins file as a pin, its problems reported by row and column."""

    def cell(field: str) -> str:
        return values[columns[field]] if field in columns else ""

    category = category_id(cell("category"))
    if category is None:
        choices = ", ".join(categories()["name_th"])
        report.add("pin_category_unknown", name, row, columns["category"], cell("category"), detail=choices)
    try:
        lat, lon = parse_number(cell("lat")), parse_number(cell("lon"))
    except ValueError:
        lat = lon = None
    if not in_thailand(lat, lon):
        report.add("pin_coordinates_invalid", name, row, columns["lat"], f"{cell('lat')}, {cell('lon')}")
    village = None
    if cell("village_code"):
        try:
            village = normalise_code(cell("village_code"), level="village")
        except CodeError:
            report.add("pin_village_invalid", name, row, columns["village_code"], cell("village_code"))
    if not cell("name").strip():
        report.add("pin_name_missing", name, row, columns["name"], "")
    project = cell("project_id")
    return PinRecord(
        category=category or "other",
        name=cell("name").strip(),
        lat=lat or 0.0,
        lon=lon or 0.0,
        details=cell("details"),
        village_code=village,
        project_id=int(project) if project.isdigit() else None,
    )
