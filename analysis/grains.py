"""The declared tables of a workspace (data/tables.toml): each stored table's place, grain (the
columns that identify one of its rows) and the meaning of every column. Declared once;
tests/test_grains.py checks every table of a workspace against it (no duplicate, no missing key, no
undeclared column) and that no stored table is left undeclared; analysis.docs writes the README's
table of layers from it."""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatch
from functools import cache

from analysis.config import DATA_DIR, read_toml


@dataclass(frozen=True)
class TableSpec:
    name: str
    place: str  # "dataset" (datasets/<id>/) or "derived" (derived/<generation>/)
    grain: tuple[str, ...]
    about: str
    columns: dict[str, str]

    def undeclared(self, names: list[str]) -> list[str]:
        """The stored columns this declaration does not describe ("ind_*" stands for a family)."""
        return [n for n in names if not any(fnmatch(n, pattern) for pattern in self.columns)]


@cache
def table_catalog() -> tuple[TableSpec, ...]:
    """Every declared table, in the data file's order (datasets' first)."""
    entries = read_toml(DATA_DIR / "tables.toml")["table"]
    return tuple(TableSpec(e["name"], e["place"], tuple(e["grain"]), e["about"], dict(e["columns"])) for e in entries)


def _grains(place: str) -> dict[str, tuple[str, ...]]:
    return {t.name: t.grain for t in table_catalog() if t.place == place}


#: tables of one dataset (``datasets/<id>/<table>.parquet``) → their grain
DATASET_GRAINS: dict[str, tuple[str, ...]] = _grains("dataset")
#: area tables rolled up from every dataset (``derived/<generation>/<table>.parquet``) → their grain
DERIVED_GRAINS: dict[str, tuple[str, ...]] = _grains("derived")
