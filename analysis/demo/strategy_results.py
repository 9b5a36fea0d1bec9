"""Demo strategy links and results: a province plan project, each demo project linked to the
strategies it serves (one left unlinked, so the One Plan flags it), results with partners on the
projects under way and done, and two small photos drawn with Pillow (all fictional, labelled demo)."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

from PIL import Image, ImageDraw

from analysis.auth.roles import system_actor
from analysis.plans.photos import ProjectPhotos
from analysis.plans.records import Budget, OutputResult, Partner, ProjectRecord, Spending
from analysis.plans.service import store_for
from analysis.store import Workspace

#: the demo is written by the program itself (analysis.demo.plans writes as the same actor)
ACTOR = system_actor("ข้อมูลสาธิต")
PROVINCE = "99"
#: demo project (by its จปฐ. indicator) → the strategy items it serves; "21" (transport) serves none
LINKS = {"29": ["pv99-1", "mp16"], "9": ["pv99-3"], "30": ["pv99-2"]}
RESULTS = {
    "9": (
        [OutputResult("ลานกีฬาที่ปรับปรุง", "แห่ง", 1, 1), OutputResult("สมาชิกชมรมแอโรบิก", "คน", 40, 32)],
        [Spending(2569, "community", 18000.0), Spending(2569, "lao", 52000.0)],
        [Partner("รพ.สต.หนองบัว (สมมติ)", "technical"), Partner("องค์การบริหารส่วนตำบลหนองบัว (สมมติ)", "funding")],
    ),
    "30": (
        [OutputResult("กลุ่มออมทรัพย์ที่ตั้งขึ้น", "กลุ่ม", 45, 41)],
        [Spending(2569, "cdd", 90000.0), Spending(2570, "cdd", 85000.0)],
        [Partner("ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร สาขาสาธิต (สมมติ)", "co_implementing")],
    ),
}
PHOTOS = (
    ("9", date(2026, 1, 20), "ลานกีฬาหมู่ 5 หลังปรับปรุง (ภาพสาธิต)", (70, 140, 90)),
    ("9", date(2026, 2, 14), "ชมรมแอโรบิกออกกำลังกายตอนเย็น (ภาพสาธิต)", (200, 120, 60)),
)


def province_project() -> ProjectRecord:
    return ProjectRecord(
        area_code=PROVINCE,
        plan_level="province",
        title="โครงการเสริมสร้างเศรษฐกิจฐานรากจังหวัดสาธิต (สมมติ)",
        status="approved",
        objective="เพิ่มรายได้ครัวเรือนที่ต่ำกว่าเกณฑ์ จปฐ. ทั้งจังหวัด",
        outputs="อำเภอละ 1 ศูนย์เรียนรู้อาชีพ",
        outcomes="ครัวเรือนเป้าหมายมีรายได้ผ่านเกณฑ์เพิ่มขึ้น",
        responsible_agency="สำนักงานพัฒนาชุมชนจังหวัดสาธิต (สมมติ)",
        budgets=[Budget(2570, "province", 1500000.0), Budget(2571, "province", 1500000.0)],
        strategies=["pv99-1"],
        output_results=[OutputResult("ศูนย์เรียนรู้อาชีพ", "แห่ง", 1, None)],
        partners=[Partner("สำนักงานพัฒนาชุมชนจังหวัดสาธิต (สมมติ)", "co_implementing")],
        is_demo=True,
    )


def demo_photo(colour: tuple[int, int, int], size: tuple[int, int] = (480, 320)) -> bytes:
    """A small fictional picture: sky, ground in ``colour``, a sun and a few figures."""
    image = Image.new("RGB", size, (175, 210, 235))
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.rectangle((0, height * 3 // 5, width, height), fill=colour)
    draw.ellipse((width - 110, 25, width - 50, 85), fill=(250, 215, 80))
    for index in range(5):
        x = 60 + index * (width - 120) // 4
        draw.ellipse((x - 12, height // 2 - 10, x + 12, height // 2 + 14), fill=(60, 45, 40))
        draw.rectangle((x - 10, height // 2 + 14, x + 10, height // 2 + 60), fill=(230, 230, 240))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def with_links_and_results(draft: ProjectRecord) -> ProjectRecord:
    """A demo project draft (analysis.demo.plans) with its strategy links and results, so each demo
    project is saved once (version 1) with them."""
    outputs, spending, partners = RESULTS.get(draft.indicator_id or "", ([], [], []))
    links = LINKS.get(draft.indicator_id or "", [])
    return replace(draft, strategies=links, output_results=outputs, spending=spending, partners=partners)


def create_demo_strategy_results(workspace: Workspace) -> None:
    """The province plan and the photos of the demo projects' work (after analysis.demo.plans)."""
    store = store_for(workspace.root)
    store.create_project(province_project(), ACTOR)
    by_indicator = {p.indicator_id: p for p in store.projects() if p.is_demo and p.indicator_id}
    photos = ProjectPhotos(store.url)
    for indicator, taken_on, caption, colour in PHOTOS:
        project = by_indicator[indicator]
        photos.add(project.id, demo_photo(colour), "demo.jpg", taken_on, caption, ACTOR, is_demo=True)
