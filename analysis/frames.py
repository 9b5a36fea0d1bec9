"""Reading apart from computing: the frames an area's analysis needs, read from the workspace in
one place. Ranking, comparison, typology and map layers are pure functions of these frames.

household_matrix: one row per household of an area and year (a boolean column per indicator).
area_mpi:         Alkire–Foster over that matrix with the catalog's domains.
"""

from __future__ import annotations

import duckdb
import numpy as np

from analysis.catalogs import load_catalog
from analysis.mpi import DEFAULT_K, HouseholdMatrix, MPIResult, alkire_foster
from analysis.store import Workspace, prefix_range


def household_matrix(workspace: Workspace, area_code: str, year: int) -> HouseholdMatrix | None:
    """The households under ``area_code`` in ``year`` as a compact matrix (None without household
    rows). Only the area's range of each sorted households file is read."""
    files = workspace.dataset_files("households", year)
    if not files:
        return None
    low, high = prefix_range(area_code)
    with duckdb.connect() as con:
        names = [row[0] for row in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(files[0][1])]).fetchall()]
        ids = [c.removeprefix("ind_") for c in names if c.startswith("ind_")]
        failed = ", ".join(f"coalesce(ind_{i} = 0, false) AS f_{i}" for i in ids)
        paths = [str(path) for _, path in files]
        table = con.execute(
            f"SELECT village_code, household_id, {failed} FROM read_parquet(?, union_by_name = true) "
            "WHERE village_code >= ? AND village_code < ? ORDER BY village_code, household_id",
            [paths, low, high],
        ).to_arrow_table()
    if table.num_rows == 0:
        return None
    matrix = np.column_stack([table.column(f"f_{i}").to_numpy(zero_copy_only=False) for i in ids])
    keys = table.select(["village_code", "household_id"]).to_pandas()
    return HouseholdMatrix(keys, matrix.astype(bool), ids, files[0][0].catalog_id)


def area_mpi(workspace: Workspace, area_code: str, year: int, k: float = DEFAULT_K) -> MPIResult | None:
    """The MPI of an area and year (None when the area has no household rows that year)."""
    matrix = household_matrix(workspace, area_code, year)
    if matrix is None:
        return None
    catalog = load_catalog(matrix.catalog_id)
    return alkire_foster(matrix, catalog.indicators[["indicator_id", "domain"]], k)
