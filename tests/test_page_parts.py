"""Pure parts of the analysis pages, by hand or against the analysis API: the small-count display
rule on indicator, domain, change and MPI rows, the drivers' text, the heat map's labels, and the
shared map files (title, area, year, legend and demo label in GeoJSON, KML and HTML; names on the
map; no background tiles unless asked)."""

import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd

from analysis.formatting import fmt_share
from analysis.geo.exports import layer_geojson, to_html, to_kml
from analysis.geo.layers import LayerSpec
from analysis.geo.views import build_map, map_view
from analysis.public import counts_rows, hidden_rows, mpi_rows
from analysis.ranking import driver_text
from dashboard.charts import heatmap_chart

KML = "{http://www.opengis.net/kml/2.2}"


def test_a_change_is_hidden_when_either_year_came_from_a_small_count():
    rows = pd.DataFrame(
        {
            "area_code": ["a", "b", "c"],
            "applicable": [40, 40, 3],
            "pass": [30, 30, 1],
            "fail": [10, 10, 2],
            "pct_fail": [25.0, 25.0, 66.7],
            "change_pp": [-5.0, 2.0, 10.0],
            "applicable_base": [40, 40, 40],
            "pass_base": [28, 37, 30],
            "fail_base": [12, 3, 10],  # b's base year had 3 failing: its change gives 3 away
        }
    )
    shown = counts_rows(rows, private=True).set_index("area_code")
    assert shown["change_pp"].tolist() == [-5.0, None, None]  # c: this year's counts are small
    assert shown.loc["c", ["applicable", "pass", "fail"]].tolist() == ["< 5", "< 5", "< 5"]
    assert hidden_rows(shown.reset_index()).tolist() == [False, False, True]
    assert counts_rows(rows, private=False) is rows  # true counts: the same frame


def test_a_ranking_by_households_failing_hides_its_value_as_a_count():
    rows = pd.DataFrame({"applicable": [50, 50], "pass": [47, 30], "fail": [3, 20], "n_fail": [3, 20]})
    rows["value"] = rows["n_fail"]
    shown = counts_rows(rows, private=True, value_is_count=True)
    assert shown["value"].tolist() == ["< 5", 20] and shown["pass"].tolist() == ["ปกปิด", 30]


def test_mpi_rows_hide_a_small_village():
    frame = pd.DataFrame({"area_code": ["a", "b"], "n": [3, 80], "q": [1, 20], "H": [1 / 3, 0.25], "MPI": [0.2, 0.1]})
    shown = mpi_rows(frame, private=True)
    assert shown["n"].tolist() == ["< 5", 80] and shown["q"].tolist() == ["< 5", 20]
    assert shown["H"].tolist() == [None, 0.25] and shown["MPI"].tolist() == [None, 0.1]


def test_drivers_text_hides_a_small_village_and_its_share():
    drivers = pd.DataFrame(
        {
            "indicator_id": ["4", "4"],
            "area_code": ["v1", "v2"],
            "count": [12, 3],
            "share_pct": [80.0, 20.0],
            "count_unit": ["household", "household"],
        }
    )
    names = {"v1": "หมู่ที่ 1", "v2": "หมู่ที่ 2"}
    assert driver_text(drivers, names) == {"4": "หมู่ที่ 1 (12 ครัวเรือน, 80.0%); หมู่ที่ 2 (3 ครัวเรือน, 20.0%)"}
    assert driver_text(drivers, names, suppress=True) == {"4": "หมู่ที่ 1 (12 ครัวเรือน, 80.0%); หมู่ที่ 2 (< 5 ครัวเรือน)"}


def test_drivers_text_names_the_unit_and_a_province_scale_share():
    # a province's 60,000 failing people: 60 are 0.1%, 20 are 0.033% (no longer "(20, 0%)")
    drivers = pd.DataFrame(
        {
            "indicator_id": ["9", "9", "N1"],
            "area_code": ["v1", "v2", "v1"],
            "count": [60, 20, 1],
            "share_pct": [100 * 60 / 60000, 100 * 20 / 60000, 25.0],
            "count_unit": ["person", "person", None],
        }
    )
    names = {"v1": "หมู่ที่ 5 ต.จันอัด", "v2": "หมู่ที่ 2 ต.จันอัด"}
    assert driver_text(drivers, names) == {
        "9": "หมู่ที่ 5 ต.จันอัด (60 คน, 0.1%); หมู่ที่ 2 ต.จันอัด (20 คน, <0.1%)",
        "N1": "หมู่ที่ 5 ต.จันอัด (1 หมู่บ้าน, 25.0%)",  # a กชช.2ค row counts villages
    }
    assert (
        driver_text(drivers, names, lang="en")["9"]
        == "หมู่ที่ 5 ต.จันอัด (60 persons, 0.1%); หมู่ที่ 2 ต.จันอัด (20 persons, <0.1%)"
    )


def test_a_share_too_small_to_round_reads_below_the_last_digit():
    assert [fmt_share(v) for v in (0.0, 0.04, 0.05, 0.1, 66.666, None)] == [
        "0.0%",
        "<0.1%",
        "0.1%",
        "0.1%",
        "66.7%",
        "–",
    ]
    assert fmt_share(0.4, 0) == "<1%"


def test_the_heat_map_names_indicators_and_areas_and_leaves_hidden_cells_blank():
    matrix = pd.DataFrame({"21": [41.5, np.nan], "3": [2.0, 5.0]}, index=["99010105", "99010101"])
    titles = {"21": "ครัวเรือนเข้าถึงระบบขนส่งสาธารณะ", "3": "เด็กแรกเกิดได้กินนมแม่อย่างเดียวอย่างน้อย 6 เดือนแรกติดต่อกัน"}
    figure = heatmap_chart(matrix, {"99010105": "หมู่ที่ 5 บ้านสร้างแก้ว"}, titles, "th")
    cells = figure.data[0]
    assert list(cells.y) == ["21. ครัวเรือนเข้าถึงระบบขนส่งสาธารณะ", f"3. {titles['3'][:33]}…"]  # cut at 34
    assert list(cells.x) == ["หมู่ที่ 5 บ้านสร้างแก้ว", "99010101"]
    assert cells.z[0][0] == 41.5 and np.isnan(cells.z[0][1]) and cells.customdata[1][0] == titles["3"]


def test_shared_map_files_say_what_where_when_and_that_it_is_demo(demo_workspace):
    view = map_view(demo_workspace, "990101", "village", LayerSpec.parse("indicator:21"), 2567)
    heading = f"{view.title} — ตำบลหนองบัว · ปีที่สำรวจ 2567"
    collection = layer_geojson(view)
    assert (collection["title"], collection["year"], collection["demo"]) == (heading, 2567, True)
    assert collection["note"].startswith("ข้อมูลสาธิต (สมมติ)")
    legend = collection["legend"]
    assert [r["colour"] for r in legend[:-1]] == view.classes.colours and legend[-1]["label"] == "ไม่มีข้อมูล"
    assert sum(r["areas"] for r in legend[:-1]) == 7
    assert all(f["properties"]["year"] == 2567 and f["properties"]["demo"] for f in collection["features"])

    root = ET.fromstring(to_kml(view.title, collection))
    assert root.findtext(f"{KML}Document/{KML}name") == f"{heading} · {collection['note']}"
    description = root.findtext(f"{KML}Document/{KML}description")
    assert view.classes.labels[0] in description and view.classes.colours[0] in description
    placemark = root.find(f"{KML}Document/{KML}Placemark")
    assert placemark.findtext(f"{KML}description").endswith(collection["note"])

    page = to_html(build_map(demo_workspace, view)).decode()
    assert f"<title>{heading}</title>" in page
    assert "ข้อมูลสาธิต (สมมติ)" in page and "ไม่มีข้อมูล" in page  # the title box and the legend
    assert len(label_names(page)) == 7  # each village named on the map
    assert "tile.openstreetmap.org" not in page  # no internet tiles unless asked


def label_names(page: str) -> list[str]:
    """The names the map writes on itself (the rows of its one label layer)."""
    import json

    for block in page.split("var rows = ")[1:]:
        rows, _, script = block.partition(";\n")
        if "cia-label" in script.split("})();")[0]:
            return [row[2] for row in json.loads(rows)]
    return []


def test_the_page_map_keeps_the_legend_off_the_map(demo_workspace):
    view = map_view(demo_workspace, "990101", "village", LayerSpec.parse("indicator:21"), 2567)
    inside = build_map(demo_workspace, view, standalone=False).get_root().render()
    assert "cia-legend" not in inside and len(label_names(inside)) == 7
    shared = build_map(demo_workspace, view, tiles="OpenStreetMap").get_root().render()
    assert "cia-legend" in shared and "tile.openstreetmap.org" in shared


def test_villages_listed_across_tambons_name_their_tambon(demo_workspace):
    from analysis.views import village_classes
    from dashboard.tables import village_class_table

    register = demo_workspace.register()
    across = village_class_table(village_classes(demo_workspace, "9901"), register)["พื้นที่"]
    assert len(across) == 45 and across.nunique() == 45  # no "หมู่ที่ 1" repeated without its tambon
    within = village_class_table(village_classes(demo_workspace, "990101"), register)["พื้นที่"]
    assert not within.str.contains("ต.").any() and within.str.contains(r"^บ้าน.+ \(หมู่ \d+\)$").all()


def test_a_heat_map_of_many_areas_stands_their_names_upright_below_the_title():
    codes = [f"30{i:02d}" for i in range(1, 31)]
    matrix = pd.DataFrame({"21": np.linspace(0, 60, 30)}, index=codes)
    few = heatmap_chart(matrix.head(8), {}, {"21": "ขนส่ง"}, "th")
    many = heatmap_chart(matrix, {}, {"21": "ขนส่ง"}, "th")
    assert few.layout.xaxis.tickangle == -40  # a few names fit slanted
    assert many.layout.xaxis.tickangle == -90  # 30 slanted names overlapped each other
    assert (many.layout.title.yref, many.layout.title.y, many.layout.margin.t) == ("container", 1, 190)


def test_ranked_domains_label_counts_as_whole_numbers():
    from dashboard.charts import ranked_domains_chart

    ranked = pd.DataFrame(
        {"rank": [1, 2], "domain": ["living", "health"], "domain_th": ["ความเป็นอยู่", "สุขภาพ"], "value": [264106.0, 7.25]}
    )
    counts = ranked_domains_chart(ranked, "จำนวน", "th", counts=True)
    assert list(counts.data[0].text) == ["7", "264,106"]  # rank 1 drawn on top, so listed last
    shares = ranked_domains_chart(ranked, "ร้อยละ", "th")
    assert list(shares.data[0].text) == ["7.2", "264,106.0"]
