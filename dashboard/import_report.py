"""The Data page's check report: counts per rule, the problems (the first of each kind when the
list is long), the full list to download, and what the import will store when it has no error."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd
import streamlit as st
from analysis.exports import to_csv_bytes, to_xlsx_bytes
from analysis.importers.common import Prepared
from analysis.validation import SEVERITY_TH, Report

from dashboard.i18n import t
from dashboard.state import lang
from dashboard.widgets import XLSX_MIME, download


def _problem_table(report: Report) -> pd.DataFrame:
    if lang() == "th":
        return report.to_thai_frame()
    return report.to_frame()[["severity", "file", "row", "column", "value", "rule", "message_en"]]


def _shown_columns(frame: pd.DataFrame) -> list[str] | None:
    """On a Thai screen, the rule's id and the English message stay in the download only."""
    if lang() != "th":
        return None
    return [c for c in frame.columns if c not in ("กฎ", "Problem", t("data.col_rule"))]


def show_report(prepared: Prepared) -> None:
    report = prepared.report
    counts = report.counts()
    st.subheader(t("data.report"))
    cols = st.columns(3)
    cols[0].metric(t("data.errors"), f"{counts.get('error', 0):,}")
    cols[1].metric(t("data.warnings"), f"{counts.get('warning', 0):,}")
    cols[2].metric(t("data.infos"), f"{counts.get('info', 0):,}")
    if report.problems:
        if report.truncated:
            # "the first N of each kind": N is the most listed for one rule, not all listed together
            per_rule = max(Counter(p.rule for p in report.problems).values())
            st.caption(t("data.report_truncated", shown=f"{per_rule:,}", total=f"{sum(report.totals.values()):,}"))
            by_rule = report.by_rule(lang())
            if lang() == "th":  # the level in Thai, as in the problem list below
                by_rule["severity"] = by_rule["severity"].map(SEVERITY_TH)
            by_rule = by_rule.rename(
                columns={
                    "severity": t("data.col_severity"),
                    "rule": t("data.col_rule"),
                    "count": t("data.col_count"),
                    "message": t("data.col_message"),
                }
            )
            count = {t("data.col_count"): st.column_config.NumberColumn(format="localized")}  # 16,144 not 16144
            st.dataframe(
                by_rule, hide_index=True, key="report_rules", column_order=_shown_columns(by_rule), column_config=count
            )
        problems = _problem_table(report)
        # a problem of the whole file has no row: its cell is blank, not Streamlit's "None"
        st.dataframe(
            problems, hide_index=True, key="report_table", column_order=_shown_columns(problems), placeholder=""
        )
        name = Path(prepared.file).stem
        left, right = st.columns(2)
        download(
            left,
            t("data.report_download"),
            lambda: to_csv_bytes(report.to_thai_frame(full=True)),
            f"check_{name}.csv",
            "text/csv",
            "report_download",
        )
        download(
            right,
            t("data.report_download_xlsx"),
            lambda: to_xlsx_bytes(report.to_thai_frame(full=True), "report"),
            f"check_{name}.xlsx",
            XLSX_MIME,
            "report_download_xlsx",
        )
    if "overlaps_existing_dataset" in report.rules_hit():
        st.error(t("data.overlaps", year=prepared.year))
    elif report.has_errors:
        st.error(t("data.has_errors", count=f"{counts.get('error', 0):,}"))
    elif prepared.layers:
        _ready(prepared)


def _ready(prepared: Prepared) -> None:
    catalog_name = getattr(prepared.catalog, f"name_{lang()}")
    meta = prepared.meta
    if prepared.kind == "bmn-agg":
        text = t(
            "data.ready_agg",
            rows=f"{meta.get('rows'):,}",
            areas=f"{meta.get('areas'):,}",
            year=prepared.year,
            catalog=catalog_name,
        )
    else:
        households = meta.get("households")
        text = t(
            "data.ready",
            households=f"{households:,}" if households is not None else "–",
            villages=f"{meta.get('villages'):,}",
            year=prepared.year,
            catalog=catalog_name,
        )
    st.success(text)
