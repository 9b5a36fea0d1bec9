"""Pieces every importer shares: the prepared import, the staging of files into the session, the
checks every kind runs (codes, years, coordinates) and the villages layer."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.catalogs import Catalog
from analysis.codes import COMMUNITY_LENGTH, VILLAGE_LENGTH, is_blank, thai_digits_to_arabic
from analysis.config import settings
from analysis.file_rows import (
    Staging,
    Statement,
    blank_row_sql,
    load_rows,
    load_rows_together,
    row_number_sql,
    rows_in_order_sql,
    same_shape,
    trimmed,
)
from analysis.importers.checks import Check, run_checks
from analysis.importers.session import ImportSession, sql_text
from analysis.mapping import ColumnMapping
from analysis.readers import FileHead
from analysis.validation import Report, problem

THAILAND_BOUNDS = {"lat": (5.0, 21.0), "lon": (97.0, 106.0)}
KEY_SOURCES = {
    "k_full": ("village_code", "area_code"),
    "k_province": ("province_code",),
    "k_amphoe": ("amphoe_code",),
    "k_tambon": ("tambon_code",),
    "k_village_no": ("village_no",),
}


@dataclass
class Prepared:
    """The outcome of preparing an import: the layer files written (in the session's scratch
    folder, not yet committed) and the report."""

    kind: str
    file: str
    report: Report
    year: int | None = None
    catalog: Catalog | None = None
    mapping: ColumnMapping | None = None
    headers: list[list[str]] = field(default_factory=list)  # each file's headers (the mapping memory)
    folder: Path | None = None
    layers: dict[str, Path] = field(default_factory=dict)
    meta: dict[str, object] = field(default_factory=dict)
    removal: object = None  # analysis.removal.Removal: what replacing would remove (needs confirming)
    #: adding to a year's data (--add): the leaf areas the files sent; the earlier households of other
    #: areas are carried over unchanged, so these are the areas the write changes
    sent_codes: list[str] | None = None

    @property
    def ok(self) -> bool:
        return not self.report.has_errors and bool(self.layers)

    @property
    def tables(self) -> dict[str, Path]:
        return self.layers


def discard(prepared: Prepared) -> None:
    """Remove a prepared import's scratch folder (after commit, or when the user drops it)."""
    if prepared.folder is not None:
        shutil.rmtree(prepared.folder, ignore_errors=True)
        prepared.folder = None


@dataclass
class FilePlan:
    """One file to stage: its head, its mapping, and the keys of the fields it maps to headers."""

    head: FileHead
    mapping: ColumnMapping


def field_headers(mapping: ColumnMapping) -> dict[str, str]:
    """field key → header: "members", "ind:5", "count:5:pass"."""
    headers = dict(mapping.fields)
    headers.update({f"ind:{i}": h for i, h in mapping.indicators.items()})
    for indicator_id, measures in mapping.counts.items():
        headers.update({f"count:{indicator_id}:{m}": h for m, h in measures.items()})
    return headers


def has_cell(plan: FilePlan, header: str | None) -> bool:
    """Whether a mapped header is a column of the file (else its cells read as '' everywhere)."""
    return header is not None and header in plan.head.headers


def key_constants(plan: FilePlan) -> dict[str, str]:
    """The key cells (k_full, k_province, …) a file does not have: '' on every row."""
    fields = plan.mapping.fields
    return {
        name: "''" for name, sources in KEY_SOURCES.items() if not any(has_cell(plan, fields.get(f)) for f in sources)
    }


def source_cell(plan: FilePlan, header: str | None, trim: bool = True) -> str:
    """SQL for a mapped header's cell: trimmed text ('' when empty or not in the file), or with
    ``trim=False`` the cell as read (NULL when empty: status and level cells handle it)."""
    if not has_cell(plan, header):
        return "''" if trim else "NULL::VARCHAR"
    column = plan.head.column_of(header)
    return trimmed(column) if trim else column


def key_sql(plan: FilePlan) -> list[str]:
    """The raw code cells of a row (k_full, k_province, …), '' when not mapped."""
    parts = []
    for name, fields in KEY_SOURCES.items():
        cells = [source_cell(plan, plan.mapping.fields.get(f)) for f in fields]
        expression = cells[0] if len(cells) == 1 else f"CASE WHEN {cells[0]} <> '' THEN {cells[0]} ELSE {cells[1]} END"
        parts.append(f"{expression} AS {name}")
    return parts


KEY_SCHEMA = ["k_full VARCHAR", "k_province VARCHAR", "k_amphoe VARCHAR", "k_tambon VARCHAR", "k_village_no VARCHAR"]


def stage(
    session: ImportSession,
    plans: list[FilePlan],
    select_for: Callable[[FilePlan, Staging], str],
    progress: Callable[[float, str], None],
    constants_for: Callable[[FilePlan], dict[str, str]] | None = None,
) -> None:
    """Stream every file into a session table through the kind's SELECT, then define the views
    ``staged`` (every file's rows) and ``rows`` (the rows that are not blank, numbered).

    ``select_for(plan, at)`` is the kind's SELECT over ``source_rows_sql(plan, at, cells)``: __row,
    __file, __blank and then the kind's columns, the same for every file.
    ``constants_for(plan)`` names the columns that are the same on every row of that file (fields
    it does not have) with their value: they are not stored but added by the views (a national
    file would otherwise store 13 million copies of each, spilling to disk). CSV files of one
    shape with the same SELECT (a national year sent as 77 province files) share one table,
    filled by one statement.
    """
    constants = [constants_for(plan) if constants_for else {} for plan in plans]
    inserts = [_statement(plan, select_for, constants[index]) for index, plan in enumerate(plans)]
    tables = _load_runs(session, plans, inserts, constants, progress)
    _define_views(session, tables, constants)


def source_rows_sql(plan: FilePlan, at: Staging, cells: list[str]) -> str:
    """The innermost SELECT of every kind: each row of a file with its spreadsheet row, its file,
    whether it is blank, and the kind's ``cells``."""
    blank = blank_row_sql(plan.head)
    return f"SELECT {at.row} AS __row, {at.file} AS __file, {blank} AS __blank, {', '.join(cells)} FROM {at.source}"


def _statement(plan: FilePlan, select_for: Callable[[FilePlan, Staging], str], constants: dict[str, str]) -> Statement:
    """The CREATE TABLE of a file's rows, built once where they go is known (its constants left out)."""
    exclude = "".join(f", {name}" for name in constants)

    def statement(at: Staging) -> str:
        select = select_for(plan, at)
        return f"CREATE TABLE {at.table} AS SELECT __file::USMALLINT AS __file, * EXCLUDE (__file{exclude}) FROM ({select})"

    return statement


#: where no rows go: a statement written for it is the same for files read by the same statement
_ANY_STAGING = Staging("<table>", "<file>", "<row>", "<source>")


def _load_runs(
    session: ImportSession,
    plans: list[FilePlan],
    inserts: list[Statement],
    constants: list[dict[str, str]],
    progress: Callable[[float, str], None],
) -> dict[int, list[int]]:
    """Load each run of files (one statement when it can, else file by file); returns each
    table's (its first file's) index → the files it holds, in file order."""
    total_bytes = sum(max(1, p.head.path.stat().st_size) for p in plans) or 1
    tables: dict[int, list[int]] = {}
    done = 0
    for run in _same_statement(plans, inserts, constants):
        size = sum(max(1, plans[i].head.path.stat().st_size) for i in run)

        def step(fraction: float, done: int = done, size: int = size) -> None:
            progress((done + fraction * size) / total_bytes, "reading")

        heads = [plans[i].head for i in run]
        together = load_rows_together(session.con, heads, inserts[run[0]], run, step) if len(run) > 1 else None
        if together is not None:
            tables[run[0]] = run
            results = dict(zip(run, together, strict=True))
        else:
            results = {}
            for index in run:
                tables[index] = [index]
                results[index] = load_rows(session.con, plans[index].head, inserts[index], index, step)
        for index, loaded in results.items():
            source = session.files[index]
            source.rows, source.row_offset, source.reader = loaded.rows, loaded.row_offset, loaded.reader
            for broken in loaded.problems:
                session.broken_rows.append((index, broken))
        done += size
    return tables


def _define_views(session: ImportSession, tables: dict[int, list[int]], constants: list[dict[str, str]]) -> None:
    """``staged`` and ``rows`` over the session tables, constants added, rows numbered per file."""
    added = {t: "".join(f", {value} AS {name}" for name, value in constants[t].items()) for t in tables}
    parts = [f"SELECT *{added[t]} FROM staged_{t}" for t in tables]
    session.con.execute(f"CREATE VIEW staged AS {' UNION ALL BY NAME '.join(parts)}")
    numbered = []
    for t, files in tables.items():
        offsets = {i: session.files[i].row_offset for i in files}
        row = row_number_sql(offsets[t]) if len(files) == 1 else rows_in_order_sql(offsets)
        numbered.append(f"SELECT {row} AS row, * EXCLUDE (__row){added[t]} FROM staged_{t} WHERE NOT __blank")
    session.con.execute(f"CREATE VIEW rows AS {' UNION ALL BY NAME '.join(numbered)}")


def _same_statement(
    plans: list[FilePlan], inserts: list[Statement], constants: list[dict[str, str]]
) -> list[list[int]]:
    """The files in runs that one statement can read: consecutive CSV files of one shape with the
    same SELECT and constants, each path once (so the tables, in order, keep the files' order)."""
    runs: list[list[int]] = []
    last = None
    for index, plan in enumerate(plans):
        shape = same_shape(plan.head)
        key = None if shape is None else (shape, inserts[index](_ANY_STAGING), tuple(constants[index].items()))
        path = plan.head.path.resolve()
        if key is not None and key == last and all(plans[i].head.path.resolve() != path for i in runs[-1]):
            runs[-1].append(index)
        else:
            runs.append([index])
        last = key
    return runs


def report_broken_rows(session: ImportSession, report: Report) -> None:
    """Records with too few or too many cells (a file cut mid-row, a stray delimiter)."""
    for index, broken in session.broken_rows:
        rule = "row_cells_missing" if broken.found < broken.expected else "row_cells_extra"
        detail = f"{broken.found} / {broken.expected}"
        report.record(problem(rule, session.files[index].name, broken.row, None, broken.text[:80], detail=detail))


def coordinate_sql(plan: FilePlan) -> list[str]:
    return [
        f"{source_cell(plan, plan.mapping.fields.get('latitude'))} AS lat_raw",
        f"{source_cell(plan, plan.mapping.fields.get('longitude'))} AS lon_raw",
    ]


COORDINATE_SCHEMA = ["lat_raw VARCHAR", "lon_raw VARCHAR"]


def parse_number(text: object) -> float | None:
    """A number from one cell of a small file (pins, plans): Thai digits, thousands commas and
    spaces allowed; None if blank. Large files use finite_number, the same rule in SQL."""
    if is_blank(text):
        return None
    cleaned = thai_digits_to_arabic(str(text)).replace(",", "").replace(" ", "").strip()
    try:
        number = float(cleaned)
    except ValueError as error:
        raise ValueError(str(text)) from error
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(str(text))
    return number


def finite_number(column: str) -> str:
    """SQL reading a number cell: Thai digits, thousands commas and spaces allowed; NULL when blank
    or not a finite number."""
    cleaned = f"replace(replace(translate({column}, '๐๑๒๓๔๕๖๗๘๙', '0123456789'), ',', ''), ' ', '')"
    number = f"coalesce(TRY_CAST({column} AS DOUBLE), TRY_CAST({cleaned} AS DOUBLE))"
    return f"(CASE WHEN {column} = '' THEN NULL WHEN isfinite({number}) THEN {number} END)"


def coordinate_checks() -> list[Check]:
    low_lat, high_lat = THAILAND_BOUNDS["lat"]
    low_lon, high_lon = THAILAND_BOUNDS["lon"]
    valid = (
        f"({finite_number('lat_raw')} BETWEEN {low_lat} AND {high_lat} "
        f"AND {finite_number('lon_raw')} BETWEEN {low_lon} AND {high_lon})"
    )
    return [
        Check(
            "coordinates_invalid",
            f"(lat_raw <> '' OR lon_raw <> '') AND NOT coalesce({valid}, false)",
            field="latitude",
            value="lat_raw || ', ' || lon_raw",
        )
    ]


def villages_sql(code_column: str = "code", source: str = "coded") -> str:
    """One row per village (or community) code: its first name, the mean of its valid points."""
    low_lat, high_lat = THAILAND_BOUNDS["lat"]
    low_lon, high_lon = THAILAND_BOUNDS["lon"]
    lat, lon = finite_number("lat_raw"), finite_number("lon_raw")
    valid = f"{lat} BETWEEN {low_lat} AND {high_lat} AND {lon} BETWEEN {low_lon} AND {high_lon}"
    return f"""
        SELECT {code_column} AS village_code,
               coalesce(arg_min(village_name, (__file, row)) FILTER (WHERE village_name <> ''), '') AS village_name,
               avg({lat}) FILTER (WHERE {valid}) AS lat,
               avg({lon}) FILTER (WHERE {valid}) AS lon
        FROM {source} WHERE {code_column} IS NOT NULL AND length({code_column}) IN ({VILLAGE_LENGTH}, {COMMUNITY_LENGTH})
        GROUP BY ALL ORDER BY village_code
    """


def write_layer(session: ImportSession, name: str, query: str, row_group: int = 100_000) -> Path:
    """COPY a query's rows into the session's layer folder as ``name``.parquet."""
    path = session.layers / f"{name}.parquet"
    target = str(path).replace("'", "''")
    session.con.execute(f"COPY ({query}) TO '{target}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE {row_group})")
    return path


def report_unused_columns(plans: list[FilePlan], report: Report) -> None:
    for plan in plans:
        mapping, head = plan.mapping, plan.head
        if mapping.personal:
            report.add("personal_data_dropped", head.name, detail=", ".join(mapping.personal))
        unused = [h for h in head.headers if h not in mapping.used_headers()]
        if unused:
            report.add("unmapped_columns", head.name, detail=", ".join(unused))


def long_text_checks(columns: tuple[str, ...]) -> list[Check]:
    """Text cells longer than any id, code or name can be (a pasted paragraph, a damaged export)."""
    limit = settings()["import"]["max_text_length"]
    control = "'[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]'"  # a NUL or other control character: a damaged cell
    return [
        Check("cell_too_long", f"length({c}) > {limit}", field=c, value=c, detail=literal(limit)) for c in columns
    ] + [
        Check(
            "cell_control_characters",
            f"regexp_matches({c}, {control})",
            field=c,
            value=f"regexp_replace({c}, {control}, '�', 'g')",
        )
        for c in columns
    ]


def literal(value: Any) -> str:
    return sql_text(value)


def run(session: ImportSession, view: str, checks: list[Check], report: Report) -> None:
    run_checks(session, view, checks, report)
