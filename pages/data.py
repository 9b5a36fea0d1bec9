"""นำเข้าข้อมูล — upload one or many files (or a ZIP), map columns, check, import with progress;
the datasets in the workspace."""

import streamlit as st

from analysis.datasets import IMPORT_KINDS
from dashboard import datasets_ui, import_report, import_ui, names_ui
from dashboard.i18n import t

st.title(t("data.title"))
st.caption(t("data.intro"))
if done := st.session_state.pop("import_done", None):
    st.success(t("data.imported", dataset=done))
if deleted := st.session_state.pop("delete_done", None):
    st.success(t("data.deleted", dataset=deleted))

kind = st.radio(
    t("data.kind"),
    IMPORT_KINDS,
    format_func={k: t(f"kind.{k}") for k in IMPORT_KINDS}.get,
    horizontal=True,
    key="import_kind",
)
year, catalog = import_ui.survey_choices(kind)
heads = import_ui.uploaded_heads()
if heads:
    import_ui.show_sources(heads)
    choices = import_ui.import_choices(kind, heads, year, catalog)
    prepared = import_ui.checked(heads, choices)
    if prepared is not None:
        import_report.show_report(prepared)
        import_ui.import_action(prepared, choices)

st.divider()
datasets_ui.datasets_section()
st.divider()
names_ui.names_section()
