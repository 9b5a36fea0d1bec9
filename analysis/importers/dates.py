"""Collection dates of household rows, read once per distinct cell (in SQL for the usual forms)
and joined back.

Offices type พ.ศ. dates ("15/1/2567", "1 ม.ค. 2567"); spreadsheets store C.E. dates, which
arrive as "2024-01-15 00:00:00". Both are read; anything else is reported (a warning: the
household's results are still imported, its date left empty).

date_keys: one row per distinct date cell: the day, or NULL when it cannot be read.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from analysis.importers.checks import Check
from analysis.importers.session import ImportSession
from analysis.thaidate import ThaiDateError, parse_thai_date

#: a C.E. date as spreadsheets and ISO files write it: 2024-01-15, 2024-01-15 00:00:00
CE_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")


def parse_collection_date(text: str) -> date | None:
    """The day a cell gives (None when blank); ValueError when it is not a date."""
    text = text.strip()
    if not text:
        return None
    match = CE_DATE.match(text)
    if match and 1900 <= int(match.group(1)) < 2200:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    try:
        return parse_thai_date(text)
    except ThaiDateError as error:
        raise ValueError(text) from error


#: the forms nearly every file writes, read in SQL over the distinct cells: d/m/yyyy (พ.ศ.) and
#: yyyy-mm-dd (ค.ศ., with or without a midnight time; or พ.ศ.), Thai or Arabic digits. The answers
#: agree with parse_collection_date (a test checks it); every other cell goes to it.
STRICT_DATE = r"^(\d{1,2})/(\d{1,2})/(\d{4})$|^(\d{4})-(\d{1,2})-(\d{1,2})( 00:00:00)?$"
DATE_BLANKS = " \t\r\n"


def strict_dates_sql(source: str) -> str:
    """SQL over ``source`` (a relation with the column ``raw``) giving raw, ``day`` and ``read``:
    read is true when the cell is blank (no day) or one of the strict forms with a real day."""
    text = f"translate(trim(raw, '{DATE_BLANKS}'), '๐๑๒๓๔๕๖๗๘๙', '0123456789')"
    parts = f"regexp_extract({text}, '{STRICT_DATE}', ['d1', 'm1', 'y1', 'y2', 'm2', 'd2', 'time'])"
    year = "TRY_CAST(coalesce(nullif(p.y1, ''), p.y2) AS INTEGER)"
    month = "TRY_CAST(coalesce(nullif(p.m1, ''), p.m2) AS INTEGER)"
    day = "TRY_CAST(coalesce(nullif(p.d1, ''), p.d2) AS INTEGER)"
    # a d/m/yyyy year is พ.ศ. (2400–2700); a yyyy-mm-dd year is ค.ศ. (1900–2199), or พ.ศ. without a time
    year_ce = (
        f"CASE WHEN p.y1 <> '' AND {year} BETWEEN 2400 AND 2700 THEN {year} - 543 "
        f"WHEN p.y2 <> '' AND {year} BETWEEN 1900 AND 2199 THEN {year} "
        f"WHEN p.y2 <> '' AND p.time = '' AND {year} BETWEEN 2400 AND 2700 THEN {year} - 543 END"
    )
    made = f"TRY_CAST(printf('%04d-%02d-%02d', {year_ce}, {month}, {day}) AS DATE)"
    return (
        f"SELECT raw, CASE WHEN blank THEN NULL ELSE {made} END AS day, "
        f"blank OR {made} IS NOT NULL AS read "
        f"FROM (SELECT raw, {text} = '' AS blank, {parts} AS p FROM {source})"
    )


def resolve_dates(session: ImportSession) -> None:
    """Fill ``date_keys`` from the distinct collection-date cells of ``rows``: the strict forms in
    SQL, the few other spellings (worded months, "วันที่ … พ.ศ. …") one distinct cell at a time."""
    con = session.con
    con.execute(
        "CREATE OR REPLACE TEMP TABLE date_cells AS "
        + strict_dates_sql("(SELECT DISTINCT collected_on_raw AS raw FROM rows)")
    )
    others = [v for (v,) in con.execute("SELECT raw FROM date_cells WHERE NOT read").fetchall()]
    days = []
    for text in others:
        try:
            days.append(parse_collection_date(text))
        except ValueError:
            days.append(None)
    parsed = pd.DataFrame({"raw": others, "day": pd.to_datetime(pd.Series(days, dtype=object))})
    con.register("parsed_dates", parsed)
    con.execute(
        "CREATE OR REPLACE TABLE date_keys AS "
        "SELECT raw AS collected_on_raw, day AS collected_on FROM date_cells WHERE read "
        "UNION ALL SELECT raw, day::DATE FROM parsed_dates"
    )
    con.unregister("parsed_dates")
    con.execute("DROP TABLE date_cells")


def date_checks(year: int | None = None) -> list[Check]:
    """Unreadable collection dates (warned: the results still count) and impossible ones —
    after today, or outside the survey year and the year before it (พ.ศ. 2600 read as 2057 CE is
    no collection day): refused, a wrong date would misplace a village's progress."""
    checks = [
        Check(
            "date_invalid",
            "collected_on_raw <> '' AND collected_on IS NULL",
            field="collected_on",
            value="collected_on_raw",
        )
    ]
    if year is not None:
        first, last = f"DATE '{int(year) - 544}-01-01'", f"DATE '{int(year) - 543}-12-31'"
        window = f"{int(year) - 1}–{int(year)}"
        checks.append(
            Check(
                "date_impossible",
                f"collected_on > current_date OR collected_on < {first} OR collected_on > {last}",
                field="collected_on",
                value="collected_on_raw",
                detail=f"'{window}'",
            )
        )
    return checks
