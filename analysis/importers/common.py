"""Pieces every importer shares: the survey year, the catalog and area codes per row."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis.areas import AreaRegister
from analysis.catalogs import Catalog, catalog_for_year, load_catalog
from analysis.codes import (
    LENGTH_LEVEL,
    CodeError,
    is_blank,
    is_municipal_tambon,
    normalise_code,
    thai_digits_to_arabic,
    village_code_from_parts,
)
from analysis.mapping import ColumnMapping
from analysis.readers import RawTable
from analysis.validation import Report

FAMILY = {"bmn": "bmn", "bmn-agg": "bmn", "nrd2c": "nrd2c"}
CE_YEARS = range(1900, 2200)
BE_YEARS = range(2400, 2800)
THAILAND_BOUNDS = {"lat": (5.0, 21.0), "lon": (97.0, 106.0)}


@dataclass
class Prepared:
    """The outcome of preparing one file: layer tables to store, and the report."""

    kind: str
    file: str
    report: Report
    year: int | None = None
    catalog: Catalog | None = None
    mapping: ColumnMapping | None = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    meta: dict[str, object] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.report.has_errors and bool(self.tables)


def column(table: RawTable, mapping: ColumnMapping, name: str) -> pd.Series | None:
    header = mapping.fields.get(name)
    if header is None or header not in table.frame.columns:
        return None
    return table.frame[header]


def parse_number(text: object) -> float | None:
    """A number from a cell: Thai digits, thousands commas and spaces allowed; None if blank."""
    if is_blank(text):
        return None
    cleaned = thai_digits_to_arabic(str(text)).replace(",", "").replace(" ", "").strip()
    try:
        return float(cleaned)
    except ValueError as error:
        raise ValueError(str(text)) from error


def parse_year(text: object) -> tuple[int, bool]:
    """(Buddhist Era year, converted_from_CE) or ValueError."""
    number = parse_number(text)
    if number is None or not float(number).is_integer():
        raise ValueError(str(text))
    year = int(number)
    if year in CE_YEARS:
        return year + 543, True
    if year in BE_YEARS:
        return year, False
    raise ValueError(str(text))


def resolve_year(table: RawTable, mapping: ColumnMapping, given: int | None, report: Report) -> int | None:
    """The survey year: from the year column (one year per file) or the year given."""
    values = column(table, mapping, "year")
    header = mapping.fields.get("year")
    if values is None or (values == "").all():
        if given is None:
            report.add("year_missing", table.name)
            return None
        try:
            year, converted = parse_year(given)
        except ValueError:
            report.add("year_invalid", table.name, value=given)
            return None
        if converted:
            report.add("year_ce_converted", table.name, value=given, detail=year)
        return year
    years: dict[int, int] = {}
    for row, text in values.items():
        if text == "":
            continue
        try:
            year, converted = parse_year(text)
        except ValueError:
            report.add("year_invalid", table.name, row, header, text)
            continue
        if converted and year not in years:
            report.add("year_ce_converted", table.name, row, header, text, detail=year)
        years.setdefault(year, row)
    if given is not None and years and set(years) != {int(given)}:
        found = ", ".join(str(y) for y in sorted(years))
        report.add("year_mixed", table.name, column=header, detail=f"{found} / {given}")
        return None
    if len(years) > 1:
        report.add("year_mixed", table.name, column=header, detail=", ".join(map(str, sorted(years))))
        return None
    if not years:
        return given
    return next(iter(years))


def resolve_catalog(kind: str, year: int | None, catalog_id: str | None, file: str, report: Report) -> Catalog | None:
    family = FAMILY[kind]
    if catalog_id:
        catalog = load_catalog(catalog_id)
        if year is not None and not catalog.covers(year):
            report.add("catalog_year_mismatch", file, value=year, detail=catalog.id)
        return catalog
    if year is None:
        return None
    catalog = catalog_for_year(family, year)
    if catalog is None:
        report.add("no_catalog_for_year", file, value=year)
    return catalog


def _part(value: object, parent: str | None, length: int) -> str | None:
    """A code part: the full code of its level, or its own two digits under ``parent``."""
    if is_blank(value):
        return None
    text = thai_digits_to_arabic(str(value).strip())
    if text.endswith(".0"):
        text = text[:-2]
    if text[:2].upper() == "TH":
        text = text[2:]
    if text.isdigit() and len(text) <= 2 and length > 2:
        if parent is None:
            raise CodeError(f"{value!r} is a part code with no parent code")
        return parent + text.zfill(2)
    code = normalise_code(text)
    assert code is not None
    if len(code) != length:
        raise CodeError(f"{value!r} is a {LENGTH_LEVEL[len(code)]} code")
    return code


class NestingError(ValueError):
    """Code parts that contradict each other; the message names both."""


def compose_code(full: object, province: object, amphoe: object, tambon: object, village_no: object) -> str | None:
    """The deepest area code given by a row's code columns; checks that the parts nest."""
    province_code = _part(province, None, 2)
    amphoe_code = _part(amphoe, province_code, 4)
    tambon_code = _part(tambon, amphoe_code, 6)
    for child, parent in ((amphoe_code, province_code), (tambon_code, amphoe_code)):
        if child and parent and not child.startswith(parent):
            raise NestingError(f"{child} ∉ {parent}")
    composed = tambon_code or amphoe_code or province_code
    if not is_blank(village_no):
        if tambon_code is None:
            raise CodeError("หมู่ที่ without a tambon code")
        composed = village_code_from_parts(tambon_code, village_no)
    code = normalise_code(full)
    if code and composed and not (code.startswith(composed) or composed.startswith(code)):
        raise NestingError(f"{code} ∉ {composed}")
    if code is None:
        return composed
    if composed is None:
        return code
    return code if len(code) >= len(composed) else composed


CODE_FIELDS = ("village_code", "area_code", "province_code", "amphoe_code", "tambon_code", "village_no")


def area_codes(
    table: RawTable,
    mapping: ColumnMapping,
    register: AreaRegister,
    report: Report,
    level: str | None,
) -> pd.Series:
    """The area code of every row (None where it cannot be read; each reason is reported)."""
    present = [f for f in CODE_FIELDS if f in mapping.fields]
    if not present:
        report.add("no_area_columns", table.name)
        return pd.Series(None, index=table.frame.index, dtype=object)
    frame = table.frame[[mapping.fields[f] for f in present]].copy()
    frame.columns = present
    for name in CODE_FIELDS:
        if name not in frame:
            frame[name] = ""
    frame["full"] = frame["village_code"].where(frame["village_code"] != "", frame["area_code"])
    keys = ["full", "province_code", "amphoe_code", "tambon_code", "village_no"]
    shown_column = mapping.fields.get("village_code") or mapping.fields.get("area_code") or (mapping.fields[present[0]])
    results: dict[tuple[str, ...], str | None] = {}
    codes = pd.Series(None, index=frame.index, dtype=object)
    reported_unknown: set[str] = set()
    for row, key in zip(frame.index, frame[keys].itertuples(index=False, name=None), strict=True):
        if key in results:
            codes[row] = results[key]
            continue
        shown = " / ".join(v for v in key if v)
        code: str | None = None
        try:
            code = compose_code(*key)
            if code is None:
                report.add("missing_value", table.name, row, shown_column, "")
            elif level is not None and len(code) != 8:
                report.add(
                    "bad_code_format",
                    table.name,
                    row,
                    shown_column,
                    shown,
                    detail="ต้องเป็นรหัสหมู่บ้าน 8 หลัก / an 8-digit village code is needed",
                )
                code = None
        except NestingError as error:
            report.add("code_parts_not_nested", table.name, row, shown_column, shown, detail=str(error))
        except CodeError as error:
            report.add("bad_code_format", table.name, row, shown_column, shown, detail=str(error))
        if code is not None:
            missing = register.unknown_part(code)
            if missing is not None:
                report.add("unknown_area", table.name, row, shown_column, missing)
                code = None
            elif len(code) >= 6 and is_municipal_tambon(code) and code[:6] not in reported_unknown:
                reported_unknown.add(code[:6])
                if code[:6] not in register:
                    report.add("municipal_area", table.name, row, shown_column, code[:6])
        results[key] = code
        codes[row] = code
    return codes


def village_points(table: RawTable, mapping: ColumnMapping, codes: pd.Series, report: Report) -> pd.DataFrame:
    """One row per village: name and the mean of its valid coordinates (when given)."""
    out = pd.DataFrame({"village_code": codes})
    names = column(table, mapping, "village_name")
    out["village_name"] = names if names is not None else ""
    for axis, name in (("lat", "latitude"), ("lon", "longitude")):
        values = column(table, mapping, name)
        out[axis] = pd.to_numeric(values, errors="coerce") if values is not None else float("nan")
    if "latitude" in mapping.fields and "longitude" in mapping.fields:
        low_lat, high_lat = THAILAND_BOUNDS["lat"]
        low_lon, high_lon = THAILAND_BOUNDS["lon"]
        given = (column(table, mapping, "latitude") != "") | (column(table, mapping, "longitude") != "")
        valid = out["lat"].between(low_lat, high_lat) & out["lon"].between(low_lon, high_lon)
        for row in out.index[given & ~valid]:
            report.add(
                "coordinates_invalid",
                table.name,
                int(row),
                mapping.fields["latitude"],
                f"{table.frame.at[row, mapping.fields['latitude']]}, "
                f"{table.frame.at[row, mapping.fields['longitude']]}",
            )
        out.loc[~valid, ["lat", "lon"]] = float("nan")
    out = out.dropna(subset=["village_code"])
    grouped = out.groupby("village_code", sort=True)
    result = grouped.agg(
        village_name=("village_name", lambda s: next((v for v in s if v), "")),
        lat=("lat", "mean"),
        lon=("lon", "mean"),
    ).reset_index()
    return result


def report_unused_columns(table: RawTable, mapping: ColumnMapping, report: Report) -> None:
    if mapping.personal:
        report.add("personal_data_dropped", table.name, detail=", ".join(mapping.personal))
    unused = [h for h in table.headers if h not in mapping.used_headers()]
    if unused:
        report.add("unmapped_columns", table.name, detail=", ".join(unused))
