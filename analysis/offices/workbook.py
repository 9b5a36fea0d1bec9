"""The import/export workbook of each register (XLSX): one sheet, Thai (or English) headers, one
row per record with its id and version so that a changed row updates the stored one. A file that
cannot be read is refused as a whole, in Thai naming the file, the row and what to do; nothing is
written until every row is read and every rule passed (the store saves a file in one transaction).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from openpyxl import Workbook, load_workbook

from analysis.i18n import translate
from analysis.offices.records import ContestEntry, MonthlyReport, RoleModelSheet
from analysis.offices.scores import total
from analysis.offices.settings import criterion_ids
from analysis.store_errors import StoreError
from analysis.thaidate import ThaiDateError, fmt_date_th, parse_thai_date

KINDS = ("entries", "sheets", "reports")
YES = {"ใช่", "yes", "true", "1", "x", "✓"}
NO = {"", "ไม่ใช่", "no", "false", "0", "-"}


def columns(kind: str) -> list[str]:
    """The fields of a register's sheet, in order (names, totals: shown, not read back)."""
    if kind == "entries":
        return ["id", "version", "area_code", "fiscal_year", "tambon_code", "tambon", "sent_on", "note"]
    if kind == "sheets":
        ids = criterion_ids()
        return (
            ["id", "version", "area_code", "fiscal_year", "amphoe_code", "amphoe"]
            + [f"score_{i}" for i in ids]
            + [f"evidence_{i}" for i in ids]
            + ["total"]
        )
    return ["id", "version", "area_code", "kind", "year", "month", "sent_date", "title", "body"]


SHOWN_ONLY = {"tambon", "amphoe", "total"}


def header(field: str, lang: str) -> str:
    if field.startswith(("score_", "evidence_")):
        part, _, criterion = field.partition("_")
        return translate(f"offices.col.{part}", lang, n=criterion_number(criterion))
    return translate(f"offices.col.{field}", lang)


def criterion_number(criterion: str) -> str:
    return str(criterion_ids().index(criterion) + 1) if criterion in criterion_ids() else "?"


def _cells(kind: str, record: Any, names: Callable[[str, str], str], lang: str) -> list[Any]:
    if kind == "entries":
        flag = translate("offices.yes" if record.sent_on else "offices.no", lang)
        values = [
            record.area_code,
            record.fiscal_year,
            record.tambon_code,
            names(record.tambon_code, lang),
            flag,
            record.note,
        ]
    elif kind == "sheets":
        ids = criterion_ids()
        values = [record.area_code, record.fiscal_year, record.amphoe_code, names(record.amphoe_code, lang)]
        values += [record.scores.get(i) for i in ids] + [record.evidence.get(i, "") for i in ids] + [total(record)]
    else:
        values = [
            record.area_code,
            record.kind,
            record.year,
            record.month,
            fmt_date_th(record.sent_on, lang),
            record.title,
            record.body,
        ]
    return [record.id, record.version, *values]


def export_workbook(kind: str, records: list, names: Callable[[str, str], str], lang: str = "th") -> bytes:
    """The register's records as an XLSX workbook (one sheet, the headers in ``lang``)."""
    book = Workbook()
    sheet = book.active
    sheet.title = translate(f"offices.sheet.{kind}", lang)[:31]
    sheet.append([header(f, lang) for f in columns(kind)])
    for record in records:
        sheet.append(_cells(kind, record, names, lang))
    for letter, width in zip(
        "ABCDEFGHIJKLMNOPQRSTU", [8, 8, 10, 12, 12, 24, 14, 30, 30, 30, 30, 30, 30, 10], strict=False
    ):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _refused(name: str, key: str, **values: object) -> StoreError:
    texts = [
        translate(f"offices.wb.{key}", lang, file=name, **values) + " — " + translate("offices.wb.todo", lang)
        for lang in ("th", "en")
    ]
    return StoreError(" / ".join(texts))


def _field_of(text: Any, kind: str) -> str | None:
    wanted = str(text or "").strip()
    for field in columns(kind):
        if wanted in (header(field, "th"), header(field, "en")):
            return field
    return None


def _number(value: Any, name: str, row: int, field: str, whole: bool = True) -> Any:
    if value is None or str(value).strip() == "":
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        raise _refused(name, "number", row=row, column=header(field, "th"), value=value) from None
    if whole and number != int(number):
        raise _refused(name, "number", row=row, column=header(field, "th"), value=value)
    return int(number) if whole else number


def read_workbook(kind: str, data: bytes, name: str) -> list:
    """The records of a register's workbook; StoreError (Thai / English, naming the file, the row
    and what to do) on the first thing that cannot be read — nothing is saved then."""
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
    except Exception:  # not a workbook at all: said, never a traceback
        raise _refused(name, "unreadable") from None
    if not rows:
        raise _refused(name, "empty")
    fields = [_field_of(h, kind) for h in rows[0]]
    needed = [
        f for f in columns(kind) if f not in SHOWN_ONLY and f not in ("id", "version") and not f.startswith("evidence_")
    ]
    missing = [header(f, "th") for f in needed if f not in fields]
    if missing:
        raise _refused(name, "missing", columns=", ".join(missing))
    records = []
    for number, values in enumerate(rows[1:], start=2):
        row = {f: v for f, v in zip(fields, values, strict=False) if f}
        if all(v is None or str(v).strip() == "" for v in row.values()):
            continue
        records.append(_record(kind, row, name, number))
    if not records:
        raise _refused(name, "empty")
    return records


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _record(kind: str, row: dict[str, Any], name: str, number: int) -> Any:
    ids = {
        "id": _number(row.get("id"), name, number, "id"),
        "version": _number(row.get("version"), name, number, "version"),
    }
    if kind == "entries":
        flag = _text(row.get("sent_on")).lower()
        if flag not in YES | NO:
            raise _refused(name, "flag", row=number, value=row.get("sent_on"))
        year = _number(row.get("fiscal_year"), name, number, "fiscal_year")
        if year is None:
            raise _refused(name, "blank", row=number, column=header("fiscal_year", "th"))
        return ContestEntry(
            _text(row["area_code"]), year, _text(row["tambon_code"]), flag in YES, _text(row.get("note")), **ids
        )
    if kind == "sheets":
        scores = {i: _number(row.get(f"score_{i}"), name, number, f"score_{i}", whole=False) for i in criterion_ids()}
        evidence = {i: _text(row.get(f"evidence_{i}")) for i in criterion_ids()}
        year = _number(row.get("fiscal_year"), name, number, "fiscal_year")
        if year is None:
            raise _refused(name, "blank", row=number, column=header("fiscal_year", "th"))
        return RoleModelSheet(_text(row["area_code"]), year, _text(row["amphoe_code"]), scores, evidence, **ids)
    try:
        sent_on = parse_thai_date(_text(row.get("sent_date")))
    except ThaiDateError as error:
        raise _refused(name, "date", row=number, why=error.message("th")) from None
    year, month = (_number(row.get(f), name, number, f) for f in ("year", "month"))
    if sent_on is None or year is None or month is None:
        raise _refused(name, "blank", row=number, column=header("sent_date" if sent_on is None else "month", "th"))
    return MonthlyReport(
        _text(row["area_code"]),
        _text(row["kind"]),
        year,
        month,
        sent_on,
        _text(row.get("title")),
        _text(row.get("body")),
        **ids,
    )
