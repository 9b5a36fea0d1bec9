"""The certification status as a map layer: each village's status (and a tambon's share of villages
certified), fixed classes with the declared colours, and the demo's statuses on the map."""

from datetime import UTC, datetime

import pandas as pd

from analysis.checks.config import status_colours
from analysis.geo.layers import LayerSpec, certification_classes, certification_layer, layer_title
from analysis.geo.maps import legend_html
from analysis.geo.views import map_view
from analysis.views import layer_values

STATUSES = pd.DataFrame(
    {
        "village_code": ["31010101", "31010102", "31010201"],
        "status": ["certified", "returned", "certified"],
        "updated_at": [datetime(2024, 2, 12, 3, 0, tzinfo=UTC), datetime(2024, 2, 13, 20, 0, tzinfo=UTC), None],
    }
)
VILLAGES = ["31010101", "31010102", "31010103", "31010201"]


def test_village_statuses_with_the_day_of_the_last_change():
    layer = certification_layer(STATUSES, VILLAGES, "village", "th")
    assert layer[["area_code", "value", "value_text"]].values.tolist() == [
        ["31010101", 3.0, "รับรองแล้ว"],
        ["31010102", 2.0, "ส่งกลับแก้ไข"],
        ["31010103", 0.0, "ยังไม่ตรวจ"],
        ["31010201", 3.0, "รับรองแล้ว"],
    ]
    assert layer["detail"].tolist()[:3] == [
        "12 ก.พ. 2567",
        "14 ก.พ. 2567",
        "",
    ]  # Bangkok time: 20:00 UTC is the next day
    classes = certification_classes(layer, "village", "th")
    assert classes.labels == ["ยังไม่ตรวจ", "ตรวจแล้ว", "ส่งกลับแก้ไข", "รับรองแล้ว"]
    assert classes.counts == [1, 0, 1, 2] and classes.index.tolist() == [3, 2, 0, 3]
    assert classes.colours == [status_colours()[s] for s in ("not_checked", "checked", "returned", "certified")]
    assert "รับรองแล้ว (2)" in legend_html("สถานะ", classes, "ไม่มีข้อมูล")


def test_a_tambon_shows_its_share_of_villages_certified():
    layer = certification_layer(STATUSES, VILLAGES, "tambon", "en").set_index("area_code")
    assert layer.loc["310101", "value"] == 100 / 3 and layer.loc["310102", "value"] == 100.0
    assert layer.loc["310101", "detail"] == "1 of 3 villages certified"
    classes = certification_classes(layer.reset_index(), "tambon", "th")
    assert classes.index.tolist() == [1, 3] and classes.counts == [0, 1, 0, 1]
    assert layer_title(LayerSpec.parse("certification:7.9"), None, "th", "village") == "สถานะการรับรองข้อมูล จปฐ. รายหมู่บ้าน"


def test_the_demo_statuses_on_the_map(demo_workspace):
    values, catalog = layer_values(demo_workspace, "990101", "village", LayerSpec.parse("certification:0"), 2567)
    assert catalog is None
    assert values.set_index("area_code")["value_text"].value_counts().to_dict() == {
        "รับรองแล้ว": 4,
        "ยังไม่ตรวจ": 2,
        "ตรวจแล้ว": 1,
    }
    view = map_view(demo_workspace, "9901", "village", LayerSpec.parse("certification:0"), 2567)
    assert view.classes.counts == [35, 5, 1, 4]
    fills = {f["properties"]["area_code"]: f["properties"]["fill"] for f in view.collection["features"]}
    assert fills["99010503"] == status_colours()["returned"] and fills["99010101"] == status_colours()["certified"]
