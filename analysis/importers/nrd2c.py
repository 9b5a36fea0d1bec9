"""กชช.2ค village levels → one row per village × indicator with its level (1, 2 or 3).

nrd2c_levels: one row per village × indicator (level <NA> when the file leaves it blank).
villages:     one row per village (name and point when given).
"""

from __future__ import annotations

import pandas as pd

from analysis.areas import AreaRegister
from analysis.codes import thai_digits_to_arabic
from analysis.importers.common import Prepared, area_codes, report_unused_columns, village_points
from analysis.mapping import ColumnMapping
from analysis.readers import RawTable

LEVEL_PREFIXES = ("ระดับ", "level", "lv")


def parse_level(text: str) -> int | None:
    """1, 2 or 3 from "2", "๒", "ระดับ 2", "2.0"; None for blank; ValueError otherwise."""
    value = thai_digits_to_arabic(str(text)).strip().lower()
    for prefix in LEVEL_PREFIXES:
        value = value.removeprefix(prefix).strip()
    value = value.removesuffix(".0")
    if value in ("", "-"):
        return None
    if value in ("1", "2", "3"):
        return int(value)
    raise ValueError(text)


def prepare_nrd2c(table: RawTable, mapping: ColumnMapping, prepared: Prepared, register: AreaRegister) -> None:
    catalog = prepared.catalog
    assert catalog is not None and prepared.year is not None
    report = prepared.report
    file = table.name
    if not mapping.indicators:
        report.add("no_indicator_columns", file, detail=catalog.id)
        return
    codes = area_codes(table, mapping, register, report, level="village")
    code_header = mapping.fields.get("village_code") or mapping.fields.get("tambon_code")
    valid = codes.dropna()
    first_row: dict[str, int] = {}
    for row, code in valid.items():
        if code in first_row:
            report.add("duplicate_village", file, row, code_header, code, detail=first_row[code])
        else:
            first_row[code] = row
    levels: dict[str, pd.Series] = {}
    for indicator_id, header in mapping.indicators.items():
        parsed = pd.Series(pd.NA, index=table.frame.index, dtype="Int8")
        for row, text in table.frame[header].items():
            try:
                level = parse_level(text)
            except ValueError:
                report.add("level_value_invalid", file, row, header, text)
                continue
            if level is not None:
                parsed[row] = level
        levels[indicator_id] = parsed
    missing = [i for i in catalog.indicator_ids if i not in levels]
    if missing:
        report.add("indicator_not_in_data", file, detail=", ".join(missing))
    report_unused_columns(table, mapping, report)
    if report.has_errors:
        return
    wide = pd.DataFrame({"village_code": codes.astype("string")})
    for indicator_id, parsed in levels.items():
        wide[indicator_id] = parsed
    long = wide.melt(id_vars="village_code", var_name="indicator_id", value_name="level")
    long["level"] = long["level"].astype("Int8")
    long.insert(0, "year", prepared.year)
    long = long.sort_values(["village_code", "indicator_id"]).reset_index(drop=True)
    prepared.tables.update(
        nrd2c_levels=long,
        villages=village_points(table, mapping, codes, report),
    )
    prepared.meta.update(
        villages=int(wide["village_code"].nunique()),
        indicators=sorted(levels),
        rows=int(len(wide)),
    )
