"""Widgets of the Data page: upload (one or many files, or a ZIP), column mapping, the check with
progress, the report (counts per rule, first rows, the full list to download) and the import."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
from analysis.auth import PermissionDenied
from analysis.catalogs import Catalog, catalog_for_year, catalogs, load_catalog
from analysis.datasets import FAMILY
from analysis.importers.committing import commit_import
from analysis.importers.common import Prepared, discard
from analysis.importers.guarded import area_names
from analysis.importers.pipeline import prepare_import
from analysis.importers.planning import read_heads
from analysis.importers.sources import expand_into
from analysis.importers.statuses import codings
from analysis.mapping import COUNT_COLUMNS, ColumnMapping, kind_fields, mapping_for, schema
from analysis.readers import FileHead
from analysis.scratch import new_scratch_folder
from analysis.store_errors import StoreError
from analysis.validation import Report

from dashboard import data_access, import_report
from dashboard.datasets_ui import dataset_words
from dashboard.i18n import t
from dashboard.state import actor, lang

STATE = "import_state"
UPLOAD_TYPES = ["csv", "txt", "xlsx", "zip"]
UNITS = ("", "person", "household")


@dataclass
class Choices:
    """What the user chose for an import (a changed choice hides an older report)."""

    kind: str
    year: int | None
    catalog_id: str
    mapping: ColumnMapping
    coding: str | None
    unit: str | None
    replace: bool
    append: bool = False
    keep_valid: bool = False

    def key(self) -> str:
        mapping = sorted(self.mapping.to_json().items(), key=str)
        chosen = (self.coding, self.unit, self.replace, self.append, self.keep_valid)
        return repr((self.kind, self.year, self.catalog_id, mapping, *chosen))


def _state() -> dict[str, Any]:
    return st.session_state.setdefault(STATE, {})


def reset() -> None:
    state = _state()
    if state.get("prepared") is not None:
        discard(state["prepared"])
        state["prepared"].report.discard()
    if state.get("folder"):
        shutil.rmtree(state["folder"], ignore_errors=True)
    st.session_state[STATE] = {}


def _signature(uploads: list[Any]) -> str:
    digest = hashlib.sha1()
    for upload in uploads:
        digest.update(upload.name.encode("utf-8"))
        digest.update(hashlib.sha1(upload.getvalue()).digest())
    return digest.hexdigest()


def uploaded_heads() -> list[FileHead] | None:
    """The files the user uploaded (ZIPs opened), read up to their header rows; None without any."""
    from dashboard.auth_ui import upload_limit_mb

    uploads = st.file_uploader(
        t("data.upload"), type=UPLOAD_TYPES, accept_multiple_files=True, key="import_file", help=t("data.upload_help")
    )
    st.caption(t("data.upload_large", mb=upload_limit_mb()))  # the limit and what to do beyond it, said once
    if not uploads:
        reset()
        return None
    signature = _signature(uploads)
    state = _state()
    if state.get("signature") != signature:
        reset()
        state = _state()
        state["signature"] = signature
        folder = new_scratch_folder(data_access.workspace().root, "upload")  # users' files: never in /tmp
        state["folder"] = str(folder)
        paths = []
        for number, upload in enumerate(uploads):
            path = folder / f"{number:03d}-{Path(upload.name).name}"
            path.write_bytes(upload.getvalue())
            paths.append((path, upload.name))
        report = Report()
        state["heads"] = read_heads(expand_into(paths, folder, report), report)
        state["read_report"] = report
    if state["read_report"].problems:
        for problem in state["read_report"].problems:
            st.error(f"{problem.file}: {getattr(problem, f'message_{lang()}')}")
    if state.get("imported") == signature:
        return None
    return state["heads"] or None


def show_sources(heads: list[FileHead]) -> None:
    rows = [
        {
            t("col.file"): head.name,
            t("data.col_format"): head.encoding or "XLSX",
            t("data.col_header_row"): head.header_row,
            t("data.col_columns"): len(head.headers),
            t("data.col_size"): f"{head.path.stat().st_size / 2**20:,.1f} MB",
        }
        for head in heads
    ]
    st.caption(t("data.files_read", n=len(heads)))
    st.dataframe(pd.DataFrame(rows), hide_index=True, key="sources_table")
    with st.expander(t("data.preview")):
        st.dataframe(heads[0].sample.head(10), key="preview_table")


def _catalog(kind: str, year: int | None, catalog_choice: str) -> Catalog | None:
    if catalog_choice:
        return load_catalog(catalog_choice)
    if year is not None:
        return catalog_for_year(FAMILY[kind], int(year))
    return None


def _field_label(name: str) -> str:
    return schema()["fields"][name][lang()]


def _field_editor(head: FileHead, kind: str, mapping: ColumnMapping) -> ColumnMapping:
    not_used = t("data.not_used")
    options = [not_used, *head.headers]
    fields = kind_fields(kind)
    frame = pd.DataFrame(
        {
            "field": fields,
            "label": [_field_label(f) for f in fields],
            "header": [mapping.fields.get(f, not_used) for f in fields],
        }
    )
    edited = st.data_editor(
        frame,
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
    result.fields = {row["field"]: row["header"] for _, row in edited.iterrows() if row["header"] != not_used}
    return result


def _indicator_editor(head: FileHead, kind: str, catalog: Catalog, mapping: ColumnMapping, result: ColumnMapping):
    not_used = t("data.not_used")
    options = [not_used, *head.headers]
    title = f"title_{lang()}"
    ids = catalog.indicator_ids
    if kind == "bmn-agg" and "indicator_id" not in result.fields:
        frame = pd.DataFrame({"indicator_id": ids, "title": catalog.indicators[title].tolist()})
        for measure in COUNT_COLUMNS:
            frame[measure] = [mapping.counts.get(i, {}).get(measure, not_used) for i in ids]
        config = {
            m: st.column_config.SelectboxColumn(t(f"col.{m}"), options=options, required=True) for m in COUNT_COLUMNS
        }
    elif kind in ("bmn", "nrd2c", "village-data"):
        headers = [mapping.indicators.get(i, not_used) for i in ids]
        frame = pd.DataFrame({"indicator_id": ids, "title": catalog.indicators[title].tolist(), "header": headers})
        config = {"header": st.column_config.SelectboxColumn(t("col.header"), options=options, required=True)}
    else:
        return
    config |= {
        "indicator_id": st.column_config.TextColumn(t("col.indicator_id")),
        "title": st.column_config.TextColumn(t("col.indicator"), width="large"),
    }
    st.markdown(f"**{t('data.indicator_mapping')}**")
    edited = st.data_editor(
        frame,
        hide_index=True,
        disabled=["indicator_id", "title"],
        key=f"map_indicators_{kind}_{catalog.id}_{_state().get('signature', '')[:8]}",
        column_config=config,
    )
    for _, row in edited.iterrows():
        if "header" in row and row["header"] != not_used:
            result.indicators[row["indicator_id"]] = row["header"]
        for measure in COUNT_COLUMNS:
            if measure in row and row[measure] != not_used:
                result.counts.setdefault(row["indicator_id"], {})[measure] = row[measure]


def mapping_editor(head: FileHead, kind: str, catalog: Catalog | None) -> ColumnMapping:
    """Editable tables of field → header and indicator → header for the first file's shape."""
    mapping, remembered = mapping_for(data_access.workspace().root, kind, head.headers, catalog)
    if remembered:
        st.success(t("data.mapping_remembered"))
    st.caption(t("data.mapping_help"))
    result = _field_editor(head, kind, mapping)
    if catalog is None:
        st.info(t("data.need_year"))
        return result
    _indicator_editor(head, kind, catalog, mapping, result)
    if result.personal:
        st.info(t("data.personal", columns=", ".join(result.personal)))
    return result


def survey_choices(kind: str) -> tuple[int | None, str]:
    """The survey year and indicator catalog (asked before the files: they apply to all of them)."""
    cols = st.columns(2)
    year = cols[0].number_input(t("data.year"), min_value=2400, max_value=2800, value=None, step=1, key="import_year")
    names = {"": t("data.catalog_auto"), **{c.id: getattr(c, f"name_{lang()}") for c in catalogs(FAMILY[kind])}}
    catalog_choice = cols[1].selectbox(
        t("data.catalog"), list(names), key=f"import_catalog_{kind}", format_func=names.get
    )
    return (int(year) if year else None), catalog_choice


def import_choices(kind: str, heads: list[FileHead], year: int | None, catalog_choice: str) -> Choices:
    """The mapping of the files' columns and the options of this kind of file."""
    st.subheader(t("data.mapping"))
    mapping = mapping_editor(heads[0], kind, _catalog(kind, year, catalog_choice))
    coding = unit = None
    if kind == "bmn":
        labels = {"": t("data.coding_auto"), **{k: str(v[lang()]) for k, v in codings().items()}}
        coding = st.selectbox(t("data.coding"), list(labels), format_func=labels.get, key="import_coding") or None
    if kind == "bmn-agg":
        unit = st.selectbox(
            t("data.unit"),
            UNITS,
            format_func={u: t(f"data.unit_{u or 'catalog'}") for u in UNITS}.get,
            key="import_unit",
        )
        unit = unit or None
    replace = st.checkbox(t("data.replace"), key="import_replace", help=t("data.replace_help"))
    append = kind == "bmn" and st.checkbox(t("data.append"), key="import_append", help=t("data.append_help"))
    keep_valid = import_report.keep_valid_choice(kind)
    return Choices(kind, year, catalog_choice, mapping, coding, unit, replace, append, keep_valid)


def checked(heads: list[FileHead], choices: Choices) -> Prepared | None:
    """Run the checks when asked; the prepared import of these choices, if any."""
    state = _state()
    if st.button(t("data.validate"), type="secondary", key="validate_button"):
        if state.get("prepared") is not None:
            discard(state["prepared"])
        bar = st.progress(0.0, text=t("progress.validating"))

        def progress(fraction: float, step: str) -> None:
            bar.progress(min(fraction, 1.0), text=f"{t(f'progress.{step}')} · {fraction * 100:.0f}%")

        state["prepared"] = prepare_import(
            data_access.workspace(),
            choices.kind,
            heads,
            choices.year,
            choices.catalog_id or None,
            choices.mapping,
            None,
            choices.coding,
            choices.replace,
            progress,
            choices.unit,
            append=choices.append,
            keep_valid=choices.keep_valid,
        )
        state["prepared_key"] = choices.key()
        bar.empty()
    return state.get("prepared") if state.get("prepared_key") == choices.key() else None


def _confirmed_removal(prepared: Prepared) -> list[str] | None:
    """The areas a replace removes, once the user ticked that they mean it (None: not ticked)."""
    removal = prepared.removal
    if removal is None or removal.empty:
        return []
    areas = removal.describe(lang(), area_names(data_access.workspace(), removal.codes()))
    st.warning(t("safety.removal.warning", areas=areas))
    counts = {"areas": f"{len(removal.cover):,}", "villages": f"{len(removal.leaves):,}"}
    label = t("safety.removal.confirm", households=f"{removal.households:,}", **counts)
    ticked = st.checkbox(label, key="import_remove_confirm")
    return removal.codes() if ticked else None


def import_action(prepared: Prepared, choices: Choices) -> None:
    if not prepared.ok:
        return
    remove = _confirmed_removal(prepared)
    if not st.button(t("data.import"), type="primary", key="import_button", disabled=remove is None):
        return
    bar = st.progress(0.95, text=t("progress.saving"))

    def progress(fraction: float, step: str) -> None:
        bar.progress(fraction, text=t(f"progress.{step}"))

    try:
        replace = choices.replace or choices.append
        info = commit_import(data_access.workspace(), prepared, replace, False, progress, actor=actor(), remove=remove)
    except StoreError as error:
        bar.empty()
        st.error(error.message(lang()))
        return
    except PermissionDenied as error:
        bar.empty()
        st.error(error.message(lang()))
        return
    signature = _state().get("signature")
    reset()
    # the files stay in the uploader: remember they are imported, so the page does not offer them again
    _state().update(signature=signature, imported=signature, heads=[], read_report=Report())
    st.session_state["import_done"] = dataset_words(info.year, info.kind, info.file_name)
    st.rerun()
