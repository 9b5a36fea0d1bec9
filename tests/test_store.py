"""The workspace store: all-or-nothing imports and deletions."""

import hashlib

import pytest

from analysis.importers.committing import plans_url
from analysis.importers.pipeline import import_file
from analysis.plans.service import PlanStore
from analysis.store import Workspace
from analysis.store_errors import StoreError
from tests.conftest import write

HH = "รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,ข้อ 4\n"


def snapshot(workspace: Workspace) -> dict[str, str]:
    """Every file in the workspace with its content hash."""
    return {
        str(p.relative_to(workspace.root)): hashlib.sha1(p.read_bytes()).hexdigest()
        for p in sorted(workspace.root.rglob("*"))
        # SQLite's shared-memory index (-shm) is rewritten by readers: it holds no data
        if p.is_file() and p.name != ".lock" and not p.name.endswith("-shm")
    }


@pytest.fixture
def one_import(workspace, tmp_path):
    _, info = import_file(workspace, "bmn", write(tmp_path / "a.csv", HH + "31010101,1,2,1\n31010101,2,3,0"), year=2564)
    assert info is not None
    return info


@pytest.mark.parametrize("failing_step", ["build", "state"])
def test_a_failed_import_leaves_the_workspace_exactly_as_it_was(
    workspace, tmp_path, one_import, monkeypatch, failing_step
):
    before = snapshot(workspace)
    if failing_step == "build":
        monkeypatch.setattr(
            "analysis.generations.write_area_tables", lambda con, folder: (_ for _ in ()).throw(OSError("disk full"))
        )
    else:
        monkeypatch.setattr(Workspace, "_write_state", lambda self, state: (_ for _ in ()).throw(OSError("disk full")))
    path = write(tmp_path / "b.csv", HH + "31010201,1,2,1")
    with pytest.raises(OSError, match="disk full"):
        import_file(workspace, "bmn", path, year=2564)
    data = lambda files: {k: v for k, v in files.items() if not k.startswith("plans.sqlite")}  # noqa: E731
    assert data(snapshot(workspace)) == data(before)
    assert [d.id for d in workspace.datasets()] == [one_import.id]
    # the audit row is written before the workspace changes; the failure closes it as aborted
    audit = PlanStore(plans_url(workspace)).audit_log("dataset")
    assert audit["action"].tolist()[:2] == ["aborted", "import"]
    assert audit["entity_key"].iloc[0] == audit["entity_key"].iloc[1] != one_import.id


def test_an_import_with_errors_writes_nothing(workspace, tmp_path, one_import):
    before = snapshot(workspace)
    prepared, info = import_file(workspace, "bmn", write(tmp_path / "bad.csv", HH + "31010201,1,0,1"), year=2564)
    assert info is None and prepared.report.has_errors
    assert snapshot(workspace) == before


def test_delete_rebuilds_area_tables_and_removes_files(workspace, tmp_path, one_import):
    _, second = import_file(workspace, "bmn", write(tmp_path / "c.csv", HH + "31010201,1,2,0"), year=2564)
    assert workspace.read("area_indicator", "area_code = '31'")["applicable"].tolist() == [3]
    workspace.delete(one_import.id)
    assert [d.id for d in workspace.datasets()] == [second.id]
    assert not workspace.dataset_dir(one_import.id).exists()
    assert workspace.read("area_indicator", "area_code = '31'")[["applicable", "fail"]].values.tolist() == [[1, 1]]
    with pytest.raises(StoreError):
        workspace.delete("no-such-dataset")


def test_only_the_current_and_previous_generations_are_kept(workspace, tmp_path, one_import):
    for n in range(3):
        import_file(workspace, "bmn", write(tmp_path / f"{n}.csv", HH + f"3101020{n + 1},1,2,0"), year=2564)
    generations = sorted(p.name for p in (workspace.root / "derived").iterdir())
    assert len(generations) == 2 and workspace.generation in generations


def test_the_uploaded_file_is_not_kept_only_its_description(workspace, tmp_path, one_import):
    # the original upload may hold names and citizen ids (PDPA): only the layers are stored
    stored = sorted(p.name for p in workspace.dataset_dir(one_import.id).iterdir())
    assert stored == [
        "dataset.json",  # the dataset's description, from which doctor rebuilds a lost state.json
        "households.parquet",
        "leaf_counts.parquet",
        "leaf_domain.parquet",
        "leaf_summary.parquet",
        "villages.parquet",
    ]
    assert one_import.meta["files"] == [{"name": "a.csv", "rows": 2, "encoding": "UTF-8", "header_row": 1}]
    assert not (workspace.root / ".scratch").exists() or not any((workspace.root / ".scratch").iterdir())


def test_empty_workspace_reads_empty_tables(workspace):
    assert workspace.read("area_indicator").empty
    assert "pct_fail" in workspace.read("area_indicator").columns
    assert workspace.datasets() == []


def test_the_register_is_built_again_after_an_import_or_new_custom_areas(workspace, tmp_path, one_import):
    import os

    first = workspace.register()
    assert workspace.register() is first  # the same generation: built once
    assert "31010102" not in first
    _, info = import_file(workspace, "bmn", write(tmp_path / "b.csv", HH + "31010102,1,2,1"), year=2564)
    assert info is not None
    second = workspace.register()
    assert second is not first and "31010102" in second  # a new generation: its villages are in
    custom = workspace.root / "areas" / "custom_areas.csv"
    custom.parent.mkdir(exist_ok=True)
    custom.write_text(
        "area_code,level,name_th,name_en,parent_code,source\n990001,tambon,ตำบลทดสอบ,Test,9900,custom\n",
        encoding="utf-8",
    )
    os.utime(custom, ns=(1, 1))  # any change of the file's time counts
    third = workspace.register()
    assert third is not second and third.name("990001") == "ตำบลทดสอบ"


def test_area_tables_are_built_within_the_memory_setting(workspace, tmp_path, monkeypatch):
    import duckdb

    limits = []
    real_connect = duckdb.connect

    def connect(*args, config=None, **kwargs):
        limits.append((config or {}).get("memory_limit"))
        return real_connect(*args, config=config or {}, **kwargs)

    monkeypatch.setattr("analysis.generations.memory_limit_mb", lambda: 64)
    monkeypatch.setattr("analysis.generations.duckdb.connect", connect)
    _, info = import_file(workspace, "bmn", write(tmp_path / "a.csv", HH + "31010101,1,2,1\n31010101,2,3,0"), year=2564)
    assert info is not None and "64MB" in limits
    row = workspace.rows("area_indicator", area="310101", indicator="4").iloc[0]
    assert (row["applicable"], row["pass"], row["fail"]) == (2, 1, 1)
    assert not [p for p in (workspace.root / ".scratch").glob("*-spill")]  # the spill folder is removed
