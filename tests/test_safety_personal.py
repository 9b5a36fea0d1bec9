"""Personal data found by content in every kept column (issue 21, finding 2): citizen ids used as
household ids (plain or grouped with dashes), phone numbers in the collector column and titled
personal names in the village-name column are refused with a Thai reason — or, for household ids,
kept as keyed hashes when the office chose so — and never reach a file of the workspace; 13-digit
house codes that pass the id checksum by chance are not mistaken for ids."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import analysis.importers.personal as personal
from analysis.cli import main as cia
from analysis.config import settings
from analysis.importers.pipeline import import_file
from tests.test_bad_inputs import snapshot

HH = "รหัสหมู่บ้าน,ชื่อหมู่บ้าน,ผู้จัดเก็บ,รหัสบ้าน,จำนวนสมาชิก,ข้อ 4\n"


def citizen_id(twelve: str) -> str:
    total = sum(int(d) * w for d, w in zip(twelve, range(13, 1, -1), strict=True))
    return twelve + str((11 - total % 11) % 10)


IDS = [citizen_id(f"3101{n:08d}") for n in range(1, 7)]


def household_file(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    """(village name, collector, household id, members) rows, all in village 31010101."""
    lines = [f"31010101,{name},{collector},{key},{members},1" for name, collector, key, members in rows]
    path.write_text(HH + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def every_byte(root: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file())


def refused_rows(prepared, rule: str) -> list[tuple[int, str, str]]:
    frame = prepared.report.full_frame().query("rule == @rule")
    return sorted(zip(frame["row"].astype(int), frame["column"], frame["value"], strict=True))


@pytest.mark.parametrize("written", [lambda i: i, lambda i: f"{i[0]}-{i[1:5]}-{i[5:10]}-{i[10:12]}-{i[12]}"])
def test_citizen_ids_as_household_ids_are_refused_and_not_repeated(workspace, tmp_path, written):
    path = household_file(tmp_path / "ids.csv", [("บ้านหนองบัว", "อช.1", written(i), "3") for i in IDS[:3]])
    before = snapshot(workspace.root) if workspace.root.exists() else {}
    prepared, info = import_file(workspace, "bmn", path, year=2566)
    assert info is None
    assert refused_rows(prepared, "personal_citizen_id") == [
        (2, "รหัสบ้าน", "●●●●"),
        (3, "รหัสบ้าน", "●●●●"),
        (4, "รหัสบ้าน", "●●●●"),
    ]
    message = prepared.report.errors[0].message_th
    assert "เลขประจำตัวประชาชน" in message and "hash" in message
    assert IDS[0] not in prepared.report.to_frame().to_csv()
    after = snapshot(workspace.root) if workspace.root.exists() else {}
    assert after == before


def test_house_codes_of_thirteen_digits_are_not_mistaken_for_ids(workspace, tmp_path):
    """Village code + a five-digit number: some pass the checksum by chance (here 2 of 20)."""
    codes = [f"31010101{n:05d}" for n in range(1, 21)]
    passing = [c for c in codes if c == citizen_id(c[:12])]
    assert 0 < len(passing) <= 3  # the chance share, far below a column of real ids
    prepared, info = import_file(
        workspace, "bmn", household_file(tmp_path / "codes.csv", [("", "", c, "2") for c in codes]), year=2566
    )
    assert info is not None, prepared.report.to_frame()
    stored = pd.read_parquet(workspace.dataset_dir(info.id) / "households.parquet")
    assert sorted(stored["household_id"]) == codes


def test_phones_in_the_collector_column_are_refused(workspace, tmp_path):
    rows = [("", "081-234-5678", "1", "2"), ("", "อช.2", "2", "2"), ("", "+66 81 234 5679", "3", "2")]
    prepared, info = import_file(workspace, "bmn", household_file(tmp_path / "c.csv", rows), year=2566)
    assert info is None
    assert refused_rows(prepared, "personal_phone") == [(2, "ผู้จัดเก็บ", "●●●●"), (4, "ผู้จัดเก็บ", "●●●●")]


def test_titled_names_in_the_village_name_column_are_refused_but_places_are_not(workspace, tmp_path):
    rows = [("นางสมศรี ใจดี", "", "1", "2"), ("นางาม ใต้", "", "2", "2"), ("นายูง", "", "3", "2")]
    prepared, info = import_file(workspace, "bmn", household_file(tmp_path / "n.csv", rows), year=2566)
    assert info is None
    assert refused_rows(prepared, "personal_name") == [(2, "ชื่อหมู่บ้าน", "●●●●")]
    rows = [("นางาม ใต้", "", "1", "2"), ("นางาม ใต้", "", "2", "2")]
    prepared, info = import_file(workspace, "bmn", household_file(tmp_path / "p.csv", rows), year=2566)
    assert info is not None
    assert workspace.register().name("31010101") == "นางาม ใต้"


def test_an_office_may_keep_citizen_id_keys_as_keyed_hashes(workspace, tmp_path, monkeypatch):
    chosen = {**settings(), "privacy": {**settings()["privacy"], "citizen_id_keys": "hash"}}
    monkeypatch.setattr(personal, "settings", lambda: chosen)
    rows = [("", "", i, "3") for i in IDS[:4]] + [("", "", "99", "2")]
    prepared, info = import_file(workspace, "bmn", household_file(tmp_path / "ids.csv", rows), year=2566)
    assert info is not None, prepared.report.to_frame()
    stored = pd.read_parquet(workspace.dataset_dir(info.id) / "households.parquet")["household_id"].tolist()
    hashed = [k for k in stored if k != "99"]
    assert len(hashed) == 4 and len(set(hashed)) == 4
    assert all(len(k) == 17 and k.startswith("h") for k in hashed)
    data = every_byte(workspace.root)
    assert not any(i.encode() in data for i in IDS[:4])
    # the same id sent again (a correction) gets the same key: households still match across files
    again, info2 = import_file(
        workspace, "bmn", household_file(tmp_path / "again.csv", [("", "", IDS[0], "5")]), year=2566, append=True
    )
    assert info2 is not None and again.meta["households_resent"] == 1


def test_the_full_problem_list_lives_in_the_workspace_scratch_masked_and_goes_with_the_report(
    workspace, tmp_path, monkeypatch, capsys
):
    many = [("", "", citizen_id(f"1{n:011d}"), "2") for n in range(1, 1203)]
    path = household_file(tmp_path / "many.csv", many)
    prepared, info = import_file(workspace, "bmn", path, year=2566)
    assert info is None and prepared.report.truncated
    full = Path(prepared.report.full_path)
    assert full.parent.parent == workspace.root / ".scratch"
    listed = prepared.report.full_frame().query("rule == 'personal_citizen_id'")
    assert len(listed) == 1202 and set(listed["value"]) == {"●●●●"}
    assert b"100000000001" not in full.read_bytes()
    prepared.report.discard()
    assert not full.exists()
    report = tmp_path / "problems.csv"
    assert cia(["import", "bmn", str(path), "-w", str(workspace.root), "--year", "2566", "--report", str(report)]) == 1
    assert len(pd.read_csv(report)) >= 1202
    assert not list((workspace.root / ".scratch").glob("problems-*"))  # the command took it away
