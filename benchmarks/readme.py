"""The README's benchmark figures, made from bench-results/*.json: `python -m benchmarks.readme`
rewrites the part of README.md between BEGIN and END (`--check`: only says whether it would).

`make bench` and `make bench-scale` run it after writing their results, so a run and the README
change together; tests/test_benchmarks.py fails when the README differs from what this module
makes of the committed results and of the goals (benchmarks/goals.py, data/settings.toml).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from benchmarks import goals

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
RESULTS = ROOT / "bench-results"
BEGIN = "<!-- BEGIN benchmarks: made by `python -m benchmarks.readme` from bench-results/*.json; do not edit -->"
END = "<!-- END benchmarks -->"
#: the results the README shows, in its order, each when present
FILES = (
    "scale.json",
    "scale-national.json",
    "pages.json",
    "national_map.json",
    "load.json",
    "load-national.json",
)
#: the load benchmark's figures from before issue 27's changes, shown beside the default run's
BEFORE = "load-before.json"


def load(folder: Path = RESULTS) -> dict[str, dict]:
    names = (*FILES, BEFORE)
    return {name: json.loads((folder / name).read_text(encoding="utf-8")) for name in names if (folder / name).exists()}


def _gb(mb: float) -> str:
    return f"{mb / 1024:.2f} GB"


def _machine(machine: dict) -> str:
    end = f", {machine['load_1min_end']} at the end" if "load_1min_end" in machine else ""
    return (
        f"Measured {machine['date']} on {machine['cores']} cores (load average {machine['load_1min']} at the "
        f"start{end}: other work shares this machine, so compare figures within one run), Python "
        f"{machine['python']}, DuckDB {machine['duckdb']}."
    )


def _step_row(step: dict) -> str:
    project, duck, pandas = step["project"], step["duckdb"], step["pandas"]
    wall = project["outside_wall_s"]
    if pandas:
        pandas_cell = f"{pandas['outside_wall_s']:.1f} s, {_gb(pandas['peak_mb'])}"
    else:
        pandas_cell = f"not run (≈ {step['rows'] * 3.3 / 1e6:,.0f} GB)"
    return (
        f"| {step['step']} | {step['rows']:,} | {wall:.1f} s | {_gb(project['peak_mb'])} | "
        f"{duck['outside_wall_s']:.1f} s, {_gb(duck['peak_mb'])} | {pandas_cell} | "
        f"{wall / duck['outside_wall_s']:.1f}× |"
    )


def _page_areas(pages: dict, page_s: float) -> list[str]:
    lines = [
        f"Every page through the real app (AppTest server time, cold then warm; goal {page_s:.1f} s) on the "
        f"largest workspace; the app's own start took {pages['first_start_s']:.1f} s. Its own peak: "
        f"{_gb(pages['peak_mb'])}.",
        "",
        "| area | pages | slowest cold | slowest warm | over the goal (cold / warm) |",
        "|---|---|---|---|---|",
    ]
    areas: dict[tuple[str, str], list[dict]] = {}
    for row in pages["rows"]:
        areas.setdefault((row["level"], row["area"]), []).append(row)
    for (level, area), rows in areas.items():
        cold = max(rows, key=lambda r: r["cold_s"])
        warm = max(rows, key=lambda r: r["warm_s"])
        over = [
            f"{r['page']} {r['cold_s']:.2f} / {r['warm_s']:.2f} s"
            for r in rows
            if max(r["cold_s"], r["warm_s"]) > page_s
        ]
        lines.append(
            f"| {level} {area} | {len(rows)} | {cold['page']} {cold['cold_s']:.2f} s | "
            f"{warm['page']} {warm['warm_s']:.2f} s | {'; '.join(over) or 'none'} |"
        )
    return lines


def render_scale(report: dict, page_s: float | None = None, memory_mb: int | None = None) -> list[str]:
    """The `make bench-scale` figures of one run: imports, the generators, queries and pages."""
    page_s = goals.PAGE_S if page_s is None else page_s
    memory_mb = goals.import_memory_mb() if memory_mb is None else memory_mb
    lines = [
        _machine(report["machine"]) + " Every step ran in an interpreter of its own; its peak is its own (VmHWM). "
        f"An import may use {memory_mb:,} MB before DuckDB spills to disk (`[import] memory_limit_mb`); its peak "
        "adds Python, pandas and the audit database.",
        "",
        "| file | rows | project import | peak | plain DuckDB | naive pandas | project ÷ DuckDB |",
        "|---|---|---|---|---|---|---|",
        *[_step_row(step) for step in report["steps"]],
    ]
    written = [(name, g) for name, g in report.get("generators", {}).items() if g.get("written")]
    if written:
        parts = [f"{name} {g['outside_wall_s']:.0f} s, {_gb(g['peak_mb'])}" for name, g in written]
        lines += ["", "Synthetic files written in this run, each in its own process: " + "; ".join(parts) + "."]
    queries = [f"`{name}` {q['outside_wall_s']:.2f} s ({_gb(q['peak_mb'])})" for name, q in report["queries"].items()]
    lines += ["", "On the largest workspace: " + "; ".join(queries) + "."]
    if report.get("pages"):
        lines += ["", *_page_areas(report["pages"], page_s)]
    return lines


def render_pages(report: dict, page_s: float | None = None) -> list[str]:
    """The `make bench` figures: page times on the demo workspace in AppTest and in Chromium."""
    page_s = goals.PAGE_S if page_s is None else page_s
    demo, apptest, chromium = report["demo"], report["apptest"], report["chromium"]
    lines = [
        _machine(report["machine"])
        + f" The demo workspace was built in {demo['build_s']:.1f} s (peak {_gb(demo['peak_mb'])}); the AppTest "
        f"and the Chromium timings ran each in a process of their own (AppTest's peak {_gb(apptest['peak_mb'])}).",
        "",
        "| page | AppTest first load | new area, median / max | repeat | Chromium first load | Chromium new area, median / max |",
        "|---|---|---|---|---|---|",
    ]
    for name, row in apptest["pages"].items():
        browser = chromium["pages"].get(name)
        first = f"{browser['first_load_s']:.2f} s" if browser else "–"
        new = f"{browser['new_area_median_s']:.2f} / {browser['new_area_max_s']:.2f} s" if browser else "–"
        lines.append(
            f"| {name} | {row['first_load_s']:.2f} s | {row['new_area_median_s']:.2f} / {row['new_area_max_s']:.2f} s | "
            f"{row['cached_repeat_s']:.2f} s | {first} | {new} |"
        )
    slow = [n for n, r in apptest["pages"].items() if r["new_area_max_s"] > page_s]
    slow += [f"{n} (Chromium)" for n, r in chromium["pages"].items() if r["new_area_max_s"] > page_s]
    verdict = f"over the goal: {', '.join(slow)}" if slow else "every page met it"
    return [*lines, "", f"Goal: a new area within {page_s:.1f} s — {verdict}."]


def render_national_map(report: dict, map_s: float | None = None) -> list[str]:
    map_s = goals.NATIONAL_MAP_S if map_s is None else map_s
    browser = report["chromium"]
    return [
        f"The national tambon choropleth ({report['tambons_with_data']:,} tambons with data): map view "
        f"{report['map_view_s']:.2f} s, folium map {report['folium_map_s']:.2f} s, its HTML {report['html_mb']:.1f} MB "
        f"in {report['html_s']:.2f} s; in Chromium, from asking for it to every tambon drawn "
        f"{browser['first_display_s']:.1f} s the first time and {browser['second_display_s']:.1f} s the second "
        f"(goal {map_s:.1f} s)."
    ]


def render(results: dict[str, dict], page_s: float | None = None, memory_mb: int | None = None) -> str:
    """The README's section between the markers, from the results files' contents by name."""
    titles = {
        "scale.json": "`make bench-scale`",
        "scale-national.json": "`make bench-scale NATIONAL=1`",
        "pages.json": "`make bench`",
        "national_map.json": "`make bench`, the national map",
        "load.json": "`make bench-load`",
        "load-national.json": '`make bench-load NATIONAL=1` (here its 100 and 200 steps on 2 processes: `LOAD_ARGS="--processes 2 --steps 100,200 --chromium-at \x27\x27"`), after the area tables were held compacted',
    }
    lines = [BEGIN]
    for name, report in results.items():
        if name == BEFORE or (name == "national_map.json" and "tambons_with_data" not in report):
            continue  # (the national map without ../shared/realdata)
        if name.startswith("scale"):
            body = render_scale(report, page_s, memory_mb)
        elif name.startswith("load"):
            from benchmarks.load.report import render_readme

            before = results.get(BEFORE) if name == "load.json" else None
            first, *rest = render_readme(report, before)
            body = [_machine(report["machine"]) + " " + first, *rest]
        elif name == "pages.json":
            body = render_pages(report, page_s)
        else:
            body = render_national_map(report)
        lines += ["", f"**{titles[name]}** (`bench-results/{name}`). " + body[0], *body[1:]]
    if len(lines) == 1:
        lines += ["", "No results yet: run `make bench-scale`."]
    return "\n".join([*lines, "", END])


def section(text: str) -> str:
    """The generated section of a README text, markers included."""
    start, end = text.index(BEGIN), text.index(END)
    return text[start : end + len(END)]


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    new = text.replace(section(text), render(load()))
    if "--check" in argv:
        print("README.md: the benchmark figures are those of bench-results" if new == text else "README.md is stale")
        return int(new != text)
    README.write_text(new, encoding="utf-8")
    print(f"README.md: benchmark figures rewritten from {', '.join(load())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
