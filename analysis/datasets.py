"""A dataset as the workspace describes it (datasets/<id>/dataset.json and state.json): its kind,
family, catalog and year, and the names a manifest may use for its folders."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import timedelta, timezone
from typing import Any

from analysis.codes import LEVEL_LENGTH

THAI_TIME = timezone(timedelta(hours=7))
DATASET_FILE = "dataset.json"  # each dataset's own description: the manifest can be rebuilt from them
#: import kind → the family whose datasets of one year must not overlap
FAMILY = {"bmn": "bmn", "bmn-agg": "bmn", "nrd2c": "nrd2c", "village-data": "village"}
#: the kinds of file an import reads (`cia import <kind>`, the Data page)
IMPORT_KINDS = tuple(FAMILY)


@dataclass(frozen=True)
class DatasetInfo:
    id: str
    kind: str
    catalog_id: str
    year: int
    file_name: str
    imported_at: str
    demo: bool
    meta: dict[str, Any]

    @property
    def family(self) -> str:
        return family_of(self.kind, self.catalog_id)

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def family_of(kind: str, catalog_id: str | None) -> str:
    """Datasets of one family overlap: จปฐ. households and aggregates, กชช.2ค, and each village data
    set on its own (a Tambon Smart Team set and a tambon's own survey may cover the same villages)."""
    return f"village:{catalog_id}" if kind == "village-data" else FAMILY[kind]


_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")


def safe_name(name: object) -> bool:
    """A dataset id or generation that names one folder inside the workspace: letters, digits,
    '-', '_' and '.', no separator, no '..' (a manifest edited by hand must not reach outside)."""
    return isinstance(name, str) and bool(_SAFE_NAME.fullmatch(name)) and ".." not in name


def covering_area(codes: list[str]) -> str | None:
    """The narrowest area (a province, amphoe, tambon or village) whose code prefixes every code;
    None for none."""
    if not codes:
        return None
    prefix = os.path.commonprefix(list(codes))
    prefix = prefix[: len(prefix) - len(prefix.lstrip("0123456789"))]  # a lettered community's digits
    fitting = [n for n in reversed(LEVEL_LENGTH.values()) if n <= len(prefix)]
    return prefix[: fitting[0]] if fitting else None


def jsonable(meta: dict[str, Any]) -> dict[str, Any]:
    """``meta`` as JSON keeps it (dates and paths as text)."""
    return json.loads(json.dumps(meta, ensure_ascii=False, default=str))
