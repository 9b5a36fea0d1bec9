"""A whole small file (a preview, pins, a register of villages, a list of names) as a table of
text cells with spreadsheet row numbers."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from analysis.file_rows import Staging, load_rows, row_number_sql, staged_table, trimmed
from analysis.readers import read_head


@dataclass
class RawTable:
    """A whole file as text cells in pandas, for previews and small files only."""

    name: str
    frame: pd.DataFrame
    encoding: str | None
    header_row: int
    sheet: str | None = None

    @property
    def headers(self) -> list[str]:
        return [str(c) for c in self.frame.columns]


def read_table(
    source: str | Path | bytes,
    name: str | None = None,
    header_score: Callable[[list[str]], int] | None = None,
    sheet: str | int = 0,
) -> RawTable:
    """Read a whole (small) CSV or XLSX file as text cells with spreadsheet row numbers.

    ``source`` is a path or the file's bytes (then ``name`` gives the file name).
    """
    if isinstance(source, bytes):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(name or "upload").name
            path.write_bytes(source)
            return read_table(path, name, header_score, sheet)
    head = read_head(source, name, header_score, sheet)
    names = ", ".join(f"{trimmed(c)} AS {c}" for c in head.columns)

    def create(at: Staging) -> str:
        return f"CREATE TABLE {at.table} AS SELECT {at.file} AS __file, {at.row}::BIGINT AS __row, {names} FROM {at.source}"

    with duckdb.connect() as con:
        loaded = load_rows(con, head, create, 0)
        rows = row_number_sql(loaded.row_offset)
        table = staged_table(0)
        frame = con.execute(f"SELECT {rows} AS row, * EXCLUDE (__file, __row) FROM {table} ORDER BY row").df()
    frame = frame.set_index("row")
    frame.columns = head.headers
    blank = (frame == "").all(axis=1)
    sheet_name = sheet if isinstance(sheet, str) else None
    return RawTable(head.name, frame[~blank].astype(object), head.encoding, head.header_row, sheet_name)
