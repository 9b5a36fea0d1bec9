"""พ.ศ. dates as typed by hand, shown the Thai way; Bangkok time; fiscal years."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from analysis.formatting import fmt_datetime_th
from analysis.thaidate import ThaiDateError, fiscal_year_of, fiscal_year_span, fmt_date_th, parse_thai_date


@pytest.mark.parametrize(
    "typed",
    [
        "2569/10/01",
        "2569-10-1",
        "1/10/2569",
        "01-10-2569",
        "1.10.2569",
        " 1 / 10 / 2569 ",
        "1 ต.ค. 2569",
        "1 ต.ค.2569",
        "1 ตค 2569",
        "1 ตุลาคม 2569",
        "1 ตุลา 2569",
        "วันที่ 1 ตุลาคม พ.ศ. 2569",
        "๑/๑๐/๒๕๖๙",
        "๑ ต.ค. ๒๕๖๙",
        "1 Oct 2569",
        "1 October 2569",
    ],
)
def test_every_usual_way_of_typing_1_october_2569(typed):
    # 2569 − 543 = 2026
    assert parse_thai_date(typed) == date(2026, 10, 1)


def test_blank_is_no_date():
    assert parse_thai_date("") is None and parse_thai_date("   ") is None and parse_thai_date(None) is None


@pytest.mark.parametrize(
    ("typed", "key", "thai"),
    [
        ("2569/02/30", "no_such_day", "ไม่มีวันที่ 30 ก.พ. 2569"),
        ("29/2/2569", "no_such_day", "ไม่มีวันที่ 29 ก.พ. 2569"),  # 2026 is not a leap year
        ("2026-10-01", "ce_year", "ปี 2026 เป็นปี ค.ศ. — ใส่ปี พ.ศ. (2569)"),
        ("1/10/2026", "ce_year", "ปี 2026 เป็นปี ค.ศ. — ใส่ปี พ.ศ. (2569)"),
        ("1 ต.ค. 2026", "ce_year", "ปี 2026 เป็นปี ค.ศ. — ใส่ปี พ.ศ. (2569)"),
        ("1/10/69", "short_year", "ใส่ปี พ.ศ. 4 หลัก เช่น 1/10/2569 (พิมพ์ไว้: '1/10/69')"),
        ("10/13/2569", "month", "ไม่มีเดือนที่ 13 — เดือนต้องเป็น 1 ถึง 12 (พิมพ์ไว้: '10/13/2569')"),
        ("1 เดือนสิบ 2569", "month_name", "ไม่รู้จักชื่อเดือน 'เดือนสิบ' — ใช้เช่น ต.ค. หรือ ตุลาคม"),
        ("1/10/2800", "year_range", "ปี พ.ศ. 2800 อยู่นอกช่วง 2400–2700"),
        ("พรุ่งนี้", "unreadable", "อ่านวันที่ 'พรุ่งนี้' ไม่ได้ — พิมพ์เช่น 1/10/2569 หรือ 1 ต.ค. 2569"),
        ("1/10-2569", "unreadable", "อ่านวันที่ '1/10-2569' ไม่ได้ — พิมพ์เช่น 1/10/2569 หรือ 1 ต.ค. 2569"),
    ],
)
def test_what_cannot_be_read_is_refused_with_a_thai_reason(typed, key, thai):
    with pytest.raises(ThaiDateError) as error:
        parse_thai_date(typed)
    assert error.value.key == key
    assert error.value.message("th") == thai
    assert error.value.message("en") and error.value.message("en") != thai


def test_leap_day_of_a_leap_year_is_a_date():
    assert parse_thai_date("29 ก.พ. 2567") == date(2024, 2, 29)
    assert parse_thai_date("29 กุมภา 2567") == date(2024, 2, 29)


def test_dates_are_shown_day_short_month_be_year():
    assert fmt_date_th(date(2026, 10, 1)) == "1 ต.ค. 2569"
    assert fmt_date_th(date(2025, 3, 15)) == "15 มี.ค. 2568"
    assert fmt_date_th(date(2026, 10, 1), "en") == "1 Oct 2569"
    assert fmt_date_th(None) == "–"
    # what is shown reads back as the same date
    assert parse_thai_date(fmt_date_th(date(2027, 12, 31))) == date(2027, 12, 31)


def test_times_are_shown_in_bangkok_time():
    # 20:30 UTC on 30 Sep 2026 is 03:30 on 1 Oct 2026 in Bangkok (UTC+7)
    assert fmt_datetime_th(datetime(2026, 9, 30, 20, 30, tzinfo=UTC)) == "1 ต.ค. 2569 03:30"
    # the plans database hands back UTC without a zone (SQLite)
    assert fmt_datetime_th(datetime(2026, 9, 30, 20, 30)) == "1 ต.ค. 2569 03:30"
    assert fmt_datetime_th("2026-11-21T16:01:00+07:00") == "21 พ.ย. 2569 16:01"
    assert fmt_datetime_th("2026-11-21T16:01:00+07:00", "en") == "21 Nov 2569 16:01"  # English pages
    tokyo = timezone(timedelta(hours=9))
    assert fmt_datetime_th(datetime(2026, 1, 1, 9, 0, tzinfo=tokyo)) == "1 ม.ค. 2569 07:00"


def test_fiscal_year_runs_1_october_to_30_september():
    assert fiscal_year_of(date(2025, 9, 30)) == 2568
    assert fiscal_year_of(date(2025, 10, 1)) == 2569
    assert fiscal_year_of(date(2026, 9, 30)) == 2569
    assert fiscal_year_span(2570) == (date(2026, 10, 1), date(2027, 9, 30))
