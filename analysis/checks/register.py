"""The target register (ทะเบียนครัวเรือนเป้าหมาย): the households expected per village for a survey
year, the collection plan's start and deadline, and optionally which volunteer collects them.

A declared workspace layer, not a plans-database table: ``registers/<year>.parquet``, one row per
village (or per village × volunteer when the plan assigns volunteers), written aside and renamed
into place (a reader never sees half a file). Saving the register of an area replaces that area's
rows and keeps the others; the deadline is per row, so amphoe may plan differently.

Volunteer names are personal data: they stay in this file and on the Data-check page for roles
that may see households (README, "Privacy").
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from analysis.auth.guard import check_write
from analysis.auth.roles import as_actor
from analysis.checks.config import section
from analysis.codes import CodeError, normalise_code
from analysis.datasets import THAI_TIME, covering_area
from analysis.db.audit import audit_name, write_audit
from analysis.db.engine import session_scope
from analysis.layer_files import prefix_range
from analysis.mapping import normalise_header
from analysis.plans.service import store_for
from analysis.readers import ReadError
from analysis.small_tables import RawTable, read_table
from analysis.store import Workspace
from analysis.store_errors import WorkspaceDamaged
from analysis.validation import Report

FOLDER = "registers"
ROW_COLUMNS = ["village_code", "collector", "households_expected", "with_house_no", "without_house_no"]
FILE_COLUMNS = ["year", *ROW_COLUMNS, "start", "deadline", "saved_at", "saved_by", "source"]
REQUIRED = ("village_code",)
FIELD_LABELS = {"village_code": "รหัสหมู่บ้าน", "households_expected": "ครัวเรือนเป้าหมาย"}


@dataclass
class TargetRegister:
    """The register rows of one year (under an area when read for one)."""

    year: int
    rows: pd.DataFrame  # FILE_COLUMNS

    @property
    def empty(self) -> bool:
        return self.rows.empty

    def villages(self) -> pd.DataFrame:
        """One row per village: households expected (with / without a house number), start, deadline."""
        if self.rows.empty:
            columns = ["village_code", "households_expected", "with_house_no", "without_house_no", "start", "deadline"]
            return pd.DataFrame(columns=columns)
        grouped = self.rows.groupby("village_code", as_index=False).agg(
            households_expected=("households_expected", "sum"),
            with_house_no=("with_house_no", lambda s: s.sum(min_count=1)),
            without_house_no=("without_house_no", lambda s: s.sum(min_count=1)),
            start=("start", "min"),
            deadline=("deadline", "max"),
        )
        return grouped.sort_values("village_code").reset_index(drop=True)

    def collectors(self) -> pd.DataFrame:
        """One row per village × volunteer the plan assigns (empty when it assigns none)."""
        rows = self.rows[self.rows["collector"].fillna("") != ""]
        return rows[["village_code", "collector", "households_expected"]].reset_index(drop=True)

    @property
    def deadline(self) -> date | None:
        return None if self.rows.empty else _as_date(self.rows["deadline"].max())

    @property
    def start(self) -> date | None:
        starts = self.rows["start"].dropna() if not self.rows.empty else pd.Series(dtype=object)
        return _as_date(starts.min()) if len(starts) else None


def _as_date(value) -> date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def register_path(workspace: Workspace, year: int) -> Path:
    return workspace.root / FOLDER / f"{int(year)}.parquet"


def register_version(workspace: Workspace, year: int) -> float:
    """Changes whenever the year's register is saved (cache keys use it)."""
    path = register_path(workspace, year)
    return path.stat().st_mtime if path.exists() else 0.0


def register_years(workspace: Workspace) -> list[int]:
    folder = workspace.root / FOLDER
    return sorted(int(p.stem) for p in folder.glob("*.parquet") if p.stem.isdigit()) if folder.exists() else []


def read_register(workspace: Workspace, year: int, area: str | None = None) -> TargetRegister:
    """The register of ``year`` (its rows under ``area`` when given); empty when none was saved."""
    path = register_path(workspace, year)
    if not path.exists():
        return TargetRegister(int(year), pd.DataFrame(columns=FILE_COLUMNS))
    low, high = prefix_range(area or "")
    try:
        with duckdb.connect() as con:
            rows = con.execute(
                "SELECT * FROM read_parquet(?) WHERE village_code >= ? AND village_code < ? ORDER BY village_code",
                [str(path), low, high],
            ).df()
    except duckdb.Error as error:  # a file cut short (a full disk, a copy stopped half-way)
        raise WorkspaceDamaged("register_damaged", year=int(year)) from error
    for column in ("start", "deadline"):
        rows[column] = pd.to_datetime(rows[column]).dt.date
    return TargetRegister(int(year), rows[FILE_COLUMNS])


# ---- reading a register file -------------------------------------------------------------------


def _columns(headers: list[str]) -> dict[str, str]:
    """field → the file's header for it (data/checks.toml [register])."""
    synonyms = section("register")
    found = {}
    for field, names in synonyms.items():
        keys = {normalise_header(n) for n in [field, *names]}
        header = next((h for h in headers if normalise_header(h) in keys), None)
        if header is not None:
            found[field] = header
    return found


def _codes(values: pd.Series, report: Report, name: str, header: str) -> pd.Series:
    """Each cell's village code (8 or 10 digits), None where invalid (reported with its row)."""
    normal: dict[str, str | None] = {}
    for value in values.unique():
        try:
            code = normalise_code(value)
        except CodeError:
            code = None
        normal[value] = code if code is not None and len(code) in (8, 10) else None
    codes = values.map(normal)
    for row, value in values[codes.isna()].items():
        report.add("register_code_invalid", name, int(row), header, value)
    return codes


def _counts(values: pd.Series, report: Report, name: str, header: str) -> pd.Series:
    """Whole, non-negative numbers (Thai digits and commas allowed); blank is None."""
    text = values.fillna("").astype(str).str.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
    text = text.str.replace(",", "", regex=False).str.strip()
    numbers = pd.to_numeric(text.where(text != ""), errors="coerce")
    bad = (text != "") & (numbers.isna() | (numbers < 0) | (numbers % 1 != 0))
    for row, value in values[bad].items():
        report.add("register_count_invalid", name, int(row), header, value)
    return numbers.where(~bad).astype("Int64")


def parse_register(table: RawTable) -> tuple[pd.DataFrame, Report]:
    """ROW_COLUMNS from a register file (CSV or XLSX), every problem reported by row and column."""
    report, name = Report(), table.name
    columns = _columns(table.headers)
    if "village_code" not in columns:
        report.add("register_column_missing", name, detail=FIELD_LABELS["village_code"])
    if not {"households_expected", "with_house_no"} & set(columns):
        report.add("register_column_missing", name, detail=FIELD_LABELS["households_expected"])
    if report.has_errors:
        return pd.DataFrame(columns=ROW_COLUMNS), report
    frame = table.frame
    rows = pd.DataFrame(index=frame.index)
    rows["village_code"] = _codes(frame[columns["village_code"]], report, name, columns["village_code"])
    collector = frame[columns["collector"]].fillna("").astype(str).str.strip() if "collector" in columns else ""
    rows["collector"] = pd.Series(collector, index=frame.index).replace("", None)
    for field in ("households_expected", "with_house_no", "without_house_no"):
        if field in columns:
            rows[field] = _counts(frame[columns[field]], report, name, columns[field])
        else:
            rows[field] = pd.array([pd.NA] * len(frame), dtype="Int64")
    check_rows(rows, report, name)
    return rows[ROW_COLUMNS].reset_index(drop=True), report


def check_rows(rows: pd.DataFrame, report: Report, name: str = "", area: str | None = None) -> pd.DataFrame:
    """Complete and check rows typed in or read: expected = with + without when missing; parts
    that disagree, repeated villages (× volunteer) and villages outside ``area`` are errors."""
    for field in ("households_expected", "with_house_no", "without_house_no"):
        values = rows[field] if field in rows else pd.Series(pd.NA, index=rows.index)
        rows[field] = pd.to_numeric(values, errors="coerce").astype("Int64")
    collector = rows["collector"] if "collector" in rows else pd.Series(None, index=rows.index, dtype=object)
    rows["collector"] = collector.where(collector.notna() & (collector.astype(str).str.strip() != ""), None)
    parts = rows["with_house_no"].add(rows["without_house_no"], fill_value=0).astype("Int64")
    has_parts = rows["with_house_no"].notna() | rows["without_house_no"].notna()
    rows["households_expected"] = rows["households_expected"].fillna(parts.where(has_parts))
    both = has_parts & rows["households_expected"].notna() & (parts != rows["households_expected"])
    for row in rows.index[both.fillna(False)]:
        detail = f"{rows.at[row, 'with_house_no']} + {rows.at[row, 'without_house_no']}"
        report.add("register_parts_mismatch", name, _row(row), value=rows.at[row, "households_expected"], detail=detail)
    reported = {p.row for p in report.problems if p.rule == "register_count_invalid"}
    missing = rows["households_expected"].isna() & rows["village_code"].notna()
    for row in [r for r in rows.index[missing] if _row(r) not in reported]:
        report.add("register_count_invalid", name, _row(row), FIELD_LABELS["households_expected"], "")
    keys = rows[["village_code"]].assign(collector=rows["collector"].fillna(""))
    for row in rows.index[keys.duplicated() & rows["village_code"].notna()]:
        collector = rows.at[row, "collector"]
        report.add("register_duplicate", name, _row(row), value=rows.at[row, "village_code"], detail=_who(collector))
    if area:
        outside = rows["village_code"].notna() & ~rows["village_code"].fillna("").str.startswith(area)
        for row in rows.index[outside]:
            report.add("register_outside_area", name, _row(row), value=rows.at[row, "village_code"], detail=area)
    return rows


def _row(index) -> int | None:
    return int(index) if isinstance(index, int | float) and not pd.isna(index) else None


def _who(collector) -> str:
    return f" ({collector})" if isinstance(collector, str) and collector else ""


def read_register_file(source: str | Path | bytes, name: str | None = None) -> tuple[pd.DataFrame, Report]:
    """A register file's rows and its problems (an unreadable file is one problem)."""
    try:
        table = read_table(source, name=name)
    except ReadError as error:
        report = Report()
        report.add("unreadable_file", name or Path(str(source)).name, detail=str(error))
        return pd.DataFrame(columns=ROW_COLUMNS), report
    return parse_register(table)


# ---- saving ------------------------------------------------------------------------------------


def save_register(
    workspace: Workspace,
    year: int,
    rows: pd.DataFrame,
    deadline: date,
    start: date | None = None,
    actor=None,
    area: str | None = None,
    source: str = "",
) -> TargetRegister:
    """Replace the register rows of ``area`` (the area covering ``rows`` when None) for ``year``,
    as ``actor`` (checked: import_data on the area), and record it in the audit log. Raises
    RegisterError (with the report) when the rows or dates are refused; nothing is written then."""
    rows = rows.copy()
    report = Report()
    area = area if area is not None else covering_area(rows["village_code"].dropna().tolist()) or ""
    check_rows(rows, report, source, area or None)
    if deadline is None or (start is not None and start > deadline):
        report.add("register_deadline_invalid", source, value=deadline or "")
    if report.has_errors:
        raise RegisterError(report)
    url = store_for(workspace.root).url
    current = check_write(url, actor, "import_data", area or None)
    now = pd.Timestamp.now(tz=THAI_TIME).isoformat(timespec="seconds")
    new = rows[ROW_COLUMNS].assign(
        year=int(year), start=start, deadline=deadline, saved_at=now, saved_by=audit_name(as_actor(current))
    )
    new["source"] = source
    with workspace.lock():
        kept = read_register(workspace, year).rows
        kept = kept[~kept["village_code"].str.startswith(area)] if len(kept) else kept
        combined = pd.concat([kept, new[FILE_COLUMNS]], ignore_index=True) if len(kept) else new[FILE_COLUMNS]
        _write(register_path(workspace, year), combined)
    summary = f"register {year} {area or '*'}: {rows['village_code'].nunique()} villages"
    totals = {"year": int(year), "area": area, "villages": int(rows["village_code"].nunique())}
    totals |= {"households": int(rows["households_expected"].sum()), "deadline": str(deadline), "source": source}
    with session_scope(url) as session:
        write_audit(session, current, "register", "register", int(year), summary, totals, entity_key=f"{year}:{area}")
    return read_register(workspace, year, area or None)


def _write(path: Path, frame: pd.DataFrame) -> None:
    """Write aside, then rename into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}-{uuid.uuid4().hex}.parquet")
    out = frame.sort_values(["village_code", "collector"], na_position="first").reset_index(drop=True)
    typed = out.astype(
        {"year": "int16", "households_expected": "int32", "with_house_no": "Int32", "without_house_no": "Int32"}
    )
    typed["start"] = pd.to_datetime(typed["start"])
    typed["deadline"] = pd.to_datetime(typed["deadline"])
    try:
        with duckdb.connect() as con:
            con.register("register_rows", typed)
            con.execute(
                "COPY (SELECT * EXCLUDE (start, deadline), start::DATE AS start, deadline::DATE AS deadline "
                "FROM register_rows) TO ? (FORMAT parquet)",
                [str(tmp)],
            )
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


class RegisterError(ValueError):
    """A register that was refused; ``report`` says why (nothing was written)."""

    def __init__(self, report: Report):
        self.report = report
        super().__init__("; ".join(p.message_th for p in report.errors[:5]))
