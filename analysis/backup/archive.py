"""The backup file: one ZIP archive with ``manifest.json`` (format, program, Alembic revision, rows
per table, and the size and SHA-256 of every member), the plans database's rows under
``database/`` and the workspace's files under ``workspace/``.

It is written aside and renamed into place (never a half-written backup under the asked name),
readable by its owner only (it holds account names, e-mails and password hashes). Reading checks
everything before anything is restored: a damaged, truncated or edited archive, an unknown member,
a name that would escape the folder, or a format or schema newer than this program is refused.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import uuid
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from analysis.i18n import translate
from analysis.safezip import unsafe_name

FORMAT = "cia-backup"
VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1 << 20
#: already compressed: stored as they are (deflating them again costs time for nothing)
STORED = (".parquet", ".zip", ".png", ".jpg", ".jpeg", ".xlsx", ".pdf")
#: room kept free beside the estimate (the ZIP directory, the file system's own needs)
MARGIN = 16 << 20
NO_SPACE = (errno.ENOSPC, errno.EDQUOT)


class BackupError(RuntimeError):
    """A refused backup or restore; the message is in Thai and English and names the file."""

    def __init__(self, key: str, /, **values: object):
        self.reason = key  # one of data/i18n/*/backup.toml [backup.err]
        self.message_th = translate(f"backup.err.{key}", "th", **values)
        self.message_en = translate(f"backup.err.{key}", "en", **values)
        super().__init__(f"{self.message_th} / {self.message_en}")

    def message(self, lang: str = "th") -> str:
        return self.message_th if lang == "th" else self.message_en


def mb(size: int) -> str:
    return f"{size / 2**20:,.1f}"


def free_space(folder: Path) -> int:
    """Free bytes on the file system of ``folder`` (or of its nearest existing parent)."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return shutil.disk_usage(folder).free


def check_space(folder: Path, needed: int, path: Path) -> None:
    free = free_space(folder)
    if needed + MARGIN > free:
        raise BackupError("no_space", path=path, need=mb(needed + MARGIN), free=mb(free))


def _files(staging: Path) -> list[Path]:
    return sorted(p for p in staging.rglob("*") if p.is_file())


def write(staging: Path, manifest: dict[str, Any], target: Path) -> int:
    """Write the archive of everything in ``staging`` to ``target`` (aside, then renamed); returns
    its size. Not enough space, before or while writing, is a BackupError and leaves nothing."""
    files = _files(staging)
    needed = sum(p.stat().st_size for p in files)
    check_space(target.parent, needed, target)
    partial = target.with_name(f".{target.name}.partial-{uuid.uuid4().hex[:8]}")
    members: dict[str, dict[str, Any]] = {}
    try:
        with zipfile.ZipFile(partial, "w", allowZip64=True) as archive:
            for path in files:
                name = path.relative_to(staging).as_posix()
                members[name] = _add(archive, path, name)
            complete = dict(manifest, members=members)
            archive.writestr(MANIFEST, json.dumps(complete, ensure_ascii=False, indent=1), zipfile.ZIP_DEFLATED)
        os.chmod(partial, 0o600)
        os.replace(partial, target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        if error.errno in NO_SPACE:
            free = mb(free_space(target.parent))
            raise BackupError("no_space", path=target, need=mb(needed + MARGIN), free=free) from error
        raise BackupError("write_failed", path=target, reason=error.strerror or str(error)) from error
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target.stat().st_size


def _add(archive: zipfile.ZipFile, path: Path, name: str) -> dict[str, Any]:
    info = zipfile.ZipInfo(name, datetime.fromtimestamp(path.stat().st_mtime).timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED if path.suffix.lower() in STORED else zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as source, archive.open(info, "w", force_zip64=True) as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return {"size": size, "sha256": digest.hexdigest()}


def open_archive(path: Path, known_revisions: list[str]) -> tuple[zipfile.ZipFile, dict[str, Any]]:
    """The archive and its manifest, or BackupError: missing, not a backup, damaged, or made by a
    newer program (a format or a database revision this program does not know)."""
    if not path.is_file():
        raise BackupError("missing", path=path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise BackupError("damaged", path=path, detail=str(error)) from error
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        archive.close()
        raise BackupError("not_backup", path=path) from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        archive.close()
        raise BackupError("damaged", path=path, detail=f"{MANIFEST}: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        archive.close()
        raise BackupError("not_backup", path=path)
    revision = manifest.get("database", {}).get("revision")
    if (
        not isinstance(manifest.get("version"), int)
        or manifest["version"] > VERSION
        or (revision is not None and revision not in known_revisions)
    ):
        archive.close()
        raise BackupError("wrong_version", path=path, found=manifest.get("version"), schema=revision or "-")
    return archive, manifest


def extract(archive: zipfile.ZipFile, manifest: dict[str, Any], path: Path, folder: Path) -> int:
    """Extract every member into ``folder``, checking each against the manifest (name, size,
    SHA-256) as it is written; the archive's own members must be exactly the manifest's. Returns
    the bytes written; BackupError "damaged" (and ``folder`` removed) otherwise."""
    members = manifest.get("members") or {}
    names = {i.filename for i in archive.infolist()} - {MANIFEST}
    try:
        if names != set(members):
            odd = sorted(names ^ set(members))[:3]
            raise BackupError("damaged", path=path, detail=", ".join(odd))
        written = 0
        for name in sorted(members):
            if unsafe_name(name):
                raise BackupError("damaged", path=path, detail=name)
            written += _extract_one(archive, name, members[name], folder / name, path)
        return written
    except BackupError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        shutil.rmtree(folder, ignore_errors=True)
        if isinstance(error, OSError) and error.errno in NO_SPACE:
            free = mb(free_space(folder.parent))
            raise BackupError("no_space", path=folder, need=mb(archive_size(manifest) + MARGIN), free=free) from error
        raise BackupError("damaged", path=path, detail=str(error)) from error


def _extract_one(archive: zipfile.ZipFile, name: str, expected: dict[str, Any], target: Path, path: Path) -> int:
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with archive.open(name) as source, target.open("wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            if size > int(expected.get("size", -1)):
                raise BackupError("damaged", path=path, detail=name)
            out.write(chunk)
    if size != expected.get("size") or digest.hexdigest() != expected.get("sha256"):
        raise BackupError("damaged", path=path, detail=name)
    return size


def archive_size(manifest: dict[str, Any]) -> int:
    """The bytes the archive's members take once extracted."""
    return sum(int(m.get("size", 0)) for m in (manifest.get("members") or {}).values())
