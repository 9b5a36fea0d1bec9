"""Data tests by grain (as dbt's unique / not_null): every stored table of a workspace holds one
row per declared key, with no key missing, after household, aggregate and กชช.2ค imports and after
a collection added in parts. Also: shares follow their counts in every area table row."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from analysis.generations import DERIVED_TABLES
from analysis.grains import DATASET_GRAINS, DERIVED_GRAINS, table_catalog
from analysis.importers.pipeline import import_file
from analysis.store import DATASET_LAYERS, Workspace

HH = "รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,ข้อ 4,ข้อ 5\n"


def test_every_stored_table_has_a_declared_grain():
    assert set(DATASET_GRAINS) == set(DATASET_LAYERS)
    assert set(DERIVED_GRAINS) == set(DERIVED_TABLES)


def duplicate_and_missing_keys(path: Path, key: tuple[str, ...]) -> tuple[int, int]:
    columns = ", ".join(key)
    missing = " OR ".join(f"{c} IS NULL" for c in key)
    with duckdb.connect() as con:
        source = f"read_parquet('{path}')"
        duplicates = con.execute(
            f"SELECT count(*) FROM (SELECT {columns} FROM {source} GROUP BY ALL HAVING count(*) > 1)"
        ).fetchall()[0][0]
        nulls = con.execute(f"SELECT count(*) FROM {source} WHERE {missing}").fetchall()[0][0]
    return duplicates, nulls


def assert_columns_declared(path: Path, place: str, table: str) -> None:
    """Every stored column is described in data/tables.toml, and the grain's columns are stored."""
    import pyarrow.parquet as pq

    spec = next(t for t in table_catalog() if (t.place, t.name) == (place, table))
    names = pq.read_schema(path).names
    assert not spec.undeclared(names), (place, table, spec.undeclared(names))
    assert set(spec.grain) <= set(names), (place, table)


def assert_every_table_keeps_its_grain(workspace: Workspace) -> int:
    checked = 0
    for info in workspace.datasets():
        for table, key in DATASET_GRAINS.items():
            path = workspace.dataset_dir(info.id) / f"{table}.parquet"
            if path.exists():
                assert duplicate_and_missing_keys(path, key) == (0, 0), (info.id, table)
                assert_columns_declared(path, "dataset", table)
                checked += 1
    for table, key in DERIVED_GRAINS.items():
        assert duplicate_and_missing_keys(workspace.derived_path(table), key) == (0, 0), table
        assert_columns_declared(workspace.derived_path(table), "derived", table)
        checked += 1
    return checked


def test_a_column_the_table_catalog_does_not_describe_is_found():
    spec = next(t for t in table_catalog() if (t.place, t.name) == ("dataset", "households"))
    assert spec.undeclared(["year", "ind_4", "ind_38", "members", "phone"]) == ["phone"]


def test_the_demo_keeps_every_grain(demo_workspace):
    assert assert_every_table_keeps_its_grain(demo_workspace) >= 4 * 4 + len(DERIVED_GRAINS)


def test_aggregates_and_a_collection_in_parts_keep_every_grain(workspace, tmp_path):
    first, second, agg = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "agg.csv"
    # the same household ids in two villages are two households; b.csv sends 31010101/1 again
    first.write_text(HH + "31010101,1,2,1,0\n31010101,2,3,0,1\n31010102,1,4,1,1\n", encoding="utf-8")
    second.write_text(HH + "31010101,1,5,0,0\n31010103,1,1,1,\n", encoding="utf-8")
    agg.write_text(
        "รหัสพื้นที่,ตัวชี้วัด,จำนวนที่สำรวจ,ผ่าน,ไม่ผ่าน,หน่วย\n3201,1,10,7,3,ครัวเรือน\n3201,2,10,10,0,ครัวเรือน\n",
        encoding="utf-8",
    )
    assert import_file(workspace, "bmn", first, year=2564)[1] is not None
    prepared, info = import_file(workspace, "bmn", second, year=2564, append=True)
    assert info is not None, [p.message_en for p in prepared.report.problems]
    assert import_file(workspace, "bmn-agg", agg, year=2564)[1] is not None
    assert_every_table_keeps_its_grain(workspace)
    summary = workspace.rows("area_summary", area="310101", year=2564).iloc[0]
    assert (summary["households"], summary["people"]) == (4, 5 + 3 + 4 + 1)


@pytest.mark.parametrize("table", ["area_indicator", "area_domain"])
def test_shares_follow_their_counts_in_every_row(demo_workspace, table):
    frame = demo_workspace.read(table)
    assert (frame["applicable"] == frame["pass"] + frame["fail"]).all()
    counted = frame[frame["applicable"] > 0]
    assert (counted["pct_fail"] - 100 * counted["fail"] / counted["applicable"]).abs().max() < 1e-9
    assert (counted["pct_pass"] + counted["pct_fail"] - 100).abs().max() < 1e-9
    assert frame.loc[frame["applicable"] == 0, "pct_fail"].isna().all()
