"""Validation problems: each one names the file, row, column, value and rule, in Thai and English.

The rules and their messages are declared in data/validation_rules/*.toml (one file per topic).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pandas as pd

from analysis.config import DATA_DIR, read_toml

SEVERITIES = ("error", "warning", "info")
REPORT_COLUMNS_TH = {
    "severity_th": "ระดับ",
    "file": "ไฟล์",
    "row": "แถว",
    "column": "คอลัมน์",
    "value": "ค่า",
    "rule": "กฎ",
    "message_th": "ปัญหา",
    "message_en": "Problem",
}
SEVERITY_TH = {"error": "ข้อผิดพลาด", "warning": "คำเตือน", "info": "ข้อมูล"}


@lru_cache(maxsize=1)
def rules() -> dict[str, dict[str, Any]]:
    """Every validation rule: severity and Thai/English message templates."""
    merged: dict[str, dict[str, Any]] = {}
    for path in sorted((DATA_DIR / "validation_rules").glob("*.toml")):
        declared = read_toml(path)
        twice = set(declared) & set(merged)
        if twice:
            raise ValueError(f"{path.name} declares rules already declared: {sorted(twice)}")
        merged.update(declared)
    return merged


@dataclass(frozen=True)
class Problem:
    rule: str
    severity: str
    file: str
    row: int | None
    column: str | None
    value: str | None
    message_th: str
    message_en: str


def problem(
    rule: str,
    file: str,
    row: int | None = None,
    column: str | None = None,
    value: object = None,
    detail: object = "",
) -> Problem:
    spec = rules()[rule]
    shown = None if value is None else str(value)
    fmt = {"value": shown if shown is not None else "", "column": column or "", "detail": detail}
    return Problem(
        rule=rule,
        severity=spec["severity"],
        file=file,
        row=row,
        column=column,
        value=shown,
        message_th=spec["th"].format(**fmt),
        message_en=spec["en"].format(**fmt),
    )


@dataclass
class Report:
    """The problems found in one file."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, *args: Any, **kwargs: Any) -> None:
        self.problems.append(problem(*args, **kwargs))

    def extend(self, more: list[Problem]) -> None:
        self.problems.extend(more)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def counts(self) -> Counter[str]:
        return Counter(p.severity for p in self.problems)

    def rules_hit(self) -> set[str]:
        return {p.rule for p in self.problems}

    def to_frame(self) -> pd.DataFrame:
        """One row per problem, errors first, then by row."""
        columns = ["severity", "file", "row", "column", "value", "rule", "message_th", "message_en"]
        frame = pd.DataFrame([p.__dict__ for p in self.problems], columns=columns)
        order = {s: i for i, s in enumerate(SEVERITIES)}
        frame["_order"] = frame["severity"].map(order)
        frame["row"] = frame["row"].astype("Int64")
        frame = frame.sort_values(["_order", "row"], kind="stable").drop(columns="_order")
        frame.insert(1, "severity_th", frame["severity"].map(SEVERITY_TH))
        return frame.reset_index(drop=True)

    def to_thai_frame(self) -> pd.DataFrame:
        """The report with Thai headers, for display and download."""
        frame = self.to_frame()[list(REPORT_COLUMNS_TH)]
        frame = frame.astype({"row": "object"}).where(frame.notna(), "")
        return frame.rename(columns=REPORT_COLUMNS_TH)
