"""Downloads: the one CSV writer (UTF-8 with BOM, so Excel opens Thai intact) and the one XLSX
writer (xlsxwriter) behind every export.

Both neutralise formula injection: a text cell (or header, note or sheet name) that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``, so a spreadsheet shows
it as text instead of running it. Numbers stay numbers (a negative number is not text). The XLSX
writer also never turns strings into formulas or links; the only formulas are the ones an export
asks for explicitly (the ผ.02 totals).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from analysis.i18n import translate

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_DANGEROUS_START = r"^[=+\-@\t\r]"
HEADER_FILL = "#DDEBF7"
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
WORKBOOK_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": True,
    "remove_timezone": True,
    "default_date_format": "yyyy-mm-dd",
}


def neutralise(value: object) -> object:
    """A text value that a spreadsheet would run as a formula, prefixed with ``'``; others as they are."""
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value


def restore(value: object) -> object:
    """The inverse of ``neutralise`` for text read back from our own exports (round trips stay exact)."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in DANGEROUS:
        return value[1:]
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every dangerous text cell and header neutralised (vectorised per column)."""
    out = frame.copy()
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column):
            continue
        try:
            mask = column.str.match(_DANGEROUS_START, na=False).astype(bool)
        except AttributeError:  # an object column without text
            continue
        if mask.any():
            fixed = column.astype(object)
            fixed[mask] = "'" + column[mask].astype(str)
            out.isetitem(position, fixed)
    out.columns = [neutralise(c) if isinstance(c, str) else c for c in out.columns]
    return out


def labelled(frame: pd.DataFrame, columns: list[str], lang: str = "th") -> pd.DataFrame:
    """``columns`` of ``frame`` renamed to their labels (i18n keys "col.<name>")."""
    return frame[columns].rename(columns={c: translate(f"col.{c}", lang) for c in columns})


def to_csv_text(frame: pd.DataFrame) -> str:
    """CSV text (no BOM, for standard output), neutralised. Lines end in CRLF (RFC 4180), so a
    field holding a carriage return is quoted and cannot break its row."""
    return neutralise_frame(frame).to_csv(index=False, lineterminator="\r\n")


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    return to_csv_text(frame).encode("utf-8-sig")


@dataclass
class Sheet:
    """One sheet: optional note lines on top, a blank row, a header row, the data.

    ``title``: the first note bold and large, the others plain (else all italic). ``boxed``: borders
    and wrapped text on every cell. ``widths``: per column (else from the content). ``formats``:
    number format per column position. ``total``: (label column, label, columns summed with SUM).
    """

    name: str
    frame: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    title: bool = False
    boxed: bool = False
    widths: list[float] | None = None
    formats: dict[int, str] = field(default_factory=dict)
    freeze_column: int = 0
    total: tuple[int, str, list[int]] | None = None


def sheet_name(name: str) -> str:
    """A name Excel accepts (no []:*?/\\, at most 31 characters, not starting with ')."""
    cleaned = _SHEET_NAME.sub("_", str(name)).strip("'")[:31]
    return cleaned or "data"


def _auto_widths(frame: pd.DataFrame) -> list[float]:
    widths = []
    for position, column in enumerate(frame.columns):
        values = [str(v) for v in frame.iloc[:200, position].tolist()]
        widths.append(min(max(max([len(str(column))] + [len(v) for v in values]) + 2, 8), 60))
    return widths


def _cell(value: object) -> object:
    """A value xlsxwriter writes as itself: None for missing, str for anything unusual."""
    if value is None or (not isinstance(value, (list, dict, tuple)) and pd.isna(value)):
        return None
    if isinstance(value, (bool, int, float, str, datetime, date)):
        return value
    return str(value)


def _write_sheet(book: xlsxwriter.Workbook, sheet: Sheet, styles: dict) -> None:
    frame = neutralise_frame(sheet.frame)
    ws = book.add_worksheet(sheet_name(sheet.name))
    for row, note in enumerate(sheet.notes):
        style = styles["title"] if sheet.title and row == 0 else (styles["plain"] if sheet.title else styles["note"])
        ws.write_string(row, 0, str(neutralise(note)), style)
    header = len(sheet.notes) + 1 if sheet.notes else 0
    head_style = styles["head_boxed"] if sheet.boxed else styles["head"]
    for col, name in enumerate(frame.columns):
        ws.write_string(header, col, str(name), head_style)
    cell_formats = {c: styles[f"num:{f}:{sheet.boxed}"] for c, f in sheet.formats.items()}
    default = styles["boxed"] if sheet.boxed else None
    for r, values in enumerate(frame.astype(object).itertuples(index=False, name=None), start=header + 1):
        for c, value in enumerate(values):
            value, style = _cell(value), cell_formats.get(c, default)
            if value is None:
                if style is not None:
                    ws.write_blank(r, c, None, style)
            elif isinstance(value, (datetime, date)):
                ws.write_datetime(r, c, value, style or styles["date"])
            else:
                ws.write(r, c, value, style)
    if sheet.total is not None:
        label_col, label, summed = sheet.total
        last = header + len(frame)
        ws.write_string(last + 1, label_col, label, styles["bold"])
        for c in summed:
            cells = f"{xl_rowcol_to_cell(header + 1, c)}:{xl_rowcol_to_cell(last, c)}"
            style = styles[f"total:{sheet.formats.get(c, '#,##0.00')}"]
            if len(frame):
                ws.write_formula(last + 1, c, f"=SUM({cells})", style, 0)
            else:
                ws.write_number(last + 1, c, 0, style)
    for c, width in enumerate(sheet.widths or _auto_widths(frame)):
        ws.set_column(c, c, width)
    ws.freeze_panes(header + 1, sheet.freeze_column)


def _styles(book: xlsxwriter.Workbook, sheets: list[Sheet]) -> dict:
    boxed = {"border": 1, "border_color": "#999999", "text_wrap": True, "valign": "top"}
    head = {"bold": True, "bg_color": HEADER_FILL, "text_wrap": True, "valign": "top"}
    styles = {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "plain": book.add_format({"font_size": 11}),
        "note": book.add_format({"italic": True}),
        "bold": book.add_format({"bold": True}),
        "head": book.add_format(head),
        "head_boxed": book.add_format({**head, **boxed}),
        "boxed": book.add_format(boxed),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
    }
    for fmt in {f for s in sheets for f in s.formats.values()} | {"#,##0.00"}:
        styles[f"num:{fmt}:False"] = book.add_format({"num_format": fmt})
        styles[f"num:{fmt}:True"] = book.add_format({"num_format": fmt, **boxed})
        styles[f"total:{fmt}"] = book.add_format({"num_format": fmt, "bold": True, "border": 1})
    return styles


def xlsx_bytes(sheets: list[Sheet]) -> bytes:
    """A workbook of ``sheets``, every text neutralised against formula injection."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, WORKBOOK_OPTIONS)
    styles = _styles(book, sheets)
    for sheet in sheets:
        _write_sheet(book, sheet, styles)
    book.close()
    return buffer.getvalue()


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "data", notes: list[str] | None = None) -> bytes:
    """One sheet: optional note lines on top, then a bold header row and the data."""
    return xlsx_bytes([Sheet(sheet, frame, notes or [])])
