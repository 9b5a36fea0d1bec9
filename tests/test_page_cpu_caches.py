"""The caches that cut a page view's CPU (issue 27, part 2) give what the uncached code gives, and
are keyed by the data generation: an import (a new generation) is seen at once."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import held_tables, views
from analysis.store import Workspace

QUESTIONS = [  # (table, filters) — every kind of look-up Workspace.rows makes
    ("area_indicator", {"area": "990101", "year": 2567}),
    ("area_indicator", {"under": "9901", "level": "village", "year": 2566}),
    ("area_indicator", {"under": "990101", "indicator": "3", "catalog": "*"}),
    ("area_indicator", {"area": ["99010102", "990101", "99010102", "12345678"], "year": 2567}),
    ("area_indicator", {"under": "99", "catalog": "bmn_2566_2570"}),
    ("area_indicator", {"area": "99019999"}),  # nothing
    ("area_indicator", {"area": []}),
    ("area_domain", {"under": "9901", "level": "tambon", "domain": "health"}),
    ("area_domain", {"area": "99", "catalog": "*"}),
    ("area_summary", {"under": "990102"}),
    ("area_summary", {"level": "village", "year": 2566}),
    ("nrd2c_area_indicator", {"under": "9901", "level": "tambon", "year": 2566}),
    ("nrd2c_village", {"under": "990101"}),
    ("villages", {}),
    ("villages", {"area": "99010203"}),
]


def _from_disk(monkeypatch, ws: Workspace, table: str, filters: dict) -> pd.DataFrame:
    with monkeypatch.context() as patch:
        patch.setattr(held_tables, "budget_bytes", lambda: 0)  # over budget: read through DuckDB
        held_tables.forget()
        frame = ws.rows(table, **filters)
    held_tables.forget()
    return frame


@pytest.mark.parametrize(("table", "filters"), QUESTIONS)
def test_held_rows_are_the_rows_read_from_disk(demo_workspace, monkeypatch, table, filters):
    expected = _from_disk(monkeypatch, demo_workspace, table, filters)
    got = demo_workspace.rows(table, **filters)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert held_tables.held(demo_workspace.derived_path(table), "village_code" if "village" in table else "area_code")


def test_held_rows_are_a_copy_callers_may_change(demo_workspace):
    first = demo_workspace.rows("area_summary", under="9901")
    households = first["households"].tolist()
    first["households"] = 0
    first.loc[0, "area_code"] = "changed"
    again = demo_workspace.rows("area_summary", under="9901")
    assert again["households"].tolist() == households and again["area_code"].iloc[0] == "9901"


def test_held_tables_follow_the_generation(demo_workspace):
    """An import writes a new generation of area tables: the next look-up reads it, not the held one."""
    before = demo_workspace.rows("area_summary", area="990101", year=2567)
    old_path = demo_workspace.derived_path("area_summary")
    table = held_tables.held(old_path, "area_code")
    assert table is not None and int(before["households"].iloc[0]) > 0
    demo_workspace.rebuild()
    new_path = demo_workspace.derived_path("area_summary")
    assert new_path != old_path
    after = demo_workspace.rows("area_summary", area="990101", year=2567)
    pd.testing.assert_frame_equal(after, before)  # same data, read from the new generation's file
    assert held_tables.held(new_path, "area_code") is not table


def test_a_table_over_the_budget_stays_on_disk(demo_workspace, monkeypatch):
    monkeypatch.setattr(held_tables, "budget_bytes", lambda: 1000)
    held_tables.forget()
    assert held_tables.held(demo_workspace.derived_path("area_indicator"), "area_code") is None
    assert len(demo_workspace.rows("area_indicator", area="990101", year=2567)) > 0
    held_tables.forget()


def test_every_village_class_sliced_per_area_is_the_class_of_each_area(demo_workspace):
    every = views.every_village_class(demo_workspace)
    codes = sorted(set(demo_workspace.rows("area_summary")["area_code"]))
    assert len(every) > 0 and len(codes) > 5
    for code in [*codes, "", "98", "99019"]:
        pd.testing.assert_frame_equal(views.classes_under(every, code), views.village_classes(demo_workspace, code))


def test_state_json_is_read_again_when_a_commit_replaces_it(demo_workspace):
    first = demo_workspace.generation
    assert Workspace(demo_workspace.root).generation == first
    demo_workspace.rebuild()
    assert demo_workspace.generation != first
    state = demo_workspace.state()
    state["generation"] = "changed by a caller"  # a copy: what the next caller reads is untouched
    assert demo_workspace.generation != "changed by a caller"


def test_shared_results_equal_fresh_ones_and_follow_the_generation(demo_workspace, monkeypatch):
    from analysis.mpi import DEFAULT_K
    from dashboard import data_access

    monkeypatch.setenv("CIA_WORKSPACE", str(demo_workspace.root))
    ws = Workspace(demo_workspace.root)
    ranking = data_access.ranking("990101", 2567, "pct_fail", DEFAULT_K, "th", True)
    fresh = views.rank_problems(ws, "990101", 2567, "pct_fail", DEFAULT_K, "th", True)
    pd.testing.assert_frame_equal(ranking.problems, fresh.problems)
    # the default spelled out or left out is one question, computed once
    assert data_access.ranking("990101", 2567, "pct_fail", DEFAULT_K, "th", True, None) is ranking
    assert data_access.ranking("990101", 2567, "pct_fail", DEFAULT_K, "th", private=True) is ranking
    assert data_access.ranking("990101", 2567, "pct_fail", DEFAULT_K, "th", False) is not ranking
    classes = data_access.village_classes("9901")
    pd.testing.assert_frame_equal(classes, views.village_classes(ws, "9901"))
    shown = data_access.shown_comparison("990101", 2567, 2566, "village", None, True, "th")
    from analysis.public import shown_comparison

    expected = shown_comparison(views.compare_children(ws, "990101", 2567, 2566, "village"), True, "th")
    for got, want in zip(shown, expected, strict=True):
        pd.testing.assert_frame_equal(got, want)
    demo_workspace.rebuild()  # an import: every shared result is asked for again under the new generation
    again = data_access.ranking("990101", 2567, "pct_fail", DEFAULT_K, "th", True)
    assert again is not ranking
    pd.testing.assert_frame_equal(again.problems, fresh.problems)
    assert data_access.village_classes("9901") is not classes


def test_the_shared_cache_computes_once_keeps_few_and_forgets_failures():
    import threading
    import time

    from dashboard.shared_cache import SharedCache

    cache, calls = SharedCache(max_entries=2), []

    def slow(value):
        def compute():
            calls.append(value)
            time.sleep(0.05)
            return [value]

        return compute

    results = []
    threads = [threading.Thread(target=lambda: results.append(cache.get("a", slow("a")))) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == ["a"] and all(r is results[0] for r in results)  # five sessions, one computation
    cache.get("b", slow("b"))
    cache.get("c", slow("c"))
    assert len(cache) == 2 and cache.get("a", slow("a2")) == ["a2"]  # "a" was the least recently used

    def fails():
        raise ValueError("no data")

    with pytest.raises(ValueError):
        cache.get("d", fails)
    assert cache.get("d", slow("d")) == ["d"]
    assert SharedCache.key((2567, "th")) != SharedCache.key((2567.0, "th"))
    assert SharedCache.key((True,)) != SharedCache.key((1,))
    with pytest.raises(TypeError):
        SharedCache.key((["a list"],))


def test_a_kept_figure_is_the_figure_its_builder_makes():
    import plotly.io as pio

    from dashboard.charts import domain_comparison_chart
    from dashboard.figure_cache import shared

    rows = pd.DataFrame(
        {"area_code": ["99010101", "99010102"], "domain": ["health", "health"], "pct_fail": [12.5, 40.0]}
    )
    names = {"99010101": "บ้านหนึ่ง", "99010102": "บ้านสอง"}
    kept = shared(domain_comparison_chart)(rows, 20.0, 10.0, "health", names, "th")
    made = domain_comparison_chart(rows, 20.0, 10.0, "health", names, "th")
    assert pio.to_json(kept) == pio.to_json(made)
    assert shared(domain_comparison_chart)(rows.copy(), 20.0, 10.0, "health", dict(names), "th") is kept
    other = shared(domain_comparison_chart)(rows.assign(pct_fail=[12.5, 41.0]), 20.0, 10.0, "health", names, "th")
    assert other is not kept and list(other.data[0].x) == [12.5, 41.0]


def test_shown_rows_of_a_shared_frame_are_made_once_per_viewer_kind(demo_workspace, monkeypatch):
    from analysis.mpi import DEFAULT_K
    from analysis.public import counts_rows
    from dashboard import data_access

    monkeypatch.setenv("CIA_WORKSPACE", str(demo_workspace.root))
    problems = data_access.ranking("990102", 2567, "pct_fail", DEFAULT_K, "th", True).problems
    shown = data_access.shown_rows(problems, True, "th")
    pd.testing.assert_frame_equal(shown, counts_rows(problems, True, "th"))
    assert data_access.shown_rows(problems, True, "th") is shown
    assert (shown["fail"].astype(str).str.startswith("<")).any()  # the demo has small counts to hide
    assert data_access.shown_rows(problems, False, "th") is problems  # every count shown: the frame itself
    other = problems.copy()
    assert data_access.shown_rows(other, True, "th") is not shown


def test_older_generations_of_a_held_table_are_let_go(demo_workspace):
    held_tables.forget()
    paths = []
    for _ in range(3):
        demo_workspace.rows("area_summary", area="990101")
        paths.append(str(demo_workspace.derived_path("area_summary")))
        demo_workspace.rebuild()
    kept = [key[0] for key in held_tables._HELD if key[0].endswith("area_summary.parquet")]
    assert kept == paths[1:]  # the latest two generations' tables, not the first
    held_tables.forget()
