import io

import pandas as pd
import pytest

from analysis.cli import main
from analysis.views import area_indicator_view
from tests.conftest import write

REQUIRED = [
    "area_code",
    "area_name",
    "level",
    "year",
    "indicator_id",
    "domain",
    "applicable",
    "pass",
    "fail",
    "pct_fail",
]


def test_areas_tambon_csv_prints_one_row_per_tambon_year_indicator(demo_workspace, capsys):
    assert main(["areas", "--workspace", str(demo_workspace.root), "--level", "tambon", "--format", "csv"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype={"area_code": str, "indicator_id": str})
    assert set(REQUIRED) <= set(frame.columns)
    assert not frame.duplicated(["area_code", "year", "indicator_id"]).any()
    assert set(frame["level"]) == {"tambon"}
    assert frame["area_code"].nunique() == 6
    # 31 indicators in 2564 + 37 with data in 2566 and 2567 (the placeholder #37 has none)
    assert len(frame) == 6 * (31 + 37 + 37)
    row = frame[(frame["area_code"] == "990101") & (frame["year"] == 2567) & (frame["indicator_id"] == "9")].iloc[0]
    view = area_indicator_view(demo_workspace, "tambon", 2567, ["990101"]).set_index("indicator_id").loc["9"]
    assert (row["applicable"], row["pass"], row["fail"]) == (view["applicable"], view["pass"], view["fail"])
    assert row["pct_fail"] == pytest.approx(round(view["pct_fail"], 2))
    assert row["area_name"] == "ตำบลหนองบัว"


def test_areas_xlsx_to_file(demo_workspace, tmp_path):
    out = tmp_path / "v.xlsx"
    assert (
        main(
            [
                "areas",
                "-w",
                str(demo_workspace.root),
                "--level",
                "village",
                "--year",
                "2566",
                "--format",
                "xlsx",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    frame = pd.read_excel(out, dtype={"area_code": str})
    assert frame["area_code"].nunique() == 45 and set(frame["year"]) == {2566}


def test_import_exit_codes_and_report(workspace, tmp_path, capsys):
    good = write(tmp_path / "good.csv", "รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,ข้อ 4\n31010101,1,2,1")
    bad = write(tmp_path / "bad.csv", "รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,ข้อ 4\n31010102,1,0,1")
    assert main(["import", "bmn", str(good), "-w", str(workspace.root), "--year", "2564"]) == 0
    assert "นำเข้าแล้ว" in capsys.readouterr().out
    report = tmp_path / "report.csv"
    assert main(["import", "bmn", str(bad), "-w", str(workspace.root), "--year", "2564", "--report", str(report)]) == 1
    out = capsys.readouterr().out
    assert "จำนวนสมาชิกต้องมากกว่า 0" in out and "ไม่ได้นำเข้า" in out
    assert "[ข้อผิดพลาด] bad.csv แถว 2" in out and "[error]" not in out  # the level in Thai too
    assert pd.read_csv(report)["rule"].tolist()[0] == "members_not_positive"
    assert len(workspace.datasets()) == 1


def test_import_with_a_manual_column_map(workspace, tmp_path):
    odd = write(tmp_path / "odd.csv", "รหัสหมู่บ้าน,เลขครัว,คนในบ้าน,คอลัมน์ก\n31010101,1,2,0")
    assert (
        main(
            [
                "import",
                "bmn",
                str(odd),
                "-w",
                str(workspace.root),
                "--year",
                "2564",
                "--map",
                "household_id=เลขครัว",
                "--map",
                "members=คนในบ้าน",
                "--map",
                "ind:4=คอลัมน์ก",
            ]
        )
        == 0
    )
    assert workspace.read("area_indicator", "area_code = '31'")[["indicator_id", "fail"]].values.tolist() == [["4", 1]]


def test_help_is_bilingual(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "นำเข้าไฟล์ข้อมูล / import data files" in out
    with pytest.raises(SystemExit):
        main(["areas", "--help"])
    assert "ระดับพื้นที่ / area level" in capsys.readouterr().out


def test_datasets_listing_and_delete(demo_workspace, capsys):
    assert main(["datasets", "-w", str(demo_workspace.root)]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert len(frame) == 5
    victim = frame[frame["kind"] == "nrd2c"]["dataset_id"].iloc[0]
    assert main(["delete", victim, "-w", str(demo_workspace.root)]) == 0
    assert len(demo_workspace.datasets()) == 4
    assert demo_workspace.read("nrd2c_village").empty


RANK_REQUIRED = ["rank", "scope", "domain", "indicator_id", "title_th", "pct_fail", "n_fail", "applicable"]


def test_rank_command_prints_ranked_problems(workspace, tmp_path, capsys):
    from tests.test_import_household import HOUSEHOLDS

    main(["import", "bmn", str(write(tmp_path / "h.csv", HOUSEHOLDS)), "-w", str(workspace.root), "--year", "2564"])
    capsys.readouterr()
    assert main(["rank", "-w", str(workspace.root), "--area", "310101", "--by", "n_fail", "--format", "csv"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype={"indicator_id": str})
    assert set(RANK_REQUIRED) <= set(frame.columns)
    overall = frame[frame["scope"] == "all"]
    assert overall[["rank", "indicator_id", "n_fail"]].values.tolist() == [
        [1, "22", 3],
        [2, "4", 2],
        [3, "7", 2],
        [4, "1", 1],
    ]
    health = frame[frame["scope"] == "health"]
    assert health["indicator_id"].tolist() == ["4", "7", "1"] and health["rank"].tolist() == [1, 2, 3]
    assert set(frame["scope"]) == {"all", "health", "income"}


def test_mpi_command(workspace, tmp_path, capsys):
    """Hand-worked: weights health 1/6 × 3 (1, 4, 7), income 1/2 (22). Scores 1/6, 2/3, 2/3 (village 1),
    1/3, 1/2 (village 2); k = 1/3 → 4 of 5 poor, A = (2/3 + 2/3 + 1/3 + 1/2) / 4, MPI = 13/30."""
    from tests.test_import_household import HOUSEHOLDS

    main(["import", "bmn", str(write(tmp_path / "h.csv", HOUSEHOLDS)), "-w", str(workspace.root), "--year", "2564"])
    capsys.readouterr()
    assert main(["mpi", "-w", str(workspace.root), "--area", "310101", "--k", "0.3333333", "--format", "csv"]) == 0
    row = pd.read_csv(io.StringIO(capsys.readouterr().out)).iloc[0]
    assert (row["n"], row["q"]) == (5, 4)
    assert row["H"] == pytest.approx(0.8)
    assert row["A"] == pytest.approx(13 / 24, abs=1e-6)
    assert row["MPI"] == pytest.approx(13 / 30, abs=1e-6)
    # contributions: health = (1/6)(censored 1, 4, 7) = (1/6)(1 + 2 + 1)/5 ; income = (1/2)(3/5)
    health = (1 / 6) * (1 + 2 + 1) / 5
    income = 0.5 * 3 / 5
    assert row["contribution_health"] == pytest.approx(100 * health / (13 / 30), abs=1e-3)
    assert row["contribution_income"] == pytest.approx(100 * income / (13 / 30), abs=1e-3)
    assert main(["mpi", "-w", str(workspace.root), "--area", "310101", "--by-village", "--format", "csv"]) == 0
    villages = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype={"area_code": str})
    assert villages["area_code"].tolist() == ["31010101", "31010102"]
    assert (villages["population_share"] * villages["MPI"]).sum() == pytest.approx(13 / 30, abs=1e-5)


def test_plans_commands(demo_workspace, tmp_path, capsys):
    root = str(demo_workspace.root)
    assert main(["plans", "list", "-w", root, "--area", "990101", "--format", "csv"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert frame["รหัสโครงการ"].tolist() == [1, 2, 3]
    assert frame["ระดับแผน"].tolist() == ["แผนพัฒนาตำบล", "แผนพัฒนาตำบล", "แผนพัฒนาหมู่บ้าน"]
    out = tmp_path / "p02.xlsx"
    assert main(["plans", "export-p02", "-w", root, "--area", "9901", "--out", str(out)]) == 0
    import openpyxl

    sheet = openpyxl.load_workbook(out)["ผ.02"]
    assert sheet["A2"].value == "แผนพัฒนา พ.ศ. 2569–2573 · อำเภอสาธิต (สมมติ)"
    assert sheet["A3"].value.startswith("ข้อมูลสาธิต (สมมติ)")
    assert [sheet.cell(row=6 + i, column=2).value for i in range(4)][0] == "โครงการแก้ไขปัญหา: รายได้เฉลี่ยของคนในครัวเรือนต่อปี"
    # total of 2569 across the four demo projects: 150,000 + 80,000 + 20,000 + 60,000 + 90,000
    assert sum(sheet.cell(row=6 + i, column=5).value for i in range(4)) == 400000
    workbook = tmp_path / "plans.xlsx"
    assert main(["plans", "export", "-w", root, "--out", str(workbook)]) == 0
    capsys.readouterr()
    assert main(["plans", "import", str(workbook), "-w", root, "--user", "ทดสอบ"]) == 0
    assert "นำเข้าแล้ว: ใหม่ 0 โครงการ แก้ไข 5 โครงการ" in capsys.readouterr().out  # with the province plan
    assert main(["plans", "import", str(workbook), "-w", root]) == 1  # versions moved on: refused
    assert "ถูกแก้ไขแล้วหลังจากส่งออกไฟล์นี้" in capsys.readouterr().out


def test_map_export_formats(demo_workspace, tmp_path, capsys):
    import json
    import xml.etree.ElementTree as ET

    root = str(demo_workspace.root)
    for fmt in ("geojson", "kml", "html"):
        out = tmp_path / f"m.{fmt}"
        assert (
            main(
                [
                    "map",
                    "export",
                    "-w",
                    root,
                    "--area",
                    "9901",
                    "--layer",
                    "indicator:29",
                    "--format",
                    fmt,
                    "--out",
                    str(out),
                ]
            )
            == 0
        )
    collection = json.loads((tmp_path / "m.geojson").read_text(encoding="utf-8"))
    assert len(collection["features"]) == 6  # the amphoe's tambons (the level below)
    values = demo_workspace.read("area_indicator", "level = 'tambon' AND year = 2567 AND indicator_id = '29'")
    expected = dict(zip(values["area_code"], values["pct_fail"].round(3), strict=True))
    assert {f["properties"]["area_code"]: f["properties"]["value"] for f in collection["features"]} == expected
    kml = ET.parse(tmp_path / "m.kml").getroot()
    names = [n.text for n in kml.iter("{http://www.opengis.net/kml/2.2}name")]
    assert "ตำบลหนองบัว" in names and "กลุ่มออมทรัพย์เพื่อการผลิตบ้านหนองบัว" in names  # tambons and pins
    assert "Leaflet 1.9.4" in (tmp_path / "m.html").read_text(encoding="utf-8")
    assert (
        main(
            [
                "map",
                "export",
                "-w",
                root,
                "--area",
                "9901",
                "--layer",
                "colour",
                "--format",
                "kml",
                "--out",
                str(tmp_path / "x.kml"),
            ]
        )
        == 2
    )


def test_map_boundaries_command(workspace, tmp_path, capsys):
    import geopandas as gpd
    from shapely.geometry import box

    gpd.GeoDataFrame({"tam_code": ["310101"]}, geometry=[box(103, 14.9, 103.1, 15)], crs="EPSG:4326").to_file(
        tmp_path / "t.gpkg", driver="GPKG"
    )
    assert main(["map", "boundaries", str(tmp_path / "t.gpkg"), "-w", str(workspace.root)]) == 0
    assert "นำเข้าขอบเขตระดับตำบล 1 พื้นที่ (คอลัมน์รหัส tam_code" in capsys.readouterr().out
