"""Checks shared by the plan forms, the workbook import and the CLI: typed numbers, budget and KPI
rows, unscored matrix cells; the One Plan roll-up of covering projects; names in the downloads."""

import io
import math

import openpyxl
import pandas as pd
import pytest

from analysis.plans.exports import matrix_xlsx, projects_csv, projects_workbook
from analysis.plans.imports import read_projects_workbook
from analysis.plans.matrix import score
from analysis.plans.oneplan import covers, unaddressed
from analysis.plans.records import KPI, Budget, MatrixItemRecord, MatrixRecord, ProjectRecord, VillageCover
from analysis.plans.validation import parse_number, validate_matrix, validate_project
from tests.test_plans_store import project


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("150,000", 150000.0),
        ("150000", 150000.0),
        ("150,000.50", 150000.5),
        ("๑๕๐,๐๐๐", 150000.0),
        ("150,000 บาท", 150000.0),
        (" 1,234,567 ", 1234567.0),
        ("-5", -5.0),
        (80000, 80000.0),
        (0.25, 0.25),
    ],
)
def test_numbers_as_people_type_them(typed, value):
    assert parse_number(typed) == value


@pytest.mark.parametrize("typed", ["1,50,000", "สองแสน", "", "12a", "1.2.3", True, math.nan])
def test_what_is_not_a_number_is_refused_not_guessed(typed):
    with pytest.raises(ValueError):
        parse_number(typed)


def problems_of(record: ProjectRecord) -> list[tuple[str, str]]:
    return [(field, thai) for field, thai, _ in validate_project(record)]


def test_an_incomplete_budget_row_is_an_error_on_that_row_never_dropped():
    record = project(
        budgets=[
            Budget(2570, None, 5000.0),  # no source
            Budget(None, "lao", 1000.0),  # no year
            Budget(2571, "pao", None),  # no amount
            Budget(2570, "cdd", 1.0),
            Budget(2570, "cdd", 2.0),  # the same year and source twice
        ]
    )
    assert problems_of(record) == [
        ("budgets.0.source", "งบประมาณแถวที่ 1: ยังไม่ได้เลือกแหล่งงบประมาณ"),
        ("budgets.1.fiscal_year", "งบประมาณแถวที่ 2: ยังไม่ได้เลือกปีงบประมาณ"),
        ("budgets.2.amount", "งบประมาณแถวที่ 3: ยังไม่ได้กรอกจำนวนเงิน"),
        ("budgets.4.source", "งบประมาณปี 2570 แหล่ง กรมการพัฒนาชุมชน ซ้ำ"),
    ]
    assert validate_project(project()) == []


def test_kpi_rows_need_a_name_and_be_years_in_order():
    record = project(
        kpis=[
            KPI(""),
            KPI("ร้อยละผ่านเกณฑ์", baseline_year=2024),  # a C.E. year
            KPI("ร้อยละผ่านเกณฑ์", baseline_year=2569, target_year=2568),
        ]
    )
    assert problems_of(record) == [
        ("kpis.0.name", "ตัวชี้วัดที่ 1: ต้องมีชื่อตัวชี้วัด"),
        ("kpis.1.baseline_year", "ตัวชี้วัดที่ 2: ปีต้องเป็น พ.ศ. 4 หลัก (ได้ 2024)"),
        ("kpis.2.target_year", "ตัวชี้วัดที่ 3: ปีเป้าหมายต้องไม่ก่อนปีค่าฐาน"),
    ]


def test_the_workbook_import_gives_the_form_s_messages_and_reads_typed_amounts():
    good = project()
    good.id, good.version = 1, 1
    book = openpyxl.load_workbook(io.BytesIO(projects_workbook([good])))
    sheet = book["งบประมาณ"]
    assert [c.value for c in sheet[1]] == ["รหัสโครงการ", "ปีงบประมาณ (พ.ศ.)", "แหล่งงบประมาณ", "จำนวนเงิน (บาท)"]
    sheet["C2"].value = None  # the first budget row loses its source
    sheet["D3"].value = "๘๐,๐๐๐.๕๐"  # an amount typed as text, in Thai digits
    buffer = io.BytesIO()
    book.save(buffer)
    records, report = read_projects_workbook(buffer.getvalue(), "edited.xlsx")
    invalid = [p.message_th for p in report.problems if p.rule == "plan_record_invalid"]
    assert invalid == ["โครงการบันทึกไม่ได้: งบประมาณแถวที่ 1: ยังไม่ได้เลือกแหล่งงบประมาณ"]
    assert [(b.fiscal_year, b.source, b.amount) for b in records[0].budgets] == [
        (2569, None, 150000.0),
        (2569, "lao", 80000.5),
        (2570, "pao", 200000.0),
    ]


def test_a_matrix_with_blank_scores_is_refused_naming_the_cells():
    matrix = MatrixRecord(
        "990101",
        2567,
        "เวที",
        items=[MatrixItemRecord("ปัญหา ก", 3, None, 2, None), MatrixItemRecord("ปัญหา ข", 2, 2, 2, 2)],
    )
    assert [(f, th) for f, th, _ in validate_matrix(matrix)] == [
        ("items.0", "ยังไม่ได้ให้คะแนน 'ปัญหา ก': ความรุนแรง, ความตระหนักของชุมชน")
    ]
    with pytest.raises(ValueError):
        score(matrix)
    matrix.items[0].severity, matrix.items[0].concern = 4, 1
    assert validate_matrix(matrix) == [] and [i.total for i in score(matrix).items] == [10, 8]


def test_one_plan_counts_a_project_from_above_only_when_it_covers_the_whole_area():
    tambon_villages = ["99010101", "99010102", "99010103"]

    def made(area, indicator, villages):
        return ProjectRecord(
            area,
            "amphoe",
            indicator,
            catalog_id="c",
            indicator_id=indicator,
            villages=[VillageCover(v) for v in villages],
        )

    whole = made("9901", "29", [*tambon_villages, "99010201"])  # every village of the tambon, and more
    part = made("9901", "21", ["99010101", "99010201"])  # one of its villages only
    province = made("99", "9", [])  # no village list: the whole province
    elsewhere = made("990102", "30", ["99010201"])  # another tambon
    below = made("99010102", "4", ["99010102"])  # a village project inside the tambon
    projects = [whole, part, province, elsewhere, below]
    assert [covers(p, "990101", tambon_villages) for p in projects] == [True, False, True, False, True]
    problems = pd.DataFrame(
        {"catalog_id": ["c"] * 5, "indicator_id": ["29", "21", "9", "30", "4"], "rank": range(1, 6)}
    )
    assert unaddressed(problems, projects, "990101", tambon_villages)["indicator_id"].tolist() == ["21", "30"]
    # for the one village the partial project covers, its problem is addressed
    assert unaddressed(problems, projects, "99010101", ["99010101"])["indicator_id"].tolist() == ["30", "4"]
    # without knowing the tambon's villages, a project with a village list is not counted from above
    assert covers(whole, "990101") is False


def test_downloads_name_domains_catalogs_and_sources_in_thai():
    frame = pd.read_csv(io.BytesIO(projects_csv([project()])))
    row = frame.iloc[0]
    assert row["ด้าน"] == "รายได้ / เศรษฐกิจ"  # not "income"
    assert row["ชุดตัวชี้วัด"] == "เครื่องชี้วัดความจำเป็นพื้นฐาน (จปฐ.) ปี 2566–2570"
    assert (row["วันเริ่มต้น"], row["วันสิ้นสุด"]) == ("1 ต.ค. 2568", "30 ก.ย. 2569")
    assert row["งบประมาณ"].splitlines() == [
        "2569 กรมการพัฒนาชุมชน 150,000.00",
        "2569 อปท. 80,000.50",
        "2570 อบจ. 200,000.00",
    ]
    assert "income" not in frame.to_csv() and "lao" not in frame.to_csv()
    book = openpyxl.load_workbook(io.BytesIO(projects_workbook([project()])))
    headers = [c.value for c in book["โครงการ"][1]]
    assert book["โครงการ"].cell(row=2, column=headers.index("ด้าน") + 1).value == "รายได้ / เศรษฐกิจ"
    matrix = score(MatrixRecord("990101", 2567, "เวที", items=[MatrixItemRecord("ก", 4, 3, 2, 4, domain="living")]))
    sheet = openpyxl.load_workbook(io.BytesIO(matrix_xlsx(matrix, "ตำบลหนองบัว"))).active
    assert sheet.cell(row=7, column=3).value == "ความเป็นอยู่"
