"""Raw layer: an office's CSV or XLSX file as text cells.

Grain: one row per data row of a source file; ``row`` is the number a user sees in a spreadsheet
(the header row is the row above the first data row).

A file is read twice, never held whole in Python: ``read_head`` decodes the first rows to find
the encoding, the delimiter and the header row (and keeps a small sample for the mapping editor);
``load_rows`` then streams every row into an import session's DuckDB table through SQL the
importer provides. Three readers do the streaming, the fastest that is exact:

* UTF-8 CSV: DuckDB's parallel CSV reader, accepted only when every line after the header is
  one record (no blank lines, no line breaks inside cells), so record order gives the row number;
* other CSV (Windows-874/TIS-620, blank lines, multi-line cells, broken rows): Arrow's streaming
  CSV reader, which transcodes in blocks and numbers every record;
* XLSX: fastexcel (calamine, in Rust) straight to Arrow, without Python rows.
"""

from __future__ import annotations

import codecs
import csv
import io
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

ENCODINGS: tuple[tuple[str, str], ...] = (
    ("utf-8", "UTF-8"),
    ("cp874", "Windows-874 / TIS-620"),
)
HEADER_SEARCH_ROWS = 15
SAMPLE_ROWS = 50
HEAD_BYTES = 1 << 20
BLOCK_BYTES = 16 << 20
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
#: whitespace a user cannot see; cells are compared without it
BLANKS = " \t\r\n\u00a0\ufeff"

Progress = Callable[[float], None]

# The whole head is parsed at once: a cell as long as the head must come back as a (too long) cell
# for the checks to report by row and column, not as the csv module's field-limit error.
csv.field_size_limit(max(csv.field_size_limit(), 2 * HEAD_BYTES))


class ReadError(ValueError):
    """A file that cannot be read. ``reason`` names why (encoding, empty, csv, xlsx, io), and
    ``words()`` says it in Thai and English — never the library's own text or a server path."""

    #: the import rule that reports it
    rule = "unreadable_file"

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    def words(self) -> dict[str, str]:
        from analysis.i18n import translate

        return {lang: translate(f"read_error.{self.reason}", lang) for lang in ("th", "en")}


class ExpandsTooFar(ReadError):
    """An XLSX (a ZIP inside) refused before opening: it would expand past the limits."""

    rule = "zip_too_large"

    def __init__(self, words: dict[str, str]):
        super().__init__("expands")
        self._words = words

    def words(self) -> dict[str, str]:
        return self._words


def refuse_bomb(source: Path | bytes) -> None:
    """An XLSX is a ZIP: check its directory before a reader expands it in memory. A damaged one
    is left to the reader, which says so in its own (XLSX) words."""
    from analysis.safezip import ZipLimits, ZipRefused, inspect_zip

    try:
        inspect_zip(source, ZipLimits.for_data_files())
    except ZipRefused as refused:
        if refused.reason != "damaged":
            raise ExpandsTooFar({"th": refused.message_th, "en": refused.message_en}) from refused


@dataclass
class RowProblem:
    """A record whose number of cells differs from the header's (a cut or malformed row)."""

    row: int | None
    found: int
    expected: int
    text: str


@dataclass
class FileHead:
    """What a file's first rows tell: its format, encoding, delimiter, header row and headers."""

    name: str
    path: Path
    format: str  # "csv" or "xlsx"
    encoding: str | None  # the label users see ("UTF-8 (BOM)", "Windows-874 / TIS-620"); None for XLSX
    codec: str | None
    delimiter: str
    header_row: int  # 1-based row number of the header
    headers: list[str]
    sample: pd.DataFrame  # the first data rows as text; columns = headers; index = row numbers
    sheet: str | int = 0

    @property
    def columns(self) -> list[str]:
        """Positional SQL names of the columns (c0, c1, ...): headers may repeat in any letter case."""
        return [f"c{i}" for i in range(len(self.headers))]

    def column_of(self, header: str) -> str:
        return f"c{self.headers.index(header)}"


@dataclass
class LoadResult:
    rows: int
    reader: str  # "duckdb", "arrow" or "xlsx"
    #: for rows numbered by record order: row number = rowid + offset (see row_number_sql)
    row_offset: int | None = None
    problems: list[RowProblem] = field(default_factory=list)


# ---- the head of a file --------------------------------------------------------------------------


def is_excel(name: str, data: bytes) -> bool:
    return name.lower().endswith(EXCEL_SUFFIXES) or data[:4] == b"PK\x03\x04"


def decode_text(data: bytes, final: bool = True) -> tuple[str, str, str]:
    """(text, codec, label) of CSV bytes: UTF-8 (with or without BOM) or Windows-874/TIS-620.

    With ``final=False`` the bytes are the start of a longer file: a character cut at the end is
    left for later instead of being taken for a wrong encoding.
    """
    for codec, label in ENCODINGS:
        try:
            text = codecs.getincrementaldecoder(codec)().decode(data, final=final)
        except UnicodeDecodeError:
            continue
        if codec == "utf-8" and text.startswith("\ufeff"):
            return text[1:], codec, "UTF-8 (BOM)"
        return text, codec, label
    raise ReadError("encoding")


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _unique(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    result = []
    for header in headers:
        header = header.strip(BLANKS) or "(ว่าง)"
        count = seen.get(header, 0) + 1
        seen[header] = count
        result.append(header if count == 1 else f"{header} ({count})")
    return result


def _pick_header(rows: list[list[str]], header_score: Callable[[list[str]], int] | None) -> int:
    """Index of the header among the first rows: the best-scoring one (the first row by default)."""
    if header_score is None or not rows:
        return 0
    scores = [header_score(row) for row in rows[:HEADER_SEARCH_ROWS]]
    return scores.index(max(scores)) if max(scores) > 0 else 0


def _sample_frame(rows: list[list[str]], headers: list[str], first_row: int) -> pd.DataFrame:
    width = len(headers)
    cells = [[c.strip(BLANKS) for c in (row + [""] * width)[:width]] for row in rows]
    frame = pd.DataFrame(cells, columns=headers, dtype=object)
    frame.index = pd.RangeIndex(first_row, first_row + len(frame), name="row")
    return frame[~(frame == "").all(axis=1)] if len(frame) else frame


def _csv_head(path: Path, name: str, header_score) -> FileHead:
    with path.open("rb") as handle:
        data = handle.read(HEAD_BYTES)
        at_end = not handle.read(1)
    if not data.strip():
        raise ReadError("empty")
    text, codec, label = decode_text(data, final=at_end)
    if not at_end:
        text = text[: text.rfind("\n") + 1] or text  # whole lines only
    delimiter = _sniff_delimiter(text)
    try:
        # only the rows the header search and the sample use (the head holds ~10,000 more)
        rows = list(islice(csv.reader(io.StringIO(text), delimiter=delimiter), HEADER_SEARCH_ROWS + SAMPLE_ROWS + 1))
    except csv.Error as error:
        raise ReadError("csv") from error
    header_index = _pick_header(rows, header_score)
    headers = _unique(rows[header_index]) if rows else []
    sample = _sample_frame(rows[header_index + 1 : header_index + 1 + SAMPLE_ROWS], headers, header_index + 2)
    return FileHead(name, path, "csv", label, codec, delimiter, header_index + 1, headers, sample)


def _excel_sheet(path: Path, sheet: str | int, rows: int | None = None) -> pa.Table:
    import fastexcel

    refuse_bomb(path)
    try:
        reader = fastexcel.read_excel(str(path))
        loaded = reader.load_sheet(sheet, header_row=None, dtypes="string", skip_rows=0, n_rows=rows)
        return loaded.to_arrow()
    except Exception as error:  # fastexcel raises its own error types for damaged files
        raise ReadError("xlsx") from error


def _arrow_rows(table: pa.Table) -> list[list[str]]:
    columns = [[("" if v is None else str(v)) for v in column.to_pylist()] for column in table.columns]
    return [list(row) for row in zip(*columns, strict=True)] if columns else []


def _excel_head(path: Path, name: str, header_score, sheet: str | int) -> FileHead:
    rows = _arrow_rows(_excel_sheet(path, sheet, HEADER_SEARCH_ROWS + SAMPLE_ROWS + 1))
    if not rows:
        raise ReadError("empty")
    header_index = _pick_header(rows, header_score)
    headers = _unique(rows[header_index])
    sample = _sample_frame(rows[header_index + 1 :], headers, header_index + 2)
    return FileHead(name, path, "xlsx", None, None, ",", header_index + 1, headers, sample, sheet)


def read_head(
    path: str | Path,
    name: str | None = None,
    header_score: Callable[[list[str]], int] | None = None,
    sheet: str | int = 0,
) -> FileHead:
    """Format, encoding, delimiter, header row, headers and a sample of a file on disk."""
    path = Path(path)
    name = name or path.name
    try:
        with path.open("rb") as handle:
            start = handle.read(4)
    except OSError as error:
        raise ReadError("io") from error
    if is_excel(name, start):
        return _excel_head(path, name, header_score, sheet)
    return _csv_head(path, name, header_score)


# ---- streaming every row into DuckDB ----------------------------------------------------------


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


def _with_progress(
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
    insert_sql: str,
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
    table = _table(file_indices[0])
    create = _fill(insert_sql.replace("{file}", file_sql), file_indices[0], "NULL::BIGINT", source)
    # the files' lines are counted on a second thread while DuckDB reads them (a national year: 1 GB)
    with ThreadPoolExecutor(1) as pool:
        lines = [pool.submit(_content_lines, h.path) for h in heads]
        try:
            _with_progress(con, create, progress, _duckdb_progress(con))
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


def _table(file_index: int) -> str:
    """The session table holding one file's rows."""
    return f"staged_{file_index}"


def _fill(create_sql: str, file_index: int, row: str, source: str) -> str:
    """The CREATE TABLE … AS for one file (placeholders replaced literally: SQL may hold braces)."""
    return (
        create_sql.replace("{table}", _table(file_index))
        .replace("{file}", str(file_index))
        .replace("{row}", row)
        .replace("{source}", source)
    )


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
    con: duckdb.DuckDBPyConnection, head: FileHead, insert_sql: str, file_index: int, progress: Progress | None
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
        table = _table(file_index)
        try:
            con.register("arrow_source", batches)
            insert = _fill(insert_sql, file_index, "__row", "arrow_source")
            _with_progress(con, insert, progress, lambda handle=handle: handle.tell() / max(size, 1))
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
    con: duckdb.DuckDBPyConnection, head: FileHead, insert_sql: str, file_index: int, progress: Progress | None
) -> LoadResult:
    table = _excel_sheet(head.path, head.sheet)
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
        con.execute(_fill(insert_sql, file_index, "__row", "excel_source"))
    finally:
        con.unregister("excel_source")
    if progress is not None:
        progress(1.0)
    return LoadResult(table.num_rows, "xlsx")


def load_rows(
    con: duckdb.DuckDBPyConnection,
    head: FileHead,
    insert_sql: str,
    file_index: int,
    progress: Progress | None = None,
) -> LoadResult:
    """Stream every data row of the file into its own session table ``staged_<file_index>``.

    ``insert_sql`` is a CREATE TABLE {table} AS SELECT … over the positional columns c0, c1, …
    with the placeholders {table}, {file} (this file's index), {row} (its row-number expression:
    NULL where the number follows from record order, see ``row_number_sql``) and {source}. (One
    table per file: DuckDB writes a new table in parallel, an INSERT into one at half the speed.)
    """
    if head.format == "xlsx":
        return _load_excel(con, head, insert_sql, file_index, progress)
    if head.codec == "utf-8":
        loaded = load_rows_together(con, [head], insert_sql, [file_index], progress)
        if loaded is not None:
            return loaded[0]
    return _load_arrow_csv(con, head, insert_sql, file_index, progress)


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


# ---- small files as a table (previews and tests) -------------------------------------------------


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
    import tempfile

    if isinstance(source, bytes):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(name or "upload").name
            path.write_bytes(source)
            return read_table(path, name, header_score, sheet)
    head = read_head(source, name, header_score, sheet)
    names = ", ".join(f"{trimmed(c)} AS {c}" for c in head.columns)
    create = f"CREATE TABLE {{table}} AS SELECT {{file}} AS __file, {{row}}::BIGINT AS __row, {names} FROM {{source}}"
    with duckdb.connect() as con:
        loaded = load_rows(con, head, create, 0)
        rows = row_number_sql(loaded.row_offset)
        frame = con.execute(f"SELECT {rows} AS row, * EXCLUDE (__file, __row) FROM {_table(0)} ORDER BY row").df()
    frame = frame.set_index("row")
    frame.columns = head.headers
    blank = (frame == "").all(axis=1)
    sheet_name = sheet if isinstance(sheet, str) else None
    return RawTable(head.name, frame[~blank].astype(object), head.encoding, head.header_row, sheet_name)
