"""The plans' rows → records, and the snapshots of them the audit log keeps."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from analysis.db.records import field_names, jsonable, record_from
from analysis.plans.models import Pin, PriorityMatrix, Project
from analysis.plans.records import (
    KPI,
    PIN_FIELDS,
    Budget,
    MatrixItemRecord,
    MatrixRecord,
    OutputResult,
    Partner,
    PinRecord,
    ProjectRecord,
    Spending,
    VillageCover,
)

ITEM_FIELDS = [f for f in field_names(MatrixItemRecord) if f != "id"]


def project_record(row: Project) -> ProjectRecord:
    return record_from(
        ProjectRecord,
        row,
        villages=[record_from(VillageCover, v) for v in row.villages],
        kpis=[record_from(KPI, k) for k in row.kpis],
        budgets=[record_from(Budget, b, amount=float(b.amount)) for b in row.budgets],
        strategies=[s.strategy_id for s in row.strategies],
        output_results=[record_from(OutputResult, o) for o in row.output_results],
        spending=[record_from(Spending, s, amount=float(s.amount)) for s in row.spending],
        partners=[record_from(Partner, p) for p in row.partners],
    )


def matrix_record(row: PriorityMatrix) -> MatrixRecord:
    return record_from(MatrixRecord, row, items=[record_from(MatrixItemRecord, i) for i in row.items])


def pin_record(row: Pin) -> PinRecord:
    return record_from(PinRecord, row)


def pin_snapshot(record: PinRecord) -> dict[str, Any]:
    """Audit values of a pin; the photo is recorded by size, not content."""
    data = {f: getattr(record, f) for f in PIN_FIELDS if f not in ("photo",)}
    data["photo_bytes"] = len(record.photo) if record.photo else 0
    return jsonable(data)


def snapshot(record: ProjectRecord | MatrixRecord) -> dict[str, Any]:
    data = asdict(record)
    for key in ("id", "version", "created_at", "created_by", "updated_at", "updated_by"):
        data.pop(key, None)
    if "items" in data:
        for item in data["items"]:
            item.pop("id", None)
    return jsonable(data)
