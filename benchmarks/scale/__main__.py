"""`make bench-scale` (`python -m benchmarks.scale [--national]`).

1. Generate national-shaped synthetic files (deterministic; reused when present): households at
   100 k and 1 M rows (and ~12.9 M with --national, as one file and as 77 province files),
   village aggregates for ~84,000 villages in the long and the wide form.
2. For each file, in one run: the project's import (`cia import`), a naive pandas script and a plain
   DuckDB script doing the same aggregation, and a check that all three found the same totals.
3. On the largest workspace: `cia rank` / `cia mpi` for the largest province, and every page's
   server time (AppTest) cold and warm for a province, an amphoe, a tambon and a village.

Every step — the generators too — runs in an interpreter of its own (benchmarks.fresh), timed from
outside, with its own peak memory; this process only starts them and reads small tables. Writes
bench-results/scale.json (scale-national.json with --national) and prints the tables the README
shows (`python -m benchmarks.readme`).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import duckdb

from benchmarks.fresh import machine, quiet, run_fresh
from benchmarks.readme import render_scale

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "bench-data"
RESULTS = ROOT / "bench-results"
SIZES = (100_000, 1_000_000)
NATIONAL = 12_900_000
#: pandas needs ~3.3 KB per household row (measured 3.7 GB at 1 M): beyond this it would not fit
PANDAS_LIMIT = 3_000_000


def measure(*args: str, timeout: int = 3600) -> dict:
    """One measured step (benchmarks.scale.measure) in a fresh interpreter."""
    return run_fresh("benchmarks.scale.measure", *args, timeout=timeout)


def generated(kind: str, *args: str) -> tuple[list[Path], dict]:
    """Files written (or found) by the generator in its own process, and its own report."""
    result = run_fresh("benchmarks.scale.generate", kind, *args, timeout=7200)
    return [Path(p) for p in result.pop("paths")], result


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
    if project["exit"] != 0:
        raise RuntimeError(f"{name}: cia {' '.join(args)} exited with {project['exit']}")
    print(f"{name}: project import {project['outside_wall_s']:.1f} s, {project['peak_mb']:,.0f} MB", flush=True)
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--national", action="store_true", help="also the ~12.9 M household national year")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--no-pages", action="store_true")
    parser.add_argument("--aggregates-only", action="store_true", help="only the village aggregates (long, wide)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s] + ([NATIONAL] if args.national else [])
    work = DATA / "workspaces"
    report: dict = {"machine": machine(), "generators": {}, "steps": []}
    steps, generators = report["steps"], report["generators"]
    if args.aggregates_only:  # the national village files as published, long and wide: nothing else
        steps += aggregate_steps(work, generators)
        report["queries"] = {}
        print("\n".join(["", *render_scale(report)]))
        return 0
    for n in sizes:
        [path], generators[f"households {n:,}"] = generated("households", str(DATA), str(n))
        command = ["import", "bmn", str(path), "--year", "2566"]
        steps.append(compare_step(f"households {n:,}", n, command, ("households", str(path)), work / f"hh_{n}"))
    if args.national:  # a national year as it is downloaded: one file per province, one dataset
        [folder], generators["province files"] = generated("provinces", str(DATA / f"households_{NATIONAL}.csv"))
        command = ["import", "bmn", str(folder), "--year", "2566"]
        reference = ("households", str(folder / "*.csv"))
        name = f"households {NATIONAL:,} in {len(list(folder.glob('*.csv')))} province files"
        steps.append(compare_step(name, NATIONAL, command, reference, work / "hh_provinces"))
    steps += aggregate_steps(work, generators)
    largest = work / f"hh_{max(sizes)}"
    province = _largest_province(largest)
    report["queries"] = {
        f"cia rank --area {province}": measure("cia", "rank", "--area", province, "-w", str(largest)),
        f"cia mpi --area {province}": measure("cia", "mpi", "--area", province, "-w", str(largest)),
        "cia datasets": measure("cia", "datasets", "-w", str(largest)),
    }
    report["pages"] = None
    if not args.no_pages:
        report["pages"] = run_fresh("benchmarks.scale.pages", str(largest), province, timeout=7200)
    report["machine"]["load_1min_end"] = machine()["load_1min"]
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / ("scale-national.json" if args.national else "scale.json")
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print("\n".join(["", *render_scale(report), "", f"written to {out.relative_to(ROOT)}"]))
    return 0


def aggregate_steps(work: Path, generators: dict) -> list[dict]:
    """The national village aggregates as published, long and wide, imported with no manual step:
    the year only (the unit, households and members and the lettered communities from the file)."""
    steps = []
    (long_path, wide_path), generators["village aggregates"] = generated("aggregates", str(DATA))
    for shape, path in (("long", long_path), ("wide", wide_path)):
        command = ["import", "bmn-agg", str(path), "--year", "2564"]
        name = f"village aggregates, {shape}"
        reference = (f"agg-{shape}", str(path))
        steps.append(compare_step(name, _data_rows(path), command, reference, work / f"agg_{shape}", "tambon"))
    return steps


def _data_rows(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 24), b"")) - 1


def _largest_province(workspace: Path) -> str:
    state = json.loads((workspace / "state.json").read_text(encoding="utf-8"))
    path = workspace / "derived" / state["generation"] / "area_summary.parquet"
    with duckdb.connect() as con:
        return con.execute(
            f"SELECT area_code FROM read_parquet('{path}') WHERE level = 'province' ORDER BY households DESC LIMIT 1"
        ).fetchall()[0][0]


if __name__ == "__main__":
    quiet()
    raise SystemExit(main(sys.argv[1:]))
