"""Temporary work lives inside the workspace's scratch folder, never in the system's temporary
folder: files users send hold names, citizen ids and phones until they are read, and a process
killed mid-way must not leave them where `cia doctor` cannot see them. Each piece of work gets its
own folder, removed when the work ends on every exit path; what a killed process leaves is listed
by `cia doctor` and removed by `cia doctor --repair` (or after a day by the next import).
"""

from __future__ import annotations

import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SCRATCH = ".scratch"


def scratch_root(workspace_root: Path) -> Path:
    return Path(workspace_root) / SCRATCH


def new_scratch_folder(workspace_root: Path | None, prefix: str) -> Path:
    """A new folder for one piece of temporary work (the caller removes it); in the system's
    temporary folder only when no workspace is known (reading a file outside any workspace)."""
    if workspace_root is None:
        return Path(tempfile.mkdtemp(prefix=f"cia-{prefix}-"))
    folder = scratch_root(workspace_root) / f"{prefix}-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
    try:
        folder.mkdir(parents=True)
    except PermissionError as error:
        from analysis.store_errors import read_only

        raise read_only(Path(workspace_root)) from error
    return folder


@contextmanager
def scratch_folder(workspace_root: Path | None, prefix: str) -> Iterator[Path]:
    """``new_scratch_folder``, removed when the block ends (normally or not)."""
    folder = new_scratch_folder(workspace_root, prefix)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
