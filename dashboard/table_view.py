"""Tables on screen: the key columns first and pinned while the rest scrolls, short Thai headers
with the full name as the column's help, numbers in Thai conventions, and on a phone only the key
columns (the downloads always hold every column)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st
from analysis.i18n import strings
from analysis.public import count_text

from dashboard.i18n import t
from dashboard.look import is_phone
from dashboard.state import lang

COUNTS = (
    "applicable",
    "pass",
    "fail",
    "n_to_fix",
    "level_1",
    "villages_scored",
    "n",
    "q",
    "rows",
    "villages",
    "households",
)
PERCENTS = ("pct_pass", "pct_fail", "pct_level_1", "H", "A", "population_share", "contribution_pct", "target")
POINTS = ("gap_to_target", "change_pp", "value")
WIDE_TEXT = ("indicator", "title_th", "title_en", "drivers", "description")
NAMES = ("area_name", "area")
NARROW_TEXT = ("indicator_id", "rank", "count_unit", "domain", "group", "level")
KNOWN = COUNTS + PERCENTS + POINTS + WIDE_TEXT + NAMES + NARROW_TEXT


def _keys_by_label(language: str) -> dict[str, str]:
    """Shown header → column key (from the col.* labels of the language)."""
    declared = strings(language)
    return {declared[f"col.{key}"]: key for key in KNOWN if f"col.{key}" in declared}


def _short(key: str, label: str) -> tuple[str, str | None]:
    """(header shown, help): a short header with the full name as help when one is declared, and
    the guide's one line on how to read the column (data/i18n guide.col) after it."""
    declared = strings(lang())
    short = declared.get(f"short.{key}")
    header, help_text = (short, label) if short and short != label else (label, None)
    reading = declared.get(f"guide.col.{key}")
    if reading:
        help_text = f"{help_text} — {reading}" if help_text else reading
    return header, help_text


#: on a phone (390 px) the title column is narrow enough to leave room for the key numbers
PHONE_WIDTHS = {"indicator": 150, "title_th": 150, "title_en": 150, "area_name": 130, "area": 130, "drivers": 260}


def column_config(frame: pd.DataFrame, pinned: int = 1, progress: Sequence[str] = (), phone: bool = False) -> dict:
    """Column settings for the columns of ``frame`` that are known by their label. ``phone``: only
    the name column is pinned, and it is narrow."""
    keys = _keys_by_label(lang())
    config: dict = {}
    for position, label in enumerate(frame.columns):
        key = keys.get(str(label))
        pin = key in PHONE_WIDTHS and key != "drivers" if phone else position < pinned
        if key is None:
            config[label] = st.column_config.Column(pinned=pin) if pin else None
            continue
        header, help_text = _short(key, str(label))
        common = {"label": header, "help": help_text, "pinned": pin}
        if key in COUNTS and not pd.api.types.is_numeric_dtype(frame[label]):  # "< 5" marks among them
            config[label] = st.column_config.TextColumn(width="small", alignment="right", **common)
        elif key in COUNTS:
            config[label] = st.column_config.NumberColumn(format="localized", width="small", **common)
        elif key in progress:
            config[label] = st.column_config.ProgressColumn(
                format="%.1f%%", min_value=0, max_value=100, width="small", **common
            )
        elif key in PERCENTS or key in POINTS:
            config[label] = st.column_config.NumberColumn(format="%.1f", width="small", **common)
        elif key in WIDE_TEXT:
            config[label] = st.column_config.TextColumn(
                width=PHONE_WIDTHS.get(key, 200) if phone else "large", **common
            )
        elif key in NAMES:
            config[label] = st.column_config.TextColumn(
                width=PHONE_WIDTHS.get(key, 130) if phone else "medium", **common
            )
        else:
            config[label] = st.column_config.TextColumn(width="small", **common)
    return {label: value for label, value in config.items() if value is not None}


def for_screen(frame: pd.DataFrame) -> pd.DataFrame:
    """Count columns holding "< 5" marks as text ("1,234"), so the grid shows them as they are."""
    keys = _keys_by_label(lang())
    out = frame.copy()
    for label in frame.columns:
        if keys.get(str(label)) in COUNTS and not pd.api.types.is_numeric_dtype(frame[label]):
            out[label] = frame[label].map(lambda v: "" if v is None or v != v else count_text(v))
    return out


def show_table(
    frame: pd.DataFrame,
    key: str,
    pinned: int = 1,
    compact: Sequence[str] | None = None,
    progress: Sequence[str] = (),
    height: int | None = None,
    extra: dict | None = None,
    where=None,
) -> None:
    """A table with its first ``pinned`` columns pinned; on a phone only the ``compact`` columns."""
    where = where or st
    shown = for_screen(frame)
    phone = bool(compact) and is_phone()
    order = [c for c in compact if c in shown.columns] if phone else None
    rows = height or min(36 * (len(shown) + 1) + 4, 720)
    where.dataframe(
        shown,
        hide_index=True,
        key=key,
        height=rows,
        column_order=order,
        placeholder="–",  # an empty cell (no data, or hidden from the viewer) reads "–", not "None"
        column_config={**column_config(shown, pinned, progress, phone), **(extra or {})},
    )
    if order:
        where.caption(t("look.compact_note"))
