"""Temporary work and the audit log when a process dies (issue 21, finding 3): a ZIP import killed
mid-way leaves its unzipped raw file in the workspace's scratch folder — never in the system's
temporary folder — where `cia doctor` lists it and `--repair` removes it; the audit row of an
import is written before the workspace changes, and one left by a killed import is closed as
aborted by `cia doctor --repair`."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

from analysis.auth.guard import record_data_event
from analysis.auth.roles import local_actor
from analysis.cli import main as cia
from analysis.doctor import diagnose
from analysis.importers.committing import plans_url
from analysis.importers.pipeline import import_file
from analysis.plans.service import PlanStore
from analysis.store import Workspace

HH = "รหัสหมู่บ้าน,ชื่อหัวหน้าครัวเรือน,เบอร์โทร,รหัสบ้าน,จำนวนสมาชิก,ข้อ 4\n"
RUN_CIA = "import sys; from analysis.cli import main; raise SystemExit(main(sys.argv[1:]))"


def big_zip(path: Path, rows: int) -> Path:
    lines = (f"310101{n % 50:02d},นายสมชาย ใจดี{n},08{n % 10**8:08d},{n},3,1" for n in range(rows))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bmn_2566.csv", HH + "\n".join(lines) + "\n")
    path.write_bytes(buffer.getvalue())
    return path


def test_a_killed_zip_import_leaves_its_raw_file_only_where_doctor_sees_it(tmp_path):
    workspace = Workspace(tmp_path / "ws")
    system_tmp = tmp_path / "system-tmp"
    system_tmp.mkdir()
    archive = big_zip(tmp_path / "bmn.zip", 600_000)
    env = {**os.environ, "TMPDIR": str(system_tmp), "PYTHONUNBUFFERED": "1"}
    command = [
        sys.executable,
        "-c",
        RUN_CIA,
        "import",
        "bmn",
        str(archive),
        "-w",
        str(workspace.root),
        "--year",
        "2566",
    ]
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        for line in process.stderr:  # past 0 %: the archive is unzipped, its rows being read
            if "%]" in line and "[  0%]" not in line:
                break
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=60)
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    left_in_system_tmp = [p.name for p in system_tmp.rglob("*")]
    assert not [name for name in left_in_system_tmp if name.startswith("cia-") or name.endswith(".csv")]
    raw = list((workspace.root / ".scratch").glob("sources-*/zip-*/bmn_2566.csv"))
    assert len(raw) == 1  # where `cia doctor` looks
    codes = {(f.code, f.path.split("/")[1].split("-")[0]) for f in diagnose(workspace)}
    assert ("orphan_scratch", "sources") in codes
    assert cia(["doctor", "-w", str(workspace.root), "--repair"]) == 0
    assert not raw[0].exists() and not workspace.datasets()


def test_the_audit_row_is_written_before_the_workspace_changes(tmp_path, monkeypatch):
    workspace = Workspace(tmp_path / "ws")
    seen = []
    original = Workspace._write_state

    def write_state(self, state):
        seen.append(PlanStore(plans_url(workspace)).audit_log("dataset")[["action", "entity_key"]].values.tolist())
        original(self, state)

    monkeypatch.setattr(Workspace, "_write_state", write_state)
    path = tmp_path / "a.csv"
    path.write_text("รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,ข้อ 4\n31010101,1,2,1\n", encoding="utf-8")
    prepared, info = import_file(workspace, "bmn", path, year=2566)
    assert info is not None
    assert seen == [[["import", info.id]]]  # already in the log when state.json was replaced


def test_doctor_closes_an_import_audited_but_never_committed(tmp_path, capsys):
    workspace = Workspace(tmp_path / "ws")
    path = tmp_path / "a.csv"
    path.write_text("รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,ข้อ 4\n31010101,1,2,1\n", encoding="utf-8")
    _, kept = import_file(workspace, "bmn", path, year=2566)
    url = plans_url(workspace)
    # what a process killed between its audit row and the state.json rename leaves behind
    record_data_event(url, local_actor("somchai"), "import", "2566-bmn-20261207000000-dead00", "bmn 2566 b.csv")
    found = [(f.code, f.path) for f in diagnose(workspace) if f.code == "audit_unfinished"]
    assert found == [("audit_unfinished", "2566-bmn-20261207000000-dead00")]
    assert cia(["doctor", "-w", str(workspace.root), "--repair"]) == 0
    assert "ยกเลิก" in capsys.readouterr().out
    audit = PlanStore(url).audit_log("dataset")
    assert audit.iloc[0][["action", "entity_key", "actor"]].tolist() == [
        "aborted",
        "2566-bmn-20261207000000-dead00",
        "cia doctor",
    ]
    assert [f.code for f in diagnose(workspace)] == []
    assert [d.id for d in workspace.datasets()] == [kept.id]
