"""Area tables held in memory, once per process, and the rows of one area picked from them.

Why: every page asks the area tables for a few hundred rows of one area (or of the areas under
it) several times per view. Each ask through DuckDB — a query over the Parquet file, then a
pandas frame — cost 3–8 ms of CPU; a compare view made nine of them. A table read once into
memory and sliced by its sorted area code answers the same ask in well under a millisecond.

What is held: a generation's area table (derived/<generation>/<table>.parquet) is written once
and never changed (an import writes a new generation, which has other paths), so a table is kept
under its path, its size and its modification time — an import is seen at once because the pages
then ask for the new generation's path. Tables larger than the budget (settings [server]
area_tables_in_memory_mb, per process) stay on disk and are read through DuckDB as before: a
national year's indicator table would not fit a small server several times over.

Rows come back in the file's order, with the columns and types a DuckDB read gives (the held
frame is that read of the whole file), as a new frame: callers may add columns or assign into it
(pandas copies on write, the held frame is never changed).
"""

from __future__ import annotations

import bisect
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import numpy as np
import pandas as pd

from analysis.layer_files import prefix_range, reader

if TYPE_CHECKING:
    from analysis.store import Workspace

_HELD: OrderedDict[tuple, HeldTable] = OrderedDict()
_TOO_LARGE: set[tuple] = set()
_LOCK = threading.Lock()


@dataclass(frozen=True)
class HeldTable:
    """A whole area table sorted by ``code_column``, with where each code's rows start."""

    frame: pd.DataFrame
    code_column: str
    codes: list[str]  # the distinct codes, in file (sorted) order
    starts: np.ndarray  # the first row of each code, then the number of rows
    nbytes: int
    empty: pd.DataFrame  # what DuckDB gives for no rows (its string columns are then "object")
    nullable: tuple[str, ...]  # integer and boolean columns that hold NULLs somewhere (Int64, boolean)

    @classmethod
    def of(cls, frame: pd.DataFrame, code_column: str, empty: pd.DataFrame) -> HeldTable:
        column = frame[code_column]
        values = column.to_numpy(dtype=object)
        if column.isna().any() or not column.is_monotonic_increasing:
            raise ValueError(f"{code_column} is not sorted")  # written sorted (analysis.area_tables)
        first = np.flatnonzero(values[1:] != values[:-1]) + 1 if len(values) else np.array([], dtype=int)
        starts = np.concatenate([[0], first, [len(values)]]) if len(values) else np.array([0])
        size = int(frame.memory_usage(deep=True).sum())
        nullable = tuple(
            str(c) for c, d in frame.dtypes.items() if pd.api.types.is_extension_array_dtype(d) and d.kind in "iub"
        )
        return cls(frame, code_column, [values[i] for i in starts[:-1]], starts, size, empty, nullable)

    def _span(self, low: str, high: str) -> tuple[int, int]:
        """Rows [a, b) whose code is in [low, high)."""
        first, last = bisect.bisect_left(self.codes, low), bisect.bisect_left(self.codes, high)
        return int(self.starts[first]), int(self.starts[last])

    def select(
        self,
        area: str | list[str] | None = None,
        under: str | None = None,
        equal: dict[str, Any] | None = None,
        catalog_in: str | None = None,
        catalog_not_in: list[str] | None = None,
    ) -> pd.DataFrame:
        """The rows Workspace.rows asks for: one area or a list of them, the areas under a code
        (itself included), column = value for each of ``equal``, one catalog or none of a list."""
        if isinstance(area, str):
            spans = [self._span(area, area + "\x00")]
        elif area is not None:
            spans = [self._span(code, code + "\x00") for code in sorted({str(a) for a in area})]
        else:
            spans = [(0, len(self.frame))]
        if under:
            low, high = prefix_range(under)
            a, b = self._span(low, high)
            spans = [(max(a, s), min(b, e)) for s, e in spans if max(a, s) < min(b, e)]
        frame = self.frame
        parts = [frame.iloc[s:e] for s, e in spans if e > s]
        part = pd.concat(parts) if len(parts) > 1 else (parts[0] if parts else frame.iloc[0:0])
        mask = np.ones(len(part), dtype=bool)
        for column, value in (equal or {}).items():
            mask &= (part[column] == value).to_numpy(dtype=bool, na_value=False)
        if catalog_in is not None:
            mask &= (part["catalog_id"] == catalog_in).to_numpy(dtype=bool, na_value=False)
        if catalog_not_in is not None:  # SQL: NOT list_contains(...) — a missing catalog is no row
            column = part["catalog_id"]
            mask &= (column.notna() & ~column.isin(catalog_not_in)).to_numpy(dtype=bool)
        if not mask.any():
            return self.empty.copy()
        rows = part[mask].reset_index(drop=True)
        for column in self.nullable:  # DuckDB gives Int64/boolean only to a result with NULLs in it
            if not rows[column].hasnans:
                rows[column] = rows[column].astype(self.frame[column].dtype.numpy_dtype)
        return rows


def budget_bytes() -> int:
    from analysis.config import settings

    return int(settings()["server"]["area_tables_in_memory_mb"]) * 2**20


def _estimate(path: Path) -> int:
    """The table's size in memory, about (its uncompressed size in the Parquet metadata, doubled:
    a frame's strings take more than Arrow's)."""
    import pyarrow.parquet as pq

    metadata = pq.ParquetFile(path).metadata
    return 2 * sum(metadata.row_group(i).total_byte_size for i in range(metadata.num_row_groups))


def held(path: Path, code_column: str) -> HeldTable | None:
    """The table at ``path`` held in memory (read on first use), or None when it is larger than
    the budget. Older tables are let go when the held ones would exceed it."""
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns, code_column)
    table = _HELD.get(key)
    if table is not None:
        return table
    if key in _TOO_LARGE:
        return None
    with _LOCK:  # many sessions asking for the same new table: one reads it
        table = _HELD.get(key)
        if table is not None:
            return table
        budget = budget_bytes()
        try:
            if _estimate(path) > budget:
                _TOO_LARGE.add(key)
                return None
            with reader() as con:
                frame = con.execute("SELECT * FROM read_parquet(?)", [str(path)]).df()
                empty = con.execute("SELECT * FROM read_parquet(?) LIMIT 0", [str(path)]).df()
            table = HeldTable.of(frame, code_column, empty)
        except (OSError, ValueError, duckdb.Error):
            # a damaged file (Workspace.read names it), or one not sorted by its code: from disk
            _TOO_LARGE.add(key)
            return None
        # the same table of older generations (an import made a new one): the latest two are kept
        # (a page that started before the import still reads the previous one), older ones let go
        same = [k for k in _HELD if _table_of(k) == _table_of(key)]
        for old in same[: max(0, len(same) - 1)]:
            del _HELD[old]
        _HELD[key] = table
        while len(_HELD) > 1 and sum(t.nbytes for t in _HELD.values()) > budget:
            _HELD.popitem(last=False)
        return table


def _table_of(key: tuple) -> tuple[str, str]:
    """(the workspace's derived folder, the table's file name) of a held table's key."""
    path = Path(key[0])
    return str(path.parent.parent), path.name


def forget() -> None:
    """Let every held table go (tests; a process that wants its memory back)."""
    with _LOCK:
        _HELD.clear()
        _TOO_LARGE.clear()


def table_rows(
    workspace: Workspace,
    table: str,
    code: str,
    area: str | list[str] | None,
    under: str | None,
    where: dict[str, Any],
    catalog: str | None,
) -> pd.DataFrame:
    """Workspace.rows: from the held table when there is one, else a DuckDB read of the file."""
    equal = {c: (int(v) if c == "year" else v) for c, v in where.items() if v is not None}
    catalog_in, catalog_not_in = None, None
    if table in ("area_indicator", "area_domain") and catalog != "*":
        from analysis.catalogs import village_catalog_ids

        catalog_in, catalog_not_in = (catalog, None) if catalog else (None, village_catalog_ids())
    path = workspace.derived_path(table)
    kept = held(path, code) if path is not None and path.is_file() else None
    asked = [*equal, *(["catalog_id"] if catalog_in or catalog_not_in is not None else [])]
    if kept is not None and set(asked) <= set(kept.frame.columns):  # else DuckDB names what is missing
        return kept.select(area, under, equal, catalog_in, catalog_not_in)
    conditions, params = [], []
    if isinstance(area, str):
        conditions.append(f"{code} = ?")
        params.append(area)
    elif area is not None:
        conditions.append(f"list_contains(?, {code})")
        params.append(list(area))
    if under:
        low, high = prefix_range(under)
        conditions.append(f"{code} >= ? AND {code} < ?")
        params += [low, high]
    if catalog_in is not None:
        conditions.append("catalog_id = ?")
        params.append(catalog_in)
    if catalog_not_in is not None:
        conditions.append("NOT list_contains(?, catalog_id)")
        params.append(catalog_not_in)
    for column, value in equal.items():
        conditions.append(f"{column} = ?")
        params.append(value)
    return workspace.read(table, " AND ".join(conditions), params)
