"""Stored rows → plain records (dataclasses pages, exports and the CLI read without a session),
and the JSON snapshots and diffs the audit log keeps."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from datetime import date, datetime
from typing import Any, TypeVar

R = TypeVar("R")


def field_names(cls: type) -> list[str]:
    """The fields of a record class, in declaration order."""
    return [f.name for f in fields(cls)]


def record_from(cls: type[R], source: Any, **values: Any) -> R:
    """A ``cls`` record from ``source`` — a database row (read by attribute) or a mapping (read by
    key) — taking each of the record's fields that ``source`` has; ``values`` override or add (the
    nested lists). The one conversion from rows, sheets and forms to records."""
    if isinstance(source, Mapping):
        data = {name: source[name] for name in field_names(cls) if name in source}
    else:
        data = {name: getattr(source, name) for name in field_names(cls) if hasattr(source, name)}
    return cls(**{**data, **values})


def jsonable(value: Any) -> Any:
    """``value`` as the audit log's JSON keeps it (dates as ISO text)."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The changed keys of two snapshots: key → [before, after]."""
    return {k: [before.get(k), after.get(k)] for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)}
