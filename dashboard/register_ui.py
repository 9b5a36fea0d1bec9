"""Streamlit glue of the target register tab: the register of the year (villages, target
households, deadline), an upload (CSV/XLSX) or a typed table, and the save (checked server-side:
import_data on the area; recorded in the audit log)."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from analysis.auth.roles import PermissionDenied
from analysis.checks.register import ROW_COLUMNS, RegisterError, read_register_file, save_register
from analysis.formatting import fmt_int
from analysis.thaidate import fmt_date_th

from dashboard import data_access
from dashboard.auth_ui import upload_limit_caption
from dashboard.checks_ui import names
from dashboard.i18n import t
from dashboard.state import actor, lang
from dashboard.thai_date import thai_date_input

SAVED_KEY = "register_saved"


def register_tab(area: str, year: int, as_of) -> None:
    language = lang()
    progress = data_access.progress(area, year, as_of)
    register = progress.register
    if saved := st.session_state.pop(SAVED_KEY, None):
        st.success(t("checks.ui.register_saved", villages=saved[0], households=fmt_int(saved[1])))
    if not register.empty:
        villages = register.villages()
        st.markdown(
            t(
                "checks.ui.register_now",
                year=year,
                villages=len(villages),
                households=fmt_int(villages["households_expected"].sum()),
                deadline=fmt_date_th(register.deadline, language),
            )
        )
    else:
        st.info(t("checks.ui.no_register", year=year))
    may = actor().can("import_data", area)
    if not may:
        st.caption(t("checks.ui.register_may_not"))
    upload = st.file_uploader(
        t("checks.ui.register_upload"), type=["csv", "xlsx"], key="register_file", disabled=not may
    )
    st.caption(upload_limit_caption())
    rows = _uploaded(upload) if upload is not None else None
    if rows is None:
        st.markdown(t("checks.ui.register_edit"))
        st.caption(t("checks.ui.register_edit_note"))
        rows = _typed(area, register, progress.villages)
    cols = st.columns(2)
    start = thai_date_input(t("checks.ui.register_start"), "register_start", register.start, container=cols[0])
    deadline = thai_date_input(
        t("checks.ui.register_deadline"), "register_deadline", register.deadline, container=cols[1]
    )
    if st.button(t("checks.ui.register_save"), key="register_save", type="primary", disabled=not may or rows is None):
        _save(area, year, rows, start, deadline, upload.name if upload is not None else "typed")


def _uploaded(upload) -> pd.DataFrame | None:
    rows, report = read_register_file(upload.getvalue(), upload.name)
    if report.problems:
        st.dataframe(report.to_thai_frame(), hide_index=True, key="register_report", placeholder="")
    if report.has_errors:
        return None
    st.caption(f"{t('checks.ui.register_rows')}: {len(rows)}")
    return rows


def _typed(area: str, register, villages: pd.DataFrame) -> pd.DataFrame:
    """One row per village with data or in the register; the target households are editable."""
    current = register.rows.groupby("village_code", as_index=False)[
        ["households_expected", "with_house_no", "without_house_no"]
    ].sum(min_count=1)
    base = villages[["village_code", "households_collected"]].merge(current, on="village_code", how="left")
    base["households_expected"] = base["households_expected"].fillna(base["households_collected"])
    labels = names(base["village_code"])
    frame = pd.DataFrame(
        {
            "village_code": base["village_code"],
            "name": base["village_code"].map(labels),
            "households_expected": pd.to_numeric(base["households_expected"]).astype("Int64"),
            "with_house_no": pd.to_numeric(base["with_house_no"], errors="coerce").astype("Int64"),
            "without_house_no": pd.to_numeric(base["without_house_no"], errors="coerce").astype("Int64"),
        }
    )
    edited = st.data_editor(
        frame,
        hide_index=True,
        key=f"register_editor_{area}",
        disabled=["village_code", "name"],
        column_config={
            "village_code": t("checks.col.village_code"),
            "name": t("checks.col.village"),
            "households_expected": st.column_config.NumberColumn(
                t("checks.col.households_expected"), min_value=0, step=1
            ),
            "with_house_no": st.column_config.NumberColumn(t("checks.col.with_house_no"), min_value=0, step=1),
            "without_house_no": st.column_config.NumberColumn(t("checks.col.without_house_no"), min_value=0, step=1),
        },
    )
    edited = edited.assign(collector=None)
    edited.index = range(1, len(edited) + 1)
    return edited[ROW_COLUMNS]


def _save(area: str, year: int, rows: pd.DataFrame, start, deadline, source: str) -> None:
    if deadline is None:
        st.error(t("checks.ui.register_need_deadline"))
        return
    try:
        saved = save_register(data_access.workspace(), year, rows, deadline, start, actor(), area, source)
    except PermissionDenied as error:
        st.error(error.message(lang()))
    except RegisterError as error:
        st.dataframe(error.report.to_thai_frame(), hide_index=True, key="register_errors", placeholder="")
    else:
        villages = saved.villages()
        st.session_state[SAVED_KEY] = (len(villages), int(villages["households_expected"].sum()))
        st.rerun()
