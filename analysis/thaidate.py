"""Dates as Thai users type and read them: พ.ศ. years, Thai month names, Thai digits, Bangkok time.

Typed forms accepted (Thai or Arabic digits):
    2569/10/01 · 2569-10-01 · 1/10/2569 · 01-10-2569 · 1.10.2569
    1 ต.ค. 2569 · 1 ตุลาคม 2569 · 1 ตุลา 2569 · วันที่ 1 ตุลาคม พ.ศ. 2569 · 1 Oct 2569

Decision: the year must be a four-digit พ.ศ. year. A ค.ศ. year (2026) or a two-digit year (69) is
refused with a hint naming the พ.ศ. year, never converted silently: a guessed century or era would
put a project in the wrong fiscal year without anyone noticing.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from analysis.formatting import BANGKOK, BE_OFFSET, EN_MONTHS_SHORT, THAI_MONTHS_SHORT, fiscal_year_be, to_bangkok
from analysis.i18n import translate

__all__ = ["BANGKOK", "ThaiDateError", "fiscal_year_of", "fmt_date_th", "parse_thai_date", "to_bangkok"]
BE_YEARS = range(2400, 2701)
CE_YEARS = range(1800, 2201)
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
THAI_MONTHS_FULL = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
EN_MONTHS_FULL = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


def _month_key(text: str) -> str:
    """ "ต.ค." → "ตค", "Oct." → "oct": the spelling without dots, spaces and case."""
    return re.sub(r"[\s.]", "", text).lower()


# spoken short forms too: มกรา, กุมภา, เมษา, ตุลา (the full name without คม / ยน / พันธ์)
THAI_MONTHS_SPOKEN = tuple(re.sub(r"(คม|ยน|พันธ์)$", "", name) for name in THAI_MONTHS_FULL)
MONTHS = {
    _month_key(name): number
    for names in (THAI_MONTHS_FULL, THAI_MONTHS_SHORT, THAI_MONTHS_SPOKEN, EN_MONTHS_SHORT, EN_MONTHS_FULL)
    for number, name in enumerate(names, start=1)
}
NUMERIC = re.compile(r"^(\d{1,4})\s*([/\-.])\s*(\d{1,2})\s*\2\s*(\d{1,4})$")
WORDED = re.compile(r"^(\d{1,2})\s*([^\d]+?)\s*(\d{1,4})$")
NOISE = re.compile(r"^วันที่\s*|พ\.?\s?ศ\.?|\bB\.?E\.?", re.IGNORECASE)


class ThaiDateError(ValueError):
    """A typed date that cannot be read; ``message(lang)`` says why and how to write it."""

    def __init__(self, key: str, **values: object):
        self.key, self.values = key, values
        super().__init__(self.message("en"))

    def message(self, lang: str = "th") -> str:
        return translate(f"thaidate.err.{self.key}", lang, **self.values)


def parse_thai_date(text: str | None) -> date | None:
    """The date a user typed (None when blank); ThaiDateError when it cannot be read."""
    raw = (text or "").strip()
    if not raw:
        return None
    cleaned = " ".join(NOISE.sub(" ", raw.translate(THAI_DIGITS)).split())
    numeric = NUMERIC.match(cleaned)
    if numeric:
        first, _, month, last = numeric.groups()
        if len(first) == 4:
            day, year = last, first
        elif len(last) == 4:
            day, year = first, last
        else:
            raise ThaiDateError("short_year", text=raw)
        return _build(int(day), int(month), year, raw)
    worded = WORDED.match(cleaned)
    if worded:
        day, month_name, year = worded.groups()
        month = MONTHS.get(_month_key(month_name))
        if month is None:
            raise ThaiDateError("month_name", text=raw, name=month_name)
        return _build(int(day), month, year, raw)
    raise ThaiDateError("unreadable", text=raw)


def _build(day: int, month: int, year_text: str, raw: str) -> date:
    if len(year_text) != 4:
        raise ThaiDateError("short_year", text=raw)
    year = int(year_text)
    if year in CE_YEARS:
        raise ThaiDateError("ce_year", year=year, be=year + BE_OFFSET)
    if year not in BE_YEARS:
        raise ThaiDateError("year_range", year=year, low=BE_YEARS[0], high=BE_YEARS[-1])
    if not 1 <= month <= 12:
        raise ThaiDateError("month", text=raw, month=month)
    try:
        return date(year - BE_OFFSET, month, day)
    except ValueError:
        raise ThaiDateError("no_such_day", day=day, month=THAI_MONTHS_SHORT[month - 1], year=year) from None


def fmt_date_th(day: date | None, lang: str = "th") -> str:
    """ "1 ต.ค. 2569" (English: "1 Oct 2569"); "–" for no date."""
    if day is None:
        return "–"
    months = THAI_MONTHS_SHORT if lang == "th" else EN_MONTHS_SHORT
    return f"{day.day} {months[day.month - 1]} {day.year + BE_OFFSET}"


def fiscal_year_of(day: date) -> int:
    """The Thai fiscal year (พ.ศ.) a date falls in: fiscal year N runs 1 Oct N−1 to 30 Sep N."""
    return fiscal_year_be(day)


def fiscal_year_span(year_be: int) -> tuple[date, date]:
    """First and last day of fiscal year ``year_be``."""
    year_ce = year_be - BE_OFFSET
    return date(year_ce - 1, 10, 1), date(year_ce, 9, 30)


def today_bangkok() -> date:
    return datetime.now(BANGKOK).date()
