"""`make bench`: speed goals kept out of the unit tests.

Measures, on the demo workspace: each page's server time through AppTest (first load with cold
caches, then after picking another area, then a repeat), and the same in Chromium from a click to
the new content. Results are printed and written to bench-results/pages.json.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = {
    "overview": "../pages/overview.py",
    "map": "../pages/map.py",
    "compare": "../pages/compare.py",
    "rank": "../pages/rank.py",
    "data": "../pages/data.py",
}
TAMBONS = ["990101", "990102", "990103", "990104", "990105", "990106"]
GOAL_SECONDS = 1.0


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


def browser_timings(workspace: Path) -> dict[str, float]:
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
            out[f"{name}_first_load_s"] = time.perf_counter() - start
            clicks = []
            for label in ("ตำบลห้วยทราย", "ตำบลนาคำ", "ตำบลโนนสูง", "ตำบลดอนแก้ว"):
                page.get_by_test_id("stSelectbox").filter(has_text="ตำบล").click()
                option = page.get_by_role("option", name=label, exact=True)
                option.wait_for()
                start = time.perf_counter()  # from the click on the option to the new heading
                option.click()
                expect(page.get_by_role("heading").filter(has_text=label).first).to_be_visible(timeout=60000)
                clicks.append(time.perf_counter() - start)
            out[f"{name}_new_area_median_s"] = statistics.median(clicks)
            out[f"{name}_new_area_max_s"] = max(clicks)
        browser.close()
    return out


def main() -> None:
    from analysis.demo import create_demo

    with tempfile.TemporaryDirectory() as tmp:
        workspace = Path(tmp) / "demo"
        build = timed(lambda: create_demo(workspace))
        pages = apptest_timings(workspace)
        browser = browser_timings(workspace)
    report = {"demo_build_s": build, "apptest": pages, "chromium": browser, "goal_s": GOAL_SECONDS}
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "pages.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(f"demo workspace built in {build:.2f} s")
    print(f"{'page':10} {'first load':>11} {'new area (median/max)':>24} {'repeat':>8}")
    for name, row in pages.items():
        print(
            f"{name:10} {row['first_load_s']:10.2f}s {row['new_area_median_s']:11.2f}s / {row['new_area_max_s']:.2f}s"
            f" {row['cached_repeat_s']:7.2f}s"
        )
    for key, value in browser.items():
        print(f"chromium {key:28} {value:.2f} s")
    slow = [n for n, r in pages.items() if r["new_area_max_s"] > GOAL_SECONDS]
    print("goal met: every page answers a new area within 1 s" if not slow else f"over the goal: {slow}")
    from benchmarks import national_map

    national = national_map.main()
    (out / "national_map.json").write_text(json.dumps(national, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
