"""What the checks and the progress read from the workspace, in one place (the checks themselves
are pure functions of these frames; analysis.checks.views wires the two).

Household files are sorted by village code, so every read filters the area's code range (the
row groups outside it are skipped) and works on whole columns in DuckDB: a province's 900,000
households are grouped, hashed and filtered in SQL, never looped over in Python.

collection_counts: one row per village × volunteer × collection day: households collected.
check_households:  one row per household: members, income, the indicators the checks need and a
                   key of its whole answer pattern (equal keys = identical answers).
village_rows:      village × indicator rows of the area tables (this year or another).
household_digests: one row per household of a village: a short digest of its answers (what
                   changed since a certification).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from analysis.layer_files import prefix_range, reader
from analysis.store import Workspace


def household_files(workspace: Workspace, year: int) -> list[Path]:
    return [path for _, path in workspace.dataset_files("households", int(year))]


def catalog_of(workspace: Workspace, year: int) -> str | None:
    """The indicator catalog of the year's household data (None without household rows)."""
    found = workspace.dataset_files("households", int(year))
    return found[0][0].catalog_id if found else None


def _columns(con: duckdb.DuckDBPyConnection, files: list[Path]) -> list[str]:
    relation = con.execute("DESCRIBE SELECT * FROM read_parquet(?, union_by_name = true)", [[str(f) for f in files]])
    return [row[0] for row in relation.fetchall()]


def _range_query(files: list[Path], area: str, select: str, tail: str = "") -> tuple[str, dict]:
    low, high = prefix_range(area)
    sql = (
        f"SELECT {select} FROM read_parquet($paths, union_by_name = true) "
        f"WHERE village_code >= $low AND village_code < $high {tail}"
    )
    return sql, {"paths": [str(f) for f in files], "low": low, "high": high}


def collection_counts(workspace: Workspace, area: str, year: int) -> pd.DataFrame:
    """Households collected per village × volunteer × day under ``area`` (volunteer and day may be
    missing: files without those columns)."""
    columns = ["village_code", "collector", "collected_on", "households"]
    files = household_files(workspace, year)
    if not files:
        return pd.DataFrame(columns=columns)
    with reader() as con:
        present = set(_columns(con, files))
        collector = "nullif(trim(collector), '')" if "collector" in present else "NULL::VARCHAR"
        day = "collected_on" if "collected_on" in present else "NULL::DATE"
        select = f"village_code, {collector} AS collector, {day} AS collected_on, count(*) AS households"
        sql, params = _range_query(files, area, select, "GROUP BY ALL ORDER BY ALL")
        frame = con.execute(sql, params).df()
    frame["collected_on"] = pd.to_datetime(frame["collected_on"]).dt.date
    frame["households"] = frame["households"].astype("int64")
    return frame[columns]


def check_households(workspace: Workspace, area: str, year: int, indicators: list[str]) -> pd.DataFrame:
    """One row per household under ``area``: village, id, members, income, the ``indicators`` the
    checks need (ind_<id>, nullable) and ``answers``: a key of the household's whole answer pattern
    (every indicator, not applicable included)."""
    files = household_files(workspace, year)
    base = ["village_code", "household_id", "members", "income", "answers"]
    if not files:
        return pd.DataFrame(columns=base + [f"ind_{i}" for i in indicators])
    with reader() as con:
        present = _columns(con, files)
        every = [c for c in present if c.startswith("ind_")]
        # a 64-bit hash of every answer (NULL = not applicable hashes apart from 0 and 1): equal
        # keys = identical answers; a chance collision among a village's households is ~1e-14
        key = f"hash({', '.join(every)})" if every else "0::UBIGINT"
        wanted = [f"ind_{i}" if f"ind_{i}" in present else f"NULL::TINYINT AS ind_{i}" for i in indicators]
        income = "income" if "income" in present else "NULL::DOUBLE AS income"
        select = ", ".join(["village_code", "household_id", "members", income, f"{key} AS answers", *wanted])
        sql, params = _range_query(files, area, select, "ORDER BY village_code, household_id")
        frame = con.execute(sql, params).df()
    for column in [f"ind_{i}" for i in indicators]:
        frame[column] = frame[column].astype("Int8")
    return frame


def household_digests(workspace: Workspace, village: str, year: int) -> pd.DataFrame:
    """household_id → a 10-character digest of its members, income and every answer (one village)."""
    files = household_files(workspace, year)
    if not files:
        return pd.DataFrame(columns=["household_id", "digest"])
    with reader() as con:
        present = _columns(con, files)
        fields = [c for c in ("members", "income") if c in present] + [c for c in present if c.startswith("ind_")]
        digest = "substr(md5(concat_ws('|', " + ", ".join(f"coalesce({c}::VARCHAR, '-')" for c in fields) + ")), 1, 10)"
        sql, params = _range_query(files, village, f"household_id, {digest} AS digest", "ORDER BY household_id")
        return con.execute(sql, params).df()


def village_rows(workspace: Workspace, area: str, year: int) -> pd.DataFrame:
    """Village × indicator rows (applicable, pass, fail, pct_fail) under ``area`` in ``year``."""
    return workspace.rows("area_indicator", under=area, level="village", year=int(year))


def area_rows(workspace: Workspace, area: str, year: int) -> pd.DataFrame:
    """The indicator rows of one area (a tambon, to compare its villages with)."""
    return workspace.rows("area_indicator", area=area, year=int(year))


def earlier_year(workspace: Workspace, area: str, year: int) -> int | None:
    """The latest survey year before ``year`` with จปฐ. data for ``area``."""
    years = sorted(int(y) for y in workspace.rows("area_summary", area=area)["year"].unique())
    before = [y for y in years if y < int(year)]
    return before[-1] if before else None


def villages_with_data(workspace: Workspace, area: str, year: int) -> list[str]:
    """The villages under ``area`` with จปฐ. data in ``year`` (their codes)."""
    rows = workspace.rows("area_summary", under=area, level="village", year=int(year))
    return sorted(rows["area_code"].tolist())
