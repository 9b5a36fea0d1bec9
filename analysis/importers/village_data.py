"""Another village data set (analysis.village_catalog) → one row per village × indicator: the
village passes when its value meets the catalog's threshold in the good direction.

leaf_counts: one row per village × indicator with a value: applicable 1, pass 1 or 0 (count unit
             "village"), so every area above counts its villages meeting the threshold.
villages:    one row per village (name and point when given).
"""

from __future__ import annotations

from analysis.catalogs import Catalog
from analysis.file_rows import Staging
from analysis.importers.checks import Check, run_checks
from analysis.importers.common import (
    COORDINATE_SCHEMA,
    KEY_SCHEMA,
    FilePlan,
    Prepared,
    coordinate_sql,
    finite_number,
    key_sql,
    source_cell,
    source_rows_sql,
    villages_sql,
    write_layer,
)
from analysis.importers.nrd2c import coded_sql, village_checks
from analysis.importers.personal import personal_checks
from analysis.importers.session import ImportSession
from analysis.village_catalog import passes_sql


def indicator_columns(plans: list[FilePlan], catalog: Catalog) -> list[str]:
    mapped = set().union(*(p.mapping.indicators for p in plans)) if plans else set()
    return [i for i in catalog.indicator_ids if i in mapped]


def select_sql(plan: FilePlan, at: Staging, indicators: list[str]) -> str:
    """A row's keys, year, name, point, and each indicator's value (NULL when blank or not a number,
    the cell kept as text only where it is not a number, for the report)."""
    fields = plan.mapping.fields
    cells = [*key_sql(plan), f"{source_cell(plan, fields.get('year'))} AS year_raw"]
    cells += [f"{source_cell(plan, fields.get('village_name'))} AS village_name", *coordinate_sql(plan)]
    cells += [f"{source_cell(plan, plan.mapping.indicators.get(i))} AS r_{i}" for i in indicators]
    values = ", ".join(f"{finite_number(f'r_{i}')} AS v_{i}" for i in indicators)
    bad = ", ".join(f"CASE WHEN r_{i} <> '' AND v_{i} IS NULL THEN r_{i} END AS b_{i}" for i in indicators)
    keep = ", ".join(
        c.split()[0] for c in [*KEY_SCHEMA, "year_raw VARCHAR", "village_name VARCHAR", *COORDINATE_SCHEMA]
    )
    kept = ", ".join([*(f"v_{i}" for i in indicators), *(f"b_{i}" for i in indicators)])
    return (
        f"SELECT __row, __file, __blank, {keep}{', ' + kept if kept else ''} FROM ("
        f"SELECT *{', ' + bad if bad else ''} FROM (SELECT *{', ' + values if values else ''} FROM ("
        f"{source_rows_sql(plan, at, cells)})))"
    )


def value_checks(indicators: list[str]) -> list[Check]:
    return [Check("not_a_number", f"b_{i} IS NOT NULL", field=f"ind:{i}", value=f"b_{i}") for i in indicators]


def prepare(session: ImportSession, prepared: Prepared, plans: list[FilePlan]) -> None:
    """Checks (duplicate villages, values that are not numbers, points) and the layers."""
    report, catalog = prepared.report, prepared.catalog
    indicators = indicator_columns(plans, catalog)
    session.con.execute(coded_sql())
    names = personal_checks(session, "coded", ("village_name",))  # a person's name is no village's
    run_checks(session, "coded", [*village_checks(), *value_checks(indicators), *names], report)
    missing = [i for i in catalog.indicator_ids if i not in indicators]
    if missing:
        report.add("indicator_not_in_data", prepared.file, detail=", ".join(missing))
    if report.has_errors:
        return
    rules = catalog.indicators.set_index("indicator_id")
    parts = [
        f"SELECT {int(prepared.year)}::BIGINT AS year, code AS area_code, '{i}' AS indicator_id, "
        f"'village' AS count_unit, 1::BIGINT AS applicable, "
        f"{passes_sql(f'v_{i}', rules.at[i, 'good'], rules.at[i, 'threshold'])}::BIGINT AS pass "
        f"FROM coded WHERE code IS NOT NULL AND v_{i} IS NOT NULL"
        for i in indicators
    ]
    leaves = f"SELECT *, applicable - pass AS fail FROM ({' UNION ALL '.join(parts)}) ORDER BY area_code, indicator_id"
    prepared.layers["leaf_counts"] = write_layer(session, "leaf_counts", leaves)
    prepared.layers["villages"] = write_layer(session, "villages", villages_sql())
    villages, rows = session.con.execute(
        "SELECT count(DISTINCT area_code), count(*) FROM read_parquet(?)", [str(prepared.layers["leaf_counts"])]
    ).fetchall()[0]
    prepared.meta.update(villages=int(villages), rows=int(rows), indicators=indicators, count_unit="village")
