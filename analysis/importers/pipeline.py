"""One import: read → map columns → validate → build layer tables → commit (all or nothing).

The CLI (`cia import ...`) and the Data page both call these functions.
"""

from __future__ import annotations

from pathlib import Path

from analysis.importers.aggregates import prepare_aggregates
from analysis.importers.common import Prepared, resolve_catalog, resolve_year
from analysis.importers.household import prepare_households
from analysis.importers.nrd2c import prepare_nrd2c
from analysis.mapping import KINDS, ColumnMapping, apply_overrides, header_score, mapping_for, remember_mapping
from analysis.readers import RawTable, ReadError, read_table
from analysis.store import DatasetInfo, Progress, StoreError, Workspace, _no_progress
from analysis.validation import Report


def read_upload(source: str | Path | bytes, name: str | None = None) -> RawTable:
    """Read an office file, finding its header row among the first rows."""
    return read_table(source, name=name, header_score=header_score)


def prepare_import(
    workspace: Workspace,
    kind: str,
    table: RawTable,
    year: int | None = None,
    catalog_id: str | None = None,
    mapping: ColumnMapping | None = None,
    overrides: dict[str, str] | None = None,
    coding: str | None = None,
    replace: bool = False,
    progress: Progress = _no_progress,
) -> Prepared:
    """Validate a raw table and build its layer tables; nothing is written."""
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}")
    report = Report()
    prepared = Prepared(kind=kind, file=table.name, report=report)
    if table.frame.empty:
        report.add("empty_file", table.name)
        return prepared
    progress(0.05, "mapping_columns")
    if mapping is None:
        provisional, _ = mapping_for(workspace.root, kind, table.headers, None)
        prepared.year = resolve_year(table, provisional, year, report)
        prepared.catalog = resolve_catalog(kind, prepared.year, catalog_id, table.name, report)
        mapping, _ = mapping_for(workspace.root, kind, table.headers, prepared.catalog)
    else:
        prepared.year = resolve_year(table, mapping, year, report)
        prepared.catalog = resolve_catalog(kind, prepared.year, catalog_id, table.name, report)
    if overrides:
        mapping = apply_overrides(mapping, overrides, prepared.catalog)
    prepared.mapping = mapping
    if prepared.catalog is None or prepared.year is None:
        return prepared
    progress(0.15, "validating")
    register = workspace.register()
    if kind == "bmn":
        prepare_households(table, mapping, prepared, register, coding)
    elif kind == "bmn-agg":
        prepare_aggregates(table, mapping, prepared, register)
    else:
        prepare_nrd2c(table, mapping, prepared, register)
    prepared.meta.update(encoding=table.encoding, header_row=table.header_row)
    if prepared.tables and not report.has_errors:
        _check_overlaps(workspace, prepared, replace)
    progress(0.5, "validated")
    return prepared


def _check_overlaps(workspace: Workspace, prepared: Prepared, replace: bool) -> None:
    leaf = prepared.tables.get("leaf_counts", prepared.tables.get("nrd2c_levels"))
    column = "area_code" if "leaf_counts" in prepared.tables else "village_code"
    codes = set(leaf[column].unique())
    for info, code in workspace.overlapping(prepared.kind, int(prepared.year or 0), codes):
        if replace:
            prepared.meta.setdefault("replaces", []).append(info.id)
        else:
            prepared.report.add(
                "overlaps_existing_dataset", prepared.file, value=code, detail=f"{prepared.year} ({info.id})"
            )


def commit_import(
    workspace: Workspace,
    prepared: Prepared,
    source: bytes | None = None,
    replace: bool = False,
    demo: bool = False,
    progress: Progress = _no_progress,
    headers: list[str] | None = None,
) -> DatasetInfo:
    """Write a prepared import. Refused (StoreError) when the report has errors."""
    if prepared.report.has_errors or not prepared.tables:
        raise StoreError("การนำเข้ามีข้อผิดพลาด จึงไม่บันทึก / the import has errors and was not written")
    assert prepared.catalog is not None and prepared.year is not None and prepared.mapping is not None
    info = workspace.commit(
        kind=prepared.kind,
        catalog_id=prepared.catalog.id,
        year=prepared.year,
        file_name=prepared.file,
        tables=prepared.tables,
        meta=prepared.meta,
        source=source,
        replace=replace,
        demo=demo,
        progress=progress,
    )
    if headers is not None:
        remember_mapping(workspace.root, headers, prepared.mapping)
    return info


def import_file(
    workspace: Workspace,
    kind: str,
    path: str | Path,
    year: int | None = None,
    catalog_id: str | None = None,
    overrides: dict[str, str] | None = None,
    coding: str | None = None,
    replace: bool = False,
    demo: bool = False,
    dry_run: bool = False,
    progress: Progress = _no_progress,
) -> tuple[Prepared, DatasetInfo | None]:
    """Read, validate and (unless ``dry_run`` or errors) store one file."""
    path = Path(path)
    progress(0.0, "reading")
    try:
        source = path.read_bytes()
        table = read_upload(source, path.name)
    except (OSError, ReadError) as error:
        report = Report()
        report.add("unreadable_file", path.name, detail=str(error))
        return Prepared(kind=kind, file=path.name, report=report), None
    prepared = prepare_import(workspace, kind, table, year, catalog_id, None, overrides, coding, replace, progress)
    if dry_run or not prepared.ok:
        return prepared, None
    info = commit_import(workspace, prepared, source, replace, demo, progress, headers=table.headers)
    return prepared, info
