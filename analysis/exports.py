"""Downloads: CSV that Excel opens with Thai intact (UTF-8 with BOM) and XLSX with Thai headers."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from analysis.i18n import translate

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def labelled(frame: pd.DataFrame, columns: list[str], lang: str = "th") -> pd.DataFrame:
    """``columns`` of ``frame`` renamed to their labels (i18n keys "col.<name>")."""
    return frame[columns].rename(columns={c: translate(f"col.{c}", lang) for c in columns})


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "data", notes: list[str] | None = None) -> bytes:
    """One sheet: optional note lines on top, then a bold header row and the data."""
    buffer = io.BytesIO()
    start = len(notes) + 1 if notes else 0
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=sheet[:31], index=False, startrow=start)
        sheet_obj = writer.sheets[sheet[:31]]
        for i, note in enumerate(notes or [], start=1):
            sheet_obj.cell(row=i, column=1, value=note).font = Font(italic=True)
        for index, column in enumerate(frame.columns, start=1):
            cell = sheet_obj.cell(row=start + 1, column=index)
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            values = [str(v) for v in frame[column].head(200).tolist()]
            width = max([len(str(column))] + [len(v) for v in values]) + 2
            sheet_obj.column_dimensions[get_column_letter(index)].width = min(max(width, 8), 60)
        sheet_obj.freeze_panes = sheet_obj.cell(row=start + 2, column=1)
    return buffer.getvalue()
