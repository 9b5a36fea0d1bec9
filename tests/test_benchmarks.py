"""The benchmarks' own honesty, without running them: a step's peak memory is its own, library
warnings are silenced, and the README's figures are those of the committed bench-results/*.json."""

import subprocess
import sys

from benchmarks import goals, readme
from benchmarks.fresh import ROOT, own_peak_mb, run_fresh

MACHINE = {"date": "2026-12-07 14:00", "cores": 2, "load_1min": 3.5, "load_1min_end": 4.0, "python": "3.11.2"}
MACHINE |= {"duckdb": "1.4.1"}


def test_a_step_started_by_a_big_process_reports_its_own_peak():
    ballast = b"\1" * (300 * 2**20)  # 300 MB written, so resident: the parent's peak is at least that
    assert own_peak_mb() >= 300
    step = run_fresh("benchmarks.fresh")  # reports and exits: an interpreter's ~10–30 MB
    del ballast
    assert 5 < step["peak_mb"] < 100, step  # ru_maxrss would read ≥ 300 here (the parent's, carried over)
    assert step["outside_wall_s"] > 0


WARN = "import streamlit as st; st.cache_data(lambda: 1)(); st.session_state.get('x')"


def test_library_warnings_are_silenced_in_a_step():
    def stderr(code: str) -> str:
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
        return done.stderr

    assert "streamlit" in stderr(WARN).lower()  # Streamlit warns outside `streamlit run` ("No runtime found")
    assert stderr("from benchmarks.fresh import quiet; quiet(); " + WARN) == ""


def step(name, rows, project, duck, pandas):
    def run(seconds, mb):
        return {"outside_wall_s": seconds, "peak_mb": mb}

    return {
        "step": name,
        "rows": rows,
        "project": run(*project),
        "duckdb": run(*duck),
        "pandas": run(*pandas) if pandas else None,
    }


SCALE = {
    "machine": MACHINE,
    "generators": {
        "households 100": {"written": True, "outside_wall_s": 12.4, "peak_mb": 5120.0},
        "village aggregates": {"written": False, "outside_wall_s": 0.5, "peak_mb": 80.0},
    },
    "steps": [
        step("households 100", 100, (10.0, 1024.0), (2.5, 512.0), (20.0, 2048.0)),
        step("households 12,900,000", 12_900_000, (44.0, 3276.8), (11.0, 307.2), None),
    ],
    "queries": {"cia datasets": {"outside_wall_s": 0.5, "peak_mb": 256.0}},
    "pages": {
        "first_start_s": 2.0,
        "peak_mb": 1536.0,
        "rows": [
            {"page": "overview", "level": "province", "area": "14", "cold_s": 0.5, "warm_s": 0.1},
            {"page": "checks", "level": "province", "area": "14", "cold_s": 1.5, "warm_s": 0.2},
            {"page": "overview", "level": "village", "area": "14010101", "cold_s": 0.3, "warm_s": 0.25},
        ],
    },
}


def test_the_scale_figures_by_hand():
    lines = readme.render_scale(SCALE, page_s=1.0, memory_mb=3000)
    assert lines[0].startswith("Measured 2026-12-07 14:00 on 2 cores (load average 3.5 at the start, 4.0 at the end")
    assert "may use 3,000 MB before DuckDB spills" in lines[0]
    assert lines[4:6] == [
        "| households 100 | 100 | 10.0 s | 1.00 GB | 2.5 s, 0.50 GB | 20.0 s, 2.00 GB | 4.0× |",
        "| households 12,900,000 | 12,900,000 | 44.0 s | 3.20 GB | 11.0 s, 0.30 GB | not run (≈ 43 GB) | 4.0× |",
    ]
    # the generator that wrote its file is shown with its own peak; the one that found it is not
    assert lines[7] == "Synthetic files written in this run, each in its own process: households 100 12 s, 5.00 GB."
    assert lines[9] == "On the largest workspace: `cia datasets` 0.50 s (0.25 GB)."
    assert lines[-2:] == [
        "| province 14 | 2 | checks 1.50 s | checks 0.20 s | checks 1.50 / 0.20 s |",
        "| village 14010101 | 1 | overview 0.30 s | overview 0.25 s | none |",
    ]


def test_the_readme_shows_the_committed_results_and_the_declared_goals():
    """`python -m benchmarks.readme` after a benchmark run; this test reads files only."""
    results = readme.load()
    assert "scale.json" in results, "bench-results/scale.json is committed: the README's figures come from it"
    text = readme.README.read_text(encoding="utf-8")
    assert text.count(readme.BEGIN) == 1 and text.count(readme.END) == 1
    assert readme.section(text) == readme.render(results), "run `python -m benchmarks.readme`"
    assert f"goal {goals.PAGE_S:.1f} s" in readme.section(text)
