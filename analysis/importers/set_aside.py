"""Import what is valid, on request (aggregate files): the rows that break a row rule are set
aside, the others imported. Off by default — an import is all or nothing unless the user asks.

Only errors of single rows can be set aside: a bad area code, a count that is not a number, pass
+ fail above the applicable count, an area and indicator given twice (the later row), a row cut
short. An error of the whole file (no area column, several years, levels mixed) still refuses it.

set_aside:  session table, one row per source row set aside (file, row).
"""

from __future__ import annotations

import pandas as pd

from analysis.importers.common import Prepared
from analysis.importers.session import ImportSession
from analysis.validation import rules

KEY_JOIN = "USING (k_full, k_province, k_amphoe, k_tambon, k_village_no)"
BROKEN_RULES = ("row_cells_missing", "row_cells_extra")


def _error(rule: str) -> bool:
    return rules()[rule]["severity"] == "error"


def row_rules(session: ImportSession) -> set[str]:
    """The error rules this import found on single rows (the ones rows can be set aside for)."""
    found = {check.rule for _, check in session.checks_hit if _error(check.rule)}
    keys = session.con.execute("SELECT DISTINCT rule FROM area_keys WHERE rule IS NOT NULL").fetchall()
    found |= {rule for (rule,) in keys if _error(rule)}
    if session.broken_rows:
        found |= set(BROKEN_RULES)
    return found


def set_aside(session: ImportSession, prepared: Prepared) -> bool:
    """Set aside every row an error names, when every error of the report names rows: the
    ``set_aside`` table, the rows removed from ``good_counts``, the errors marked as set aside
    (they no longer block) and the count in the dataset's description. False (nothing done) when
    some error is about the whole file."""
    report = prepared.report
    errors = {rule for rule, n in report.totals.items() if n and _error(rule)}
    by_rows = row_rules(session)
    if not errors or not errors <= by_rows:
        return False
    parts = [
        f"SELECT __file, row FROM {view} WHERE coalesce({check.when}, false)"
        for view, check in session.checks_hit
        if _error(check.rule)
    ]
    parts.append(f"SELECT r.__file, r.row FROM rows r JOIN area_keys k {KEY_JOIN} WHERE k.rule IS NOT NULL")
    broken = pd.DataFrame(
        {"__file": [i for i, _ in session.broken_rows], "row": [b.row for _, b in session.broken_rows]},
        dtype="int64",
    )
    session.con.register("broken_rows", broken)
    parts.append("SELECT __file::USMALLINT, row FROM broken_rows")
    con = session.con
    con.execute(
        "CREATE OR REPLACE TABLE set_aside AS SELECT DISTINCT __file::USMALLINT AS __file, row::BIGINT AS row "
        f"FROM ({' UNION ALL '.join(parts)})"
    )
    con.execute("DELETE FROM good_counts g USING set_aside s WHERE g.__file = s.__file AND g.row = s.row")
    per_file = con.execute("SELECT __file, count(*) FROM set_aside GROUP BY ALL ORDER BY __file").fetchall()
    names = {session.files[int(i)].name: int(n) for i, n in per_file}
    total = sum(names.values())
    report.set_aside_rules |= errors
    listed = ", ".join(f"{name} ({n:,})" for name, n in names.items())
    report.add("rows_set_aside", prepared.file, value=f"{total:,}", detail=listed)
    prepared.meta.update(set_aside=total, set_aside_files=names)
    if con.execute("SELECT count(*) FROM good_counts").fetchall()[0][0] == 0:
        report.add("empty_file", prepared.file)  # nothing valid is left: refused, not an empty dataset
    return True
