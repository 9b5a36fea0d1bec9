"""A project's results as form rows (outputs planned and actual, money spent, partners) and its
strategy links: declared like the budget and KPI rows (dashboard/plan_rows.py), read into the
record on every run and saved with the project."""

from __future__ import annotations

from typing import Any

import streamlit as st
from analysis.plans.records import OutputResult, Partner, Spending
from analysis.thaidate import fiscal_year_of, today_bangkok

from dashboard.plan_rows import RowsSpec, init_rows, read_rows

OUTPUTS = RowsSpec(
    "output_results",
    OutputResult,
    (("output", "unit"), ("planned", "actual")),
    "forms.rows.add_output_results",
    blank=lambda: OutputResult(""),
)
SPENDING = RowsSpec(
    "spending",
    Spending,
    (("fiscal_year", "source", "amount"),),
    "forms.rows.add_spending",
    blank=lambda: Spending(fiscal_year_of(today_bangkok()), None, None),  # type: ignore[arg-type]
)
PARTNERS = RowsSpec("partners", Partner, (("partner", "role"),), "forms.rows.add_partners", blank=lambda: Partner(""))
RESULT_ROWS = (OUTPUTS, SPENDING, PARTNERS)


def init_results(prefix: str, record: Any) -> None:
    """Lay out the opened record's result rows (see project_form.init_form)."""
    for spec in RESULT_ROWS:
        init_rows(prefix, spec, getattr(record, spec.name) or [])


def strategies_key(prefix: str) -> str:
    return f"{prefix}:strategies"


def collect_results(prefix: str, record: Any) -> tuple[dict[str, Any], list]:
    """The form's strategy links and result rows (the record's before they are drawn), and the
    numbers that could not be read."""
    values: dict[str, Any] = {}
    problems: list = []
    for spec in RESULT_ROWS:
        values[spec.name], unread = read_rows(prefix, spec)
        problems += unread
    key = strategies_key(prefix)
    values["strategies"] = list(st.session_state[key]) if key in st.session_state else list(record.strategies or [])
    return values, problems
