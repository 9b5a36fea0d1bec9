"""Level tables as input: tambon, amphoe and province aggregate tables import as what they are.

A file's level is what its codes say (2, 4, 6 digits; 8 or 10 for villages and communities,
lettered communities included) and what its header says (`tumbol_ID` holds 6-digit codes: a
4-digit one is refused by the code rules). Rows roll up only: a tambon table feeds its amphoe and
province, never its villages.

One file is one level. Rows that are totals of other rows of the same file (a province row under
its amphoe rows) are checked against them, as before; a file whose own finest rows are at two
levels (tambons for some areas, villages for others) is refused. Files of different levels in
one import (the published folder: village, tambon, amphoe and province tables side by side) are
each a level: the finest rows are kept and every coarser table is checked against them.

Where a stored dataset of the same year holds another level of the same areas (a village file
stored, a tambon table being imported, or the other way), the tambons (amphoe, provinces) where
the two disagree are reported with their names and numbers.
"""

from __future__ import annotations

from pathlib import Path

from analysis.codes import LENGTH_LEVEL, LEVEL_WORDS, VILLAGE_LENGTH, lengths_sql, lettered_sql
from analysis.importers.common import Prepared
from analysis.importers.session import ImportSession
from analysis.layer_files import layer_codes, reader
from analysis.store import Workspace
from analysis.validation import SHOWN_PER_RULE, problem

#: a code's level group: villages and their communities are one level of a file
GROUP_SQL = f"CASE WHEN length({{c}}) >= {VILLAGE_LENGTH} THEN {VILLAGE_LENGTH} ELSE length({{c}}) END"
KEY_JOIN = "USING (k_full, k_province, k_amphoe, k_tambon, k_village_no)"
ANCESTORS = lengths_sql()


def _level_words(length: int, lang: str) -> str:
    return LEVEL_WORDS[lang][LENGTH_LEVEL[length]]


def file_levels(session: ImportSession, prepared: Prepared) -> None:
    """Each file's level (recorded in the dataset's description); a file whose finest rows are
    at two levels is refused, naming them."""
    con = session.con
    group = GROUP_SQL.format(c="code")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE file_codes AS
        SELECT DISTINCT r.__file, k.code FROM rows r JOIN area_keys k {KEY_JOIN} WHERE k.code IS NOT NULL"""
    )
    leaves = con.execute(
        f"""WITH parents AS (
            SELECT DISTINCT __file, substr(code, 1, n) AS code FROM file_codes, {ANCESTORS}
            WHERE length(code) > n AND NOT (n = 8 AND {lettered_sql("code")}))
        SELECT __file, {group} AS level, count(*) AS areas
        FROM file_codes ANTI JOIN parents USING (__file, code)
        GROUP BY ALL ORDER BY __file, level"""
    ).fetchall()
    by_file: dict[int, list[tuple[int, int]]] = {}
    for index, level, areas in leaves:
        by_file.setdefault(int(index), []).append((int(level), int(areas)))
    for index, found in by_file.items():
        if len(found) > 1:
            said = {
                lang: ", ".join(f"{_level_words(level, lang)} {areas:,}" for level, areas in found)
                for lang in ("th", "en")
            }
            prepared.report.add("levels_mixed", session.files[index].name, detail=said)
    levels = sorted({LENGTH_LEVEL[level] for found in by_file.values() for level, _ in found}, key=_order)
    prepared.meta["levels"] = levels


def _order(level: str) -> int:
    return {"province": 0, "amphoe": 1, "tambon": 2, "village": 3}.get(level, 4)


def compare_with_stored(workspace: Workspace, prepared: Prepared) -> None:
    """Warn, naming each area, where the import and a stored dataset of the same year give the
    same area at different levels and their numbers disagree at the coarser one."""
    new = prepared.layers.get("leaf_counts")
    if new is None or prepared.year is None:
        return
    for info, _ in workspace.overlapping(prepared.kind, int(prepared.year), layer_codes(prepared.layers)):
        old = workspace.dataset_dir(info.id) / "leaf_counts.parquet"
        if old.exists():
            _compare(workspace, prepared, Path(new), old, info.file_name)


def _compare(workspace: Workspace, prepared: Prepared, new: Path, old: Path, old_name: str) -> None:
    group = GROUP_SQL.format(c="area_code")
    with reader() as con:
        finest = [
            con.execute(f"SELECT max({group}) FROM read_parquet(?)", [str(p)]).fetchall()[0][0] for p in (new, old)
        ]
        if None in finest or finest[0] == finest[1]:
            return  # the same level: an overlap, not two tables of one area
        found = con.execute(disagreement_sql(min(finest)), [str(new), str(old)]).df()
    if found.empty:
        return
    codes = found["area_code"].unique()
    names = {lang: workspace.register().display_names(codes, lang) for lang in ("th", "en")}
    for row in found.head(SHOWN_PER_RULE).itertuples(index=False):
        numbers = f"{row.pass_new:,}/{row.fail_new:,} ≠ {row.pass_old:,}/{row.fail_old:,}"
        detail = {
            "th": f"{names['th'][row.area_code]} ตัวชี้วัด {row.indicator_id}: {numbers} ({old_name})",
            "en": f"{names['en'][row.area_code]}, indicator {row.indicator_id}: {numbers} ({old_name})",
        }
        prepared.report.record(problem("level_tables_disagree", prepared.file, None, None, row.area_code, detail))
    prepared.report.add_counted("level_tables_disagree", [], max(0, len(found) - SHOWN_PER_RULE))


def disagreement_sql(length: int) -> str:
    """The areas × indicators of ``length`` digits where two leaf tables (parameters: the new
    one's file, the stored one's file) give other pass/fail counts, both rolled up to it."""
    rolled = f"""SELECT substr(area_code, 1, {length}) AS area_code, indicator_id, sum(pass)::BIGINT AS pass, sum(fail)::BIGINT AS fail
        FROM read_parquet(?) WHERE length(area_code) >= {length}
          AND NOT ({length} = 8 AND {lettered_sql("area_code")}) GROUP BY ALL"""
    return f"""
    WITH new AS ({rolled}), old AS ({rolled})
    SELECT n.area_code, n.indicator_id, n.pass AS pass_new, n.fail AS fail_new, o.pass AS pass_old,
           o.fail AS fail_old
    FROM new n JOIN old o USING (area_code, indicator_id)
    WHERE n.pass <> o.pass OR n.fail <> o.fail
    ORDER BY n.area_code, n.indicator_id"""
