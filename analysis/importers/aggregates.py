"""จปฐ. area aggregates (what CDD reports publish) → leaf counts.

Accepts the long shape (one row per area × indicator with applicable/pass/fail columns) and
the wide shape (one row per area, one column per indicator × measure).

leaf_counts:  one row per area × indicator at the finest level the file gives
              (rows that are totals of other rows in the file are checked, not stored).
leaf_summary: one row per leaf area (households and population when the file gives them).
"""

from __future__ import annotations

import pandas as pd

from analysis.areas import AreaRegister
from analysis.catalogs import Catalog
from analysis.importers.common import Prepared, area_codes, column, parse_number, report_unused_columns
from analysis.mapping import ColumnMapping, catalog_id_for_number, parse_indicator_header
from analysis.readers import RawTable
from analysis.validation import Report

MEASURES = ("applicable", "pass", "fail")


def _count(text: str, file: str, row: int, header: str, report: Report) -> float | None:
    """A count cell: None when blank; NaN (reported) when unusable."""
    try:
        number = parse_number(text)
    except ValueError:
        report.add("not_a_number", file, row, header, text)
        return float("nan")
    if number is None:
        return None
    if number < 0:
        report.add("count_negative", file, row, header, text)
        return float("nan")
    if not float(number).is_integer():
        report.add("count_not_integer", file, row, header, text)
        return float("nan")
    return number


def _complete(
    values: dict[str, float | None], file: str, row: int, header: str, report: Report
) -> tuple[int, int, int] | None:
    """(applicable, pass, fail) from two or three of them; None when unusable (reported)."""
    if any(v is not None and v != v for v in values.values()):
        return None
    applicable, passed, failed = (values[m] for m in MEASURES)
    if sum(v is not None for v in (applicable, passed, failed)) < 2:
        report.add("counts_missing", file, row, header, "")
        return None
    if applicable is None:
        applicable = passed + failed
    elif passed is None:
        passed = applicable - failed
    elif failed is None:
        failed = applicable - passed
    if passed < 0 or failed < 0 or passed + failed > applicable:
        report.add(
            "pass_fail_exceed_applicable",
            file,
            row,
            header,
            f"{applicable:.0f}",
            detail=f"{max(passed, 0):,.0f} + {max(failed, 0):,.0f}",
        )
        return None
    if passed + failed < applicable:
        report.add(
            "pass_fail_below_applicable",
            file,
            row,
            header,
            f"{applicable:.0f}",
            detail=f"{passed:,.0f} + {failed:,.0f}",
        )
        applicable = passed + failed
    return int(applicable), int(passed), int(failed)


def _indicator_id(text: str, catalog: Catalog) -> str | None:
    if text in catalog.indicator_ids:
        return text
    parsed = parse_indicator_header(text)
    if parsed is None or parsed[1]:
        return None
    return catalog_id_for_number(catalog, parsed[0])


def _long_rows(
    table: RawTable, mapping: ColumnMapping, catalog: Catalog, codes: pd.Series, report: Report
) -> list[tuple]:
    file = table.name
    ids = column(table, mapping, "indicator_id")
    id_header = mapping.fields["indicator_id"]
    headers = {m: mapping.fields.get(m) for m in MEASURES}
    rows = []
    for row in table.frame.index:
        indicator_id = _indicator_id(ids[row], catalog)
        if indicator_id is None:
            report.add("unknown_indicator", file, row, id_header, ids[row], detail=catalog.id)
            continue
        values = {m: (_count(table.frame.at[row, h], file, row, h, report) if h else None) for m, h in headers.items()}
        counts = _complete(values, file, row, headers["applicable"] or headers["fail"] or id_header, report)
        if counts is not None and codes[row] is not None:
            rows.append((row, codes[row], indicator_id, *counts))
    return rows


def _wide_rows(table: RawTable, mapping: ColumnMapping, codes: pd.Series, report: Report) -> list[tuple]:
    file = table.name
    rows = []
    for indicator_id, headers in mapping.counts.items():
        for row in table.frame.index:
            cells = {m: table.frame.at[row, h] for m, h in headers.items()}
            if all(c == "" for c in cells.values()):
                continue
            values = {m: (_count(cells[m], file, row, headers[m], report) if m in cells else None) for m in MEASURES}
            shown = headers.get("applicable") or next(iter(headers.values()))
            counts = _complete(values, file, row, shown, report)
            if counts is not None and codes[row] is not None:
                rows.append((row, codes[row], indicator_id, *counts))
    return rows


def _drop_total_rows(counts: pd.DataFrame, file: str, report: Report) -> pd.DataFrame:
    """Keep the finest rows; check rows that total other rows of the file against their sum."""
    codes = set(counts["area_code"])
    is_total = counts["area_code"].map(lambda c: any(o != c and o.startswith(c) for o in codes))
    if not is_total.any():
        return counts
    leaves = counts[~is_total]
    for _, total in counts[is_total].iterrows():
        under = leaves[
            leaves["area_code"].str.startswith(total["area_code"]) & (leaves["indicator_id"] == total["indicator_id"])
        ]
        summed = (int(under["pass"].sum()), int(under["fail"].sum()))
        if summed != (total["pass"], total["fail"]):
            report.add(
                "total_row_mismatch",
                file,
                int(total["row"]),
                None,
                total["area_code"],
                detail=f"{total['indicator_id']}: {total['pass']}/{total['fail']} ≠ {summed[0]}/{summed[1]}",
            )
    return leaves


def prepare_aggregates(table: RawTable, mapping: ColumnMapping, prepared: Prepared, register: AreaRegister) -> None:
    catalog = prepared.catalog
    assert catalog is not None and prepared.year is not None
    report = prepared.report
    file = table.name
    long_shape = "indicator_id" in mapping.fields
    if not long_shape and not mapping.counts:
        report.add("no_indicator_columns", file, detail=catalog.id)
        return
    codes = area_codes(table, mapping, register, report, level=None)
    rows = (
        _long_rows(table, mapping, catalog, codes, report) if long_shape else _wide_rows(table, mapping, codes, report)
    )
    counts = pd.DataFrame(rows, columns=["row", "area_code", "indicator_id", "applicable", "pass", "fail"])
    duplicated = counts.duplicated(["area_code", "indicator_id"], keep="first")
    if duplicated.any():
        first = counts.groupby(["area_code", "indicator_id"])["row"].transform("min")
        for index in counts.index[duplicated]:
            report.add(
                "duplicate_area_indicator",
                file,
                int(counts.at[index, "row"]),
                None,
                f"{counts.at[index, 'area_code']} / {counts.at[index, 'indicator_id']}",
                detail=int(first[index]),
            )
    for indicator_id in sorted(set(counts["indicator_id"])):
        if catalog.indicator(indicator_id)["status"] == "placeholder":
            report.add("placeholder_indicator", file, value=indicator_id)
    missing = [
        i
        for i in catalog.indicator_ids
        if i not in set(counts["indicator_id"]) and catalog.indicator(i)["status"] != "placeholder"
    ]
    if missing and not counts.empty:
        report.add("indicator_not_in_data", file, detail=", ".join(missing))
    report_unused_columns(table, mapping, report)
    if counts.empty and not report.has_errors:
        report.add("empty_file", file)
    if report.has_errors:
        return

    counts = _drop_total_rows(counts, file, report)
    units = catalog.indicators.set_index("indicator_id")["unit"]
    leaf_counts = counts.drop(columns="row").copy()
    leaf_counts.insert(0, "year", prepared.year)
    leaf_counts.insert(3, "count_unit", leaf_counts["indicator_id"].map(units))
    for measure in MEASURES:
        leaf_counts[measure] = leaf_counts[measure].astype("int64")

    summary = pd.DataFrame({"area_code": codes})
    for name, target in (("households", "households"), ("population", "people")):
        values = column(table, mapping, name)
        summary[target] = _optional_numbers(values, mapping.fields.get(name), file, report)
    summary = summary.dropna(subset=["area_code"])
    summary = summary[summary["area_code"].isin(set(leaf_counts["area_code"]))]
    summary = summary.groupby("area_code", sort=True).first().reset_index()
    for target in ("households", "people"):
        summary[target] = summary[target].astype("Int64")
    summary.insert(0, "year", prepared.year)

    names = column(table, mapping, "area_name")
    village_rows = pd.DataFrame({"village_code": codes, "village_name": names if names is not None else ""})
    village_rows = village_rows[village_rows["village_code"].map(lambda c: isinstance(c, str) and len(c) == 8)]
    villages = village_rows.groupby("village_code", sort=True)["village_name"].first().reset_index()
    villages["lat"] = float("nan")
    villages["lon"] = float("nan")

    prepared.tables.update(leaf_counts=leaf_counts, leaf_summary=summary, villages=villages)
    prepared.meta.update(
        shape="long" if long_shape else "wide",
        rows=int(len(counts)),
        areas=int(leaf_counts["area_code"].nunique()),
        households=int(summary["households"].sum()) if summary["households"].notna().any() else None,
        people=int(summary["people"].sum()) if summary["people"].notna().any() else None,
        villages=int(len(villages)),
        indicators=sorted(set(leaf_counts["indicator_id"]), key=lambda i: (len(i), i)),
    )


def _optional_numbers(values: pd.Series | None, header: str | None, file: str, report: Report) -> pd.Series | float:
    """Household or population numbers per row (NaN when blank; bad values reported)."""
    if values is None:
        return float("nan")
    out = pd.Series(float("nan"), index=values.index)
    for row, text in values.items():
        try:
            number = parse_number(text)
        except ValueError:
            report.add("not_a_number", file, row, header, text)
            continue
        if number is not None:
            out[row] = number
    return out
