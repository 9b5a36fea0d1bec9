"""Streaming every row of a file into an import session's DuckDB table, the fastest exact way:

* UTF-8 CSV: DuckDB's parallel CSV reader, accepted only when every line after the header is
  one record (no blank lines, no line breaks inside cells), so record order gives the row number;
* other CSV (Windows-874/TIS-620, blank lines, multi-line cells, broken rows): Arrow's streaming
  CSV reader, which transcodes in blocks and numbers every record;
* XLSX: fastexcel (calamine, in Rust) straight to Arrow, without Python rows.

The importer gives the statement as a function of where the rows go (``Staging``): it is built
once, with every name known, never filled in by replacing text.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from analysis.readers import BLANKS, FileHead, ReadError, RowProblem, excel_sheet

BLOCK_BYTES = 16 << 20
Progress = Callable[[float], None]


@dataclass
class LoadResult:
    rows: int
    reader: str  # "duckdb", "arrow" or "xlsx"
    #: for rows numbered by record order: row number = rowid + offset (see row_number_sql)
    row_offset: int | None = None
    problems: list[RowProblem] = field(default_factory=list)


@dataclass(frozen=True)
class Staging:
    """Where one statement puts a file's rows: the session ``table`` it creates, SQL for the
    ``file``'s index and each row's spreadsheet ``row`` (NULL where the number follows from record
    order, see ``row_number_sql``), and the ``source`` relation the rows are read from."""

    table: str
    file: str
    row: str
    source: str


#: the CREATE TABLE … AS SELECT … over the positional columns c0, c1, … of one file (or of a run
#: of files of one shape), given where its rows go
Statement = Callable[[Staging], str]


def cell(column: str) -> str:
    """SQL for a source cell as text: never NULL (an empty cell is '')."""
    return f"coalesce({column}, '')"


def trimmed(column: str) -> str:
    """SQL for a source cell as the user reads it: invisible whitespace around it removed.

    A cell that begins and ends with a visible ASCII character (codes, numbers: nearly every
    cell) is kept as it is: trim with a set of characters costs ~1.6 s per column of a national
    file, this test ~0.5 s."""
    blanks = BLANKS.replace("'", "''")
    visible = f"{column}[1] > ' ' AND {column}[1] < '~' AND {column}[-1] > ' ' AND {column}[-1] < '~'"
    return f"(CASE WHEN {column} IS NULL THEN '' WHEN {visible} THEN {column} ELSE trim({column}, '{blanks}') END)"


def blank_row_sql(head: FileHead) -> str:
    """SQL that is true for a row whose cells are all blank (skipped, its number kept)."""
    if not head.columns:
        return "true"
    blank = [f"trim({cell(c)}, ' ') = ''" for c in head.columns]
    # a projection evaluates every term of an AND: test the first cell alone, the rest only for
    # the (few) rows whose first cell is blank
    return f"(CASE WHEN NOT {blank[0]} THEN false ELSE {' AND '.join(blank)} END)"


def _content_lines(path: Path) -> int:
    """Lines that hold content (trailing blank lines not counted)."""
    newlines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(BLOCK_BYTES):
            newlines += chunk.count(b"\n")
        size = handle.tell()
        handle.seek(max(0, size - 65536))
        tail = handle.read()
    trailing = tail[len(tail.rstrip(b" \t\r\n")) :].count(b"\n")
    return newlines - trailing + 1


def _duckdb_progress(con: duckdb.DuckDBPyConnection) -> Callable[[], float]:
    def fraction() -> float:
        try:
            return max(0.0, con.query_progress()) / 100
        except duckdb.Error:
            return 0.0

    return fraction


def with_progress(
    con: duckdb.DuckDBPyConnection, sql: str, progress: Progress | None, fraction: Callable[[], float]
) -> None:
    """Run ``sql`` on a worker thread while this (the caller's, e.g. the page's) thread reports
    ``fraction()`` — UI updates must come from the caller's thread."""
    if progress is None:
        con.execute(sql)
        return
    failure: list[BaseException] = []

    def run() -> None:
        try:
            con.execute(sql)
        except BaseException as error:  # re-raised in the caller's thread
            failure.append(error)

    worker = threading.Thread(target=run)
    worker.start()
    shown = 0.0
    while worker.is_alive():
        worker.join(0.25)
        # DuckDB reports no progress (0) once its query has ended: the bar must not fall back
        shown = max(shown, min(0.99, fraction()))
        progress(shown)
    if failure:
        raise failure[0]


#: DuckDB's CSV buffer (None: its default, tens of MB). A file is read in parallel buffers and the
#: rows' numbers rely on DuckDB keeping their order; tests set a small buffer to check that it does.
CSV_BUFFER_BYTES: int | None = None


def _csv_source(head: FileHead, paths_sql: str) -> str:
    """DuckDB's reader of the data rows of one file or a list of files shaped as ``head``."""
    columns = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in head.columns) + "}"
    delimiter = head.delimiter.replace("'", "''")
    buffer = f", buffer_size={CSV_BUFFER_BYTES}" if CSV_BUFFER_BYTES else ""
    return (
        f"read_csv({paths_sql}, header=false, skip={head.header_row}, delim='{delimiter}', "
        f"quote='\"', escape='\"', columns={columns}, auto_detect=false, null_padding=false{buffer})"
    )


def same_shape(head: FileHead) -> tuple | None:
    """What must be equal for CSV files to be read by one statement (None: not such a file)."""
    if head.format == "xlsx" or head.codec != "utf-8":
        return None
    return (tuple(head.columns), head.delimiter, head.header_row)


def load_rows_together(
    con: duckdb.DuckDBPyConnection,
    heads: list[FileHead],
    statement: Statement,
    file_indices: list[int],
    progress: Progress | None = None,
) -> list[LoadResult] | None:
    """DuckDB's parallel CSV reader for one file, or for several CSV files of one shape
    (``same_shape``) read by ONE statement into the table of the first: the SELECT is planned once (planning a household SELECT costs ~0.3 s, paid 77 times for
    a national year sent as province files) and DuckDB parses the files in parallel. Rows keep the
    files' order, then each file's record order, so a row's number follows from rowid (see
    ``rows_in_order_sql``). None when a file is not one record per line (or DuckDB fails): the
    caller then reads each file on its own, with Arrow where DuckDB cannot."""
    head = heads[0]
    source = _csv_source(head, "[" + ", ".join(f"'{_sql_path(h.path)}'" for h in heads) + "]")
    # file_index is the position in the list: the session's index of that file is looked up
    file_sql = "([" + ", ".join(map(str, file_indices)) + "])[file_index::BIGINT + 1]"
    if len(heads) == 1:
        file_sql = str(file_indices[0])
    table = staged_table(file_indices[0])
    create = statement(Staging(table, file_sql, "NULL::BIGINT", source))
    # the files' lines are counted on a second thread while DuckDB reads them (a national year: 1 GB)
    with ThreadPoolExecutor(1) as pool:
        lines = [pool.submit(_content_lines, h.path) for h in heads]
        try:
            with_progress(con, create, progress, _duckdb_progress(con))
            counted = dict(con.execute(f"SELECT __file, count(*) FROM {table} GROUP BY __file").fetchall())
        except duckdb.Error:
            con.execute(f"DROP TABLE IF EXISTS {table}")
            return None
    loaded = [int(counted.get(i, 0)) for i in file_indices]
    if any(n != f.result() - h.header_row for n, f, h in zip(loaded, lines, heads, strict=True)):
        con.execute(f"DROP TABLE {table}")
        return None
    before = np.cumsum([0, *loaded[:-1]])
    # the first record of each file (rowid = the records of the files before it) is the row after the header
    return [LoadResult(n, "duckdb", head.header_row + 1 - int(b)) for n, b in zip(loaded, before, strict=True)]


def staged_table(file_index: int) -> str:
    """The session table holding one file's rows (or a run of files', named after the first)."""
    return f"staged_{file_index}"


def _sql_path(path: Path) -> str:
    return str(path.resolve()).replace("'", "''")


def _arrow_batches(head: FileHead, handle, problems: list[RowProblem], threads: bool):
    import pyarrow.csv as pacsv

    def invalid(row) -> str:
        problems.append(RowProblem(row.number, row.actual_columns, row.expected_columns, row.text[:200]))
        return "skip"

    return pacsv.open_csv(
        handle,
        read_options=pacsv.ReadOptions(
            skip_rows=head.header_row,
            column_names=head.columns,
            encoding=head.codec or "utf-8",
            block_size=BLOCK_BYTES,
            use_threads=threads,
        ),
        parse_options=pacsv.ParseOptions(
            delimiter=head.delimiter, newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=invalid
        ),
        convert_options=pacsv.ConvertOptions(
            column_types={c: pa.string() for c in head.columns},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )


def _numbered(reader, first_row: int, broken: list[RowProblem]):
    """Batches with the spreadsheet row number of every record.

    A record refused as broken keeps its row number, so the records after it are not shifted:
    the i-th broken row B_i has B_i - first_row - i good records before it, and a good record
    with ordinal o comes after every broken row whose count is ≤ o.
    """
    ordinal = 0
    for batch in reader:
        ordinals = np.arange(ordinal, ordinal + batch.num_rows, dtype=np.int64)
        rows = ordinals + first_row
        known = np.sort(np.array([p.row for p in broken if p.row is not None], dtype=np.int64))
        if len(known):
            before = known - first_row - np.arange(len(known))
            rows = rows + np.searchsorted(before, ordinals, side="right")
        ordinal += batch.num_rows
        yield batch.append_column("__row", pa.array(rows))


def _load_arrow_csv(
    con: duckdb.DuckDBPyConnection, head: FileHead, statement: Statement, file_index: int, progress: Progress | None
) -> LoadResult:
    size = head.path.stat().st_size
    for threads in (True, False):
        problems: list[RowProblem] = []
        handle = head.path.open("rb")
        try:
            reader = _arrow_batches(head, handle, problems, threads)
        except (pa.ArrowInvalid, UnicodeDecodeError) as error:
            handle.close()
            raise ReadError("csv") from error
        schema = reader.schema.append(pa.field("__row", pa.int64()))
        batches = pa.RecordBatchReader.from_batches(schema, _numbered(reader, head.header_row + 1, problems))
        table = staged_table(file_index)
        try:
            con.register("arrow_source", batches)
            insert = statement(Staging(table, str(file_index), "__row", "arrow_source"))
            with_progress(con, insert, progress, lambda handle=handle: handle.tell() / max(size, 1))
        except (duckdb.Error, pa.ArrowInvalid, UnicodeDecodeError) as error:
            con.execute(f"DROP TABLE IF EXISTS {table}")
            raise ReadError("csv") from error
        finally:
            con.unregister("arrow_source")
            handle.close()
        if problems and threads:
            con.execute(f"DROP TABLE {table}")  # read again on one thread, where Arrow knows each broken row
            continue
        loaded = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
        return LoadResult(int(loaded), "arrow", None, problems)
    raise AssertionError("unreachable")


def _short(error: BaseException) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text[:200]


def _load_excel(
    con: duckdb.DuckDBPyConnection, head: FileHead, statement: Statement, file_index: int, progress: Progress | None
) -> LoadResult:
    table = excel_sheet(head.path, head.sheet)
    width = len(head.headers)
    table = table.slice(head.header_row)
    arrays = []
    for index in range(width):
        column = table.column(index) if index < table.num_columns else pa.nulls(table.num_rows, pa.string())
        arrays.append(column.cast(pa.string()).fill_null(""))
    rows = pa.array(np.arange(table.num_rows, dtype=np.int64) + head.header_row + 1)
    source = pa.Table.from_arrays([*arrays, rows], names=[*head.columns, "__row"])
    con.register("excel_source", source)
    try:
        con.execute(statement(Staging(staged_table(file_index), str(file_index), "__row", "excel_source")))
    finally:
        con.unregister("excel_source")
    if progress is not None:
        progress(1.0)
    return LoadResult(table.num_rows, "xlsx")


def load_rows(
    con: duckdb.DuckDBPyConnection,
    head: FileHead,
    statement: Statement,
    file_index: int,
    progress: Progress | None = None,
) -> LoadResult:
    """Stream every data row of the file into its own session table ``staged_<file_index>``.

    ``statement`` gives the CREATE TABLE … AS SELECT for where the rows go (``Staging``). (One
    table per file: DuckDB writes a new table in parallel, an INSERT into one at half the speed.)
    """
    if head.format == "xlsx":
        return _load_excel(con, head, statement, file_index, progress)
    if head.codec == "utf-8":
        loaded = load_rows_together(con, [head], statement, [file_index], progress)
        if loaded is not None:
            return loaded[0]
    return _load_arrow_csv(con, head, statement, file_index, progress)


def row_number_sql(offset: int | None) -> str:
    """SQL for the spreadsheet row of a row of a file's table: its stored number, or — for rows
    read by DuckDB's CSV reader, which keeps record order — rowid plus the file's offset."""
    return "__row" if offset is None else f"coalesce(__row, rowid + {int(offset)})"


def rows_in_order_sql(offsets: dict[int, int]) -> str:
    """``row_number_sql`` for a table holding several files (``load_rows_together``): rowid plus
    the offset of the row's file, looked up by its index (one list lookup per row, not a CASE)."""
    table = [0] * (max(offsets) + 1)
    for index, offset in offsets.items():
        table[index] = int(offset)
    return f"coalesce(__row, rowid + ([{', '.join(map(str, table))}])[__file::BIGINT + 1])"
