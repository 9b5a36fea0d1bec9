"""จปฐ. household results: reading and checking each row (the layers are written by
household_layers.py) → the households layer and the village (leaf) tables.

households:   one row per household: year, village (leaf) code, household id, members, income, and
              one column ind_<id> per indicator (1 pass, 0 fail, NULL not applicable); sorted by
              village code, so an area's households are one range of the file.
leaf_counts:  one row per village × indicator (counted in households).
leaf_domain:  one row per village × domain (households failing any indicator of it).
leaf_summary: one row per village (households, people).
villages:     one row per village (name, point when given).
"""

from __future__ import annotations

import pandas as pd

from analysis.catalogs import catalog_names, income_line_for
from analysis.config import settings
from analysis.file_rows import Staging
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
)
from analysis.importers.dates import date_checks, resolve_dates
from analysis.importers.facts import field_words
from analysis.importers.household_layers import coded_view, write_layers
from analysis.importers.personal import personal_checks
from analysis.importers.session import ImportSession
from analysis.importers.statuses import (
    UNKNOWN,
    class_sql,
    coding_label,
    detect_coding,
    numeral_text,
    unknown_sql,
)

MEMBERS_LIMIT = 999  # more people than a household can hold: a broken cell (it would not fit the layer)
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
