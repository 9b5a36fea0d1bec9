"""Grants on everything a write touches (issue 21, finding 1): a replace that removes areas absent
from the new file is authorised on those areas too, says which areas and how many households it
would remove, needs them named to go ahead, and the audit log records them — before the
workspace changes. A property test: for random grants and files, no write by an account changes
an area outside its grant."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from analysis.auth.accounts import AccountStore
from analysis.auth.login import Authenticator
from analysis.auth.roles import PermissionDenied
from analysis.cli import main as cia
from analysis.importers.committing import delete_dataset, plans_url
from analysis.importers.guarded import RemovalNotConfirmed
from analysis.importers.pipeline import import_file
from analysis.plans.service import PlanStore
from analysis.store import Workspace
from tests.auth_helpers import cheap_hashing  # noqa: F401  (autouse)
from tests.test_bad_inputs import snapshot

PASSWORD = "a-long-password-1"
HEADER = "รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,ข้อ 4\n"
#: two villages in each of three tambons of amphoe 3101; households per village
VILLAGES = {"31010101": 3, "31010102": 2, "31010201": 4, "31010202": 1, "31010301": 2, "31010302": 3}


def household_file(path: Path, villages: dict[str, int], answer: int = 1) -> Path:
    lines = [f"{code},{code}-{n},3,{answer}" for code, count in villages.items() for n in range(count)]
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def stored_households(workspace: Workspace) -> dict[str, int]:
    frame = workspace.rows("area_summary", level="village", year=2566)
    return dict(zip(frame["area_code"], frame["households"].astype(int), strict=True))


@pytest.fixture
def amphoe(tmp_path) -> Workspace:
    """Amphoe 3101's six villages for 2566, imported by the local user before any account."""
    workspace = Workspace(tmp_path / "ws")
    prepared, info = import_file(workspace, "bmn", household_file(tmp_path / "all.csv", VILLAGES), year=2566)
    assert info is not None, prepared.report.to_frame()
    return workspace


def officer(workspace: Workspace, areas: list[str], role: str = "data_officer"):
    url = plans_url(workspace)
    accounts = AccountStore(url)
    if not accounts.count():
        accounts.add(None, "admin", PASSWORD, "admin")
    admin = Authenticator(url).authenticate("admin", PASSWORD)
    name = f"{role}{accounts.count()}"
    accounts.add(admin, name, PASSWORD, role, areas)
    return Authenticator(url).authenticate(name, PASSWORD)


def admin_of(workspace: Workspace):
    return Authenticator(plans_url(workspace)).authenticate("admin", PASSWORD)


def test_a_partial_replace_by_an_account_granted_one_tambon_is_refused_and_changes_nothing(amphoe, tmp_path):
    account = officer(amphoe, ["310101"])
    before = snapshot(amphoe.root)
    part = household_file(tmp_path / "part.csv", {"31010101": 5, "31010102": 1})
    with pytest.raises(PermissionDenied) as refused:
        import_file(amphoe, "bmn", part, year=2566, replace=True, actor=account, remove=["310102", "310103"])
    # the areas the replace would remove are outside the grant: named in the refusal
    assert "31010201" in refused.value.message("th") and "310101" in refused.value.message("th")
    assert snapshot(amphoe.root) == before
    assert sum(stored_households(amphoe).values()) == 15


def test_a_partial_replace_names_what_it_would_remove_and_needs_it_confirmed(amphoe, tmp_path):
    before = snapshot(amphoe.root)
    part = household_file(tmp_path / "part.csv", {"31010101": 5, "31010102": 1})
    with pytest.raises(RemovalNotConfirmed) as refused:
        import_file(amphoe, "bmn", part, year=2566, replace=True)  # local mode: no longer without a word
    message = refused.value.message("th")
    assert "part.csv" in message and "--remove-areas 310102,310103" in message
    assert "(รวม 4 หมู่บ้าน 10 ครัวเรือน)" in message and ": 2 หมู่บ้าน 5 ครัวเรือน" in message
    assert snapshot(amphoe.root) == before
    # naming only one of the two tambons is not enough
    with pytest.raises(RemovalNotConfirmed):
        import_file(amphoe, "bmn", part, year=2566, replace=True, remove=["310102"])
    assert snapshot(amphoe.root) == before
    prepared, info = import_file(amphoe, "bmn", part, year=2566, replace=True, remove=["310102", "310103"])
    assert info is not None
    assert stored_households(amphoe) == {"31010101": 5, "31010102": 1}
    audit = PlanStore(plans_url(amphoe)).audit_log("dataset")
    replace_row = audit[audit["action"] == "replace"].iloc[0]
    assert replace_row["entity_key"] == info.id
    assert replace_row["changes"]["removed_areas"] == ["310102", "310103"]
    assert replace_row["changes"]["removed_villages"] == 4 and replace_row["changes"]["removed_households"] == 10


def test_the_check_report_warns_before_anything_is_saved(amphoe, tmp_path):
    part = household_file(tmp_path / "part.csv", {"31010101": 5})
    prepared, info = import_file(amphoe, "bmn", part, year=2566, replace=True, dry_run=True)
    assert info is None
    warning = prepared.report.to_frame().query("rule == 'replace_removes_areas'")
    assert len(warning) == 1
    assert "31010102" in warning.iloc[0]["message_th"] and "310102" in warning.iloc[0]["message_th"]


def test_adding_a_partial_file_removes_nothing_and_needs_no_confirmation(amphoe, tmp_path):
    account = officer(amphoe, ["310101"])
    part = household_file(tmp_path / "part.csv", {"31010101": 5})
    prepared, info = import_file(amphoe, "bmn", part, year=2566, append=True, actor=account)
    assert info is not None, prepared.report.to_frame()
    # ids 31010101-0..2 sent again replace their rows, -3 and -4 are new; every other village stays
    assert stored_households(amphoe) == {**VILLAGES, "31010101": 5}


def test_a_delete_is_authorised_and_audited_with_every_area_it_removes(amphoe):
    dataset = amphoe.datasets()[0].id
    officer_one = officer(amphoe, ["310101"])
    before = snapshot(amphoe.root)
    with pytest.raises(PermissionDenied):
        delete_dataset(amphoe, dataset, officer_one)  # a data officer may not delete at all
    assert snapshot(amphoe.root) == before
    delete_dataset(amphoe, dataset, admin_of(amphoe))
    assert amphoe.datasets() == []
    audit = PlanStore(plans_url(amphoe)).audit_log("dataset")
    assert audit.iloc[0]["action"] == "delete" and audit.iloc[0]["changes"]["removed_villages"] == 6


def test_the_cli_names_the_areas_and_takes_the_confirmation(amphoe, tmp_path, capsys):
    part = household_file(tmp_path / "part.csv", {"31010101": 5, "31010102": 1, "31010201": 4})
    args = ["import", "bmn", str(part), "--workspace", str(amphoe.root), "--year", "2566", "--replace"]
    assert cia(args) == 1
    err = capsys.readouterr().err
    assert "--remove-areas 31010202,310103" in err and "Traceback" not in err
    assert cia([*args, "--remove-areas", "31010202,310103"]) == 0
    assert stored_households(amphoe) == {"31010101": 5, "31010102": 1, "31010201": 4}


OUTSIDE_COLUMNS = ["area_code", "level", "year", "indicator_id", "applicable", "pass", "fail"]


def outside_rows(workspace: Workspace, grants: list[str]) -> pd.DataFrame:
    """Every area-indicator row of areas no grant covers (and that cover no granted area)."""
    frame = workspace.read("area_indicator")[OUTSIDE_COLUMNS]
    inside = frame["area_code"].map(lambda code: any(code.startswith(g) or g.startswith(code) for g in grants))
    return frame[~inside].sort_values(OUTSIDE_COLUMNS[:4]).reset_index(drop=True)


GRANTS = st.lists(
    st.sampled_from(["3101", "310101", "310102", "310103", "31010101", "31010302", "3102"]), min_size=1, max_size=2
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(grants=GRANTS, data=st.data(), mode=st.sampled_from(["replace", "replace-confirmed", "add", "new"]))
def test_no_write_by_an_account_changes_an_area_outside_its_grant(tmp_path_factory, grants, data, mode):
    granted = [code for code in sorted(VILLAGES) if any(code.startswith(g) for g in grants)]
    pool = granted if granted and data.draw(st.booleans(), label="inside the grant only") else sorted(VILLAGES)
    villages = data.draw(st.dictionaries(st.sampled_from(pool), st.integers(1, 4), min_size=1), label="file")
    root = tmp_path_factory.mktemp("grants")
    workspace = Workspace(root / "ws")
    assert import_file(workspace, "bmn", household_file(root / "all.csv", VILLAGES), year=2566)[1] is not None
    account = officer(workspace, sorted(set(grants)))
    before_files, before_outside = snapshot(workspace.root), outside_rows(workspace, grants)
    options = {
        "replace": {"replace": True},
        "replace-confirmed": {"replace": True, "remove": ["31"]},
        "add": {"append": True},
        "new": {},
    }[mode]
    part = household_file(root / "part.csv", villages, answer=0)
    try:
        prepared, info = import_file(workspace, "bmn", part, year=2566, actor=account, **options)
    except (PermissionDenied, RemovalNotConfirmed):
        info = None
    event("written" if info is not None else "refused")
    if info is None:
        after = snapshot(workspace.root)
        assert {k: v for k, v in after.items() if k != "plans.sqlite"} == {
            k: v for k, v in before_files.items() if k != "plans.sqlite"
        }
    pd.testing.assert_frame_equal(outside_rows(workspace, grants), before_outside)
