"""One import/export workbook (XLSX) per collection administration register.

Export: a title, the area and the year, then one row per record with Thai (or English) headers;
dates as Thai dates (พ.ศ.), roles, levels and positions in words, committee members as one count
column per declared position. Import: the same sheet back (typed or edited in Excel), each cell
checked column by column; every problem is named with the file, row and column in Thai, and any
error refuses the whole file (nothing written). A file exported and imported again changes nothing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import openpyxl
import pandas as pd

from analysis.collection.records import section
from analysis.collection.store import REGISTERS, CollectionStore
from analysis.exports import Sheet, xlsx_bytes
from analysis.i18n import translate
from analysis.thaidate import ThaiDateError, fmt_date_th, parse_thai_date
from analysis.validation import Report

DATES = ("order_date", "visit_date", "returned_on", "due_date")
COUNTS = ("volunteers", "findings")
CODES = ("village_code", "area_code", "lao_code")
#: field → the declared words it takes (read back from either language)
CHOICES = {"role": ("volunteers", "roles", "role"), "level": ("orders", "levels", "level")}
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def _positions() -> list[str]:
    return list(section("orders")["positions"])


def columns(kind: str) -> list[str]:
    """The workbook's fields of ``kind`` in order (committee members as ``members.<position>``)."""
    fields = [f for f in REGISTERS[kind].values if f not in ("year", "is_demo", "members")]
    if kind == "orders":
        fields += [f"members.{p}" for p in _positions()]
    return fields


def header(field: str, lang: str) -> str:
    if field.startswith("members."):
        position = translate(f"collection.position.{field.split('.', 1)[1]}", lang)
        return translate("collection.col.members_of", lang, position=position)
    return translate(f"collection.col.{field}", lang)


def _choice_words(field: str) -> dict[str, str]:
    """Every accepted spelling (id, Thai, English) → the id."""
    name, listed, prefix = CHOICES[field]
    words = {}
    for value in section(name)[listed]:
        for spelling in (
            value,
            translate(f"collection.{prefix}.{value}", "th"),
            translate(f"collection.{prefix}.{value}", "en"),
        ):
            words[spelling.strip().lower()] = value
    return words


def _shown(field: str, value: Any, lang: str) -> Any:
    if field in DATES:
        return fmt_date_th(value, lang)
    if field in CHOICES:
        return translate(f"collection.{CHOICES[field][2]}.{value}", lang)
    return value


def export_workbook(store: CollectionStore, kind: str, area: str, year: int | None, lang: str = "th") -> bytes:
    """The register of ``kind`` under ``area`` (and ``year``) as a workbook to edit and import."""
    fields = columns(kind)
    frame = store.frame(kind, area, year if REGISTERS[kind].yearly else None)
    if kind == "orders":
        for position in _positions():
            frame[f"members.{position}"] = frame["members"].map(lambda m, p=position: int(m.get(p, 0)))
    data = pd.DataFrame({header(f, lang): [_shown(f, v, lang) for v in frame[f]] for f in fields})
    notes = [translate(f"collection.register.{kind}", lang), translate("collection.book.area_code", lang, area=area)]
    if REGISTERS[kind].yearly:
        notes.append(translate("collection.book.year", lang, year=year))
    return xlsx_bytes([Sheet(translate(f"collection.sheet.{kind}", lang), data, notes, title=True)])


@dataclass
class WorkbookRefused(ValueError):
    """A workbook that was refused; ``report`` names every problem (file, row, column)."""

    report: Report

    def __str__(self) -> str:
        return "; ".join(p.message_th for p in self.report.errors[:5])


def _sheet(data: bytes, name: str, fields: list[str], report: Report) -> pd.DataFrame | None:
    """The rows under the header row (found by the first field's header in either language)."""
    try:
        sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    except Exception as error:  # not a workbook at all (a renamed file, a cut download)
        report.add("unreadable_file", name, detail=str(error)[:200])
        return None
    first = {header(fields[0], lang) for lang in ("th", "en")}
    at = next((i for i, r in enumerate(rows) if any(str(c).strip() in first for c in r if c is not None)), None)
    if at is None:
        report.add("collection_column_missing", name, detail=header(fields[0], "th"))
        return None
    heads = [str(c).strip() if c is not None else "" for c in rows[at]]
    found = {}
    for field in fields:
        names = {header(field, lang) for lang in ("th", "en")}
        column = next((i for i, h in enumerate(heads) if h in names), None)
        if column is None:
            report.add("collection_column_missing", name, detail=header(field, "th"))
        found[field] = column
    if report.has_errors:
        return None
    body = [r + [None] * (len(heads) - len(r)) for r in rows[at + 1 :]]
    frame = pd.DataFrame({f: [r[c] for r in body] for f, c in found.items()}, dtype=object)
    frame.index = range(at + 2, at + 2 + len(frame))  # spreadsheet row numbers
    return frame.dropna(how="all")


def _text(values: pd.Series) -> pd.Series:
    text = values.map(
        lambda v: "" if v is None else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
    )
    return text.str.translate(THAI_DIGITS).str.strip()


def _parse(frame: pd.DataFrame, field: str, name: str, report: Report) -> pd.Series:
    """One column's values, each bad cell reported by row and column (nothing guessed)."""
    column = header(field, "th")
    if field in DATES:

        def read(value: Any) -> date | str:
            if isinstance(value, datetime):
                return value.date()
            try:
                return parse_thai_date(str(value) if value is not None else "") or "blank"
            except ThaiDateError as error:
                return error.message("th")

        values = frame[field].map(read)
        bad = values.map(lambda v: isinstance(v, str))
    elif field in COUNTS or field.startswith("members."):
        text = _text(frame[field]).str.replace(",", "", regex=False)
        numbers = pd.to_numeric(text.where(text != "", "0" if field.startswith("members.") else None), errors="coerce")
        bad = numbers.isna() | (numbers < 0) | (numbers % 1 != 0)
        values = numbers.where(~bad)
    elif field in CHOICES:
        words = _choice_words(field)
        values = _text(frame[field]).str.lower().map(words)
        bad = values.isna()
    else:
        values = _text(frame[field])
        bad = values.eq("") if field != "lao_name" else pd.Series(False, index=values.index)
        if field in CODES[:2]:
            bad |= ~values.str.fullmatch(r"\d+")
    for row in values.index[bad]:
        detail = values[row] if field in DATES and values[row] != "blank" else column
        report.add("collection_cell_invalid", name, int(row), column, frame.at[row, field], detail=detail)
    return values


def read_workbook(data: bytes, name: str, kind: str, year: int | None) -> tuple[list, Report]:
    """The records of a register workbook and its problems (no records when any is an error)."""
    register, fields, report = REGISTERS[kind], columns(kind), Report()
    frame = _sheet(data, name, fields, report)
    if frame is None:
        return [], report
    parsed = pd.DataFrame({f: _parse(frame, f, name, report) for f in fields}, index=frame.index)
    keys = parsed[[k for k in register.key if k != "year"]].astype(str)
    for row in parsed.index[keys.duplicated()]:
        report.add("collection_duplicate", name, int(row), value=" ".join(keys.loc[row]))
    if report.has_errors:
        return [], report
    records = []
    for values in parsed.to_dict("records"):  # one record per register row (villages, not households)
        plain = {f: v for f, v in values.items() if not f.startswith("members.")}
        if kind == "orders":
            plain["members"] = {p: int(values[f"members.{p}"]) for p in _positions() if values[f"members.{p}"]}
        for field in COUNTS:
            if field in plain:
                plain[field] = int(plain[field])
        if register.yearly:
            plain["year"] = int(year)
        records.append(register.record(**plain))
    return records, report


def import_workbook(
    store: CollectionStore, kind: str, data: bytes, name: str, area: str, year: int | None, actor: Any
) -> tuple[int, int, int]:
    """Replace the register of ``kind`` under ``area`` with the workbook's rows (store.replace):
    (created, updated, removed). WorkbookRefused names the problems; nothing is written then."""
    records, report = read_workbook(data, name, kind, year)
    if report.has_errors:
        raise WorkbookRefused(report)
    return store.replace(kind, records, area, year if REGISTERS[kind].yearly else None, actor)
