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
from dataclasses import dataclass, field
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
    restore: dict[str, Any] = field(default_factory=dict)  # compacted columns: the dtype DuckDB gives

    @classmethod
    def of(
        cls, frame: pd.DataFrame, code_column: str, empty: pd.DataFrame, restore: dict[str, Any] | None = None
    ) -> HeldTable:
        column = frame[code_column]
        if column.isna().any() or not column.is_monotonic_increasing:
            raise ValueError(f"{code_column} is not sorted")  # written sorted (analysis.area_tables)
        # sorted, so each code's rows are one run: where the factorised codes change
        numbers, uniques = pd.factorize(column, sort=False)
        first = np.flatnonzero(numbers[1:] != numbers[:-1]) + 1 if len(numbers) else np.array([], dtype=int)
        starts = np.concatenate([[0], first, [len(numbers)]]) if len(numbers) else np.array([0])
        nullable = tuple(
            str(c) for c, d in frame.dtypes.items() if pd.api.types.is_extension_array_dtype(d) and d.kind in "iub"
        )
        size = int(frame.memory_usage(deep=True).sum())
        return cls(frame, code_column, uniques.tolist(), starts, size, empty, nullable, dict(restore or {}))

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
        for column, dtype in self.restore.items():
            rows[column] = rows[column].astype(dtype)
        for column in self.nullable:  # DuckDB gives Int64/boolean only to a result with NULLs in it
            if not rows[column].hasnans:
                rows[column] = rows[column].astype(self.frame[column].dtype.numpy_dtype)
        return rows


def budget_bytes() -> int:
    from analysis.config import settings

    return int(settings()["server"]["area_tables_in_memory_mb"]) * 2**20


@dataclass(frozen=True)
class Compaction:
    """How a table is read to take less memory: text columns of few distinct values (level,
    catalog, indicator, domain, unit — repeated on millions of rows) as DuckDB ENUMs, which pandas
    gets as categories; whole-number columns without NULLs that fit in 32 bits as INTEGER; with the
    dtype each changed column has in a plain read, given back on the (small) rows picked. A national
    year's indicator table: 0.9 GB read as it is, 0.33 GB so — and no full-size copy on the way."""

    select: str  # the SELECT list
    restore: dict[str, Any]
    rows: int

    @classmethod
    def plan(cls, con: duckdb.DuckDBPyConnection, path: Path, code_column: str) -> Compaction:
        source = "read_parquet(?)"
        columns = con.execute(f"DESCRIBE SELECT * FROM {source}", [str(path)]).fetchall()
        texts = [name for name, kind, *_ in columns if kind == "VARCHAR" and name != code_column]
        wholes = [name for name, kind, *_ in columns if kind == "BIGINT"]
        asked = ["count(*)"]
        asked += [f"count(DISTINCT {_quoted(n)})" for n in texts]
        asked += [f"min({_quoted(n)}), max({_quoted(n)}), count({_quoted(n)})" for n in wholes]
        figures = con.execute(f"SELECT {', '.join(asked)} FROM {source}", [str(path)]).fetchone() or (0,)
        rows, distinct = int(figures[0]), dict(zip(texts, figures[1 : 1 + len(texts)], strict=True))
        after = figures[1 + len(texts) :]  # (min, max, non-NULL count) of each whole-number column
        ranges = {name: after[3 * i : 3 * i + 3] for i, name in enumerate(wholes)}
        # the dtypes of a plain read of a column with a value in it (a first row's NULL reads "object")
        plain = con.execute("SELECT 'a' AS text, CAST(1 AS BIGINT) AS whole").df().dtypes
        expressions, restore = [], {}
        for name, *_ in columns:
            expression = _quoted(name)
            if name in distinct and rows and 0 < distinct[name] * 20 < rows:
                values = con.execute(
                    f"SELECT DISTINCT {expression} FROM {source} WHERE {expression} IS NOT NULL ORDER BY 1",
                    [str(path)],
                ).fetchall()
                labels = ", ".join("'" + str(v[0]).replace("'", "''") + "'" for v in values)
                expression, restore[name] = f"CAST({expression} AS ENUM({labels})) AS {expression}", plain["text"]
            elif name in ranges and rows:
                low, high, present = ranges[name]
                if present == rows and -(2**31) <= low and high < 2**31:
                    expression, restore[name] = f"CAST({expression} AS INTEGER) AS {expression}", plain["whole"]
            expressions.append(expression)
        return cls(", ".join(expressions), restore, rows)

    def read(self, con: duckdb.DuckDBPyConnection, path: Path, limit: int | None = None) -> pd.DataFrame:
        tail = f" LIMIT {int(limit)}" if limit is not None else ""
        return con.execute(f"SELECT {self.select} FROM read_parquet(?){tail}", [str(path)]).df()

    def estimate(self, con: duckdb.DuckDBPyConnection, path: Path) -> int:
        """The table's size in memory once read so, about: its first 50,000 rows read, times its
        rows. (The Parquet metadata's sizes are those of its encoded pages — dictionary-encoded
        text is a fraction of its size in memory: a national indicator table said 126 MB, took 0.9 GB.)"""
        sample = self.read(con, path, 50_000)
        return int(sample.memory_usage(deep=True).sum() * self.rows / len(sample)) if len(sample) else 0


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


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
            with reader() as con:
                compaction = Compaction.plan(con, path, code_column)
                if compaction.estimate(con, path) > budget:
                    _TOO_LARGE.add(key)
                    return None
                frame = compaction.read(con, path)
                empty = con.execute("SELECT * FROM read_parquet(?) LIMIT 0", [str(path)]).df()
            table = HeldTable.of(frame, code_column, empty, compaction.restore)
            del frame
        except (OSError, ValueError, duckdb.Error):
            # a damaged file (Workspace.read names it), or one not sorted by its code: from disk
            _TOO_LARGE.add(key)
            return None
        if table.nbytes > budget:
            # larger than the estimate said: read from disk from now on, never read whole again (a
            # table held for one page and pushed out by the next was read whole on every view)
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


def hold_generation(workspace: Workspace) -> list[str]:
    """Hold the area tables of the workspace's current generation now (a server's start-up: the
    first officials of the day then find them read — a national indicator table takes 4 s of CPU),
    the smallest first: pages asking for those wait less. The tables held; one over the budget
    stays on disk."""
    from analysis.store import CODE_COLUMN

    path = workspace.derived_path("area_summary")
    if path is None or not path.parent.is_dir():
        return []
    files = sorted(path.parent.glob("*.parquet"), key=lambda p: p.stat().st_size)
    return [p.stem for p in files if held(p, CODE_COLUMN.get(p.stem, "area_code")) is not None]


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
