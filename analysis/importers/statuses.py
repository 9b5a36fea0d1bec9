"""Reading a household's result for one indicator: pass, fail or not applicable."""

from __future__ import annotations

from functools import cache

import pandas as pd

from analysis.codes import thai_digits_to_arabic
from analysis.mapping import schema

PASS, FAIL = 1, 0


def normalise_value(text: str) -> str:
    value = thai_digits_to_arabic(str(text)).strip().lower()
    return value[:-2] if value.endswith(".0") else value


def codings() -> dict[str, dict[str, object]]:
    return dict(schema()["status_numeric_codings"])


@cache
def lookup(coding: str) -> dict[str, int | None]:
    """normalised cell value → 1 (pass), 0 (fail) or None (not applicable) for ``coding``."""
    spec = schema()["status_values"]
    table: dict[str, int | None] = {}
    for value in spec["not_applicable"]:
        table[normalise_value(value)] = None
    for value in spec["pass"]:
        table[normalise_value(value)] = PASS
    for value in spec["fail"]:
        table[normalise_value(value)] = FAIL
    numeric = codings()[coding]
    for value in numeric["not_applicable"]:
        table[normalise_value(value)] = None
    for value in numeric["pass"]:
        table[normalise_value(value)] = PASS
    for value in numeric["fail"]:
        table[normalise_value(value)] = FAIL
    return table


def detect_coding(values: set[str]) -> str:
    """The numeric coding that fits the values seen: "1/2" when 2 appears and 0 does not."""
    normalised = {normalise_value(v) for v in values}
    if "2" in normalised and "0" not in normalised:
        return "1/2"
    return "1/0"


def coding_label(coding: str, lang: str = "th") -> str:
    return str(codings()[coding][lang])


def parse_statuses(values: pd.Series, coding: str) -> tuple[pd.Series, pd.Series]:
    """(results as nullable Int8: 1/0/<NA>, mask of values not in the coding)."""
    table = lookup(coding)
    distinct = {value: normalise_value(value) for value in values.unique()}
    known = values.map({value: key in table for value, key in distinct.items()}).astype(bool)
    parsed = values.map({value: table.get(key) for value, key in distinct.items()})
    return parsed.astype("Int8"), ~known
