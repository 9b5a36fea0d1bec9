"""จปฐ. household results → the households layer and the village (leaf) tables.

households:   one row per household: year, village (leaf) code, household id, members, income, and
              one column ind_<id> per indicator (1 pass, 0 fail, NULL not applicable); sorted by
              village code, so an area's households are one range of the file.
leaf_counts:  one row per village × indicator (counted in households).
leaf_domain:  one row per village × domain (households failing any indicator of it).
leaf_summary: one row per village (households, people).
villages:     one row per village (name, point when given).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.compute as pc
import pyarrow.parquet as pq

from analysis.catalogs import catalog_names, income_line_for
from analysis.config import settings
from analysis.file_rows import Staging
from analysis.importers import leaves
from analysis.importers.checks import Check, run_checks
from analysis.importers.common import (
    COORDINATE_SCHEMA,
    KEY_SCHEMA,
    FilePlan,
    Prepared,
    coordinate_checks,
    coordinate_sql,
    finite_number,
    has_cell,
    key_constants,
    key_sql,
    literal,
    long_text_checks,
    source_cell,
    source_rows_sql,
    villages_sql,
    write_layer,
)
from analysis.importers.dates import date_checks, resolve_dates
from analysis.importers.facts import field_words
from analysis.importers.personal import household_key_sql, personal_checks
from analysis.importers.session import ImportSession
from analysis.importers.statuses import (
    UNKNOWN,
    class_sql,
    coding_label,
    detect_coding,
    numeral_text,
    status_sql,
    unknown_sql,
)

MEMBERS_LIMIT = 999  # more people than a household can hold: a broken cell (it would not fit the layer)
BATCH_ROWS = 1_000_000
TEXT_LIMIT = 200  # characters: longer ids and names are pasted text, not data
RAW_FIELDS = ("year", "household_id", "members", "income", "village_name", "collector", "collected_on")
#: cells kept as they are (the others are kept raw, as <field>_raw, beside the value read from them)
AS_TEXT = ("household_id", "village_name", "collector")


def indicator_columns(plans: list[FilePlan], catalog_ids: list[str]) -> list[str]:
    """Catalog indicators some file maps, in catalog order."""
    mapped = set().union(*(p.mapping.indicators for p in plans)) if plans else set()
    return [i for i in catalog_ids if i in mapped]


def schema(indicators: list[str]) -> list[str]:
    columns = [
        *KEY_SCHEMA,
        "year_raw VARCHAR",
        "household_id VARCHAR",
        "household_id_dotted BOOLEAN",
        "members_raw VARCHAR",
    ]
    columns += ["income_raw VARCHAR", "village_name VARCHAR", "collector VARCHAR", "collected_on_raw VARCHAR"]
    columns += [*COORDINATE_SCHEMA, "income_status_raw VARCHAR"]
    columns += ["members DOUBLE", "income DOUBLE", *[f"s_{i} UTINYINT" for i in indicators], "bad_raw VARCHAR[]"]
    return columns


def select_sql(plan: FilePlan, at: Staging, indicators: list[str], income_id: str | None) -> str:
    """The three steps of reading a household row: cells → numbers and status classes → the raw
    text of cells whose status is unknown (kept only for the report)."""
    fields = plan.mapping.fields
    raw = [f"{source_cell(plan, fields.get(f))} AS {f if f in AS_TEXT else f + '_raw'}" for f in RAW_FIELDS]
    raw[1:2] = household_id_sql(source_cell(plan, fields.get("household_id")))
    income_status = source_cell(plan, plan.mapping.indicators.get(income_id)) if income_id else "''"
    cells = [f"{source_cell(plan, plan.mapping.indicators.get(i), trim=False)} AS r_{i}" for i in indicators]
    inner = source_rows_sql(
        plan, at, [*key_sql(plan), *raw, *coordinate_sql(plan), f"{income_status} AS income_status_raw", *cells]
    )
    classes = ", ".join(
        f"{class_sql(f'r_{i}')} AS s_{i}" if i in plan.mapping.indicators else f"NULL::UTINYINT AS s_{i}"
        for i in indicators
    )
    any_unknown = " OR ".join(f"s_{i} = {UNKNOWN}" for i in indicators) or "false"
    kept = ", ".join(f"CASE WHEN s_{i} = {UNKNOWN} THEN r_{i} END" for i in indicators)
    keep = ", ".join(c.split()[0] for c in schema(indicators)[:-1])
    return (
        f"SELECT __row, __file, __blank, {keep}, CASE WHEN {any_unknown} THEN [{kept}] END AS bad_raw FROM ("
        f"SELECT *, {finite_number('members_raw')} AS members, {finite_number('income_raw')} AS income"
        f"{', ' + classes if classes else ''} FROM ({inner}))"
    )


def household_id_sql(cell: str) -> list[str]:
    """The household id, and whether a spreadsheet wrote it as a number ("1234.0"): the ".0" is
    cut (the same household in a correction file is "1234"), and the report says so."""
    dotted = f"(ends_with({cell}, '.0') AND regexp_full_match({cell}, '[0-9]+\\.0+'))"
    return [
        f"CASE WHEN {dotted} THEN regexp_extract({cell}, '^[0-9]+') ELSE {cell} END AS household_id",
        f"{dotted} AS household_id_dotted",
    ]


def constant_columns(plan: FilePlan, indicators: list[str], income_id: str | None) -> dict[str, str]:
    """The staged columns of fields this file does not have, with their value on every row."""
    fields, mapped = plan.mapping.fields, plan.mapping.indicators
    constants = key_constants(plan)
    for name in RAW_FIELDS:
        if not has_cell(plan, fields.get(name)):
            constants[name if name in AS_TEXT else f"{name}_raw"] = "''"
    if "household_id" in constants:
        constants["household_id_dotted"] = "false"
    for name, column in (("latitude", "lat_raw"), ("longitude", "lon_raw")):
        if not has_cell(plan, fields.get(name)):
            constants[column] = "''"
    if not (income_id and has_cell(plan, mapped.get(income_id))):
        constants["income_status_raw"] = "''"
    for number in ("members", "income"):
        if f"{number}_raw" in constants:
            constants[number] = "NULL::DOUBLE"
    constants.update({f"s_{i}": "NULL::UTINYINT" for i in indicators if i not in mapped})
    return constants


def detect_file_coding(session: ImportSession, indicators: list[str], given: str | None) -> str:
    if given or not indicators:
        return given or "1/0"
    # one pass over every indicator column: the distinct classes of each
    distinct = ", ".join(f"array_agg(DISTINCT s_{i})" for i in indicators)
    found = {
        int(k)
        for classes in session.con.execute(f"SELECT {distinct} FROM staged").fetchall()[0]
        for k in classes or []
        if k is not None
    }
    return detect_coding(found)


def household_checks(
    indicators: list[str], coding: str, income_line: float, income_id: str | None, derive_income: str | None
) -> list[Check]:
    """Every check of a household row (the ``coded`` view), declared in the order reported."""
    checks = [
        Check("missing_value", "household_id = ''", field="household_id", value="''"),
        Check(
            "duplicate_household",
            "duplicate_first IS NOT NULL",
            field="household_id",
            value="household_id",
            detail="duplicate_first",
        ),
        *_number_checks(settings()["import"]),
        *coordinate_checks(),
        *long_text_checks(("household_id", "village_name", "collector")),
        Check("household_id_decimal", "household_id_dotted", field="household_id", value="household_id"),
    ]
    if indicators:
        checks.append(
            Check(
                "status_value_unknown",
                "true",
                value="shown",
                detail=literal(coding_label(coding)),
                detail_en=literal(coding_label(coding, "en")),
                field_sql="field_key",
            )
        )
    if derive_income is None and income_line and income_id:
        checks.append(
            Check(
                "income_indicator_mismatch",
                "income_given IS NOT NULL AND income_derived IS NOT NULL AND income_given <> income_derived",
                field=f"ind:{income_id}",
                value="income_status_raw",
                detail=literal(f"{income_line:,.0f}"),
            )
        )
    return checks


def _number_checks(limits: dict) -> list[Check]:
    """Members and income: present, numbers, possible, plausible (limits from settings [import])."""
    possible, plausible = limits["max_members_possible"], limits["max_members"]
    per_person = "income / nullif(members, 0)"
    return [
        Check("missing_value", "members_raw = ''", field="members", value="''"),
        Check("not_a_number", "members_raw <> '' AND members IS NULL", field="members"),
        Check("members_not_positive", "members <= 0 OR members <> floor(members)", field="members"),
        Check("members_too_large", f"members > {possible}", field="members", detail=literal(possible)),
        Check(
            "members_implausible",
            f"members > {plausible} AND members <= {possible}",
            field="members",
            detail=literal(plausible),
        ),
        Check("not_a_number", "income_raw <> '' AND income IS NULL", field="income"),
        Check("income_negative", "income < 0", field="income"),
        Check(
            "income_implausible",
            f"members > 0 AND {per_person} > {limits['max_income_per_person']}",
            field="income",
            detail=literal(f"{limits['max_income_per_person']:,}"),
        ),
    ]


def unknown_status_view(session: ImportSession, indicators: list[str], coding: str) -> None:
    """One row per cell whose status is unknown under the coding (for the status check)."""
    parts = [
        f"SELECT __file, row, 'ind:{i}' AS field_key, coalesce(bad_raw[{n + 1}], {numeral_text(f's_{i}')}) AS shown "
        f"FROM rows WHERE {unknown_sql(f's_{i}', coding)}"
        for n, i in enumerate(indicators)
    ]
    session.con.execute(f"CREATE OR REPLACE VIEW unknown_statuses AS {' UNION ALL '.join(parts)}")


#: distinct date cells up to which dates are looked up by a CASE (keeps the rows' order) not a join
DATE_CASE_LIMIT = 2000


def coded_view(session: ImportSession, coding: str, income_id: str | None, line: float | None) -> None:
    """``coded_rows``: rows with their area code, collection day and the income indicator
    given/derived; ``coded``: the same with the duplicate mark (for the checks).

    In the usual file every code cell is a plain village code and there are few distinct dates:
    then both come from expressions, not joins, so ``coded_rows`` keeps the file's row order (the
    households layer of a file in village order needs no sort)."""
    con = session.con
    income_given = status_sql(f"s_{income_id}", coding) if income_id and f"s_{income_id}" in _columns(con) else "NULL"
    derived = (
        f"CASE WHEN income / nullif(members, 0) >= {line} THEN 1 WHEN members > 0 AND income IS NOT NULL THEN 0 END"
    )
    code, code_join = _code_sql(con)
    day, day_join = _day_sql(con)
    con.execute(
        f"""CREATE OR REPLACE VIEW coded_rows AS
        SELECT r.*, {code} AS code, {day} AS collected_on,
               {income_given if line else "NULL"} AS income_given, {derived if line else "NULL"} AS income_derived
        FROM rows r {code_join} {day_join}"""
    )
    _duplicate_keys(con)
    names = session.file_cases([f.name for f in session.files]).replace("__file", "(d.first >> 40)")
    duplicate = (
        "CASE WHEN d.first IS NULL OR d.first = (r.__file::BIGINT << 40) + r.row THEN NULL "
        "WHEN (d.first >> 40) = r.__file THEN (d.first & 1099511627775)::VARCHAR "
        f"ELSE (d.first & 1099511627775)::VARCHAR || ' (' || {names} || ')' END"
    )
    con.execute(
        f"""CREATE OR REPLACE VIEW coded AS SELECT r.*, {duplicate} AS duplicate_first FROM coded_rows r
        LEFT JOIN duplicate_keys d ON d.code = r.code AND d.household_id = r.household_id"""
    )


def _duplicate_keys(con) -> None:
    """``duplicate_keys``: one row per (village, household id) given more than once, with the
    first row giving it. Rows are grouped by a 64-bit hash of the pair first (a national file has
    13 million pairs and almost no duplicates), then the few candidates by the pair itself."""
    con.execute(
        """CREATE OR REPLACE TABLE duplicate_keys AS WITH keyed AS (
            SELECT code, household_id, (__file::BIGINT << 40) + row AS pos, hash(code, household_id) AS h
            FROM coded_rows WHERE code IS NOT NULL AND household_id <> ''
        ), candidates AS (SELECT h FROM keyed GROUP BY h HAVING count(*) > 1)
        SELECT code, household_id, min(pos) AS first FROM keyed SEMI JOIN candidates USING (h)
        GROUP BY ALL HAVING count(*) > 1"""
    )


def _code_sql(con) -> tuple[str, str]:
    """(code expression, join): the code cell itself when every key is a lone valid code."""
    plain = con.execute(
        "SELECT coalesce(bool_and(code IS NOT NULL AND code = k_full AND k_province = '' AND k_amphoe = '' "
        "AND k_tambon = '' AND k_village_no = ''), true) FROM area_keys"
    ).fetchall()[0][0]
    if plain:
        return "r.k_full", ""
    return "k.code", "JOIN area_keys k USING (k_full, k_province, k_amphoe, k_tambon, k_village_no)"


def _day_sql(con) -> tuple[str, str]:
    """(collection-day expression, join): a CASE over the distinct cells when they are few."""
    days = con.execute("SELECT collected_on_raw, collected_on FROM date_keys WHERE collected_on IS NOT NULL").fetchall()
    distinct = con.execute("SELECT count(*) FROM date_keys").fetchall()[0][0]
    if distinct > DATE_CASE_LIMIT:
        return "t.collected_on", "LEFT JOIN date_keys t USING (collected_on_raw)"
    if not days:
        return "NULL::DATE", ""
    whens = " ".join(f"WHEN {literal(raw)} THEN DATE '{day.isoformat()}'" for raw, day in days)
    return f"(CASE r.collected_on_raw {whens} END)", ""


def _columns(con) -> set[str]:
    return {row[0] for row in con.execute("DESCRIBE staged").fetchall()}


def write_layers(
    session: ImportSession,
    prepared: Prepared,
    indicators: list[str],
    coding: str,
    derive_income: str | None,
    previous: list | None = None,
) -> None:
    """households (sorted by village), then the leaf tables computed from it. With ``previous``
    (households files of the same year this import adds to), their households are kept except
    those sent again, which this import replaces."""
    catalog = prepared.catalog
    statuses = [f"{status_sql(f's_{i}', coding)} AS ind_{i}" for i in indicators]
    if derive_income is not None:
        statuses.append(f"income_derived::TINYINT AS ind_{derive_income}")
    order = {i: n for n, i in enumerate(catalog.indicator_ids)}
    statuses.sort(key=lambda s: order[s.rsplit("ind_", 1)[1]])
    batch = literal(prepared.meta.setdefault("batch", _batch_stamp()))
    key = household_key_sql(session, "coded_rows", session.workspace_root)
    query = (
        f"SELECT {int(prepared.year)}::SMALLINT AS year, code AS village_code, {key} AS household_id, "
        f"CAST(members AS INTEGER) AS members, income, {', '.join(statuses)}, "
        f"collector, collected_on, {batch} AS batch, __file AS source_file, row::INTEGER AS source_row FROM coded_rows"
    )
    if previous:
        query = _added_to(session, query, previous, prepared)
        households = write_layer(session, "households", f"{query} ORDER BY village_code, household_id")
    else:
        households = write_in_village_order(session, "households", query)
    prepared.layers["households"] = households
    prepared.layers.update(
        leaves.household_leaves(households, catalog.indicators, int(prepared.year), session.layers, session.con)
    )
    prepared.layers["villages"] = write_layer(session, "villages", villages_sql(source="coded_rows"))


def write_in_village_order(session: ImportSession, name: str, query: str) -> Path:
    """Write the households sorted by village. Files are usually exported in village order
    already: then sorting (half the time of a national year) is skipped and each village keeps
    its households in file order; the file written is checked and sorted only when it is not."""
    if not _codes_in_order(session.con.sql("SELECT code FROM coded_rows").to_arrow_reader(BATCH_ROWS)):
        return write_layer(session, name, f"{query} ORDER BY village_code, household_id")
    path = write_layer(session, name, query)
    if _codes_in_order(pq.ParquetFile(path).iter_batches(BATCH_ROWS, columns=["village_code"])):
        return path
    unsorted = path.rename(path.with_name(f"{name}_unsorted.parquet"))
    sorted_path = write_layer(
        session, name, f"SELECT * FROM read_parquet({literal(str(unsorted))}) ORDER BY village_code, household_id"
    )
    unsorted.unlink()
    return sorted_path


def _codes_in_order(batches) -> bool:
    """True when the codes of the batches (one column, in order) never decrease."""
    last = None
    for batch in batches:
        codes = batch.column(0)
        if len(codes) == 0:
            continue
        if last is not None and pc.less(codes[0], last).as_py():
            return False
        if len(codes) > 1 and pc.any(pc.less(codes.slice(1), codes.slice(0, len(codes) - 1))).as_py():
            return False
        last = codes[len(codes) - 1]
    return True


def _batch_stamp() -> str:
    from datetime import datetime, timedelta, timezone

    return datetime.now(timezone(timedelta(hours=7))).isoformat(timespec="seconds")


def _added_to(session: ImportSession, query: str, previous: list, prepared: Prepared) -> str:
    """The new households, then every earlier household of the year not sent again (reported)."""
    files = "[" + ", ".join(literal(str(p)) for p in previous) + "]"
    session.con.execute(f"CREATE OR REPLACE TEMP TABLE new_households AS {query}")
    earlier = f"read_parquet({files}, union_by_name = true)"
    resent = session.con.execute(
        f"SELECT count(*) FROM {earlier} o SEMI JOIN new_households n USING (village_code, household_id)"
    ).fetchall()[0][0]
    if resent:
        detail = ", ".join(prepared.meta.get("appends_to", []))
        prepared.report.add("households_resent", prepared.file, value=f"{resent:,}", detail=detail)
    prepared.meta["households_resent"] = int(resent)
    return (
        f"SELECT * FROM new_households UNION ALL BY NAME "
        f"SELECT * FROM {earlier} o ANTI JOIN new_households n USING (village_code, household_id)"
    )


def prepare_households(
    session: ImportSession, prepared: Prepared, plans: list[FilePlan], coding: str | None, previous: list | None = None
) -> None:
    """Check the staged household rows and, without errors, write the layers (added to the
    ``previous`` households files of the year when given)."""
    catalog = prepared.catalog
    report = prepared.report
    indicators = indicator_columns(plans, catalog.indicator_ids)
    income_id = catalog.income_indicator
    chosen = detect_file_coding(session, indicators, coding)
    line = income_line_for(catalog)
    has_income = any("income" in p.mapping.fields for p in plans)
    derive_income = income_id if (income_id and has_income and income_id not in indicators) else None
    if derive_income:
        report.add("income_indicator_derived", prepared.file, detail=f"{line['value']:,}")
    resolve_dates(session)
    coded_view(session, chosen, income_id, float(line["value"]) if has_income and income_id else None)
    if indicators:
        unknown_status_view(session, indicators, chosen)
    checks = household_checks(indicators, chosen, float(line["value"]) if has_income else 0, income_id, derive_income)
    status_checks = [c for c in checks if c.rule == "status_value_unknown"]
    checks += personal_checks(session, "coded", ("household_id", "collector", "village_name"))
    run_checks(
        session, "coded", [c for c in checks if c.rule != "status_value_unknown"] + date_checks(prepared.year), report
    )
    run_checks(session, "unknown_statuses", status_checks, report)
    for indicator_id in indicators:
        if catalog.indicator(indicator_id)["status"] == "placeholder":
            header = next(p.mapping.indicators[indicator_id] for p in plans if indicator_id in p.mapping.indicators)
            report.add("placeholder_indicator", prepared.file, column=header, value=indicator_id)
    present = set(indicators) | ({derive_income} if derive_income else set())
    missing = [i for i in catalog.indicator_ids if i not in present and catalog.indicator(i)["status"] != "placeholder"]
    if missing:
        report.add("indicator_not_in_data", prepared.file, detail=", ".join(missing))
    if report.has_errors:
        return
    write_layers(session, prepared, indicators, chosen, derive_income, previous)
    summary = session.con.execute(
        "SELECT count(*), sum(members), count(DISTINCT village_code) FROM read_parquet(?)",
        [str(prepared.layers["households"])],
    ).fetchall()[0]
    prepared.meta.update(
        coding=chosen,
        income_line=line["value"],
        income_line_status=line["status"],
        households=int(summary[0]),
        people=int(summary[1] or 0),
        villages=int(summary[2]),
        indicators=sorted(present, key=lambda i: (len(i), i)),
    )


def required_columns(plans: list[FilePlan], prepared: Prepared) -> None:
    """File-level checks before reading rows: required columns and indicator columns."""
    catalog = prepared.catalog
    for plan in plans:
        for required in ("household_id", "members"):
            if required not in plan.mapping.fields:
                prepared.report.add("missing_required_column", plan.head.name, detail=field_words(required))
        if not plan.mapping.indicators and not ("income" in plan.mapping.fields and catalog.income_indicator):
            prepared.report.add("no_indicator_columns", plan.head.name, detail=catalog_names(catalog.id))


def frame_of(path) -> pd.DataFrame:
    return pd.read_parquet(path)
