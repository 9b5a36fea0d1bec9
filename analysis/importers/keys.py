"""Area codes and survey years of imported rows, resolved once per distinct value and joined back.

A national file has 13 million rows but only ~84,000 distinct village codes and one year: each
distinct code (or tuple of code parts) is read once by the one code normaliser in analysis.codes,
checked against the area register, and the result is joined back to the rows in DuckDB.

area_keys:   one row per distinct tuple of code columns: the code, or the rule it breaks.
year_values: one row per distinct year cell: the Buddhist Era year, or why it is not one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.areas import AreaRegister
from analysis.codes import (
    COMMUNITY_LENGTH,
    LENGTH_LEVEL,
    MUNICIPAL_MIN_SUFFIX,
    TAMBON_LENGTH,
    VILLAGE_LENGTH,
    CodeError,
    is_blank,
    normalise_code,
    thai_digits_to_arabic,
    village_code_from_parts,
)
from analysis.importers.checks import Check, run_checks
from analysis.importers.key_sql import resolved_keys_sql
from analysis.importers.session import ImportSession
from analysis.validation import SHOWN_PER_RULE, Report, problem

KEY_FIELDS = ("full", "province", "amphoe", "tambon", "village_no")
KEY_COLUMNS = [f"k_{name}" for name in KEY_FIELDS]
VILLAGE_LENGTHS = (VILLAGE_LENGTH, COMMUNITY_LENGTH)
CE_YEARS = range(1900, 2200)
BE_YEARS = range(2400, 2800)
ROW_BITS = 40  # (file, row) packed in one BIGINT: file << 40 | row


class NestingError(CodeError):
    """Code parts that contradict each other; the message names both."""

    def __init__(self, child: str, parent: str):
        super().__init__("not_nested", child=child, parent=parent)


def _part(value: object, parent: str | None, length: int) -> str | None:
    """A code part: the full code of its level, or its own two digits under ``parent``."""
    if is_blank(value):
        return None
    text = thai_digits_to_arabic(str(value).strip())
    if text.endswith(".0"):
        text = text[:-2]
    if text[:2].upper() == "TH":
        text = text[2:]
    if text.isdigit() and len(text) <= 2 and length > 2:
        if parent is None:
            raise CodeError("part_no_parent", value=repr(value))
        return parent + text.zfill(2)
    code = normalise_code(text)
    if code is None:
        raise CodeError("no_digits", value=repr(value))
    if len(code) != length:
        raise CodeError("part_level", value=repr(value), found=LENGTH_LEVEL[len(code)])
    return code


def compose_code(full: object, province: object, amphoe: object, tambon: object, village_no: object) -> str | None:
    """The deepest area code given by a row's code columns; checks that the parts nest."""
    province_code = _part(province, None, 2)
    amphoe_code = _part(amphoe, province_code, 4)
    tambon_code = _part(tambon, amphoe_code, 6)
    for child, parent in ((amphoe_code, province_code), (tambon_code, amphoe_code)):
        if child and parent and not child.startswith(parent):
            raise NestingError(child, parent)
    composed = tambon_code or amphoe_code or province_code
    if not is_blank(village_no):
        if tambon_code is None:
            raise CodeError("village_no_without_tambon")
        composed = village_code_from_parts(tambon_code, village_no)
    code = normalise_code(full)
    if code and composed and not (code.startswith(composed) or composed.startswith(code)):
        raise NestingError(code, composed)
    if code is None:
        return composed
    if composed is None:
        return code
    return code if len(code) >= len(composed) else composed


def _resolve_one(key: tuple[str, ...], village_level: bool) -> tuple[str | None, str | None, dict[str, str] | str]:
    """(code, rule broken, detail) of one tuple of code cells; the detail of a broken rule says
    why in Thai and English."""
    try:
        code = compose_code(*key)
    except NestingError as error:
        return None, "code_parts_not_nested", error.words()
    except CodeError as error:
        return None, "bad_code_format", error.words()
    if code is None:
        return None, "missing_value", ""
    if village_level and len(code) not in VILLAGE_LENGTHS:
        return None, "bad_code_format", CodeError("village_needed").words()
    return code, None, ""


def resolve_area_keys(session: ImportSession, register: AreaRegister, village_level: bool, report: Report) -> None:
    """Fill ``area_keys`` from the distinct code cells of ``rows`` (resolved in SQL, see key_sql);
    report each bad key once (at the first row using it) and each municipal area missing from the
    register once."""
    con = session.con
    columns = ", ".join(KEY_COLUMNS)
    shown = ", ".join(f"nullif({c}, '')" for c in KEY_COLUMNS)
    distinct = (
        f"(SELECT {columns}, concat_ws(' / ', {shown}) AS shown, "
        f"min((__file::BIGINT << {ROW_BITS}) + row) AS first FROM rows GROUP BY ALL)"
    )
    keys = con.execute(resolved_keys_sql(distinct, village_level)).df()
    keys["code"] = keys["code"].astype(object).where(keys["code"].notna(), None)
    coded = keys["code"].notna()
    missing = register.unknown_parts(keys.loc[coded, "code"].astype(str))
    bad_area = missing.notna()
    keys.loc[missing.index[bad_area], "rule"] = "unknown_area"
    keys.loc[missing.index[bad_area], "shown"] = missing[bad_area]
    keys.loc[missing.index[bad_area], "code"] = None
    _report_keys(session, keys, register, report, village_level)
    con.register("resolved_keys", keys[[*KEY_COLUMNS, "code", "rule"]])
    con.execute("CREATE OR REPLACE TABLE area_keys AS SELECT * FROM resolved_keys")
    con.unregister("resolved_keys")


def _detail(key: tuple[str, ...], rule: str, village_level: bool) -> dict[str, str] | str:
    """The words of a bad key's detail (only for the keys shown): the Python rules say why."""
    if rule in ("unknown_area", "missing_value"):
        return ""
    return _resolve_one(key, village_level)[2]


def _first(packed: int) -> tuple[int, int]:
    return int(packed) >> ROW_BITS, int(packed) & ((1 << ROW_BITS) - 1)


def _report_keys(
    session: ImportSession, keys: pd.DataFrame, register: AreaRegister, report: Report, village_level: bool
) -> None:
    bad = keys[keys["rule"].notna()].sort_values("first", kind="stable")
    shown = bad.groupby("rule", sort=False).head(SHOWN_PER_RULE)  # a file of bad codes may have 80,000
    # the words of a detail come from Python's rules: only for the keys shown, at most SHOWN_PER_RULE a rule
    cells = shown[KEY_COLUMNS].itertuples(index=False, name=None)
    for rule, first, text, key in zip(shown["rule"], shown["first"], shown["shown"], cells, strict=True):
        detail = _detail(key, rule, village_level)
        file_index, row = _first(first)
        source = session.files[file_index]
        column = source.header("village_code") or source.header("area_code") or next(iter(source.headers.values()))
        report.record(problem(rule, source.name, row, column, "" if rule == "missing_value" else text, detail=detail))
    for rule, total in bad["rule"].value_counts().items():
        report.add_counted(rule, [], int(total) - int((shown["rule"] == rule).sum()))
        if total > SHOWN_PER_RULE:  # every file with such codes is named, not only the first ones
            per_file = (bad.loc[bad["rule"] == rule, "first"] // (1 << ROW_BITS)).value_counts()
            report.count_files(rule, {session.files[int(i)].name: n for i, n in per_file.items()})
    municipal = keys[keys["code"].notna()].copy()
    municipal["tambon"] = municipal["code"].str[:TAMBON_LENGTH]
    numbers = pd.to_numeric(municipal["tambon"].str[4:6], errors="coerce")
    municipal = municipal[(municipal["code"].str.len() >= TAMBON_LENGTH) & (numbers >= MUNICIPAL_MIN_SUFFIX)]
    municipal = municipal[~municipal["tambon"].isin(register.frame.index)]
    for tambon, first in municipal.groupby("tambon")["first"].min().sort_values().items():
        file_index, row = _first(first)
        source = session.files[file_index]
        column = source.header("village_code") or source.header("area_code") or source.header("tambon_code")
        report.record(problem("municipal_area", source.name, row, column, tambon))


# ---- survey years ------------------------------------------------------------------------------


def parse_year(text: object) -> tuple[int, bool]:
    """(Buddhist Era year, converted_from_CE) or ValueError."""
    if is_blank(text):
        raise ValueError(str(text))
    cleaned = thai_digits_to_arabic(str(text)).replace(",", "").strip()
    try:
        number = float(cleaned)
    except ValueError as error:
        raise ValueError(str(text)) from error
    if not np.isfinite(number) or not number.is_integer():
        raise ValueError(str(text))
    year = int(number)
    if year in CE_YEARS:
        return year + 543, True
    if year in BE_YEARS:
        return year, False
    raise ValueError(str(text))


def resolve_years(session: ImportSession, given: int | None, report: Report) -> int | None:
    """The one survey year of the rows (from their year column, else the year given)."""
    con = session.con
    values = con.execute(
        f"SELECT year_raw, min((__file::BIGINT << {ROW_BITS}) + row) AS first, count(*) AS n "
        "FROM rows WHERE year_raw <> '' GROUP BY ALL ORDER BY first"
    ).fetchall()
    years: dict[int, int] = {}
    bad: list[str] = []
    for text, first, _ in values:
        file_index, row = _first(first)
        source = session.files[file_index]
        try:
            year, converted = parse_year(text)
        except ValueError:
            bad.append(text)
            continue
        if converted and year not in years:
            report.record(problem("year_ce_converted", source.name, row, source.header("year"), text, detail=year))
        years.setdefault(year, first)
    if bad:
        _report_bad_years(session, bad, report)
    return _one_year(session, years, given, report)


def _report_bad_years(session: ImportSession, bad: list[str], report: Report) -> None:
    session.con.register("bad_years", pd.DataFrame({"value": bad}))
    run_checks(
        session,
        "rows",
        [Check("year_invalid", "year_raw IN (SELECT value FROM bad_years)", field="year", value="year_raw")],
        report,
    )
    session.con.unregister("bad_years")


def _one_year(session: ImportSession, years: dict[int, int], given: int | None, report: Report) -> int | None:
    header = next((f.header("year") for f in session.files if f.header("year")), None)
    name = session.files[0].name if session.files else ""
    if given is not None and years and set(years) != {int(given)}:
        found = ", ".join(str(y) for y in sorted(years))
        report.add("year_mixed", name, column=header, detail=f"{found} / {given}")
        return None
    if len(years) > 1:
        report.add("year_mixed", name, column=header, detail=", ".join(map(str, sorted(years))))
        return None
    return next(iter(years)) if years else given
