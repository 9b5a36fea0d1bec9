"""`cia doctor`: what is wrong with a workspace, and the repairs that are safe.

Findings (each with a Thai and English message; ``repairable`` says whether --repair fixes it):
    state_damaged         state.json cannot be read → rebuilt from the datasets' own dataset.json
    dataset_missing       a dataset the manifest lists has no folder → removed from the manifest
    derived_damaged       the current area tables are missing or unreadable → built again
    orphan_dataset        a dataset folder the manifest does not list (e.g. a killed import) → removed
    orphan_staging        a half-written folder left by a killed import or deletion → removed
    orphan_scratch        an import's scratch folder left by a killed import → removed
    old_generation        area tables older than the previous generation → removed
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass

from analysis.i18n import translate
from analysis.importers.session import SCRATCH
from analysis.store import DATASET_FILE, DERIVED_TABLES, STATE_VERSION, DatasetInfo, StoreError, Workspace


@dataclass(frozen=True)
class Finding:
    code: str
    path: str
    repairable: bool = True

    def message(self, lang: str = "th") -> str:
        return translate(f"doctor.{self.code}", lang, path=self.path)


def _state(workspace: Workspace) -> dict | None:
    try:
        return workspace.state()
    except StoreError:
        return None


def _derived_ok(workspace: Workspace, state: dict) -> bool:
    import duckdb

    if state["generation"] is None:
        return not state["datasets"]
    folder = workspace.root / "derived" / state["generation"]
    try:
        with duckdb.connect() as con:
            for table in DERIVED_TABLES:
                con.execute("SELECT count(*) FROM read_parquet(?)", [str(folder / f"{table}.parquet")]).fetchall()
    except duckdb.Error:
        return False
    return True


def _old_generations(folders: list, state: dict) -> list[str]:
    """Generations older than the previous one (the store keeps the previous one for a reader
    still reading it; generation names sort by the time they were built)."""
    others = sorted(f.name for f in folders if not f.name.startswith(".staging-") and f.name != state["generation"])
    return others[:-1]


def diagnose(workspace: Workspace) -> list[Finding]:
    """Everything doctor would report (nothing is changed)."""
    root = workspace.root
    findings: list[Finding] = []
    state = _state(workspace)
    if state is None:
        findings.append(Finding("state_damaged", "state.json"))
        listed: set[str] = set()
    else:
        listed = {d["id"] for d in state["datasets"]}
        findings += [Finding("dataset_missing", f"datasets/{i}") for i in workspace.missing_datasets()]
        if not findings and not _derived_ok(workspace, state):
            findings.append(Finding("derived_damaged", f"derived/{state['generation']}"))
    datasets = root / "datasets"
    for folder in sorted(datasets.iterdir()) if datasets.exists() else []:
        if folder.name.startswith(".staging-"):
            findings.append(Finding("orphan_staging", f"datasets/{folder.name}"))
        elif state is not None and folder.name not in listed:
            findings.append(Finding("orphan_dataset", f"datasets/{folder.name}"))
    derived = root / "derived"
    folders = sorted(derived.iterdir()) if derived.exists() else []
    findings += [Finding("orphan_staging", f"derived/{f.name}") for f in folders if f.name.startswith(".staging-")]
    if state is not None:
        findings += [Finding("old_generation", f"derived/{name}") for name in _old_generations(folders, state)]
    scratch = root / SCRATCH
    for folder in sorted(scratch.iterdir()) if scratch.exists() else []:
        findings.append(Finding("orphan_scratch", f"{SCRATCH}/{folder.name}"))
    return findings


def _rebuilt_state(workspace: Workspace) -> dict:
    """The manifest again, from each dataset folder's dataset.json."""
    datasets = []
    for path in sorted((workspace.root / "datasets").glob(f"*/{DATASET_FILE}")):
        if path.parent.name.startswith("."):
            continue
        datasets.append(DatasetInfo(**json.loads(path.read_text(encoding="utf-8"))).to_json())
    datasets.sort(key=lambda d: d["imported_at"])
    return {"version": STATE_VERSION, "generation": None, "datasets": datasets}


def repair(workspace: Workspace) -> list[Finding]:
    """Apply every safe repair; returns what was repaired. The area tables are built again last."""
    findings = diagnose(workspace)
    with workspace.lock():
        state = _state(workspace)
        if state is None:
            state = _rebuilt_state(workspace)
        missing = set(workspace.missing_datasets([DatasetInfo(**d) for d in state["datasets"]]))
        state["datasets"] = [d for d in state["datasets"] if d["id"] not in missing]
        listed = {d["id"] for d in state["datasets"]}
        for finding in findings:
            path = workspace.root / finding.path
            removable = finding.code in ("orphan_staging", "orphan_scratch", "old_generation")
            if removable or (finding.code == "orphan_dataset" and path.name not in listed):
                shutil.rmtree(path, ignore_errors=True)
        generation, _ = workspace._build_generation(state)
        state["generation"] = generation
        workspace._write_state(state)
        workspace._cleanup(state, state)
    return findings
