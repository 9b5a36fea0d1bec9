"""The files of one import: paths given on the command line or uploaded — single files, folders
(every CSV/XLSX inside) and ZIP archives (extracted into the workspace's scratch folder, with
unsafe members refused)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from analysis.readers import ReadError
from analysis.safezip import ZipLimits, ZipRefused, extract_zip
from analysis.scratch import scratch_folder
from analysis.validation import Report

DATA_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")


#: why an archive was refused → the import rule that reports it
_RULE_FOR_REASON = {"unsafe_path": "zip_unsafe", "symlink": "zip_unsafe", "encrypted": "zip_unsafe"}


def refusal(report: Report, name: str, refused: ZipRefused) -> None:
    """Report a refused archive (or XLSX, itself a ZIP) under the import rule for its reason;
    a damaged one is an unreadable file, said without the ZIP library's own words."""
    if refused.reason == "damaged":
        report.add("unreadable_file", name, detail=ReadError("zip").words())
        return
    rule = _RULE_FOR_REASON.get(refused.reason, "zip_too_large")
    report.add(rule, name, detail={"th": refused.message_th, "en": refused.message_en})


def _extract(path: Path, folder: Path, report: Report, name: str) -> list[tuple[Path, str]]:
    try:
        written = extract_zip(path, folder, ZipLimits.for_data_files())
    except ZipRefused as refused:
        refusal(report, name, refused)
        return []
    data = sorted(p for p in written if p.name.lower().endswith(DATA_SUFFIXES))
    if not data:  # an archive of PDFs or photos: said, never "imported nothing" in silence
        report.add("no_files_found", name)
    return [(p, f"{name}/{p.relative_to(folder.resolve()).as_posix()}") for p in data]


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
def expand_sources(
    paths: list[Path], report: Report, workspace_root: Path | None = None
) -> Iterator[list[tuple[Path, str]]]:
    """expand_into a folder of the workspace's scratch (ZIPs hold personal data until read),
    removed afterwards on every exit path."""
    with scratch_folder(workspace_root, "sources") as folder:
        yield expand_into([(p, p.name) for p in paths], folder, report)
