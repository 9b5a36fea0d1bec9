"""Raw layer: an office's CSV or XLSX file as text cells — its head.

Grain: one row per data row of a source file; ``row`` is the number a user sees in a spreadsheet
(the header row is the row above the first data row).

A file is read twice, never held whole in Python: ``read_head`` (here) decodes the first rows to
find the encoding, the delimiter and the header row (and keeps a small sample for the mapping
editor); ``analysis.file_rows.load_rows`` then streams every row into an import session's DuckDB
table. ``analysis.small_tables.read_table`` reads a whole small file (previews, pins, lists).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import pandas as pd
import pyarrow as pa

ENCODINGS: tuple[tuple[str, str], ...] = (
    ("utf-8", "UTF-8"),
    ("cp874", "Windows-874 / TIS-620"),
)
HEADER_SEARCH_ROWS = 15
SAMPLE_ROWS = 50
HEAD_BYTES = 1 << 20
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
#: whitespace a user cannot see; cells are compared without it
BLANKS = " \t\r\n\u00a0\ufeff"

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


def excel_sheet(path: Path, sheet: str | int, rows: int | None = None) -> pa.Table:
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
    rows = _arrow_rows(excel_sheet(path, sheet, HEADER_SEARCH_ROWS + SAMPLE_ROWS + 1))
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
