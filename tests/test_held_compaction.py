"""Area tables held compacted (issue 27, the national step): text of few distinct values as
categories and whole numbers as 32 bits in memory, the very rows and types of a DuckDB read on the
way out; a table found larger than the budget is never read whole again (a national indicator
table read whole on every page view was the national load step's collapse)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analysis import held_tables

ROWS = 200  # 4 levels × 50 codes: every text column but the code has far fewer values than rows


@pytest.fixture
def table(tmp_path):
    """One row per area code × level; a quote in a level, NULLs in a text and a number column,
    a number too large for 32 bits."""
    path = tmp_path / "area_indicator.parquet"
    con = duckdb.connect()
    con.execute(
        f"""COPY (
            SELECT lpad(CAST(i // 4 AS VARCHAR), 4, '0') AS area_code,
                   ['village', 'tambon', 'amphoe', 'o''clock'][i % 4 + 1] AS level,
                   CASE WHEN i % 7 = 0 THEN NULL ELSE 'health' END AS domain,
                   CAST(2567 AS BIGINT) AS year,
                   CAST(i AS BIGINT) AS applicable,
                   CASE WHEN i % 5 = 0 THEN NULL ELSE CAST(i AS BIGINT) END AS fail,
                   CAST(i AS BIGINT) * 10000000000 AS big,
                   i / 3.0 AS pct_fail
            FROM range({ROWS}) t(i) ORDER BY area_code, i
        ) TO '{path}' (FORMAT parquet, ROW_GROUP_SIZE 64)"""
    )
    held_tables.forget()
    yield path
    held_tables.forget()


def _from_duckdb(path, where: str = "") -> pd.DataFrame:
    return duckdb.connect().execute(f"SELECT * FROM read_parquet('{path}') {where}").df()


def test_held_compacted_rows_are_the_rows_duckdb_reads(table):
    kept = held_tables.held(table, "area_code")
    assert kept is not None
    # compacted: the repeated texts as categories, the small whole numbers in 32 bits; the code,
    # the numbers with NULLs and the one beyond 32 bits as read
    assert set(kept.restore) == {"level", "domain", "year", "applicable"}
    assert str(kept.frame["level"].dtype) == "category" and kept.frame["year"].dtype == "int32"
    assert list(kept.frame["level"].cat.categories) == ["amphoe", "o'clock", "tambon", "village"]
    pd.testing.assert_frame_equal(kept.select("0003"), _from_duckdb(table, "WHERE area_code = '0003'"))
    pd.testing.assert_frame_equal(
        kept.select(under="001", equal={"level": "o'clock"}),
        _from_duckdb(table, "WHERE area_code LIKE '001%' AND level = 'o''clock'"),
    )
    # "0020": rows 80–83, one without a domain (i = 84 is not in it; 77 is in "0019")
    rows = kept.select("0020")
    assert rows["applicable"].tolist() == [80, 81, 82, 83] and rows["fail"].isna().tolist() == [True] + [False] * 3
    assert rows["big"].tolist() == [800000000000, 810000000000, 820000000000, 830000000000]


def test_the_estimate_is_the_size_held(table):
    with held_tables.reader() as con:
        compaction = held_tables.Compaction.plan(con, table, "area_code")
        estimate = compaction.estimate(con, table)
    kept = held_tables.held(table, "area_code")
    assert compaction.rows == ROWS and estimate == kept.nbytes  # the sample is the whole table here


def test_a_table_larger_than_its_estimate_is_read_whole_once(table, monkeypatch):
    reads = []
    original = held_tables.Compaction.read

    def counted(self, con, path, limit=None):
        if limit is None:
            reads.append(path)
        return original(self, con, path, limit)

    monkeypatch.setattr(held_tables.Compaction, "read", counted)
    monkeypatch.setattr(held_tables.Compaction, "estimate", lambda self, con, path: 0)  # said small
    kept = held_tables.held(table, "area_code")
    monkeypatch.setattr(held_tables, "budget_bytes", lambda: kept.nbytes - 1)
    held_tables.forget()
    assert held_tables.held(table, "area_code") is None  # read, found too large, let go
    assert held_tables.held(table, "area_code") is None  # and not read again
    assert reads == [table, table]


def test_the_server_start_holds_every_area_table_and_builds_the_register(demo_workspace, monkeypatch):
    from analysis import areas
    from dashboard import startup

    monkeypatch.setenv("CIA_WORKSPACE", str(demo_workspace.root))
    root = str(demo_workspace.root.resolve())
    held_tables.forget()
    areas._BUILT.pop(root, None)
    startup._warm()  # what dashboard/serve.py starts in a thread
    held = sorted(Path(key[0]).stem for key in held_tables._HELD)
    assert held == [
        "area_domain",
        "area_indicator",
        "area_names",
        "area_summary",
        "nrd2c_area_indicator",
        "nrd2c_village",
        "villages",
    ]
    assert all(Path(key[0]).parent.name == demo_workspace.generation for key in held_tables._HELD)
    assert areas._BUILT[root][1].frame.loc["990101", "level"] == "tambon"
    held_tables.forget()
