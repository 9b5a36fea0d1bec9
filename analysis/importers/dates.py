"""Collection dates of household rows, read once per distinct cell and joined back.

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


def resolve_dates(session: ImportSession) -> None:
    """Fill ``date_keys`` from the distinct collection-date cells of ``rows``."""
    values = [v for (v,) in session.con.execute("SELECT DISTINCT collected_on_raw FROM rows").fetchall()]
    days = []
    for text in values:
        try:
            days.append(parse_collection_date(text))
        except ValueError:
            days.append(None)
    keys = pd.DataFrame({"collected_on_raw": values, "collected_on": pd.to_datetime(pd.Series(days, dtype=object))})
    session.con.register("parsed_dates", keys)
    session.con.execute(
        "CREATE OR REPLACE TABLE date_keys AS SELECT collected_on_raw, collected_on::DATE AS collected_on FROM parsed_dates"
    )
    session.con.unregister("parsed_dates")


def date_checks() -> list[Check]:
    return [
        Check(
            "date_invalid",
            "collected_on_raw <> '' AND collected_on IS NULL",
            field="collected_on",
            value="collected_on_raw",
        )
    ]
