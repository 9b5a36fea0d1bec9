"""One import of one or many files: read → map columns → stage → check → write layers → commit
(all or nothing). The CLI (`cia import ...`) and the Data page both call these functions.

Every file of an import (e.g. the 77 province files of a national year, a folder or a ZIP of
them) becomes one dataset, committed once; the report names each problem's file and row.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

from analysis.catalogs import Catalog, catalog_for_year, catalog_names, load_catalog
from analysis.datasets import FAMILY, DatasetInfo
from analysis.diskspace import IMPORT_SPACE_FACTOR, files_size, reported_disk_full
from analysis.i18n import translate
from analysis.importers import aggregates, facts, household, levels, nrd2c, set_aside, village_data
from analysis.importers.checks import run_checks, write_full_list
from analysis.importers.common import (
    FilePlan,
    Prepared,
    field_headers,
    report_broken_rows,
    report_unused_columns,
    stage,
)
from analysis.importers.guarded import guarded
from analysis.importers.keys import parse_year, resolve_area_keys, resolve_years
from analysis.importers.personal import personal_checks
from analysis.importers.session import ImportSession, SourceFile
from analysis.importers.sources import expand_sources
from analysis.layer_files import layer_codes
from analysis.mapping import (
    AREA_FIELDS,
    KINDS,
    ColumnMapping,
    apply_overrides,
    catalog_id_for_number,
    header_score,
    mapping_for,
    parse_indicator_header,
    remember_mapping,
    suggested_fields,
)
from analysis.readers import EXCEL_SUFFIXES, FileHead, ReadError, read_head
from analysis.small_tables import RawTable, read_table
from analysis.store import Progress, Workspace, no_progress
from analysis.store_errors import StoreError
from analysis.validation import Report
from analysis.workbooks import read_workbook

SAMPLE_PROBLEMS = 20
READ_SHARE, CHECK_SHARE = 0.55, 0.8  # progress: reading up to 55 %, checks up to 80 %, layers to 95 %


def read_upload(source: str | Path | bytes, name: str | None = None) -> RawTable:
    """A whole (small) file as text cells, its header row found among the first rows."""
    return read_table(source, name=name, header_score=header_score)


def read_heads(paths: list[tuple[Path, str]], report: Report) -> list[FileHead]:
    """The head of every file — of every data sheet of a workbook (a sheet cut short is refused,
    one that holds no data is named); an unreadable file is reported (and left out)."""
    heads = []
    for path, name in paths:
        try:
            if not name.lower().endswith(EXCEL_SUFFIXES):
                heads.append(read_head(path, name, header_score))
                continue
            book = read_workbook(path, name, header_score, has_area_column)
        except ReadError as error:
            report.add(error.rule, name, detail=error.words())
            continue
        for sheet in book.truncated:
            report.add("sheet_truncated", name, value=sheet)
        for sheet in book.not_data:
            report.add("sheet_not_data", name, value=sheet)
        if not book.heads and not book.truncated:
            report.add("empty_file", name)
        heads += book.heads
    return heads


def has_area_column(head: FileHead) -> bool:
    """A sheet holds data when one of its headers names an area code (a notes sheet does not)."""
    return any(f in suggested_fields(head.headers) for f in AREA_FIELDS)


def _given_year(year: int | str | None, file: str, report: Report) -> int | None:
    if year is None or year == "":
        return None
    try:
        value, converted = parse_year(year)
    except ValueError:
        report.add("year_invalid", file, value=year)
        return None
    if converted:
        report.add("year_ce_converted", file, value=year, detail=value)
    return value


def _sample_year(heads: list[FileHead], kind: str, workspace: Workspace, report: Report) -> int | None:
    """The year the first rows give (to choose the catalog before reading every row). When they
    give only unreadable years, those are reported (the import cannot choose a catalog)."""
    bad = []
    for head in heads:
        provisional, _ = mapping_for(workspace.root, kind, head.headers, None)
        header = provisional.fields.get("year")
        if header is None:
            continue
        for row, text in head.sample[header].items():
            try:
                return parse_year(text)[0]
            except ValueError:
                if text != "":
                    bad.append((head.name, int(row), header, text))
    for name, row, header, text in bad[:SAMPLE_PROBLEMS]:
        report.add("year_invalid", name, row, header, text)
    return None


def _catalog(kind: str, year: int | None, catalog_id: str | None, file: str, report: Report) -> Catalog | None:
    if catalog_id:
        catalog = load_catalog(catalog_id)
        if year is not None and not catalog.covers(year):
            report.add("catalog_year_mismatch", file, value=year, detail=catalog_names(catalog.id))
        return catalog
    if year is None:
        return None
    catalog = catalog_for_year(FAMILY[kind], year)
    if catalog is None:
        report.add("no_catalog_for_year", file, value=year)
    return catalog


def plan_files(
    workspace: Workspace,
    kind: str,
    heads: list[FileHead],
    catalog: Catalog,
    mapping: ColumnMapping | None,
    overrides: dict[str, str] | None,
) -> list[FilePlan]:
    """Each file's mapping: the one given (for files of the first file's shape), else the one
    remembered for the file's shape, else a suggestion; user overrides applied to all."""
    plans = []
    for head in heads:
        if mapping is not None and set(head.headers) == set(heads[0].headers):
            chosen = ColumnMapping.from_json(mapping.to_json())
        else:
            chosen, _ = mapping_for(workspace.root, kind, head.headers, catalog)
        if overrides:
            chosen = apply_overrides(chosen, overrides, catalog)
        flag_personal(chosen, head)
        plans.append(FilePlan(head, chosen))
    return plans


def flag_personal(mapping: ColumnMapping, head: FileHead) -> None:
    """Add to the columns never read or stored the unmapped ones that hold personal data — by
    their header (names, citizen ids, phones, addresses, house numbers) or by their first values
    (13-digit ids passing the checksum, phone numbers, titled names)."""
    from analysis.privacy import personal_reason

    used = mapping.used_headers()
    for header in head.headers:
        if header not in used and personal_reason(header, head.sample[header].tolist()):
            mapping.personal.append(header)


def ambiguous_headers(plans: list[FilePlan], chosen: set[str], report: Report) -> None:
    """A header written twice in one file ("จำนวนสมาชิก" and "จำนวนสมาชิก (2)" as read) that the
    suggested mapping reads: which copy holds the data is a guess, so it is an error — unless the
    user chose the column (the Data page's mapping, --map)."""
    for plan in plans:
        headers = set(plan.head.headers)
        for used in sorted(plan.mapping.used_headers() - chosen):
            base = re.sub(r" \(\d+\)$", "", used)
            if f"{base} (2)" in headers and used not in set(plan.mapping.personal):
                report.add("header_duplicated", plan.head.name, column=base, detail=f"{base} (2)")


def display_name(heads: list[FileHead]) -> str:
    if not heads:
        return ""
    return heads[0].name if len(heads) == 1 else f"{heads[0].name} (+{len(heads) - 1})"


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
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}")
    report = report or Report()
    prepared = Prepared(kind=kind, file=display_name(heads), report=report, headers=[h.headers for h in heads])
    prepared.meta.update({"keep_valid": True} if keep_valid else {})
    if not heads:
        return prepared
    progress(0.02, "mapping_columns")
    given = _given_year(year, prepared.file, report)
    prepared.year = given if given is not None else _sample_year(heads, kind, workspace, report)
    if prepared.year is None and not report.has_errors:
        report.add("year_missing", prepared.file)
    prepared.catalog = _catalog(kind, prepared.year, catalog_id, prepared.file, report)
    if prepared.catalog is None or prepared.year is None:
        return prepared
    plans = plan_files(workspace, kind, heads, prepared.catalog, mapping, overrides)
    prepared.mapping = plans[0].mapping
    _file_level_checks(kind, plans, prepared)
    chosen = set((overrides or {}).values()) | (mapping.used_headers() if mapping is not None else set())
    ambiguous_headers(plans, chosen, report)
    if report.has_errors:
        return prepared
    session = ImportSession.open(workspace.root)
    need = IMPORT_SPACE_FACTOR * files_size(h.path for h in heads)
    try:
        with reported_disk_full(workspace.root, need):
            _prepare_in_session(workspace, session, prepared, plans, given, coding, unit, progress, append)
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


def numbering_beyond_catalog(plans: list[FilePlan], catalog: Catalog, report: Report) -> None:
    """A file whose indicator columns are numbered past the catalog's (ข้อ 32–38 read with the
    2560–2564 catalog of 31) was made for another catalog: its numbers mean other indicators, so
    it is refused, naming the catalogs whose numbering fits."""
    from analysis.catalogs import catalogs

    for plan in plans:
        numbers = {
            n for h in plan.head.headers if (parsed := parse_indicator_header(h)) is not None for n in [parsed[0]]
        }
        beyond = sorted(n for n in numbers if catalog_id_for_number(catalog, n) is None)
        if not beyond:
            continue
        fitting = [c for c in catalogs(catalog.kind) if all(catalog_id_for_number(c, n) for n in numbers)]
        shown = f"{beyond[0]}–{beyond[-1]}" if len(beyond) > 1 else str(beyond[0])
        words = {
            lang: getattr(catalog, f"name_{lang}")
            + "".join(f" · {translate('safety.fits', lang, catalog=getattr(c, f'name_{lang}'))}" for c in fitting)
            for lang in ("th", "en")
        }
        report.add("indicators_beyond_catalog", plan.head.name, value=shown, detail=words)


def _file_level_checks(kind: str, plans: list[FilePlan], prepared: Prepared) -> None:
    report, catalog = prepared.report, prepared.catalog
    numbering_beyond_catalog(plans, catalog, report)
    for plan in plans:
        if not any(
            f in plan.mapping.fields
            for f in ("village_code", "area_code", "province_code", "amphoe_code", "tambon_code")
        ):
            report.add("no_area_columns", plan.head.name)
    if kind == "bmn":
        household.required_columns([p for p in plans if not facts.wrong_kind(p, prepared)], prepared)
    elif kind == "bmn-agg":
        for plan in plans:
            if "indicator_id" not in plan.mapping.fields and not plan.mapping.counts:
                report.add("no_indicator_columns", plan.head.name, detail=catalog_names(catalog.id))
    else:
        for plan in plans:
            if not plan.mapping.indicators:
                report.add("no_indicator_columns", plan.head.name, detail=catalog_names(catalog.id))


def _prepare_in_session(
    workspace: Workspace,
    session: ImportSession,
    prepared: Prepared,
    plans: list[FilePlan],
    given: int | None,
    coding: str | None,
    unit: str | None,
    progress: Progress,
    append: bool = False,
) -> None:
    """Read → keys and years → the kind's checks and layers, all inside the import session."""
    report = prepared.report
    _stage_files(session, prepared, plans, progress)
    report_broken_rows(session, report)
    if session.con.execute("SELECT count(*) FROM rows").fetchall()[0][0] == 0:
        report.add("empty_file", prepared.file)
        return
    progress(READ_SHARE, "validating")
    rows_year = resolve_years(session, given, report)
    if rows_year is not None:
        prepared.year = rows_year
    resolve_area_keys(session, workspace.register(), prepared.kind != "bmn-agg", report)
    progress(0.65, "validating")
    if prepared.kind == "bmn":
        previous = _added_to(workspace, session, prepared) if append else None
        if not report.has_errors:
            household.prepare_households(session, prepared, plans, coding, previous)
    elif prepared.kind == "bmn-agg":
        _prepare_aggregates(session, prepared, plans, unit)
    elif prepared.kind == "village-data":
        village_data.prepare(session, prepared, plans)
    else:
        nrd2c.prepare(session, prepared, plans)
    report_unused_columns(plans, report)
    write_full_list(session, report)
    progress(CHECK_SHARE, "building_layers")
    files = [
        {"name": f.name, "rows": f.rows, "encoding": f.encoding, "header_row": f.header_row} for f in session.files
    ]
    prepared.meta.update(files=files, encoding=files[0]["encoding"], header_row=files[0]["header_row"])


def _stage_files(session: ImportSession, prepared: Prepared, plans: list[FilePlan], progress: Progress) -> None:
    """Every file into the session through the SELECT of its kind (the reading share of progress)."""
    catalog = prepared.catalog
    session.files = [
        SourceFile(i, p.head.name, field_headers(p.mapping), encoding=p.head.encoding, header_row=p.head.header_row)
        for i, p in enumerate(plans)
    ]

    def reading(fraction: float, step: str) -> None:
        progress(0.02 + (READ_SHARE - 0.02) * fraction, step)

    constants = None
    if prepared.kind == "bmn":
        indicators = household.indicator_columns(plans, catalog.indicator_ids)
        select = partial(household.select_sql, indicators=indicators, income_id=catalog.income_indicator)
        constants = partial(household.constant_columns, indicators=indicators, income_id=catalog.income_indicator)
    elif prepared.kind == "bmn-agg":
        pairs = aggregates.wide_pairs(plans, catalog)
        select = partial(aggregates.select_sql, pairs=pairs)
        constants = partial(aggregates.constant_columns, pairs=pairs)
    elif prepared.kind == "village-data":
        select = partial(village_data.select_sql, indicators=village_data.indicator_columns(plans, catalog))
    else:
        select = partial(nrd2c.select_sql, indicators=nrd2c.indicator_columns(plans, catalog))
    stage(session, plans, select, reading, constants)


def _added_to(workspace: Workspace, session: ImportSession, prepared: Prepared) -> list[Path]:
    """The households files of the year's datasets this import adds to (those sharing an area
    with it): their households are kept, except the ones sent again."""
    codes = [c for (c,) in session.con.execute("SELECT DISTINCT code FROM area_keys WHERE code IS NOT NULL").fetchall()]
    prepared.sent_codes = codes
    files = []
    for info, _ in workspace.overlapping(prepared.kind, int(prepared.year), codes):
        if info.catalog_id != prepared.catalog.id:
            prepared.report.add(
                "append_catalog_mismatch", prepared.file, value=info.id, detail=catalog_names(info.catalog_id)
            )
            continue
        path = workspace.dataset_dir(info.id) / "households.parquet"
        if path.exists():
            files.append(path)
            prepared.meta.setdefault("appends_to", []).append(info.id)
    return files


def _prepare_aggregates(session: ImportSession, prepared: Prepared, plans: list[FilePlan], unit: str | None) -> None:
    report, catalog = prepared.report, prepared.catalog
    levels.file_levels(session, prepared)
    pairs = aggregates.wide_pairs(plans, catalog)
    aggregates.resolve_indicators(session, catalog)
    long_files = [i for i, p in enumerate(plans) if "indicator_id" in p.mapping.fields]
    files = ", ".join(map(str, long_files)) or "NULL"
    session.con.execute(
        "CREATE OR REPLACE VIEW long_indicators AS SELECT r.__file, r.row, r.indicator_raw, i.indicator_id "
        f"FROM rows r LEFT JOIN indicator_keys i USING (indicator_raw) WHERE r.__file IN ({files})"
    )
    run_checks(session, "long_indicators", aggregates.indicator_checks(catalog), report)
    aggregates.count_rows_view(session, plans, pairs)
    run_checks(session, "count_rows", aggregates.count_checks(), report)
    run_checks(session, "rows", aggregates.number_checks() + personal_checks(session, "rows", ("area_name",)), report)
    aggregates.good_counts(session)
    duplicates, totals = aggregates.duplicates_and_totals(session)
    run_checks(session, "counted", duplicates, report)
    found = {i for (i,) in session.con.execute("SELECT DISTINCT indicator_id FROM good_counts").fetchall()}
    for indicator_id in sorted(found, key=catalog.indicator_ids.index):
        if catalog.indicator(indicator_id)["status"] == "placeholder":
            report.add("placeholder_indicator", prepared.file, value=indicator_id)
    missing = [i for i in catalog.indicator_ids if i not in found and catalog.indicator(i)["status"] != "placeholder"]
    if missing and found:
        report.add("indicator_not_in_data", prepared.file, detail=", ".join(missing))
    if not found and not report.has_errors:
        report.add("empty_file", prepared.file)
    if report.has_errors and prepared.meta.get("keep_valid"):
        set_aside.set_aside(session, prepared)
    if report.has_errors:
        return
    run_checks(session, "total_rows", totals, report)
    unit = aggregates.file_unit(session, facts.plain_unit(unit), prepared.file, report)
    if report.has_errors:
        return
    unit = facts.decide_unit(session, prepared, unit)
    aggregates.write_layers(session, prepared, unit)
    counts = session.con.execute(
        "SELECT count(*), count(DISTINCT area_code) FROM read_parquet(?)", [str(prepared.layers["leaf_counts"])]
    ).fetchall()[0]
    summary = session.con.execute(
        "SELECT sum(households), sum(people), count(households), count(people) FROM read_parquet(?)",
        [str(prepared.layers["leaf_summary"])],
    ).fetchall()[0]
    villages = session.con.execute(
        "SELECT count(*) FROM read_parquet(?)", [str(prepared.layers["villages"])]
    ).fetchall()[0]
    prepared.meta.update(
        shape="long" if all("indicator_id" in p.mapping.fields for p in plans) else "wide",
        rows=int(counts[0]),
        areas=int(counts[1]),
        households=int(summary[0]) if summary[2] else None,
        people=int(summary[1]) if summary[3] else None,
        villages=int(villages[0]),
        count_unit=unit or "catalog",
        indicators=sorted(found, key=lambda i: (len(i), i)),
    )


def _check_overlaps(workspace: Workspace, prepared: Prepared, replace: bool) -> None:
    """Existing data of the same areas and year: an error, or (replacing) the datasets replaced and
    — said before anything is saved — the areas replacing them would remove."""
    from analysis.importers.guarded import area_names
    from analysis.removal import plan_write

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


def plans_url(workspace: Workspace) -> str:
    from analysis.plans.db import database_url

    return database_url(workspace.root)


def _acting(url: str, actor, action: str):
    """The actor as the database knows it now, refused early when its role lacks ``action``."""
    from analysis.auth import check_action

    return check_action(url, actor, action)


def may_import(workspace: Workspace, actor) -> None:
    """Refuse early (PermissionDenied) an actor who may not import data anywhere. A workspace
    with no plans database yet has no accounts: nothing to check, and nothing is created."""
    from analysis.auth import check_action
    from analysis.auth.guard import marked_shared, shared_by_setting

    url = plans_url(workspace)
    database_absent = url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists()
    if database_absent and not shared_by_setting() and not marked_shared(url):
        return
    check_action(url, actor, "import_data")


def commit_import(
    workspace: Workspace,
    prepared: Prepared,
    replace: bool = False,
    demo: bool = False,
    progress: Progress = no_progress,
    remember: bool = True,
    actor=None,
    remove: list[str] | None = None,
) -> DatasetInfo:
    """Commit a prepared import: refused (StoreError) when the report has errors; (PermissionDenied)
    unless ``actor`` may import data for every area the write creates, changes or removes; and
    (RemovalNotConfirmed) when replacing removes areas absent from the new files that ``remove``
    (area codes the user confirmed) does not name. The audit log records the import — with every
    area it removes — before the workspace changes (see ``guarded``)."""
    if prepared.report.has_errors or not prepared.layers or prepared.folder is None:
        raise StoreError("การนำเข้ามีข้อผิดพลาด จึงไม่บันทึก / the import has errors and was not written")
    url = plans_url(workspace)
    current = _acting(url, actor, "import_data")
    replaced_word = "replace" if replace else "import"
    summary = f"{prepared.kind} {prepared.year} {prepared.file}"
    need = files_size(prepared.layers.values()) * 2  # the layers move (a rename), the area tables are new
    guard_block = guarded(workspace, url, current, replaced_word, summary, remove, prepared.file, prepared.sent_codes)
    with guard_block as guard, reported_disk_full(workspace.root, need):
        info = workspace.commit(
            kind=prepared.kind,
            catalog_id=prepared.catalog.id,
            year=int(prepared.year),
            file_name=prepared.file,
            layers=prepared.layers,
            meta=prepared.meta,
            replace=replace,
            demo=demo,
            progress=progress,
            guard=guard,
        )
    discard(prepared)
    if remember and prepared.mapping is not None and prepared.headers:
        remember_mapping(workspace.root, prepared.headers[0], prepared.mapping)
    return info


def delete_dataset(workspace: Workspace, dataset_id: str, actor=None, progress: Progress = no_progress) -> None:
    """Delete a dataset (all or nothing): only an actor allowed to delete data in every area it
    holds; the audit log records the deletion, with its areas, before the workspace changes."""
    info = workspace.dataset(dataset_id)
    url = plans_url(workspace)
    current = _acting(url, actor, "delete_data")
    summary = f"{info.kind} {info.year} {info.file_name}"
    with guarded(workspace, url, current, "delete", summary, None, info.file_name) as guard:
        workspace.delete(dataset_id, progress=progress, guard=guard)


def discard(prepared: Prepared) -> None:
    """Remove a prepared import's scratch folder (after commit, or when the user drops it)."""
    import shutil

    if prepared.folder is not None:
        shutil.rmtree(prepared.folder, ignore_errors=True)
        prepared.folder = None


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
