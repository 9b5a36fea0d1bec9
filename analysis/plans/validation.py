"""Checks on projects and matrices before anything is written; messages in Thai and English.

Each problem is (field, Thai, English). ``field`` names where to show it: "title", "end_date",
"budgets.1.source" (row 2 of the budget list, 0-based), "kpis.0.name", "items.3" (a matrix row).
The page, the workbook import and the CLI all go through these checks, so they agree.
"""

from __future__ import annotations

import re

from analysis.codes import LENGTH_LEVEL, VILLAGE_LENGTH, CodeError, normalise_code, prefix_at
from analysis.i18n import translate
from analysis.plans.matrix import CRITERIA
from analysis.plans.models import METHODS, PLAN_LEVELS, SOURCES, STATUSES
from analysis.plans.records import KPI, Budget, MatrixRecord, ProjectRecord

FISCAL_YEARS = range(2500, 2700)
Problem = tuple[str, str, str]
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# 150000 · 150,000 · 150,000.50 · -5 — commas only as thousands separators (1,50,000 is refused)
NUMBER = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def _problem(field: str, key: str, **values) -> Problem:
    return field, translate(f"plans.err.{key}", "th", **values), translate(f"plans.err.{key}", "en", **values)


def parse_number(value: object) -> float:
    """A number as people type it: "150,000", "150000.50", Thai digits, "150,000 บาท"; ValueError
    otherwise (never a guess)."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        if value != value:  # NaN: an empty spreadsheet cell
            raise ValueError(value)
        return float(value)
    text = str(value).translate(THAI_DIGITS).replace("บาท", "").replace(" ", "").strip()
    if not NUMBER.match(text):
        raise ValueError(value)
    return float(text.replace(",", ""))


parse_amount = parse_number


def number_problem(field: str, text: object) -> Problem:
    """The message for a typed number that ``parse_number`` refused."""
    return _problem(field, "number_text", value=text)


def _source(budget: Budget, lang: str) -> str:
    return translate(f"plans.source.{budget.source}", lang) if budget.source in SOURCES else str(budget.source)


def _budget_problems(budgets: list[Budget]) -> list[Problem]:
    """Every budget row complete (year, source, amount) and once per year × source."""
    problems, seen = [], set()
    for index, budget in enumerate(budgets):
        where, row = f"budgets.{index}", index + 1
        if budget.fiscal_year is None:
            problems.append(_problem(f"{where}.fiscal_year", "budget_year_missing", row=row))
        elif budget.fiscal_year not in FISCAL_YEARS:
            problems.append(_problem(f"{where}.fiscal_year", "fiscal_year", value=budget.fiscal_year))
        if not budget.source:
            problems.append(_problem(f"{where}.source", "budget_source_missing", row=row))
        elif budget.source not in SOURCES:
            problems.append(_problem(f"{where}.source", "source", value=budget.source))
        if budget.amount is None:
            problems.append(_problem(f"{where}.amount", "budget_amount_missing", row=row))
        elif budget.amount < 0:
            problems.append(_problem(f"{where}.amount", "amount", value=budget.amount))
        key = (budget.fiscal_year, budget.source)
        if None not in key and key in seen:
            problems.append(
                tuple(  # type: ignore[arg-type]
                    [f"{where}.source"]
                    + [
                        translate("plans.err.budget_twice", lang, year=budget.fiscal_year, source=_source(budget, lang))
                        for lang in ("th", "en")
                    ]
                )
            )
        seen.add(key)
    return problems


def _kpi_problems(kpis: list[KPI]) -> list[Problem]:
    """Every KPI named; its years พ.ศ., the target not before the baseline."""
    problems = []
    for index, kpi in enumerate(kpis):
        where, row = f"kpis.{index}", index + 1
        if not (kpi.name or "").strip():
            problems.append(_problem(f"{where}.name", "kpi_name", row=row))
        for field in ("baseline_year", "target_year"):
            year = getattr(kpi, field)
            if year is not None and year not in FISCAL_YEARS:
                problems.append(_problem(f"{where}.{field}", "kpi_year", row=row, value=year))
        if kpi.baseline_year and kpi.target_year and kpi.target_year < kpi.baseline_year:
            problems.append(_problem(f"{where}.target_year", "kpi_years_order", row=row))
    return problems


def validate_project(record: ProjectRecord) -> list[tuple[str, str, str]]:
    problems = []
    if not record.title.strip():
        problems.append(_problem("title", "title_required"))
    try:
        code = normalise_code(record.area_code)
    except CodeError:
        code = None
    if code is None:
        problems.append(_problem("area_code", "area_code", value=record.area_code))
    if record.plan_level not in PLAN_LEVELS:
        problems.append(_problem("plan_level", "plan_level", value=record.plan_level))
    if record.status not in STATUSES:
        problems.append(_problem("status", "status", value=record.status))
    if record.start_date and record.end_date and record.start_date > record.end_date:
        problems.append(_problem("end_date", "dates"))
    for village in record.villages:
        if len(village.village_code or "") != VILLAGE_LENGTH or (
            code and not village.village_code.startswith(prefix_at(code, "tambon"))
        ):
            problems.append(_problem("villages", "village_outside", value=village.village_code, area=record.area_code))
    if len({v.village_code for v in record.villages}) != len(record.villages):
        problems.append(_problem("villages", "village_twice"))
    return problems + _budget_problems(record.budgets) + _kpi_problems(record.kpis)


def unscored(record: MatrixRecord) -> list[tuple[int, list[str]]]:
    """(item index, criteria not scored yet) for every item with a blank score."""
    missing = [(index, [c for c in CRITERIA if getattr(item, c) is None]) for index, item in enumerate(record.items)]
    return [(index, criteria) for index, criteria in missing if criteria]


def validate_matrix(record: MatrixRecord) -> list[tuple[str, str, str]]:
    problems = []
    if not record.title.strip():
        problems.append(_problem("title", "title_required"))
    if record.method not in METHODS:
        problems.append(_problem("method", "method", value=record.method))
    if record.scale_min >= record.scale_max:
        problems.append(_problem("scale", "scale"))
    if not record.items:
        problems.append(_problem("items", "no_items"))
    for index, criteria in unscored(record):
        names_th = ", ".join(translate(f"matrix.col.{c}", "th") for c in criteria)
        names_en = ", ".join(translate(f"matrix.col.{c}", "en") for c in criteria)
        title = record.items[index].title
        problems.append(
            (
                f"items.{index}",
                translate("plans.err.unscored", "th", title=title, criteria=names_th),
                translate("plans.err.unscored", "en", title=title, criteria=names_en),
            )
        )
    for index, item in enumerate(record.items):
        for criterion in CRITERIA:
            value = getattr(item, criterion)
            if value is not None and not record.scale_min <= value <= record.scale_max:
                problems.append(
                    _problem(
                        f"items.{index}",
                        "score",
                        title=item.title,
                        value=value,
                        low=record.scale_min,
                        high=record.scale_max,
                    )
                )
    if len(record.area_code or "") not in LENGTH_LEVEL:
        problems.append(_problem("area_code", "area_code", value=record.area_code))
    return problems
