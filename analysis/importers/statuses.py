"""Reading a household's result for one indicator — pass, fail or not applicable — over whole
columns in SQL.

A cell is first read into a class that does not depend on the numeric coding yet:
    PASS_WORD 1, FAIL_WORD 0, NOT_APPLICABLE 2   (the words declared in import_schema.toml, or blank)
    NUMERAL_BASE + position of a declared numeral  (0, 1, 2, 9 …: their meaning depends on the coding)
    UNKNOWN 99
Then the coding (1/0 or 1/2) is detected from the numerals present, unless the user chose one,
and each class becomes 1 (pass), 0 (fail) or NULL (not applicable); a numeral the coding does not
declare is an unknown value.
"""

from __future__ import annotations

from functools import cache

from analysis.codes import thai_digits_to_arabic
from analysis.mapping import schema

PASS, FAIL = 1, 0
PASS_WORD, FAIL_WORD, NOT_APPLICABLE = 1, 0, 2
NUMERAL_BASE = 10
UNKNOWN = 99
THAI_DIGITS_SQL = "translate({x}, '๐๑๒๓๔๕๖๗๘๙', '0123456789')"
BLANKS_SQL = " \t\r\n\u00a0\ufeff"


def normalise_value(text: str) -> str:
    """How a declared value is compared: Thai digits to Arabic, trimmed, lower case, ".0" removed."""
    value = thai_digits_to_arabic(str(text)).strip().lower()
    return value[:-2] if value.endswith(".0") else value


def normalise_sql(column: str) -> str:
    """The same normalisation as normalise_value, in SQL over a whole column."""
    digits = THAI_DIGITS_SQL.format(x=column)
    return f"regexp_replace(lower(trim({digits}, '{BLANKS_SQL}')), '\\.0$', '')"


def codings() -> dict[str, dict[str, object]]:
    return dict(schema()["status_numeric_codings"])


@cache
def numerals() -> tuple[str, ...]:
    """Every numeral some coding declares, in a fixed order (its class is NUMERAL_BASE + position)."""
    found: set[str] = set()
    for coding in codings().values():
        for meaning in ("pass", "fail", "not_applicable"):
            found |= {normalise_value(v) for v in coding[meaning]}
    return tuple(sorted(found))


@cache
def classes() -> dict[str, int]:
    """normalised cell value → class (words and numerals)."""
    spec = schema()["status_values"]
    table: dict[str, int] = {}
    for meaning, klass in (("not_applicable", NOT_APPLICABLE), ("pass", PASS_WORD), ("fail", FAIL_WORD)):
        for value in spec[meaning]:
            table[normalise_value(value)] = klass
    for position, numeral in enumerate(numerals()):
        table[numeral] = NUMERAL_BASE + position
    return table


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def class_sql(column: str) -> str:
    """SQL reading a column of status cells (text, NULL for an empty cell) into classes. Empty
    cells and the numerals most files use are matched first (a CASE tests its branches in order,
    so a common cell passes few tests), then the other declared spellings as written; only the
    remaining cells are normalised (trimmed, lower case, Thai digits)."""
    spellings: dict[str, int] = {n: NUMERAL_BASE + i for i, n in enumerate(numerals())}
    spellings[""] = NOT_APPLICABLE
    for meaning, klass in (("not_applicable", NOT_APPLICABLE), ("pass", PASS_WORD), ("fail", FAIL_WORD)):
        for value in schema()["status_values"][meaning]:
            spellings.setdefault(value, klass)
    first = ("1", "0", "2", "9")
    common = " ".join(f"WHEN {_literal(v)} THEN {spellings[v]}" for v in first if v in spellings)
    rare = " ".join(f"WHEN {_literal(v)} THEN {k}" for v, k in spellings.items() if v not in first)
    normalised = " ".join(f"WHEN {_literal(v)} THEN {k}" for v, k in classes().items())
    slow = f"CASE {normalise_sql(column)} {normalised} ELSE {UNKNOWN} END"
    return (
        f"(CASE WHEN {column} IS NULL THEN {NOT_APPLICABLE} ELSE "
        f"CASE {column} {common} ELSE CASE {column} {rare} ELSE {slow} END END END)::UTINYINT"
    )


def detect_coding(present: set[int]) -> str:
    """The numeric coding that fits the classes seen: "1/2" when 2 appears and 0 does not."""
    two, zero = NUMERAL_BASE + numerals().index("2"), NUMERAL_BASE + numerals().index("0")
    return "1/2" if two in present and zero not in present else "1/0"


def coding_label(coding: str, lang: str = "th") -> str:
    return str(codings()[coding][lang])


def meaning_of_classes(coding: str) -> dict[int, int | None]:
    """class → 1, 0 or None (not applicable) under ``coding``; classes missing here are unknown."""
    meaning: dict[int, int | None] = {PASS_WORD: PASS, FAIL_WORD: FAIL, NOT_APPLICABLE: None}
    spec = codings()[coding]
    for position, numeral in enumerate(numerals()):
        for key, value in (("pass", PASS), ("fail", FAIL), ("not_applicable", None)):
            if numeral in {normalise_value(v) for v in spec[key]}:
                meaning[NUMERAL_BASE + position] = value
    return meaning


def status_sql(klass: str, coding: str) -> str:
    """SQL turning a class column into the result: 1 pass, 0 fail, NULL not applicable (or unknown)."""
    whens = " ".join(f"WHEN {k} THEN {'NULL' if v is None else v}" for k, v in meaning_of_classes(coding).items())
    return f"(CASE {klass} {whens} END)::TINYINT"


def unknown_sql(klass: str, coding: str) -> str:
    """SQL that is true where a class has no meaning under ``coding``."""
    known = ", ".join(str(k) for k in meaning_of_classes(coding))
    return f"({klass} NOT IN ({known}))"


def numeral_text(klass_sql: str) -> str:
    """SQL showing a numeral class as its numeral (the value shown when a coding does not declare it)."""
    whens = " ".join(f"WHEN {NUMERAL_BASE + i} THEN {_literal(n)}" for i, n in enumerate(numerals()))
    return f"(CASE {klass_sql} {whens} END)"
