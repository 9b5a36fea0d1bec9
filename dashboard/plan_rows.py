"""A project's budget and KPI lists as plain form rows: add and remove buttons, Thai selects,
amounts typed with thousands separators, each row's problems right under it.

The inputs come from the record classes (``input_kinds(Budget)``, ``input_kinds(KPI)``): the
fields are declared once, in analysis/plans/records.py; here is only how they are laid out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st
from analysis.catalogs import catalogs
from analysis.db.records import record_from
from analysis.formatting import BE_OFFSET
from analysis.plans.models import SOURCES
from analysis.plans.records import KPI, Budget, input_kinds
from analysis.plans.results import PARTNER_ROLES
from analysis.plans.validation import number_problem, parse_number
from analysis.thaidate import fiscal_year_of, today_bangkok

from dashboard.i18n import t
from dashboard.plan_common import Problem, names, show_errors
from dashboard.state import lang, prefill, rewrite

INDICATOR = "indicator"  # one select for the (catalog_id, indicator_id) pair


@dataclass(frozen=True)
class RowsSpec:
    name: str  # the record's list field: "budgets" or "kpis" (also the problems' field prefix)
    cls: type
    layout: tuple[tuple[str, ...], ...]  # the inputs of each line of a row
    add_label: str
    blank: Callable[[], Any] | None = None  # a new row's record (budgets and KPIs have their own)


BUDGETS = RowsSpec("budgets", Budget, (("fiscal_year", "source", "amount"),), "forms.rows.add_budget")
KPIS = RowsSpec(
    "kpis",
    KPI,
    (("name", INDICATOR), ("unit", "baseline_value", "baseline_year", "target_value", "target_year")),
    "forms.rows.add_kpi",
)


def inputs(spec: RowsSpec) -> dict[str, str]:
    """Input name → kind, the indicator pair as one input."""
    kinds = input_kinds(spec.cls)
    return {(INDICATOR if kind == INDICATOR else name): kind for name, kind in kinds.items()}


def fmt_number(value: float | None) -> str:
    """150000.0 → "150,000"; 80000.5 → "80,000.5" (as typed back into a field)."""
    if value is None:
        return ""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _key(prefix: str, spec: RowsSpec, row: int, name: str = "") -> str:
    return f"{prefix}:{spec.name}:{row}:{name}"


def _rows_key(prefix: str, spec: RowsSpec) -> str:
    return f"{prefix}:{spec.name}:rows"


def _starts_key(prefix: str, spec: RowsSpec) -> str:
    return f"{prefix}:{spec.name}:starts"


def init_rows(prefix: str, spec: RowsSpec, records: list[Any]) -> None:
    """Put a record's list into the form's rows (``prefix`` names the opened record). The values are
    not put in session state: each row's inputs are drawn with its record's values as defaults."""
    st.session_state[_rows_key(prefix, spec)] = list(range(len(records)))
    st.session_state[_starts_key(prefix, spec)] = dict(enumerate(records))


def _start(spec: RowsSpec, record: Any, name: str) -> Any:
    """An input's value as a row's record gives it."""
    kind = inputs(spec)[name]
    if kind == INDICATOR:
        return f"{record.catalog_id}|{record.indicator_id}" if record.indicator_id else None
    if kind == "number":
        return fmt_number(getattr(record, name))
    return getattr(record, name)


def _given(prefix: str, spec: RowsSpec, row: int, name: str) -> Any:
    """An input's value: the widget's once drawn, its row's record's before."""
    key = _key(prefix, spec, row, name)
    if key in st.session_state:
        return st.session_state[key]
    return _start(spec, st.session_state[_starts_key(prefix, spec)][row], name)


def _add(prefix: str, spec: RowsSpec) -> None:
    rows = st.session_state[_rows_key(prefix, spec)]
    row = max(rows, default=-1) + 1
    if spec.cls is Budget:
        # the year of the row above (or next fiscal year): budgets usually run over consecutive rows
        above = _given(prefix, spec, rows[-1], "fiscal_year") if rows else None
        blank = Budget(above or fiscal_year_of(today_bangkok()) + 1, None, None)  # type: ignore[arg-type]
    elif spec.blank is not None:
        blank = spec.blank()
    else:
        blank = KPI("")
    starts = st.session_state[_starts_key(prefix, spec)]
    st.session_state[_starts_key(prefix, spec)] = {**starts, row: blank}
    st.session_state[_rows_key(prefix, spec)] = [*rows, row]


def _remove(prefix: str, spec: RowsSpec, row: int) -> None:
    st.session_state[_rows_key(prefix, spec)] = [r for r in st.session_state[_rows_key(prefix, spec)] if r != row]


def _tidy_number(key: str) -> None:
    """Show a typed number the Thai way ("150000" → "150,000"); an unreadable one stays as typed."""
    text = st.session_state.get(key) or ""
    try:
        rewrite(key, fmt_number(parse_number(text)) if text.strip() else "")
    except ValueError:
        pass


def read_rows(prefix: str, spec: RowsSpec) -> tuple[list[Any], list[Problem]]:
    """The records the rows hold, and the numbers that could not be read (with their row)."""
    records, problems = [], []
    for index, row in enumerate(st.session_state.get(_rows_key(prefix, spec), [])):
        data: dict[str, Any] = {}
        for name, kind in inputs(spec).items():
            value = _given(prefix, spec, row, name)
            if kind == INDICATOR:
                data["catalog_id"], data["indicator_id"] = value.split("|", 1) if value else (None, None)
            elif kind == "number":
                data[name] = None
                if str(value or "").strip():
                    try:
                        data[name] = parse_number(value)
                    except ValueError:
                        problems.append(number_problem(f"{spec.name}.{index}.{name}", value))
            elif kind == "text":
                data[name] = str(value or "").strip()
            else:
                data[name] = value
        records.append(record_from(spec.cls, data))
    return records, problems


def rows_editor(prefix: str, spec: RowsSpec, problems: list[Problem], catalog_id: str | None = None) -> None:
    """Each row in a box with its inputs, a remove button and its problems; an add button below."""
    rows = st.session_state[_rows_key(prefix, spec)]
    if not rows:
        st.caption(t(f"forms.rows.none_{spec.name}"))
    for index, row in enumerate(rows):
        with st.container(border=True, key=f"row_{_key(prefix, spec, row)}".replace(":", "_")):
            head = st.columns([6, 2], vertical_alignment="center")
            head[0].markdown(f"**{t(f'forms.rows.row_{spec.name}', n=index + 1)}**")
            head[1].button(
                t("forms.rows.remove"),
                key=_key(prefix, spec, row, "remove"),
                icon=":material/delete:",
                on_click=_remove,
                args=(prefix, spec, row),
                width="stretch",
            )
            for line in spec.layout:
                for column, name in zip(st.columns(len(line)), line, strict=True):
                    _input(column, prefix, spec, row, name, catalog_id)
            show_errors(st, problems, f"{spec.name}.{index}")
    st.button(
        t(spec.add_label), key=f"{prefix}:{spec.name}:add", icon=":material/add:", on_click=_add, args=(prefix, spec)
    )


def _input(column, prefix: str, spec: RowsSpec, row: int, name: str, catalog_id: str | None) -> None:
    key, kind = _key(prefix, spec, row, name), inputs(spec)[name]
    label = t("forms.rows.indicator") if kind == INDICATOR else t(f"plans.col.{name}")
    # the row's record's value is the input's default, drawn on every run (see state.prefill)
    start = _start(spec, st.session_state[_starts_key(prefix, spec)][row], name)
    if kind == "number":
        column.text_input(
            label,
            key=key,
            value=prefill(key, start),
            on_change=_tidy_number,
            args=(key,),
            placeholder=t("forms.rows.number_hint"),
        )
    elif kind == "text":
        column.text_input(label, key=key, value=prefill(key, start), on_change="ignore")
    else:
        options, show, hint = _choices(kind, (_given(prefix, spec, row, name), start), catalog_id)
        index = options.index(start) if start in options else None
        column.selectbox(
            label, options, key=key, index=prefill(key, index), format_func=show, placeholder=hint, on_change="ignore"
        )


def _choices(kind: str, values: tuple[Any, Any], catalog_id: str | None) -> tuple[list, Any, str]:
    """Options, their labels and the empty-choice hint of a select input that holds one of
    ``values`` (the current and the pre-filled: both are options)."""
    if kind == "source":
        return list(SOURCES), names("plans.source", SOURCES).get, t("forms.rows.pick_source")
    if kind == "role":
        return list(PARTNER_ROLES), names("strategy.partner_role", PARTNER_ROLES).get, t("forms.rows.pick_role")
    if kind == "year":
        now = today_bangkok().year + BE_OFFSET
        years = sorted({*range(now - 10, now + 11), *(v for v in values if v)})
        return years, str, t("forms.rows.pick_year")
    found = [c for c in catalogs("bmn") if catalog_id in (None, c.id)] or catalogs("bmn")
    labels = {
        f"{c.id}|{row.indicator_id}": t(
            "forms.rows.indicator_option",
            id=row.indicator_id,
            title=getattr(row, f"title_{lang()}"),
            first=c.first_year,
            last=c.last_year,
        )
        for c in found
        for row in c.indicators.itertuples()
    }
    for value in values:
        if value and value not in labels:
            labels[value] = value.replace("|", " ")
    return list(labels), labels.get, t("forms.rows.pick_indicator")
