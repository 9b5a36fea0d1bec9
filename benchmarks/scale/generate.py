"""Deterministic national-shaped synthetic files, written by DuckDB (no Python loop per row).

Real area codes: every tambon of the register (geothai), 4–18 villages each (~84,000 villages in
all); households in village-code order, 60–250 per village (~155 on average, as in a national
year of ~13 million). Values come from integer hashes of the row number, so a file is the same
on every machine and every run.

households_<n>.csv: one row per household: village code, household id, members, income, and the
    38 indicators of the 2566–2570 catalog as 1 / 0 / blank (applicability and failure rates
    differ by indicator and by village).
agg_long.csv:      one row per village × indicator (2560–2564 catalog, 31): village code, indicator,
    applicable, pass, fail — ~2.6 million rows.
households_<n>_provinces/<pp>.csv: the same households, one file per province (as a national
    year is downloaded: 77 files), cut at the byte where the next province's first line begins.
agg_wide.csv:      one row per village (10-digit ids; ~2% of villages have a second community):
    village_ID, household.CNT, HOUSEMEMBER_CNT, indicatorN.ALL, indicatorN.CNT — the form national
    portals publish: counts in persons for every indicator (household indicators too), and 16
    communities of three city municipalities numbered with a letter (901151A001, 340151A101, …).
    The long form holds the same leaves (8-digit village codes, the lettered communities whole).

Run by `python -m benchmarks.scale.generate households|provinces|aggregates PATH [ROWS]` in a
process of its own: the national file's generation peaks at ~5.5 GB, which must stay out of the
process that starts the measured steps.
"""

from __future__ import annotations

import mmap
import sys
import time
from pathlib import Path

import duckdb

from analysis.areas import national_areas
from analysis.catalogs import load_catalog
from benchmarks.fresh import quiet, report

HOUSEHOLD_CATALOG = "bmn_2566_2570"
AGGREGATE_CATALOG = "bmn_2560_2564"
#: communities numbered with a letter, as Hat Yai, Ubon Ratchathani and Udon Thani publish them
LETTERED = [f"901151A{n:03d}" for n in range(1, 7)] + [f"340151A{n:03d}" for n in range(101, 106)]
LETTERED += [f"410151A{n:03d}" for n in range(901, 906)]


def _hash(expression: str, salt: int) -> str:
    """A deterministic integer hash in [0, 1000) of an integer SQL expression."""
    return f"((({expression}) * 2654435761 + {salt} * 40503 + 12345) % 1000003 % 1000)"


def _villages(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("SET enable_progress_bar_print = false")
    tambons = national_areas()
    tambons = tambons[tambons["level"] == "tambon"][["area_code"]].sort_values("area_code")
    con.register("tambons", tambons)
    con.execute(
        f"""CREATE OR REPLACE TABLE villages AS
        WITH t AS (SELECT area_code, row_number() OVER (ORDER BY area_code) AS n FROM tambons)
        SELECT area_code || lpad(v::VARCHAR, 2, '0') AS village_code,
               (row_number() OVER (ORDER BY area_code, v))::BIGINT AS village_no
        FROM t, LATERAL unnest(range(1, 5 + {_hash("n", 1)} % 15)) AS u(v)
        ORDER BY village_code"""
    )
    con.execute(
        f"""CREATE OR REPLACE TABLE villages AS
        SELECT *, 60 + {_hash("village_no", 2)} % 201 AS households,
               {_hash("village_no", 3)} % 100 AS hardship
        FROM villages"""
    )


def households(folder: Path, n: int) -> Path:
    """The household file of ``n`` rows (written once; reused when present)."""
    path = folder / f"households_{n}.csv"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    ids = [i for i in load_catalog(HOUSEHOLD_CATALOG).indicator_ids if i != "37"]
    with duckdb.connect() as con:
        _villages(con)
        columns = []
        for k, indicator in enumerate(ids):
            applicable = 300 + (k * 137) % 700  # per mille of households the indicator applies to
            failing = 20 + (k * 53) % 160
            cell = (
                f"CASE WHEN {_hash('i', 10 + k)} >= {applicable} THEN NULL "
                f"WHEN {_hash('i', 100 + k)} < {failing} + hardship THEN '0' ELSE '1' END"
            )
            columns.append(f'{cell} AS "ข้อ {indicator}"')
        tmp = str(path.with_suffix(".tmp")).replace("'", "''")
        con.execute(
            f"""COPY (
            WITH chosen AS (
                SELECT *, sum(households) OVER (ORDER BY village_code) AS upto FROM villages
            ), rows AS (
                SELECT village_code, hardship, h, (upto - households + h)::BIGINT AS i
                FROM chosen, LATERAL unnest(range(households)) AS u(h)
                WHERE upto - households < {n}
            )
            SELECT village_code AS "รหัสหมู่บ้าน", lpad((h + 1)::VARCHAR, 4, '0') AS "รหัสบ้าน",
                   (1 + {_hash("i", 4)} % 7)::VARCHAR AS "จำนวนสมาชิก",
                   (20000 + {_hash("i", 5)} * 400 + hardship * 100)::VARCHAR AS "รายได้",
                   {", ".join(columns)}
            FROM rows WHERE i < {n} ORDER BY i
            ) TO '{tmp}' (HEADER, DELIMITER ',')"""
        )
    written = _data_rows(path.with_suffix(".tmp"))
    if written != n:  # the villages hold fewer households than asked: a smaller file must not pass for n
        raise ValueError(f"{path.name}: {written:,} households written, {n:,} asked")
    path.with_suffix(".tmp").rename(path)
    return path


def province_files(path: Path) -> Path:
    """The households file cut into one file per province, each with the header (written once).
    The file is in village-code order, so a province is one run of lines: its start is the first
    line beginning with its code, found by a byte search (no Python loop per row)."""
    folder = path.with_name(f"{path.stem}_provinces")
    if folder.is_dir():
        return folder
    provinces = sorted(national_areas().query("level == 'province'")["area_code"])
    partial = folder.with_name(f".{folder.name}")
    partial.mkdir(parents=True, exist_ok=True)
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        body = data.find(b"\n") + 1
        starts = [(code, data.find(b"\n" + code.encode(), body - 1) + 1) for code in provinces]
        starts = [(code, at) for code, at in starts if at > 0]
        ends = [at for _, at in starts[1:]] + [len(data)]
        for (code, start), end in zip(starts, ends, strict=True):
            (partial / f"{code}.csv").write_bytes(data[:body] + data[start:end])
    written = sum(_data_rows(f) for f in partial.glob("*.csv"))
    if written != _data_rows(path):
        raise ValueError(
            f"{folder.name}: {written:,} households in the province files, {_data_rows(path):,} in {path.name}"
        )
    partial.rename(folder)
    return folder


def _data_rows(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 24), b"")) - 1


def aggregates(folder: Path) -> tuple[Path, Path]:
    """The national village aggregates in the long and the wide form."""
    long_path, wide_path = folder / "agg_long.csv", folder / "agg_wide.csv"
    if long_path.exists() and wide_path.exists():
        return long_path, wide_path
    folder.mkdir(parents=True, exist_ok=True)
    ids = load_catalog(AGGREGATE_CATALOG).indicator_ids
    with duckdb.connect() as con:
        _villages(con)
        pandas = __import__("pandas")
        con.register("indicators", pandas.DataFrame({"indicator_id": ids, "k": range(len(ids))}))
        con.register("lettered", pandas.DataFrame({"leaf": LETTERED, "n": range(len(LETTERED))}))
        # persons: ~3.2 members a household; every indicator counts persons (as the portals' tables do)
        con.execute(
            f"""CREATE TABLE counts AS
            WITH leaves AS (
                SELECT village_code || '01' AS leaf, village_no, households FROM villages
                UNION ALL
                SELECT village_code || '02', village_no + 1000000, households // 3 FROM villages
                WHERE {_hash("village_no", 6)} < 20
                UNION ALL
                SELECT leaf, 2000000 + n, 120 + n * 7 FROM lettered
            ), people AS (
                SELECT *, (households * (300 + {_hash("village_no", 9)} % 60) // 100)::BIGINT AS persons FROM leaves
            )
            SELECT leaf, households, persons, indicator_id, k,
                   (persons * (300 + {_hash("village_no * 41 + k", 7)} * 2) // 1000)::BIGINT AS applicable,
                   (persons * (300 + {_hash("village_no * 41 + k", 7)} * 2) // 1000
                    * (10 + {_hash("village_no * 43 + k", 8)} % 200) // 1000)::BIGINT AS fail
            FROM people, indicators"""
        )
        target = str(long_path).replace("'", "''")
        con.execute(
            f"""COPY (SELECT CASE WHEN leaf LIKE '%A%' THEN leaf ELSE substr(leaf, 1, 8) END AS "รหัสหมู่บ้าน",
                   indicator_id AS "ตัวชี้วัด", applicable AS "จำนวนที่สำรวจ", applicable - fail AS "ผ่านเกณฑ์",
                   fail AS "ไม่ผ่านเกณฑ์"
            FROM counts WHERE leaf LIKE '%01' ORDER BY leaf, k) TO '{target}' (HEADER)"""
        )
        pivots = ", ".join(
            f"max(applicable) FILTER (WHERE indicator_id = '{i}') AS \"indicator{i}.ALL\", "
            f"max(fail) FILTER (WHERE indicator_id = '{i}') AS \"indicator{i}.CNT\""
            for i in ids
        )
        target = str(wide_path).replace("'", "''")
        con.execute(
            f"""COPY (SELECT leaf AS village_ID, max(households) AS "household.CNT", max(persons) AS HOUSEMEMBER_CNT,
                   {pivots} FROM counts GROUP BY leaf ORDER BY leaf)
            TO '{target}' (HEADER)"""
        )
    return long_path, wide_path


def main(argv: list[str]) -> int:
    """One file (or folder) written when missing; reports the paths, whether it wrote them and its own
    peak memory."""
    started = time.time()
    what, path, *rows = argv
    if what == "households":
        paths = [households(Path(path), int(rows[0]))]
    elif what == "provinces":
        paths = [province_files(Path(path))]
    elif what == "aggregates":
        paths = list(aggregates(Path(path)))
    else:
        raise SystemExit(f"unknown file kind {what}")
    written = any(p.stat().st_mtime >= started for p in paths)
    report({"paths": [str(p) for p in paths], "written": written})
    return 0


if __name__ == "__main__":
    quiet()
    raise SystemExit(main(sys.argv[1:]))
