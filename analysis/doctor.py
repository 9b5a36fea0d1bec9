"""`cia doctor`: what is wrong with a workspace, and the repairs that are safe.

Findings (each with a Thai and English message; ``repairable`` says whether --repair fixes it):
    state_damaged         state.json cannot be read → rebuilt from the datasets' own dataset.json
    dataset_missing       a dataset the manifest lists has no folder → removed from the manifest
    derived_damaged       the current area tables are missing or unreadable → built again
    orphan_dataset        a dataset folder the manifest does not list (e.g. a killed import) → removed
    orphan_staging        a half-written folder left by a killed import or deletion → removed
    orphan_scratch        an import's scratch folder left by a killed import → removed
    old_generation        area tables older than the previous generation → removed
    lock_damaged          `.lock` is not a file → removed (made again by the next write)
    description_damaged   a dataset's dataset.json is unreadable → written again from the manifest
                          (when the manifest cannot be read either, the folder is kept, not removed)
    plans_damaged         the plans database cannot be read → not repaired: restore a backup
    mappings_damaged      mappings.json is damaged → set aside (renamed), mappings are asked again
    register_damaged      a target register is damaged → set aside, to be imported again
    audit_unfinished      an import audited whose dataset never arrived (a killed process) → closed
                          in the audit log as aborted
Scratch folders (imports being prepared, unzipped sources, uploads, problem lists) are listed as
orphan_scratch: they hold users' files until read, and a killed process leaves them behind.
"""

from __future__ import annotations

import shutil

from analysis import doctor_checks as checks
from analysis.datasets import DatasetInfo
from analysis.doctor_checks import Finding
from analysis.generations import DERIVED_TABLES
from analysis.scratch import SCRATCH
from analysis.store import STATE_VERSION, Workspace
from analysis.store_errors import StoreError


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
    findings: list[Finding] = checks.lock_findings(root) + checks.plans_findings(workspace)
    findings += checks.mappings_findings(root) + checks.register_findings(root)
    state = _state(workspace)
    if state is None:
        findings.append(Finding("state_damaged", "state.json"))
        listed: set[str] = set()
    else:
        listed = {d["id"] for d in state["datasets"]}
        findings += [Finding("dataset_missing", f"datasets/{i}") for i in workspace.missing_datasets()]
        if not findings and not _derived_ok(workspace, state):
            findings.append(Finding("derived_damaged", f"derived/{state['generation']}"))
    described = checks.description_findings(root, listed if state is not None else None)
    findings += described
    undescribed = {f.path.split("/")[1] for f in described}
    datasets = root / "datasets"
    for folder in sorted(datasets.iterdir()) if datasets.exists() else []:
        if folder.name.startswith(".staging-"):
            findings.append(Finding("orphan_staging", f"datasets/{folder.name}"))
        elif state is not None and folder.name not in listed:
            # a folder without a readable description may be the only copy of a year: kept
            findings.append(Finding("orphan_dataset", f"datasets/{folder.name}", folder.name not in undescribed))
    derived = root / "derived"
    folders = sorted(derived.iterdir()) if derived.exists() else []
    findings += [Finding("orphan_staging", f"derived/{f.name}") for f in folders if f.name.startswith(".staging-")]
    if state is not None:
        findings += [Finding("old_generation", f"derived/{name}") for name in _old_generations(folders, state)]
    scratch = root / SCRATCH
    for folder in sorted(scratch.iterdir()) if scratch.exists() else []:
        findings.append(Finding("orphan_scratch", f"{SCRATCH}/{folder.name}"))
    if state is not None and not any(f.code == "plans_damaged" for f in findings):
        findings += checks.audit_findings(workspace, state)
    return findings


def _rebuilt_state(workspace: Workspace) -> dict:
    """The manifest again, from each dataset folder's dataset.json (a damaged one is left out,
    its folder kept: doctor names it)."""
    datasets = []
    for folder in sorted((workspace.root / "datasets").glob("*")):
        if folder.is_dir() and not folder.name.startswith(".") and (info := checks.description(folder)) is not None:
            datasets.append(info.to_json())
    datasets.sort(key=lambda d: d["imported_at"])
    return {"version": STATE_VERSION, "generation": None, "datasets": datasets}


def repair(workspace: Workspace) -> list[Finding]:
    """Apply every safe repair; returns what was repaired (findings that cannot be repaired are
    left out). The area tables are built again last."""
    checks.repair_lock(workspace.root)
    findings = diagnose(workspace)
    for finding in findings:
        if finding.code in ("mappings_damaged", "register_damaged"):
            checks.set_aside(workspace.root / finding.path)
    with workspace.lock():
        state = _state(workspace)
        if state is None:
            state = _rebuilt_state(workspace)
        missing = set(workspace.missing_datasets([DatasetInfo(**d) for d in state["datasets"]]))
        state["datasets"] = [d for d in state["datasets"] if d["id"] not in missing]
        listed = {d["id"] for d in state["datasets"]}
        checks.repair_descriptions(workspace, state, findings)
        for finding in findings:
            path = workspace.root / finding.path
            removable = finding.code in ("orphan_staging", "orphan_scratch", "old_generation")
            if removable or (finding.code == "orphan_dataset" and finding.repairable and path.name not in listed):
                shutil.rmtree(path, ignore_errors=True)
        workspace.publish(state, state)  # one generation left: the one just built
    if not any(f.code == "plans_damaged" for f in findings):
        checks.repair_audit(workspace, findings)
    return [f for f in findings if f.repairable]
