"""A generation of area tables: every dataset's leaf layers rolled up into derived/<generation>/,
built aside and renamed into place whole (nothing a reader sees changes until state.json names it)."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from analysis.area_tables import DERIVED_ORDER, LEAF_SCHEMAS, build_area_tables, empty_leaf, write_area_tables
from analysis.config import memory_limit_mb
from analysis.datasets import THAI_TIME, DatasetInfo

DERIVED_TABLES = tuple(DERIVED_ORDER)


def build_generation(root: Path, datasets: list[DatasetInfo], dataset_dir: Callable[[str], Path]) -> tuple[str, Path]:
    """The area tables of ``datasets`` in a new folder of ``root``/derived: (generation, folder).
    DuckDB spills to the workspace's scratch, within the memory limit; a failed build leaves nothing."""
    generation = f"gen-{datetime.now(THAI_TIME):%Y%m%d%H%M%S%f}-{uuid.uuid4().hex[:4]}"
    folder = root / "derived" / generation
    staging = folder.with_name(f".staging-{generation}")
    staging.mkdir(parents=True)
    spill = root / ".scratch" / f"{generation}-spill"
    try:
        with duckdb.connect(config={"memory_limit": f"{memory_limit_mb()}MB"}) as con:
            con.execute(f"SET temp_directory = '{str(spill).replace(chr(39), chr(39) * 2)}'")
            for name in LEAF_SCHEMAS:
                leaf_relation(con, name, datasets, dataset_dir)
            write_area_tables(con, staging)
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(spill, ignore_errors=True)
    return generation, folder


def leaf_relation(
    con: duckdb.DuckDBPyConnection, name: str, datasets: list[DatasetInfo], dataset_dir: Callable[[str], Path]
) -> None:
    """A view ``name`` over every dataset's file of that layer, with dataset id, catalog and time."""
    columns = list(LEAF_SCHEMAS[name])
    parts = []
    for info in datasets:
        path = dataset_dir(info.id) / f"{name}.parquet"
        if not path.exists():
            continue
        extra = {"dataset_id": info.id, "catalog_id": info.catalog_id, "imported_at": info.imported_at}
        select = [f"'{extra[c]}' AS {c}" if c in extra else c for c in columns]
        target = str(path).replace("'", "''")
        parts.append(f"SELECT {', '.join(select)} FROM read_parquet('{target}')")
    if parts:
        con.execute(f"CREATE OR REPLACE VIEW {name} AS {' UNION ALL BY NAME '.join(parts)}")
    else:
        con.register(name, empty_leaf(name))


_DERIVED_EMPTY: dict[str, pd.DataFrame] = {}


def empty_derived(table: str) -> pd.DataFrame:
    """An empty area table with the right columns (a workspace with no data yet)."""
    if not _DERIVED_EMPTY:
        _DERIVED_EMPTY.update(build_area_tables({}))
    return _DERIVED_EMPTY[table].iloc[0:0].copy()
