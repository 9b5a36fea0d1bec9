"""What a server process keeps once for all its sessions (issue 27): the area register shared by
every Workspace object of a workspace, rebuilt when the data changes."""

from analysis.store import Workspace


def test_the_register_is_built_once_per_workspace_and_generation(demo_workspace):
    first = Workspace(demo_workspace.root).register()
    assert Workspace(demo_workspace.root).register() is first  # another session's Workspace, same data
    names = first.display_names(["99010105"], "th")
    assert names == {"99010105": "หมู่ที่ 5 บ้านสร้างแก้ว"}
    custom = demo_workspace.root / "areas" / "custom_areas.csv"
    custom.write_text(
        custom.read_text(encoding="utf-8").replace("9901,amphoe,สาธิต", "9901,amphoe,ทดลอง"), encoding="utf-8"
    )
    renamed = Workspace(demo_workspace.root).register()
    assert renamed is not first and renamed.display_name("9901", "th") == "อำเภอทดลอง (สมมติ)"
    demo_workspace.rebuild()  # a new generation of area tables (what an import writes)
    assert Workspace(demo_workspace.root).register() is not renamed


def test_area_search_among_the_areas_with_data(demo_workspace):
    register = Workspace(demo_workspace.root).register()
    codes = frozenset({"9901", "990101", "99010101", "99010102"})
    assert register.search("9901", 10, codes) == ["9901", "990101", "99010101", "99010102"]
    assert register.search("หนองบัว", 10, codes) == ["990101", "99010101"]  # the tambon and its village 1
    assert register.search("9901", 10, codes) == ["9901", "990101", "99010101", "99010102"]  # the kept rows
    assert register.search("9901", 10, frozenset({"990102"})) == ["990102"]  # another set: its own rows
    assert register.search("หนองบัว", 2) == ["39", "3605"]  # no set: the whole register (จ.หนองบัวลำภู, อ.หนองบัวแดง)
