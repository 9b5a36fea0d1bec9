"""จปฐ. area aggregates (what CDD reports and national portals publish) → leaf counts.

Accepts the long shape (one row per area × indicator with applicable/pass/fail columns) and the
wide shape (one row per area, a column per indicator × measure, e.g. `indicator1.ALL` /
`indicator1.CNT`). Wide rows are unpivoted in SQL, then both shapes go through one path.

count_rows:   view, one row per file row × indicator: counts as given and completed.
leaf_counts:  one row per area × indicator at the finest level the file gives
              (rows that are totals of other rows in the file are checked, not stored).
leaf_summary: one row per leaf area (households and population when the file gives them).
villages:     one row per village (or community) code with its name.
area_names:   one row per area code the file names (municipal areas the register lacks).
"""

from __future__ import annotations

from analysis.catalogs import Catalog
from analysis.codes import lengths_sql
from analysis.file_rows import Staging
from analysis.i18n import translate
from analysis.importers.checks import Check, run_checks
from analysis.importers.common import (
    FilePlan,
    Prepared,
    finite_number,
    has_cell,
    key_constants,
    key_sql,
    literal,
    source_cell,
    source_rows_sql,
    write_layer,
)
from analysis.importers.session import ImportSession
from analysis.mapping import COUNT_COLUMNS, catalog_id_for_number, parse_indicator_header

COUNT_LIMIT = 10**12  # more units than Thailand has people ×10 000: a broken cell, not a count
ROW_FIELDS = ("year", "area_name", "households", "population")


def wide_pairs(plans: list[FilePlan], catalog: Catalog) -> list[tuple[str, str]]:
    """(indicator, measure) pairs some wide file maps, in catalog order."""
    mapped = {(i, m) for p in plans for i, by in p.mapping.counts.items() for m in by}
    return [(i, m) for i in catalog.indicator_ids for m in COUNT_COLUMNS if (i, m) in mapped]


def select_sql(plan: FilePlan, at: Staging, pairs: list[tuple[str, str]]) -> str:
    fields = plan.mapping.fields
    cells = [*key_sql(plan)]
    cells += [f"{source_cell(plan, fields.get('year'))} AS year_raw"]
    names = [source_cell(plan, fields.get(f)) for f in ("area_name", "village_name")]
    cells += [f"CASE WHEN {names[0]} <> '' THEN {names[0]} ELSE {names[1]} END AS area_name"]
    cells += [f"{source_cell(plan, fields.get(f))} AS {f}_raw" for f in ("households", "population", "count_unit")]
    cells += [f"{source_cell(plan, fields.get('indicator_id'))} AS indicator_raw"]
    cells += [f"{source_cell(plan, fields.get(m))} AS {m}_raw" for m in COUNT_COLUMNS]
    cells += [f"{source_cell(plan, plan.mapping.counts.get(i, {}).get(m))} AS w_{i}_{m}" for i, m in pairs]
    return source_rows_sql(plan, at, cells)


def constant_columns(plan: FilePlan, pairs: list[tuple[str, str]]) -> dict[str, str]:
    """The staged columns of cells this file does not have ('' on every row: not stored)."""
    fields, counts = plan.mapping.fields, plan.mapping.counts
    cells = {
        "year_raw": ["year"],
        "area_name": ["area_name", "village_name"],
        "households_raw": ["households"],
        "population_raw": ["population"],
        "count_unit_raw": ["count_unit"],
        "indicator_raw": ["indicator_id"],
        **{f"{m}_raw": [m] for m in COUNT_COLUMNS},
    }
    constants = key_constants(plan)
    constants.update({c: "''" for c, names in cells.items() if not any(has_cell(plan, fields.get(n)) for n in names)})
    constants.update({f"w_{i}_{m}": "''" for i, m in pairs if not has_cell(plan, counts.get(i, {}).get(m))})
    return constants


def resolve_indicators(session: ImportSession, catalog: Catalog) -> None:
    """``indicator_keys``: each distinct indicator cell of long rows → the catalog's indicator id."""
    values = [v for (v,) in session.con.execute("SELECT DISTINCT indicator_raw FROM rows").fetchall()]
    resolved = []
    for text in values:
        if text in catalog.indicator_ids:
            resolved.append((text, text))
            continue
        parsed = parse_indicator_header(text)
        found = catalog_id_for_number(catalog, parsed[0]) if parsed is not None and not parsed[1] else None
        resolved.append((text, found))
    session.con.execute("CREATE OR REPLACE TABLE indicator_keys (indicator_raw VARCHAR, indicator_id VARCHAR)")
    if resolved:
        session.con.executemany("INSERT INTO indicator_keys VALUES (?, ?)", resolved)


def _long_shown(plan: FilePlan) -> str:
    """The column a long row's count problems are shown under (as the importer always did)."""
    fields = plan.mapping.fields
    return "applicable" if "applicable" in fields else "fail" if "fail" in fields else "indicator_id"


def count_rows_view(session: ImportSession, plans: list[FilePlan], pairs: list[tuple[str, str]]) -> None:
    """``count_rows``: one row per file row × indicator with its three count cells, the keys of
    their columns, the numbers read from them and the counts completed from two of three."""
    join = "JOIN area_keys k USING (k_full, k_province, k_amphoe, k_tambon, k_village_no)"
    keys = ", ".join(f"'{m}' AS key_{m}" for m in COUNT_COLUMNS)
    parts = [
        f"SELECT r.__file, r.row, k.code, i.indicator_id, r.applicable_raw, r.pass_raw, r.fail_raw, {keys}, "
        f"{literal(_long_shown(plan))} AS key_shown FROM rows r {join} LEFT JOIN indicator_keys i USING "
        f"(indicator_raw) WHERE r.__file = {index}"
        for index, plan in enumerate(plans)
        if "indicator_id" in plan.mapping.fields
    ]
    for indicator_id in dict.fromkeys(i for i, _ in pairs):
        measures = [m for m in COUNT_COLUMNS if (indicator_id, m) in pairs]
        cells = {m: (f"r.w_{indicator_id}_{m}" if m in measures else "''") for m in COUNT_COLUMNS}
        blank = " AND ".join(f"{cells[m]} = ''" for m in measures)
        columns = ", ".join(f"{literal(f'count:{indicator_id}:{m}')} AS key_{m}" for m in COUNT_COLUMNS)
        shown = literal(f"count:{indicator_id}:{'applicable' if 'applicable' in measures else measures[0]}")
        parts.append(
            f"SELECT r.__file, r.row, k.code, {literal(indicator_id)} AS indicator_id, "
            f"{cells['applicable']} AS applicable_raw, {cells['pass']} AS pass_raw, {cells['fail']} AS fail_raw, "
            f"{columns}, {shown} AS key_shown FROM rows r {join} WHERE NOT ({blank})"
        )
    if not parts:
        parts.append(
            "SELECT NULL::USMALLINT AS __file, NULL::BIGINT AS row, NULL::VARCHAR AS code, NULL::VARCHAR AS "
            "indicator_id, '' AS applicable_raw, '' AS pass_raw, '' AS fail_raw, '' AS key_applicable, "
            "'' AS key_pass, '' AS key_fail, '' AS key_shown WHERE false"
        )
    numbers = ", ".join(f"{finite_number(f'{m}_raw')} AS n_{m}" for m in COUNT_COLUMNS)
    valid = " AND ".join(
        f"({m}_raw = '' OR (n_{m} IS NOT NULL AND n_{m} >= 0 AND n_{m} = floor(n_{m}) AND n_{m} <= {COUNT_LIMIT}))"
        for m in COUNT_COLUMNS
    )
    given = " + ".join(f"({m}_raw <> '')::INT" for m in COUNT_COLUMNS)
    # a table, not a view: a dozen checks and the counts read it, and building it parses every cell
    session.con.execute(
        f"""CREATE OR REPLACE TEMP TABLE count_rows AS
        SELECT *, coalesce(n_applicable, n_pass + n_fail) AS app0,
               coalesce(n_pass, coalesce(n_applicable, n_pass + n_fail) - n_fail) AS pass0,
               coalesce(n_fail, coalesce(n_applicable, n_pass + n_fail) - n_pass) AS fail0,
               ({valid}) AS usable, {given} AS given
        FROM (SELECT *, {numbers} FROM ({" UNION ALL ".join(parts)})) WHERE indicator_id IS NOT NULL"""
    )


def indicator_checks(catalog: Catalog) -> list[Check]:
    """Long rows whose indicator cell names no indicator of the catalog."""
    return [
        Check(
            "unknown_indicator",
            "indicator_id IS NULL",
            field="indicator_id",
            value="indicator_raw",
            detail=literal(f"{catalog.first_year}–{catalog.last_year}"),
        )
    ]


def count_checks() -> list[Check]:
    checks = []
    for m in COUNT_COLUMNS:
        key = f"key_{m}"
        checks += [
            Check("not_a_number", f"{m}_raw <> '' AND n_{m} IS NULL", value=f"{m}_raw", field_sql=key),
            Check("count_negative", f"n_{m} < 0", value=f"{m}_raw", field_sql=key),
            Check("count_not_integer", f"n_{m} >= 0 AND n_{m} <> floor(n_{m})", value=f"{m}_raw", field_sql=key),
            Check("count_implausible", f"n_{m} > {COUNT_LIMIT}", value=f"{m}_raw", field_sql=key),
        ]
    checks += [
        Check("counts_missing", "usable AND given < 2", value="''", field_sql="key_shown"),
        Check(
            "pass_fail_exceed_applicable",
            "usable AND given >= 2 AND (pass0 < 0 OR fail0 < 0 OR pass0 + fail0 > app0)",
            value="format('{:.0f}', app0)",
            detail="format('{:,.0f}', greatest(pass0, 0)) || ' + ' || format('{:,.0f}', greatest(fail0, 0))",
            field_sql="key_shown",
        ),
        Check(
            "pass_fail_below_applicable",
            "usable AND given >= 2 AND pass0 >= 0 AND fail0 >= 0 AND pass0 + fail0 < app0",
            value="format('{:.0f}', app0)",
            detail="format('{:,.0f}', pass0) || ' + ' || format('{:,.0f}', fail0)",
            field_sql="key_shown",
        ),
    ]
    return checks


def good_counts(session: ImportSession) -> None:
    """``good_counts``: the usable, complete rows with a code (pass + fail as the applicable base)."""
    session.con.execute(
        """CREATE OR REPLACE TABLE good_counts AS
        SELECT __file, row, code AS area_code, indicator_id, (pass0 + fail0)::BIGINT AS applicable,
               pass0::BIGINT AS pass, fail0::BIGINT AS fail
        FROM count_rows
        WHERE usable AND given >= 2 AND pass0 >= 0 AND fail0 >= 0 AND pass0 + fail0 <= app0 AND code IS NOT NULL"""
    )


def duplicates_and_totals(session: ImportSession) -> tuple[list[Check], list[Check]]:
    """Checks over ``counted`` (an area and indicator given twice) and ``total_rows`` (total rows
    that disagree with the sum of the file's finer rows, found through every row's ancestors —
    never by comparing codes pairwise)."""
    con = session.con
    con.execute(
        """CREATE OR REPLACE VIEW counted AS
        SELECT g.*, min((__file::BIGINT << 40) + row) OVER (PARTITION BY area_code, indicator_id) AS first,
               (__file::BIGINT << 40) + row AS here
        FROM good_counts g"""
    )
    con.execute(
        f"""CREATE OR REPLACE TABLE total_codes AS
        SELECT DISTINCT substr(area_code, 1, n) AS code FROM good_counts, {lengths_sql()}
        WHERE length(area_code) > n"""
    )
    con.execute(
        """CREATE OR REPLACE VIEW leaf_rows AS
        SELECT * FROM good_counts WHERE area_code NOT IN (SELECT code FROM total_codes)"""
    )
    con.execute(
        f"""CREATE OR REPLACE VIEW total_rows AS
        WITH sums AS (
            SELECT substr(area_code, 1, n) AS area_code, indicator_id, sum(pass) AS pass, sum(fail) AS fail
            FROM leaf_rows, {lengths_sql()} WHERE length(area_code) > n GROUP BY ALL)
        SELECT t.__file, t.row, t.area_code, t.indicator_id, t.pass, t.fail,
               coalesce(s.pass, 0) AS sum_pass, coalesce(s.fail, 0) AS sum_fail
        FROM good_counts t LEFT JOIN sums s USING (area_code, indicator_id)
        WHERE t.area_code IN (SELECT code FROM total_codes)"""
    )
    return [
        Check(
            "duplicate_area_indicator",
            "here <> first",
            value="area_code || ' / ' || indicator_id",
            detail="(first & 1099511627775)::VARCHAR",
        )
    ], [
        Check(
            "total_row_mismatch",
            "(pass, fail) <> (sum_pass, sum_fail)",
            value="area_code",
            detail="indicator_id || ': ' || pass || '/' || fail || ' ≠ ' || sum_pass || '/' || sum_fail",
        )
    ]


#: how a unit column may write each unit (compared lower case, spaces removed)
UNIT_WORDS = {
    "person": ("คน", "บุคคล", "ราย", "person", "persons", "people"),
    "household": ("ครัวเรือน", "หลังคาเรือน", "household", "households", "hh"),
}


def file_unit(session: ImportSession, given: str | None, file: str, report) -> str | None:
    """The count unit of the files: the one given, else the one their unit column states. A unit
    column is read whole: a value that is no unit (ตัน), two units in one import, or a unit other
    than the one given are errors — counts must never be read in a unit the file does not mean."""
    whens = " ".join(
        f"WHEN {literal(word)} THEN {literal(unit)}" for unit, words in UNIT_WORDS.items() for word in words
    )
    spelled = "lower(replace(count_unit_raw, ' ', ''))"
    session.con.execute(
        f"CREATE OR REPLACE VIEW unit_rows AS SELECT *, CASE {spelled} {whens} END AS unit_read FROM rows "
        "WHERE count_unit_raw <> ''"
    )
    unknown = Check("count_unit_unknown", "unit_read IS NULL", field="count_unit", value="count_unit_raw")
    run_checks(session, "unit_rows", [unknown], report)
    found = session.con.execute("SELECT DISTINCT unit_read FROM unit_rows WHERE unit_read IS NOT NULL").fetchall()
    units = [u for (u,) in found]
    if len(units) > 1:
        report.add("count_unit_mixed", file, detail=_unit_words(sorted(units)))
    elif units and given and units[0] != given:
        chosen, stated = _unit_words([given]), _unit_words(units)
        said = {lang: f"{chosen[lang]} ≠ {stated[lang]}" for lang in ("th", "en")}
        report.add("count_unit_conflict", file, value=given, detail=said)
    return given or (units[0] if len(units) == 1 else None)


def _unit_words(units: list[str]) -> dict[str, str]:
    """Units as a message says them, in Thai and in English ("ครัวเรือน, คน")."""
    return {lang: ", ".join(translate(f"unit.{u}", lang) for u in units) for lang in ("th", "en")}


def unit_sql(catalog: Catalog, unit: str | None) -> str:
    """SQL for the count unit of a leaf row: the file's unit, else each indicator's catalog unit."""
    if unit:
        return literal(unit)
    units = dict(zip(catalog.indicators["indicator_id"], catalog.indicators["unit"], strict=True))
    whens = " ".join(f"WHEN {literal(i)} THEN {literal(u)}" for i, u in units.items())
    return f"CASE indicator_id {whens} END"


def write_layers(session: ImportSession, prepared: Prepared, unit: str | None) -> None:
    year = int(prepared.year)
    layers = prepared.layers
    layers["leaf_counts"] = write_layer(
        session,
        "leaf_counts",
        f"SELECT {year}::BIGINT AS year, area_code, indicator_id, {unit_sql(prepared.catalog, unit)} AS count_unit, "
        "applicable, pass, fail FROM leaf_rows ORDER BY area_code, indicator_id",
    )
    numbers = {f: finite_number(f"{f}_raw") for f in ("households", "population")}
    layers["leaf_summary"] = write_layer(
        session,
        "leaf_summary",
        f"""SELECT {year}::BIGINT AS year, k.code AS area_code,
               arg_min({numbers["households"]}, r.row) FILTER (WHERE {numbers["households"]} IS NOT NULL)::BIGINT
                   AS households,
               arg_min({numbers["population"]}, r.row) FILTER (WHERE {numbers["population"]} IS NOT NULL)::BIGINT
                   AS people
        FROM rows r JOIN area_keys k USING (k_full, k_province, k_amphoe, k_tambon, k_village_no)
        WHERE k.code IN (SELECT DISTINCT area_code FROM leaf_rows) GROUP BY ALL ORDER BY area_code""",
    )
    names = """SELECT k.code AS area_code, arg_min(r.area_name, r.row) AS name_th
        FROM rows r JOIN area_keys k USING (k_full, k_province, k_amphoe, k_tambon, k_village_no)
        WHERE k.code IS NOT NULL AND r.area_name <> '' GROUP BY ALL"""
    layers["villages"] = write_layer(
        session,
        "villages",
        f"""SELECT k.code AS village_code, coalesce(n.name_th, '') AS village_name, NULL::DOUBLE AS lat,
               NULL::DOUBLE AS lon
        FROM (SELECT DISTINCT area_code AS code FROM leaf_rows WHERE length(area_code) IN (8, 10)) k
        LEFT JOIN ({names}) n ON n.area_code = k.code ORDER BY village_code""",
    )
    layers["area_names"] = write_layer(session, "area_names", f"{names} ORDER BY area_code")


def number_checks() -> list[Check]:
    return [
        Check("not_a_number", f"{f}_raw <> '' AND {finite_number(f'{f}_raw')} IS NULL", field=name)
        for f, name in (("households", "households"), ("population", "population"))
    ]
