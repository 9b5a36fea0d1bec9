"""Area names from a file: a published list of code → name (e.g. `village_ID,village_name`, ~92,600
villages with 8-digit ids) gives the area register its names, so a village reads
"บ้านโนนสูง (หมู่ 3)" everywhere it appears (pages, charts, maps, exports).

Reading: any level, village ids of 8 or 10 digits and lettered communities, Thai or English
headers, codes normalised by the importer's SQL rules over the whole column. Damaged rows are
reported and not loaded: a code of no level's length, a code named twice with different names,
a code whose tambon, amphoe or province the register does not know, a blank name, and a name that
is a person's (a title such as นาย/นาง/นางสาว, a citizen id, a phone number — analysis.privacy).
Provinces, amphoe and tambons keep the national register's names; the list names villages,
communities and the municipal areas the register lacks.

Storing: each list saved is a version (`names/v0001.parquet`, the whole list as it then stands,
and `names/names.json`, the history). A later list replaces names of an earlier one only when
asked (``replace``): otherwise a code it names differently is refused and nothing is saved.

names (Parquet): one row per area code: area_code, name_th, version.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from analysis.areas import REGISTER_COLUMNS, national_areas
from analysis.auth import check_write, record_data_event
from analysis.codes import LENGTH_LEVEL, parent_of
from analysis.datasets import THAI_TIME, covering_area
from analysis.importers.committing import plans_url
from analysis.importers.key_sql import resolved_keys_sql
from analysis.importers.keys import KEY_COLUMNS
from analysis.mapping import header_score, suggest_mapping
from analysis.store import Workspace
from analysis.store_errors import StoreError, read_only
from analysis.validation import SHOWN_PER_RULE, Report, problem

FOLDER = "names"
MANIFEST = "names.json"
CODE_FIELDS = ("village_code", "area_code", "tambon_code", "amphoe_code", "province_code")
NAME_FIELDS = ("village_name", "area_name")
#: a person's name, citizen id or phone instead of a place's (analysis.privacy's patterns)
PERSON_REASONS = ("name", "citizen_id", "phone")


@dataclass
class NamesCheck:
    """A names file read and checked (nothing saved): the names that can be loaded and the report."""

    file: str
    report: Report
    names: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["area_code", "name_th"]))
    changed: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["area_code", "old", "new", "row"]))
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.report.has_errors and len(self.names) > 0


def _columns(headers: list[str]) -> tuple[str | None, str | None]:
    mapping = suggest_mapping(headers, "bmn-agg", None)
    code = next((mapping.fields[f] for f in CODE_FIELDS if f in mapping.fields), None)
    name = next((mapping.fields[f] for f in NAME_FIELDS if f in mapping.fields), None)
    if name is None:  # a bare "ชื่อ" is a person's name unless its values are places: ask privacy
        name = next((h for h in headers if h.strip().lower() in ("ชื่อ", "name")), None)
    return code, name


def read_names(workspace: Workspace, path: Path, name: str | None = None, replace: bool = False) -> NamesCheck:
    """Read and check a names file against the workspace (nothing is written)."""
    from analysis.readers import ReadError
    from analysis.small_tables import read_table

    shown = name or Path(path).name
    report = Report()
    try:
        table = read_table(path, shown, header_score)
    except ReadError as error:
        report.add(error.rule, shown, detail=error.words())
        return NamesCheck(shown, report)
    code_header, name_header = _columns(table.headers)
    if code_header is None or name_header is None:
        report.add("names_columns_missing", shown, detail=", ".join(table.headers))
        return NamesCheck(shown, report)
    frame = pd.DataFrame(
        {"row": table.frame.index, "cell": table.frame[code_header], "name_th": table.frame[name_header]}
    ).reset_index(drop=True)
    frame["name_th"] = frame["name_th"].astype(str).str.strip()
    check = NamesCheck(shown, report, rows=len(frame))
    frame = _codes(frame)
    frame = _judged(frame, workspace)
    _report_rows(frame, shown, code_header, name_header, report)
    good = frame[frame["rule"].isna()].drop_duplicates("area_code")
    check.names = good[["area_code", "name_th"]].reset_index(drop=True)
    check.changed = _changes(workspace, good[["area_code", "name_th", "row"]])
    if len(check.changed):
        rule = "names_replaced" if replace else "names_would_replace"
        for row in check.changed.head(SHOWN_PER_RULE).itertuples(index=False):
            said = f"{row.old} → {row.new}"
            report.record(problem(rule, shown, int(row.row), code_header, row.area_code, detail=said))
        report.add_counted(rule, [], max(0, len(check.changed) - SHOWN_PER_RULE))
    if check.names.empty and not report.has_errors:
        report.add("empty_file", shown)
    return check


def normalised_codes(cells: pd.Series) -> pd.DataFrame:
    """Each cell's normalised code and the rule it breaks (None when good), by the importer's SQL
    over the whole column (same index as ``cells``)."""
    keys = pd.DataFrame({c: "" for c in KEY_COLUMNS}, index=cells.index)
    keys["k_full"] = cells.fillna("").astype(str).str.strip()
    with duckdb.connect() as con:
        con.register("key_cells", keys.reset_index(drop=True))
        found = con.execute(resolved_keys_sql("key_cells", village_level=False)).df()
    found.index = cells.index
    code = found["code"].astype(object).where(found["code"].notna(), None)
    return pd.DataFrame({"code": code, "rule": found["rule"].astype(object).where(found["rule"].notna(), None)})


def _codes(frame: pd.DataFrame) -> pd.DataFrame:
    found = normalised_codes(frame["cell"])
    return frame.assign(area_code=found["code"], rule=found["rule"])


def _judged(frame: pd.DataFrame, workspace: Workspace) -> pd.DataFrame:
    """The rule each row breaks (None: loadable), in order: code, blank, person, register, twice."""
    from analysis.privacy import CONTENT_PATTERNS, thai_id_valid

    rule = frame["rule"].map({"missing_value": "names_code_invalid", "bad_code_format": "names_code_invalid"})
    rule = rule.where(frame["rule"].notna(), None).astype(object)
    rule = rule.where(rule.notna() | (frame["name_th"] != ""), "names_blank")
    names = frame["name_th"]
    compact = names.str.replace(r"[\s\-\.\(\)]", "", regex=True)
    person = names.str.fullmatch(CONTENT_PATTERNS["name"].pattern, case=False)
    person |= compact.str.fullmatch(CONTENT_PATTERNS["phone"].pattern) | pd.Series(
        thai_id_valid(names), index=names.index
    )
    rule = rule.where(rule.notna() | ~person.fillna(False), "names_personal")
    coded = frame["area_code"].notna() & rule.isna()
    missing = workspace.register().unknown_parts(frame.loc[coded, "area_code"].astype(str))
    rule.loc[missing.index[missing.notna()]] = "names_unknown_area"
    rule = rule.where(rule.notna() | ~_national(frame["area_code"]), "names_register_kept")
    twice = frame[rule.isna()].groupby("area_code")["name_th"].transform("nunique") > 1
    rule.loc[twice.index[twice]] = "names_conflict"
    return frame.assign(rule=rule)


def _national(codes: pd.Series) -> pd.Series:
    """Codes the national register names itself (provinces, amphoe, tambons of geothai)."""
    return codes.isin(national_areas()["area_code"])


def _report_rows(frame: pd.DataFrame, file: str, code_header: str, name_header: str, report: Report) -> None:
    bad = frame[frame["rule"].notna()]
    for rule, rows in bad.groupby("rule", sort=False):
        column = name_header if rule in ("names_blank", "names_personal") else code_header
        # a person's name is never repeated in the report: the row and the reason say enough
        shown = rows.head(SHOWN_PER_RULE)
        values = shown["cell"] if rule != "names_personal" else pd.Series("", index=shown.index)
        details = (
            shown["name_th"] if rule in ("names_conflict", "names_register_kept") else pd.Series("", index=shown.index)
        )
        listed = [
            problem(rule, file, int(r), column, v, detail=d)
            for r, v, d in zip(shown["row"], values, details, strict=True)
        ]
        report.add_counted(str(rule), listed, len(rows))


def _changes(workspace: Workspace, names: pd.DataFrame) -> pd.DataFrame:
    """Codes the current list already names differently (replaced only when asked)."""
    current = current_names(workspace)
    if current is None or names.empty:
        return pd.DataFrame(columns=["area_code", "old", "new", "row"])
    merged = names.merge(current[["area_code", "name_th"]], on="area_code", suffixes=("", "_old"))
    merged = merged[merged["name_th"] != merged["name_th_old"]]
    return merged.rename(columns={"name_th_old": "old", "name_th": "new"})[["area_code", "old", "new", "row"]]


# ---- versions ------------------------------------------------------------------------------------


def _folder(workspace: Workspace) -> Path:
    return workspace.root / FOLDER


def history(workspace: Workspace) -> list[dict]:
    """Every names list saved, oldest first: version, file, rows, added, changed, at, by."""
    path = _folder(workspace) / MANIFEST
    if not path.exists():
        return []
    try:
        return list(json.loads(path.read_text(encoding="utf-8"))["versions"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        from analysis.store_errors import WorkspaceDamaged

        raise WorkspaceDamaged("state_damaged") from error


def current_names(workspace: Workspace) -> pd.DataFrame | None:
    """The names list as it stands (the latest version), None when none was loaded."""
    versions = history(workspace)
    if not versions:
        return None
    return pd.read_parquet(_folder(workspace) / versions[-1]["file"])


def names_version(workspace: Workspace) -> int | None:
    """The current version's number (the register's cache key)."""
    versions = history(workspace)
    return int(versions[-1]["version"]) if versions else None


def register_rows(workspace: Workspace) -> pd.DataFrame | None:
    """The current names as register rows (villages, communities, municipal areas)."""
    names = current_names(workspace)
    if names is None or names.empty:
        return None
    codes = names["area_code"]
    return pd.DataFrame(
        {
            "area_code": codes,
            "level": codes.str.len().map(LENGTH_LEVEL),
            "name_th": names["name_th"],
            "name_en": "",
            "parent_code": codes.map(parent_of),
            "source": "names",
        }
    )[REGISTER_COLUMNS]


def save_names(workspace: Workspace, check: NamesCheck, replace: bool = False, actor=None) -> dict:
    """Save a checked list as the next version (all or nothing), as ``actor`` (needs import_data
    on every area it names); refused when it has errors or would replace names unasked."""
    if not check.ok or (len(check.changed) and not replace):
        raise StoreError("รายชื่อพื้นที่มีข้อผิดพลาด จึงไม่บันทึก / the names list has errors and was not saved")
    url = plans_url(workspace)
    current = check_write(url, actor, "import_data", covering_area(check.names["area_code"].tolist()))
    with workspace.lock():
        versions = history(workspace)
        number = int(versions[-1]["version"]) + 1 if versions else 1
        before = current_names(workspace)
        merged = check.names.assign(version=number)
        if before is not None:
            kept = before[~before["area_code"].isin(merged["area_code"])]
            merged = pd.concat([kept, merged], ignore_index=True)
        entry = {
            "version": number,
            "file": f"v{number:04d}.parquet",
            "source": check.file,
            "rows": len(check.names),
            "added": len(check.names)
            - (0 if before is None else int(check.names["area_code"].isin(before["area_code"]).sum())),
            "changed": len(check.changed),
            "at": datetime.now(THAI_TIME).isoformat(timespec="seconds"),
            "by": getattr(current, "name", None) or str(current),
        }
        _write_version(workspace, merged.sort_values("area_code").reset_index(drop=True), entry, versions)
    record_data_event(url, current, "replace" if len(check.changed) else "import", f"names-v{number:04d}", check.file)
    return entry


def _write_version(workspace: Workspace, names: pd.DataFrame, entry: dict, versions: list[dict]) -> None:
    folder = _folder(workspace)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except PermissionError as error:
        raise read_only(workspace.root) from error
    target = folder / entry["file"]
    aside = folder / f".{uuid.uuid4().hex}.parquet"
    names.to_parquet(aside, index=False)
    os.replace(aside, target)
    manifest = folder / f".{uuid.uuid4().hex}.json"
    manifest.write_text(json.dumps({"versions": [*versions, entry]}, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(manifest, folder / MANIFEST)  # the commit point: until here the old list stands
