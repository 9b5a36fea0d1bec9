"""`cia doctor`'s checks beyond the manifest and the area tables: the lock file, each dataset's
own description, the plans database, the remembered mappings, the target registers and the audit
log's unfinished writes. Each check returns Findings; each repair changes only what it names and
sets damaged files aside (renamed, never deleted), so nothing is lost by repairing.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from analysis.auth.guard import record_data_event
from analysis.auth.roles import system_actor
from analysis.datasets import DATASET_FILE, DatasetInfo, safe_name
from analysis.db.engine import database_url, engine_for
from analysis.i18n import translate
from analysis.plans.service import PlanStore
from analysis.store import Workspace
from analysis.store_errors import StoreError

#: the audit events that close an import's row: the dataset went (or never came) on purpose
CLOSING = ("aborted", "delete")


@dataclass(frozen=True)
class Finding:
    code: str
    path: str
    repairable: bool = True

    def message(self, lang: str = "th") -> str:
        return translate(f"doctor.{self.code}", lang, path=self.path)


def set_aside(path: Path) -> Path:
    """Rename a damaged file out of the way (kept beside it, with the time it was set aside)."""
    target = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d%H%M%S')}")
    path.rename(target)
    return target


def lock_findings(root: Path) -> list[Finding]:
    lock = root / ".lock"
    return [Finding("lock_damaged", ".lock")] if lock.exists() and not lock.is_file() else []


def repair_lock(root: Path) -> None:
    lock = root / ".lock"
    if lock.is_dir() and not lock.is_symlink():
        shutil.rmtree(lock)
    elif lock.exists() and not lock.is_file():
        lock.unlink()


def description(folder: Path) -> DatasetInfo | None:
    """A dataset folder's own description, or None when it is unreadable or names another folder."""
    try:
        info = DatasetInfo(**json.loads((folder / DATASET_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
    return info if info.id == folder.name and safe_name(info.id) else None


def description_findings(root: Path, listed: set[str] | None) -> list[Finding]:
    """Dataset folders whose dataset.json is damaged: repairable from the manifest when it lists them."""
    datasets = root / "datasets"
    findings = []
    for folder in sorted(datasets.iterdir()) if datasets.exists() else []:
        named = listed is not None and folder.name in listed
        if not folder.is_dir() or folder.name.startswith(".") or not ((folder / DATASET_FILE).exists() or named):
            continue  # a folder no import finished and nothing lists: an orphan (see doctor.diagnose)
        if description(folder) is None:
            repairable = named
            findings.append(Finding("description_damaged", f"datasets/{folder.name}/{DATASET_FILE}", repairable))
    return findings


def repair_descriptions(workspace: Workspace, state: dict, findings: list[Finding]) -> None:
    by_id = {d["id"]: d for d in state["datasets"]}
    for finding in findings:
        if finding.code == "description_damaged" and finding.repairable:
            folder = workspace.root / Path(finding.path).parent
            text = json.dumps(by_id[folder.name], ensure_ascii=False, indent=1)
            (folder / DATASET_FILE).write_text(text, encoding="utf-8")


def plans_findings(workspace: Workspace) -> list[Finding]:
    url = database_url(workspace.root)
    local = url.removeprefix("sqlite:///")
    if url.startswith("sqlite:///") and not Path(local).exists():
        return []
    try:
        engine_for(url)
    except StoreError:
        shown = Path(local).name if url.startswith("sqlite:///") else "CIA_DATABASE_URL"
        return [Finding("plans_damaged", shown, repairable=False)]
    return []


def mappings_findings(root: Path) -> list[Finding]:
    path = root / "mappings.json"
    if not path.exists():
        return []
    try:
        if isinstance(json.loads(path.read_text(encoding="utf-8")), dict):
            return []
    except (OSError, ValueError):
        pass
    return [Finding("mappings_damaged", "mappings.json")]


def register_findings(root: Path) -> list[Finding]:
    import duckdb

    folder = root / "registers"
    findings = []
    for path in sorted(folder.glob("*.parquet")) if folder.exists() else []:
        try:
            with duckdb.connect() as con:
                con.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchall()
        except duckdb.Error:
            findings.append(Finding("register_damaged", f"registers/{path.name}"))
    return findings


def _closed_keys(audit) -> set[str]:
    """Dataset ids whose going is recorded: deleted, aborted, replaced, or removed by a reset."""
    closed = set(audit.loc[audit["action"].isin(CLOSING), "entity_key"].dropna())
    for changes, summary in zip(audit["changes"], audit["summary"], strict=True):
        changes = changes if isinstance(changes, dict) else {}
        closed.update(changes.get("replaced_datasets", []), changes.get("removed_datasets", []))
        if "replaces " in (summary or ""):  # rows written before the changes named them
            closed.update(part.strip(" )") for part in summary.split("replaces ", 1)[1].split(","))
    return closed


def audit_findings(workspace: Workspace, state: dict) -> list[Finding]:
    """Imports audited whose dataset never arrived and whose going is not recorded (a process
    killed between the audit row and the commit)."""
    try:
        audit = PlanStore(database_url(workspace.root)).audit_log("dataset")
    except StoreError:
        return []  # said by plans_findings
    if audit.empty:
        return []
    started = set(audit.loc[audit["action"].isin(("import", "replace")), "entity_key"].dropna())
    present = {d["id"] for d in state["datasets"]}
    return [Finding("audit_unfinished", key) for key in sorted(started - present - _closed_keys(audit))]


def repair_audit(workspace: Workspace, findings: list[Finding]) -> None:
    url = database_url(workspace.root)
    for finding in findings:
        if finding.code == "audit_unfinished":
            closed_by = system_actor("cia doctor")
            record_data_event(url, closed_by, "aborted", finding.path, "cia doctor", {"aborted": "killed"})
