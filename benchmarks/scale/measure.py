"""One measured step, run in a fresh interpreter (benchmarks.fresh) so its peak memory is its own:

    python -m benchmarks.scale.measure cia import bmn FILE --year 2566 -w DIR
    python -m benchmarks.scale.measure pandas households FILE
    python -m benchmarks.scale.measure duckdb agg-wide FILE

Reports (benchmarks.fresh.report) wall seconds, its own peak memory (MB) and, for the reference
scripts, a checksum of their result (rows, applicable, fail) to compare with the project's tables.
"""

from __future__ import annotations

import sys
import time

from benchmarks.fresh import quiet, report


def pandas_households(path: str) -> dict:
    """What an analyst would write: read everything as text, melt, group."""
    import pandas as pd

    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    indicators = [c for c in frame.columns if c.startswith("ข้อ")]
    long = frame.melt(id_vars=["รหัสหมู่บ้าน"], value_vars=indicators, var_name="indicator", value_name="v")
    long = long[long["v"] != ""]
    long["failed"] = (long["v"] == "0").astype(int)
    out = long.groupby(["รหัสหมู่บ้าน", "indicator"]).agg(applicable=("v", "size"), fail=("failed", "sum"))
    return {"rows": len(out), "applicable": int(out["applicable"].sum()), "fail": int(out["fail"].sum())}


def duckdb_households(path: str) -> dict:
    """The same aggregation in plain DuckDB SQL (its fastest natural form: one wide GROUP BY)."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET enable_progress_bar_print = false")
    columns = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_csv('{path}', all_varchar=true)").fetchall()]
    indicators = [c for c in columns if c.startswith("ข้อ")]
    aggregates = ", ".join(
        f'count("{c}") AS "a{n}", count(*) FILTER (WHERE "{c}" = \'0\') AS "f{n}"' for n, c in enumerate(indicators)
    )
    con.execute(
        f"CREATE TABLE out AS SELECT \"รหัสหมู่บ้าน\", {aggregates} FROM read_csv('{path}', all_varchar=true) GROUP BY ALL"
    )
    sums = " + ".join(f'sum("a{n}")' for n in range(len(indicators)))
    fails = " + ".join(f'sum("f{n}")' for n in range(len(indicators)))
    villages, applicable, fail = con.execute(f"SELECT count(*), {sums}, {fails} FROM out").fetchall()[0]
    return {"rows": int(villages) * len(indicators), "applicable": int(applicable), "fail": int(fail)}


def pandas_aggregates(shape: str, path: str) -> dict:
    import pandas as pd

    frame = pd.read_csv(path, dtype={"รหัสหมู่บ้าน": str, "village_ID": str})
    if shape == "long":
        frame["tambon"] = frame["รหัสหมู่บ้าน"].str[:6]
        out = frame.groupby(["tambon", "ตัวชี้วัด"])[["จำนวนที่สำรวจ", "ไม่ผ่านเกณฑ์"]].sum()
        return {"rows": len(out), "applicable": int(out.iloc[:, 0].sum()), "fail": int(out.iloc[:, 1].sum())}
    counts = [c for c in frame.columns if c.startswith("indicator")]  # not household.CNT / HOUSEMEMBER_CNT
    long = frame.melt(id_vars=["village_ID"], value_vars=counts, var_name="column", value_name="n")
    long["indicator"] = long["column"].str.extract(r"indicator(\d+)")[0]
    long["measure"] = long["column"].str.rsplit(".", n=1).str[1]
    long["tambon"] = long["village_ID"].str[:6]
    out = long.pivot_table(index=["tambon", "indicator"], columns="measure", values="n", aggfunc="sum")
    return {"rows": len(out), "applicable": int(out["ALL"].sum()), "fail": int(out["CNT"].sum())}


def duckdb_aggregates(shape: str, path: str) -> dict:
    import duckdb

    con = duckdb.connect()
    con.execute("SET enable_progress_bar_print = false")
    if shape == "long":
        rows, applicable, fail = con.execute(
            f"""SELECT count(*), sum(a), sum(f) FROM (
                SELECT substr("รหัสหมู่บ้าน"::VARCHAR, 1, 6), "ตัวชี้วัด", sum("จำนวนที่สำรวจ") a, sum("ไม่ผ่านเกณฑ์") f
                FROM read_csv('{path}', types={{'รหัสหมู่บ้าน': 'VARCHAR'}}) GROUP BY ALL)"""
        ).fetchall()[0]
    else:
        rows, applicable, fail = con.execute(
            f"""SELECT count(*), sum(a), sum(f) FROM (
                SELECT substr(village_ID, 1, 6) AS tambon, regexp_extract(name, 'indicator(\\d+)', 1) AS ind,
                       sum(n) FILTER (WHERE name LIKE '%.ALL') a, sum(n) FILTER (WHERE name LIKE '%.CNT') f
                FROM (UNPIVOT (FROM read_csv('{path}', types={{'village_ID': 'VARCHAR'}}))
                      ON COLUMNS('^indicator') INTO NAME name VALUE n)
                GROUP BY ALL)"""
        ).fetchall()[0]
    return {"rows": int(rows), "applicable": int(applicable), "fail": int(fail)}


def main(argv: list[str]) -> int:
    started = time.perf_counter()
    result: dict = {}
    tool, *rest = argv
    if tool == "cia":
        from analysis.cli import main as cia

        result["exit"] = cia(rest)
    elif tool == "pandas":
        result = pandas_households(rest[1]) if rest[0] == "households" else pandas_aggregates(rest[0][4:], rest[1])
    elif tool == "duckdb":
        result = duckdb_households(rest[1]) if rest[0] == "households" else duckdb_aggregates(rest[0][4:], rest[1])
    else:
        raise SystemExit(f"unknown tool {tool}")
    result["wall_s"] = round(time.perf_counter() - started, 3)
    report(result)
    return 0


if __name__ == "__main__":
    quiet()
    raise SystemExit(main(sys.argv[1:]))
