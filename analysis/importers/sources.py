"""The files of one import: paths given on the command line or uploaded — single files, folders
(every CSV/XLSX inside) and ZIP archives (extracted into the workspace's scratch folder, with
unsafe members refused)."""

from __future__ import annotations

import shutil
import tempfile
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from analysis.config import settings
from analysis.validation import Report

DATA_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")


def _limits() -> dict:
    return dict(settings()["import"].get("zip", {}))


def _safe_members(archive: zipfile.ZipFile, name: str, report: Report) -> list[zipfile.ZipInfo] | None:
    """Data members of a ZIP, or None (reported) when the archive is unsafe to extract."""
    limits = _limits()
    members = [m for m in archive.infolist() if not m.is_dir()]
    total = sum(m.file_size for m in members)
    packed = sum(max(1, m.compress_size) for m in members)
    for member in members:
        path = PurePosixPath(member.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or (member.external_attr >> 16) & 0o170000 == 0o120000:
            report.add("zip_unsafe", name, value=member.filename)
            return None
    if len(members) > limits.get("max_members", 500) or total > limits.get("max_total_mb", 8192) * 2**20:
        report.add("zip_too_large", name, detail=f"{len(members):,} / {total / 2**20:,.0f} MB")
        return None
    if total / packed > limits.get("max_ratio", 200):
        report.add("zip_too_large", name, detail=f"{total / packed:,.0f}×")
        return None
    return [m for m in members if m.filename.lower().endswith(DATA_SUFFIXES)]


def _extract(path: Path, folder: Path, report: Report, name: str) -> list[tuple[Path, str]]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        report.add("unreadable_file", name, detail=f"not a readable ZIP file ({type(error).__name__})")
        return []
    with archive:
        members = _safe_members(archive, name, report)
        if members is None:
            return []
        found = []
        for number, member in enumerate(sorted(members, key=lambda m: m.filename)):
            shown = PurePosixPath(member.filename.replace("\\", "/")).name
            target = folder / f"{number:04d}-{shown}"
            with archive.open(member) as source, target.open("wb") as out:
                shutil.copyfileobj(source, out, 1 << 20)
            found.append((target, f"{name}/{member.filename}"))
        return found


def expand_into(paths: list[tuple[Path, str]], folder: Path, report: Report) -> list[tuple[Path, str]]:
    """(path on disk, name shown) of every data file the given (path, name) pairs hold: folders
    are searched, ZIPs extracted into ``folder``."""
    found: list[tuple[Path, str]] = []
    for path, name in paths:
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DATA_SUFFIXES)
            if not inside:
                report.add("no_files_found", name)
            found += [(p, str(p.relative_to(path))) for p in inside]
        elif name.lower().endswith(".zip"):
            target = folder / f"zip-{uuid.uuid4().hex[:8]}"
            target.mkdir(parents=True)
            found += _extract(path, target, report, name)
        else:
            found.append((path, name))
    return found


@contextmanager
def expand_sources(paths: list[Path], report: Report) -> Iterator[list[tuple[Path, str]]]:
    """expand_into a temporary folder (outside the workspace), removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="cia-sources-"))
    try:
        yield expand_into([(p, p.name) for p in paths], folder, report)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
