"""The Data page's verdict on a checked import: ready (with the unit the counts are in and the
rows set aside), refused (overlap, errors, or a file of the other kind: which kind to choose),
and every file with a problem named once."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from analysis.importers.common import Prepared

from dashboard.i18n import t
from dashboard.state import lang


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


def outcome(prepared: Prepared) -> None:
    """What happens next: refused and why, or ready to import."""
    report = prepared.report
    problem_files(prepared)
    hit = report.rules_hit()
    if "overlaps_existing_dataset" in hit:
        st.error(t("data.overlaps", year=prepared.year))
    elif "file_is_aggregates" in hit:
        st.error(t("published.choose_aggregates"))
    elif report.has_errors:
        st.error(t("data.has_errors", count=f"{report.counts().get('error', 0):,}"))
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
