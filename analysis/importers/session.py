"""One import's scratch space: a DuckDB database whose memory is bounded (it spills to disk), and a
folder in the workspace where the new dataset's layer files are written before they are committed.

Grain of the session tables (names used by every importer):
    staged      one row per source row of every file (blank rows flagged), typed cells
    rows        view: the staged rows that are not blank, with their spreadsheet row number
"""

from __future__ import annotations

import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from analysis.config import memory_limit_mb
from analysis.scratch import SCRATCH
from analysis.store_errors import read_only

#: scratch folders older than this are left over from killed imports and may be removed
STALE_SECONDS = 24 * 3600


@dataclass
class SourceFile:
    """One file of an import, as the session knows it: its name, mapping and row numbering."""

    index: int
    name: str
    headers: dict[str, str]  # field key ("household_id", "ind:5", "count:5:pass") → header shown
    row_offset: int | None = None
    rows: int = 0
    encoding: str | None = None
    header_row: int = 1
    reader: str = ""

    def header(self, key: str | None) -> str | None:
        return self.headers.get(key) if key else None


@dataclass
class ImportSession:
    """A scratch DuckDB connection and folder; ``close`` keeps the folder, ``discard`` removes it."""

    folder: Path
    con: duckdb.DuckDBPyConnection
    files: list[SourceFile] = field(default_factory=list)
    broken_rows: list = field(default_factory=list)  # (file index, readers.RowProblem)
    checks_hit: list = field(default_factory=list)  # (view, Check) of every check that found rows

    @classmethod
    def open(cls, workspace_root: Path) -> ImportSession:
        scratch = Path(workspace_root) / SCRATCH
        folder = scratch / f"{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        try:
            remove_stale(scratch)
            (folder / "spill").mkdir(parents=True)
            (folder / "layers").mkdir()
        except PermissionError as error:
            raise read_only(Path(workspace_root)) from error
        con = duckdb.connect(config={"memory_limit": f"{memory_limit_mb()}MB"})
        con.execute(f"SET temp_directory = '{_sql_text(folder / 'spill')}'")
        con.execute("SET preserve_insertion_order = true")
        con.execute("SET enable_progress_bar = true")  # tracked for the progress shown to users …
        con.execute("SET enable_progress_bar_print = false")  # … never printed to the terminal
        return cls(folder, con)

    @property
    def workspace_root(self) -> Path:
        return self.folder.parent.parent  # <workspace>/.scratch/<import>

    @property
    def layers(self) -> Path:
        return self.folder / "layers"

    def close(self) -> None:
        self.con.close()
        shutil.rmtree(self.folder / "spill", ignore_errors=True)

    def discard(self) -> None:
        try:
            self.con.close()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def file_cases(self, values: list[str]) -> str:
        """SQL choosing a text per file (``values[i]`` for file i), e.g. its name: one list lookup
        per row (a CASE would test up to 77 branches for a national year of province files)."""
        texts = ", ".join(f"'{_sql_text(v)}'" for v in values)
        return f"([{texts}])[__file::BIGINT + 1]"


def _sql_text(value: object) -> str:
    return str(value).replace("'", "''")


def sql_text(value: object) -> str:
    """A Python value as a quoted SQL string literal."""
    return f"'{_sql_text(value)}'"


def remove_stale(scratch: Path, older_than: float = STALE_SECONDS) -> list[Path]:
    """Remove scratch folders left by imports that were killed; returns what was removed."""
    removed = []
    if not scratch.exists():
        return removed
    now = time.time()
    for folder in scratch.iterdir():
        if folder.is_dir() and now - folder.stat().st_mtime > older_than:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed
