"""Page tests with streamlit.testing.v1.AppTest, through the real entry point and navigation."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.formatting import fmt_int
from tests.conftest import write

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
DATA_PAGE = "../pages/data.py"


def app(workspace_root, monkeypatch) -> AppTest:
    monkeypatch.setenv("CIA_WORKSPACE", str(workspace_root))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def table_with(at: AppTest, column: str):
    """The first table shown that has ``column`` (dataframes carry no key in AppTest)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_overview_opens_on_the_demo_amphoe(demo_workspace, monkeypatch):
    at = app(demo_workspace.root, monkeypatch)
    assert at.title[0].value == "ภาพรวมพื้นที่: อำเภอสาธิต (สมมติ)"
    summary = demo_workspace.read("area_summary", "area_code = '9901' AND year = 2567").iloc[0]
    assert metrics(at)["ครัวเรือน"] == fmt_int(summary["households"])
    assert metrics(at)["ประชากร (คน)"] == fmt_int(summary["people"])
    assert metrics(at)["หมู่บ้านที่มีข้อมูล"] == "45"
    assert "ข้อมูลสาธิต (สมมติ)" in at.markdown[1].value
    table = at.dataframe[0].value
    assert table.columns[0] == "ข้อ" and len(table) == 37


def test_picking_a_tambon_and_a_year_changes_the_numbers(demo_workspace, monkeypatch):
    at = app(demo_workspace.root, monkeypatch)
    at.sidebar.selectbox(key="pick_tambon").select("990103").run()
    assert at.title[0].value == "ภาพรวมพื้นที่: ตำบลห้วยทราย"
    at.segmented_control(key="overview_year").set_value(2564).run()
    summary = demo_workspace.read("area_summary", "area_code = '990103' AND year = 2564").iloc[0]
    assert metrics(at)["ครัวเรือน"] == fmt_int(summary["households"])
    assert metrics(at)["ชุดตัวชี้วัด"] == "2560–2564"
    assert len(at.dataframe[0].value) == 31
    worst = at.dataframe[0].value.sort_values("ร้อยละไม่ผ่าน", ascending=False).iloc[0]
    assert worst["ร้อยละไม่ผ่าน"] > 0
    captions = " ".join(c.value for c in at.caption)
    assert "เส้นรายได้ 38,000 บาท/คน/ปี (ยืนยันแล้ว: เกณฑ์ จปฐ. ปี 2560–2564)" in captions  # the note in settings.toml


def test_english_switch(demo_workspace, monkeypatch):
    at = app(demo_workspace.root, monkeypatch)
    at.sidebar.segmented_control(key="lang").set_value("en").run()
    assert at.title[0].value == "Area overview: Amphoe Sathit (fictional)"
    assert "Households" in metrics(at)
    assert at.dataframe[0].value.columns[1] == "Indicator"
    at.switch_page(DATA_PAGE).run()
    imported = table_with(at, "Imported")["Imported"]
    assert imported.str.fullmatch(r"\d{1,2} [A-Z][a-z]{2} 25\d\d \d\d:\d\d").all(), imported.tolist()  # no Thai months


def test_empty_workspace_says_what_to_do(workspace, monkeypatch):
    at = app(workspace.root, monkeypatch)
    assert at.info[0].value.startswith("ยังไม่มีข้อมูลในพื้นที่ทำงาน")


HOUSEHOLDS = """
รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,รายได้,ข้อ 4,ข้อ 23
31010101,1,3,150000,1,1
31010101,2,2,50000,0,1
31010102,1,4,200000,,0
"""


def upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.switch_page(DATA_PAGE).run()
    at.file_uploader(key="import_file").upload(name, content, "text/csv").run()
    at.number_input(key="import_year").set_value(2564).run()
    assert not at.exception, at.exception
    return at


def test_data_page_upload_check_and_import(workspace, monkeypatch, tmp_path):
    at = app(workspace.root, monkeypatch)
    content = write(tmp_path / "h.csv", HOUSEHOLDS).read_bytes()
    upload(at, "h.csv", content)
    limits = [c.value for c in at.caption if "MB ต่อไฟล์" in c.value]
    assert limits == [  # the limit and what to do beyond it, once (it was two overlapping sentences)
        "ขนาดไฟล์ไม่เกิน 200 MB ต่อไฟล์ — ไฟล์ทั้งจังหวัดหรือทั้งประเทศที่ใหญ่กว่านี้: บีบอัดเป็น ZIP"
        " (ข้อมูล จปฐ. บีบอัดได้ราว 10 เท่า) หรือนำเข้าด้วยคำสั่ง cia import บนเซิร์ฟเวอร์"
    ]
    # the uploaded file waits in the workspace's scratch (never the system's temporary folder)
    assert [p.name for p in (workspace.root / ".scratch").glob("upload-*/*")] == ["000-h.csv"]
    editor = next(e for e in at.data_editor if e.key.startswith("map_fields_bmn"))
    fields = editor.value.set_index("field")["header"]
    assert fields["household_id"] == "รหัสบ้าน" and fields["members"] == "จำนวนสมาชิก"
    at.button(key="validate_button").click().run()
    assert at.success[0].value.startswith("ผ่านการตรวจสอบ: 3 ครัวเรือน · 2 หมู่บ้าน · ปี 2564")
    at.button(key="import_button").click().run()
    assert not at.exception, at.exception
    assert [d.file_name for d in workspace.datasets()] == ["h.csv"]
    assert not list((workspace.root / ".scratch").glob("upload-*"))  # gone once imported
    imported = [s.value for s in at.success if s.value.startswith("นำเข้าสำเร็จ")]
    assert imported == ["นำเข้าสำเร็จ: ปี 2564 · จปฐ. รายครัวเรือน · h.csv"]  # as the officer knows it, not its internal id
    assert table_with(at, "ไฟล์").iloc[0]["ไฟล์"] == "h.csv"
    # the new province is offered by the shared area picker
    assert at.sidebar.selectbox(key="pick_province").value == "31"


def test_data_page_names_what_a_replace_removes_and_waits_for_the_tick(workspace, monkeypatch, tmp_path):
    """Issue 21: a partial file replacing a year's data said nothing and removed the rest."""
    from analysis.importers.pipeline import import_file

    assert import_file(workspace, "bmn", write(tmp_path / "all.csv", HOUSEHOLDS), year=2564)[1] is not None
    at = app(workspace.root, monkeypatch)
    part = HOUSEHOLDS.replace("31010102,1,4,200000,,0", "")
    upload(at, "part.csv", write(tmp_path / "part.csv", part).read_bytes())
    at.checkbox(key="import_replace").check().run()
    at.button(key="validate_button").click().run()
    assert any("31010102" in w.value and "1 ครัวเรือน" in w.value for w in at.warning), [w.value for w in at.warning]
    assert at.button(key="import_button").disabled
    at.checkbox(key="import_remove_confirm").check().run()
    at.button(key="import_button").click().run()
    assert not at.exception, at.exception
    assert workspace.rows("area_summary", level="village")["area_code"].tolist() == ["31010101"]


def test_data_page_blocks_a_file_with_errors(workspace, monkeypatch, tmp_path):
    at = app(workspace.root, monkeypatch)
    content = write(tmp_path / "bad.csv", HOUSEHOLDS.replace("31010102,1,4", "31010102,1,0")).read_bytes()
    upload(at, "bad.csv", content)
    at.button(key="validate_button").click().run()
    assert at.error[0].value.startswith("พบข้อผิดพลาด 1 รายการ")
    report = table_with(at, "กฎ")
    row = report[report["กฎ"] == "members_not_positive"].iloc[0]
    assert (str(row["แถว"]), row["คอลัมน์"], row["ค่า"]) == ("4", "จำนวนสมาชิก", "0")
    assert row["ปัญหา"] == "จำนวนสมาชิกต้องมากกว่า 0"
    with pytest.raises(KeyError):
        at.button(key="import_button")
    assert workspace.datasets() == []


def test_data_page_deletes_a_dataset(demo_workspace, monkeypatch):
    at = app(demo_workspace.root, monkeypatch)
    at.switch_page(DATA_PAGE).run()
    listed = table_with(at, "ไฟล์")
    assert len(listed) == 5
    victim = [d.id for d in demo_workspace.datasets() if d.kind == "nrd2c"][0]
    at.selectbox(key="delete_pick").select(victim).run()
    at.checkbox(key="delete_confirm").check().run()
    at.button(key="delete_button").click().run()
    assert not at.exception, at.exception
    assert len(demo_workspace.datasets()) == 4
    assert len(table_with(at, "ไฟล์")) == 4


ODD = """
หมู่บ้านรหัส,เลขครัว,คนในบ้าน,ข้อ 4
31010101,1,3,1
31010101,2,2,0
"""


def test_data_page_mapping_is_corrected_then_remembered(workspace, monkeypatch, tmp_path):
    from analysis.mapping import kind_fields

    at = app(workspace.root, monkeypatch)
    upload(at, "odd.csv", write(tmp_path / "odd.csv", ODD).read_bytes())
    editor = next(e for e in at.data_editor if e.key.startswith("map_fields_bmn"))
    assert editor.value.set_index("field").loc["household_id", "header"] == "— ไม่ใช้ —"
    rows = {f: i for i, f in enumerate(kind_fields("bmn"))}
    at.session_state[editor.key] = {
        "edited_rows": {
            rows["village_code"]: {"header": "หมู่บ้านรหัส"},
            rows["household_id"]: {"header": "เลขครัว"},
            rows["members"]: {"header": "คนในบ้าน"},
        },
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="validate_button").click().run()
    assert at.success[0].value.startswith("ผ่านการตรวจสอบ: 2 ครัวเรือน · 1 หมู่บ้าน")
    at.button(key="import_button").click().run()
    assert len(workspace.datasets()) == 1
    # a second file of the same shape gets the corrected mapping without asking
    second = ODD.replace("31010101", "31010201")
    at.file_uploader(key="import_file").set_value(
        ("odd2.csv", write(tmp_path / "odd2.csv", second).read_bytes(), "text/csv")
    ).run()
    assert any(s.value == "ใช้การจับคู่ที่จำไว้จากไฟล์รูปแบบเดียวกัน" for s in at.success)
    at.button(key="validate_button").click().run()
    at.button(key="import_button").click().run()
    assert len(workspace.datasets()) == 2


COMPARE_PAGE = "../pages/compare.py"
RANK_PAGE = "../pages/rank.py"


def test_compare_page_shows_children_change_and_groups(demo_workspace, monkeypatch):
    at = app(demo_workspace.root, monkeypatch)
    at.sidebar.selectbox(key="pick_tambon").select("990101").run()
    at.switch_page(COMPARE_PAGE).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "เปรียบเทียบพื้นที่ย่อยของ ตำบลหนองบัว"
    assert at.selectbox(key="compare_base").value == 2566
    table = table_with(at, "รวมทุกด้าน (% ไม่ผ่าน)")
    assert len(table) == 7
    village = demo_workspace.rows("area_domain", area="99010105", year=2567, domain="living").iloc[0]  # จปฐ.
    row = table[table["พื้นที่"] == "บ้านสร้างแก้ว (หมู่ 5)"].iloc[0]
    assert row["ความเป็นอยู่ (% ไม่ผ่าน)"] == round(village["pct_fail"], 1)
    base = demo_workspace.rows("area_domain", area="99010105", year=2566, domain="living").iloc[0]
    change = village["pct_fail"] - base["pct_fail"]
    assert row["เปลี่ยนแปลง ความเป็นอยู่"] == (f"▲ +{change:.1f}" if change > 0 else f"▼ −{abs(change):.1f}")
    assert not [d for d in at.dataframe if "ลักษณะกลุ่ม" in d.value.columns]  # grouped only when asked
    at.session_state["compare_groups_open"] = True  # the groups' panel opened
    at.run()
    groups = table_with(at, "ลักษณะกลุ่ม")
    assert len(groups) == 7 and groups["ลักษณะกลุ่ม"].str.startswith("กลุ่มที่").all()
    # a None choice is drawn as the placeholder: it must be Thai, not Streamlit's "Choose an option"
    assert at.selectbox(key="compare_base").placeholder == "— ไม่เทียบ —"
    assert at.selectbox(key="typology_k").placeholder == "อัตโนมัติ (จำนวนกลุ่มที่แยกกันได้ชัดที่สุด)"
    at.selectbox(key="compare_base").select(2564).run()
    assert any("ชุดตัวชี้วัดคนละรอบ" in i.value for i in at.info)


def test_rank_page_ranks_and_summarises(demo_workspace, monkeypatch):
    from analysis.views import rank_problems

    at = app(demo_workspace.root, monkeypatch)
    at.sidebar.selectbox(key="pick_tambon").select("990104").run()
    at.switch_page(RANK_PAGE).run()
    assert not at.exception, at.exception
    expected = rank_problems(demo_workspace, "990104", 2567, "pct_fail").scope("all").iloc[0]
    table = table_with(at, "อันดับ")
    assert (table.iloc[0]["อันดับ"], table.iloc[0]["ข้อ"]) == (1, expected["indicator_id"])
    assert table.iloc[0]["ร้อยละไม่ผ่าน"] == round(expected["pct_fail"], 1)
    summary = [m.value for m in at.markdown if m.value.startswith("- ด้าน")]
    assert len(summary) == 5 and "ปัญหาอันดับ 1 คือ" in summary[0]
    at.radio(key="rank_measure").set_value("mpi").run()
    assert not at.exception, at.exception
    assert table_with(at, "อันดับ").iloc[0]["ค่าที่ใช้จัดลำดับ"] > 0
    at.radio(key="rank_measure").set_value("nrd2c_level1").run()
    assert table_with(at, "อันดับ").columns[3] == "ร้อยละหมู่บ้านระดับ 1"  # the key measure right after the title


def test_rank_page_builds_only_the_open_tab(demo_workspace, monkeypatch):
    from analysis.views import rank_problems

    at = app(demo_workspace.root, monkeypatch)
    at.sidebar.selectbox(key="pick_tambon").select("990104").run()
    at.switch_page(RANK_PAGE).run()
    ranking = rank_problems(demo_workspace, "990104", 2567, "pct_fail")
    ranked = [d.value for d in at.dataframe if "อันดับ" in d.value.columns]
    assert len(ranked) == 1 and list(ranked[0]["ข้อ"]) == list(ranking.scope("all")["indicator_id"])
    health = ranking.domains.set_index("domain").loc["health", "domain_th"]
    at.session_state["rank_tab"] = health
    at.run()
    assert not at.exception, at.exception
    ranked = [d.value for d in at.dataframe if "อันดับ" in d.value.columns]
    assert len(ranked) == 1 and list(ranked[0]["ข้อ"]) == list(ranking.scope("health")["indicator_id"])


def test_picker_follows_the_language_and_keeps_the_area(demo_workspace, monkeypatch):
    at = app(demo_workspace.root, monkeypatch)
    at.sidebar.selectbox(key="pick_tambon").select("990105").run()
    at.sidebar.segmented_control(key="lang").set_value("en").run()
    tambon = at.sidebar.selectbox(key="pick_tambon_en")
    assert tambon.value == "990105" and tambon.format_func("990105") == "Tambon Na Kham"
    assert at.title[0].value == "Area overview: Tambon Na Kham"
    at.sidebar.selectbox(key="pick_tambon_en").select("990102").run()
    at.sidebar.segmented_control(key="lang").set_value("th").run()
    assert at.sidebar.selectbox(key="pick_tambon").value == "990102"  # not the Thai select's old value
    at.sidebar.selectbox(key="pick_amphoe").select("").run()  # "all": the province itself
    assert at.title[0].value == "ภาพรวมพื้นที่: จังหวัดสาธิต (สมมติ)"


def test_compare_page_shows_village_development_classes(demo_workspace, monkeypatch):
    from analysis.measures import village_classes

    at = app(demo_workspace.root, monkeypatch)
    at.sidebar.selectbox(key="pick_tambon").select("990104").run()
    at.switch_page(COMPARE_PAGE).run()
    shown = table_with(at, "ระดับการพัฒนา")
    expected = village_classes(demo_workspace.read("nrd2c_village", "starts_with(village_code, '990104')"))
    assert len(shown) == 9
    assert sorted(shown["ระดับการพัฒนา"]) == sorted(expected["class_th"])
    assert set(shown["ระดับการพัฒนา"]) <= {"ล้าหลัง", "ปานกลาง", "ก้าวหน้า"}


def test_a_damaged_workspace_says_how_to_repair_instead_of_a_traceback(demo_workspace, monkeypatch):
    demo_workspace.state_path.write_text('{"version": 2, "datasets": [', encoding="utf-8")
    at = app(demo_workspace.root, monkeypatch).run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "ไฟล์ state.json ของพื้นที่ทำงานเสียหายหรืออ่านไม่ได้ — รัน `cia doctor --repair` เพื่อตรวจและซ่อมพื้นที่ทำงาน"
    ]


def test_a_long_report_is_summed_per_rule_with_thai_levels(workspace, monkeypatch, tmp_path):
    # more problems than the page lists: one row per rule first, its level in Thai (it said "error")
    monkeypatch.setattr("analysis.importers.checks.SHOWN_PER_RULE", 1)
    at = app(workspace.root, monkeypatch)
    rows = "".join(f"31010101,{n},0,150000,1,1\n" for n in range(3))
    upload(at, "h.csv", write(tmp_path / "h.csv", HOUSEHOLDS.strip() + "\n" + rows).read_bytes())
    at.button(key="validate_button").click().run()
    summary = next(d.value for d in at.dataframe if d.value.columns.tolist() == ["ระดับ", "กฎ", "จำนวน", "ปัญหา"])
    first = summary.iloc[0].to_dict()
    assert first["ระดับ"] == "ข้อผิดพลาด" and first["จำนวน"] == 3, first
    assert set(summary["ระดับ"]) <= {"ข้อผิดพลาด", "คำเตือน", "ข้อมูล"}
    # one problem of each kind is listed (of 3 members 0 and 3 income mismatches): "the first 1 of each kind"
    caption = next(c.value for c in at.caption if c.value.startswith("แสดง"))
    assert caption.startswith("แสดง 1 รายการแรกของแต่ละประเภทปัญหา จากทั้งหมด "), caption


def test_rank_page_with_no_poor_household_says_so_and_draws_no_shares(demo_workspace, monkeypatch):
    # the demo tambon's highest household deprivation score is 0.35: at k = 0.5 nobody is poor
    at = app(demo_workspace.root, monkeypatch)
    at.sidebar.selectbox(key="pick_tambon").select("990104").run()
    at.switch_page(RANK_PAGE).run()
    at.toggle(key="mpi_show").set_value(True).run()
    at.slider(key="mpi_k").set_value(0.5).run()
    assert not at.exception, at.exception
    assert [m.value for m in at.metric] == ["0.0%", "0.0%", "0.000"]
    assert "ไม่มีครัวเรือนที่ยากจนหลายมิติที่ k = 50% — ลองลดค่า k" in [i.value for i in at.info]
    assert not [c for c in at.get("plotly_chart") if "mpi_chart" in str(c.proto.id)]
    at.radio(key="rank_measure").set_value("mpi").run()
    at.slider(key="rank_k").set_value(0.5).run()
    assert not at.exception, at.exception
    assert [w.value for w in at.warning] == ["ไม่มีครัวเรือนที่ยากจนหลายมิติที่ k = 50% — ลองลดค่า k"]
    assert not [m.value for m in at.markdown if m.value.startswith("- ด้าน")]  # no "ปัญหาอันดับ 1 คือ … (0.0%)"


def test_rank_page_summary_and_drivers_read_unambiguously(demo_workspace, monkeypatch):

    at = app(demo_workspace.root, monkeypatch)
    at.sidebar.selectbox(key="pick_tambon").select("990101").run()
    at.sidebar.selectbox(key="pick_village").select("99010101").run()
    at.switch_page(RANK_PAGE).run()
    assert not at.exception, at.exception
    summary = [m.value for m in at.markdown if m.value.startswith("- ด้าน")]
    education = next(s for s in summary if "การศึกษา" in s)
    assert education.startswith("- ด้านการศึกษา มีปัญหาเพียง 2 ตัวชี้วัด: ปัญหาอันดับ 1 คือ")
    assert not [s for s in summary if "(ไม่ผ่านเกณฑ์ 0.0% (0 ครัวเรือน))" in s]
    at.sidebar.selectbox(key="pick_village").select("").run()
    drivers = table_with(at, "หมู่บ้านที่มีส่วนมากที่สุด")["หมู่บ้านที่มีส่วนมากที่สุด"]
    drivers = drivers[drivers != ""]  # an indicator nothing fails has no village driving it
    assert len(drivers) > 30
    one = r"[^;()]+(?: \(หมู่ \d+\))? \(\d[\d,]* (ครัวเรือน|คน), (<0\.1|\d+\.\d)%\)"  # "บ้านโคก (หมู่ 3) (12 ครัวเรือน, 4.0%)"
    assert drivers.str.fullmatch(rf"{one}(; {one})*").all()
