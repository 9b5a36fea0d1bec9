"""Issue 24 parts 1, 2: the declared strategy tree, projects' strategy links, results (outputs
planned and actual, spending, partners), photos and status history — rollups computed by hand,
refusals in Thai, the workbook round trip, the ผ.02 column and the upgrade from schema 0007."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import openpyxl
import pytest
import sqlalchemy
from PIL import Image
from pptx import Presentation

from analysis.auth.roles import PermissionDenied
from analysis.contest.deck import build_deck
from analysis.contest.service import contest_store_for
from analysis.contest.story import build_story
from analysis.contest.summary import summary_html
from analysis.db.engine import downgrade, migrate
from analysis.db.errors import RecordInvalid
from analysis.plans import photos as photos_module
from analysis.plans.exports import SHEETS, p02_xlsx, projects_workbook
from analysis.plans.imports import read_projects_workbook
from analysis.plans.photos import ProjectPhotos
from analysis.plans.records import Budget, OutputResult, Partner, ProjectRecord, Spending
from analysis.plans.results import (
    money_planned_vs_spent,
    partner_lines,
    planned_vs_actual,
    result_lines,
    spending_totals,
    status_history,
)
from analysis.plans.service import PlanStore, import_projects
from analysis.plans.strategies import StrategyItem, by_strategy, lineage, strategies, tree_problems
from tests.auth_helpers import cheap_hashing  # noqa: F401  (autouse)
from tests.test_security_plans import actor_of, shared  # noqa: F401  (fixture)


def plan(title: str, strategies: list[str], budget: float, area: str = "990101", **more) -> ProjectRecord:
    return ProjectRecord(
        area_code=area,
        plan_level="tambon",
        title=title,
        budgets=[Budget(2569, "lao", budget)] if budget else [],
        strategies=strategies,
        **more,
    )


# ---- the declared tree ------------------------------------------------------------------------


def test_every_declared_item_has_both_labels_and_a_parent_of_the_level_above():
    items = strategies()
    by_id = {i.id: i for i in items}
    assert [len([i for i in items if i.level == level]) for level in ("national", "master_plan")] == [6, 23]
    for item in items:
        assert item.title_th and item.title_en, item.id
        if item.level == "national":
            assert item.parent is None
        else:
            wanted = {"master_plan": "national", "province_group": "master_plan", "province": "province_group"}
            assert by_id[item.parent].level == wanted[item.level], item.id
    # the demo province's own strategies are not from an official source
    assert {i.status for i in items if i.level in ("province_group", "province")} == {"UNCONFIRMED"}
    assert by_id["ns4"].title_th == "ยุทธศาสตร์ชาติด้านการสร้างโอกาสและความเสมอภาคทางสังคม"
    assert by_id["mp16"].title_th == "แผนแม่บทประเด็นที่ 16 เศรษฐกิจฐานราก"
    assert lineage("pv99-1") == ["pv99-1", "pg99-1", "mp16", "ns4"]


def test_a_broken_tree_is_refused_naming_the_file_and_item():
    items = [
        StrategyItem("ns1", "national", "ก", "A", "confirmed", file="a.toml"),
        StrategyItem("pv1", "province", "จังหวัด", "", "UNCONFIRMED", parent="ns1", provinces=("99",), file="b.toml"),
        StrategyItem("ns1", "national", "ข", "B", "maybe", file="b.toml"),
    ]
    assert tree_problems(items) == [
        "data/strategies/b.toml: รายการ pv1 ต้องมีทั้ง title_th และ title_en",
        "data/strategies/b.toml: รหัส ns1 ซ้ำกับใน a.toml — ใช้รหัสที่ไม่ซ้ำกัน",
        "data/strategies/b.toml: รายการ ns1 มี status maybe — ใช้ confirmed หรือ UNCONFIRMED",
        "data/strategies/b.toml: รายการ pv1 มี parent ns1 ที่ไม่ใช่รายการระดับเหนือขึ้นไป "
        "(จังหวัด → กลุ่มจังหวัด → แผนแม่บท → ยุทธศาสตร์ชาติ)",
    ]


def test_by_strategy_counts_projects_and_budget_up_the_tree_and_flags_those_serving_none():
    projects = [
        plan("A", ["pv99-1"], 100.0),
        plan("B", ["pv99-3", "mp16"], 50.0),
        plan("C", [], 30.0),
    ]
    frame = by_strategy(projects)
    rows = list(zip(frame["strategy_id"], frame["linked"], frame["projects"], frame["budget"], strict=True))
    # B serves ns3 through pv99-3 → pg99-2 → mp13, and ns4 through mp16; A serves ns4 through pv99-1
    assert rows == [
        ("ns3", 0, 1, 50.0),
        ("mp13", 0, 1, 50.0),
        ("pg99-2", 0, 1, 50.0),
        ("pv99-3", 1, 1, 50.0),
        ("ns4", 0, 2, 150.0),
        ("mp16", 1, 2, 150.0),
        ("pg99-1", 0, 1, 100.0),
        ("pv99-1", 1, 1, 100.0),
        ("", 1, 1, 30.0),
    ]
    assert frame["title"].iloc[-1] == "ไม่สอดคล้องกับยุทธศาสตร์ใด"


# ---- results ----------------------------------------------------------------------------------


def test_planned_vs_actual_and_spending_sums_by_year_and_source():
    first = plan(
        "A",
        [],
        100000.0,
        output_results=[OutputResult("อบรม", "คน", 40, 30), OutputResult("คู่มือ", "เล่ม", 0, 5)],
        spending=[Spending(2569, "lao", 20000.0), Spending(2570, "lao", 15000.0), Spending(2569, "pao", 5000.0)],
    )
    second = plan(
        "B", [], 0, output_results=[OutputResult("ลาน", "แห่ง", 2, None)], spending=[Spending(2569, "lao", 1000.0)]
    )
    first.id, second.id = 1, 2
    outputs = planned_vs_actual([first, second])
    assert outputs["pct_of_plan"].iloc[0] == 75.0  # 30 of 40
    assert outputs["pct_of_plan"].isna().tolist() == [False, True, True]  # nothing planned; nothing done yet
    money = money_planned_vs_spent([first, second])
    assert money[["planned_budget", "spent"]].values.tolist() == [[100000.0, 40000.0], [0.0, 1000.0]]
    assert money["pct_spent"].iloc[0] == 40.0 and money["pct_spent"].isna().iloc[1]
    totals = spending_totals([first, second])
    assert totals.loc["lao"].tolist() == [21000.0, 15000.0, 36000.0]  # 2569, 2570, total
    assert totals.loc["pao"].tolist() == [5000.0, 0.0, 5000.0]


def test_results_are_checked_before_saving_in_thai(tmp_path):
    store = PlanStore(f"sqlite:///{tmp_path / 'plans.sqlite'}")
    bad = plan(
        "A",
        ["pv10-1", "nope"],
        10.0,
        output_results=[OutputResult("", "คน", -1, None)],
        spending=[Spending(2569, "lao", 5.0), Spending(2569, "lao", 6.0)],
        partners=[Partner("อบจ.", "boss")],
    )
    bad.strategies = ["ns1", "ns1", "nope"]
    with pytest.raises(RecordInvalid) as error:
        store.create_project(bad, "สมชาย")
    assert error.value.messages("th") == [
        "ไม่รู้จักยุทธศาสตร์รหัส nope — เลือกจากรายการใน data/strategies",
        "เลือกยุทธศาสตร์ข้อเดียวกันซ้ำ",
        "ผลผลิตแถวที่ 1: ต้องมีชื่อผลผลิต",
        "ผลผลิตแถวที่ 1: ตัวเลขติดลบไม่ได้ (-1)",
        "การใช้จ่ายแถวที่ 2: ปี 2569 แหล่งเงินนี้มีแล้ว — รวมเป็นแถวเดียว",
        "ภาคีแถวที่ 1: บทบาท boss ไม่ถูกต้อง — เลือกจากรายการ",
    ]
    other = plan("B", ["pv99-1"], 10.0, area="100101")  # the demo province's strategy, a project of province 10
    with pytest.raises(RecordInvalid) as error:
        store.create_project(other, "สมชาย")
    assert error.value.messages("th") == ["ยุทธศาสตร์ pv99-1 เป็นของจังหวัดอื่น ไม่ใช่จังหวัดรหัส 10 ของโครงการนี้"]
    assert store.projects() == []


def test_results_are_saved_audited_and_the_status_history_names_who_and_when(tmp_path):
    store = PlanStore(f"sqlite:///{tmp_path / 'plans.sqlite'}")
    saved = store.create_project(plan("A", ["pv99-1"], 100.0, area="990101"), "สมชาย")
    saved.status = "approved"
    saved = store.update_project(saved, "สมหญิง")
    saved = store.update_project(replace(saved, title="A2"), "สมหญิง")  # no status change: no history row
    done = replace(
        saved,
        status="in_progress",
        output_results=[OutputResult("อบรม", "คน", 40, 32)],
        spending=[Spending(2569, "lao", 20000.0)],
        partners=[Partner("อบจ.สาธิต", "funding")],
    )
    saved = store.update_project(done, "สมศักดิ์")
    again = store.project(saved.id)
    assert (again.output_results, again.spending, again.partners, again.strategies) == (
        [OutputResult("อบรม", "คน", 40.0, 32.0)],
        [Spending(2569, "lao", 20000.0)],
        [Partner("อบจ.สาธิต", "funding")],
        ["pv99-1"],
    )
    audit = store.audit_log("project", saved.id)
    assert set(audit.iloc[0]["changes"]) == {"status", "output_results", "spending", "partners"}
    history = status_history(audit)
    assert history[["actor", "from_status", "to_status"]].values.tolist() == [
        ["สมชาย", None, "proposed"],
        ["สมหญิง", "proposed", "approved"],
        ["สมศักดิ์", "approved", "in_progress"],
    ]
    assert history["at"].is_monotonic_increasing


# ---- photos -----------------------------------------------------------------------------------


def camera_photo(size=(2400, 1600)) -> bytes:
    """A JPEG with GPS position and camera in its EXIF, as a phone writes it."""
    image = Image.new("RGB", size, (30, 120, 60))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (15.0, 27.0, 0.0), 3: "E", 4: (103.0, 5.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_a_photo_is_stored_without_exif_within_the_limits_and_refusals_are_thai(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'plans.sqlite'}"
    project = PlanStore(url).create_project(plan("A", [], 10.0), "สมชาย")
    photos = ProjectPhotos(url)
    data = camera_photo()
    assert Image.open(io.BytesIO(data)).getexif()  # the upload carries GPS and camera
    added = photos.add(project.id, data, "IMG_1.jpg", date(2026, 1, 20), "ลานกีฬา", "สมชาย")
    stored = Image.open(io.BytesIO(photos.of_project(project.id)[0].photo))
    assert dict(stored.getexif()) == {} and "exif" not in stored.info
    assert stored.size == (added.width, added.height) == (1200, 800)  # [results] photo_max_px = 1200
    assert len(added.photo) <= 300 * 1024 and added.area_code == "990101"
    audit = photos.audit_log("project_photo", added.id).iloc[0]["changes"]
    assert audit["photo_bytes"] == len(added.photo) and "photo" not in audit
    with pytest.raises(RecordInvalid) as error:
        photos.add(project.id, b"not a picture", "notes.txt", date(2026, 1, 20), "ภาพ", "สมชาย")
    assert error.value.messages("th") == ["ไฟล์ notes.txt ไม่ใช่รูปภาพที่อ่านได้ — ใช้ไฟล์ JPG หรือ PNG"]
    with pytest.raises(RecordInvalid) as error:
        photos.add(project.id, data, "IMG_2.jpg", date(2026, 1, 20), "  ", "สมชาย")
    assert error.value.messages("th") == ["ภาพ IMG_2.jpg: ต้องมีคำบรรยายภาพและวันที่ถ่าย"]
    limits = {**photos_module.photo_limits(), "photos_per_project": 1}
    monkeypatch.setattr(photos_module, "photo_limits", lambda: limits)
    with pytest.raises(RecordInvalid) as error:
        photos.add(project.id, data, "IMG_3.jpg", date(2026, 1, 21), "ภาพที่สอง", "สมชาย")
    assert error.value.messages("th")[0].startswith("ภาพ IMG_3.jpg เพิ่มไม่ได้: โครงการนี้มีภาพครบ 1 ภาพแล้ว")
    assert len(photos.of_project(project.id)) == 1


# ---- roles and areas --------------------------------------------------------------------------


def test_only_the_office_of_the_plans_area_records_results_or_photos(shared, db_url):  # noqa: F811
    planner = actor_of(db_url, "planner")  # granted 990101 only
    theirs = next(p for p in shared.projects() if p.area_code == "990102")
    with pytest.raises(PermissionDenied) as error:
        shared.update_project(replace(theirs, spending=[Spending(2569, "lao", 5.0)], strategies=["ns4"]), planner)
    assert error.value.message("th") == "บัญชี planner1 ไม่มีสิทธิ์ในพื้นที่ 990102 (พื้นที่ที่ได้รับสิทธิ์: 990101)"
    photos = ProjectPhotos(db_url)
    with pytest.raises(PermissionDenied) as error:
        photos.add(theirs.id, camera_photo((200, 100)), "a.jpg", date(2026, 1, 2), "ภาพ", planner)
    assert error.value.reason == "area"
    assert shared.project(theirs.id).spending == [] and photos.of_project(theirs.id) == []
    ours = next(p for p in shared.projects() if p.area_code == "990101")
    shared.update_project(replace(ours, partners=[Partner("อบต.", "funding")]), planner)
    added = photos.add(ours.id, camera_photo((200, 100)), "a.jpg", date(2026, 1, 2), "ภาพ", planner)
    assert photos.audit_log("project_photo", added.id)["actor"].tolist() == ["planner1"]
    with pytest.raises(PermissionDenied):
        photos.remove(added.id, added.version, actor_of(db_url, "viewer"))
    photos.remove(added.id, added.version, planner)
    assert photos.audit_log("project_photo", added.id)["action"].tolist() == ["delete", "create"]


# ---- files ------------------------------------------------------------------------------------


def test_the_projects_workbook_carries_links_and_results_back(tmp_path):
    store = PlanStore(f"sqlite:///{tmp_path / 'plans.sqlite'}")
    saved = store.create_project(
        plan(
            "A",
            ["pv99-1", "ns4"],
            100.0,
            output_results=[OutputResult("อบรม", "คน", 40, 32), OutputResult("คู่มือ", "", None, None)],
            spending=[Spending(2569, "lao", 20000.5), Spending(2570, "pao", 1000.0)],
            partners=[Partner("อบจ.สาธิต", "funding"), Partner("มูลนิธิ", "technical")],
        ),
        "สมชาย",
    )
    data = projects_workbook([saved])
    book = openpyxl.load_workbook(io.BytesIO(data))
    strategy_sheet = [[c.value for c in row] for row in book[SHEETS["strategies"]].iter_rows()]
    assert strategy_sheet[1][:2] == [saved.id, "pv99-1"] and strategy_sheet[1][2].startswith("จังหวัดสาธิต ยุทธศาสตร์ที่ 1")
    assert [c.value for c in book[SHEETS["partners"]][2]] == [saved.id, "อบจ.สาธิต", "สนับสนุนงบประมาณ"]
    records, report = read_projects_workbook(data, "projects.xlsx")
    assert not report.problems
    assert [r.content() for r in records] == [saved.content()]
    # an older workbook without the results sheets keeps what is stored
    for name in ("strategies", "output_results", "spending", "partners"):
        del book[SHEETS[name]]
    old = io.BytesIO()
    book.save(old)
    records, report = read_projects_workbook(old.getvalue(), "old.xlsx")
    assert not report.has_errors and records[0].spending is None
    assert import_projects(store, records, "สมชาย") == (0, 1)
    assert store.project(saved.id).content() == saved.content()


def test_the_p02_names_the_strategies_each_project_serves():
    project = plan("A", ["pv99-1", "ns4"], 100.0)
    sheet = openpyxl.load_workbook(io.BytesIO(p02_xlsx([project], "ตำบลหนองบัว", 2569))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in rows if r[0] == "ที่")
    assert header[-1] == "ความสอดคล้องกับยุทธศาสตร์"
    first = rows[rows.index(header) + 1]
    assert first[-1] == (
        "จังหวัดสาธิต ยุทธศาสตร์ที่ 1 เพิ่มรายได้ครัวเรือนและส่งเสริมอาชีพ (สมมติ)\nยุทธศาสตร์ชาติด้านการสร้างโอกาสและความเสมอภาคทางสังคม"
    )


# ---- the schema ------------------------------------------------------------------------------


def test_a_database_of_schema_0007_upgrades_and_keeps_its_projects(tmp_path):
    url = f"sqlite:///{tmp_path / 'plans.sqlite'}"
    migrate(url, "0007")
    engine = sqlalchemy.create_engine(url)
    stamp = "2026-01-01 00:00:00"
    with engine.begin() as connection:
        connection.execute(
            sqlalchemy.text(
                "INSERT INTO projects (id, area_code, plan_level, status, title, problem, causes, objective, "
                "target_group, inputs, activities, outputs, outcomes, impact, responsible_agency, version, "
                "created_at, created_by, updated_at, updated_by, is_demo) VALUES (7, '990101', 'tambon', 'done', "
                "'เก่า', '', '', '', '', '', '', 'ผลผลิตเดิม', '', '', '', 3, :at, 'ก', :at, 'ก', 0)"
            ),
            {"at": stamp},
        )
    engine.dispose()
    migrate(url)
    tables = set(sqlalchemy.inspect(sqlalchemy.create_engine(url)).get_table_names())
    assert {"project_strategies", "project_outputs", "project_spending", "project_partners", "project_photos"} <= tables
    old = PlanStore(url).project(7)
    assert (old.title, old.outputs, old.version, old.strategies, old.output_results) == ("เก่า", "ผลผลิตเดิม", 3, [], [])
    downgrade(url, "0007")
    assert "project_photos" not in set(sqlalchemy.inspect(sqlalchemy.create_engine(url)).get_table_names())


def test_result_lines_read_as_people_write_them():
    project = plan(
        "A",
        [],
        100000.0,
        output_results=[OutputResult("อบรม", "คน", 40, 32), OutputResult("คู่มือ", "เล่ม", 1500, None)],
        spending=[Spending(2569, "lao", 20000.0), Spending(2570, "pao", 15000.5)],
        partners=[Partner("อบจ.สาธิต", "funding")],
    )
    assert result_lines(project) == [
        "อบรม: แผน 40 คน · ทำได้จริง 32 คน (80%)",
        "คู่มือ: แผน 1,500 เล่ม · ทำได้จริง –",
        "ใช้จ่ายจริง 35,000.5 บาท จากงบประมาณตามแผน 100,000 บาท",
    ]
    assert result_lines(project, "en")[0] == "อบรม: planned 40 คน · done 32 คน (80%)"
    assert partner_lines(project) == ["อบจ.สาธิต (สนับสนุนงบประมาณ)"]


def test_the_contest_kit_shows_what_was_done_against_the_plan(demo_workspace):
    store = contest_store_for(demo_workspace.root)
    story = build_story(demo_workspace, "990101", 2567, store)
    exercise = next(p for p in story.projects if p.id == 3)  # the demo's project under way, with results
    assert exercise.results[1] == "สมาชิกชมรมแอโรบิก: แผน 40 คน · ทำได้จริง 32 คน (80%)"
    assert exercise.strategies == ["จังหวัดสาธิต ยุทธศาสตร์ที่ 3 สุขภาพดีและเข้าถึงบริการ (สมมติ)"]
    summary = summary_html(story, store.profile("990101"))
    assert "ใช้จ่ายจริง 70,000 บาท จากงบประมาณตามแผน 80,000 บาท" in summary
    assert "รพ.สต.หนองบัว (สมมติ) (ให้ความรู้/วิชาการ)" in summary
    deck = Presentation(io.BytesIO(build_deck(story, store.profile("990101"))))
    texts = [shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame]
    cells = [c.text for s in deck.slides for sh in s.shapes if sh.has_table for r in sh.table.rows for c in r.cells]
    assert any("ทำได้จริง 32 คน (80%)" in text for text in texts + cells)
