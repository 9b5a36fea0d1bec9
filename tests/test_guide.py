"""The guide (issue 26): every page has help in Thai and English and is covered by a chapter of the
manual; the glossary holds the words the issue names; the chapters' small markdown; the Thai text
of the manual has no English outside the allow-lists; the help panel, glossary and manual pages."""

from pathlib import Path

import pytest

from analysis.guide import content
from analysis.guide.content import (
    chapter_of,
    chapters,
    content_problems,
    glossary,
    missing_help,
    page_help,
    shot_ids,
    shots,
    uncovered_pages,
)
from analysis.guide.markdown import Block, blocks, shift_headings, text_lines, to_html
from analysis.guide.practice import journeys, steps
from dashboard.app import PAGES
from tests.test_pages import app
from tests.thai_scan import english_words, thai_words

URL_PATHS = [entry[4] for entry in PAGES]


def test_every_page_of_the_navigation_has_help_in_thai_and_english():
    assert len(URL_PATHS) == 19
    assert missing_help(URL_PATHS) == []


def test_the_guide_names_each_page_as_the_navigation_does():
    assert content.page_title_keys() == {entry[4]: entry[2] for entry in PAGES}
    assert content.page_title("trend", "th") == "แนวโน้มตามปีสำรวจ"


def test_every_page_of_the_navigation_is_covered_by_a_chapter():
    assert uncovered_pages(URL_PATHS) == []
    assert chapter_of("matrix", "th").title == "ตารางจัดลำดับ → Logic Model → One Plan"
    assert chapter_of("users", "en").number == 8


def test_the_declared_content_is_whole():
    assert content_problems() == []


@pytest.fixture
def declared(tmp_path, monkeypatch):
    """A guide folder of the test's own (the loaders' caches emptied before and after)."""
    (tmp_path / "manual" / "th").mkdir(parents=True)
    (tmp_path / "manual" / "en").mkdir(parents=True)
    monkeypatch.setattr(content, "GUIDE_DIR", tmp_path)
    for loader in (content._pages, content._glossary, content._manual):
        loader.cache_clear()
    yield tmp_path
    for loader in (content._pages, content._glossary, content._manual):
        loader.cache_clear()


def test_a_page_without_help_or_a_language_or_a_chapter_is_named(declared):
    (declared / "pages.toml").write_text(
        '[overview.th]\npurpose = "ก"\nread = "ข"\nnext = "ค"\n[overview.en]\npurpose = "a"\nread = " "\n'
        '[rank.th]\npurpose = "ก"\nread = "ข"\nnext = "ค"\n',
        encoding="utf-8",
    )
    (declared / "glossary.toml").write_text('[[term]]\nid = "mpi"\nth.term = "MPI"\n', encoding="utf-8")
    (declared / "manual.toml").write_text(
        '[[chapter]]\nid = "one"\npages = ["overview"]\nth.title = "หนึ่ง"\nth.summary = "ส"\n'
        'en.title = "One"\nen.summary = "s"\n[shots.a]\npage = "overview"\n',
        encoding="utf-8",
    )
    (declared / "manual" / "th" / "one.md").write_text("ข้อความ\n\n![ภาพ](shot:b)\n", encoding="utf-8")
    assert missing_help(["overview", "rank", "map"]) == [
        "overview: no en.read",
        "overview: no en.next",
        "rank: no en.purpose",
        "rank: no en.read",
        "rank: no en.next",
        "map: no entry in data/guide/pages.toml",
    ]
    assert uncovered_pages(["overview", "rank", "map"]) == ["rank", "map"]
    assert content_problems() == [
        "glossary mpi: no th.short",
        "glossary mpi: no th.text",
        "glossary mpi: no en.term",
        "glossary mpi: no en.short",
        "glossary mpi: no en.text",
        "manual th/one: screenshot b not declared in manual.toml",
        "manual: en/one.md missing",
    ]


def test_the_glossary_explains_the_words_the_issue_names():
    terms = {term.id: term for term in glossary("th")}
    for wanted in ("bmn", "nrd2c", "mpi", "mpi_h", "mpi_a", "mpi_k", "logic_model", "one_plan", "p01", "p02"):
        assert wanted in terms
    assert terms["mpi"].short == "MPI = H × A ระหว่าง 0 ถึง 1 ยิ่งน้อยยิ่งดี"
    assert terms["certification"].short == "ยังไม่ตรวจ → ตรวจแล้ว → (ส่งกลับแก้ไข → ตรวจแล้ว) → รับรองแล้ว"
    assert [t.id for t in glossary("en")] == [t.id for t in glossary("th")]


def test_the_rank_page_help_explains_mpi_h_a_and_k():
    found = page_help("rank", "th")
    assert [t.id for t in found.terms] == ["measures", "gap", "mpi", "mpi_h", "mpi_a", "mpi_k", "domains"]
    assert "**MPI** = **H × A**" in found.read and "**k**" in found.read
    assert page_help("present", "th").panel is False and page_help("rank", "th").panel is True
    assert page_help("nowhere", "th") is None


def test_every_chapter_shows_the_same_screenshots_in_both_languages():
    for th, en in zip(chapters("th"), chapters("en"), strict=True):
        assert th.id == en.id and th.pages == en.pages
        assert shot_ids(th.text()) == shot_ids(en.text()), th.id
    used = {s for chapter in chapters("th") for s in shot_ids(chapter.text())}
    assert used == set(shots())  # every declared screenshot is shown, every shown one declared
    assert len(used) == 19


def test_the_thai_manual_has_no_english_outside_the_allow_lists():
    lines = [(chapter.id, line) for chapter in chapters("th") for line in text_lines(chapter.text())]
    lines += [(term.id, f"{term.term} {term.text}") for term in glossary("th")]
    found = {w: where for w, where in english_words(lines).items() if w not in content.allowed_english()}
    assert found == {}
    assert set(english_words([("x", "เปิดด้วยคำสั่ง make serve บน Linux")])) - content.allowed_english() == {"Linux"}


def test_the_english_manual_has_no_thai_outside_the_names_of_the_forms():
    lines = [(chapter.id, line) for chapter in chapters("en") for line in text_lines(chapter.text())]
    lines += [(term.id, f"{term.term} {term.text}") for term in glossary("en")]
    lines += [(journey, step.text) for journey in journeys() for step in steps(journey, "en")]  # quick cards
    assert thai_words(lines, content.allowed_thai()) == {}
    sample = [("x", "Open the จปฐ. file, then the กชช.2ค and ผ.02 forms ครับ.")]
    assert set(thai_words(sample, content.allowed_thai())) == {"ครับ."}


MARKDOWN = """คำนำ **สำคัญ** บรรทัดเดียว

## ขั้นตอน

1. เลือก `990101`
2. กด **บันทึก**
- ข้อแรก
  ต่อท้าย
![ภาพ <หน้า>](shot:rank_mpi)
> ข้อควรระวัง

3. เลือกวิธี:
   - ร้อยละ
   - จำนวน
4. อ่าน
"""


def test_the_small_markdown():
    html = to_html(MARKDOWN, lambda shot, caption: f"[{shot}|{caption}]")
    assert html.splitlines() == [
        "<p>คำนำ <strong>สำคัญ</strong> บรรทัดเดียว</p>",
        "<h2>ขั้นตอน</h2>",
        "<ol><li>เลือก <code>990101</code></li><li>กด <strong>บันทึก</strong></li></ol>",
        "<ul><li>ข้อแรก ต่อท้าย</li></ul>",
        "[rank_mpi|ภาพ <หน้า>]",
        "<div class='note'>ข้อควรระวัง</div>",
        "<ol start='3'><li>เลือกวิธี:<ul><li>ร้อยละ</li><li>จำนวน</li></ul></li><li>อ่าน</li></ol>",
    ]
    assert "<script>" not in to_html("<script>x</script>")  # text is escaped
    assert shift_headings("## ขั้น\n# บท\n#ไม่ใช่\n", 2) == "#### ขั้น\n### บท\n#ไม่ใช่\n"
    assert blocks(MARKDOWN)[1:] == [
        Block(shot="rank_mpi", caption="ภาพ <หน้า>"),
        Block("> ข้อควรระวัง\n\n3. เลือกวิธี:\n   - ร้อยละ\n   - จำนวน\n4. อ่าน"),
    ]
    assert text_lines(MARKDOWN) == [
        "คำนำ สำคัญ บรรทัดเดียว",
        "ขั้นตอน",
        "เลือก 990101",
        "กด บันทึก",
        "ข้อแรก",
        "ต่อท้าย",
        "ภาพ <หน้า>",
        "ข้อควรระวัง",
        "เลือกวิธี:",
        "ร้อยละ",
        "จำนวน",
        "อ่าน",
    ]


# --- pages (AppTest through the real entry point) ---


def _panel(at, label: str = "วิธีใช้หน้านี้"):
    return next(e for e in at.expander if e.label == label)


def test_the_help_panel_is_drawn_above_every_page(demo_workspace, monkeypatch):
    at = app(demo_workspace.root, monkeypatch)
    text = _panel(at).markdown[0].value
    assert text.startswith("**หน้านี้ใช้ทำอะไร** — ดูภาพรวมของพื้นที่ที่เลือกในแถบด้านซ้าย")
    assert "- **หน่วยนับ** — ตัวชี้วัดบางข้อนับเป็นคน บางข้อนับเป็นครัวเรือน" in text
    links = [link.value for link in _panel(at).page_link]
    assert links == ["อภิธานศัพท์ทั้งหมด", "คู่มือบทที่ 2: วิเคราะห์พื้นที่"]
    at.switch_page("../pages/rank.py").run()
    assert "- **k (เกณฑ์ความยากจน)** — ไม่ผ่านรวมกี่ส่วนของน้ำหนักจึงนับว่ายากจน" in _panel(at).markdown[0].value
    at.sidebar.segmented_control(key="lang").set_value("en").run()
    assert _panel(at, "How to use this page").markdown[0].value.startswith("**What this page is for** — Problems")


def test_the_glossary_page_filters(demo_workspace, monkeypatch):
    at = app(demo_workspace.root, monkeypatch)
    at.switch_page("../pages/glossary.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "อภิธานศัพท์"
    assert at.main.caption[0].value == f"{len(glossary('th'))} คำ"
    at.text_input(key="glossary_search").input("ผ.02").run()
    assert at.main.caption[0].value == "1 คำ"
    assert at.main.markdown[-1].value.startswith("**ผ.02 (รายละเอียดโครงการพัฒนา)**  \nแบบรายละเอียดโครงการพัฒนา")
    at.text_input(key="glossary_search").input("ไม่มีคำนี้").run()
    assert at.info[0].value == 'ไม่พบคำที่ตรงกับ "ไม่มีคำนี้" — ลองพิมพ์คำที่สั้นลง'


def test_the_manual_page_shows_a_chapter_and_its_screenshots(demo_workspace, monkeypatch, tmp_path):
    monkeypatch.setenv(content.BUILD_ENV, str(tmp_path))
    (tmp_path / "shots" / "th").mkdir(parents=True)
    _png(tmp_path / "shots" / "th" / "compare.png")
    at = app(demo_workspace.root, monkeypatch)
    at.switch_page("../pages/manual.py").run()
    assert not at.exception, at.exception
    assert at.header[0].value == "บทที่ 1 เริ่มต้นใช้งาน"
    assert "ไฟล์ PDF ของคู่มือยังไม่ได้สร้าง" in at.main.markdown[-1].value
    at.selectbox(key="manual_chapter").select("rank").run()
    assert at.header[0].value == "บทที่ 3 เปรียบเทียบและจัดลำดับปัญหา"
    assert len(at.main.image) == 1  # compare.png was built; rank and rank_mpi were not
    notes = [m.value for m in at.markdown if m.value.startswith("> ภาพหน้าจอ:")]
    assert notes == [
        "> ภาพหน้าจอ: ปัญหาของตำบลหนองบัวเรียงตามร้อยละไม่ผ่าน (ผู้ดูแลระบบยังไม่ได้สร้างภาพหน้าจอของคู่มือ)",
        "> ภาพหน้าจอ: ดัชนีความยากจนหลายมิติของตำบลหนองบัว (ผู้ดูแลระบบยังไม่ได้สร้างภาพหน้าจอของคู่มือ)",
    ]


def test_a_help_link_opens_its_chapter(demo_workspace, monkeypatch):
    at = app(demo_workspace.root, monkeypatch)
    at.query_params["chapter"] = "plan"
    at.switch_page("../pages/manual.py").run()
    assert at.header[0].value == "บทที่ 4 ตารางจัดลำดับ → Logic Model → One Plan"


def _png(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (40, 30), "white").save(path)


def test_the_main_metrics_and_controls_have_a_thai_tooltip(demo_workspace, monkeypatch):
    at = app(demo_workspace.root, monkeypatch)
    assert [m.proto.help for m in at.metric][:3] == [
        "จำนวนครัวเรือนที่สำรวจ จปฐ. ในพื้นที่และปีที่เลือก",
        "จำนวนสมาชิกทั้งหมดของครัวเรือนที่สำรวจ",
        "จำนวนหมู่บ้านในพื้นที่ที่มีข้อมูลในปีที่เลือก",
    ]
    at.switch_page("../pages/rank.py").run()
    assert at.radio(key="rank_measure").proto.help.startswith("เรียงปัญหาด้วยอะไร: ร้อยละไม่ผ่าน (ปัญหาแพร่หลาย)")
    assert at.toggle(key="mpi_show").proto.help.startswith("คำนวณดัชนีความยากจนหลายมิติ (MPI = H × A)")
    at.sidebar.selectbox(key="pick_tambon").select("990101").run()
    at.switch_page("../pages/project.py").run()
    at.selectbox(key="project_id").select(1).run()
    assert at.text_area(key="pf_1_1:causes").proto.help == "ทำไมปัญหานี้จึงเกิด — เขียนสาเหตุที่แก้ได้ด้วยโครงการ"
    assert at.text_area(key="pf_1_1:outputs").proto.help.startswith("สิ่งที่ทำเสร็จนับได้")
