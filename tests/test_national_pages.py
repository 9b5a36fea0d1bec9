"""The pages at national scale (tests/national_shape.py: a real province, 1,512 villages, village
points without boundaries): Compare stays readable (the 15 worst and 15 best in the charts, a
search to add areas, every area in the table), groups of 1,512 villages are quick, the Map draws a
province's villages as points; and no page computes what a closed panel hides."""

import json
import time
from pathlib import Path

import pytest

from analysis.comparison import focus_children
from analysis.geo.layers import LayerSpec
from analysis.geo.views import map_view
from analysis.views import compare_children, typology
from tests.national_shape import VILLAGES_PER_TAMBON, build, village_codes
from tests.test_pages import app, table_with


@pytest.fixture(scope="module")
def national(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("national")
    build(root / "ws", root)
    return root / "ws"


def heatmap_areas(at) -> list[str]:
    chart = next(c for c in at.get("plotly_chart") if json.loads(c.proto.spec)["data"][0]["type"] == "heatmap")
    return json.loads(chart.proto.spec)["data"][0]["x"]


def test_compare_a_provinces_villages_shows_worst_and_best_and_every_area_in_the_table(national, monkeypatch):
    from analysis.store import Workspace

    at = app(national, monkeypatch)
    assert at.title[0].value == "ภาพรวมพื้นที่: จังหวัดบุรีรัมย์"
    at.switch_page("../pages/compare.py").run()
    assert at.selectbox(key="compare_level").value == "amphoe"  # the level below by default
    at.selectbox(key="compare_level").select("village").run()
    assert not at.exception, at.exception
    summary = compare_children(Workspace(national), "31", 2567, 2566, "village").summary()
    worst = summary.sort_values(["pct_fail_all", "area_code"], ascending=[False, True])["area_code"]
    shown = heatmap_areas(at)
    assert len(shown) == 30 and len(village_codes()) == 1512 == len(summary)
    register = Workspace(national).register()
    names = register.display_names(summary["area_code"], "th")
    assert shown[0] == names[worst.iloc[0]] and shown[-1] == names[worst.iloc[-1]]
    assert len(table_with(at, "รวมทุกด้าน (% ไม่ผ่าน)")) == 1512
    extra = worst.iloc[700]
    # searchable by code too: the choices carry it
    assert f"{names[extra]} ({extra})" in at.multiselect(key="compare_focus_extra").options
    at.multiselect(key="compare_focus_extra").select(extra).run()
    assert len(heatmap_areas(at)) == 31 and names[extra] in heatmap_areas(at)
    assert names[extra].startswith("หมู่ที่") and "ต." in names[extra]  # a village names its tambon
    at.number_input(key="compare_focus_n").set_value(5).run()
    assert len(heatmap_areas(at)) == 11


def test_focus_children_by_hand():
    import pandas as pd

    summary = pd.DataFrame({"area_code": list("abcdefg"), "pct_fail_all": [5.0, 70.0, 10.0, 40.0, 20.0, 30.0, None]})
    assert focus_children(summary, 4) == ["b", "d", "f", "e", "c", "a", "g"]  # 7 ≤ 2 × 4: all, worst first
    assert focus_children(summary, 2) == ["b", "d", "a", "g"]  # 2 worst, 2 last (no value sorts last)
    assert focus_children(summary, 2, ["e"]) == ["b", "d", "e", "a", "g"]


def test_grouping_1512_villages_is_quick(national):
    from analysis.store import Workspace

    started = time.perf_counter()
    result = typology(Workspace(national), "31", 2567)
    elapsed = time.perf_counter() - started
    assert result is not None and len(result.villages) == 1512
    assert 2 <= result.k <= 6 and result.groups["villages"].sum() == 1512
    assert elapsed < 30  # seconds on a shared 2-core machine (about 1–2 s alone)


def test_the_map_draws_a_provinces_villages_as_points(national, monkeypatch):
    from analysis.store import Workspace

    view = map_view(Workspace(national), "31", "village", LayerSpec.parse("indicator:29"), 2567)
    assert view.points and len(view.collection["features"]) == 1512
    assert {f["geometry"]["type"] for f in view.collection["features"]} == {"Point"}
    coloured = [f["properties"]["fill"] for f in view.collection["features"]]
    assert len(set(coloured)) == 5  # quantile classes, as for areas
    at = app(national, monkeypatch)
    at.switch_page("../pages/map.py").run()
    assert not at.exception, at.exception
    assert at.selectbox(key="map_level").value == "village"
    assert any(c.value.startswith("ยังไม่มีขอบเขตหมู่บ้าน") for c in at.caption)
    assert VILLAGES_PER_TAMBON == 8


def test_closed_panels_compute_nothing(demo_workspace, monkeypatch):
    """The MPI reads every household of the area: the Rank page runs it only when turned on; the
    Map page's pin and boundary panels are built only when opened."""
    import analysis.frames

    calls = []
    real = analysis.frames.area_mpi
    monkeypatch.setattr(analysis.frames, "area_mpi", lambda *a, **k: calls.append(a) or real(*a, **k))
    at = app(demo_workspace.root, monkeypatch)
    at.sidebar.selectbox(key="pick_tambon").select("990102").run()
    at.switch_page("../pages/rank.py").run()
    assert calls == [] and not at.metric
    at.toggle(key="mpi_show").set_value(True).run()
    assert len(calls) == 1 and [m.label for m in at.metric][:1] == ["ครัวเรือนยากจนหลายมิติ"]
    at.switch_page("../pages/map.py").run()
    assert not [w for w in at.text_input if (w.key or "").startswith("pin_name_")]
    at.session_state["map_pins_open"] = True
    at.run()
    assert [w for w in at.text_input if (w.key or "").startswith("pin_name_")]


def test_the_area_search_says_when_its_list_is_cut_and_goes_to_the_area_chosen(national, monkeypatch):
    at = app(national, monkeypatch)
    at.sidebar.text_input(key="pick_search_text").input("3101").run()
    results = at.sidebar.selectbox(key="pick_search")
    assert results.label.startswith("พบมากกว่า 30 พื้นที่ แสดง 30 รายการแรก")  # amphoe 3101 alone has 400+ villages
    assert len(results.options) == 31  # "choose" and 30 areas
    at.sidebar.text_input(key="pick_search_text").input("31010105").run()
    results = at.sidebar.selectbox(key="pick_search")
    assert results.label == "พบ 1 พื้นที่ — เลือกเพื่อไปที่พื้นที่นั้น"
    results.select("31010105").run()
    assert not at.exception, at.exception
    assert at.title[0].value.startswith("ภาพรวมพื้นที่: หมู่ที่ 5")


def test_one_plan_of_an_area_without_projects_says_where_to_add_one(national, monkeypatch):
    at = app(national, monkeypatch)
    at.switch_page("../pages/oneplan.py").run()
    assert not at.exception, at.exception
    assert [i.value for i in at.info][:1] == ["ยังไม่มีโครงการของพื้นที่นี้ — เพิ่มโครงการได้ที่หน้า โครงการ (Logic Model)"]
