"""จปฐ. household results → validated households and household results.

validated:         one row per household (canonical columns; personal data never kept).
household_results: one row per household × indicator (passed: 1, 0, or <NA> = not applicable).
leaf_counts:       one row per village × indicator (counted in households).
leaf_domain:       one row per village × domain (households failing any indicator of it).
leaf_summary:      one row per village (households, people).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analysis.areas import AreaRegister
from analysis.catalogs import income_line_for
from analysis.config import settings
from analysis.importers.common import (
    Prepared,
    area_codes,
    column,
    parse_number,
    report_unused_columns,
    village_points,
)
from analysis.importers.statuses import coding_label, detect_coding, parse_statuses
from analysis.mapping import ColumnMapping
from analysis.readers import RawTable


def _numbers(table: RawTable, mapping: ColumnMapping, name: str, prepared: Prepared) -> pd.Series:
    values = column(table, mapping, name)
    header = mapping.fields.get(name)
    out = pd.Series(float("nan"), index=table.frame.index, dtype="float64")
    if values is None:
        return out
    for row, text in values.items():
        try:
            number = parse_number(text)
        except ValueError:
            prepared.report.add("not_a_number", table.name, row, header, text)
            continue
        if number is not None:
            out[row] = number
    return out


def prepare_households(
    table: RawTable,
    mapping: ColumnMapping,
    prepared: Prepared,
    register: AreaRegister,
    coding: str | None,
) -> None:
    catalog = prepared.catalog
    assert catalog is not None and prepared.year is not None
    report = prepared.report
    file = table.name
    limits = settings()["import"]

    for required in ("household_id", "members"):
        if required not in mapping.fields:
            report.add("missing_required_column", file, detail=required)
    if not mapping.indicators and not ("income" in mapping.fields and catalog.income_indicator):
        report.add("no_indicator_columns", file, detail=catalog.id)
    if report.has_errors:
        return

    codes = area_codes(table, mapping, register, report, level="village")

    ids = column(table, mapping, "household_id")
    id_header = mapping.fields["household_id"]
    for row in ids.index[ids == ""]:
        report.add("missing_value", file, row, id_header, "")
    keyed = pd.DataFrame({"code": codes, "id": ids})
    keyed = keyed[(ids != "") & codes.notna()]
    first_row = keyed.reset_index().groupby(["code", "id"])["row"].transform("min")
    first_row.index = keyed.index
    for row in keyed.index[keyed.duplicated(["code", "id"], keep="first")]:
        report.add("duplicate_household", file, row, id_header, ids[row], detail=int(first_row[row]))

    members = _numbers(table, mapping, "members", prepared)
    members_header = mapping.fields["members"]
    for row in members.index[members.isna() & (column(table, mapping, "members") == "")]:
        report.add("missing_value", file, row, members_header, "")
    for row in members.index[members.notna() & ((members <= 0) | (members % 1 != 0))]:
        report.add("members_not_positive", file, row, members_header, table.frame.at[row, members_header])
    for row in members.index[members > limits["max_members"]]:
        report.add("members_implausible", file, row, members_header, int(members[row]), detail=limits["max_members"])

    income = _numbers(table, mapping, "income", prepared)
    if "income" in mapping.fields:
        income_header = mapping.fields["income"]
        for row in income.index[income < 0]:
            report.add("income_negative", file, row, income_header, table.frame.at[row, income_header])
        per_person = income / members.where(members > 0)
        for row in per_person.index[per_person > limits["max_income_per_person"]]:
            report.add(
                "income_implausible",
                file,
                row,
                income_header,
                table.frame.at[row, income_header],
                detail=f"{limits['max_income_per_person']:,}",
            )

    seen_values: set[str] = set()
    for header in mapping.indicators.values():
        seen_values |= set(table.frame[header].unique())
    chosen = coding or detect_coding(seen_values)
    allowed = coding_label(chosen)
    results: dict[str, pd.Series] = {}
    for indicator_id, header in mapping.indicators.items():
        parsed, unknown = parse_statuses(table.frame[header], chosen)
        for row in parsed.index[unknown]:
            report.add("status_value_unknown", file, row, header, table.frame.at[row, header], detail=allowed)
        results[indicator_id] = parsed
        if catalog.indicator(indicator_id)["status"] == "placeholder":
            report.add("placeholder_indicator", file, column=header, value=indicator_id)

    line = income_line_for(catalog)
    income_id = catalog.income_indicator
    if income_id and "income" in mapping.fields:
        per_person = income / members.where(members > 0)
        derived = (per_person >= line["value"]).astype("Int8").where(per_person.notna())
        if income_id not in results:
            results[income_id] = derived.astype("Int8")
            report.add("income_indicator_derived", file, detail=f"{line['value']:,}")
        else:
            given = results[income_id]
            header = mapping.indicators[income_id]
            disagree = given.notna() & derived.notna() & (given != derived)
            for row in given.index[disagree.fillna(False)]:
                report.add(
                    "income_indicator_mismatch",
                    file,
                    row,
                    header,
                    table.frame.at[row, header],
                    detail=f"{line['value']:,}",
                )

    missing = [i for i in catalog.indicator_ids if i not in results and catalog.indicator(i)["status"] != "placeholder"]
    if missing:
        report.add("indicator_not_in_data", file, detail=", ".join(missing))
    report_unused_columns(table, mapping, report)
    if report.has_errors:
        return

    validated = pd.DataFrame(
        {
            "source_row": table.frame.index.astype("int64"),
            "village_code": codes.astype("string"),
            "household_id": ids.astype("string"),
            "members": members.astype("int64"),
            "income": income,
        }
    )
    for indicator_id in catalog.indicator_ids:
        if indicator_id in results:
            validated[f"ind_{indicator_id}"] = results[indicator_id].to_numpy()
    validated.insert(0, "year", prepared.year)
    prepared.tables["validated"] = validated.reset_index(drop=True)
    prepared.tables.update(household_layers(validated, catalog.indicators, prepared.year))
    prepared.tables["villages"] = village_points(table, mapping, codes, report)
    prepared.meta.update(
        coding=chosen,
        income_line=line["value"],
        income_line_status=line["status"],
        households=int(len(validated)),
        people=int(validated["members"].sum()),
        villages=int(validated["village_code"].nunique()),
        indicators=sorted(results, key=lambda i: (len(i), i)),
    )


def household_layers(validated: pd.DataFrame, indicators: pd.DataFrame, year: int) -> dict[str, pd.DataFrame]:
    """validated households → household_results, leaf_counts, leaf_domain, leaf_summary."""
    status_columns = [c for c in validated.columns if c.startswith("ind_")]
    long = validated.melt(
        id_vars=["village_code", "household_id"],
        value_vars=status_columns,
        var_name="indicator_id",
        value_name="passed",
    )
    long["indicator_id"] = long["indicator_id"].str.removeprefix("ind_")
    long["passed"] = long["passed"].astype("Int8")
    long.insert(0, "year", year)
    domains = indicators[["indicator_id", "domain"]]
    con = duckdb.connect()
    con.register("results", long)
    con.register("domains", domains)
    con.register("households", validated[["village_code", "household_id", "members"]])
    leaf_counts = con.execute(
        """
        SELECT year, village_code AS area_code, indicator_id, 'household' AS count_unit,
               count(passed)::BIGINT AS applicable,
               coalesce(sum(passed), 0)::BIGINT AS pass,
               (count(passed) - coalesce(sum(passed), 0))::BIGINT AS fail
        FROM results GROUP BY ALL ORDER BY area_code, indicator_id
        """
    ).df()
    leaf_domain = con.execute(
        """
        WITH per_household AS (
            SELECT r.year, r.village_code, r.household_id, d.domain,
                   bool_or(r.passed = 0) AS failed_any, count(r.passed) > 0 AS applicable_any
            FROM results r JOIN domains d USING (indicator_id)
            GROUP BY ALL
        )
        SELECT year, village_code AS area_code, domain,
               count(*) FILTER (WHERE applicable_any)::BIGINT AS households_applicable,
               count(*) FILTER (WHERE failed_any)::BIGINT AS households_fail_any
        FROM per_household GROUP BY ALL ORDER BY area_code, domain
        """
    ).df()
    leaf_summary = con.execute(
        """
        SELECT ? AS year, village_code AS area_code, count(*)::BIGINT AS households,
               sum(members)::BIGINT AS people
        FROM households GROUP BY ALL ORDER BY area_code
        """,
        [year],
    ).df()
    con.close()
    return {
        "household_results": long,
        "leaf_counts": leaf_counts,
        "leaf_domain": leaf_domain,
        "leaf_summary": leaf_summary,
    }
