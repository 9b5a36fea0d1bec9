"""Checks on projects and matrices before anything is written; messages in Thai and English."""

from __future__ import annotations

from analysis.codes import LENGTH_LEVEL, CodeError, normalise_code
from analysis.i18n import translate
from analysis.plans.models import METHODS, PLAN_LEVELS, SOURCES, STATUSES
from analysis.plans.records import MatrixRecord, ProjectRecord

FISCAL_YEARS = range(2500, 2700)


class PlanValidationError(ValueError):
    """A project or matrix that cannot be saved; ``problems`` lists (field, Thai, English)."""

    def __init__(self, problems: list[tuple[str, str, str]]):
        self.problems = problems
        super().__init__("; ".join(th for _, th, _ in problems) + " / " + "; ".join(en for _, _, en in problems))

    def messages(self, lang: str = "th") -> list[str]:
        return [th if lang == "th" else en for _, th, en in self.problems]


def _problem(field: str, key: str, **values) -> tuple[str, str, str]:
    return field, translate(f"plans.err.{key}", "th", **values), translate(f"plans.err.{key}", "en", **values)


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
        if len(village.village_code or "") != 8 or (
            code and not village.village_code.startswith(code[: min(len(code), 6)])
        ):
            problems.append(_problem("villages", "village_outside", value=village.village_code, area=record.area_code))
    if len({v.village_code for v in record.villages}) != len(record.villages):
        problems.append(_problem("villages", "village_twice"))
    seen = set()
    for budget in record.budgets:
        if budget.fiscal_year not in FISCAL_YEARS:
            problems.append(_problem("budgets", "fiscal_year", value=budget.fiscal_year))
        if budget.source not in SOURCES:
            problems.append(_problem("budgets", "source", value=budget.source))
        if budget.amount is None or budget.amount < 0:
            problems.append(_problem("budgets", "amount", value=budget.amount))
        if (budget.fiscal_year, budget.source) in seen:
            problems.append(_problem("budgets", "budget_twice", year=budget.fiscal_year, source=budget.source))
        seen.add((budget.fiscal_year, budget.source))
    for kpi in record.kpis:
        if not kpi.name.strip():
            problems.append(_problem("kpis", "kpi_name"))
    return problems


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
    for item in record.items:
        for criterion in ("size", "severity", "feasibility", "concern"):
            value = getattr(item, criterion)
            if value is None or not record.scale_min <= value <= record.scale_max:
                problems.append(
                    _problem(
                        criterion, "score", title=item.title, value=value, low=record.scale_min, high=record.scale_max
                    )
                )
    if len(record.area_code or "") not in LENGTH_LEVEL:
        problems.append(_problem("area_code", "area_code", value=record.area_code))
    return problems
