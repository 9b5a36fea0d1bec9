"""ZIP uploads opened safely: member names that escape the folder (``..``, absolute paths, drive
letters), symbolic links, encrypted members, too many members, and expansion bombs (a total size or
a compression ratio over the limits in data/settings.toml ``[uploads]``) are refused with a
Thai/English message before anything is written. Sizes declared in the archive are not trusted:
extraction counts the bytes really written and stops (removing what it wrote) when they lie.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from analysis.config import settings
from analysis.i18n import translate

#: members smaller than this are not ratio-checked (a small file of zeros compresses very well)
RATIO_FLOOR = 1 << 20
CHUNK = 1 << 16
_DRIVE = re.compile(r"^[A-Za-z]:")


class ZipRefused(ValueError):
    """An archive refused before (or while) extracting it; the message is in Thai and English."""

    def __init__(self, reason: str, **values: object):
        self.reason = reason
        self.message_th = translate(f"zip.{reason}", "th", **values)
        self.message_en = translate(f"zip.{reason}", "en", **values)
        super().__init__(f"{self.message_th} / {self.message_en}")

    def message(self, lang: str = "th") -> str:
        return self.message_th if lang == "th" else self.message_en


@dataclass(frozen=True)
class ZipLimits:
    max_members: int
    max_total_bytes: int
    max_ratio: float

    @classmethod
    def from_settings(cls) -> ZipLimits:
        values = settings()["uploads"]
        return cls(
            int(values["zip_max_members"]), int(values["zip_max_total_mb"]) << 20, float(values["zip_max_ratio"])
        )

    @classmethod
    def for_data_files(cls) -> ZipLimits:
        """The larger limits of survey files sent as ZIP (a national year is gigabytes)."""
        values = settings()["import"]["zip"]
        return cls(int(values["max_members"]), int(values["max_total_mb"]) << 20, float(values["max_ratio"]))


def unsafe_name(name: str) -> bool:
    """A member name that would land outside the extraction folder (or cannot be a file name)."""
    path = name.replace("\\", "/")
    if not path or path.startswith("/") or _DRIVE.match(path) or "\x00" in path:
        return True
    return ".." in path.split("/")


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return (info.external_attr >> 16) & 0o170000 == 0o120000


def _open(source: bytes | str | Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ZipRefused("damaged", detail=str(error)) from error


def _check(infos: list[zipfile.ZipInfo], limits: ZipLimits) -> None:
    if len(infos) > limits.max_members:
        raise ZipRefused("too_many", n=len(infos), limit=limits.max_members)
    total = packed = 0
    for info in infos:
        if unsafe_name(info.filename):
            raise ZipRefused("unsafe_path", name=info.filename)
        if _is_symlink(info):
            raise ZipRefused("symlink", name=info.filename)
        if info.flag_bits & 0x1:
            raise ZipRefused("encrypted", name=info.filename)
        total, packed = total + info.file_size, packed + info.compress_size
        if info.file_size > RATIO_FLOOR and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise ZipRefused("ratio", name=info.filename, ratio=f"{ratio:,}", limit=f"{limits.max_ratio:g}")
    if total > limits.max_total_bytes:
        raise ZipRefused("too_big", mb=f"{total / 2**20:,.0f}", limit=f"{limits.max_total_bytes >> 20:,}")
    if total > RATIO_FLOOR and total > limits.max_ratio * max(packed, 1):
        ratio = total // max(packed, 1)
        raise ZipRefused("ratio", name="*", ratio=f"{ratio:,}", limit=f"{limits.max_ratio:g}")


def inspect_zip(source: bytes | str | Path, limits: ZipLimits | None = None) -> list[zipfile.ZipInfo]:
    """The archive's members after every check on its directory; ZipRefused otherwise."""
    with _open(source) as archive:
        infos = archive.infolist()
    _check(infos, limits or ZipLimits.from_settings())
    return infos


def _copy(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: int) -> int:
    """Copy one member, counting real bytes: never more than it declares nor than ``budget``."""
    written = 0
    with archive.open(info) as source, target.open("wb") as out:
        while chunk := source.read(CHUNK):
            written += len(chunk)
            if written > info.file_size:
                raise ZipRefused("size_lied", name=info.filename)
            if written > budget:
                raise ZipRefused("too_big", mb=f"{written / 2**20:,.0f}", limit=f"{budget >> 20:,}")
            out.write(chunk)
    return written


def _mkdir(path: Path, root: Path, made: list[Path]) -> None:
    """Create ``path`` and its missing parents below ``root``, remembering each folder made."""
    missing = [p for p in [path, *path.parents] if p != root and root in p.parents and not p.exists()]
    for folder in reversed(missing):
        folder.mkdir()
        made.append(folder)


def extract_zip(source: bytes | str | Path, folder: Path, limits: ZipLimits | None = None) -> list[Path]:
    """Extract every member under ``folder`` (created) after the checks; returns the files written.
    On any refusal the files and folders it created are removed again."""
    limits = limits or ZipLimits.from_settings()
    Path(folder).mkdir(parents=True, exist_ok=True)
    root = Path(folder).resolve()
    files: list[Path] = []
    made: list[Path] = []
    with _open(source) as archive:
        infos = archive.infolist()
        _check(infos, limits)
        budget = limits.max_total_bytes
        try:
            for info in infos:
                target = (root / info.filename.replace("\\", "/")).resolve()
                if root not in target.parents:  # belt and braces after the name check
                    raise ZipRefused("unsafe_path", name=info.filename)
                _mkdir(target if info.is_dir() else target.parent, root, made)
                if not info.is_dir():
                    files.append(target)
                    budget -= _copy(archive, info, target, budget)
        except zipfile.BadZipFile as error:
            _remove(files, made)
            raise ZipRefused("damaged", detail=str(error)) from error
        except BaseException:
            _remove(files, made)
            raise
    return files


def _remove(files: list[Path], folders: list[Path]) -> None:
    for path in files:
        path.unlink(missing_ok=True)
    for folder in reversed(folders):  # deepest first
        shutil.rmtree(folder, ignore_errors=True)
