"""HTML tables of the journey-6 documents (counts as shown, % failing coloured like the heat map)."""

from __future__ import annotations

import re

import pandas as pd

from analysis.contest.html import heat_colour, table
from analysis.formatting import fmt_int, fmt_number, fmt_pct
from analysis.i18n import translate
from analysis.privacy import format_count


def shown_count(value: object, public: bool) -> str:
    """A count as a document shows it ("< 5" in a public document under the small-count rule)."""
    return format_count(value, suppress=public)


def collection_line(key: str, progress, lang: str, public: bool, **values: object) -> str:
    """``checks.report.<key>`` with the household target and % collected, or ``<key>_no_register``
    when no target is known (never "of 0 target households")."""
    if not progress.has_targets:
        return translate(f"checks.report.{key}_no_register", lang, **values)
    expected, share = shown_count(progress.expected, public), fmt_pct(progress.pct_complete)
    return translate(f"checks.report.{key}", lang, expected=expected, pct=share, **values)


def html_table(frame: pd.DataFrame, widths: list[int] | None = None, heat: set[int] | None = None) -> str:
    """A table whose count and share columns align right; ``heat`` columns coloured like the
    Compare page's heat map (white type on the darkest cells)."""
    right = {i for i, c in enumerate(frame.columns) if i > 0 and frame[c].map(numeric).all()}
    rows = [[cell(v) for v in row] for row in frame.itertuples(index=False)]
    html = table(list(frame.columns), rows, right, widths)
    for row in frame.itertuples(index=False) if heat else ():
        for i in heat:
            value = row[i]
            if isinstance(value, float) and not pd.isna(value):
                ink = "color:white;" if value >= 35 else ""
                styled = f"<td class='num' style='background:{heat_colour(value)};{ink}'>{fmt_number(value)}</td>"
                html = html.replace(f"<td class='num'>{fmt_number(value)}</td>", styled, 1)
    return html


def numeric(value: object) -> bool:
    """A number, or a count as shown ("1,234", "< 5", "3/7", "–")."""
    if value is None or isinstance(value, int | float):
        return True
    return bool(re.fullmatch(r"[<\d,./ –-]+", str(value)))


def cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    if isinstance(value, float):
        return fmt_number(value)
    if isinstance(value, int):
        return fmt_int(value)
    return str(value)


def with_unit(label: str, units, lang: str) -> str:
    """A count column's header with its unit: "ไม่ผ่าน (ครัวเรือน)" — every count says what it counts
    (a column mixing units gets a unit column instead: see unit_column)."""
    found = {u for u in units if isinstance(u, str)}
    if len(found) != 1:
        return label
    return translate("report_words.with_unit", lang, label=label, unit=translate(f"unit.{found.pop()}", lang))


def unit_column(units, lang: str) -> tuple[str, list[str]] | None:
    """(header, values) of a unit column when a table's counts are in more than one unit."""
    values = list(units)
    if len({u for u in values if isinstance(u, str)}) <= 1:
        return None
    return translate("report_words.unit", lang), [
        translate(f"unit.{u}" if isinstance(u, str) else "unit.household", lang) for u in values
    ]
