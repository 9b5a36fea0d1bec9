"""`cia check`, `cia progress`, `cia report`, `cia review`, `cia register` and `cia certify` on the demo
and on small files: CSV rows read back, documents written, refusals with Thai messages."""

import io

import pandas as pd

from analysis.checks.certify import certification_store_for
from analysis.checks.register import read_register
from analysis.cli import main
from analysis.contest.pdf import pdf_page_count
from tests.conftest import write


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_check_prints_one_row_per_finding(demo_workspace, capsys):
    code, out, err = run(
        capsys, "check", "--workspace", demo_workspace.root, "--area", "990105", "--year", 2567, "--as-of", "1/4/2567"
    )
    assert code == 0
    frame = pd.read_csv(io.StringIO(out), dtype=str)
    assert list(frame.columns) == [
        "severity",
        "rule",
        "village_code",
        "indicator_id",
        "household_id",
        "value",
        "message",
    ]
    errors = frame[frame["severity"] == "error"]
    assert sorted(set(zip(errors["rule"], errors["village_code"], strict=True))) == [
        ("check_collection_overdue", "99010505"),
        ("check_income_zero_pass", "99010504"),
        ("check_pair_inconsistent", "99010503"),
    ]
    assert "ตรวจ 990105 ปี 2567: ข้อผิดพลาด 6 · คำเตือน 1 · 6 หมู่บ้าน" in err
    english = main(["--lang", "en", "check", "--workspace", str(demo_workspace.root), "--area", "99010504"])
    assert english == 0
    assert "Income 0 baht but passes the income indicator (29)" in capsys.readouterr().out


def test_progress_by_tambon_and_volunteer(demo_workspace, capsys, tmp_path):
    code, out, _ = run(capsys, "progress", "--workspace", demo_workspace.root, "--area", "9901", "--by", "tambon")
    tambons = pd.read_csv(io.StringIO(out), dtype={"area_code": str}).set_index("area_code")
    assert len(tambons) == 6 and tambons.loc["990101", "pct_complete"] == 100.0
    assert tambons.loc["990105", "villages_late"] == 1 and tambons["villages"].sum() == 45
    code, out, _ = run(
        capsys, "progress", "--workspace", demo_workspace.root, "--area", "99010101", "--by", "volunteer"
    )
    volunteers = pd.read_csv(io.StringIO(out))
    assert volunteers["collector"].tolist() == ["อช.99010101-1", "อช.99010101-2"]
    assert volunteers["households_collected"].sum() == 171
    code, _, err = run(capsys, "progress", "--workspace", demo_workspace.root, "--area", "990101", "--by", "amphoe")
    assert code == 2 and "ไม่มีระดับ amphoe ใต้พื้นที่ 990101" in err


def test_reports_and_the_review_sheet_are_written(demo_workspace, capsys, tmp_path):
    for kind, area, name in (
        ("district", "9901", "d.pdf"),
        ("tambon", "990101", "t.xlsx"),
        ("progress", "9901", "p.pdf"),
    ):
        code, _, err = run(
            capsys, "report", kind, "--workspace", demo_workspace.root, "--area", area, "--out", tmp_path / name
        )
        assert code == 0 and "บันทึกไฟล์" in err
    assert pdf_page_count((tmp_path / "p.pdf").read_bytes()) == 1
    assert pdf_page_count((tmp_path / "d.pdf").read_bytes()) >= 2
    assert (tmp_path / "t.xlsx").read_bytes()[:2] == b"PK"
    code, _, err = run(
        capsys,
        "report",
        "district",
        "--workspace",
        demo_workspace.root,
        "--area",
        "990101",
        "--out",
        tmp_path / "x.pdf",
    )
    assert code == 2 and "รายงานอำเภอต้องใช้รหัสอำเภอ 4 หลัก" in err
    code, _, _ = run(
        capsys, "review", "--workspace", demo_workspace.root, "--area", "99010503", "--out", tmp_path / "r.pdf"
    )
    assert code == 0 and pdf_page_count((tmp_path / "r.pdf").read_bytes()) in (1, 2)


def test_register_import_and_certify(workspace, capsys, tmp_path):
    path = write(tmp_path / "reg.csv", "รหัสหมู่บ้าน,ครัวเรือนเป้าหมาย\n31010101,12\n31010102,8\n")
    code, out, _ = run(
        capsys, "register", "import", path, "--workspace", workspace.root, "--year", 2567, "--deadline", "29/3/2567"
    )
    assert code == 0 and "บันทึกทะเบียนครัวเรือนเป้าหมายปี 2567 แล้ว: 2 หมู่บ้าน 20 ครัวเรือน" in out
    assert read_register(workspace, 2567).deadline.isoformat() == "2024-03-29"
    bad = write(tmp_path / "bad.csv", "รหัสหมู่บ้าน,ครัวเรือนเป้าหมาย\n3101010,12\n")
    code, _, err = run(
        capsys, "register", "import", bad, "--workspace", workspace.root, "--year", 2567, "--deadline", "29/3/2567"
    )
    assert code == 1 and "รหัสหมู่บ้านไม่ถูกต้อง: '3101010'" in err
    code, _, err = run(
        capsys, "register", "import", path, "--workspace", workspace.root, "--year", 2567, "--deadline", "29/3/2024"
    )
    assert code == 2 and "2567" in err  # a ค.ศ. year is refused, naming the พ.ศ. one
    code, _, err = run(
        capsys, "certify", "31010101", "--workspace", workspace.root, "--year", 2567, "--status", "certified"
    )
    assert code == 1 and "ไม่ข้ามขั้น" in err
    code, out, _ = run(
        capsys,
        "certify",
        "31010101",
        "--workspace",
        workspace.root,
        "--year",
        2567,
        "--status",
        "checked",
        "--note",
        "ตรวจ",
    )
    assert code == 0 and "หมู่บ้าน 31010101 ปี 2567: ตรวจแล้ว" in out
    code, out, _ = run(
        capsys, "certify", "31010101", "--workspace", workspace.root, "--year", 2567, "--status", "certified"
    )
    assert code == 0 and certification_store_for(workspace.root).record("31010101", 2567).status == "certified"
