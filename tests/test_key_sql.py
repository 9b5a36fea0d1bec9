"""The area-code rules in SQL (analysis.importers.key_sql) agree with the Python rules
(keys.compose_code through keys._resolve_one) on generated keys, and on hand-picked ones."""

import duckdb
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.importers.key_sql import resolved_keys_sql
from analysis.importers.keys import KEY_COLUMNS, _resolve_one

#: pieces real code cells are made of: digits (Arabic and Thai), "TH", separators, ".0", หมู่ที่
PIECES = ["3", "1", "0", "5", "9", "99", "๓", "๑", "๐", "01", "31", "3101", "310101", "31010101", "3101010101"]
PIECES += ["TH", "th", "-", ".", " ", "_", ".0", ".00", "หมู่ที่ ", "ม.", "x", "\u2009", "\u00a0"]
PIECES += ["A", "a", "A001", "901151", "901151A001", "901151a9z1"]  # municipal communities numbered with a letter
cell = st.lists(st.sampled_from(PIECES), max_size=4).map("".join)
key = st.tuples(cell, cell, cell, cell, cell)


def sql_outcome(keys: list[tuple[str, ...]], village_level: bool) -> list[tuple]:
    frame = pd.DataFrame(keys, columns=KEY_COLUMNS).map(str.strip)
    with duckdb.connect() as con:
        con.register("key_cells", frame)
        found = con.execute(resolved_keys_sql("key_cells", village_level)).df()
    return [
        (None if pd.isna(c) else c, None if pd.isna(r) else r)
        for c, r in zip(found["code"], found["rule"], strict=True)
    ]


def python_outcome(key: tuple[str, ...], village_level: bool) -> tuple:
    code, rule, _ = _resolve_one(tuple(c.strip() for c in key), village_level)
    return code, rule


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(keys=st.lists(key, min_size=1, max_size=20), village_level=st.booleans())
def test_sql_and_python_rules_agree(keys, village_level):
    assert sql_outcome(keys, village_level) == [python_outcome(k, village_level) for k in keys]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (("31010101", "", "", "", ""), ("31010101", None)),
        (("TH-31-01-01-01", "", "", "", ""), ("31010101", None)),
        (("๓๑๐๑๐๑๐๑", "", "", "", ""), ("31010101", None)),
        (("", "31", "01", "02", "หมู่ที่ 5"), ("31010205", None)),
        (("", "31", "3101", "310102", "5.0"), ("31010205", None)),
        (("31010101", "", "", "310102", ""), (None, "code_parts_not_nested")),
        (("", "", "", "", "5"), (None, "bad_code_format")),  # หมู่ที่ with no tambon
        (("", "31", "01", "02", "99"), ("31010299", None)),
        (("", "31", "01", "02", "120"), (None, "bad_code_format")),  # not 1–99
        (("3101010", "", "", "", ""), (None, "bad_code_format")),
        (("", "", "", "", ""), (None, "missing_value")),
        (("310101", "", "", "", ""), (None, "bad_code_format")),  # a tambon where villages are needed
        (("", "TH", "", "", ""), (None, "bad_code_format")),
        (("901151A001", "", "", "", ""), ("901151A001", None)),  # a community numbered with a letter
        (("th-901151-a001", "", "", "", ""), ("901151A001", None)),
        (("901151A001", "90", "11", "51", ""), ("901151A001", None)),
        (("901151A001", "", "", "310101", ""), (None, "code_parts_not_nested")),
        (("901151A01", "", "", "", ""), (None, "bad_code_format")),  # one character short
    ],
)
def test_hand_picked_keys(key, expected):
    assert sql_outcome([key], village_level=True) == [expected]
    assert python_outcome(key, village_level=True) == expected
