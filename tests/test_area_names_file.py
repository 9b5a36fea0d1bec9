"""Area names from a file (`cia areas names FILE`, the Data page): damaged rows reported and not
loaded, a dry run that writes nothing, versions, a later list replacing an earlier one only when
asked, titled personal names refused, names shown wherever a village appears ("บ้านโคก (หมู่ 1)"),
in Thai and in exports; a shared server needs an account allowed in the list's areas."""

from __future__ import annotations

import hashlib

import pytest

from analysis.area_names import current_names, history, read_names, save_names
from analysis.cli import main
from analysis.importers.pipeline import import_file
from analysis.store_errors import StoreError
from tests.auth_helpers import cheap_hashing  # noqa: F401  (autouse)
from tests.conftest import write
from tests.test_pages import DATA_PAGE, app, table_with

#: a published list with the damage real ones have (rows numbered as a spreadsheet shows them)
NAMES = """village_ID,village_name
31010101,บ้านโคก
31010102,บ้านนา
3101010301,ชุมชนริมน้ำ
3101010,บ้านผิด
31010104,นายสมชาย ใจดี
31010105,บ้านหนึ่ง
31010105,บ้านสอง
99990101,บ้านไกล
31010106,
901151A001,ชุมชนหน้าวัด
310101,ตำบลใหม่
31010102,บ้านนา"""
HOUSEHOLDS = "รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,ข้อ 4\n31010101,1,3,1\n31010102,1,4,0\n31010102,2,2,1"


def snapshot(root) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.startswith("plans.sqlite")
    }


def test_damaged_rows_are_reported_and_the_rest_loadable(workspace, tmp_path):
    check = read_names(workspace, write(tmp_path / "names.csv", NAMES))
    assert check.rows == 12
    found = {(p.rule, p.row) for p in check.report.problems}
    assert found == {
        ("names_code_invalid", 5),  # seven digits
        ("names_personal", 6),  # นายสมชาย ใจดี: a titled person's name, never stored
        ("names_conflict", 7),  # 31010105 named twice, differently: neither is loaded
        ("names_conflict", 8),
        ("names_unknown_area", 9),  # province 99 has no tambon 999901
        ("names_blank", 10),
        ("names_register_kept", 12),  # a tambon keeps the national register's name
    }
    personal = next(p for p in check.report.problems if p.rule == "names_personal")
    assert personal.value == "" and "สมชาย" not in personal.message_th  # the name is not repeated
    assert personal.message_th.startswith("ค่านี้เป็นชื่อบุคคล")
    loaded = dict(zip(check.names["area_code"], check.names["name_th"], strict=True))
    assert loaded == {
        "31010101": "บ้านโคก",
        "31010102": "บ้านนา",  # given twice with the same name: once
        "3101010301": "ชุมชนริมน้ำ",
        "901151A001": "ชุมชนหน้าวัด",
    }
    assert check.ok and not check.report.has_errors


def test_a_dry_run_writes_nothing_and_a_save_names_villages_everywhere(workspace, tmp_path, capsys):
    import_file(workspace, "bmn", write(tmp_path / "h.csv", HOUSEHOLDS), year=2564)
    path = write(tmp_path / "names.csv", NAMES)
    before = snapshot(workspace.root)
    assert main(["areas", "names", str(path), "--dry-run", "-w", str(workspace.root)]) == 0
    assert snapshot(workspace.root) == before
    assert "อ่าน 12 แถว: นำเข้าได้ 4 ชื่อ" in capsys.readouterr().out
    assert main(["areas", "names", str(path), "-w", str(workspace.root)]) == 0
    register = workspace.register()
    assert register.display_name("31010101") == "บ้านโคก (หมู่ 1)"
    assert register.display_names(["31010102", "31020101"])["31010102"] == "บ้านนา (หมู่ 2) ต.ในเมือง"
    assert register.display_name("901151A001") == "ชุมชนหน้าวัด (ชุมชน A001)"
    assert register.display_name("310101") == "ตำบลในเมือง"  # the national name stays
    capsys.readouterr()
    assert main(["areas", "--level", "village", "-w", str(workspace.root)]) == 0
    exported = capsys.readouterr().out.splitlines()
    assert exported[1].startswith("31010101,บ้านโคก (หมู่ 1),village,2564")  # the export names it too
    stored = b"".join(p.read_bytes() for p in workspace.root.rglob("*.parquet"))
    assert "สมชาย".encode() not in stored


def test_a_later_list_replaces_names_only_when_asked(workspace, tmp_path):
    save_names(workspace, read_names(workspace, write(tmp_path / "a.csv", NAMES)))
    later = "รหัสหมู่บ้าน,ชื่อหมู่บ้าน\n31010101,บ้านโคกใหญ่\n31010107,บ้านใหม่"  # Thai headers
    check = read_names(workspace, write(tmp_path / "b.csv", later))
    refused = next(p for p in check.report.problems if p.rule == "names_would_replace")
    assert (refused.row, refused.value) == (2, "31010101")
    assert refused.message_th.startswith("รหัส 31010101 มีชื่อจากรายชื่อที่นำเข้าไว้แล้ว ไฟล์นี้ให้ชื่ออื่น (บ้านโคก → บ้านโคกใหญ่)")
    with pytest.raises(StoreError):
        save_names(workspace, check)
    assert len(history(workspace)) == 1
    again = read_names(workspace, write(tmp_path / "b.csv", later), replace=True)
    assert "names_replaced" in again.report.rules_hit() and not again.report.has_errors
    entry = save_names(workspace, again, replace=True)
    assert (entry["version"], entry["added"], entry["changed"]) == (2, 1, 1)
    names = current_names(workspace).set_index("area_code")
    assert names.loc["31010101", "name_th"] == "บ้านโคกใหญ่" and names.loc["31010102", "name_th"] == "บ้านนา"
    assert names.loc["31010107", "version"] == 2 and names.loc["31010102", "version"] == 1
    assert [v["source"] for v in history(workspace)] == ["a.csv", "b.csv"]
    assert workspace.register().display_name("31010101") == "บ้านโคกใหญ่ (หมู่ 1)"


def test_a_list_without_the_columns_is_refused_naming_them(workspace, tmp_path):
    check = read_names(workspace, write(tmp_path / "x.csv", "foo,bar\n1,2"))
    assert not check.ok and check.report.problems[0].rule == "names_columns_missing"
    assert check.report.problems[0].message_th.endswith("คอลัมน์ในไฟล์: foo, bar")


def test_a_shared_server_needs_an_account_allowed_in_the_lists_areas(workspace, tmp_path, capsys, monkeypatch):
    from analysis.auth.accounts import AccountStore
    from analysis.auth.login import Authenticator
    from analysis.plans.service import store_for

    password = "a-long-password-1"
    accounts = AccountStore(store_for(workspace.root).url)
    accounts.add(None, "admin", password, "admin")
    admin = Authenticator(accounts.url).authenticate("admin", password)
    accounts.add(admin, "officer99", password, "data_officer", ["99"])
    accounts.add(admin, "officer31", password, "data_officer", ["31"])
    path = str(write(tmp_path / "n.csv", "village_ID,village_name\n31010101,บ้านโคก"))
    monkeypatch.setenv("CIA_PASSWORD", password)
    assert main(["areas", "names", path, "-w", str(workspace.root), "--as", "officer99"]) == 3
    assert history(workspace) == []
    assert main(["areas", "names", path, "-w", str(workspace.root), "--as", "officer31"]) == 0
    assert history(workspace)[0]["rows"] == 1


def test_the_data_page_checks_then_saves_a_names_list(workspace, monkeypatch, tmp_path):
    import_file(workspace, "bmn", write(tmp_path / "h.csv", HOUSEHOLDS), year=2564)
    at = app(workspace.root, monkeypatch)
    at.switch_page(DATA_PAGE).run()
    at.file_uploader(key="names_file").upload("names.csv", NAMES.encode(), "text/csv").run()
    assert not at.exception, at.exception
    report = table_with(at, "แถว")
    assert sorted(report["แถว"].tolist()) == [5, 6, 7, 8, 9, 10, 12]
    assert "อ่าน 12 แถว: นำเข้าได้ 4 ชื่อ" in [c.value for c in at.caption]
    assert history(workspace) == []  # checked, not saved
    at.button(key="names_save").click().run()
    assert not at.exception, at.exception
    assert history(workspace)[0]["rows"] == 4
    assert any(s.value.startswith("บันทึกรายชื่อพื้นที่แล้ว: ฉบับที่ 1") for s in at.success)
    assert table_with(at, "ฉบับที่").iloc[0]["จำนวนชื่อ"] == 4
