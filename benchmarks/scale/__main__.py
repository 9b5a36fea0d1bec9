"""`make bench-scale` (`python -m benchmarks.scale [--national]`).

1. Generate national-shaped synthetic files (deterministic; reused when present): households at
   100 k and 1 M rows (and ~12.9 M with --national, as one file and as 77 province files),
   village aggregates for ~84,000 villages in
   the long and the wide form.
2. For each file, in one run: the project's import (`cia import`), a naive pandas script and a plain
   DuckDB script doing the same aggregation — each in its own process, timed from outside with its
   peak memory — and a check that all three found the same totals.
3. On the largest workspace: `cia rank` / `cia mpi` for the largest province, and every page's
   server time (AppTest) cold and warm for a province, an amphoe, a tambon and a village.

Prints a table and writes bench-results/scale.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from benchmarks.scale import generate
from benchmarks.scale.pages import page_timings

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "bench-data"
RESULTS = ROOT / "bench-results"
SIZES = (100_000, 1_000_000)
NATIONAL = 12_900_000
#: pandas needs ~3.3 KB per household row (measured 3.7 GB at 1 M): beyond this it would not fit
PANDAS_LIMIT = 3_000_000


def measure(*args: str, timeout: int = 3600) -> dict:
    """Run one measured step in a fresh process; its own report plus the wall time seen outside."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.scale.measure", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )
    wall = time.perf_counter() - started
    lines = [line for line in done.stderr.splitlines() if line.startswith("@@")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{args} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    result = json.loads(lines[-1][2:])
    result["outside_wall_s"] = round(wall, 3)
    return result


def project_totals(workspace: Path, level: str | None = None) -> dict:
    """The same checksum from the project's tables: village × indicator rows (or tambon rows)."""
    state = json.loads((workspace / "state.json").read_text(encoding="utf-8"))
    path = workspace / "derived" / state["generation"] / "area_indicator.parquet"
    where = f"level = '{level}'" if level else "level = 'village'"
    with duckdb.connect() as con:
        rows, applicable, fail = con.execute(
            f"SELECT count(*), sum(applicable), sum(fail) FROM read_parquet('{path}') WHERE {where}"
        ).fetchall()[0]
    return {"rows": int(rows), "applicable": int(applicable), "fail": int(fail)}


def compare_step(name: str, rows: int, args: list[str], reference: tuple[str, str], workspace: Path, level=None):
    """The project's import beside pandas and DuckDB on the same file; all three must agree."""
    shutil.rmtree(workspace, ignore_errors=True)
    project = measure("cia", *args, "-w", str(workspace))
    totals = project_totals(workspace, level)
    kind, path = reference
    duck = measure("duckdb", kind, path)
    pandas = measure("pandas", kind, path) if rows <= PANDAS_LIMIT else None
    for other in (duck, pandas):
        if other is not None:
            mismatch = {k: (totals[k], other[k]) for k in ("applicable", "fail") if totals[k] != other[k]}
            if mismatch:
                raise AssertionError(f"{name}: the project's totals differ from the reference: {mismatch}")
    return {
        "step": name,
        "rows": rows,
        "project": project,
        "duckdb": duck,
        "pandas": pandas,
        "pandas_note": None if pandas else f"not run: ~{rows * 3.3 / 1e6:,.0f} GB needed (3.3 KB per row at 1 M)",
        "totals": totals,
    }


def _fmt(step: dict) -> str:
    project, duck, pandas = step["project"], step["duckdb"], step["pandas"]
    wall = project["outside_wall_s"]
    versus_pandas = f"{pandas['outside_wall_s'] / wall:.1f}×" if pandas else "–"
    pandas_cell = f"{pandas['outside_wall_s']:.1f} s, {pandas['peak_mb'] / 1024:.2f} GB" if pandas else "n/a"
    return (
        f"| {step['step']} | {step['rows']:,} | {wall:.1f} s | {project['peak_mb'] / 1024:.2f} GB | "
        f"{duck['outside_wall_s']:.1f} s, {duck['peak_mb'] / 1024:.2f} GB | {pandas_cell} | "
        f"{versus_pandas} | {wall / duck['outside_wall_s']:.2f}× |"
    )


def print_table(steps: list[dict], pages: dict | None, queries: dict) -> None:
    print(
        "\n| step | rows | project import | peak | plain DuckDB | naive pandas | pandas ÷ project | project ÷ DuckDB |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for step in steps:
        print(_fmt(step))
    for name, result in queries.items():
        print(f"\n{name}: {result['outside_wall_s']:.2f} s ({result['peak_mb']:.0f} MB)")
    if pages:
        print("\n| page | area | cold s | warm s |\n|---|---|---|---|")
        for row in pages["rows"]:
            print(f"| {row['page']} | {row['level']} {row['area']} | {row['cold_s']:.2f} | {row['warm_s']:.2f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--national", action="store_true", help="also the ~12.9 M household national year")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--no-pages", action="store_true")
    parser.add_argument("--aggregates-only", action="store_true", help="only the village aggregates (long, wide)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s] + ([NATIONAL] if args.national else [])
    work = DATA / "workspaces"
    steps = []
    if args.aggregates_only:
        steps = aggregate_steps(work)
        print_table(steps, None, {})
        return 0
    for n in sizes:
        path = generate.households(DATA, n)
        command = ["import", "bmn", str(path), "--year", "2566"]
        steps.append(compare_step(f"households {n:,}", n, command, ("households", str(path)), work / f"hh_{n}"))
    if args.national:  # a national year as it is downloaded: one file per province, one dataset
        folder = generate.province_files(generate.households(DATA, NATIONAL))
        command = ["import", "bmn", str(folder), "--year", "2566"]
        reference = ("households", str(folder / "*.csv"))
        name = f"households {NATIONAL:,} in {len(list(folder.glob('*.csv')))} province files"
        steps.append(compare_step(name, NATIONAL, command, reference, work / "hh_provinces"))
    steps += aggregate_steps(work)
    largest = work / f"hh_{max(sizes)}"
    province = _largest_province(largest)
    queries = {
        f"cia rank --area {province}": measure("cia", "rank", "--area", province, "-w", str(largest)),
        f"cia mpi --area {province}": measure("cia", "mpi", "--area", province, "-w", str(largest)),
        "cia datasets": measure("cia", "datasets", "-w", str(largest)),
    }
    pages = None if args.no_pages else page_timings(largest, province)
    RESULTS.mkdir(exist_ok=True)
    report = {"steps": steps, "queries": queries, "pages": pages, "cores": os.cpu_count()}
    (RESULTS / "scale.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print_table(steps, pages, queries)
    return 0


def aggregate_steps(work: Path) -> list[dict]:
    """The national village aggregates as published, long and wide, imported with no manual step:
    the year only (the unit, households and members and the lettered communities from the file)."""
    steps = []
    long_path, wide_path = generate.aggregates(DATA)
    for shape, path in (("long", long_path), ("wide", wide_path)):
        command = ["import", "bmn-agg", str(path), "--year", "2564"]
        rows = sum(1 for _ in path.open(encoding="utf-8")) - 1
        name = f"village aggregates, {shape}"
        steps.append(compare_step(name, rows, command, (f"agg-{shape}", str(path)), work / f"agg_{shape}", "tambon"))
    return steps


def _largest_province(workspace: Path) -> str:
    state = json.loads((workspace / "state.json").read_text(encoding="utf-8"))
    path = workspace / "derived" / state["generation"] / "area_summary.parquet"
    with duckdb.connect() as con:
        return con.execute(
            f"SELECT area_code FROM read_parquet('{path}') WHERE level = 'province' ORDER BY households DESC LIMIT 1"
        ).fetchall()[0][0]


if __name__ == "__main__":
    raise SystemExit(main())
