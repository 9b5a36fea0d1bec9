"""Published files as they are: community codes with letters, the file's own households, members
and unit, a household import of an aggregate table, importing the valid rows on request, every
problem file named in one pass, and the README's flag values accepted by the command. Expected
tables are computed by hand from the small files below."""

from __future__ import annotations

import re

from analysis.importers.pipeline import import_file, import_files
from analysis.validation import SHOWN_PER_RULE
from tests.conftest import ROOT, write

PORTAL = "village_ID,household.CNT,HOUSEMEMBER_CNT,indicator1.ALL,indicator1.CNT,indicator4.ALL,indicator4.CNT"
#: Hat Yai (9011): tambon 901101 with two villages, and its city municipality (pseudo-tambon 901151)
#: whose communities are numbered with a letter, beside one village of the municipality
LETTERS = f"""{PORTAL}
9011010101,40,120,12,3,40,4
9011010201,30,90,9,1,30,6
901151A001,50,150,15,5,50,10
901151a101,20,70,7,0,20,2
9011510301,10,30,3,3,10,1"""


def counts(workspace, code: str) -> dict[str, tuple[int, int, int]]:
    rows = workspace.rows("area_indicator", area=code, year=2564)
    return {
        r.indicator_id: (int(r.applicable), int(r.pass_), int(r.fail))
        for r in rows.rename(columns={"pass": "pass_"}).itertuples()
    }


def summary(workspace, code: str) -> tuple:
    row = workspace.rows("area_summary", area=code, year=2564).iloc[0]
    return int(row["households"]), int(row["people"]), int(row["villages"])


def test_communities_numbered_with_a_letter_roll_up_to_their_tambon(workspace, tmp_path):
    path = write(tmp_path / "hatyai.csv", LETTERS)
    prepared, info = import_file(workspace, "bmn-agg", path, year=2564)
    assert info is not None, prepared.report.to_frame()
    assert not [p for p in prepared.report.problems if p.severity == "error"]
    # by hand: 901101 = rows 1+2; 901151 = A001 + A101 + village 03; amphoe and province = all five
    assert counts(workspace, "901101") == {"1": (21, 17, 4), "4": (70, 60, 10)}
    assert counts(workspace, "901151") == {"1": (25, 17, 8), "4": (80, 67, 13)}
    assert counts(workspace, "9011") == {"1": (46, 34, 12), "4": (150, 127, 23)}
    assert counts(workspace, "90") == counts(workspace, "9011")
    assert counts(workspace, "901151A001") == {"1": (15, 10, 5), "4": (50, 40, 10)}
    assert counts(workspace, "901151A101") == {"1": (7, 7, 0), "4": (20, 18, 2)}  # kept as given, in capitals
    assert summary(workspace, "901151") == (80, 250, 3)  # each lettered community counts as one unit
    assert summary(workspace, "9011") == (150, 460, 5)
    village_codes = set(workspace.rows("area_indicator", level="village", year=2564)["area_code"])
    assert village_codes == {"90110101", "90110102", "90115103"}  # no made-up village "901151A0"
    levels = workspace.rows("area_indicator", area=["901151A001", "901151A101"], year=2564)["level"]
    assert set(levels) == {"community"}
    names = workspace.register().display_names(["901151A001", "90110101"], "th")
    assert names == {"901151A001": "ชุมชน A001 เขตเทศบาล (901151)", "90110101": "หมู่ที่ 1 ต.หาดใหญ่"}
    assert workspace.register().display_name("901151A001", "en") == "Community A001"


def test_the_files_own_households_and_members_are_used(workspace, tmp_path):
    path = write(tmp_path / "hatyai.csv", LETTERS)
    prepared, info = import_file(workspace, "bmn-agg", path, year=2564)
    assert info.meta["households"] == 150 and info.meta["people"] == 460
    assert summary(workspace, "901101") == (70, 210, 2)
    assert prepared.mapping.fields["households"] == "household.CNT"
    assert prepared.mapping.fields["population"] == "HOUSEMEMBER_CNT"
    thai = "รหัสตำบล,จำนวนครัวเรือนทั้งหมด,จำนวนสมาชิกทั้งหมด,ตัวชี้วัด,ผ่าน,ไม่ผ่าน\n310101,12,40,4,10,2\n"
    prepared, info = import_file(workspace, "bmn-agg", write(tmp_path / "thai.csv", thai), year=2566)
    assert (info.meta["households"], info.meta["people"]) == (12, 40)


def test_a_file_whose_household_indicators_exceed_its_households_counts_persons(workspace, tmp_path):
    # indicator 4 (a household indicator) applies to 300 units in a village of 100 households
    text = f"{PORTAL}\n3101010101,100,300,300,30,300,10\n3101010201,50,140,140,14,140,7"
    prepared, info = import_file(workspace, "bmn-agg", write(tmp_path / "p.csv", text), year=2564)
    assert info.meta["count_unit"] == "person" and info.meta["count_unit_source"] == "shape"
    assert set(workspace.rows("area_indicator", area="310101")["count_unit"]) == {"person"}
    assert "count_unit_from_shape" in prepared.report.rules_hit()
    # no households column: the shape cannot tell, each indicator keeps its catalog unit
    bare = "village_ID,indicator1.ALL,indicator1.CNT,indicator4.ALL,indicator4.CNT\n3102010101,300,30,300,10"
    prepared, info = import_file(workspace, "bmn-agg", write(tmp_path / "b.csv", bare), year=2564)
    units = workspace.rows("area_indicator", area="310201").set_index("indicator_id")["count_unit"].to_dict()
    assert units == {"1": "person", "4": "household"}
    assert info.meta["count_unit_source"] == "catalog"


def test_a_household_import_of_an_aggregate_table_names_the_kind_to_choose(workspace, tmp_path):
    path = write(tmp_path / "hatyai.csv", LETTERS)
    prepared, info = import_file(workspace, "bmn", path, year=2564)
    assert info is None
    assert prepared.report.rules_hit() == {"file_is_aggregates"}  # not "household_id missing, fix the file"
    problem = prepared.report.problems[0]
    assert "cia import bmn-agg" in problem.message_th and "ไม่ต้องแก้ไขไฟล์" in problem.message_th
    assert "BMN area aggregates" in problem.message_en


BAD = f"""{PORTAL}
3101010101,40,120,12,3,40,4
31010102XX,30,90,9,1,30,6
3101010301,20,60,6,x,20,2
3101010401,10,30,3,1,10,1
3101010401,10,30,3,2,10,1"""


def test_valid_rows_are_imported_only_on_request_and_the_rest_set_aside(workspace, tmp_path, capsys):
    from analysis.cli import main

    path = write(tmp_path / "bad.csv", BAD)
    prepared, info = import_file(workspace, "bmn-agg", path, year=2564)
    assert info is None  # off by default: all or nothing
    assert {"bad_code_format", "not_a_number", "duplicate_area_indicator"} <= prepared.report.rules_hit()
    prepared, info = import_file(workspace, "bmn-agg", path, year=2564, keep_valid=True)
    assert info is not None, prepared.report.to_frame()
    # rows 3 (bad code), 4 (not a number) and 6 (the second 3101010401) set aside; rows 2 and 5 kept
    assert info.meta["set_aside"] == 3 and info.meta["set_aside_files"] == {"bad.csv": 3}
    assert counts(workspace, "310101") == {"1": (15, 11, 4), "4": (50, 45, 5)}
    assert summary(workspace, "310101")[:2] == (50, 150)
    listed = {(p.rule, p.row) for p in prepared.report.problems if p.severity == "error"}
    assert {("bad_code_format", 3), ("not_a_number", 4), ("duplicate_area_indicator", 6)} <= listed
    assert main(["datasets", "-w", str(workspace.root)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith(",set_aside") and out[1].endswith(",3")


def test_an_error_of_the_whole_file_is_never_set_aside(workspace, tmp_path):
    text = "รหัสบ้าน,indicator1.ALL,indicator1.CNT\n1,10,2"  # no area column at all
    prepared, info = import_file(workspace, "bmn-agg", write(tmp_path / "x.csv", text), year=2564, keep_valid=True)
    assert info is None and "no_area_columns" in prepared.report.rules_hit()


def test_every_file_with_problems_is_named_in_one_pass(workspace, tmp_path):
    header = "รหัสพื้นที่,ตัวชี้วัด,ผ่าน,ไม่ผ่าน"
    many = "\n".join(f"3101010{i % 9 + 1}X{i},1,5,5" for i in range(SHOWN_PER_RULE + 5))
    first = write(tmp_path / "10.csv", f"{header}\n{many}")  # more bad codes than a report lists
    second = write(tmp_path / "11.csv", f"{header}\n3101010101,1,5,5")
    third = write(tmp_path / "12.csv", f"{header}\n31010101XY,1,5,5")
    prepared, info = import_files(workspace, "bmn-agg", [first, second, third], year=2564)
    assert info is None
    files = prepared.report.by_file().set_index("file")
    assert files.loc["10.csv", "error"] == SHOWN_PER_RULE + 5
    assert files.loc["12.csv", "error"] == 1
    assert "11.csv" not in files.index


def test_the_readme_and_the_command_agree_on_every_flag_value():
    from analysis.cli import build_parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("## Command line: `cia`") :]
    block = block[block.index("```sh") : block.index("```", block.index("```sh") + 5)]
    parser = build_parser()
    checked = 0
    for line in block.splitlines():
        words = line.split("#")[0].split()
        if words[:1] != ["cia"]:
            continue
        command = []
        for word in words[1:3]:  # the sub-command (its first choice when the README lists several)
            first = word.split("|")[0]
            if not re.fullmatch(r"[a-z][a-z0-9-]*", first):
                break
            command.append(first)
        for flag, values in re.findall(r"(--[a-z-]+)[ =]([A-Za-z0-9/_.:-]+(?:\|[A-Za-z0-9/_.:-]+)+)", line):
            for value in values.split("|"):
                if re.match(r"[A-Z]{2,}", value):
                    continue  # a placeholder (FILE.pdf, CODE)
                args = _minimal(command) + [flag, value]
                try:
                    parser.parse_args(args)
                except SystemExit as error:  # pragma: no cover - what the test exists to catch
                    raise AssertionError(f"README: {line.strip()} — `cia {' '.join(args)}` is refused") from error
                checked += 1
    assert checked >= 20  # the README's commands name many values: they were all tried


def _minimal(command: list[str]) -> list[str]:
    """The smallest arguments that make a command parse (its required ones)."""
    needs = {
        ("areas",): ["--level", "tambon"],
        ("rank",): ["--area", "31"],
        ("trend",): ["--area", "31"],
        ("mpi",): ["--area", "31"],
        ("map", "export"): ["--area", "31", "--layer", "mpi", "--out", "x", "--format", "html"],
        ("map", "boundaries"): ["x.geojson"],
        ("import", "bmn"): ["x.csv"],
        ("import", "bmn-agg"): ["x.csv"],
        ("import", "nrd2c"): ["x.csv"],
        ("contest", "deck"): ["--area", "31", "--out", "x"],
        ("contest", "infographic"): ["--area", "31", "--out", "x"],
        ("plans", "list"): [],
        ("check",): ["--area", "31"],
        ("progress",): ["--area", "31"],
        ("report", "district"): ["--area", "31", "--out", "x.pdf"],
        ("register", "import"): ["x.csv", "--year", "2567", "--deadline", "29/3/2567"],
        ("certify",): ["31010101", "--year", "2567", "--status", "checked"],
        ("users", "add"): ["x", "--role", "viewer"],
    }
    for size in (2, 1):
        key = tuple(command[:size])
        if key in needs:
            return [*key, *needs[key]]
    return list(command)
