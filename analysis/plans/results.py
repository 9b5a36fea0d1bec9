"""A project's results: outputs planned and actual, money spent by fiscal year and source, partner
organisations with their role, strategy links — their checks, how they are stored with the project,
and the tables the One Plan, the Project page and the contest kit show.

planned_vs_actual  one row per project × output (planned, actual, % of plan) and the money
spending_totals    spent by fiscal year × source (rows) with a total
status_history     each status a project was given, when and by whom (read from the audit log)
"""

from __future__ import annotations

import pandas as pd

from analysis.i18n import translate
from analysis.plans.models import SOURCES, Project
from analysis.plans.records import ProjectRecord
from analysis.plans.results_models import ProjectOutput, ProjectPartner, ProjectSpending, ProjectStrategy
from analysis.plans.strategies import strategy_problems
from analysis.plans.validation import FISCAL_YEARS, validate_project

#: what a partner organisation does for a project (labels: strategy.partner_role.* in data/i18n)
PARTNER_ROLES = ("funding", "co_implementing", "technical", "in_kind", "volunteers", "other")
Problem = tuple[str, str, str]


def _problem(field: str, key: str, **values: object) -> Problem:
    return field, translate(f"strategy.err.{key}", "th", **values), translate(f"strategy.err.{key}", "en", **values)


def results_problems(record: ProjectRecord) -> list[Problem]:
    """Every output named, numbers not negative; spending rows complete, once per year × source;
    partners named with a declared role; strategy links declared and of the project's province."""
    problems = strategy_problems(record)
    for index, output in enumerate(record.output_results or []):
        where, row = f"output_results.{index}", index + 1
        if not (output.output or "").strip():
            problems.append(_problem(f"{where}.output", "output_name", row=row))
        for name in ("planned", "actual"):
            value = getattr(output, name)
            if value is not None and value < 0:
                problems.append(_problem(f"{where}.{name}", "negative", row=row, value=value))
    seen: set[tuple] = set()
    for index, spent in enumerate(record.spending or []):
        where, row = f"spending.{index}", index + 1
        if spent.fiscal_year not in FISCAL_YEARS:
            problems.append(_problem(f"{where}.fiscal_year", "spending_year", row=row, value=spent.fiscal_year))
        if spent.source not in SOURCES:
            problems.append(_problem(f"{where}.source", "spending_source", row=row, value=spent.source or "-"))
        if spent.amount is None or spent.amount < 0:
            problems.append(_problem(f"{where}.amount", "spending_amount", row=row, value=spent.amount))
        key = (spent.fiscal_year, spent.source)
        if key in seen:
            problems.append(_problem(f"{where}.source", "spending_twice", row=row, year=spent.fiscal_year))
        seen.add(key)
    for index, partner in enumerate(record.partners or []):
        where, row = f"partners.{index}", index + 1
        if not (partner.partner or "").strip():
            problems.append(_problem(f"{where}.partner", "partner_name", row=row))
        if partner.role not in PARTNER_ROLES:
            problems.append(_problem(f"{where}.role", "partner_role", row=row, value=partner.role or "-"))
    return problems


def project_problems(record: ProjectRecord) -> list[Problem]:
    """Every check a project must pass before it is saved (the page, the workbook and the store)."""
    return validate_project(record) + results_problems(record)


def apply_results(row: Project, record: ProjectRecord) -> None:
    """The record's strategy links and results over the stored row's (each list replaced as a
    whole; a list that is None — a workbook without its sheet — leaves the stored one)."""
    if record.strategies is not None:
        links = dict.fromkeys(record.strategies)
        row.strategies = [ProjectStrategy(position=i, strategy_id=s) for i, s in enumerate(links)]
    if record.output_results is not None:
        row.output_results = [
            ProjectOutput(position=i, output=o.output, unit=o.unit or "", planned=o.planned, actual=o.actual)
            for i, o in enumerate(record.output_results)
        ]
    if record.spending is not None:
        row.spending = [
            ProjectSpending(fiscal_year=s.fiscal_year, source=s.source, amount=s.amount) for s in record.spending
        ]
    if record.partners is not None:
        row.partners = [
            ProjectPartner(position=i, partner=p.partner, role=p.role) for i, p in enumerate(record.partners)
        ]


PLANNED_COLUMNS = ["project_id", "title", "output", "unit", "planned", "actual", "pct_of_plan"]


def planned_vs_actual(projects: list[ProjectRecord]) -> pd.DataFrame:
    """One row per project × output: planned, actual and the actual as % of the plan (None when
    either is missing or nothing was planned)."""
    rows = [
        {
            "project_id": p.id,
            "title": p.title,
            "output": o.output,
            "unit": o.unit,
            "planned": o.planned,
            "actual": o.actual,
        }
        for p in projects
        for o in p.output_results
    ]
    frame = pd.DataFrame(rows, columns=PLANNED_COLUMNS[:-1])
    planned = pd.to_numeric(frame["planned"], errors="coerce")
    actual = pd.to_numeric(frame["actual"], errors="coerce")
    frame["pct_of_plan"] = (100 * actual / planned.where(planned > 0)).astype("float64")
    return frame[PLANNED_COLUMNS]


MONEY_COLUMNS = ["project_id", "title", "planned_budget", "spent", "pct_spent"]


def money_planned_vs_spent(projects: list[ProjectRecord]) -> pd.DataFrame:
    """One row per project: the planned budget (all years), the money spent, spent as % of plan."""
    frame = pd.DataFrame(
        [
            {"project_id": p.id, "title": p.title, "planned_budget": p.total_budget, "spent": p.total_spent}
            for p in projects
        ],
        columns=MONEY_COLUMNS[:-1],
    )
    frame["pct_spent"] = (100 * frame["spent"] / frame["planned_budget"].where(frame["planned_budget"] > 0)).astype(
        "float64"
    )
    return frame[MONEY_COLUMNS]


def spending_totals(projects: list[ProjectRecord]) -> pd.DataFrame:
    """Money spent: rows = source, columns = fiscal years, plus a total (empty when none)."""
    rows = [
        {"source": s.source, "fiscal_year": s.fiscal_year, "amount": float(s.amount)}
        for p in projects
        for s in p.spending
    ]
    if not rows:
        return pd.DataFrame()
    table = pd.DataFrame(rows).pivot_table(
        index="source", columns="fiscal_year", values="amount", aggfunc="sum", fill_value=0.0
    )
    table["total"] = table.sum(axis=1)
    return table


def _number(value: float | None, unit: str = "") -> str:
    """12,500.5 as people write it, with its unit; "–" for nothing yet (no unit)."""
    return "–" if value is None else f"{value:,.2f}".rstrip("0").rstrip(".") + (f" {unit}" if unit else "")


def result_lines(project: ProjectRecord, lang: str = "th") -> list[str]:
    """What was done against the plan, as lines people read (the contest kit): each output
    "อบรม: แผน 40 คน · ทำได้จริง 32 คน (80%)", then the money spent of the planned budget."""
    lines = []
    for output in project.output_results or []:
        share = ""
        if output.planned and output.actual is not None:
            share = f" ({100 * output.actual / output.planned:.0f}%)"
        lines.append(
            translate(
                "strategy.result_line",
                lang,
                output=output.output,
                planned=_number(output.planned, output.unit),
                actual=_number(output.actual, output.unit),
                share=share,
            )
        )
    if project.spending:
        spent, planned = _number(project.total_spent), _number(project.total_budget)
        lines.append(translate("strategy.spent_line", lang, spent=spent, planned=planned))
    return lines


def partner_lines(project: ProjectRecord, lang: str = "th") -> list[str]:
    """ "อบจ.สาธิต (สนับสนุนงบประมาณ)" for each partner."""
    return [f"{p.partner} ({translate(f'strategy.partner_role.{p.role}', lang)})" for p in project.partners or []]


HISTORY_COLUMNS = ["at", "actor", "role", "from_status", "to_status"]


def status_history(audit: pd.DataFrame) -> pd.DataFrame:
    """Each status the project was given, oldest first, from its audit rows (analysis.db.audit):
    the first save's status, then every change of it (before → after), with when and who."""
    rows = []
    for entry in audit.sort_values("id").itertuples():
        changed = (entry.changes or {}).get("status")
        if isinstance(changed, list) and len(changed) == 2:
            rows.append((entry.at, entry.actor, entry.role, changed[0], changed[1]))
        elif isinstance(changed, str) and entry.action in ("create", "import"):
            rows.append((entry.at, entry.actor, entry.role, None, changed))
    return pd.DataFrame(rows, columns=HISTORY_COLUMNS, dtype=object)
