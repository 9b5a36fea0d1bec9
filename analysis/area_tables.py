"""Area tables: every level's numbers, rolled up from the leaf tables of all datasets.

Pure functions: leaf DataFrames in, area DataFrames out. Codes nest by prefix, so a leaf
counts toward every area whose code is a prefix of its own; village counts therefore add up
exactly to their tambon, tambon to amphoe, amphoe to province.

area_indicator:        one row per area × year × indicator (all levels).
area_domain:           one row per area × year × domain.
area_summary:          one row per area × year (households, people, villages with data).
nrd2c_area_indicator:  one row per area × year × กชช.2ค indicator (villages per level).
nrd2c_village:         one row per village × year × กชช.2ค indicator.
villages:              one row per village (name, point).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analysis.catalogs import catalogs

LEVELS_SQL = "(VALUES ('province', 2), ('amphoe', 4), ('tambon', 6), ('village', 8)) AS lv(level, len)"

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
}


def empty_leaf(name: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in LEAF_SCHEMAS[name].items()})


def indicator_catalog_table() -> pd.DataFrame:
    """Domain and titles of every indicator of every catalog. One row per catalog × indicator."""
    frames = []
    for catalog in catalogs():
        frame = catalog.indicators[["indicator_id", "title_th", "title_en", "domain"]].copy()
        frame.insert(0, "catalog_id", catalog.id)
        frame["order_key"] = range(len(frame))
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def build_area_tables(leaves: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Roll the leaf tables of all datasets up to every level."""
    con = duckdb.connect()
    for name in LEAF_SCHEMAS:
        con.register(name, leaves.get(name, empty_leaf(name)))
    con.register("indicator_catalog", indicator_catalog_table())
    area_indicator = con.execute(
        f"""
        SELECT substr(l.area_code, 1, lv.len) AS area_code, lv.level, l.year, l.catalog_id,
               l.indicator_id, c.domain, l.count_unit,
               sum(l.applicable)::BIGINT AS applicable, sum(l.pass)::BIGINT AS pass,
               sum(l.fail)::BIGINT AS fail,
               100.0 * sum(l.pass) / nullif(sum(l.applicable), 0) AS pct_pass,
               100.0 * sum(l.fail) / nullif(sum(l.applicable), 0) AS pct_fail,
               any_value(c.order_key) AS indicator_order
        FROM leaf_counts l
        JOIN {LEVELS_SQL} ON length(l.area_code) >= lv.len
        LEFT JOIN indicator_catalog c USING (catalog_id, indicator_id)
        GROUP BY ALL
        ORDER BY area_code, year, indicator_order
        """
    ).df()
    con.register("area_indicator", area_indicator)
    area_domain = con.execute(
        f"""
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
            FROM leaf_domain d JOIN {LEVELS_SQL} ON length(d.area_code) >= lv.len
            GROUP BY ALL
        )
        SELECT b.*, 100.0 * b.pass / nullif(b.applicable, 0) AS pct_pass,
               100.0 * b.fail / nullif(b.applicable, 0) AS pct_fail,
               h.households_applicable, h.households_fail_any
        FROM by_domain b LEFT JOIN households h USING (area_code, year, catalog_id, domain)
        ORDER BY area_code, year, domain
        """
    ).df()
    area_summary = con.execute(
        f"""
        WITH leaf_areas AS (
            SELECT DISTINCT year, area_code FROM leaf_counts
            UNION SELECT DISTINCT year, area_code FROM leaf_summary
        ), summary AS (
            SELECT substr(s.area_code, 1, lv.len) AS area_code, lv.level, s.year,
                   sum(s.households)::BIGINT AS households, sum(s.people)::BIGINT AS people
            FROM leaf_summary s JOIN {LEVELS_SQL} ON length(s.area_code) >= lv.len
            GROUP BY ALL
        ), coverage AS (
            SELECT substr(a.area_code, 1, lv.len) AS area_code, lv.level, a.year,
                   count(DISTINCT a.area_code) FILTER (WHERE length(a.area_code) = 8)::BIGINT AS villages
            FROM leaf_areas a JOIN {LEVELS_SQL} ON length(a.area_code) >= lv.len
            GROUP BY ALL
        )
        SELECT c.area_code, c.level, c.year, s.households, s.people, c.villages
        FROM coverage c LEFT JOIN summary s USING (area_code, level, year)
        ORDER BY area_code, year
        """
    ).df()
    nrd2c_area_indicator = con.execute(
        f"""
        SELECT substr(n.village_code, 1, lv.len) AS area_code, lv.level, n.year, n.catalog_id,
               n.indicator_id, c.domain,
               count(n.level)::BIGINT AS villages,
               count(*) FILTER (WHERE n.level = 1)::BIGINT AS level_1,
               count(*) FILTER (WHERE n.level = 2)::BIGINT AS level_2,
               count(*) FILTER (WHERE n.level = 3)::BIGINT AS level_3
        FROM nrd2c_levels n
        JOIN {LEVELS_SQL} ON length(n.village_code) >= lv.len
        LEFT JOIN indicator_catalog c USING (catalog_id, indicator_id)
        GROUP BY ALL
        ORDER BY area_code, year, indicator_id
        """
    ).df()
    nrd2c_village = con.execute(
        """
        SELECT n.year, n.catalog_id, n.village_code, n.indicator_id, c.domain, n.level
        FROM nrd2c_levels n LEFT JOIN indicator_catalog c USING (catalog_id, indicator_id)
        ORDER BY village_code, year, indicator_id
        """
    ).df()
    villages = con.execute(
        """
        SELECT village_code,
               coalesce(arg_max(village_name, imported_at) FILTER (WHERE village_name <> ''), '') AS village_name,
               arg_max(lat, imported_at) FILTER (WHERE lat IS NOT NULL AND NOT isnan(lat)) AS lat,
               arg_max(lon, imported_at) FILTER (WHERE lon IS NOT NULL AND NOT isnan(lon)) AS lon
        FROM villages GROUP BY village_code ORDER BY village_code
        """
    ).df()
    con.close()
    area_indicator = area_indicator.drop(columns="indicator_order")
    return {
        "area_indicator": area_indicator,
        "area_domain": area_domain,
        "area_summary": area_summary,
        "nrd2c_area_indicator": nrd2c_area_indicator,
        "nrd2c_village": nrd2c_village,
        "villages": villages,
    }
