"""A พ.ศ. date field: type it ("2569/10/01", "1/10/2569", "1 ต.ค. 2569", Thai digits) or pick day,
month and year from selects; it shows "1 ต.ค. 2569" and a Thai error right under the field.

Streamlit's own date_input shows ค.ศ. calendars and turns red without a word on a พ.ศ. year, so
the plan pages use this instead. Callbacks keep the typed text and the selects in step, so the
field cannot sit inside an st.form (forms allow no callbacks).
"""

from __future__ import annotations

from datetime import date

import streamlit as st
from analysis.formatting import BE_OFFSET
from analysis.thaidate import (
    EN_MONTHS_FULL,
    THAI_MONTHS_FULL,
    ThaiDateError,
    fmt_date_th,
    parse_thai_date,
    today_bangkok,
)

from dashboard.i18n import t
from dashboard.state import lang, prefill, rewrite

YEARS_BACK, YEARS_AHEAD = 10, 10


def _parts(key: str) -> tuple[str, str, str]:
    return f"{key}__day", f"{key}__month", f"{key}__year"


def _text(value: date | None) -> str:
    return fmt_date_th(value, lang()) if value else ""


def _numbers(value: date | None) -> tuple[int | None, int | None, int | None]:
    return (value.day, value.month, value.year + BE_OFFSET) if value else (None, None, None)


def _show(key: str, value: date | None) -> None:
    """Put ``value`` in the text and the selects (from a callback: the field is drawn already)."""
    rewrite(key, _text(value))
    for part, number in zip(_parts(key), _numbers(value), strict=True):
        rewrite(part, number)


def _typed(key: str) -> None:
    """The text was edited: a readable date is rewritten as "1 ต.ค. 2569" and picked in the selects."""
    try:
        value = parse_thai_date(st.session_state.get(key))
    except ThaiDateError:
        return  # left as typed; the field shows why it cannot be read
    _show(key, value)


def _picked(key: str) -> None:
    """A select changed: once day, month and year are all chosen, they become the text."""
    day, month, year = (st.session_state.get(part) for part in _parts(key))
    if None in (day, month, year):
        return
    # an impossible day (31 ก.พ.) is written as typed text so the field explains the problem
    rewrite(key, f"{day}/{month}/{year}")
    _typed(key)


def date_problem(key: str) -> ThaiDateError | None:
    """Why the field's text is not a date (``.message(lang)``); None when it is one or is blank
    (or not drawn yet: it then holds its pre-filled date)."""
    try:
        parse_thai_date(st.session_state.get(key))
    except ThaiDateError as error:
        return error
    return None


def date_value(key: str, value: date | None = None) -> date | None:
    """The field's date (None when blank or unreadable); ``value``, its pre-filled date, before the
    field is drawn."""
    if key not in st.session_state:
        return value
    try:
        return parse_thai_date(st.session_state.get(key))
    except ThaiDateError:
        return None


def thai_date_input(
    label: str, key: str, value: date | None = None, *, container=None, help: str | None = None
) -> date | None:
    """The date in the field ``key`` (None when blank or unreadable: the reason shows under it)."""
    container = container or st
    box = container.container()
    text_col, pick_col = box.columns([5, 2], vertical_alignment="bottom", gap="small")
    text_col.text_input(
        label,
        key=key,
        value=prefill(key, _text(value)),  # the date pre-filled, the field's default
        on_change=_typed,
        args=(key,),
        placeholder=t("date.placeholder"),
        help=help or t("date.help"),
    )
    with pick_col.popover(t("date.pick"), icon=":material/calendar_month:", width="stretch"):
        _selects(key, value)
    if problem := date_problem(key):
        box.error(problem.message(lang()), icon=":material/event_busy:")
    return date_value(key)


def _selects(key: str, value: date | None) -> None:
    day_key, month_key, year_key = _parts(key)
    day, month, year = _numbers(value)  # pre-filled: each select's default
    this_year = today_bangkok().year + BE_OFFSET
    years = list(range(this_year - YEARS_BACK, this_year + YEARS_AHEAD + 1))
    chosen = st.session_state.get(year_key)
    years = sorted({*years, *(y for y in (chosen, year) if y is not None)})
    months = THAI_MONTHS_FULL if lang() == "th" else [m.capitalize() for m in EN_MONTHS_FULL]
    parts = (
        ("day", day_key, list(range(1, 32)), day, str),
        ("month", month_key, list(range(1, 13)), month, lambda m: months[m - 1]),
        ("year", year_key, years, year, str),
    )
    for name, part, options, number, show in parts:
        st.selectbox(
            t(f"date.{name}"),
            options,
            key=part,
            index=prefill(part, options.index(number) if number in options else None),  # pre-filled
            format_func=show,
            placeholder=t(f"date.{name}_placeholder"),
            on_change=_picked,
            args=(key,),
        )
    left, right = st.columns(2)
    left.button(t("date.today"), key=f"{key}__today", on_click=_show, args=(key, today_bangkok()))
    right.button(t("date.clear"), key=f"{key}__clear", on_click=_show, args=(key, None))
