"""Read back the projects workbook (projects_workbook) with checks like the data imports: every
problem names the sheet, row, column and value; nothing is saved when there is an error."""

from __future__ import annotations

import io
from datetime import date, datetime

import pandas as pd

from analysis.codes import CodeError, normalise_code
from analysis.db.records import record_from
from analysis.exports import restore
from analysis.i18n import LANGUAGES, translate
from analysis.plans.duplicates import new_projects_for_known_problems
from analysis.plans.exports import ENUM_CODES, PROJECT_SHEET_FIELDS, SHEETS, STRATEGY_FIELDS, enum_labels
from analysis.plans.records import (
    BUDGET_FIELDS,
    KPI,
    KPI_FIELDS,
    OUTPUT_FIELDS,
    PARTNER_FIELDS,
    SPENDING_FIELDS,
    VILLAGE_FIELDS,
    Budget,
    OutputResult,
    Partner,
    ProjectRecord,
    Spending,
    VillageCover,
)
from analysis.plans.results import project_problems
from analysis.plans.validation import parse_amount
from analysis.readers import ReadError, refuse_bomb
from analysis.validation import Report

ENUM_VALUES = ENUM_CODES
NAMED_TEXT = ("domain", "catalog_id")  # names map back to ids; other text is kept as typed
INT_FIELDS = {
    "version",
    "survey_year",
    "baseline_fail",
    "baseline_applicable",
    "affected",
    "baseline_year",
    "target_year",
    "fiscal_year",
}
FLOAT_FIELDS = {"baseline_pct_fail", "baseline_value", "target_value", "amount", "planned", "actual"}
DATE_FIELDS = {"start_date", "end_date"}
OPTIONAL_TEXT = {"domain", "catalog_id", "indicator_id"}
TRUE_VALUES = {"true", "1", "ใช่", "yes"}


def _field_of_header() -> dict[str, str]:
    headers = {}
    parts = (*VILLAGE_FIELDS, *KPI_FIELDS, *BUDGET_FIELDS, *STRATEGY_FIELDS, *OUTPUT_FIELDS, *PARTNER_FIELDS)
    for field in {*PROJECT_SHEET_FIELDS, *parts, *SPENDING_FIELDS}:
        headers[field] = field
        for lang in LANGUAGES:
            headers[translate(f"plans.col.{field}", lang)] = field
    return headers


def _enum_codes(field: str) -> dict[str, str]:
    """Every id and every name (Thai and English) of a coded field → its id."""
    codes = {}
    for lang in LANGUAGES:
        for code, name in enum_labels(field, lang).items():
            codes[code] = code
            codes[name] = code
    return codes


class _Cells:
    """Parses one sheet's cells into typed values, reporting each bad cell."""

    def __init__(self, report: Report, file: str, sheet: str):
        self.report, self.file, self.sheet = report, file, sheet

    def value(self, field: str, raw: object, row: int, header: str):
        raw = restore(raw)  # text our exports neutralised ("'=…") reads back as it was saved
        if raw is None or (isinstance(raw, float) and raw != raw) or (isinstance(raw, str) and raw.strip() == ""):
            return (
                None if field in INT_FIELDS | FLOAT_FIELDS | DATE_FIELDS | OPTIONAL_TEXT | {"id", *ENUM_VALUES} else ""
            )
        try:
            if field in ENUM_VALUES:
                codes = _enum_codes(field)
                if str(raw).strip() not in codes:
                    raise ValueError
                return codes[str(raw).strip()]
            if field == "id":
                text = str(raw).strip().removesuffix(".0")
                return int(text) if text.isdigit() else text
            if field in INT_FIELDS:
                number = float(str(raw).replace(",", ""))
                if not number.is_integer():
                    raise ValueError
                return int(number)
            if field == "amount":
                return parse_amount(raw)
            if field in FLOAT_FIELDS:
                return float(str(raw).replace(",", ""))
            if field in DATE_FIELDS:
                if isinstance(raw, datetime):
                    return raw.date()
                if isinstance(raw, date):
                    return raw
                return date.fromisoformat(str(raw).strip()[:10])
            if field in NAMED_TEXT:
                return _enum_codes(field).get(str(raw).strip(), str(raw).strip())
            if field == "is_demo":
                return str(raw).strip().lower() in TRUE_VALUES
            if field in ("area_code", "village_code"):
                code = normalise_code(raw)
                if code is None:
                    raise ValueError
                return code
            return str(raw).strip()
        except (ValueError, CodeError):
            self.report.add("plan_value_invalid", self.file, row, f"{self.sheet}: {header}", raw, detail=field)
            return None


_REQUIRED_COLUMNS = {
    "projects": ["id", "area_code", "plan_level", "title"],
    "villages": ["id", "village_code"],
    "kpis": ["id", "name"],
    "budgets": ["id", "fiscal_year", "source", "amount"],
    "strategies": ["id", "strategy_id"],
    "output_results": ["id", "output"],
    "spending": ["id", "fiscal_year", "source", "amount"],
    "partners": ["id", "partner", "role"],
}
#: sheets a workbook exported before the strategy links and results lacks: when absent, a stored
#: project keeps its own (None on the record: analysis.plans.results.apply_results leaves it)
KEPT_WHEN_ABSENT = ("strategies", "output_results", "spending", "partners")
#: the sheets of a project's parts: (sheet key, fields, record type)
_PARTS = (
    ("villages", VILLAGE_FIELDS, VillageCover),
    ("kpis", KPI_FIELDS, KPI),
    ("budgets", BUDGET_FIELDS, Budget),
    ("strategies", ("strategy_id",), str),
    ("output_results", OUTPUT_FIELDS, OutputResult),
    ("spending", SPENDING_FIELDS, Spending),
    ("partners", PARTNER_FIELDS, Partner),
)


def read_projects_workbook(data: bytes, name: str) -> tuple[list[ProjectRecord], Report]:
    """Projects from a workbook exported by the app (edited or not), and the check report."""
    report = Report()
    frames = _workbook_frames(data, name, report)
    if frames is None or report.has_errors:
        return [], report
    records, rows_of = _project_rows(frames["projects"], name, report)
    for part, fields, builder in _PARTS:
        if frames[part] is None:  # a workbook from before the results sheets: stored ones are kept
            for record in records.values():
                if record.id is not None:
                    setattr(record, part, None)
            continue
        _attach_parts(records, frames[part], part, fields, builder, name, report)
    for key, record in records.items():
        for _, message_th, _ in project_problems(record):
            report.add("plan_record_invalid", name, rows_of[key], SHEETS["projects"], record.title, detail=message_th)
    return list(records.values()), report


def _workbook_frames(data: bytes, name: str, report: Report) -> dict[str, pd.DataFrame | None] | None:
    """Each sheet of the workbook with its columns named by field and its rows by spreadsheet
    row number; None (reported) when the file or its projects sheet cannot be read."""
    try:
        refuse_bomb(data)
        book = pd.read_excel(io.BytesIO(data), sheet_name=None, dtype=object, engine="calamine")
    except ReadError as error:
        report.add(error.rule, name, detail=error.words())
        return None
    except Exception:  # damaged or not an XLSX: the reason in words, not the library's text
        report.add("unreadable_file", name, detail=ReadError("xlsx").words())
        return None
    headers = _field_of_header()
    frames: dict[str, pd.DataFrame | None] = {}
    for key, sheet in SHEETS.items():
        if sheet not in book:
            if key == "projects":
                report.add("plan_sheet_missing", name, value=sheet)
                return None
            frames[key] = None if key in KEPT_WHEN_ABSENT else pd.DataFrame(columns=_REQUIRED_COLUMNS[key])
            continue
        frame = book[sheet]
        frame.columns = [headers.get(str(c).strip(), str(c).strip()) for c in frame.columns]
        for column in _REQUIRED_COLUMNS[key]:
            if column not in frame.columns:
                report.add("plan_column_missing", name, value=translate(f"plans.col.{column}", "th"), detail=sheet)
        frame.index = range(2, len(frame) + 2)
        frames[key] = frame
    return frames


def _project_rows(
    frame: pd.DataFrame, name: str, report: Report
) -> tuple[dict[object, ProjectRecord], dict[object, int]]:
    """The projects sheet: one record per row keyed by its id (or its row when new), and the row
    of each key for the report."""
    records: dict[object, ProjectRecord] = {}
    rows_of: dict[object, int] = {}
    cells = _Cells(report, name, SHEETS["projects"])
    for row, values in frame.iterrows():
        data = {
            f: cells.value(f, values.get(f), row, translate(f"plans.col.{f}", "th"))
            for f in PROJECT_SHEET_FIELDS
            if f in frame.columns
        }
        key = data.pop("id", None)
        if key is None:
            key = f"row-{row}"
        if key in rows_of:  # two rows for one project: which one is meant is not ours to guess
            report.add("plan_row_duplicate", name, row, SHEETS["projects"], key, detail=rows_of[key])
            continue
        data["status"] = data.get("status") or "proposed"
        record = ProjectRecord(**{k: v for k, v in data.items() if k != "version"})
        record.id = key if isinstance(key, int) else None
        record.version = data.get("version")
        records[key] = record
        rows_of[key] = row
    return records, rows_of


def _attach_parts(
    records: dict[object, ProjectRecord],
    frame: pd.DataFrame,
    part: str,
    fields: tuple[str, ...],
    builder: type,
    name: str,
    report: Report,
) -> None:
    """The rows of one part's sheet (villages, KPIs, budgets, strategy links, results) added to the
    project they name."""
    cells = _Cells(report, name, SHEETS[part])
    id_title = translate("plans.col.id", "th")
    for row, values in frame.iterrows():
        key = cells.value("id", values.get("id"), row, id_title)
        if key not in records:
            report.add("plan_reference_unknown", name, row, f"{SHEETS[part]}: {id_title}", key)
            continue
        data = {f: cells.value(f, values.get(f), row, translate(f"plans.col.{f}", "th")) for f in fields if f in frame}
        if part == "villages":
            data["affected_unit"] = data.get("affected_unit") or "household"
        if part == "kpis":
            data["unit"] = data.get("unit") or "%"
        if part == "strategies":  # the code is read back; the title beside it is for people
            getattr(records[key], part).append(data.get("strategy_id") or "")
            continue
        getattr(records[key], part).append(record_from(builder, data))


def check_versions(records: list[ProjectRecord], stored: dict[int, int], report: Report, name: str) -> None:
    """Report projects changed in the database since the file was exported (stored: id → version),
    and rows of stored projects without a version: the version check always applies."""
    for record in records:
        if record.id not in stored:
            continue
        if record.version is None:
            report.add("plan_version_missing", name, None, SHEETS["projects"], record.id, detail=stored[record.id])
        elif stored[record.id] != record.version:
            report.add("plan_version_conflict", name, None, SHEETS["projects"], record.id, detail=stored[record.id])


def check_same_problem(records: list[ProjectRecord], stored: list[ProjectRecord], report: Report, name: str) -> None:
    """Warn of each new project whose problem a stored project or an earlier row already answers:
    counted twice in the One Plan, the deck and the infographic unless it is meant."""
    for record, earlier in new_projects_for_known_problems(records, stored):
        others = ", ".join(f"#{p.id} {p.title}" if p.id is not None else p.title for p in earlier)
        report.add("plan_same_problem", name, None, SHEETS["projects"], record.title, detail=others)
