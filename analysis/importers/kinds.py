"""The kinds of import, declared in one list: for each, how its files are read (the staging SELECT
and the columns constant per file), which columns a file must map, and the checks and layers run
on its rows. The pipeline (analysis/importers/pipeline.py) looks the kind up here and branches on
nothing else.

bmn           จปฐ. households: one row per household (analysis/importers/household.py)
bmn-agg       จปฐ. counts per area: one row per area, or per area × indicator (aggregates.py)
nrd2c         กชช.2ค: one row per village, a level 1–3 per indicator (nrd2c.py)
village-data  a village data set of its own catalog: one value per village × indicator (village_data.py)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from analysis.catalogs import Catalog, catalog_names
from analysis.file_rows import Staging
from analysis.importers import aggregates, facts, household, levels, nrd2c, set_aside, village_data
from analysis.importers.checks import run_checks
from analysis.importers.common import FilePlan, Prepared
from analysis.importers.personal import personal_checks
from analysis.importers.session import ImportSession
from analysis.store import Workspace

SelectFor = Callable[[FilePlan, Staging], str]
ConstantsFor = Callable[[FilePlan], dict[str, str]]


@dataclass(frozen=True)
class ImportOptions:
    """What the user chose beyond the files: the status coding (households), the count unit
    (aggregates) and whether the files add to the year's data (``--add``)."""

    coding: str | None = None
    unit: str | None = None
    append: bool = False


@dataclass(frozen=True)
class ImportKind:
    name: str
    #: whether every row names a village (aggregates may count at any level)
    village_rows: bool
    #: the staging SELECT of each file and the columns the same on all its rows (None: none)
    reader: Callable[[list[FilePlan], Catalog], tuple[SelectFor, ConstantsFor | None]]
    #: the columns a file must map (reported on the import's report)
    required_columns: Callable[[list[FilePlan], Prepared], None]
    #: the kind's checks on the staged rows, then its layer files
    checks_and_layers: Callable[[Workspace, ImportSession, Prepared, list[FilePlan], ImportOptions], None]


def indicator_columns_required(plans: list[FilePlan], prepared: Prepared) -> None:
    """A file that maps no indicator column has nothing to import."""
    for plan in plans:
        if not plan.mapping.indicators:
            prepared.report.add("no_indicator_columns", plan.head.name, detail=catalog_names(prepared.catalog.id))


# ---- households ---------------------------------------------------------------------------------
def household_reader(plans: list[FilePlan], catalog: Catalog) -> tuple[SelectFor, ConstantsFor]:
    indicators = household.indicator_columns(plans, catalog.indicator_ids)
    income = catalog.income_indicator
    return (
        partial(household.select_sql, indicators=indicators, income_id=income),
        partial(household.constant_columns, indicators=indicators, income_id=income),
    )


def household_columns(plans: list[FilePlan], prepared: Prepared) -> None:
    household.required_columns([p for p in plans if not facts.wrong_kind(p, prepared)], prepared)


def household_layers(
    workspace: Workspace, session: ImportSession, prepared: Prepared, plans: list[FilePlan], options: ImportOptions
) -> None:
    previous = added_to(workspace, session, prepared) if options.append else None
    if not prepared.report.has_errors:
        household.prepare_households(session, prepared, plans, options.coding, previous)


def added_to(workspace: Workspace, session: ImportSession, prepared: Prepared) -> list[Path]:
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


# ---- counts per area ----------------------------------------------------------------------------
def aggregate_reader(plans: list[FilePlan], catalog: Catalog) -> tuple[SelectFor, ConstantsFor]:
    pairs = aggregates.wide_pairs(plans, catalog)
    return partial(aggregates.select_sql, pairs=pairs), partial(aggregates.constant_columns, pairs=pairs)


def aggregate_columns(plans: list[FilePlan], prepared: Prepared) -> None:
    """A file needs an indicator column (long) or count columns (wide)."""
    for plan in plans:
        if "indicator_id" not in plan.mapping.fields and not plan.mapping.counts:
            prepared.report.add("no_indicator_columns", plan.head.name, detail=catalog_names(prepared.catalog.id))


def aggregate_layers(
    workspace: Workspace, session: ImportSession, prepared: Prepared, plans: list[FilePlan], options: ImportOptions
) -> None:
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
    _indicators_found(prepared, found)
    if report.has_errors and prepared.meta.get("keep_valid"):
        set_aside.set_aside(session, prepared)
    if report.has_errors:
        return
    run_checks(session, "total_rows", totals, report)
    unit = aggregates.file_unit(session, facts.plain_unit(options.unit), prepared.file, report)
    if report.has_errors:
        return
    unit = facts.decide_unit(session, prepared, unit)
    aggregates.write_layers(session, prepared, unit)
    _describe_aggregates(session, prepared, plans, unit, found)


def _indicators_found(prepared: Prepared, found: set[str]) -> None:
    """Placeholder indicators in the file, declared ones missing from it, or none at all."""
    report, catalog = prepared.report, prepared.catalog
    for indicator_id in sorted(found, key=catalog.indicator_ids.index):
        if catalog.indicator(indicator_id)["status"] == "placeholder":
            report.add("placeholder_indicator", prepared.file, value=indicator_id)
    missing = [i for i in catalog.indicator_ids if i not in found and catalog.indicator(i)["status"] != "placeholder"]
    if missing and found:
        report.add("indicator_not_in_data", prepared.file, detail=", ".join(missing))
    if not found and not report.has_errors:
        report.add("empty_file", prepared.file)


def _describe_aggregates(
    session: ImportSession, prepared: Prepared, plans: list[FilePlan], unit: str | None, found: set[str]
) -> None:
    """The dataset's description: its shape, rows, areas, totals and indicators."""
    con, layers = session.con, prepared.layers
    counts = con.execute(
        "SELECT count(*), count(DISTINCT area_code) FROM read_parquet(?)", [str(layers["leaf_counts"])]
    ).fetchall()[0]
    summary = con.execute(
        "SELECT sum(households), sum(people), count(households), count(people) FROM read_parquet(?)",
        [str(layers["leaf_summary"])],
    ).fetchall()[0]
    villages = con.execute("SELECT count(*) FROM read_parquet(?)", [str(layers["villages"])]).fetchall()[0]
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


# ---- village levels and village data sets ------------------------------------------------------
def nrd2c_reader(plans: list[FilePlan], catalog: Catalog) -> tuple[SelectFor, None]:
    return partial(nrd2c.select_sql, indicators=nrd2c.indicator_columns(plans, catalog)), None


def nrd2c_layers(
    workspace: Workspace, session: ImportSession, prepared: Prepared, plans: list[FilePlan], options: ImportOptions
) -> None:
    nrd2c.prepare(session, prepared, plans)


def village_data_reader(plans: list[FilePlan], catalog: Catalog) -> tuple[SelectFor, None]:
    return partial(village_data.select_sql, indicators=village_data.indicator_columns(plans, catalog)), None


def village_data_layers(
    workspace: Workspace, session: ImportSession, prepared: Prepared, plans: list[FilePlan], options: ImportOptions
) -> None:
    village_data.prepare(session, prepared, plans)


KINDS: tuple[ImportKind, ...] = (
    ImportKind("bmn", True, household_reader, household_columns, household_layers),
    ImportKind("bmn-agg", False, aggregate_reader, aggregate_columns, aggregate_layers),
    ImportKind("nrd2c", True, nrd2c_reader, indicator_columns_required, nrd2c_layers),
    ImportKind("village-data", True, village_data_reader, indicator_columns_required, village_data_layers),
)
KIND = {kind.name: kind for kind in KINDS}
