"""นำเข้าข้อมูล — upload, column mapping, checks, import with progress, datasets list, delete."""

import streamlit as st

from analysis.catalogs import load_catalog
from analysis.mapping import KINDS
from analysis.store import StoreError
from dashboard import data_access, import_ui
from dashboard.i18n import t
from dashboard.state import lang
from dashboard.tables import datasets_table

st.title(t("data.title"))
st.caption(t("data.intro"))
if done := st.session_state.pop("import_done", None):
    st.success(t("data.imported", dataset=done))
if deleted := st.session_state.pop("delete_done", None):
    st.success(t("data.deleted", dataset=deleted))

kind = st.radio(t("data.kind"), KINDS, format_func=lambda k: t(f"kind.{k}"), horizontal=True, key="import_kind")
upload = st.file_uploader(t("data.upload"), type=["csv", "xlsx", "txt"], key="import_file")
if upload is None:
    import_ui.reset()
else:
    table = import_ui.read_uploaded(upload)
    if table is not None:
        st.caption(
            t(
                "data.read_info",
                file=table.name,
                rows=f"{len(table.frame):,}",
                encoding=table.encoding or "XLSX",
                header_row=table.header_row,
            )
        )
        with st.expander(t("data.preview")):
            st.dataframe(table.frame.head(10), key="preview_table")
        cols = st.columns(2)
        year = cols[0].number_input(
            t("data.year"), min_value=2400, max_value=2800, value=None, step=1, key="import_year"
        )
        catalog_choice = cols[1].selectbox(
            t("data.catalog"),
            import_ui.catalog_options(kind),
            key=f"import_catalog_{kind}",
            format_func=lambda c: t("data.catalog_auto") if not c else getattr(load_catalog(c), f"name_{lang()}"),
        )
        catalog = import_ui.resolve_catalog(kind, year, catalog_choice)
        st.subheader(t("data.mapping"))
        mapping = import_ui.mapping_editor(table, kind, catalog)
        coding = import_ui.coding_choice(kind)
        replace = st.checkbox(t("data.replace"), key="import_replace")
        if st.button(t("data.validate"), type="secondary", key="validate_button"):
            import_ui.run_checks(kind, table, year, catalog_choice, mapping, coding, replace)
        prepared = import_ui.current_prepared(import_ui.check_key(kind, year, catalog_choice, mapping, coding, replace))
        if prepared is not None:
            import_ui.show_report(prepared)
            if prepared.ok and st.button(t("data.import"), type="primary", key="import_button"):
                import_ui.run_import(prepared, replace)

st.divider()
st.subheader(t("data.datasets"))
frame = data_access.datasets_frame()
if frame.empty:
    st.info(t("data.no_datasets"))
else:
    st.dataframe(
        datasets_table(frame, lang()),
        hide_index=True,
        key="datasets_table",
        column_config={
            t("col.rows"): st.column_config.NumberColumn(format="localized"),
            t("col.villages"): st.column_config.NumberColumn(format="localized"),
        },
    )
    with st.expander(t("data.delete")):
        target = st.selectbox(t("data.delete_pick"), frame["dataset_id"], key="delete_pick")
        confirm = st.checkbox(t("data.delete_confirm"), key="delete_confirm")
        if st.button(t("data.delete"), disabled=not confirm, key="delete_button"):
            try:
                data_access.workspace().delete(target)
            except StoreError as error:
                st.error(str(error))
            else:
                st.session_state["delete_done"] = target
                st.rerun()
