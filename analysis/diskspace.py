"""A full disk said in Thai with the space needed — not DuckDB's IOException with server paths.
The workspace stays as it was: every write goes aside first and is committed by one rename."""

from __future__ import annotations

import errno
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: what an import needs beside its files: the staged rows, the layers and a new generation
IMPORT_SPACE_FACTOR = 3


def is_disk_full(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) is the disk being full."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if "No space left on device" in str(seen) or "Disk quota exceeded" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _size(bytes_: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if bytes_ < 1024 or unit == "TB":
            return f"{bytes_:,.0f} {unit}" if unit == "B" else f"{bytes_:,.1f} {unit}"
        bytes_ /= 1024
    return f"{bytes_:,.1f} TB"


def disk_full(root: Path, need: int):
    from analysis.store_errors import StoreError, said

    try:
        free = shutil.disk_usage(Path(root) if Path(root).exists() else Path(root).parent).free
    except OSError:
        free = 0
    return StoreError(said("store.disk_full", name=Path(root).name, free=_size(free), need=_size(need)))


def files_size(paths) -> int:
    total = 0
    for path in paths:
        try:
            total += Path(path).stat().st_size
        except OSError:
            pass
    return total


@contextmanager
def reported_disk_full(root: Path, need: int) -> Iterator[None]:
    """Turn a full disk inside the block into the Thai refusal (other errors pass unchanged)."""
    try:
        yield
    except Exception as error:
        if is_disk_full(error):
            raise disk_full(root, need) from error
        raise
