"""The file's own facts: what kind of file it looks like, and the unit its counts are in.

A published village table (`village_ID, household.CNT, HOUSEMEMBER_CNT, indicator1.ALL,
indicator1.CNT, …`) counts persons for every indicator: its household indicators apply to more
units than the village has households. Found over whole columns in the import session (one
GROUP BY), never row by row.

kind:  a household-results import of a file shaped like area aggregates (count columns, no
       household id) is refused with what the file looks like and which kind to choose.
unit:  the count unit of an aggregate file: given (--unit), else found from its shape (persons
       when a household indicator's applicable units exceed the households the file gives), else
       each indicator's catalog unit.
"""

from __future__ import annotations

from analysis.catalogs import Catalog
from analysis.i18n import translate
from analysis.importers.common import FilePlan, Prepared, finite_number
from analysis.importers.session import ImportSession
from analysis.mapping import COUNT_COLUMNS, schema, suggest_mapping

#: the units a command or page may name, in either spelling, and the unit stored
UNIT_SPELLINGS = {"person": "person", "persons": "person", "household": "household", "households": "household"}


def plain_unit(unit: str | None) -> str | None:
    """The stored unit of a spelling ("persons" → "person"); None stays None."""
    if unit is None or unit == "":
        return None
    return UNIT_SPELLINGS[unit]


def field_words(name: str) -> dict[str, str]:
    """A canonical column's name in Thai and English ("members" → จำนวนสมาชิก (คน) / Members)."""
    spec = schema()["fields"][name]
    return {lang: spec[lang] for lang in ("th", "en")}


def aggregate_columns(plan: FilePlan, catalog: Catalog | None) -> list[str]:
    """The headers that make a file look like area aggregates: count columns per indicator
    (``indicator1.ALL``), or an indicator column with two of applicable/pass/fail (long form)."""
    mapping = suggest_mapping(plan.head.headers, "bmn-agg", catalog)
    wide = [header for measures in mapping.counts.values() for header in measures.values()]
    if wide:
        return wide
    long = [mapping.fields[m] for m in COUNT_COLUMNS if m in mapping.fields]
    if "indicator_id" in mapping.fields and len(long) >= 2:
        return [mapping.fields["indicator_id"], *long]
    return []


def wrong_kind(plan: FilePlan, prepared: Prepared) -> bool:
    """True (and reported) when a household-results file has no household id but count columns:
    it is an area aggregate table, to import as the other kind."""
    if prepared.kind != "bmn" or "household_id" in plan.mapping.fields:
        return False
    columns = aggregate_columns(plan, prepared.catalog)
    if not columns:
        return False
    shown = ", ".join(columns[:4]) + (" …" if len(columns) > 4 else "")
    prepared.report.add("file_is_aggregates", plan.head.name, detail=shown)
    return True


def unit_from_shape(session: ImportSession, catalog: Catalog) -> str | None:
    """ "person" when the file's own household counts show that it counts persons: some indicator
    the catalog counts in households applies to more units than the rows' households (summed
    over the rows that give both). None when the shape does not tell."""
    units = dict(zip(catalog.indicators["indicator_id"], catalog.indicators["unit"], strict=True))
    household_ids = [i for i, u in units.items() if u == "household"]
    if not household_ids:
        return None
    ids = ", ".join(f"'{i}'" for i in household_ids)
    households = finite_number("households_raw")
    found = session.con.execute(
        f"""WITH given AS (SELECT __file, row, {households} AS households FROM rows WHERE households_raw <> '')
        SELECT max(applicable - households) FROM (
            SELECT g.indicator_id, sum(g.applicable) AS applicable, sum(h.households) AS households
            FROM good_counts g JOIN given h USING (__file, row)
            WHERE g.indicator_id IN ({ids}) AND h.households IS NOT NULL GROUP BY g.indicator_id)"""
    ).fetchall()[0][0]
    return "person" if found is not None and found > 0 else None


def decide_unit(session: ImportSession, prepared: Prepared, unit: str | None) -> str | None:
    """The count unit of an aggregate import, said in the report: the unit given (a warning when
    the shape contradicts it), else the shape's, else None (each indicator's catalog unit)."""
    unit = plain_unit(unit)
    shape = unit_from_shape(session, prepared.catalog)
    if unit is not None:
        if shape is not None and shape != unit:
            said = {lang: translate(f"unit.{unit}", lang) for lang in ("th", "en")}
            prepared.report.add("count_unit_contradicts_shape", prepared.file, detail=said)
        prepared.meta["count_unit_source"] = "given"
        return unit
    if shape is not None:
        prepared.report.add("count_unit_from_shape", prepared.file)
        prepared.meta["count_unit_source"] = "shape"
        return shape
    prepared.report.add("count_unit_from_catalog", prepared.file)
    prepared.meta["count_unit_source"] = "catalog"
    return None
