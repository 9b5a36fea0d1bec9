"""AppTest of the Project page's strategy links and results section and the One Plan's province
level and by-strategy view, on a copy of the demo workspace (issue 24 parts 1, 2)."""

from analysis.plans.photos import ProjectPhotos
from analysis.plans.service import store_for
from tests.test_plan_pages import ONEPLAN, PROJECT, at, click  # noqa: F401  (fixture)


def test_project_page_links_strategies_and_saves_results(at, demo_workspace):  # noqa: F811
    store = store_for(demo_workspace.root)
    at.switch_page(PROJECT).run()
    at.selectbox(key="project_id").select(3).run()  # the demo's exercise project, under way
    links = at.multiselect(key="pf_3_1:strategies")
    assert links.value == ["pv99-3"] and links.format_func("pv99-3").endswith("(สมมติ) (ยังไม่ยืนยัน)")
    assert len(links.options) == 6 + 23 + 2 + 3  # national, master plans, its province's group and own
    assert at.text_input(key="pf_3_1:output_results:1:actual").value == "32"
    assert any("ใช้จ่ายจริงรวม: 70,000 บาท จากงบประมาณตามแผน 80,000 บาท" in m.value for m in at.markdown)
    links.set_value(["pv99-3", "ns3"])
    at.text_input(key="pf_3_1:output_results:1:actual").input("38")
    click(at, "เพิ่มแถวการใช้จ่ายจริง")
    at.selectbox(key="pf_3_1:spending:2:source").select("pao")
    at.text_input(key="pf_3_1:spending:2:amount").input("5,000")
    click(at, "บันทึกโครงการ")
    saved = store.project(3)
    assert saved.strategies == ["pv99-3", "ns3"] and saved.output_results[1].actual == 38.0
    assert saved.total_spent == 75000.0 and saved.version == 2
    # the photos and the status history of the saved project
    assert len(ProjectPhotos(store.url).of_project(3)) == 2
    history = next(d.value for d in at.dataframe if "เป็นสถานะ" in d.value.columns)
    assert history["เป็นสถานะ"].tolist() == ["กำลังดำเนินการ"] and history["ผู้บันทึก"].tolist() == ["ข้อมูลสาธิต"]


def test_project_page_refuses_a_spending_row_twice_in_thai(at, demo_workspace):  # noqa: F811
    at.switch_page(PROJECT).run()
    at.selectbox(key="project_id").select(3).run()
    click(at, "เพิ่มแถวการใช้จ่ายจริง")
    at.selectbox(key="pf_3_1:spending:2:source").select("lao")
    at.selectbox(key="pf_3_1:spending:2:fiscal_year").select(2569)
    at.text_input(key="pf_3_1:spending:2:amount").input("1")
    click(at, "บันทึกโครงการ")
    assert "การใช้จ่ายแถวที่ 3: ปี 2569 แหล่งเงินนี้มีแล้ว — รวมเป็นแถวเดียว" in [e.value for e in at.error]
    assert store_for(demo_workspace.root).project(3).version == 1


def test_one_plan_of_the_province_shows_its_plan_and_the_by_strategy_view(at, demo_workspace):  # noqa: F811
    at.sidebar.selectbox(key="pick_amphoe").select("").run()  # the whole province
    at.switch_page(ONEPLAN).run()
    assert not at.exception, at.exception
    projects = next(d.value for d in at.dataframe if "ระดับแผน" in d.value.columns)
    assert "แผนพัฒนาจังหวัด" in projects["ระดับแผน"].tolist() and len(projects) == 5
    by_strategy = next(d.value for d in at.table if "โครงการ (รวมข้อย่อย)" in d.value.columns)
    rows = dict(zip(by_strategy["ยุทธศาสตร์"], by_strategy["โครงการ (รวมข้อย่อย)"], strict=True))
    # ns4 ← mp16 ← pg99-1 ← pv99-1 (projects 1 and 5) and pv99-2 (project 4): 3 projects
    assert rows["ยุทธศาสตร์ชาติด้านการสร้างโอกาสและความเสมอภาคทางสังคม"] == 3
    assert rows["ไม่สอดคล้องกับยุทธศาสตร์ใด"] == 1
    assert any(w.value.startswith("มี 1 โครงการที่ยังไม่ได้เชื่อมกับยุทธศาสตร์ใด: #2") for w in at.warning)
    results = next(d.value for d in at.dataframe if "ผลที่ทำได้จริง" in d.value.columns)
    assert results["ผลที่ทำได้จริง"].tolist()[:3] == [1.0, 32.0, 41.0]
    money = next(d.value for d in at.dataframe if "ใช้จ่ายจริง (บาท)" in d.value.columns)
    assert money["ใช้จ่ายจริง (บาท)"].tolist() == [70000.0, 175000.0]


def test_project_page_adds_a_photo_without_exif_and_refuses_one_without_caption(at, demo_workspace):  # noqa: F811
    import io

    from PIL import Image

    from tests.test_strategy_results import camera_photo

    store = ProjectPhotos(store_for(demo_workspace.root).url)
    at.switch_page(PROJECT).run()
    at.selectbox(key="project_id").select(3).run()
    at.file_uploader(key="photo_file_3_0").upload("IMG_9.jpg", camera_photo((900, 600)), "image/jpeg").run()
    at.button(key="photo_add_3").click().run()
    assert "ภาพ IMG_9.jpg: ต้องมีคำบรรยายภาพและวันที่ถ่าย" in [e.value for e in at.error]
    assert len(store.of_project(3)) == 2
    at.text_input(key="photo_caption_3").input("ประชุมชมรม")
    at.button(key="photo_add_3").click().run()
    assert not at.exception, at.exception
    photos = store.of_project(3)
    assert [p.caption for p in photos][-1] == "ประชุมชมรม" and photos[-1].created_by == "พัฒนากรทดสอบ"
    assert dict(Image.open(io.BytesIO(photos[-1].photo)).getexif()) == {}
