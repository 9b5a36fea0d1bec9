"""The Data page's area names: upload a list of code → name, see its damaged rows (a dry run: nothing
is saved until asked), save it as the next version; a later list replaces earlier names only when
the box says so. The lists loaded so far are listed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st
from analysis.area_names import NamesCheck, history, read_names, save_names
from analysis.auth import PermissionDenied
from analysis.formatting import fmt_datetime_th
from analysis.scratch import scratch_folder
from analysis.store_errors import StoreError

from dashboard import data_access
from dashboard.i18n import t
from dashboard.state import actor, lang

STATE = "names_state"


def _checked(upload, replace: bool) -> NamesCheck:
    """The upload read and checked once per file and choice (the page reruns on every click)."""
    digest = hashlib.sha1(upload.getvalue()).hexdigest() + str(replace)
    state = st.session_state.setdefault(STATE, {})
    if state.get("digest") != digest:
        workspace = data_access.workspace()
        with scratch_folder(workspace.root, "names") as folder:  # where cia doctor sees a killed run's leftovers
            path = folder / Path(upload.name).name
            path.write_bytes(upload.getvalue())
            state.update(digest=digest, check=read_names(workspace, path, upload.name, replace))
    return state["check"]


def names_section() -> None:
    st.subheader(t("published.names_title"))
    st.caption(t("published.names_intro"))
    upload = st.file_uploader(t("published.names_upload"), type=["csv", "txt", "xlsx"], key="names_file")
    replace = st.checkbox(t("published.names_replace"), key="names_replace", help=t("published.help_names_replace"))
    if upload is not None:
        check = _checked(upload, replace)
        _report(check)
        if check.ok and not (len(check.changed) and not replace):
            _save(check, replace)
    _versions()


def _report(check: NamesCheck) -> None:
    st.caption(t("published.names_checked", rows=f"{check.rows:,}", names=f"{len(check.names):,}"))
    if check.report.problems:
        frame = check.report.to_thai_frame() if lang() == "th" else check.report.to_frame()
        shown = [c for c in frame.columns if c not in ("กฎ", "Problem", "rule", "message_th", "severity")]
        st.dataframe(frame, hide_index=True, key="names_report", column_order=shown, placeholder="")
    if check.report.has_errors:
        st.error(t("published.names_not_saved"))


def _save(check: NamesCheck, replace: bool) -> None:
    if not st.button(t("published.names_save"), type="primary", key="names_save"):
        return
    try:
        entry = save_names(data_access.workspace(), check, replace=replace, actor=actor())
    except StoreError as error:
        st.error(error.message(lang()))
        return
    except PermissionDenied as error:
        st.error(error.message(lang()))
        return
    st.session_state.pop(STATE, None)
    st.success(t("published.names_saved", **entry))


def _versions() -> None:
    versions = history(data_access.workspace())
    if not versions:
        return
    frame = pd.DataFrame(versions)
    shown = pd.DataFrame(
        {
            t("published.col_version"): frame["version"],
            t("col.file"): frame["source"],
            t("published.col_names"): frame["rows"],
            t("published.col_added"): frame["added"],
            t("published.col_changed"): frame["changed"],
            t("published.col_at"): frame["at"].map(lambda v: fmt_datetime_th(v, lang())),
        }
    )
    st.dataframe(shown, hide_index=True, key="names_versions")
