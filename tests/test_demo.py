import hashlib
import json

import geopandas as gpd
import pandas as pd
import pytest

from analysis.demo import create_demo
from analysis.store_errors import StoreError


def test_demo_size_years_and_catalogs(demo_workspace):
    datasets = {(d.kind, d.year): d for d in demo_workspace.datasets()}
    assert set(datasets) == {("bmn", 2564), ("bmn", 2566), ("bmn", 2567), ("nrd2c", 2566), ("village-data", 2567)}
    assert datasets[("village-data", 2567)].catalog_id == "tst_village_2564"  # the example catalog
    assert datasets[("bmn", 2564)].catalog_id == "bmn_2560_2564"
    assert datasets[("bmn", 2567)].catalog_id == "bmn_2566_2570"
    assert all(d.demo for d in demo_workspace.datasets())
    summary = demo_workspace.read("area_summary").set_index(["area_code", "year"])
    tambons = summary[summary["level"] == "tambon"].index.get_level_values(0).unique()
    assert len(tambons) >= 5
    for year in (2564, 2566, 2567):
        assert summary.loc[("9901", year), "villages"] >= 40
        assert summary.loc[("9901", year), "households"] >= 8000


def test_every_village_has_nrd2c_levels_a_point_and_a_boundary(demo_workspace):
    villages = demo_workspace.read("villages")
    levels = demo_workspace.read("nrd2c_village")
    assert set(levels["village_code"]) == set(villages["village_code"])
    assert levels["level"].isin([1, 2, 3]).all()
    assert villages[["lat", "lon"]].notna().all().all()
    shapes = gpd.read_file(demo_workspace.root / "geo" / "demo_village.geojson")
    assert set(shapes["area_code"]) == set(villages["village_code"])
    assert shapes.is_valid.all()
    tambons = gpd.read_file(demo_workspace.root / "geo" / "demo_tambon.geojson")
    assert len(tambons) == 6
    pins = pd.read_csv(demo_workspace.root / "geo" / "demo_pins.csv")
    assert {"savings_group", "otop"} <= set(pins["category"])


def test_villages_differ_and_years_change(demo_workspace):
    domains = demo_workspace.read("area_domain", "level = 'village' AND year = 2567")
    spread = domains.groupby("domain")["pct_fail"].agg(["min", "max"])
    assert ((spread["max"] - spread["min"]) > 20).all(), "each domain has clearly worse villages"
    a = demo_workspace.read("area_domain", "level = 'village' AND year = 2566").set_index(["area_code", "domain"])
    b = domains.set_index(["area_code", "domain"])
    change = (b["pct_fail"] - a["pct_fail"]).dropna()
    assert (change > 3).any() and (change < -3).any()


def test_demo_is_deterministic(tmp_path, demo_path):
    again = create_demo(tmp_path / "again")
    for kind in ("area_indicator", "nrd2c_village"):
        first = pd.read_parquet(
            demo_path / "derived" / json.loads((demo_path / "state.json").read_text())["generation"] / f"{kind}.parquet"
        )
        second = again.read(kind)
        pd.testing.assert_frame_equal(first, second, check_dtype=False)
    digest = {p.name: hashlib.sha1(p.read_bytes()).hexdigest() for p in (demo_path / "demo_sources").glob("*.csv")}
    assert digest == {
        p.name: hashlib.sha1(p.read_bytes()).hexdigest() for p in (again.root / "demo_sources").glob("*.csv")
    }


def test_demo_refuses_a_workspace_with_data(demo_workspace):
    with pytest.raises(StoreError):
        create_demo(demo_workspace.root)


def test_demo_ships_projects_and_a_matrix_labelled_demo(demo_workspace):
    from analysis.plans.service import store_for

    store = store_for(demo_workspace.root)
    projects = [p for p in store.projects() if p.plan_level != "province"]  # the province's: test_strategy_results
    assert len(projects) == 4 and all(p.is_demo for p in store.projects())
    assert {p.plan_level for p in projects} == {"village", "tambon", "amphoe"}
    assert {p.status for p in projects} == {"proposed", "approved", "in_progress", "done"}
    assert all(p.budgets and p.kpis and p.villages for p in projects)
    matrices = store.matrices()
    assert len(matrices) == 1 and matrices[0].is_demo and len(matrices[0].items) == 5
    assert "(สาธิต)" in matrices[0].title
    assert [i.agreed_rank for i in matrices[0].items] == [1, 2, 3, 4, 5]
