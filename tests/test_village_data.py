"""Another village data set through its declared catalog (data/catalogs/tst_village_2564, the
example shipped with the demo): `cia import village-data FILE --catalog FILE|ID`, each village
judged against the thresholds, areas counting their villages; it ranks, compares, maps and feeds
the matrix like จปฐ., marked with its source, and never mixes into จปฐ.'s own figures. Expected
tables computed by hand from the small file below."""

from __future__ import annotations

import pytest

from analysis.catalogs import load_catalog
from analysis.cli import main
from analysis.geo.layers import LayerSpec
from analysis.importers.pipeline import import_file
from analysis.views import compare_children, layer_values, rank_problems
from analysis.village_catalog import CatalogError, village_catalog
from tests.conftest import ROOT, write

CATALOG = "tst_village_2564"
#: tambon 310101 (villages 01–03) and 310102 (01): water ≥ 80 passes, informal debt ≤ 10 passes,
#: distance to the health hospital ≤ 5 km passes; a blank value is not counted
VILLAGES = """รหัสหมู่บ้าน,ชื่อหมู่บ้าน,ร้อยละครัวเรือนที่มีน้ำประปาใช้,หนี้นอกระบบ,distance_health_km
31010101,บ้านโคก,85,12.5,3
31010102,บ้านนา,80,10,7.5
31010103,บ้านดอน,60,,5
31010201,บ้านใหม่,95.5,4,12"""
AGGREGATES = "รหัสตำบล,ตัวชี้วัด,จำนวนที่สำรวจ,ผ่าน,ไม่ผ่าน\n310101,4,100,80,20\n310102,4,50,45,5"


def counts(workspace, code: str) -> dict:
    rows = workspace.rows("area_indicator", area=code, year=2567, catalog=CATALOG)
    return {r.indicator_id: (int(r.applicable), int(r.fail)) for r in rows.itertuples()}


def imported(workspace, tmp_path):
    prepared, info = import_file(
        workspace, "village-data", write(tmp_path / "tst.csv", VILLAGES), year=2567, catalog_id=CATALOG
    )
    assert info is not None, prepared.report.to_frame()
    return prepared, info


def test_villages_are_judged_against_the_thresholds_and_counted_upward(workspace, tmp_path):
    prepared, info = imported(workspace, tmp_path)
    assert prepared.mapping.indicators == {
        "tst01": "ร้อยละครัวเรือนที่มีน้ำประปาใช้",
        "tst02": "หนี้นอกระบบ",
        "tst05": "distance_health_km",
    }
    assert (info.kind, info.catalog_id, info.meta["villages"]) == ("village-data", CATALOG, 4)
    # by hand: tst01 fails in 03 (60 < 80); tst02 fails in 01 (12.5 > 10), blank in 03; tst05 fails in 02 and 0201
    assert counts(workspace, "31010103") == {"tst01": (1, 1), "tst05": (1, 0)}
    assert counts(workspace, "310101") == {"tst01": (3, 1), "tst02": (2, 1), "tst05": (3, 1)}
    assert counts(workspace, "3101") == {"tst01": (4, 1), "tst02": (3, 1), "tst05": (4, 2)}
    assert set(workspace.rows("area_indicator", area="3101", catalog=CATALOG)["count_unit"]) == {"village"}
    assert "indicator_not_in_data" in prepared.report.rules_hit()  # tst03, 04, 06 are not in the file
    assert workspace.register().display_name("31010102") == "บ้านนา (หมู่ 2)"


def test_it_ranks_compares_maps_and_feeds_the_matrix_marked_with_its_source(workspace, tmp_path):
    from analysis.plans.prefill import draft_from_problem

    imported(workspace, tmp_path)
    ranking = rank_problems(workspace, "3101", 2567, source=CATALOG)
    top = ranking.scope("all").set_index("indicator_id")
    assert top.loc["tst05", "rank"] == 1 and top.loc["tst05", "pct_fail"] == 50.0
    assert top.loc["tst05", "title_th"] == "[TST] ระยะทางถึงโรงพยาบาลส่งเสริมสุขภาพตำบลไม่เกินเกณฑ์"
    assert (
        top.loc["tst05", "drivers"] == "บ้านนา (หมู่ 2) ต.ในเมือง (1 หมู่บ้าน, 50.0%); บ้านใหม่ (หมู่ 1) ต.อิสาณ (1 หมู่บ้าน, 50.0%)"
    )
    comparison = compare_children(workspace, "3101", 2567, source=CATALOG)
    assert comparison.catalog_id == CATALOG
    assert comparison.matrix().loc["310101", "tst01"] == pytest.approx(100 / 3)
    values, catalog_id = layer_values(workspace, "3101", "tambon", LayerSpec("indicator", "tst05"), 2567)
    assert catalog_id == CATALOG
    assert values.set_index("area_code")["value"].to_dict() == {"310101": pytest.approx(100 / 3), "310102": 100.0}
    draft = draft_from_problem(workspace, "310101", 2567, "tst01")
    assert "[TST] ครัวเรือนมีน้ำประปาใช้" in draft.problem and "1 หมู่บ้าน" in draft.target_group


def test_bmn_figures_never_mix_with_another_data_set(workspace, tmp_path):
    import_file(workspace, "bmn-agg", write(tmp_path / "agg.csv", AGGREGATES), year=2567)
    before = workspace.rows("area_domain", area="3101", year=2567)
    imported(workspace, tmp_path)
    after = workspace.rows("area_domain", area="3101", year=2567)
    assert after.drop(columns=[]).equals(before)  # the จปฐ. domain rows, untouched
    assert set(workspace.rows("area_indicator", area="3101", year=2567)["catalog_id"]) == {"bmn_2566_2570"}
    ranking = rank_problems(workspace, "3101", 2567)
    assert ranking.catalog_id == "bmn_2566_2570" and set(ranking.problems["indicator_id"]) == {"4"}


def test_the_command_takes_the_catalog_by_its_file_and_refuses_others(workspace, tmp_path, capsys):
    path = str(write(tmp_path / "tst.csv", VILLAGES))
    root = str(workspace.root)
    toml = str(ROOT / "data" / "catalogs" / CATALOG / "catalog.toml")
    assert main(["import", "village-data", path, "--year", "2567", "--catalog", toml, "-w", root]) == 0
    assert [d.catalog_id for d in workspace.datasets()] == [CATALOG]
    outside = write(tmp_path / "catalog.toml", "id = 'x'")
    assert main(["import", "village-data", path, "--catalog", str(outside), "-w", root]) == 2
    assert "ต้องอยู่ใน" in capsys.readouterr().err
    assert main(["import", "village-data", path, "--catalog", "bmn_2566_2570", "-w", root]) == 2
    assert 'ไม่ใช่บัญชีของข้อมูลหมู่บ้าน (kind = "village")' in capsys.readouterr().err
    capsys.readouterr()
    assert main(["rank", "--area", "3101", "--catalog", CATALOG, "-w", root]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("1,3101,2567,all,access,tst05,[TST]")


def test_a_value_that_is_not_a_number_is_named(workspace, tmp_path):
    text = VILLAGES.replace("31010102,บ้านนา,80,", "31010102,บ้านนา,แปดสิบ,")
    prepared, info = import_file(
        workspace, "village-data", write(tmp_path / "x.csv", text), year=2567, catalog_id=CATALOG
    )
    assert info is None
    problem = next(p for p in prepared.report.problems if p.rule == "not_a_number")
    assert (problem.row, problem.column, problem.value) == (3, "ร้อยละครัวเรือนที่มีน้ำประปาใช้", "แปดสิบ")


def test_village_indicator_ids_are_unique_across_every_catalog():
    from analysis.catalogs import catalogs, village_catalog_ids

    # an indicator of another village data set is looked up by its id alone (maps, the matrix)
    for village in village_catalog_ids():
        ids = set(load_catalog(village).indicator_ids)
        others = {i for c in catalogs() if c.id != village for i in c.indicator_ids}
        assert not ids & others, (village, sorted(ids & others))


def test_a_catalog_that_cannot_be_used_says_what_in_thai():
    meta = dict(load_catalog(CATALOG).meta)
    broken = [dict(meta["indicators"][0], good="more")]
    with pytest.raises(CatalogError) as raised:
        village_catalog(dict(meta, indicators=broken))
    assert raised.value.message("th").startswith(f"บัญชีตัวชี้วัด {CATALOG}: good ต้องเป็น higher (ยิ่งมากยิ่งดี) หรือ lower")
    with pytest.raises(CatalogError) as raised:
        village_catalog(dict(meta, indicators=[dict(meta["indicators"][0], domain="water")]))
    assert "ใช้ด้านที่ไม่มี (water)" in raised.value.message("th")


def test_the_demo_ships_the_example_data_set_and_the_pages_follow_the_choice(demo_workspace, monkeypatch):
    from tests.test_pages import app, table_with

    kinds = {d.kind: d.catalog_id for d in demo_workspace.datasets()}
    assert kinds["village-data"] == CATALOG
    at = app(demo_workspace.root, monkeypatch)
    at.sidebar.selectbox(key="data_source_th").select(CATALOG).run()
    at.switch_page("../pages/rank.py").run()
    assert not at.exception, at.exception
    titles = table_with(at, "ตัวชี้วัด")["ตัวชี้วัด"].tolist()
    assert titles and all(t.startswith("[TST] ") for t in titles)
