"""Monthly reports offices owe (data/offices/monthly_reports.toml): the province's best-practice
report by the 25th of every month (seed 002) and the contracted staff's monthly work plan (seed
000), and which office owes which report for which month."""

from __future__ import annotations

from calendar import monthrange
from datetime import date

import pandas as pd

from analysis.codes import AMPHOE_LENGTH, PROVINCE_LENGTH
from analysis.formatting import BE_OFFSET
from analysis.offices.records import MonthlyReport
from analysis.offices.settings import monthly_kinds

OFFICE_LENGTH = {"province": PROVINCE_LENGTH, "amphoe": AMPHOE_LENGTH}
STATUSES = ("sent", "sent_late", "overdue", "due_soon", "not_due")


def kinds() -> dict[str, dict]:
    return monthly_kinds()["kinds"]


def kind_of_office(area_code: str) -> list[str]:
    """The report kinds an office at ``area_code`` owes (by the length of its code)."""
    return [k for k, v in kinds().items() if OFFICE_LENGTH[v["office"]] == len(str(area_code))]


def due_date(kind: str, year_be: int, month: int) -> date:
    """The day the ``kind`` report of month ``month`` of ``year_be`` (พ.ศ.) is due (the declared
    day, or the month's last day when the month is shorter)."""
    spec = kinds()[kind]
    index = (year_be - BE_OFFSET) * 12 + (month - 1) + int(spec["month_offset"])
    year_ce, month_due = divmod(index, 12)
    month_due += 1
    return date(year_ce, month_due, min(int(spec["due_day"]), monthrange(year_ce, month_due)[1]))


def fiscal_months(fiscal_year: int) -> list[tuple[int, int]]:
    """(พ.ศ. year, month) of the twelve months of a fiscal year (October first)."""
    return [(fiscal_year - 1, m) for m in range(10, 13)] + [(fiscal_year, m) for m in range(1, 10)]


def owed(offices: list[str], months: list[tuple[int, int]], reports: list[MonthlyReport], today: date) -> pd.DataFrame:
    """One row per office × report kind it owes × month: the due date, when it was sent and the
    status (sent, sent_late, overdue, due_soon — within remind_days —, not_due). Set-based: the
    offices × the (kind, month) due dates, joined with the reports sent."""
    remind = int(monthly_kinds()["remind_days"])
    columns = ["area_code", "kind", "year", "month", "due", "sent_on", "status"]
    lengths = {k: OFFICE_LENGTH[v["office"]] for k, v in kinds().items()}
    dues = pd.DataFrame(
        [(k, y, m, due_date(k, y, m), length) for k, length in lengths.items() for y, m in months],
        columns=["kind", "year", "month", "due", "length"],
    )
    office_frame = pd.DataFrame({"area_code": pd.Series(offices, dtype="object")})
    office_frame["length"] = office_frame["area_code"].str.len()
    table = office_frame.merge(dues, on="length").drop(columns="length")
    sent = pd.DataFrame(
        [(r.area_code, r.kind, r.year, r.month, r.sent_on) for r in reports],
        columns=["area_code", "kind", "year", "month", "sent_on"],
    )
    table = table.merge(sent, on=["area_code", "kind", "year", "month"], how="left")
    if table.empty:
        return pd.DataFrame(columns=columns)
    table["sent_on"] = table["sent_on"].astype("object").where(table["sent_on"].notna(), None)
    due = pd.to_datetime(table["due"])
    sent_at = pd.to_datetime(table["sent_on"])
    now = pd.Timestamp(today)
    table["status"] = "not_due"
    table.loc[(due - now).dt.days <= remind, "status"] = "due_soon"
    table.loc[now > due, "status"] = "overdue"
    table.loc[sent_at.notna(), "status"] = "sent_late"
    table.loc[sent_at.notna() & (sent_at <= due), "status"] = "sent"
    return table[columns].reset_index(drop=True)


def reminders(table: pd.DataFrame) -> pd.DataFrame:
    """The rows an office must act on: overdue first (oldest first), then due soon."""
    pending = table[table["status"].isin(["overdue", "due_soon"])]
    order = pending["status"].map({"overdue": 0, "due_soon": 1})
    return pending.assign(_order=order).sort_values(["_order", "due"]).drop(columns="_order").reset_index(drop=True)
