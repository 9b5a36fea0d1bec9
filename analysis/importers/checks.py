"""Declared row checks: each is a rule id (its severity and Thai/English message are declared in
data/validation_rules/*.toml), the field whose column is shown, and a SQL predicate over a
session view. One query counts the rows that break it and fetches the first ones; nothing loops
over rows in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from analysis.importers.session import ImportSession, sql_text
from analysis.privacy import masked_sql
from analysis.scratch import new_scratch_folder
from analysis.validation import SHOWN_PER_RULE, Report, problem, rules

#: problems written to the downloadable full list, at most
FULL_LIST_LIMIT = 1_000_000


@dataclass(frozen=True)
class Check:
    """Rows of a view where ``when`` holds break ``rule``.

    field:  key of the column shown ("members", "ind:5", …); ``field_sql`` computes it per row instead
    value:  SQL for the value shown (default: the field's raw text column ``<field>_raw``)
    detail: SQL for the message's {detail}; ``detail_en`` its English words when they differ
    """

    rule: str
    when: str
    field: str | None = None
    value: str | None = None
    detail: str = "''"
    field_sql: str | None = None
    detail_en: str | None = None

    def value_sql(self) -> str:
        if self.value is not None:
            return self.value
        return f"{self.field}_raw" if self.field else "''"

    def field_key_sql(self) -> str:
        return self.field_sql or (sql_text(self.field) if self.field else "NULL")


def _select(check: Check, view: str) -> str:
    """The rows breaking ``check``; a value that is personal is masked (never listed again)."""
    return (
        f"SELECT __file, row, {masked_sql('value')} AS value, detail, detail_en, field_key FROM ("
        f"SELECT __file, row, CAST({check.value_sql()} AS VARCHAR) AS value, "
        f"CAST({check.detail} AS VARCHAR) AS detail, CAST({check.detail_en or check.detail} AS VARCHAR) AS detail_en, "
        f"{check.field_key_sql()} AS field_key "
        f"FROM {view} WHERE {check.when})"
    )


def run_checks(session: ImportSession, view: str, checks: list[Check], report: Report) -> None:
    """Count the rows of ``view`` that break each check — every check in one pass over the view —
    then list the first rows of the checks that found any."""
    if not checks:
        return
    con = session.con
    counts = ", ".join(f"count(*) FILTER (WHERE coalesce({c.when}, false))" for c in checks)
    totals = con.execute(f"SELECT {counts} FROM {view}").fetchall()[0]
    for check, total in zip(checks, totals, strict=True):
        if not total:
            continue
        session.checks_hit.append((view, check))
        listed = con.execute(
            f"{_select(check, view)} ORDER BY __file, row LIMIT {SHOWN_PER_RULE}",
        ).fetchall()
        shown = []
        for file_index, row, value, detail, detail_en, key in listed:
            source = session.files[file_index]
            said = {"th": detail or "", "en": detail_en or ""}
            shown.append(problem(check.rule, source.name, int(row), source.header(key), value, said))
        report.add_counted(check.rule, shown, int(total))
        if total > len(listed):  # the rows listed may not reach every file: count them per file
            per_file = con.execute(f"SELECT __file, count(*) FROM {view} WHERE {check.when} GROUP BY ALL").fetchall()
            report.count_files(check.rule, {session.files[i].name: n for i, n in per_file})


def write_full_list(session: ImportSession, report: Report) -> None:
    """Every problem the checks found (up to FULL_LIST_LIMIT) with its messages, as Parquet, for
    download — only when the report lists fewer problems than it counts. Problems reported one by
    one (file-level ones, bad codes) are included as listed."""
    if not report.truncated or not session.checks_hit:
        return
    names = session.file_cases([f.name for f in session.files])
    counted = {c.rule for _, c in session.checks_hit}
    _register_headers(session)
    parts = []
    for view, check in session.checks_hit:
        spec = rules()[check.rule]
        messages = {lang: _message_sql(spec[lang], "h.header", lang) for lang in ("th", "en")}
        parts.append(
            f'SELECT {sql_text(spec["severity"])} AS severity, {names} AS file, row, h.header AS "column", '
            f"value, {sql_text(check.rule)} AS rule, {messages['th']} AS message_th, "
            f"{messages['en']} AS message_en FROM ({_select(check, view)}) LEFT JOIN problem_headers h "
            "USING (__file, field_key)"
        )
    single = [p for p in report.problems if p.rule not in counted]
    if single:
        import pandas as pd

        listed = pd.DataFrame([p.__dict__ for p in single])[["severity", "file", "row", "column", "value", "rule"]]
        listed = listed.assign(message_th=[p.message_th for p in single], message_en=[p.message_en for p in single])
        session.con.register("listed_problems", listed.astype({"row": "Int64"}))
        parts.append('SELECT severity, file, row, "column", value, rule, message_th, message_en FROM listed_problems')
    # in the workspace's scratch (never the system's temporary folder), values already masked where
    # they are personal; removed with the report (Report.discard), else by `cia doctor --repair`
    path = new_scratch_folder(session.workspace_root, "problems") / "problems.parquet"
    query = " UNION ALL ".join(parts)
    session.con.execute(f"COPY (FROM ({query}) LIMIT {FULL_LIST_LIMIT}) TO '{_path(path)}' (FORMAT parquet)")
    report.full_path = str(path)


def _register_headers(session: ImportSession) -> None:
    """``problem_headers``: one row per file × field key with the header shown in that file (a
    join, not a CASE: 77 province files × 40 fields would be 3,000 branches per problem row)."""
    import pandas as pd

    rows = [(f.index, key, header) for f in session.files for key, header in f.headers.items() if header is not None]
    frame = pd.DataFrame(rows, columns=["__file", "field_key", "header"]).astype(
        {"__file": "uint16", "field_key": "string", "header": "string"}
    )
    session.con.register("problem_headers", frame)


def _message_sql(template: str, column_sql: str, lang: str = "th") -> str:
    text = sql_text(template)
    detail = "detail_en" if lang == "en" else "detail"
    return (
        f"replace(replace(replace({text}, '{{value}}', coalesce(value, '')), "
        f"'{{detail}}', coalesce({detail}, '')), '{{column}}', coalesce({column_sql}, ''))"
    )


def _path(path: Path) -> str:
    return str(path).replace("'", "''")


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    """The single value a query returns."""
    return con.execute(sql, params or []).fetchall()[0][0]
