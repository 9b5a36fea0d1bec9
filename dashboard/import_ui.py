"""Widgets of the Data page: upload, column mapping editor, check report, import with progress."""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd
import streamlit as st
from analysis.catalogs import Catalog, catalog_for_year, catalogs, load_catalog
from analysis.exports import to_csv_bytes
from analysis.importers.common import FAMILY, Prepared
from analysis.importers.pipeline import commit_import, prepare_import, read_upload
from analysis.importers.statuses import codings
from analysis.mapping import MEASURES, ColumnMapping, kind_fields, mapping_for, schema
from analysis.readers import RawTable, ReadError
from analysis.store import StoreError

from dashboard import data_access
from dashboard.i18n import t
from dashboard.state import lang
from dashboard.widgets import download

STATE = "import_state"


def _state() -> dict[str, Any]:
    return st.session_state.setdefault(STATE, {})


def reset() -> None:
    st.session_state[STATE] = {}


def read_uploaded(upload: Any) -> RawTable | None:
    """The uploaded file as a raw table (cached in the session by the file's content hash)."""
    data = upload.getvalue()
    signature = hashlib.sha1(data).hexdigest()
    state = _state()
    if state.get("signature") != signature:
        state.clear()
        state["signature"] = signature
        state["source"] = data
        try:
            state["table"] = read_upload(data, upload.name)
        except ReadError as error:
            state["table"] = None
            state["read_error"] = str(error)
    if state.get("table") is None:
        st.error(t("data.read_error", error=state.get("read_error", "")))
        return None
    return state["table"]


def resolve_catalog(kind: str, year: int | None, catalog_choice: str) -> Catalog | None:
    if catalog_choice:
        return load_catalog(catalog_choice)
    if year is not None:
        return catalog_for_year(FAMILY[kind], int(year))
    return None


def catalog_options(kind: str) -> list[str]:
    return ["", *[c.id for c in catalogs(FAMILY[kind])]]


def _field_label(name: str) -> str:
    spec = schema()["fields"][name]
    return spec[lang()]


def mapping_editor(table: RawTable, kind: str, catalog: Catalog | None) -> ColumnMapping:
    """Editable tables of field → header and indicator → header; returns the mapping shown."""
    ws = data_access.workspace()
    mapping, remembered = mapping_for(ws.root, kind, table.headers, catalog)
    if remembered:
        st.success(t("data.mapping_remembered"))
    st.caption(t("data.mapping_help"))
    not_used = t("data.not_used")
    options = [not_used, *table.headers]
    fields = kind_fields(kind)
    field_frame = pd.DataFrame(
        {
            "field": fields,
            "label": [_field_label(f) for f in fields],
            "header": [mapping.fields.get(f, not_used) for f in fields],
        }
    )
    edited = st.data_editor(
        field_frame,
        hide_index=True,
        disabled=["field", "label"],
        key=f"map_fields_{kind}_{_state().get('signature', '')[:8]}",
        column_config={
            "field": None,
            "label": st.column_config.TextColumn(t("col.field")),
            "header": st.column_config.SelectboxColumn(t("col.header"), options=options, required=True),
        },
    )
    result = ColumnMapping(kind=kind, personal=list(mapping.personal))
    for _, row in edited.iterrows():
        if row["header"] and row["header"] != not_used:
            result.fields[row["field"]] = row["header"]
    if catalog is None:
        st.info(t("data.need_year"))
        return result
    title = "title_th" if lang() == "th" else "title_en"
    st.markdown(f"**{t('data.indicator_mapping')}**")
    ids = catalog.indicator_ids
    if kind == "bmn-agg" and "indicator_id" not in result.fields:
        frame = pd.DataFrame({"indicator_id": ids, "title": catalog.indicators[title].tolist()})
        for measure in MEASURES:
            frame[measure] = [mapping.counts.get(i, {}).get(measure, not_used) for i in ids]
        column_config = {
            m: st.column_config.SelectboxColumn(t(f"col.{m}"), options=options, required=True) for m in MEASURES
        }
    elif kind in ("bmn", "nrd2c"):
        frame = pd.DataFrame(
            {
                "indicator_id": ids,
                "title": catalog.indicators[title].tolist(),
                "header": [mapping.indicators.get(i, not_used) for i in ids],
            }
        )
        column_config = {"header": st.column_config.SelectboxColumn(t("col.header"), options=options, required=True)}
    else:
        return result
    column_config.update(
        {
            "indicator_id": st.column_config.TextColumn(t("col.indicator_id")),
            "title": st.column_config.TextColumn(t("col.indicator"), width="large"),
        }
    )
    edited_indicators = st.data_editor(
        frame,
        hide_index=True,
        disabled=["indicator_id", "title"],
        key=f"map_indicators_{kind}_{catalog.id}_{_state().get('signature', '')[:8]}",
        column_config=column_config,
    )
    for _, row in edited_indicators.iterrows():
        if "header" in row and row["header"] != not_used:
            result.indicators[row["indicator_id"]] = row["header"]
        for measure in MEASURES:
            if measure in row and row[measure] != not_used:
                result.counts.setdefault(row["indicator_id"], {})[measure] = row[measure]
    if result.personal:
        st.info(t("data.personal", columns=", ".join(result.personal)))
    return result


def coding_choice(kind: str) -> str | None:
    if kind != "bmn":
        return None
    choices = ["", *codings()]
    labels = {"": t("data.coding_auto"), **{k: str(v[lang()]) for k, v in codings().items()}}
    return st.selectbox(t("data.coding"), choices, format_func=labels.get, key="import_coding") or None


def check_key(
    kind: str, year: int | None, catalog_id: str | None, mapping: ColumnMapping, coding: str | None, replace: bool
) -> str:
    """Identifies the choices a check was run with; a changed choice hides the old report."""
    return repr((kind, year, catalog_id, sorted(mapping.to_json().items(), key=str), coding, replace))


def current_prepared(key: str) -> Prepared | None:
    state = _state()
    return state.get("prepared") if state.get("prepared_key") == key else None


def run_checks(
    kind: str,
    table: RawTable,
    year: int | None,
    catalog_id: str | None,
    mapping: ColumnMapping,
    coding: str | None,
    replace: bool,
) -> Prepared:
    bar = st.progress(0.0, text=t("progress.validating"))

    def progress(fraction: float, step: str) -> None:
        bar.progress(min(fraction / 0.5, 1.0), text=t(f"progress.{step}"))

    prepared = prepare_import(
        data_access.workspace(), kind, table, year, catalog_id or None, mapping, None, coding, replace, progress
    )
    bar.empty()
    _state()["prepared"] = prepared
    _state()["prepared_key"] = check_key(kind, year, catalog_id, mapping, coding, replace)
    return prepared


def show_report(prepared: Prepared) -> None:
    report = prepared.report
    counts = report.counts()
    st.subheader(t("data.report"))
    cols = st.columns(3)
    cols[0].metric(t("data.errors"), counts.get("error", 0))
    cols[1].metric(t("data.warnings"), counts.get("warning", 0))
    cols[2].metric(t("data.infos"), counts.get("info", 0))
    if report.problems:
        frame = report.to_thai_frame()
        if lang() == "en":
            frame = report.to_frame()[["severity", "file", "row", "column", "value", "rule", "message_en"]]
        st.dataframe(frame, hide_index=True, key="report_table")
        download(
            st,
            t("data.report_download"),
            lambda: to_csv_bytes(report.to_thai_frame()),
            f"check_{prepared.file}.csv",
            "text/csv",
            "report_download",
            stretch=False,
        )
    if report.has_errors:
        st.error(t("data.has_errors", count=counts.get("error", 0)))
    elif prepared.tables:
        catalog_name = prepared.catalog.name_th if lang() == "th" else prepared.catalog.name_en
        meta = prepared.meta
        if prepared.kind == "bmn-agg":
            st.success(
                t(
                    "data.ready_agg",
                    rows=meta.get("rows"),
                    areas=meta.get("areas"),
                    year=prepared.year,
                    catalog=catalog_name,
                )
            )
        else:
            st.success(
                t(
                    "data.ready",
                    households=meta.get("households", "–"),
                    villages=meta.get("villages"),
                    year=prepared.year,
                    catalog=catalog_name,
                )
            )


def run_import(prepared: Prepared, replace: bool) -> None:
    state = _state()
    bar = st.progress(0.5, text=t("progress.saving"))

    def progress(fraction: float, step: str) -> None:
        bar.progress(fraction, text=t(f"progress.{step}"))

    table: RawTable = state["table"]
    try:
        info = commit_import(
            data_access.workspace(), prepared, state.get("source"), replace, False, progress, headers=table.headers
        )
    except StoreError as error:
        bar.empty()
        st.error(str(error))
        return
    reset()
    st.session_state["import_done"] = info.id
    st.rerun()
