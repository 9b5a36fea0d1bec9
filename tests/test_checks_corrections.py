"""Corrections imported later: partial files of one year add up, a household sent again replaces its
earlier row (never counted twice), and a village's certification snapshot shows what changed."""

from datetime import date

import pandas as pd

from analysis.checks import frames
from analysis.checks.certify import certification_store_for
from analysis.checks.snapshot import compare_snapshots, make_snapshot
from analysis.checks.views import certify_village, changes_since, collection_progress, village_snapshot
from analysis.importers.pipeline import import_file
from tests.conftest import write

HEADER = "รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,รายได้,ผู้จัดเก็บ,วันที่จัดเก็บ,ข้อ 4,ข้อ 7\n"
FIRST = HEADER + (
    "31010101,1,3,90000,อสม.01,15/1/2567,1,0\n"
    "31010101,2,2,80000,อสม.01,16/1/2567,1,1\n"
    "31010102,1,4,70000,อสม.03,16/1/2567,,1\n"
)
# household 2 sent again (indicator 4 now fails) and household 3 new, both by อสม.02
SECOND = HEADER + "31010101,2,2,80000,อสม.02,20/1/2567,0,1\n31010101,3,4,60000,อสม.02,21/1/2567,1,1\n"


def test_snapshots_compare_by_hand():
    rows = pd.DataFrame(
        {"indicator_id": ["4", "7"], "applicable": [2, 2], "pass": [2, 1], "fail": [0, 1], "catalog_id": "x"}
    )
    before = make_snapshot(rows, pd.DataFrame({"household_id": ["1", "2"], "digest": ["a", "b"]}))
    rows2 = rows.assign(applicable=[3, 3], **{"pass": [2, 2], "fail": [1, 1]})
    after = make_snapshot(rows2, pd.DataFrame({"household_id": ["1", "2", "3"], "digest": ["a", "c", "d"]}))
    diff = compare_snapshots(before, after)
    assert (diff.added, diff.removed, diff.changed) == (["3"], [], ["2"])
    assert diff.indicators[["indicator_id", "fail_before", "fail_after"]].values.tolist() == [["4", 0, 1], ["7", 1, 1]]
    assert diff.indicators["change_pp"].round(2).tolist() == [33.33, -16.67]  # 0 → 33.3 %, 50 → 33.3 %
    assert not compare_snapshots(before, before).any


def test_a_correction_replaces_households_sent_again_and_shows_what_changed(workspace, tmp_path):
    prepared, info = import_file(workspace, "bmn", write(tmp_path / "part1.csv", FIRST), year=2567)
    assert info is not None, prepared.report.to_frame()
    store = certification_store_for(workspace.root)
    checked = certify_village(workspace, store, "31010101", 2567, "checked", None, "สมชาย")
    returned = certify_village(workspace, store, "31010101", 2567, "returned", checked.version, "สมชาย", "แก้ไข")
    assert returned.snapshot["households"] == 2 and returned.snapshot["indicators"]["4"] == [2, 2, 0]
    assert changes_since(workspace, returned.snapshot, "31010101", 2567).any is False

    prepared, info = import_file(workspace, "bmn", write(tmp_path / "part2.csv", SECOND), year=2567, append=True)
    assert info is not None and prepared.meta["households_resent"] == 1
    counts = frames.collection_counts(workspace, "310101", 2567)
    per_volunteer = counts.groupby("collector")["households"].sum().to_dict()
    assert per_volunteer == {"อสม.01": 1, "อสม.02": 2, "อสม.03": 1}  # household 2 counted once, as re-sent
    diff = changes_since(workspace, store.record("31010101", 2567).snapshot, "31010101", 2567)
    assert (diff.households_before, diff.households_after) == (2, 3)
    assert (diff.added, diff.removed, diff.changed) == (["3"], [], ["2"])
    by_indicator = diff.indicators.set_index("indicator_id")
    # ข้อ 4: 2 applicable, 0 failing → 3 applicable (1, 2 corrected, 3 new), 1 failing
    assert by_indicator.loc["4", ["applicable_before", "fail_before", "applicable_after", "fail_after"]].tolist() == [
        2,
        0,
        3,
        1,
    ]
    # ข้อ 7: household 1 fails in both; 2 → 3 applicable
    assert by_indicator.loc["7", ["fail_before", "fail_after", "applicable_after"]].tolist() == [1, 1, 3]
    assert village_snapshot(workspace, "31010102", 2567)["households"] == 1  # the other village untouched

    progress = collection_progress(workspace, "3101", 2567, date(2024, 1, 25))
    village = progress.villages.set_index("village_code").loc["31010101"]
    assert (village["households_collected"], village["first_collected"], village["last_collected"]) == (
        3,
        date(2024, 1, 15),
        date(2024, 1, 21),
    )
