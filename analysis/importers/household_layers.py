"""The households of an import as layer files: each staged row with its village and collection
day and a mark on a household id given twice (``coded``), then the households file in village
order (added to the year's earlier households when the files add to them) and its leaf tables."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq

from analysis.datasets import THAI_TIME
from analysis.importers import leaves
from analysis.importers.common import Prepared, literal, villages_sql, write_layer
from analysis.importers.personal import household_key_sql
from analysis.importers.session import ImportSession
from analysis.importers.statuses import status_sql

BATCH_ROWS = 1_000_000
DATE_CASE_LIMIT = 2000


def coded_view(session: ImportSession, coding: str, income_id: str | None, line: float | None) -> None:
    """``coded_rows``: rows with their area code, collection day and the income indicator
    given/derived; ``coded``: the same with the duplicate mark (for the checks).

    In the usual file every code cell is a plain village code and there are few distinct dates:
    then both come from expressions, not joins, so ``coded_rows`` keeps the file's row order (the
    households layer of a file in village order needs no sort)."""
    con = session.con
    income_given = status_sql(f"s_{income_id}", coding) if income_id and f"s_{income_id}" in _columns(con) else "NULL"
    derived = (
        f"CASE WHEN income / nullif(members, 0) >= {line} THEN 1 WHEN members > 0 AND income IS NOT NULL THEN 0 END"
    )
    code, code_join = _code_sql(con)
    day, day_join = _day_sql(con)
    con.execute(
        f"""CREATE OR REPLACE VIEW coded_rows AS
        SELECT r.*, {code} AS code, {day} AS collected_on,
               {income_given if line else "NULL"} AS income_given, {derived if line else "NULL"} AS income_derived
        FROM rows r {code_join} {day_join}"""
    )
    _duplicate_keys(con)
    names = session.file_cases([f.name for f in session.files]).replace("__file", "(d.first >> 40)")
    duplicate = (
        "CASE WHEN d.first IS NULL OR d.first = (r.__file::BIGINT << 40) + r.row THEN NULL "
        "WHEN (d.first >> 40) = r.__file THEN (d.first & 1099511627775)::VARCHAR "
        f"ELSE (d.first & 1099511627775)::VARCHAR || ' (' || {names} || ')' END"
    )
    con.execute(
        f"""CREATE OR REPLACE VIEW coded AS SELECT r.*, {duplicate} AS duplicate_first FROM coded_rows r
        LEFT JOIN duplicate_keys d ON d.code = r.code AND d.household_id = r.household_id"""
    )


def _duplicate_keys(con) -> None:
    """``duplicate_keys``: one row per (village, household id) given more than once, with the
    first row giving it. Rows are grouped by a 64-bit hash of the pair first (a national file has
    13 million pairs and almost no duplicates), then the few candidates by the pair itself."""
    con.execute(
        """CREATE OR REPLACE TABLE duplicate_keys AS WITH keyed AS (
            SELECT code, household_id, (__file::BIGINT << 40) + row AS pos, hash(code, household_id) AS h
            FROM coded_rows WHERE code IS NOT NULL AND household_id <> ''
        ), candidates AS (SELECT h FROM keyed GROUP BY h HAVING count(*) > 1)
        SELECT code, household_id, min(pos) AS first FROM keyed SEMI JOIN candidates USING (h)
        GROUP BY ALL HAVING count(*) > 1"""
    )


def _code_sql(con) -> tuple[str, str]:
    """(code expression, join): the code cell itself when every key is a lone valid code."""
    plain = con.execute(
        "SELECT coalesce(bool_and(code IS NOT NULL AND code = k_full AND k_province = '' AND k_amphoe = '' "
        "AND k_tambon = '' AND k_village_no = ''), true) FROM area_keys"
    ).fetchall()[0][0]
    if plain:
        return "r.k_full", ""
    return "k.code", "JOIN area_keys k USING (k_full, k_province, k_amphoe, k_tambon, k_village_no)"


def _day_sql(con) -> tuple[str, str]:
    """(collection-day expression, join): a CASE over the distinct cells when they are few."""
    days = con.execute("SELECT collected_on_raw, collected_on FROM date_keys WHERE collected_on IS NOT NULL").fetchall()
    distinct = con.execute("SELECT count(*) FROM date_keys").fetchall()[0][0]
    if distinct > DATE_CASE_LIMIT:
        return "t.collected_on", "LEFT JOIN date_keys t USING (collected_on_raw)"
    if not days:
        return "NULL::DATE", ""
    whens = " ".join(f"WHEN {literal(raw)} THEN DATE '{day.isoformat()}'" for raw, day in days)
    return f"(CASE r.collected_on_raw {whens} END)", ""


def _columns(con) -> set[str]:
    return {row[0] for row in con.execute("DESCRIBE staged").fetchall()}


def write_layers(
    session: ImportSession,
    prepared: Prepared,
    indicators: list[str],
    coding: str,
    derive_income: str | None,
    previous: list | None = None,
) -> None:
    """households (sorted by village), then the leaf tables computed from it. With ``previous``
    (households files of the same year this import adds to), their households are kept except
    those sent again, which this import replaces."""
    catalog = prepared.catalog
    statuses = [f"{status_sql(f's_{i}', coding)} AS ind_{i}" for i in indicators]
    if derive_income is not None:
        statuses.append(f"income_derived::TINYINT AS ind_{derive_income}")
    order = {i: n for n, i in enumerate(catalog.indicator_ids)}
    statuses.sort(key=lambda s: order[s.rsplit("ind_", 1)[1]])
    batch = literal(prepared.meta.setdefault("batch", _batch_stamp()))
    key = household_key_sql(session, "coded_rows", session.workspace_root)
    query = (
        f"SELECT {int(prepared.year)}::SMALLINT AS year, code AS village_code, {key} AS household_id, "
        f"CAST(members AS INTEGER) AS members, income, {', '.join(statuses)}, "
        f"collector, collected_on, {batch} AS batch, __file AS source_file, row::INTEGER AS source_row FROM coded_rows"
    )
    if previous:
        query = _added_to(session, query, previous, prepared)
        households = write_layer(session, "households", f"{query} ORDER BY village_code, household_id")
    else:
        households = write_in_village_order(session, "households", query)
    prepared.layers["households"] = households
    prepared.layers.update(
        leaves.household_leaves(households, catalog.indicators, int(prepared.year), session.layers, session.con)
    )
    prepared.layers["villages"] = write_layer(session, "villages", villages_sql(source="coded_rows"))


def write_in_village_order(session: ImportSession, name: str, query: str) -> Path:
    """Write the households sorted by village. Files are usually exported in village order
    already: then sorting (half the time of a national year) is skipped and each village keeps
    its households in file order; the file written is checked and sorted only when it is not."""
    if not _codes_in_order(session.con.sql("SELECT code FROM coded_rows").to_arrow_reader(BATCH_ROWS)):
        return write_layer(session, name, f"{query} ORDER BY village_code, household_id")
    path = write_layer(session, name, query)
    if _codes_in_order(pq.ParquetFile(path).iter_batches(BATCH_ROWS, columns=["village_code"])):
        return path
    unsorted = path.rename(path.with_name(f"{name}_unsorted.parquet"))
    sorted_path = write_layer(
        session, name, f"SELECT * FROM read_parquet({literal(str(unsorted))}) ORDER BY village_code, household_id"
    )
    unsorted.unlink()
    return sorted_path


def _codes_in_order(batches) -> bool:
    """True when the codes of the batches (one column, in order) never decrease."""
    last = None
    for batch in batches:
        codes = batch.column(0)
        if len(codes) == 0:
            continue
        if last is not None and pc.less(codes[0], last).as_py():
            return False
        if len(codes) > 1 and pc.any(pc.less(codes.slice(1), codes.slice(0, len(codes) - 1))).as_py():
            return False
        last = codes[len(codes) - 1]
    return True


def _batch_stamp() -> str:
    return datetime.now(THAI_TIME).isoformat(timespec="seconds")


def _added_to(session: ImportSession, query: str, previous: list, prepared: Prepared) -> str:
    """The new households, then every earlier household of the year not sent again (reported)."""
    files = "[" + ", ".join(literal(str(p)) for p in previous) + "]"
    session.con.execute(f"CREATE OR REPLACE TEMP TABLE new_households AS {query}")
    earlier = f"read_parquet({files}, union_by_name = true)"
    resent = session.con.execute(
        f"SELECT count(*) FROM {earlier} o SEMI JOIN new_households n USING (village_code, household_id)"
    ).fetchall()[0][0]
    if resent:
        detail = ", ".join(prepared.meta.get("appends_to", []))
        prepared.report.add("households_resent", prepared.file, value=f"{resent:,}", detail=detail)
    prepared.meta["households_resent"] = int(resent)
    return (
        f"SELECT * FROM new_households UNION ALL BY NAME "
        f"SELECT * FROM {earlier} o ANTI JOIN new_households n USING (village_code, household_id)"
    )
