"""The Data page's check report: counts per rule, the problems (the first of each kind when the
list is long), every file with a problem named once, the full list to download, and the verdict:
refused (an overlap, errors, or a file of the other kind: which kind to choose) or what the import
will store (with the unit the counts are in, the level of the tables, the rows set aside)."""

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
    problem_files(prepared)
    if "overlaps_existing_dataset" in report.rules_hit():
        st.error(t("data.overlaps", year=prepared.year))
    elif "file_is_aggregates" in report.rules_hit():
        st.error(t("published.choose_aggregates"))
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
    if meta.get("set_aside"):
        st.warning(t("published.set_aside_note", n=f"{meta['set_aside']:,}"))
    if prepared.kind == "bmn-agg":
        st.caption(t(f"published.unit_{meta.get('count_unit', 'catalog')}_{meta.get('count_unit_source', 'catalog')}"))
        levels = [t(f"level.{level}") for level in meta.get("levels", [])]
        st.caption(t("published.levels", levels=", ".join(levels)))


def keep_valid_choice(kind: str) -> bool:
    """The "import the valid rows" box (aggregate files only; off by default)."""
    if kind != "bmn-agg":
        return False
    return st.checkbox(t("published.keep_valid"), key="import_keep_valid", help=t("published.help_keep_valid"))


def problem_files(prepared: Prepared) -> None:
    """One row per file of a multi-file import that has problems (all of them, in one pass)."""
    names = [f["name"] for f in prepared.meta.get("files", [])]
    found = prepared.report.by_file()
    found = found[found["file"].isin(names)]
    if len(names) < 2 or found.empty:
        return
    st.markdown(f"**{t('published.problem_files', n=len(found))}**")
    shown = pd.DataFrame(
        {
            t("col.file"): found["file"],
            t("data.errors"): found["error"],
            t("data.warnings"): found["warning"],
            t("data.infos"): found["info"],
        }
    )
    st.dataframe(shown, hide_index=True, key="report_files")
