"""The small-count rule on the analysis pages, on a fixture tambon whose village 1 has ONE household:
a viewer sees "< 5" (and blank shares) in the overview, rank, compare and trend tables, chart
labels, map tooltips and every export; a data officer of the area sees the true counts.

Fixture (by hand), tambon 310101, 2564 (catalog 2560–2564, both indicators counted in households):
  village 31010101: 1 household  — ข้อ 4 pass, ข้อ 23 fail
  village 31010102: 6 households — ข้อ 4: 4 pass, 2 fail; ข้อ 23: 6 pass
  tambon:           7 households — ข้อ 4: 5 pass, 2 fail (2 < 5: shown "< 5", pass 5 hidden as
                    "ปกปิด" because 7 − 5 would give the 2 away); ข้อ 23: 6 pass, 1 fail
"""

import io
import json
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from analysis.auth.accounts import AccountStore
from analysis.auth.login import Authenticator
from analysis.exports import to_csv_bytes
from analysis.geo.exports import layer_geojson, to_html, to_kml
from analysis.geo.layers import LayerSpec
from analysis.geo.views import build_map, map_view
from analysis.importers.pipeline import import_file
from analysis.plans.service import store_for
from analysis.public import counts_rows
from analysis.views import area_overview, rank_problems
from dashboard.charts import domain_pass_chart
from dashboard.tables import indicator_table
from tests.auth_helpers import cheap_hashing  # noqa: F401  (autouse)
from tests.conftest import write
from tests.test_auth_pages import PASSWORD, sign_in
from tests.test_pages import app, metrics, table_with

HOUSEHOLDS = """
รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,รายได้,ข้อ 4,ข้อ 23
31010101,1,3,150000,1,0
31010102,1,2,150000,1,1
31010102,2,2,150000,1,1
31010102,3,2,150000,1,1
31010102,4,2,150000,1,1
31010102,5,2,150000,0,1
31010102,6,2,150000,0,1
"""


@pytest.fixture
def small(workspace, tmp_path):
    prepared, info = import_file(workspace, "bmn", write(tmp_path / "h.csv", HOUSEHOLDS), year=2564)
    assert info is not None, prepared.report.to_frame()
    accounts = AccountStore(store_for(workspace.root).url)
    accounts.add(None, "admin", PASSWORD, "admin")
    admin = Authenticator(accounts.url).authenticate("admin", PASSWORD)
    accounts.add(admin, "viewer1", PASSWORD, "viewer", ["31"])
    accounts.add(admin, "officer1", PASSWORD, "data_officer", ["31"])
    return workspace


def _row(table: pd.DataFrame, indicator: str) -> pd.Series:
    return table.set_index(table.columns[0]).loc[indicator]


def test_the_overview_hides_small_counts_from_a_viewer_only(small, monkeypatch):
    viewer = sign_in(app(small.root, monkeypatch), "viewer1", PASSWORD)
    viewer.sidebar.selectbox(key="pick_tambon").select("310101").run()
    row = _row(table_with(viewer, "ร้อยละไม่ผ่าน"), "4")
    assert (row["ไม่ผ่านเกณฑ์"], row["ผ่านเกณฑ์"], row["จำนวนที่สำรวจ"]) == ("< 5", "ปกปิด", "7")
    assert pd.isna(row["ร้อยละไม่ผ่าน"]) and pd.isna(row["ร้อยละผ่าน"])
    assert any('แสดงเป็น "< 5"' in c.value for c in viewer.caption)
    viewer.sidebar.selectbox(key="pick_village").select("31010101").run()
    assert metrics(viewer)["ครัวเรือน"] == "< 5"

    officer = sign_in(app(small.root, monkeypatch), "officer1", PASSWORD)
    officer.sidebar.selectbox(key="pick_tambon").select("310101").run()
    row = _row(table_with(officer, "ร้อยละไม่ผ่าน"), "4")
    assert (row["ไม่ผ่านเกณฑ์"], row["ผ่านเกณฑ์"], row["จำนวนที่สำรวจ"]) == (2, 5, 7)
    assert row["ร้อยละไม่ผ่าน"] == round(100 * 2 / 7, 1)
    officer.sidebar.selectbox(key="pick_village").select("31010101").run()
    assert metrics(officer)["ครัวเรือน"] == "1"


def test_rank_and_compare_pages_hide_small_counts_from_a_viewer(small, monkeypatch):
    viewer = sign_in(app(small.root, monkeypatch), "viewer1", PASSWORD)
    viewer.sidebar.selectbox(key="pick_tambon").select("310101").run()
    viewer.switch_page("../pages/rank.py").run()
    assert not viewer.exception, viewer.exception
    ranked = table_with(viewer, "อันดับ").set_index("ข้อ")
    # village 2 has 2 of the tambon's 2 failing households on ข้อ 4: "< 5", and no share that gives it away
    assert ranked.loc["4", "หมู่บ้านที่มีส่วนมากที่สุด"] == "หมู่ที่ 2 (< 5 ครัวเรือน)"
    assert ranked.loc["4", "ไม่ผ่านเกณฑ์"] == "< 5"
    summary = [m.value for m in viewer.markdown if m.value.startswith("- ด้าน")]
    assert any("(< 5 ครัวเรือน)" in line for line in summary)
    viewer.switch_page("../pages/compare.py").run()
    assert not viewer.exception, viewer.exception
    compared = table_with(viewer, "รวมทุกด้าน (% ไม่ผ่าน)").set_index("พื้นที่")
    assert pd.isna(compared.loc["หมู่ที่ 1", "รวมทุกด้าน (% ไม่ผ่าน)"])

    officer = sign_in(app(small.root, monkeypatch), "officer1", PASSWORD)
    officer.sidebar.selectbox(key="pick_tambon").select("310101").run()
    officer.switch_page("../pages/rank.py").run()
    ranked = table_with(officer, "อันดับ").set_index("ข้อ")
    assert ranked.loc["4", "หมู่บ้านที่มีส่วนมากที่สุด"] == "หมู่ที่ 2 (2 ครัวเรือน, 100.0%)"
    officer.switch_page("../pages/compare.py").run()
    compared = table_with(officer, "รวมทุกด้าน (% ไม่ผ่าน)").set_index("พื้นที่")
    # the household fails ข้อ 23 and passes ข้อ 4 and ข้อ 22 (income 150,000 ÷ 3 ≥ 38,000): 1 of 3
    assert compared.loc["หมู่ที่ 1", "รวมทุกด้าน (% ไม่ผ่าน)"] == round(100 / 3, 1)


def test_charts_tooltips_and_exports_carry_the_same_marks(small, tmp_path):
    import geopandas as gpd
    from shapely.geometry import box

    from analysis.geo.boundaries import import_boundaries

    villages = gpd.GeoDataFrame(
        {"village_code": ["31010101", "31010102"]},
        geometry=[box(103.0, 14.9, 103.05, 14.95), box(103.05, 14.9, 103.1, 14.95)],
        crs="EPSG:4326",
    )
    villages.to_file(tmp_path / "v.geojson", driver="GeoJSON")
    officer = Authenticator(AccountStore(store_for(small.root).url).url).authenticate("officer1", PASSWORD)
    import_boundaries(small, tmp_path / "v.geojson", level="village", code_column="village_code", actor=officer)
    overview = area_overview(small, "310101", 2564)
    shown = counts_rows(overview.indicators, private=True)
    csv = pd.read_csv(io.BytesIO(to_csv_bytes(indicator_table(shown))), dtype=str, keep_default_na=False)
    row = csv.set_index("ข้อ").loc["4"]
    assert (row["ไม่ผ่านเกณฑ์"], row["ผ่านเกณฑ์"], row["ร้อยละไม่ผ่าน"]) == ("< 5", "ปกปิด", "")
    figure = domain_pass_chart(counts_rows(overview.domains, private=True), "th")
    assert any("< 5" in str(c) or "ปกปิด" in str(c) for c in figure.data[0].customdata)

    hidden = map_view(small, "310101", "village", LayerSpec.parse("indicator:4"), 2564, private=True)
    values = hidden.values.set_index("area_code")
    assert values.loc["31010101", "detail"] == "ไม่ผ่าน < 5 จาก < 5 ครัวเรือน"  # a hidden total hides its 0 too
    assert pd.isna(values.loc["31010101", "value"]) and values.loc["31010101", "value_text"] == "ปกปิด (จำนวนน้อย)"
    exported = layer_geojson(hidden)
    texts = json.dumps(exported, ensure_ascii=False)
    assert "ไม่ผ่าน < 5 จาก < 5 ครัวเรือน" in texts  # the GeoJSON holds the text as read (not HTML-escaped)
    assert [f["properties"]["value"] for f in exported["features"]] == [None, None]  # 2 of 6 fail: hidden too
    kml = ET.fromstring(to_kml(hidden.title, exported)).iter("{http://www.opengis.net/kml/2.2}description")
    assert any("&lt; 5" in (d.text or "") for d in kml)  # a balloon is HTML: "< 5" escaped for it
    page = to_html(build_map(small, hidden)).decode()
    page = page.replace("\\u0026", "&")  # the map's data is written through JSON (& as \u0026)
    assert "ไม่ผ่าน &lt; 5 จาก &lt; 5 ครัวเรือน" in page and "ไม่ผ่าน 0 จาก 1 ครัวเรือน" not in page
    true = map_view(small, "310101", "village", LayerSpec.parse("indicator:4"), 2564)
    assert true.values.set_index("area_code").loc["31010101", "value"] == 0.0  # the one household passes

    ranking = rank_problems(small, "310101", 2564, private=True)
    assert ranking.scope("all").set_index("indicator_id").loc["4", "n_fail"] == 2  # ranks use true counts
