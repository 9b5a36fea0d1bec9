"""One import of one or many files, top to bottom: read each file's head → plan its columns →
stage every row → check → write the layers aside; then (unless a dry run or errors) commit, all
or nothing. The CLI (`cia import ...`) and the Data page both call these functions.

Every file of an import (e.g. the 77 province files of a national year, a folder or a ZIP of
them) becomes one dataset, committed once; the report names each problem's file and row. What
differs between households, counts, กชช.2ค and village data sets is declared in kinds.py; the
authorised write is in committing.py.
"""

from __future__ import annotations

from pathlib import Path

from analysis.datasets import DatasetInfo
from analysis.diskspace import IMPORT_SPACE_FACTOR, files_size, reported_disk_full
from analysis.importers import levels
from analysis.importers.checks import write_full_list
from analysis.importers.committing import commit_import, may_import
from analysis.importers.common import (
    FilePlan,
    Prepared,
    discard,
    field_headers,
    report_broken_rows,
    report_unused_columns,
    stage,
)
from analysis.importers.guarded import area_names
from analysis.importers.keys import resolve_area_keys, resolve_years
from analysis.importers.kinds import KIND, ImportOptions
from analysis.importers.planning import (
    ambiguous_headers,
    choose_catalog,
    display_name,
    given_year,
    numbering_beyond_catalog,
    plan_files,
    read_heads,
    sample_year,
)
from analysis.importers.session import ImportSession, SourceFile
from analysis.importers.sources import expand_sources
from analysis.layer_files import layer_codes
from analysis.mapping import ColumnMapping
from analysis.readers import FileHead
from analysis.removal import plan_write
from analysis.store import Progress, Workspace, no_progress
from analysis.validation import Report

READ_SHARE, CHECK_SHARE = 0.55, 0.8  # progress: reading up to 55 %, checks up to 80 %, layers to 95 %
AREA_FIELDS_OF_ROWS = ("village_code", "area_code", "province_code", "amphoe_code", "tambon_code")


def import_files(
    workspace: Workspace,
    kind: str,
    paths: list[str | Path],
    year: int | None = None,
    catalog_id: str | None = None,
    overrides: dict[str, str] | None = None,
    coding: str | None = None,
    unit: str | None = None,
    replace: bool = False,
    demo: bool = False,
    dry_run: bool = False,
    progress: Progress = no_progress,
    actor=None,
    append: bool = False,
    keep_valid: bool = False,
    remove: list[str] | None = None,
) -> tuple[Prepared, DatasetInfo | None]:
    """Read, check and (unless ``dry_run`` or errors) store files as one dataset, as ``actor``
    (refused early when the actor may not import data at all); ``remove`` names the areas a
    replace may remove (see commit_import)."""
    if not dry_run:
        may_import(workspace, actor)
    report = Report()
    progress(0.0, "reading")
    with expand_sources([Path(p) for p in paths], report, workspace.root) as sources:
        heads = read_heads(sources, report)
        if report.has_errors:
            return Prepared(kind=kind, file=display_name(heads) or Path(paths[0]).name, report=report), None
        prepared = prepare_import(
            workspace,
            kind,
            heads,
            year,
            catalog_id,
            None,
            overrides,
            coding,
            replace,
            progress,
            unit,
            report,
            append,
            keep_valid,
        )
        if dry_run or not prepared.ok:
            discard(prepared)
            return prepared, None
        try:
            info = commit_import(workspace, prepared, replace or append, demo, progress, actor=actor, remove=remove)
        finally:
            discard(prepared)  # a refused or failed commit leaves no scratch behind
    return prepared, info


def import_file(workspace: Workspace, kind: str, path: str | Path, **options) -> tuple[Prepared, DatasetInfo | None]:
    """One file (see import_files)."""
    return import_files(workspace, kind, [path], **options)


def prepare_import(
    workspace: Workspace,
    kind: str,
    heads: list[FileHead],
    year: int | None = None,
    catalog_id: str | None = None,
    mapping: ColumnMapping | None = None,
    overrides: dict[str, str] | None = None,
    coding: str | None = None,
    replace: bool = False,
    progress: Progress = no_progress,
    unit: str | None = None,
    report: Report | None = None,
    append: bool = False,
    keep_valid: bool = False,
) -> Prepared:
    """Check every row of the files and write the new dataset's layers aside (nothing committed).
    ``append``: a collection sent in parts keeps the year's households, the ones sent again
    replaced; ``keep_valid`` (aggregates): rows with errors set aside, the valid ones imported."""
    if kind not in KIND:
        raise ValueError(f"unknown import kind {kind!r}")
    report = report or Report()
    prepared = Prepared(kind=kind, file=display_name(heads), report=report, headers=[h.headers for h in heads])
    prepared.meta.update({"keep_valid": True} if keep_valid else {})
    if not heads:
        return prepared
    progress(0.02, "mapping_columns")
    given = given_year(year, prepared.file, report)
    prepared.year = given if given is not None else sample_year(heads, kind, workspace, report)
    if prepared.year is None and not report.has_errors:
        report.add("year_missing", prepared.file)
    prepared.catalog = choose_catalog(kind, prepared.year, catalog_id, prepared.file, report)
    if prepared.catalog is None or prepared.year is None:
        return prepared
    plans = plan_files(workspace, kind, heads, prepared.catalog, mapping, overrides)
    prepared.mapping = plans[0].mapping
    _file_level_checks(kind, plans, prepared)
    chosen = set((overrides or {}).values()) | (mapping.used_headers() if mapping is not None else set())
    ambiguous_headers(plans, chosen, report)
    if report.has_errors:
        return prepared
    session, options = ImportSession.open(workspace.root), ImportOptions(coding, unit, append)
    need = IMPORT_SPACE_FACTOR * files_size(h.path for h in heads)
    try:
        with reported_disk_full(workspace.root, need):
            _prepare_in_session(workspace, session, prepared, plans, given, options, progress)
    except BaseException:
        session.discard()
        raise
    if prepared.ok and not report.has_errors:
        _check_overlaps(workspace, prepared, replace or append)
    if report.has_errors or not prepared.layers:
        session.discard()
        prepared.layers, prepared.folder = {}, None
    else:
        session.close()
        prepared.folder = session.folder
    progress(0.95, "validated")
    return prepared


def _file_level_checks(kind: str, plans: list[FilePlan], prepared: Prepared) -> None:
    """What the files' headers already tell: indicators numbered for another catalog, no area
    column, or none of the columns the kind needs."""
    report = prepared.report
    numbering_beyond_catalog(plans, prepared.catalog, report)
    for plan in plans:
        if not any(f in plan.mapping.fields for f in AREA_FIELDS_OF_ROWS):
            report.add("no_area_columns", plan.head.name)
    KIND[kind].required_columns(plans, prepared)


def _prepare_in_session(
    workspace: Workspace,
    session: ImportSession,
    prepared: Prepared,
    plans: list[FilePlan],
    given: int | None,
    options: ImportOptions,
    progress: Progress,
) -> None:
    """Read → keys and years → the kind's checks and layers, all inside the import session."""
    report, kind = prepared.report, KIND[prepared.kind]
    _stage_files(session, prepared, plans, progress)
    report_broken_rows(session, report)
    if session.con.execute("SELECT count(*) FROM rows").fetchall()[0][0] == 0:
        report.add("empty_file", prepared.file)
        return
    progress(READ_SHARE, "validating")
    rows_year = resolve_years(session, given, report)
    if rows_year is not None:
        prepared.year = rows_year
    resolve_area_keys(session, workspace.register(), kind.village_rows, report)
    progress(0.65, "validating")
    kind.checks_and_layers(workspace, session, prepared, plans, options)
    report_unused_columns(plans, report)
    write_full_list(session, report)
    progress(CHECK_SHARE, "building_layers")
    files = [
        {"name": f.name, "rows": f.rows, "encoding": f.encoding, "header_row": f.header_row} for f in session.files
    ]
    prepared.meta.update(files=files, encoding=files[0]["encoding"], header_row=files[0]["header_row"])


def _stage_files(session: ImportSession, prepared: Prepared, plans: list[FilePlan], progress: Progress) -> None:
    """Every file into the session through the SELECT of its kind (the reading share of progress)."""
    session.files = [
        SourceFile(i, p.head.name, field_headers(p.mapping), encoding=p.head.encoding, header_row=p.head.header_row)
        for i, p in enumerate(plans)
    ]

    def reading(fraction: float, step: str) -> None:
        progress(0.02 + (READ_SHARE - 0.02) * fraction, step)

    select, constants = KIND[prepared.kind].reader(plans, prepared.catalog)
    stage(session, plans, select, reading, constants)


def _check_overlaps(workspace: Workspace, prepared: Prepared, replace: bool) -> None:
    """Existing data of the same areas and year: an error, or (replacing) the datasets replaced and
    — said before anything is saved — the areas replacing them would remove."""
    codes = layer_codes(prepared.layers)
    overlaps = workspace.overlapping(prepared.kind, int(prepared.year or 0), codes, prepared.catalog.id)
    for info, code in overlaps:
        if replace:
            prepared.meta.setdefault("replaces", []).append(info.id)
        else:
            prepared.report.add(
                "overlaps_existing_dataset", prepared.file, value=code, detail=f"{prepared.year} ({info.id})"
            )
    if replace and overlaps:
        removal = plan_write(workspace, "", codes, [info for info, _ in overlaps]).removal
        if not removal.empty:
            prepared.removal = removal
            names = area_names(workspace, removal.codes())
            words = {lang: removal.describe(lang, names) for lang in ("th", "en")}
            prepared.report.add("replace_removes_areas", prepared.file, detail=words)
    levels.compare_with_stored(workspace, prepared)  # another level of the same areas and year
