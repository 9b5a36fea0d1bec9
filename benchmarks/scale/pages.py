"""Every page's server time on a large workspace, through the real app (AppTest): for a province,
one of its amphoe, a tambon and a village; cold (first visit of the area in a running server) and
warm (the same page again). Run by `python -m benchmarks.scale.pages WORKSPACE PROVINCE` in a
process of its own (benchmarks.fresh), so "cold" includes nothing the benchmark loaded before."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import duckdb

from benchmarks.fresh import quiet, report

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
TIMEOUT = 600
#: pages whose tabs run only when opened: page → (tabs key, the tab labels, the first one first)
TABS = {
    "checks": (
        "checks_tab",
        ["ความก้าวหน้าการจัดเก็บ", "ตรวจสอบคุณภาพข้อมูล", "รับรองข้อมูล", "ทะเบียนครัวเรือนเป้าหมาย"],
    )
}


def _areas(workspace: Path, province: str) -> list[tuple[str, str]]:
    """The province, its largest amphoe, that amphoe's largest tambon and its largest village."""
    state = json.loads((workspace / "state.json").read_text(encoding="utf-8"))
    path = workspace / "derived" / state["generation"] / "area_summary.parquet"
    chosen = [("province", province)]
    with duckdb.connect() as con:
        for level in ("amphoe", "tambon", "village"):
            parent = chosen[-1][1]
            code = con.execute(
                f"SELECT area_code FROM read_parquet('{path}') WHERE level = ? AND starts_with(area_code, ?) "
                "ORDER BY households DESC LIMIT 1",
                [level, parent],
            ).fetchall()[0][0]
            chosen.append((level, code))
    return chosen


def _timed(at) -> float:
    started = time.perf_counter()
    at.run(timeout=TIMEOUT)
    elapsed = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(at.exception)
    return elapsed


def page_timings(workspace: Path, province: str) -> dict:
    from streamlit.testing.v1 import AppTest

    from dashboard.app import PAGES

    os.environ["CIA_WORKSPACE"] = str(workspace)
    warmup = AppTest.from_file(APP, default_timeout=TIMEOUT)
    first_start = _timed(warmup)  # the server's own start: imports, the register
    rows = []
    for level, code in _areas(workspace, province):
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.query_params["area"] = code
        for number, (_, file, _, _, _) in enumerate(PAGES):
            if number:  # the first run opens the first page (the overview) on the area
                at.switch_page(f"../pages/{file}")
            cold = _timed(at)
            warm = _timed(at)
            page = file.removesuffix(".py")
            rows.append({"page": page, "level": level, "area": code, "cold_s": cold, "warm_s": warm})
            key, labels = TABS.get(page, (None, []))
            for label in labels[1:]:  # opening a tab reruns the page with only that tab
                at.session_state[key] = label
                cold, warm = _timed(at), _timed(at)
                rows.append({"page": f"{page} › {label}", "level": level, "area": code, "cold_s": cold, "warm_s": warm})
            if key:
                at.session_state[key] = labels[0]
    return {"first_start_s": first_start, "rows": rows}


if __name__ == "__main__":
    quiet()
    report(page_timings(Path(sys.argv[1]), sys.argv[2]))
