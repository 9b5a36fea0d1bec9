"""A workbook read completely or refused: every sheet that holds data is imported (each as one
file of the import, "bmn.xlsx › ชีต2"), a sheet that holds something else is named in the report,
and a sheet whose XML is cut short (a copy stopped half-way, a damaged export) is refused — a
reader would otherwise return the rows before the cut as if they were the whole sheet.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from analysis.readers import FileHead, ReadError, read_head, refuse_bomb

SHEET_MARK = " › "
_TAIL = 256
_CHUNK = 1 << 20


@dataclass
class WorkbookSheets:
    """The data sheets of one workbook (as file heads), the other non-empty sheets by name, and the
    sheets whose XML ends before it closes."""

    heads: list[FileHead] = field(default_factory=list)
    not_data: list[str] = field(default_factory=list)
    truncated: list[str] = field(default_factory=list)


def sheet_names(path: Path) -> list[str]:
    import fastexcel

    refuse_bomb(path)
    try:
        return list(fastexcel.read_excel(str(path)).sheet_names)
    except Exception as error:  # fastexcel's own error types for a damaged file
        raise ReadError("xlsx") from error


def _sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """sheet name → its XML member, from xl/workbook.xml and its relationships."""
    try:
        book = archive.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return {}
    targets = {
        m.group(1): m.group(2) for m in re.finditer(r'<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"', rels)
    }
    targets |= {
        m.group(2): m.group(1) for m in re.finditer(r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', rels)
    }
    members = {}
    for match in re.finditer(r"<sheet\b[^>]*>", book):
        tag = match.group(0)
        name, rid = re.search(r'name="([^"]*)"', tag), re.search(r'r:id="([^"]+)"', tag)
        if name and rid and rid.group(1) in targets:
            target = targets[rid.group(1)].lstrip("/")
            members[_unescape(name.group(1))] = target if target.startswith("xl/") else f"xl/{target}"
    return members


def _unescape(text: str) -> str:
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')


def _closes(archive: zipfile.ZipFile, member: str) -> bool:
    """Whether a sheet's XML ends with its closing tag (read streaming: a national sheet is large)."""
    tail = b""
    try:
        with archive.open(member) as handle:
            while chunk := handle.read(_CHUNK):
                tail = (tail + chunk)[-_TAIL:]
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError):
        return False
    return b"</worksheet>" in tail or b":worksheet>" in tail


def truncated_sheets(path: Path) -> list[str]:
    """Sheets whose XML is cut short."""
    try:
        with zipfile.ZipFile(path) as archive:
            return [name for name, member in _sheet_members(archive).items() if not _closes(archive, member)]
    except (zipfile.BadZipFile, OSError):
        return []  # the reader says the file is damaged


def read_workbook(path: Path, name: str, header_score, is_data) -> WorkbookSheets:
    """Every sheet of a workbook: data sheets (``is_data(head)``) as heads, the rest named."""
    found = WorkbookSheets(truncated=truncated_sheets(path))
    names = sheet_names(path)
    for sheet in names:
        try:
            head = read_head(path, name, header_score, sheet)
        except ReadError as error:
            if error.reason == "empty" or sheet in found.truncated:  # a cut sheet is said as such
                continue
            raise
        if is_data(head):
            found.heads.append(head)
        else:
            found.not_data.append(sheet)
    if len(found.heads) > 1:  # several data sheets: each named by its sheet in the report
        for head in found.heads:
            head.name = f"{name}{SHEET_MARK}{head.sheet}"
    return found
