"""Raw layer: read an office's CSV or XLSX file into a table of text cells.

Grain: one row per data row of the source file; the index is the row number a user sees in
a spreadsheet (the header row is the row above the first data row).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ENCODINGS: tuple[tuple[str, str], ...] = (
    ("utf-8-sig", "UTF-8"),
    ("cp874", "Windows-874 / TIS-620"),
)
HEADER_SEARCH_ROWS = 15
#: calamine (Rust) reads XLSX about five times faster than openpyxl
EXCEL_ENGINE = "calamine"


class ReadError(ValueError):
    """A file that cannot be read; the message is shown to the user."""


@dataclass
class RawTable:
    name: str
    frame: pd.DataFrame
    encoding: str | None
    header_row: int
    sheet: str | None = None

    @property
    def headers(self) -> list[str]:
        return [str(c) for c in self.frame.columns]


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes as UTF-8 (with or without BOM) or Windows-874/TIS-620."""
    for codec, label in ENCODINGS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "utf-8-sig" and data.startswith(b"\xef\xbb\xbf"):
            label = "UTF-8 (BOM)"
        return text, label
    raise ReadError("encoding is neither UTF-8 nor Windows-874/TIS-620")


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
        header = header.strip() or "(ว่าง)"
        count = seen.get(header, 0) + 1
        seen[header] = count
        result.append(header if count == 1 else f"{header} ({count})")
    return result


def _cell_text(value: object) -> str:
    """Cell text as a user typed it: spreadsheet numbers 5.0 → "5", blanks → ""."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _clean_cells(grid: pd.DataFrame) -> pd.DataFrame:
    return grid.astype(object).map(_cell_text)


def _frame_from_grid(grid: pd.DataFrame, header_score: Callable[[list[str]], int] | None) -> tuple[pd.DataFrame, int]:
    """Pick the header row (the best-scoring of the first rows), return data and header row."""
    grid = _clean_cells(grid)
    header_index = 0
    if header_score is not None:
        scores = [header_score(list(grid.iloc[i])) for i in range(min(HEADER_SEARCH_ROWS, len(grid)))]
        if scores and max(scores) > 0:
            header_index = scores.index(max(scores))
    headers = _unique(list(grid.iloc[header_index])) if len(grid) else []
    data = grid.iloc[header_index + 1 :].copy()
    data.columns = headers
    data.index = pd.RangeIndex(header_index + 2, header_index + 2 + len(data), name="row")
    blank = (data == "").all(axis=1)
    return data[~blank], header_index + 1


def read_table(
    source: str | Path | bytes,
    name: str | None = None,
    header_score: Callable[[list[str]], int] | None = None,
    sheet: str | int | None = 0,
) -> RawTable:
    """Read a CSV (UTF-8, UTF-8 BOM, Windows-874) or XLSX file as text cells.

    ``source`` is a path or the file's bytes (then ``name`` gives the file name).
    """
    if isinstance(source, (str, Path)):
        path = Path(source)
        name = name or path.name
        try:
            data = path.read_bytes()
        except OSError as error:
            raise ReadError(str(error)) from error
    else:
        data = source
        name = name or "upload"
    is_excel = name.lower().endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04"
    if is_excel:
        try:
            book = pd.read_excel(io.BytesIO(data), sheet_name=sheet, header=None, dtype=object, engine=EXCEL_ENGINE)
        except Exception as error:  # openpyxl raises many types for damaged files
            raise ReadError(f"not a readable XLSX file ({error})") from error
        frame, header_row = _frame_from_grid(book, header_score)
        sheet_name = sheet if isinstance(sheet, str) else None
        return RawTable(name, frame, None, header_row, sheet_name)
    text, encoding = decode_text(data)
    try:
        grid = pd.read_csv(
            io.StringIO(text),
            sep=_sniff_delimiter(text),
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise ReadError(f"not a readable CSV file ({error})") from error
    frame, header_row = _frame_from_grid(grid, header_score)
    return RawTable(name, frame, encoding, header_row)
