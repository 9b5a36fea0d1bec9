"""The workspace in a backup: state.json and everything it references, taken under the workspace
lock, and put back in place on restore (all or nothing, state.json last: the commit point).

Taking it: under ``Workspace.lock`` (the lock imports, deletions, boundary uploads and register
writes hold while they commit) every file is hard-linked into a staging folder inside the
workspace, which takes a moment even for gigabytes. Committed files are never changed in place
(every writer writes aside and renames), so a link keeps exactly the committed bytes even when an
import commits, and removes the old files, while the archive is still being written.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path
from typing import Any

#: the plans database when it is a SQLite file in the workspace (carried as rows, not as a file)
DB_FILES = ("plans.sqlite", "plans.sqlite-wal", "plans.sqlite-shm", "plans.sqlite-journal")
#: files smaller than this are copied rather than linked (cheap, and safe from any writer)
SMALL = 1 << 20


def _skipped(name: str) -> bool:
    """Working files: the lock, scratch and staging folders, temporary manifests."""
    return name.startswith(".")


def workspace_files(root: Path, state: dict[str, Any]) -> list[Path]:
    """The workspace's files to keep, relative to ``root``: everything except working files, the
    SQLite plans database, area tables of older generations and dataset folders the manifest does
    not list (left by a killed import)."""
    generation = state.get("generation")
    datasets = {d["id"] for d in state.get("datasets", [])}
    found: list[Path] = []
    for folder, dirs, names in os.walk(root):
        here = Path(folder).relative_to(root)
        keep = [d for d in dirs if not _skipped(d)]
        if here == Path("derived"):
            keep = [d for d in keep if d == generation]
        elif here == Path("datasets"):
            keep = [d for d in keep if d in datasets]
        dirs[:] = sorted(keep)
        for name in sorted(names):
            if _skipped(name) or (here == Path(".") and name in DB_FILES):
                continue
            if not Path(folder, name).is_symlink():
                found.append(here / name)
    return found


def snapshot(root: Path, state: dict[str, Any], staging: Path) -> dict[str, Any]:
    """Link (or copy) the workspace's files into ``staging``; call with the workspace lock held."""
    total = 0
    files = workspace_files(root, state)
    for relative in files:
        source, target = root / relative, staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        size = source.stat().st_size
        total += size
        if size < SMALL:
            shutil.copy2(source, target)
            continue
        try:
            os.link(source, target)
        except OSError:  # a file system without hard links: copy
            shutil.copy2(source, target)
    return {
        "generation": state.get("generation"),
        "datasets": [d["id"] for d in state.get("datasets", [])],
        "files": len(files),
        "bytes": total,
    }


def occupied(root: Path) -> list[str]:
    """What a restore would overwrite: the workspace's entries other than working files and the
    SQLite plans database (whose rows are checked separately)."""
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if not _skipped(p.name) and p.name not in DB_FILES)


class Placement:
    """Restored files moved into the workspace; ``undo`` puts the workspace back as it was."""

    def __init__(self, root: Path):
        self.root = root
        self.aside = root / ".scratch" / f"replaced-{uuid.uuid4().hex[:8]}"
        self.moved_in: list[Path] = []
        self.set_aside: list[str] = []

    def place(self, staged: Path) -> None:
        """Move what was there aside, then the restored entries in; state.json last."""
        for name in occupied(self.root):
            self.aside.mkdir(parents=True, exist_ok=True)
            os.replace(self.root / name, self.aside / name)
            self.set_aside.append(name)
        entries = sorted(staged.iterdir(), key=lambda p: p.name == "state.json") if staged.is_dir() else []
        for entry in entries:
            os.replace(entry, self.root / entry.name)
            self.moved_in.append(self.root / entry.name)

    def undo(self) -> None:
        for path in reversed(self.moved_in):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        for name in self.set_aside:
            os.replace(self.aside / name, self.root / name)
        shutil.rmtree(self.aside, ignore_errors=True)

    def finish(self) -> None:
        shutil.rmtree(self.aside, ignore_errors=True)
