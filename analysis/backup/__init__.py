"""Backups an office can restore: ``cia backup FILE`` and ``cia restore FILE`` (README "Backup").

One archive holds the plans database (its rows, read from one consistent snapshot: database.py)
and the workspace (state.json and what it references, taken under the workspace lock: files.py),
in a ZIP with a manifest of checksums (archive.py). A backup may be taken while the server runs
and while an import runs: it waits for an import's commit, never sees half of one, and leaves the
workspace untouched. A restore goes onto an empty workspace and an empty database (``replace``
overwrites a non-empty one), checks the whole archive first, and changes nothing when it fails.
"""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from analysis.auth.roles import Actor
from analysis.backup import database, files
from analysis.backup.archive import FORMAT, VERSION, BackupError, archive_size, check_space, extract, open_archive
from analysis.backup.archive import write as write_archive
from analysis.db.audit import write_audit
from analysis.db.engine import migrate, session_scope
from analysis.store import Workspace
from analysis.store_errors import StoreError


@dataclass(frozen=True)
class Summary:
    path: Path
    size: int
    datasets: int
    accounts: int
    rows: int
    created_at: str


def _program() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"cia-dashboard {version('cia-dashboard')}"
    except PackageNotFoundError:
        return "cia-dashboard"


def _staging(workspace: Workspace, kind: str) -> Path:
    return workspace.root / ".scratch" / f"{kind}-{uuid.uuid4().hex[:8]}"


def _summary(path: Path, size: int, manifest: dict[str, Any]) -> Summary:
    tables = manifest["database"]["tables"]
    return Summary(
        path,
        size,
        len(manifest["workspace"]["datasets"]),
        tables.get("accounts", {}).get("rows", 0),
        sum(t["rows"] for t in tables.values()),
        manifest["created_at"],
    )


def take_backup(workspace: Workspace, url: str, target: Path, actor: Actor) -> Summary:
    """Write one consistent archive of the plans database at ``url`` and ``workspace`` to ``target``."""
    target = Path(target).expanduser().resolve()
    if not target.parent.is_dir():
        raise BackupError("write_failed", path=target, reason="folder not found / ไม่พบโฟลเดอร์")
    staging = _staging(workspace, "backup")
    try:
        with workspace.lock():  # an import's commit finishes first; none starts until the links are made
            state = workspace.state()  # a damaged manifest is refused here (cia doctor)
            if missing := workspace.missing_datasets():
                raise StoreError(f"missing datasets {missing} / ไม่พบโฟลเดอร์ของชุดข้อมูล: cia doctor")
            try:
                db = database.dump(url, staging / "database")
            except database.UnsupportedDatabase as error:
                raise BackupError("unsupported_db", dialect=error.dialect) from error
            except SQLAlchemyError as error:  # the server went away, a damaged file
                raise BackupError("db_read_failed", reason=_first_line(error)) from error
            ws = files.snapshot(workspace.root, state, staging / "workspace")
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "program": _program(),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "created_by": actor.name,
            "database": db,
            "workspace": ws,
        }
        size = write_archive(staging, manifest, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _audit(url, actor, "backup", target, manifest)
    return _summary(target, size, manifest)


def restore(archive_path: Path, workspace: Workspace, url: str, actor: Actor, replace: bool = False) -> Summary:
    """Bring back every dataset, plan, account and audit entry of the archive onto ``workspace``
    and the plans database at ``url``, both empty unless ``replace``; all or nothing."""
    archive_path = Path(archive_path).expanduser().resolve()
    archive, manifest = open_archive(archive_path, database.revisions())
    with archive:
        if not replace:
            _refuse_occupied(workspace, url)
        check_space(workspace.root, archive_size(manifest), workspace.root)
        staging = _staging(workspace, "restore")
        try:
            with workspace.lock():
                extract(archive, manifest, archive_path, staging)
                placement = files.Placement(workspace.root)
                try:
                    placement.place(staging / "workspace")
                    _restore_rows(url, staging / "database", manifest["database"])
                except BaseException:
                    placement.undo()
                    raise
                placement.finish()
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    _audit(url, actor, "restore", archive_path, manifest)
    return _summary(archive_path, archive_path.stat().st_size, manifest)


def _refuse_occupied(workspace: Workspace, url: str) -> None:
    found = files.occupied(workspace.root)
    try:
        rows = {t: n for t, n in database.row_counts(url).items() if n and t not in database.SKIPPED}
    except database.UnsupportedDatabase as error:
        raise BackupError("unsupported_db", dialect=error.dialect) from error
    except SQLAlchemyError as error:
        raise BackupError("db_failed", reason=_first_line(error)) from error
    if found or rows:
        what = ", ".join(
            [*(f"{workspace.root}/{name}" for name in found[:3]), *(f"{t} ({n})" for t, n in rows.items())]
        )
        raise BackupError("not_empty", what=what[:300])


def _restore_rows(url: str, folder: Path, manifest: dict[str, Any]) -> None:
    """The archive's rows into the database: schema at the archive's revision, rows in one
    transaction, then the newest schema (the same migrations the server runs at start-up)."""
    try:
        database.move_schema(url, manifest["revision"])
        database.load(url, folder, manifest)
        migrate(url)
    except BackupError:
        raise
    except Exception as error:
        raise BackupError("db_failed", reason=_first_line(error)) from error


def _first_line(error: BaseException) -> str:
    """What the database said, without SQLAlchemy's statement and parameters."""
    return (str(getattr(error, "orig", None) or error).splitlines() or ["?"])[0][:300]


def _audit(url: str, actor: Actor, action: str, path: Path, manifest: dict[str, Any]) -> None:
    """The audit log records who took or restored which backup (it holds every account)."""
    details = {"file": path.name, "created_at": manifest["created_at"], "revision": manifest["database"]["revision"]}
    with session_scope(url) as session:
        write_audit(session, actor, action, "backup", 0, f"{action} {path.name}", details, entity_key=path.name[:100])
