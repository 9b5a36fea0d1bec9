"""Planning an import before any row is read: each file's head (every data sheet of a workbook),
the year and catalog its first rows give, and each file's column mapping — with the checks that
need no rows (headers written twice, indicators numbered past the catalog, personal columns)."""

from __future__ import annotations

import re
from pathlib import Path

from analysis.catalogs import Catalog, catalog_for_year, catalog_names, catalogs, load_catalog
from analysis.datasets import FAMILY
from analysis.i18n import translate
from analysis.importers.common import FilePlan
from analysis.importers.keys import parse_year
from analysis.mapping import (
    AREA_FIELDS,
    ColumnMapping,
    apply_overrides,
    catalog_id_for_number,
    header_score,
    mapping_for,
    parse_indicator_header,
    suggested_fields,
)
from analysis.privacy import personal_reason
from analysis.readers import EXCEL_SUFFIXES, FileHead, ReadError, read_head
from analysis.small_tables import RawTable, read_table
from analysis.store import Workspace
from analysis.validation import Report
from analysis.workbooks import read_workbook

SAMPLE_PROBLEMS = 20


def read_upload(source: str | Path | bytes, name: str | None = None) -> RawTable:
    """A whole (small) file as text cells, its header row found among the first rows."""
    return read_table(source, name=name, header_score=header_score)


def read_heads(paths: list[tuple[Path, str]], report: Report) -> list[FileHead]:
    """The head of every file — of every data sheet of a workbook (a sheet cut short is refused,
    one that holds no data is named); an unreadable file is reported (and left out)."""
    heads = []
    for path, name in paths:
        try:
            if not name.lower().endswith(EXCEL_SUFFIXES):
                heads.append(read_head(path, name, header_score))
                continue
            book = read_workbook(path, name, header_score, has_area_column)
        except ReadError as error:
            report.add(error.rule, name, detail=error.words())
            continue
        for sheet in book.truncated:
            report.add("sheet_truncated", name, value=sheet)
        for sheet in book.not_data:
            report.add("sheet_not_data", name, value=sheet)
        if not book.heads and not book.truncated:
            report.add("empty_file", name)
        heads += book.heads
    return heads


def has_area_column(head: FileHead) -> bool:
    """A sheet holds data when one of its headers names an area code (a notes sheet does not)."""
    return any(f in suggested_fields(head.headers) for f in AREA_FIELDS)


def given_year(year: int | str | None, file: str, report: Report) -> int | None:
    if year is None or year == "":
        return None
    try:
        value, converted = parse_year(year)
    except ValueError:
        report.add("year_invalid", file, value=year)
        return None
    if converted:
        report.add("year_ce_converted", file, value=year, detail=value)
    return value


def sample_year(heads: list[FileHead], kind: str, workspace: Workspace, report: Report) -> int | None:
    """The year the first rows give (to choose the catalog before reading every row). When they
    give only unreadable years, those are reported (the import cannot choose a catalog)."""
    bad = []
    for head in heads:
        provisional, _ = mapping_for(workspace.root, kind, head.headers, None)
        header = provisional.fields.get("year")
        if header is None:
            continue
        for row, text in head.sample[header].items():
            try:
                return parse_year(text)[0]
            except ValueError:
                if text != "":
                    bad.append((head.name, int(row), header, text))
    for name, row, header, text in bad[:SAMPLE_PROBLEMS]:
        report.add("year_invalid", name, row, header, text)
    return None


def choose_catalog(kind: str, year: int | None, catalog_id: str | None, file: str, report: Report) -> Catalog | None:
    if catalog_id:
        catalog = load_catalog(catalog_id)
        if year is not None and not catalog.covers(year):
            report.add("catalog_year_mismatch", file, value=year, detail=catalog_names(catalog.id))
        return catalog
    if year is None:
        return None
    catalog = catalog_for_year(FAMILY[kind], year)
    if catalog is None:
        report.add("no_catalog_for_year", file, value=year)
    return catalog


def plan_files(
    workspace: Workspace,
    kind: str,
    heads: list[FileHead],
    catalog: Catalog,
    mapping: ColumnMapping | None,
    overrides: dict[str, str] | None,
) -> list[FilePlan]:
    """Each file's mapping: the one given (for files of the first file's shape), else the one
    remembered for the file's shape, else a suggestion; user overrides applied to all."""
    plans = []
    for head in heads:
        if mapping is not None and set(head.headers) == set(heads[0].headers):
            chosen = ColumnMapping.from_json(mapping.to_json())
        else:
            chosen, _ = mapping_for(workspace.root, kind, head.headers, catalog)
        if overrides:
            chosen = apply_overrides(chosen, overrides, catalog)
        flag_personal(chosen, head)
        plans.append(FilePlan(head, chosen))
    return plans


def flag_personal(mapping: ColumnMapping, head: FileHead) -> None:
    """Add to the columns never read or stored the unmapped ones that hold personal data — by
    their header (names, citizen ids, phones, addresses, house numbers) or by their first values
    (13-digit ids passing the checksum, phone numbers, titled names)."""
    used = mapping.used_headers()
    for header in head.headers:
        if header not in used and personal_reason(header, head.sample[header].tolist()):
            mapping.personal.append(header)


def ambiguous_headers(plans: list[FilePlan], chosen: set[str], report: Report) -> None:
    """A header written twice in one file ("จำนวนสมาชิก" and "จำนวนสมาชิก (2)" as read) that the
    suggested mapping reads: which copy holds the data is a guess, so it is an error — unless the
    user chose the column (the Data page's mapping, --map)."""
    for plan in plans:
        headers = set(plan.head.headers)
        for used in sorted(plan.mapping.used_headers() - chosen):
            base = re.sub(r" \(\d+\)$", "", used)
            if f"{base} (2)" in headers and used not in set(plan.mapping.personal):
                report.add("header_duplicated", plan.head.name, column=base, detail=f"{base} (2)")


def display_name(heads: list[FileHead]) -> str:
    if not heads:
        return ""
    return heads[0].name if len(heads) == 1 else f"{heads[0].name} (+{len(heads) - 1})"


def numbering_beyond_catalog(plans: list[FilePlan], catalog: Catalog, report: Report) -> None:
    """A file whose indicator columns are numbered past the catalog's (ข้อ 32–38 read with the
    2560–2564 catalog of 31) was made for another catalog: its numbers mean other indicators, so
    it is refused, naming the catalogs whose numbering fits."""
    for plan in plans:
        numbers = {
            n for h in plan.head.headers if (parsed := parse_indicator_header(h)) is not None for n in [parsed[0]]
        }
        beyond = sorted(n for n in numbers if catalog_id_for_number(catalog, n) is None)
        if not beyond:
            continue
        fitting = [c for c in catalogs(catalog.kind) if all(catalog_id_for_number(c, n) for n in numbers)]
        shown = f"{beyond[0]}–{beyond[-1]}" if len(beyond) > 1 else str(beyond[0])
        words = {
            lang: getattr(catalog, f"name_{lang}")
            + "".join(f" · {translate('safety.fits', lang, catalog=getattr(c, f'name_{lang}'))}" for c in fitting)
            for lang in ("th", "en")
        }
        report.add("indicators_beyond_catalog", plan.head.name, value=shown, detail=words)
