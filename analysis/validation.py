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
from analysis.privacy import MASK, personal_value

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
    """One problem; ``detail`` may be a {"th": …, "en": …} pair when it is words, not a value."""
    spec = rules()[rule]
    shown = None if value is None else _shortened(str(value))
    if shown is not None and personal_value(shown):
        shown = MASK  # a report names the row and column; it never repeats a personal value
    messages = {}
    for lang in ("th", "en"):
        said = detail.get(lang, "") if isinstance(detail, dict) else detail
        messages[lang] = spec[lang].format(value=shown if shown is not None else "", column=column or "", detail=said)
    return Problem(
        rule=rule,
        severity=spec["severity"],
        file=file,
        row=row,
        column=column,
        value=shown,
        message_th=messages["th"],
        message_en=messages["en"],
    )


#: problems kept per rule in a report; the rest are counted (and listed in the full file)
SHOWN_PER_RULE = 1000
REPORT_COLUMNS = ["severity", "file", "row", "column", "value", "rule", "message_th", "message_en"]


#: a value shown in a report is cut to this many characters (a pasted paragraph is not a code)
SHOWN_VALUE = 120


def _shortened(text: str) -> str:
    return text if len(text) <= SHOWN_VALUE else text[:SHOWN_VALUE] + f"… ({len(text):,})"


@dataclass
class Report:
    """The problems found in one import (of one or many files).

    ``problems`` holds at most SHOWN_PER_RULE problems per rule; ``totals`` counts them all.
    An import of a large file with many problems also writes every problem (up to a limit) to
    ``full_path`` (Parquet), for download.
    """

    problems: list[Problem] = field(default_factory=list)
    totals: Counter[str] = field(default_factory=Counter)
    full_path: str | None = None
    #: (file, rule) → problems, for rules counted in bulk beyond the ones listed (count_files)
    file_counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    #: error rules whose rows were set aside on request: listed, counted, but they do not block
    set_aside_rules: set[str] = field(default_factory=set)

    def add(self, *args: Any, **kwargs: Any) -> None:
        self.record(problem(*args, **kwargs))

    def record(self, found: Problem) -> None:
        if self.totals[found.rule] < SHOWN_PER_RULE:
            self.problems.append(found)
        self.totals[found.rule] += 1

    def extend(self, more: list[Problem]) -> None:
        for found in more:
            self.record(found)

    def add_counted(self, rule: str, shown: list[Problem], total: int) -> None:
        """Problems of ``rule`` found in bulk: the first ones shown, ``total`` counted."""
        room = max(0, SHOWN_PER_RULE - self.totals[rule])
        self.problems.extend(shown[:room])
        self.totals[rule] += total

    def count_files(self, rule: str, counts: dict[str, int]) -> None:
        """How many problems of ``rule`` each file has, when more were counted than listed."""
        for name, n in counts.items():
            self.file_counts[(name, rule)] = int(n)

    def by_file(self) -> pd.DataFrame:
        """One row per file with any problem — every one, however many problems were listed —
        with its errors, warnings and infos, files with errors first (the list a multi-file
        import shows so that every file to correct is named in one pass)."""
        listed = Counter((p.file, p.rule) for p in self.problems)
        counted = {rule for _, rule in self.file_counts}
        merged = Counter({k: n for k, n in listed.items() if k[1] not in counted}) + self.file_counts
        rows: dict[str, dict[str, int]] = {}
        for (name, rule), n in merged.items():
            if not name:
                continue
            row = rows.setdefault(name, dict.fromkeys(SEVERITIES, 0))
            row[rules()[rule]["severity"]] += n
        frame = pd.DataFrame([{"file": k, **v} for k, v in rows.items()], columns=["file", *SEVERITIES])
        return frame.sort_values(["error", "warning", "file"], ascending=[False, False, True]).reset_index(drop=True)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def has_errors(self) -> bool:
        blocking = (r for r, n in self.totals.items() if n and r not in self.set_aside_rules)
        return any(rules()[rule]["severity"] == "error" for rule in blocking)

    def counts(self) -> Counter[str]:
        """Problems per severity, all of them (not only the ones shown)."""
        counted: Counter[str] = Counter()
        for rule, n in self.totals.items():
            counted[rules()[rule]["severity"]] += n
        return counted

    def rules_hit(self) -> set[str]:
        return {rule for rule, n in self.totals.items() if n}

    @property
    def truncated(self) -> bool:
        """True when some problems are counted but not listed in ``problems``."""
        return sum(self.totals.values()) > len(self.problems)

    def by_rule(self, lang: str = "th") -> pd.DataFrame:
        """One row per rule hit: severity, rule, count, message (the first problem's), errors first."""
        first = {}
        for p in self.problems:
            first.setdefault(p.rule, p)
        rows = []
        for rule, n in self.totals.items():
            spec = rules()[rule]
            example = first.get(rule)
            message = getattr(example, f"message_{lang}") if example else spec[lang]
            rows.append({"severity": spec["severity"], "rule": rule, "count": n, "message": message})
        frame = pd.DataFrame(rows, columns=["severity", "rule", "count", "message"])
        order = {s: i for i, s in enumerate(SEVERITIES)}
        frame = frame.sort_values(["severity", "count"], key=lambda c: c.map(order) if c.name == "severity" else -c)
        return frame.reset_index(drop=True)

    def to_frame(self) -> pd.DataFrame:
        """One row per problem listed, errors first, then by file and row."""
        frame = pd.DataFrame([p.__dict__ for p in self.problems], columns=REPORT_COLUMNS)
        return _ordered(frame)

    def discard(self) -> None:
        """Remove the full list's file (kept in the workspace's scratch while the report is shown)."""
        import shutil
        from pathlib import Path

        if self.full_path is not None:
            folder = Path(self.full_path).parent
            if folder.name.startswith("problems-"):
                shutil.rmtree(folder, ignore_errors=True)
            self.full_path = None

    def full_frame(self) -> pd.DataFrame:
        """Every problem (up to the limit of the full file), else the ones listed."""
        if self.full_path is None:
            return self.to_frame()
        return _ordered(pd.read_parquet(self.full_path)[REPORT_COLUMNS])

    def to_thai_frame(self, full: bool = False) -> pd.DataFrame:
        """The report with Thai headers, for display and download."""
        frame = (self.full_frame() if full else self.to_frame())[list(REPORT_COLUMNS_TH)]
        # the row stays a (nullable) number: blank where a problem has none, a number in the
        # XLSX, and one type for the page's table (a column of numbers and '' fails in Arrow)
        rest = frame.drop(columns="row").astype(object)
        frame = rest.where(rest.notna(), "").assign(row=frame["row"].astype("Int64"))[list(REPORT_COLUMNS_TH)]
        return frame.rename(columns=REPORT_COLUMNS_TH)


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    order = {s: i for i, s in enumerate(SEVERITIES)}
    frame = frame.assign(_order=frame["severity"].map(order), row=frame["row"].astype("Int64"))
    frame = frame.sort_values(["_order", "file", "row"], kind="stable").drop(columns="_order")
    frame.insert(1, "severity_th", frame["severity"].map(SEVERITY_TH))
    return frame.reset_index(drop=True)
