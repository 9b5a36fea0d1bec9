"""Writing a prepared import into the workspace, and deleting a dataset — the authorised steps.

The actor is checked early (``may_import``: may they import data anywhere?) and again by the
guard on every area the write creates, changes or removes (analysis/importers/guarded.py); the
audit row is written before the workspace changes. Preparing an import (pipeline.py) authorises
nothing: it writes only to its own scratch folder.
"""

from __future__ import annotations

from pathlib import Path

from analysis.auth import check_action
from analysis.auth.guard import marked_shared, shared_by_setting
from analysis.datasets import DatasetInfo
from analysis.db.engine import database_url
from analysis.diskspace import files_size, reported_disk_full
from analysis.importers.common import Prepared, discard
from analysis.importers.guarded import guarded
from analysis.mapping import remember_mapping
from analysis.store import Progress, Workspace, no_progress
from analysis.store_errors import StoreError


def plans_url(workspace: Workspace) -> str:
    """The database of the workspace's accounts, plans and audit log."""
    return database_url(workspace.root)


def may_import(workspace: Workspace, actor) -> None:
    """Refuse early (PermissionDenied) an actor who may not import data anywhere. A workspace
    with no plans database yet has no accounts: nothing to check, and nothing is created."""
    url = plans_url(workspace)
    database_absent = url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists()
    if database_absent and not shared_by_setting() and not marked_shared(url):
        return
    check_action(url, actor, "import_data")


def commit_import(
    workspace: Workspace,
    prepared: Prepared,
    replace: bool = False,
    demo: bool = False,
    progress: Progress = no_progress,
    remember: bool = True,
    actor=None,
    remove: list[str] | None = None,
) -> DatasetInfo:
    """Commit a prepared import: refused (StoreError) when the report has errors; (PermissionDenied)
    unless ``actor`` may import data for every area the write creates, changes or removes; and
    (RemovalNotConfirmed) when replacing removes areas absent from the new files that ``remove``
    (area codes the user confirmed) does not name. The audit log records the import — with every
    area it removes — before the workspace changes (see ``guarded``)."""
    if prepared.report.has_errors or not prepared.layers or prepared.folder is None:
        raise StoreError("การนำเข้ามีข้อผิดพลาด จึงไม่บันทึก / the import has errors and was not written")
    url = plans_url(workspace)
    current = check_action(url, actor, "import_data")
    replaced_word = "replace" if replace else "import"
    summary = f"{prepared.kind} {prepared.year} {prepared.file}"
    need = files_size(prepared.layers.values()) * 2  # the layers move (a rename), the area tables are new
    guard_block = guarded(workspace, url, current, replaced_word, summary, remove, prepared.file, prepared.sent_codes)
    with guard_block as guard, reported_disk_full(workspace.root, need):
        info = workspace.commit(
            kind=prepared.kind,
            catalog_id=prepared.catalog.id,
            year=int(prepared.year),
            file_name=prepared.file,
            layers=prepared.layers,
            meta=prepared.meta,
            replace=replace,
            demo=demo,
            progress=progress,
            guard=guard,
        )
    discard(prepared)
    if remember and prepared.mapping is not None and prepared.headers:
        remember_mapping(workspace.root, prepared.headers[0], prepared.mapping)
    return info


def delete_dataset(workspace: Workspace, dataset_id: str, actor=None, progress: Progress = no_progress) -> None:
    """Delete a dataset (all or nothing): only an actor allowed to delete data in every area it
    holds; the audit log records the deletion, with its areas, before the workspace changes."""
    info = workspace.dataset(dataset_id)
    url = plans_url(workspace)
    current = check_action(url, actor, "delete_data")
    summary = f"{info.kind} {info.year} {info.file_name}"
    with guarded(workspace, url, current, "delete", summary, None, info.file_name) as guard:
        workspace.delete(dataset_id, progress=progress, guard=guard)
