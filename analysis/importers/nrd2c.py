"""กชช.2ค village levels → one row per village × indicator with its level (1, 2 or 3).

nrd2c_levels: one row per village × indicator (level NULL when the file leaves it blank).
villages:     one row per village (name and point when given).
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
    coordinate_checks,
    coordinate_sql,
    key_sql,
    source_cell,
    source_rows_sql,
    villages_sql,
    write_layer,
)
from analysis.importers.personal import personal_checks
from analysis.importers.session import ImportSession
from analysis.importers.statuses import BLANKS_SQL, THAI_DIGITS_SQL

BLANK, INVALID = 0, 99
LEVEL_PREFIXES = ("ระดับ", "level", "lv")


def level_sql(column: str) -> str:
    """SQL reading a level cell: 1, 2 or 3 from "2", "๒", "ระดับ 2", "2.0"; 0 when blank; 99 otherwise."""
    normalised = (
        f"regexp_replace(regexp_replace(lower(trim({THAI_DIGITS_SQL.format(x=column)}, '{BLANKS_SQL}')), "
        f"'^({'|'.join(LEVEL_PREFIXES)})\\s*', ''), '\\.0$', '')"
    )
    slow = (
        f"CASE WHEN {column} IS NULL THEN {BLANK} ELSE CASE {normalised} WHEN '1' THEN 1 WHEN '2' THEN 2 "
        f"WHEN '3' THEN 3 WHEN '' THEN {BLANK} WHEN '-' THEN {BLANK} ELSE {INVALID} END END"
    )
    return f"(CASE {column} WHEN '1' THEN 1 WHEN '2' THEN 2 WHEN '3' THEN 3 WHEN '' THEN {BLANK} ELSE {slow} END)::UTINYINT"


def indicator_columns(plans: list[FilePlan], catalog: Catalog) -> list[str]:
    mapped = set().union(*(p.mapping.indicators for p in plans)) if plans else set()
    return [i for i in catalog.indicator_ids if i in mapped]


def schema(indicators: list[str]) -> list[str]:
    columns = [*KEY_SCHEMA, "year_raw VARCHAR", "village_name VARCHAR", *COORDINATE_SCHEMA]
    return columns + [f"l_{i} UTINYINT" for i in indicators] + ["bad_raw VARCHAR[]"]


def select_sql(plan: FilePlan, at: Staging, indicators: list[str]) -> str:
    fields = plan.mapping.fields
    cells = [*key_sql(plan), f"{source_cell(plan, fields.get('year'))} AS year_raw"]
    cells += [f"{source_cell(plan, fields.get('village_name'))} AS village_name", *coordinate_sql(plan)]
    cells += [f"{source_cell(plan, plan.mapping.indicators.get(i), trim=False)} AS r_{i}" for i in indicators]
    levels = ", ".join(
        f"{level_sql(f'r_{i}')} AS l_{i}" if i in plan.mapping.indicators else f"NULL::UTINYINT AS l_{i}"
        for i in indicators
    )
    any_bad = " OR ".join(f"l_{i} = {INVALID}" for i in indicators) or "false"
    kept = ", ".join(f"CASE WHEN l_{i} = {INVALID} THEN r_{i} END" for i in indicators)
    keep = ", ".join(c.split()[0] for c in schema(indicators)[:-1])
    return (
        f"SELECT __row, __file, __blank, {keep}, CASE WHEN {any_bad} THEN [{kept}] END AS bad_raw FROM ("
        f"SELECT *{', ' + levels if levels else ''} FROM ({source_rows_sql(plan, at, cells)}))"
    )


def coded_sql() -> str:
    return """CREATE OR REPLACE VIEW coded AS
        SELECT r.*, k.code,
               CASE WHEN k.code IS NOT NULL AND count(*) OVER (PARTITION BY k.code) > 1
                         AND (r.__file::BIGINT << 40) + r.row
                             <> min((r.__file::BIGINT << 40) + r.row) OVER (PARTITION BY k.code)
                    THEN (min((r.__file::BIGINT << 40) + r.row) OVER (PARTITION BY k.code)) & 1099511627775
               END AS duplicate_first
        FROM rows r JOIN area_keys k USING (k_full, k_province, k_amphoe, k_tambon, k_village_no)"""


def invalid_levels_sql(indicators: list[str]) -> str:
    parts = [
        f"SELECT __file, row, 'ind:{i}' AS field_key, bad_raw[{n + 1}] AS shown FROM rows WHERE l_{i} = {INVALID}"
        for n, i in enumerate(indicators)
    ]
    if not parts:
        parts = ["SELECT NULL::USMALLINT AS __file, NULL::BIGINT AS row, '' AS field_key, '' AS shown WHERE false"]
    return f"CREATE OR REPLACE VIEW invalid_levels AS {' UNION ALL '.join(parts)}"


def village_checks() -> list[Check]:
    return [
        Check(
            "duplicate_village",
            "duplicate_first IS NOT NULL",
            field="village_code",
            value="code",
            detail="duplicate_first",
        ),
        *coordinate_checks(),
    ]


def level_checks() -> list[Check]:
    return [Check("level_value_invalid", "true", value="shown", field_sql="field_key")]


def levels_sql(year: int, indicators: list[str]) -> str:
    """nrd2c_levels: the staged wide levels unpivoted to one row per village × indicator."""
    parts = [
        f"SELECT {year}::BIGINT AS year, code AS village_code, '{i}' AS indicator_id, "
        f"CASE WHEN l_{i} IN (1, 2, 3) THEN l_{i} END::TINYINT AS level FROM coded"
        for i in indicators
    ]
    return f"SELECT * FROM ({' UNION ALL '.join(parts)}) ORDER BY village_code, indicator_id"


def prepare(session: ImportSession, prepared: Prepared, plans: list[FilePlan]) -> None:
    """The checks (duplicate villages, levels, points, personal data in names) and the layers."""
    report, catalog = prepared.report, prepared.catalog
    indicators = indicator_columns(plans, catalog)
    session.con.execute(coded_sql())
    session.con.execute(invalid_levels_sql(indicators))
    run_checks(session, "coded", village_checks() + personal_checks(session, "coded", ("village_name",)), report)
    run_checks(session, "invalid_levels", level_checks(), report)
    missing = [i for i in catalog.indicator_ids if i not in indicators]
    if missing:
        report.add("indicator_not_in_data", prepared.file, detail=", ".join(missing))
    if report.has_errors:
        return
    prepared.layers["nrd2c_levels"] = write_layer(session, "nrd2c_levels", levels_sql(int(prepared.year), indicators))
    prepared.layers["villages"] = write_layer(session, "villages", villages_sql())
    villages = session.con.execute("SELECT count(DISTINCT code) FROM coded").fetchall()[0][0]
    prepared.meta.update(villages=int(villages), indicators=sorted(indicators), rows=int(villages))
