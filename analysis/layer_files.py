"""Reading a workspace's Parquet layer files: a DuckDB cursor per caller, the code range of an
area in a sorted file, the leaf codes of a dataset's layers and the codes two datasets share."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd

from analysis.codes import lengths_sql

_READER: duckdb.DuckDBPyConnection | None = None
_READER_LOCK = threading.Lock()


@contextlib.contextmanager
def reader() -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB connection for reading workspace files: a cursor of one in-memory database kept for
    the process. Opening a database for each read cost ~30 ms (a contest story reads 22 tables); a
    cursor costs almost nothing, and each caller (each page's thread) gets its own."""
    global _READER
    with _READER_LOCK:
        if _READER is None:
            _READER = duckdb.connect()
        cursor = _READER.cursor()
    try:
        yield cursor
    finally:
        cursor.close()


def prefix_range(prefix: str) -> tuple[str, str]:
    """[low, high) of the codes starting with ``prefix`` (codes are digits; '~' sorts after them),
    so a filter on a sorted Parquet file skips every row group outside the area."""
    return prefix, prefix + "~"


def layer_codes(layers: dict[str, Path]) -> list[str]:
    """The leaf codes of a dataset's layer files."""
    for table, column in (("leaf_counts", "area_code"), ("nrd2c_levels", "village_code")):
        path = layers.get(table)
        if path is not None and Path(path).exists():
            with reader() as con:
                rows = con.execute(f"SELECT DISTINCT {column} FROM read_parquet(?)", [str(path)]).fetchall()
            return [r[0] for r in rows]
    return []


def first_shared_code(new: list[str], old: list[str]) -> str | None:
    """The first code of ``old`` that is, contains or lies inside one of ``new`` (None: the two
    cover different areas)."""
    with duckdb.connect() as con:
        con.register("new_codes", pd.DataFrame({"code": pd.Series(list(new), dtype=object).astype(str)}))
        con.register("old_codes", pd.DataFrame({"code": pd.Series(list(old), dtype=object).astype(str)}))
        lengths = lengths_sql("community")
        return con.execute(
            f"""WITH new_prefixes AS (
                SELECT DISTINCT substr(code, 1, n) AS p FROM new_codes, {lengths} WHERE length(code) >= n),
            old_prefixes AS (SELECT code, substr(code, 1, n) AS p FROM old_codes, {lengths} WHERE length(code) >= n)
            SELECT min(code) FROM old_codes WHERE code IN (SELECT p FROM new_prefixes)
               OR code IN (SELECT o.code FROM old_prefixes o JOIN new_codes n ON n.code = o.p)"""
        ).fetchall()[0][0]
