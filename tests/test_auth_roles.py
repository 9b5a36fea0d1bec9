"""The role table: authorize() per role × action × area (table-driven), the README's copy of the
table, and which pages each role sees."""

import re
from pathlib import Path

import pytest

from analysis.auth.roles import (
    Actor,
    PermissionDenied,
    actions,
    authorize,
    covers,
    local_actor,
    page_allowed,
    role_table_markdown,
    roles,
    system_actor,
)

ROOT = Path(__file__).resolve().parent.parent

# what each role may do, written out by hand from the issue (not read from data/roles.toml)
EXPECTED = {
    "viewer": {"view_aggregates"},
    "planner": {"view_aggregates", "edit_plans", "edit_office"},
    "data_officer": {"view_aggregates", "view_households", "import_data", "check_data", "certify"},
    "admin": {
        "view_aggregates",
        "view_households",
        "edit_plans",
        "edit_office",
        "import_data",
        "check_data",
        "certify",
        "delete_data",
        "manage_accounts",
    },
}
UNSCOPED = {"view_aggregates", "manage_accounts"}


def account(role: str, *areas: str) -> Actor:
    return Actor(name=f"{role}1", role=role, areas=areas, account_id=1)


def test_declared_roles_and_actions_are_the_issue_s():
    assert roles() == list(EXPECTED)
    assert set(actions()) == set(EXPECTED["admin"])


@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.parametrize("action", sorted(EXPECTED["admin"]))
def test_role_action_in_a_granted_area(role, action):
    """A tambon grant (990101): allowed in the tambon and its villages exactly when the row says so."""
    actor = account(role, "990101")
    for area in ("990101", "99010105"):
        if action in EXPECTED[role]:
            authorize(actor, action, area)
        else:
            with pytest.raises(PermissionDenied) as error:
                authorize(actor, action, area)
            assert error.value.reason == "role"


@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.parametrize("action", sorted(EXPECTED["admin"]))
def test_role_action_outside_the_granted_area(role, action):
    """Another tambon (990102), the amphoe above (9901) and the whole workspace (None): only unscoped
    actions and administrators pass."""
    actor = account(role, "990101")
    for area in ("990102", "9901", None):
        allowed = action in EXPECTED[role] and (action in UNSCOPED or role == "admin")
        if allowed:
            authorize(actor, action, area)
        else:
            with pytest.raises(PermissionDenied):
                authorize(actor, action, area)


def test_refusals_name_the_account_role_and_area_in_thai_and_english():
    with pytest.raises(PermissionDenied) as error:
        authorize(account("planner", "990101"), "edit_plans", "990102")
    assert error.value.message_th == "บัญชี planner1 ไม่มีสิทธิ์ในพื้นที่ 990102 (พื้นที่ที่ได้รับสิทธิ์: 990101)"
    assert error.value.message_en == "Account planner1 has no rights in area 990102 (areas granted: 990101)"
    with pytest.raises(PermissionDenied) as error:
        authorize(account("viewer", "990101"), "edit_plans", "990101")
    assert error.value.message_th == (
        "บัญชี viewer1 (บทบาท ผู้ชม) ไม่มีสิทธิ์: แก้ไขตารางจัดลำดับความสำคัญ โครงการ หมุดบนแผนที่ และข้อมูลตำบล"
    )
    assert error.value.message_en.startswith("Account viewer1 (Viewer) may not: Edit priority matrices")


def test_prefix_grants_and_the_all_areas_grant():
    assert covers(("3101",), "31010105") and covers(("3101",), "3101")
    assert not covers(("3101",), "3102") and not covers(("310101",), "3101")
    assert not covers(("3101",), None) and covers(("*",), None) and covers(("*",), "99")
    assert not covers((), "3101")
    planner = account("planner", "3101", "990102")
    authorize(planner, "edit_plans", "99010201")
    authorize(planner, "edit_plans", "31010101")
    everywhere = account("planner", "*")
    authorize(everywhere, "edit_plans", None)


def test_local_and_system_actors_may_do_everything():
    for actor in (local_actor("สมชาย"), system_actor("ข้อมูลสาธิต")):
        for action in actions():
            authorize(actor, action, None)
    assert local_actor("  ").name == "ไม่ระบุชื่อ" and not local_actor("x").verified
    assert local_actor("สมชาย").label("th") == "สมชาย (ไม่ยืนยันตัวตน)"
    with pytest.raises(ValueError, match="unknown action"):
        authorize(local_actor(), "launch_rockets")


def test_the_readme_role_table_is_the_declared_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- role-table:start -->\n(.*?)\n<!-- role-table:end -->", readme, re.S)
    assert found, "README.md has no role table between the markers"
    assert found.group(1) == role_table_markdown("en"), "README role table and data/roles.toml disagree"
    rows = {line.split("`")[1]: line for line in found.group(1).splitlines() if line.startswith("| `")}
    # spot check against the hand-written expectation: the delete row has one tick (admin)
    assert rows["delete_data"].count("✓") == 1 and rows["view_aggregates"].count("✓") == 4


ALL_PAGES = [
    "overview",
    "compare",
    "rank",
    "map",
    "trend",
    "matrix",
    "project",
    "oneplan",
    "profile",
    "contest",
    "present",
    "offices",
    "data",
    "checks",
    "reports",
    "users",
    "manual",
    "glossary",
    "practice",
]


@pytest.mark.parametrize(
    "role, pages",
    [
        (
            "viewer",
            [
                "overview",
                "compare",
                "rank",
                "map",
                "trend",
                "oneplan",
                "profile",
                "contest",
                "present",
                "offices",
                "reports",
                "manual",
                "glossary",
                "practice",
            ],
        ),
        (
            "planner",
            [
                "overview",
                "compare",
                "rank",
                "map",
                "trend",
                "matrix",
                "project",
                "oneplan",
                "profile",
                "contest",
                "present",
                "offices",
                "reports",
                "manual",
                "glossary",
                "practice",
            ],
        ),
        (
            "data_officer",
            [
                "overview",
                "compare",
                "rank",
                "map",
                "trend",
                "oneplan",
                "profile",
                "contest",
                "present",
                "offices",
                "data",
                "checks",
                "reports",
                "manual",
                "glossary",
                "practice",
            ],
        ),
        ("admin", ALL_PAGES),
    ],
)
def test_pages_each_role_sees(role, pages):
    app = (ROOT / "dashboard" / "app.py").read_text(encoding="utf-8")
    declared = re.findall(r'"(\w+)"\),\n', app[app.index("PAGES:") : app.index("LANGUAGE_NAMES")])
    assert declared == ALL_PAGES  # the url paths of dashboard/app.py PAGES
    assert [p for p in ALL_PAGES if page_allowed(account(role, "990101"), p)] == pages
    assert [p for p in ALL_PAGES if page_allowed(local_actor(), p)] == ALL_PAGES
