"""Stored rows → records, and the JSON snapshots and diffs the audit log keeps."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from analysis.plans.models import Pin, PriorityMatrix, Project
from analysis.plans.records import (
    KPI,
    PIN_FIELDS,
    SCALAR_MATRIX_FIELDS,
    SCALAR_PROJECT_FIELDS,
    Budget,
    MatrixItemRecord,
    MatrixRecord,
    PinRecord,
    ProjectRecord,
    VillageCover,
)

ITEM_FIELDS = [f for f in MatrixItemRecord.__dataclass_fields__ if f != "id"]


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def _tracked(row: Project | PriorityMatrix | Pin) -> dict[str, Any]:
    return {
        "id": row.id,
        "version": row.version,
        "created_at": row.created_at,
        "created_by": row.created_by,
        "updated_at": row.updated_at,
        "updated_by": row.updated_by,
    }


def project_record(row: Project) -> ProjectRecord:
    data = {name: getattr(row, name) for name in SCALAR_PROJECT_FIELDS}
    return ProjectRecord(
        **data,
        villages=[VillageCover(v.village_code, v.affected, v.affected_unit) for v in row.villages],
        kpis=[
            KPI(
                k.name,
                k.catalog_id,
                k.indicator_id,
                k.unit,
                k.baseline_value,
                k.baseline_year,
                k.target_value,
                k.target_year,
            )
            for k in row.kpis
        ],
        budgets=[Budget(b.fiscal_year, b.source, float(b.amount)) for b in row.budgets],
        **_tracked(row),
    )


def matrix_record(row: PriorityMatrix) -> MatrixRecord:
    return MatrixRecord(
        **{name: getattr(row, name) for name in SCALAR_MATRIX_FIELDS},
        items=[MatrixItemRecord(**{f: getattr(i, f) for f in ITEM_FIELDS}, id=i.id) for i in row.items],
        **_tracked(row),
    )


def pin_record(row: Pin) -> PinRecord:
    return PinRecord(**{f: getattr(row, f) for f in PIN_FIELDS}, **_tracked(row))


def pin_snapshot(record: PinRecord) -> dict[str, Any]:
    """Audit values of a pin; the photo is recorded by size, not content."""
    data = {f: getattr(record, f) for f in PIN_FIELDS if f not in ("photo",)}
    data["photo_bytes"] = len(record.photo) if record.photo else 0
    return _jsonable(data)


def snapshot(record: ProjectRecord | MatrixRecord) -> dict[str, Any]:
    data = asdict(record)
    for key in ("id", "version", "created_at", "created_by", "updated_at", "updated_by"):
        data.pop(key, None)
    if "items" in data:
        for item in data["items"]:
            item.pop("id", None)
    return _jsonable(data)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), after.get(k)] for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)}
