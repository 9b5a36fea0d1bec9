"""The Data page's list of datasets in the workspace, and deleting one (with confirmation)."""

from __future__ import annotations

import streamlit as st
from analysis.auth import PermissionDenied
from analysis.importers.committing import delete_dataset
from analysis.store_errors import StoreError

from dashboard import data_access
from dashboard.i18n import t
from dashboard.state import actor, lang


def datasets_section() -> None:
    """The datasets in the workspace, and deleting one (with confirmation)."""
    from dashboard.tables import datasets_table

    st.subheader(t("data.datasets"))
    frame = data_access.datasets_frame()
    if frame.empty:
        st.info(t("data.no_datasets"))
        return
    st.dataframe(
        datasets_table(frame, lang()),
        hide_index=True,
        key="datasets_table",
        column_config={
            t("col.rows"): st.column_config.NumberColumn(format="localized"),
            t("col.villages"): st.column_config.NumberColumn(format="localized"),
            t("col.set_aside"): st.column_config.NumberColumn(format="localized"),  # rows set aside on request
        },
    )
    with st.expander(t("data.delete")):
        described = {r.dataset_id: dataset_words(r.year, r.kind, r.file) for r in frame.itertuples()}
        target = st.selectbox(t("data.delete_pick"), frame["dataset_id"], key="delete_pick", format_func=described.get)
        confirm = st.checkbox(t("data.delete_confirm"), key="delete_confirm")
        if st.button(t("data.delete"), disabled=not confirm, key="delete_button"):
            try:
                delete_dataset(data_access.workspace(), target, actor())
            except StoreError as error:
                st.error(error.message(lang()))
            except PermissionDenied as error:
                st.error(error.message(lang()))
            else:
                st.session_state["delete_done"] = described[target]
                st.rerun()


def dataset_words(year: int, kind: str, file_name: str) -> str:
    """A dataset as its officer knows it ("ปี 2567 · ผลสำรวจครัวเรือน · bmn_2567.xlsx"), never its
    internal id."""
    return t("data.dataset_words", year=year, kind=t(f"kind.{kind}"), file=file_name)
