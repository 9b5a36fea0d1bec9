"""Pieces every plan page shares: the page style, errors shown next to their field, the change
history in Bangkok time with Thai field names, "saved by" captions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

import pandas as pd
import streamlit as st
from analysis.auth.roles import PermissionDenied, authorize
from analysis.db.errors import ConflictError
from analysis.db.errors import RecordInvalid as RecordInvalid
from analysis.formatting import fmt_datetime_th
from analysis.i18n import strings, translate
from analysis.plans.service import EDIT

from dashboard.i18n import t
from dashboard.state import actor, lang

# Streamlit's typing hints ("Press Enter to apply", "Press Ctrl+Enter to submit form") are English
# and cannot be set; the plan pages hide them (Save buttons are always visible instead).
PLAN_STYLE = """
<style>
[data-testid="InputInstructions"] {display: none;}
[class*="st-key-cia_table_"] th {white-space: normal !important; vertical-align: bottom;}
</style>
"""
Problem = tuple[str, str, str]
T = TypeVar("T")


#: what the store refuses a write with: someone saved first, a field is invalid, the account's
#: role or areas do not allow it (a save outside the grant must not end in a traceback)
REFUSALS = (ConflictError, RecordInvalid, PermissionDenied)


def warn_outside_grant(area: str) -> bool:
    """Say before the form is filled, not after Save, that this account may not save plans here;
    True when it may."""
    try:
        authorize(actor(), EDIT, area)
    except PermissionDenied as error:
        st.warning(f"{error.message(lang())} — {t('plans.read_only')}")
        return False
    return True


def refusal_messages(error: Exception) -> list[str]:
    """Why the store refused a write, in the page's language."""
    if isinstance(error, RecordInvalid):
        return error.messages(lang())
    return [error.message(lang())]


def guarded_write(write: Callable[[], T]) -> tuple[bool, T | None]:
    """Run a store write; when it is refused (someone saved first, a field is invalid, the role or
    area does not allow it) show why under the form and return (False, None)."""
    try:
        return True, write()
    except REFUSALS as error:
        for text in refusal_messages(error):
            st.error(text)
        return False, None


def names(prefix: str, values) -> dict:
    """value → its name ``t(f"{prefix}.{value}")``, fixed now: a select's format_func then does not
    depend on the session (AppTest formats options outside a run)."""
    return {value: t(f"{prefix}.{value}") for value in values}


def plan_style() -> None:
    st.html(PLAN_STYLE)


def message(problem: Problem) -> str:
    """A validation problem's text in the session's language."""
    return problem[1] if lang() == "th" else problem[2]


def errors_at(problems: Iterable[Problem], field: str) -> list[str]:
    """Messages of the problems about ``field`` (and its parts: "budgets.0" covers "budgets.0.source")."""
    return [message(p) for p in problems if p[0] == field or p[0].startswith(f"{field}.")]


def show_errors(container, problems: Iterable[Problem], field: str) -> None:
    """The field's problems, right under it."""
    for text in errors_at(problems, field):
        container.error(text, icon=":material/error:")


def saved_caption(record, key: str) -> str:
    """ "บันทึกล่าสุดโดย … เมื่อ 1 ต.ค. 2569 09:00 (ฉบับที่ 2)" in Bangkok time."""
    return t(key, who=record.updated_by, when=fmt_datetime_th(record.updated_at, lang()), version=record.version)


def field_label(name: str) -> str:
    """Thai (or English) name of a changed field in the history."""
    known = strings(lang())
    keys = (f"forms.history.{name}", f"plans.col.{name}", f"matrix.col.{name}", f"matrix.{name}")
    for key in (*keys, f"contest.profile_{name}", f"profile.{name}"):
        if key in known:
            return translate(key, lang())
    return name


def audit_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The change history: when (Bangkok time), who, what, which fields — all in words."""
    if frame.empty:
        return frame
    return pd.DataFrame(
        {
            t("project.audit_at"): frame["at"].map(lambda v: fmt_datetime_th(pd.Timestamp(v).to_pydatetime(), lang())),
            t("project.audit_actor"): frame["actor"],
            t("project.audit_action"): frame["action"].map(lambda a: t(f"project.action_{a}")),
            t("project.audit_fields"): frame["changes"].map(lambda c: ", ".join(field_label(k) for k in c)),
        }
    )


def wrapped_table(frame: pd.DataFrame, key: str) -> None:
    """A small table whose Thai headers wrap instead of being cut off (st.dataframe cuts them)."""
    with st.container(key=f"cia_table_{key}"):
        st.table(frame, hide_index=True)
