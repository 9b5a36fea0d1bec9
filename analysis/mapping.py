"""Column mapping: which header of an office's file holds which canonical column.

Suggested automatically from the synonyms in data/import_schema.toml, confirmed or corrected
by the user, and remembered per file shape (the set of headers) in the workspace.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from analysis.catalogs import Catalog
from analysis.codes import thai_digits_to_arabic
from analysis.config import DATA_DIR, read_toml
from analysis.datasets import IMPORT_KINDS

KINDS = IMPORT_KINDS  # declared once, with the families, in analysis.datasets
#: the three counts an aggregate row gives per indicator (the measures are in analysis.measures)
COUNT_COLUMNS = ("applicable", "pass", "fail")
_STRIP = re.compile(r"[\s\.\,\:\;\-\_\/\(\)\[\]\"'#]+")
_INDICATOR_PREFIXES = (
    "ตัวชี้วัดที่",
    "ตัวชี้วัด",
    "ข้อที่",
    "ข้อ",
    "indicator",
    "ind",
    "bmn",
    "จปฐ",
    "nrd",
    "กชช2ค",
    "i",
    "q",
)
_INDICATOR = re.compile(r"^(?P<prefix>" + "|".join(_INDICATOR_PREFIXES) + r")?0*(?P<number>\d{1,2})(?!\d)(?P<rest>.*)$")


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return read_toml(DATA_DIR / "import_schema.toml")


def normalise_header(text: object) -> str:
    """Lower case, Thai digits to Arabic, spaces and punctuation removed."""
    return _STRIP.sub("", thai_digits_to_arabic(str(text)).lower())


@lru_cache(maxsize=1)
def _synonym_index() -> dict[str, list[str]]:
    """normalised synonym → canonical fields that use it (a few synonyms are shared)."""
    index: dict[str, list[str]] = {}
    for name, spec in schema()["fields"].items():
        for synonym in [name, *spec["synonyms"]]:
            index.setdefault(normalise_header(synonym), []).append(name)
    return index


@lru_cache(maxsize=1)
def _personal_synonyms() -> frozenset[str]:
    return frozenset(normalise_header(s) for s in schema()["personal_data"]["synonyms"])


def measure_of(rest: str) -> str | None:
    """The count measure named by the rest of a wide-aggregate header ("ผ่าน" → "pass")."""
    if not rest:
        return None
    for measure in COUNT_COLUMNS:
        if rest in _measure_synonyms(measure):
            return measure
    return None


@cache
def _measure_synonyms(measure: str) -> frozenset[str]:
    spec = schema()["fields"][measure]
    return frozenset(normalise_header(s) for s in [measure, *spec["synonyms"]])


def parse_indicator_header(header: str) -> tuple[int, str] | None:
    """(indicator number, rest of the header) for headers like "ตัวชี้วัดที่ 5", "ind05_pass"."""
    match = _INDICATOR.match(normalise_header(header))
    if not match:
        return None
    rest = match.group("rest")
    if rest and not match.group("prefix") and measure_of(rest) is None:
        # A bare number followed by words ("2566ปี") is not an indicator column.
        return None
    return int(match.group("number")), rest


def catalog_id_for_number(catalog: Catalog, number: int) -> str | None:
    for indicator_id in catalog.indicator_ids:
        if indicator_id.isdigit() and int(indicator_id) == number:
            return indicator_id
    return None


@dataclass
class ColumnMapping:
    """Which source header holds each canonical field, indicator and count."""

    kind: str
    fields: dict[str, str] = field(default_factory=dict)
    indicators: dict[str, str] = field(default_factory=dict)
    counts: dict[str, dict[str, str]] = field(default_factory=dict)
    personal: list[str] = field(default_factory=list)

    def used_headers(self) -> set[str]:
        used = set(self.fields.values()) | set(self.indicators.values()) | set(self.personal)
        for by_measure in self.counts.values():
            used |= set(by_measure.values())
        return used

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ColumnMapping:
        return cls(**data)


def kind_fields(kind: str) -> list[str]:
    return list(schema()["kinds"][kind]["fields"])


def header_score(cells: list[str]) -> int:
    """How many cells of a row look like known headers (used to find the header row). Each text
    counts once: a data row of status words ("ผ่าน" is also the pass column's header in
    aggregates) repeats one text, a header row names many."""
    index = _synonym_index()
    score = 0
    for key in {normalise_header(cell) for cell in cells}:
        if not key:
            continue
        if key in index or key in _personal_synonyms():
            score += 2
        elif _INDICATOR.match(key) and not key.isdigit():
            score += 1
    return score


#: the fields that place a row in an area: a sheet without any of them holds no survey data
AREA_FIELDS = ("village_code", "area_code", "province_code", "amphoe_code", "tambon_code", "village_no")


def suggested_fields(headers: list[str]) -> set[str]:
    """Every canonical field some header names (of any kind)."""
    index = _synonym_index()
    return {field for header in headers for field in index.get(normalise_header(header), [])}


def suggest_mapping(headers: list[str], kind: str, catalog: Catalog | None) -> ColumnMapping:
    """Match headers to the canonical columns of ``kind`` and to ``catalog``'s indicators."""
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}; expected one of {KINDS}")
    wanted = kind_fields(kind)
    mapping = ColumnMapping(kind=kind)
    index = _synonym_index()
    declared = declared_headers(catalog) if catalog is not None and catalog.kind == "village" else {}
    for header in headers:
        key = normalise_header(header)
        if key in declared:  # a village data set's catalog names its own columns
            mapping.indicators.setdefault(declared[key], header)
            continue
        candidates = [f for f in index.get(key, []) if f in wanted and f not in mapping.fields]
        if candidates:
            mapping.fields[candidates[0]] = header
            continue
        if key in _personal_synonyms():
            mapping.personal.append(header)
            continue
        parsed = parse_indicator_header(header)
        if parsed is None or catalog is None:
            continue
        number, rest = parsed
        indicator_id = catalog_id_for_number(catalog, number)
        if indicator_id is None:
            continue
        measure = measure_of(rest)
        if kind == "bmn-agg" and measure is not None:
            mapping.counts.setdefault(indicator_id, {}).setdefault(measure, header)
        elif kind in ("bmn", "nrd2c", "village-data") and measure is None:
            mapping.indicators.setdefault(indicator_id, header)
    return mapping


def declared_headers(catalog: Catalog) -> dict[str, str]:
    """normalised header → indicator id, from a village data set's declared columns, ids and titles."""
    frame = catalog.indicators
    found: dict[str, str] = {}
    for indicator_id, columns, title in zip(frame["indicator_id"], frame["columns"], frame["title_th"], strict=True):
        for header in [indicator_id, *str(columns).split("|"), title.split("] ", 1)[-1]]:
            if header:
                found.setdefault(normalise_header(header), indicator_id)
    return found


def shape_key(kind: str, headers: list[str]) -> str:
    """Identifies files of the same shape: same kind and the same set of headers."""
    normalised = sorted(normalise_header(h) for h in headers)
    digest = hashlib.sha1("\x1f".join(normalised).encode("utf-8")).hexdigest()[:16]
    return f"{kind}:{digest}"


def _store_path(workspace: Path) -> Path:
    return workspace / "mappings.json"


def _stored(path: Path) -> dict:
    """The remembered mappings; a damaged file is said to be (`cia doctor --repair` sets it aside)."""
    if not path.exists():
        return {}
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(stored, dict):
            raise ValueError("not an object")
        return stored
    except (OSError, ValueError) as error:
        from analysis.store import WorkspaceDamaged

        raise WorkspaceDamaged("mappings_damaged") from error


def recall_mapping(workspace: Path, kind: str, headers: list[str]) -> ColumnMapping | None:
    """The mapping the user confirmed for a file of this shape, if any."""
    path = _store_path(workspace)
    if not path.exists():
        return None
    stored = _stored(path).get(shape_key(kind, headers))
    if stored is None:
        return None
    mapping = ColumnMapping.from_json(stored)
    present = set(headers)
    return mapping if mapping.used_headers() <= present else None


def remember_mapping(workspace: Path, headers: list[str], mapping: ColumnMapping) -> None:
    path = _store_path(workspace)
    stored = _stored(path)
    stored[shape_key(mapping.kind, headers)] = mapping.to_json()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(stored, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)


def mapping_for(workspace: Path, kind: str, headers: list[str], catalog: Catalog | None) -> tuple[ColumnMapping, bool]:
    """The remembered mapping for this shape, else a suggestion. Second value: remembered?"""
    remembered = recall_mapping(workspace, kind, headers)
    if remembered is not None:
        return remembered, True
    return suggest_mapping(headers, kind, catalog), False


def apply_overrides(mapping: ColumnMapping, overrides: dict[str, str], catalog: Catalog | None) -> ColumnMapping:
    """Apply user choices "field=header" / "ind:5=header" / "ind:5:pass=header" ("" unmaps)."""
    for target, header in overrides.items():
        if target.startswith("ind:"):
            parts = target.split(":")
            indicator_id = parts[1]
            if catalog is not None and indicator_id not in catalog.indicator_ids:
                found = catalog_id_for_number(catalog, int(indicator_id)) if indicator_id.isdigit() else None
                indicator_id = found or indicator_id
            if len(parts) == 3:
                bucket = mapping.counts.setdefault(indicator_id, {})
                _set_or_drop(bucket, parts[2], header)
            else:
                _set_or_drop(mapping.indicators, indicator_id, header)
        else:
            if target not in schema()["fields"]:
                raise ValueError(f"unknown column {target!r}")
            _set_or_drop(mapping.fields, target, header)
    return mapping


def _set_or_drop(bucket: dict[str, str], key: str, header: str) -> None:
    if header:
        bucket[key] = header
    else:
        bucket.pop(key, None)
