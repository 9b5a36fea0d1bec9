"""The demo's collection story: every planted anomaly is found, nothing else is an error (and every
warning is in a planted village), two villages are behind schedule, a mix of certification
statuses, and the shipped correction file fixes the village returned for correction."""

from datetime import date

import pandas as pd

from analysis.checks.certify import certification_store_for
from analysis.checks.views import changes_since, collection_progress, run_checks
from analysis.demo.checks import BEHIND, CORRECTION_FILE, DEADLINE, PLANTED, STATUSES, YEAR
from analysis.importers.pipeline import import_file
from analysis.validation import rules

AFTER = date(2024, 4, 1)  # after the demo's deadline (29 มี.ค. 2567)


def test_every_planted_anomaly_is_found_and_nothing_else_is_an_error(demo_workspace):
    found = run_checks(demo_workspace, "9901", YEAR, AFTER).findings
    for planted in PLANTED:
        hits = found[(found["rule"] == planted.rule) & (found["village_code"] == planted.village_code)]
        if planted.indicator_id:
            hits = hits[hits["indicator_id"] == planted.indicator_id]
        assert len(hits), planted
        if planted.households:
            assert hits["household_id"].notna().sum() == planted.households, planted
    errors = found[found["severity"] == "error"]
    planted_errors = {(p.rule, p.village_code) for p in PLANTED if rules()[p.rule]["severity"] == "error"}
    assert set(zip(errors["rule"], errors["village_code"], strict=True)) == planted_errors
    assert set(found["village_code"]) == {p.village_code for p in PLANTED}  # warnings only where planted


def test_the_other_demo_years_are_clean(demo_workspace):
    for year in (2566, 2564):
        result = run_checks(demo_workspace, "9901", year, AFTER)
        assert result.findings.empty, result.findings.head()
        assert "no_register" in result.notes


def test_two_villages_are_behind_schedule(demo_workspace):
    progress = collection_progress(demo_workspace, "9901", YEAR, AFTER)
    statuses = progress.villages.set_index("village_code")["status"]
    assert set(statuses[statuses != "done"].index) == set(BEHIND)
    assert (statuses[list(BEHIND)] == "overdue").all()
    for village, share in BEHIND.items():
        row = progress.villages.set_index("village_code").loc[village]
        assert row["households_collected"] / row["households_expected"] <= share
    # four days before the deadline the plan expects 95% (77 of 81 days): the same two are behind
    middle = collection_progress(demo_workspace, "9901", YEAR, date(2024, 3, 25)).villages.set_index("village_code")
    assert set(middle.index[middle["status"] == "behind"]) == set(BEHIND)
    assert progress.register.deadline == DEADLINE
    volunteers = progress.volunteers
    assert volunteers["collector"].str.match(r"^อช\.9901\d{4}-\d$").all()
    assert (volunteers["households_collected"] > 0).all() and volunteers["households_expected"].notna().all()
    assert progress.burnup["cumulative"].iloc[-1] == progress.villages["households_collected"].sum()


def test_a_mix_of_certification_statuses(demo_workspace):
    statuses = certification_store_for(demo_workspace.root).statuses("9901", YEAR)
    counts = statuses["status"].value_counts().to_dict()
    assert counts == {"checked": 5, "certified": 4, "returned": 1}
    assert statuses["is_demo"].all()
    expected = {village: steps[-1] for village, (steps, _) in STATUSES.items()}
    assert dict(zip(statuses["village_code"], statuses["status"], strict=True)) == expected


def test_the_correction_file_fixes_the_returned_village(demo_workspace):
    store = certification_store_for(demo_workspace.root)
    record = store.record("99010503", YEAR)
    assert record.status == "returned"
    path = demo_workspace.root / "demo_sources" / CORRECTION_FILE
    prepared, info = import_file(demo_workspace, "bmn", path, year=YEAR, append=True, demo=True)
    assert info is not None, prepared.report.to_frame()
    assert prepared.meta["households_resent"] == 3
    found = run_checks(demo_workspace, "990105", YEAR, AFTER).findings
    assert not ((found["rule"] == "check_pair_inconsistent") & (found["village_code"] == "99010503")).any()
    diff = changes_since(demo_workspace, record.snapshot, "99010503", YEAR)
    assert len(diff.changed) == 3 and not diff.added and not diff.removed
    four = diff.indicators.set_index("indicator_id").loc["4"]
    assert four["applicable_after"] - four["applicable_before"] == 3
    assert four["fail_after"] == four["fail_before"]  # the three now pass
    assert pd.Series(diff.indicators["indicator_id"]).tolist() == ["4"]
