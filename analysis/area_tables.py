"""Area tables: every level's numbers, rolled up from the leaf tables of all datasets, in DuckDB.

The SQL reads relations named like the leaf layers (leaf_counts, leaf_summary, leaf_domain,
nrd2c_levels, villages, area_names) and indicator_catalog; the workspace points them at the
datasets' Parquet files and writes each result as Parquet sorted by area code, so a page reading
one area touches one small range of a file. Codes nest by prefix, so a leaf counts toward every
area whose code is a prefix of its own: village counts add up exactly to their tambon, tambon to
amphoe, amphoe to province (and a 10-digit community's to its village). A community numbered
with a letter (`901151A001`) has no village above it: it counts toward its tambon directly.

area_indicator:        one row per area × year × indicator (all levels).
area_domain:           one row per area × year × domain.
area_summary:          one row per area × year (households, people, villages with data).
nrd2c_area_indicator:  one row per area × year × กชช.2ค indicator (villages per level).
nrd2c_village:         one row per village × year × กชช.2ค indicator.
villages:              one row per village or community (name, point).
area_names:            one row per area named by a data file (latest name).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from analysis.catalogs import catalogs
from analysis.codes import COMMUNITY_LENGTH, ROLLUP_LENGTH, VILLAGE_LENGTH, lettered_sql
from analysis.config import catalog_ids
from analysis.measures import share_pct_sql

LEVELS_SQL = "(VALUES " + ", ".join(f"('{lv}', {n})" for lv, n in ROLLUP_LENGTH.items()) + ") AS lv(level, len)"


def rolls_up_sql(code: str) -> str:
    """SQL joined with LEVELS_SQL: the levels a leaf code counts toward — every prefix level at
    most its own length, except the village level for a lettered community (it has none)."""
    return f"length({code}) >= lv.len AND NOT (lv.len = {VILLAGE_LENGTH} AND {lettered_sql(code)})"


def village_unit_sql(code: str) -> str:
    """SQL: the village a leaf counts as (its first 8 digits; a lettered community is its own)."""
    return f"CASE WHEN {lettered_sql(code)} THEN {code} ELSE substr({code}, 1, {VILLAGE_LENGTH}) END"


LEAF_SCHEMAS: dict[str, dict[str, str]] = {
    "leaf_counts": {
        "dataset_id": "string",
        "catalog_id": "string",
        "year": "int64",
        "area_code": "string",
        "indicator_id": "string",
        "count_unit": "string",
        "applicable": "int64",
        "pass": "int64",
        "fail": "int64",
    },
    "leaf_summary": {
        "dataset_id": "string",
        "year": "int64",
        "area_code": "string",
        "households": "Int64",
        "people": "Int64",
    },
    "leaf_domain": {
        "dataset_id": "string",
        "catalog_id": "string",
        "year": "int64",
        "area_code": "string",
        "domain": "string",
        "households_applicable": "int64",
        "households_fail_any": "int64",
    },
    "nrd2c_levels": {
        "dataset_id": "string",
        "catalog_id": "string",
        "year": "int64",
        "village_code": "string",
        "indicator_id": "string",
        "level": "Int8",
    },
    "villages": {
        "dataset_id": "string",
        "village_code": "string",
        "village_name": "string",
        "lat": "float64",
        "lon": "float64",
        "imported_at": "string",
    },
    "area_names": {
        "dataset_id": "string",
        "area_code": "string",
        "name_th": "string",
        "imported_at": "string",
    },
}

#: the derived tables, each with the columns its rows are sorted by (and looked up by)
DERIVED_ORDER: dict[str, str] = {
    "area_indicator": "area_code, year, catalog_id, indicator_order",
    "area_domain": "area_code, year, catalog_id, domain",
    "area_summary": "area_code, year",
    "nrd2c_area_indicator": "area_code, year, indicator_id",
    "nrd2c_village": "village_code, year, indicator_id",
    "villages": "village_code",
    "area_names": "area_code",
}

QUERIES: dict[str, str] = {
    "area_domain": f"""
        WITH by_domain AS (
            SELECT area_code, level, year, catalog_id, domain,
                   sum(applicable)::BIGINT AS applicable, sum(pass)::BIGINT AS pass,
                   sum(fail)::BIGINT AS fail,
                   count(*) FILTER (WHERE applicable > 0)::BIGINT AS n_indicators
            FROM area_indicator GROUP BY ALL
        ), households AS (
            SELECT substr(d.area_code, 1, lv.len) AS area_code, d.year, d.catalog_id, d.domain,
                   sum(d.households_applicable)::BIGINT AS households_applicable,
                   sum(d.households_fail_any)::BIGINT AS households_fail_any
            FROM leaf_domain d JOIN {LEVELS_SQL} ON {rolls_up_sql("d.area_code")}
            GROUP BY ALL
        )
        SELECT b.*, {share_pct_sql("b.pass", "b.applicable")} AS pct_pass,
               {share_pct_sql("b.fail", "b.applicable")} AS pct_fail,
               h.households_applicable, h.households_fail_any
        FROM by_domain b LEFT JOIN households h USING (area_code, year, catalog_id, domain)
        GROUP BY ALL""",
    "area_summary": f"""
        WITH leaf_areas AS (
            SELECT DISTINCT year, area_code FROM leaf_counts
            UNION SELECT DISTINCT year, area_code FROM leaf_summary
        ), summary AS (
            SELECT substr(s.area_code, 1, lv.len) AS area_code, lv.level, s.year,
                   sum(s.households)::BIGINT AS households, sum(s.people)::BIGINT AS people
            FROM leaf_summary s JOIN {LEVELS_SQL} ON {rolls_up_sql("s.area_code")}
            GROUP BY ALL
        ), coverage AS (
            SELECT substr(a.area_code, 1, lv.len) AS area_code, lv.level, a.year,
                   count(DISTINCT {village_unit_sql("a.area_code")})
                       FILTER (WHERE length(a.area_code) >= {VILLAGE_LENGTH})::BIGINT AS villages
            FROM leaf_areas a JOIN {LEVELS_SQL} ON {rolls_up_sql("a.area_code")}
            GROUP BY ALL
        )
        SELECT c.area_code, c.level, c.year, s.households, s.people, c.villages
        FROM coverage c LEFT JOIN summary s USING (area_code, level, year)""",
    "nrd2c_area_indicator": f"""
        SELECT substr(n.village_code, 1, lv.len) AS area_code, lv.level, n.year, n.catalog_id,
               n.indicator_id, c.domain,
               count(n.level)::BIGINT AS villages,
               count(*) FILTER (WHERE n.level = 1)::BIGINT AS level_1,
               count(*) FILTER (WHERE n.level = 2)::BIGINT AS level_2,
               count(*) FILTER (WHERE n.level = 3)::BIGINT AS level_3
        FROM nrd2c_levels n
        JOIN {LEVELS_SQL} ON {rolls_up_sql("n.village_code")}
        LEFT JOIN indicator_catalog c USING (catalog_id, indicator_id)
        GROUP BY ALL""",
    "nrd2c_village": """
        SELECT n.year, n.catalog_id, n.village_code, n.indicator_id, c.domain, n.level
        FROM nrd2c_levels n LEFT JOIN indicator_catalog c USING (catalog_id, indicator_id)""",
    "villages": f"""
        WITH latest AS (
            SELECT village_code,
                   coalesce(arg_max(village_name, imported_at) FILTER (WHERE village_name <> ''), '') AS village_name,
                   arg_max(lat, imported_at) FILTER (WHERE lat IS NOT NULL AND NOT isnan(lat)) AS lat,
                   arg_max(lon, imported_at) FILTER (WHERE lon IS NOT NULL AND NOT isnan(lon)) AS lon
            FROM villages GROUP BY village_code
        ), parents AS (
            -- a village known only through its 10-digit communities: named after its first one
            SELECT substr(village_code, 1, {VILLAGE_LENGTH}) AS village_code, arg_min(village_name, village_code) AS village_name,
                   avg(lat) AS lat, avg(lon) AS lon
            FROM latest WHERE length(village_code) = {COMMUNITY_LENGTH} AND NOT {lettered_sql("village_code")} GROUP BY 1
        )
        SELECT * FROM latest
        UNION ALL SELECT * FROM parents WHERE village_code NOT IN (SELECT village_code FROM latest)""",
    "area_names": """
        SELECT area_code, arg_max(name_th, imported_at) AS name_th FROM area_names
        WHERE name_th <> '' GROUP BY area_code""",
}


def _rolled_up_indicators(con: duckdb.DuckDBPyConnection) -> None:
    """``area_indicator`` (a temp table): leaf counts summed level by level — villages from the
    leaves, tambons from the villages (and the file's tambon-level leaves), and so on up — so each
    level reads the one below it instead of every leaf again."""
    keys = "year, catalog_id, indicator_id, count_unit"
    sums = "sum(applicable)::BIGINT AS applicable, sum(pass)::BIGINT AS pass, sum(fail)::BIGINT AS fail"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE leaf_rows AS
        SELECT area_code, {keys}, applicable, pass, fail FROM leaf_counts"""
    )
    finest = sorted(ROLLUP_LENGTH.items(), key=lambda item: -item[1])
    parts = []
    below = None
    lettered = lettered_sql("area_code")
    for level, length in finest:
        sources = [
            f"SELECT area_code, {keys}, applicable, pass, fail FROM leaf_rows WHERE length(area_code) = {length}"
        ]
        if below is not None:
            # a lettered community skips the village level: its tambon reads it from the communities
            skip = f" WHERE NOT {lettered}" if length == VILLAGE_LENGTH else ""
            sources.append(f"SELECT area_code, {keys}, applicable, pass, fail FROM {below}{skip}")
        if length == ROLLUP_LENGTH["tambon"]:
            sources.append(
                f"SELECT area_code, {keys}, applicable, pass, fail FROM level_{ROLLUP_LENGTH['community']} WHERE {lettered}"
            )
        table = f"level_{length}"
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE {table} AS
            SELECT substr(area_code, 1, {length}) AS area_code, {keys}, {sums}
            FROM ({" UNION ALL ".join(sources)}) GROUP BY ALL"""
        )
        parts.append(f"SELECT area_code, '{level}' AS level, {keys}, applicable, pass, fail FROM {table}")
        below = table
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE area_indicator AS
        SELECT r.area_code, r.level, r.year, r.catalog_id, r.indicator_id, c.domain, r.count_unit,
               r.applicable, r.pass, r.fail,
               {share_pct_sql("r.pass", "r.applicable", summed=False)} AS pct_pass,
               {share_pct_sql("r.fail", "r.applicable", summed=False)} AS pct_fail,
               c.order_key AS indicator_order
        FROM ({" UNION ALL ".join(parts)}) r LEFT JOIN indicator_catalog c USING (catalog_id, indicator_id)"""
    )


def empty_leaf(name: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in LEAF_SCHEMAS[name].items()})


def indicator_catalog_table() -> pd.DataFrame:
    """Domain and titles of every indicator of every catalog. One row per catalog × indicator.
    Built once per set of catalogs (as the catalogs themselves are read once); read-only."""
    return _indicator_catalog_table(tuple(catalog_ids()))


@lru_cache(maxsize=4)
def _indicator_catalog_table(ids: tuple[str, ...]) -> pd.DataFrame:
    frames = []
    for catalog in catalogs():
        frame = catalog.indicators[["indicator_id", "title_th", "title_en", "domain"]].copy()
        frame.insert(0, "catalog_id", catalog.id)
        frame["order_key"] = range(len(frame))
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _ordered(name: str) -> str:
    if name == "area_indicator":
        return f"SELECT * EXCLUDE (indicator_order) FROM area_indicator ORDER BY {DERIVED_ORDER[name]}"
    return f"SELECT * FROM ({QUERIES[name]}) ORDER BY {DERIVED_ORDER[name]}"


def _prepare(con: duckdb.DuckDBPyConnection) -> None:
    con.register("indicator_catalog", indicator_catalog_table())


def build_area_tables(leaves: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Roll leaf DataFrames up to every level (pure; the workspace uses write_area_tables)."""
    with duckdb.connect() as con:
        _prepare(con)
        for name in LEAF_SCHEMAS:
            frame = leaves.get(name)
            con.register(name, empty_leaf(name) if frame is None else frame)
        _rolled_up_indicators(con)
        return {name: con.execute(_ordered(name)).df() for name in DERIVED_ORDER}


def write_area_tables(con: duckdb.DuckDBPyConnection, folder: Path, row_group: int = 50_000) -> None:
    """Write every area table of the leaf relations defined in ``con`` as ``folder``/<name>.parquet."""
    _prepare(con)
    _rolled_up_indicators(con)
    for name in DERIVED_ORDER:
        query = _ordered(name)
        target = str(folder / f"{name}.parquet").replace("'", "''")
        con.execute(f"COPY ({query}) TO '{target}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE {row_group})")
