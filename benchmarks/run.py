"""`make bench`: speed goals kept out of the unit tests.

Measures, on the demo workspace: each page's server time through AppTest (first load with cold
caches, then after picking another area, then a repeat), and the same in Chromium from a click to
the new content; then the national map (benchmarks.national_map). The demo's build, the AppTest
timings, the Chromium timings and the national map each run in an interpreter of their own
(`python -m benchmarks.run demo|apptest|browser WORKSPACE`, benchmarks.fresh): a first load is not
warmed by the build before it, and each part's peak memory is its own. Results are printed and
written to bench-results/pages.json and national_map.json (the README's figures: benchmarks.readme).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.fresh import machine, quiet, report, run_fresh
from benchmarks.goals import PAGE_S
from benchmarks.readme import render_pages

ROOT = Path(__file__).resolve().parent.parent

PAGES = {
    "overview": "../pages/overview.py",
    "map": "../pages/map.py",
    "compare": "../pages/compare.py",
    "rank": "../pages/rank.py",
    "data": "../pages/data.py",
}
TAMBONS = ["990101", "990102", "990103", "990104", "990105", "990106"]


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def apptest_timings(workspace: Path) -> dict[str, dict[str, float]]:
    from streamlit.testing.v1 import AppTest

    os.environ["CIA_WORKSPACE"] = str(workspace)
    results = {}
    for name, page in PAGES.items():
        at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=120)
        at.run()
        first = timed(lambda at=at, page=page: at.switch_page(page).run())
        switches = []
        for code in TAMBONS[1:]:
            switches.append(timed(lambda at=at, code=code: at.sidebar.selectbox(key="pick_tambon").select(code).run()))
        repeat = timed(lambda at=at: at.sidebar.selectbox(key="pick_tambon").select(TAMBONS[1]).run())
        assert not at.exception, at.exception
        results[name] = {
            "first_load_s": first,
            "new_area_median_s": statistics.median(switches),
            "new_area_max_s": max(switches),
            "cached_repeat_s": repeat,
        }
    return results


def browser_timings(workspace: Path) -> dict[str, dict[str, float]]:
    from playwright.sync_api import expect, sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS, running_app

    out = {}
    with running_app(workspace) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        for name in ("overview", "rank", "compare"):
            start = time.perf_counter()
            path = "" if name == "overview" else name  # the overview is the default page, served at /
            page.goto(f"{url}/{path}?area=990101")
            expect(page.get_by_role("heading").filter(has_text="ตำบลหนองบัว").first).to_be_visible(timeout=120000)
            page.wait_for_load_state("networkidle")
            first = time.perf_counter() - start
            clicks = []
            for label in ("ตำบลห้วยทราย", "ตำบลนาคำ", "ตำบลโนนสูง", "ตำบลดอนแก้ว"):
                page.get_by_test_id("stSelectbox").filter(has_text="ตำบล").click()
                option = page.get_by_role("option", name=label, exact=True)
                option.wait_for()
                start = time.perf_counter()  # from the click on the option to the new heading
                option.click()
                expect(page.get_by_role("heading").filter(has_text=label).first).to_be_visible(timeout=60000)
                clicks.append(time.perf_counter() - start)
            out[name] = {
                "first_load_s": first,
                "new_area_median_s": statistics.median(clicks),
                "new_area_max_s": max(clicks),
            }
        browser.close()
    return out


def part(name: str, workspace: Path) -> dict:
    """One part of the benchmark, in this (fresh) process."""
    if name == "demo":
        from analysis.demo import create_demo

        return {"build_s": timed(lambda: create_demo(workspace))}
    if name == "apptest":
        return {"pages": apptest_timings(workspace)}
    return {"pages": browser_timings(workspace)}


def main() -> None:
    results: dict = {"machine": machine(), "goal_s": PAGE_S}
    with tempfile.TemporaryDirectory() as tmp:
        workspace = str(Path(tmp) / "demo")
        for name, timeout in (("demo", 600), ("apptest", 1800), ("chromium", 1800)):
            results[name] = run_fresh(
                "benchmarks.run", "browser" if name == "chromium" else name, workspace, timeout=timeout
            )
            print(
                f"{name}: {results[name]['outside_wall_s']:.1f} s, peak {results[name]['peak_mb']:,.0f} MB", flush=True
            )
    results["machine"]["load_1min_end"] = machine()["load_1min"]
    national = run_fresh("benchmarks.national_map", timeout=1800)
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "pages.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    (out / "national_map.json").write_text(json.dumps(national, indent=1) + "\n", encoding="utf-8")
    print("\n".join(["", *render_pages(results)]))
    print(json.dumps(national, indent=1))


if __name__ == "__main__":
    quiet()
    if len(sys.argv) > 1:  # one part, started by main()
        report(part(sys.argv[1], Path(sys.argv[2])))
    else:
        main()
