"""Reading apart from computing: the frames an area's analysis needs, read from the workspace in
one place (Kedro-style: ranking, comparison, typology and map layers are pure functions of these
frames; analysis.views wires the two together).

AreaFrames:       the rows of one or more areas in one year — indicators (one row per area ×
                  indicator), domains (one row per area × domain), summary (one row per area) and
                  กชช.2ค indicators (one row per area × indicator).
household_matrix: one row per household of an area and year (a boolean column per indicator).
area_mpi:         Alkire–Foster over that matrix with the catalog's domains.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.catalogs import load_catalog, main_catalog
from analysis.codes import ROLLUP_LENGTH, level_of
from analysis.layer_files import prefix_range, reader
from analysis.mpi import DEFAULT_K, HouseholdMatrix, MPIResult, alkire_foster
from analysis.store import Workspace


@dataclass
class AreaFrames:
    """One area (or the children of one) in one year, as stored in the area tables."""

    area_code: str
    year: int
    level: str
    indicators: pd.DataFrame
    domains: pd.DataFrame
    summary: pd.DataFrame
    nrd2c: pd.DataFrame

    @property
    def catalog_id(self) -> str | None:
        with_data = self.indicators[self.indicators["applicable"] > 0]
        return str(with_data["catalog_id"].iloc[0]) if len(with_data) else None

    @property
    def empty(self) -> bool:
        return not (self.indicators["applicable"] > 0).any()


def source_of(workspace: Workspace, source: str | None, **where) -> str | None:
    """The catalog an analysis reads: the one asked for, else จปฐ. — or, in a year with no จปฐ.
    rows there, the first village data set's (analysis.village_catalog) — None: จปฐ."""
    if source or not workspace.rows("area_indicator", **where).empty:
        return source
    every = workspace.rows("area_indicator", catalog="*", **where)
    return main_catalog(every["catalog_id"].tolist()) if len(every) else None


def area_frames(workspace: Workspace, area_code: str, year: int, source: str | None = None) -> AreaFrames:
    """The rows of one area in one year (of one catalog: ``source``, else จปฐ.; see source_of)."""
    year = int(year)
    source = source_of(workspace, source, area=area_code, year=year)
    return AreaFrames(
        area_code,
        year,
        level_of(area_code),
        workspace.rows("area_indicator", area=area_code, year=year, catalog=source),
        workspace.rows("area_domain", area=area_code, year=year, catalog=source),
        workspace.rows("area_summary", area=area_code, year=year),
        workspace.rows("nrd2c_area_indicator", area=area_code, year=year),
    )


def child_level(parent: str) -> str | None:
    """The level just below ``parent`` (villages below a tambon; none below a village)."""
    lengths = sorted(ROLLUP_LENGTH.values())
    finer = [n for n in lengths if n > len(parent)]
    if not finer or len(parent) >= ROLLUP_LENGTH["village"]:
        return None
    return {n: level for level, n in ROLLUP_LENGTH.items()}[finer[0]]


def children_frames(
    workspace: Workspace, parent: str, year: int, level: str | None = None, source: str | None = None
) -> AreaFrames:
    """The rows of the areas at ``level`` (default: the level below) under ``parent``."""
    level = level or child_level(parent) or "village"
    year = int(year)
    source = source_of(workspace, source, area=parent, year=year)
    return AreaFrames(
        parent,
        year,
        level,
        workspace.rows("area_indicator", under=parent, level=level, year=year, catalog=source),
        workspace.rows("area_domain", under=parent, level=level, year=year, catalog=source),
        workspace.rows("area_summary", under=parent, level=level, year=year),
        workspace.rows("nrd2c_area_indicator", under=parent, level=level, year=year),
    )


def years_with_data(workspace: Workspace, area_code: str, table: str = "area_summary") -> list[int]:
    return sorted(int(y) for y in workspace.rows(table, area=area_code)["year"].unique())


def areas_with_data(workspace: Workspace, parent: str | None, level: str) -> list[str]:
    """Codes at ``level`` under ``parent`` that have จปฐ. or กชช.2ค data."""
    codes = set(workspace.rows("area_summary", under=parent, level=level)["area_code"])
    codes |= set(workspace.rows("nrd2c_area_indicator", under=parent, level=level)["area_code"])
    return sorted(codes)


def household_matrix(workspace: Workspace, area_code: str, year: int) -> HouseholdMatrix | None:
    """The households under ``area_code`` in ``year`` as a compact matrix (None without household
    rows). Only the area's range of each sorted households file is read."""
    files = workspace.dataset_files("households", year)
    if not files:
        return None
    low, high = prefix_range(area_code)
    with reader() as con:
        describe = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(files[0][1])]).fetchall()
        ids = [row[0].removeprefix("ind_") for row in describe if row[0].startswith("ind_")]
        failed = ", ".join(f"coalesce(ind_{i} = 0, false) AS f_{i}" for i in ids)
        table = con.sql(
            f"SELECT village_code, household_id, {failed} FROM read_parquet($paths, union_by_name = true) "
            "WHERE village_code >= $low AND village_code < $high ORDER BY village_code, household_id",
            params={"paths": [str(path) for _, path in files], "low": low, "high": high},
        ).to_arrow_table()
    if table.num_rows == 0:
        return None
    matrix = np.empty((table.num_rows, len(ids)), dtype=bool, order="F")  # an indicator is one column
    for position, indicator in enumerate(ids):
        matrix[:, position] = table.column(f"f_{indicator}").to_numpy(zero_copy_only=False)
    keys = table.select(["village_code", "household_id"]).to_pandas()
    return HouseholdMatrix(keys, matrix, ids, files[0][0].catalog_id)


def area_mpi(workspace: Workspace, area_code: str, year: int, k: float = DEFAULT_K) -> MPIResult | None:
    """The MPI of an area and year (None when the area has no household rows that year)."""
    matrix = household_matrix(workspace, area_code, year)
    if matrix is None:
        return None
    catalog = load_catalog(matrix.catalog_id)
    return alkire_foster(matrix, catalog.indicators[["indicator_id", "domain"]], k)


def village_rows(
    workspace: Workspace, under: str, year: int, table: str = "area_indicator", source: str | None = None
) -> pd.DataFrame:
    """Village rows of an area table under ``under`` (the villages that drive each problem)."""
    if table == "area_indicator":
        source = source_of(workspace, source, area=under, year=int(year))
        return workspace.rows(table, under=under, level="village", year=int(year), catalog=source)
    return workspace.rows(table, under=under, level="village", year=int(year))


def nrd2c_villages(workspace: Workspace, under: str) -> pd.DataFrame:
    """One row per village × year × กชช.2ค indicator under ``under``."""
    return workspace.rows("nrd2c_village", under=under)
