"""No personal value reaches the workspace: after importing a file full of names, citizen ids,
phones and addresses (some under headers that say so, some under headers that do not), every
Parquet, JSON, CSV and SQLite file of the workspace is read back and searched for each value."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import duckdb

from analysis.importers.pipeline import import_file


def citizen_id(first12: str) -> str:
    """A 13-digit Thai id with its check digit (the last digit is 11 − Σ dᵢ·(13 − i) mod 11, mod 10)."""
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


PEOPLE = [
    ("นายสมชาย ใจดี", citizen_id("310010000012"), "0812345678", "12/3 ถนนสายหลัก"),
    ("นางสาวมาลี มีสุข", citizen_id("310010000045"), "089-765-4321", "99 หมู่ 1 ซอยวัด"),
    ("นางบุญมา ทองคำ", citizen_id("310010000078"), "+66 81 555 0000", "7 ถนนเลียบคลอง"),
]


def personal_file(path: Path) -> None:
    # "หมายเหตุ" and "ติดต่อ" say nothing personal: their values give them away
    lines = ["รหัสหมู่บ้าน,รหัสบ้าน,ชื่อ-สกุล,เลขบัตรประชาชน,เบอร์โทรศัพท์,ที่อยู่,หมายเหตุ,ติดต่อ,จำนวนสมาชิก,ข้อ 4"]
    for number, (name, cid, phone, address) in enumerate(PEOPLE, start=1):
        lines.append(f"31010101,{number},{name},{cid},{phone},{address},{cid},{name},3,1")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def workspace_text(root: Path) -> str:
    """Every value the workspace holds, as text: Parquet cells, SQLite rows, and other files."""
    parts = []
    with duckdb.connect() as con:
        for path in sorted(root.rglob("*")):
            if not path.is_file():
                continue
            if path.suffix == ".parquet":
                rows = con.execute("SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
                parts += [str(cell) for row in rows for cell in row]
            elif path.suffix == ".sqlite":
                with sqlite3.connect(path) as db:
                    parts += list(db.iterdump())
            elif not path.name.endswith(("-shm", "-wal", ".lock")):
                parts.append(path.read_bytes().decode("utf-8", errors="ignore"))
    return "\n".join(parts)


def test_no_personal_value_is_stored_anywhere_in_the_workspace(workspace, tmp_path):
    path = tmp_path / "households.csv"
    personal_file(path)
    prepared, info = import_file(workspace, "bmn", path, year=2564)
    assert info is not None, [p.message_en for p in prepared.report.problems]
    assert sorted(prepared.mapping.personal) == sorted(
        ["ชื่อ-สกุล", "เลขบัตรประชาชน", "เบอร์โทรศัพท์", "ที่อยู่", "หมายเหตุ", "ติดต่อ"]
    )
    stored = workspace_text(workspace.root)
    assert "31010101" in stored  # the search does see the stored cells
    for name, cid, phone, address in PEOPLE:
        for value in (name, name.split()[-1], cid, phone, phone.replace("-", ""), address):
            assert value not in stored, value
    households = workspace.dataset_dir(info.id) / "households.parquet"
    with duckdb.connect() as con:
        columns = [c for (c, *_) in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(households)]).fetchall()]
    assert columns[:5] == ["year", "village_code", "household_id", "members", "income"]
    assert not {"name", "citizen_id", "phone", "address"} & set(columns)
