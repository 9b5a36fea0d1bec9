"""Numbers and dates in Thai conventions: comma thousands, one-decimal percentages, พ.ศ. years."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone

BE_OFFSET = 543
BANGKOK = timezone(timedelta(hours=7), "Asia/Bangkok")  # Thailand keeps +07:00 all year (no DST)
EN_MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
THAI_MONTHS_SHORT = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
MISSING = "–"


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def fmt_int(value: object) -> str:
    """12,345 — or "–" for a missing value."""
    return MISSING if _missing(value) else f"{round(float(value)):,}"  # type: ignore[arg-type]


def fmt_pct(value: object, digits: int = 1) -> str:
    """12.3% — or "–" for a missing value."""
    return MISSING if _missing(value) else f"{float(value):,.{digits}f}%"  # type: ignore[arg-type]


def fmt_share(value: object, digits: int = 1) -> str:
    """A small share as "<0.1%" rather than "0.0%": a village's part of a province rounds to 0 yet
    is not nothing. Otherwise as fmt_pct."""
    smallest = 10.0**-digits
    if not _missing(value) and 0 < float(value) < smallest / 2:  # type: ignore[arg-type]
        return f"<{smallest:.{digits}f}%"
    return fmt_pct(value, digits)


def fmt_number(value: object, digits: int = 1) -> str:
    return MISSING if _missing(value) else f"{float(value):,.{digits}f}"  # type: ignore[arg-type]


def to_be(year_ce: int) -> int:
    return year_ce + BE_OFFSET


def to_bangkok(moment: datetime) -> datetime:
    """``moment`` in Bangkok time. A naive value is taken as UTC: the plans database stores UTC and
    SQLite hands it back without a zone."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BANGKOK)


def fmt_datetime_th(value: str | datetime, lang: str = "th") -> str:
    """ "21 พ.ย. 2569 16:01" in Bangkok time (English: "21 Nov 2569 16:01"), from an ISO timestamp
    or a datetime."""
    moment = to_bangkok(datetime.fromisoformat(value) if isinstance(value, str) else value)
    months = THAI_MONTHS_SHORT if lang == "th" else EN_MONTHS_SHORT
    return f"{moment.day} {months[moment.month - 1]} {to_be(moment.year)} {moment:%H:%M}"


def fiscal_year_be(day: date) -> int:
    """Thai fiscal year (พ.ศ.) of a date: fiscal year N runs 1 Oct N−1 to 30 Sep N."""
    year = day.year + 1 if day.month >= 10 else day.year
    return to_be(year)
