"""The demo tambon profile (ตำบลหนองบัว): history, people, the working group, pictures, and photos
on a few demo pins. Every name is fictional and marked สมมติ; the pictures are drawn here."""

from __future__ import annotations

import io
from datetime import date

from PIL import Image, ImageDraw, ImageFont

from analysis.contest.pdf import font_file
from analysis.contest.records import EvidenceRecord, MemberRecord, PhotoRecord, ProfileRecord
from analysis.contest.service import contest_store_for
from analysis.demo.plans import ACTOR
from analysis.plans.records import PinRecord
from analysis.plans.service import store_for
from analysis.store import Workspace

TAMBON = "990101"
VILLAGES = 7
TEXTS = {
    "history": "ตำบลหนองบัวตั้งขึ้นราว พ.ศ. 2470 ชื่อตำบลมาจากหนองน้ำใหญ่ที่มีบัวหลวงขึ้นเต็ม ผู้คนอพยพมาจากหลายจังหวัดมาตั้งบ้านเรือนริมหนองน้ำ (ข้อมูลสาธิต สมมติ)",
    "location": "อยู่ทางทิศเหนือของอำเภอสาธิต ห่างจากที่ว่าการอำเภอประมาณ 12 กิโลเมตร ทิศเหนือติดตำบลโนนสูง ทิศใต้ติดตำบลห้วยทราย (สมมติ)",
    "population_note": "ประชากรวัยแรงงานส่วนหนึ่งไปทำงานต่างจังหวัดและกลับบ้านช่วงเทศกาล (สมมติ)",
    "community_groups": "กลุ่มออมทรัพย์เพื่อการผลิต 7 กลุ่ม กลุ่มอาชีพทอผ้า กลุ่มแม่บ้าน อสม. 70 คน กองทุนหมู่บ้านทุกหมู่บ้าน (สมมติ)",
    "products": "ข้าวหอมมะลิ ผ้าไหมลายขิด และข้าวกล้องงอกของกลุ่มแปรรูป รายได้หลักจากเกษตรกรรม (สมมติ)",
    "tourism": "หนองบัวหลวงช่วงฤดูฝน ตลาดชุมชนเช้าวันเสาร์ และโฮมสเตย์ 3 หลัง (สมมติ)",
    "culture": "บุญบั้งไฟเดือนหก ประเพณีแห่เทียนพรรษา ภูมิปัญญาการทอผ้าไหมและหมอยาพื้นบ้าน (สมมติ)",
}
LEADERS = [("นายบุญมี ใจดี (สมมติ)", "กำนันตำบลหนองบัว", 1), ("นางสมศรี รักถิ่น (สมมติ)", "นายก อบต.หนองบัว", None)]
ROLES = ("ผู้ใหญ่บ้าน", "อสม.", "ผู้นำกลุ่มออมทรัพย์", "ผู้ใหญ่บ้าน", "สมาชิก อบต.", "ผู้ใหญ่บ้าน", "ประธานกลุ่มแม่บ้าน")
FIRST_NAMES = ("สมชาย", "บัวผัน", "ทองดี", "คำปุ่น", "สุดใจ", "ประสิทธิ์", "มาลัย")
PICTURES = [
    ("place", "ศูนย์ปฏิบัติการข้อมูลตำบล (คอมพิวเตอร์ 3 เครื่อง อินเทอร์เน็ต)", "#457b9d"),
    ("product", "ผ้าไหมลายขิดของกลุ่มทอผ้า", "#e76f51"),
    ("activity", "ประชุมคณะทำงานวิเคราะห์ข้อมูลด้วยโปรแกรม CIA", "#2a9d8f"),
    ("activity", "เวทีประชาคมจัดลำดับความสำคัญของปัญหา", "#f4a261"),
    ("activity", "อบรมการปักหมุดสถานที่สำคัญบนแผนที่", "#9d4edd"),
    ("activity", "ติดตามโครงการส่งเสริมอาชีพ", "#6a994e"),
]


def demo_picture(caption: str, colour: str, size: tuple[int, int] = (800, 520)) -> bytes:
    """A drawn stand-in photo: sky, fields, a building and the caption (labelled demo)."""
    image = Image.new("RGB", size, "#cfe8f7")
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.rectangle([0, height * 0.55, width, height], fill="#9cc97a")
    draw.polygon([(width * 0.3, height * 0.55), (width * 0.5, height * 0.3), (width * 0.7, height * 0.55)], fill=colour)
    draw.rectangle([width * 0.34, height * 0.55, width * 0.66, height * 0.78], fill="#f1faee", outline=colour, width=6)
    draw.ellipse([width * 0.78, height * 0.08, width * 0.9, height * 0.26], fill="#ffd166")
    path = font_file("Loma")
    text = f"ภาพสาธิต (สมมติ): {caption}"
    for points in range(26, 13, -1):  # the whole caption inside the picture: smaller type, never cut
        font = (
            ImageFont.truetype(path, points, layout_engine=ImageFont.Layout.RAQM)
            if path
            else ImageFont.load_default(points)
        )
        if draw.textlength(text, font=font) <= width - 40:
            break
    draw.rectangle([0, height - 80, width, height], fill="#1f2933")
    draw.text((20, height - 40), text, font=font, fill="white", anchor="lm")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82)
    return buffer.getvalue()


def demo_profile() -> ProfileRecord:
    members = [MemberRecord(name, role, f"{TAMBON}{v:02d}" if v else None, "leader") for name, role, v in LEADERS]
    for number in range(1, VILLAGES + 1):
        name = f"{('นาย', 'นาง')[number % 2]}{FIRST_NAMES[number - 1]} หมู่{number} (สมมติ)"
        members.append(MemberRecord(name, ROLES[number - 1], f"{TAMBON}{number:02d}"))
    members.append(MemberRecord("นางสาวพัฒนา ชุมชน (สมมติ)", "พัฒนากรผู้ประสานงานตำบล (เลขานุการ)"))
    return ProfileRecord(
        area_code=TAMBON,
        area_km2=45.5,
        appointment_order_no="ที่ 12/2568 (สมมติ)",
        appointment_order_date=date(2025, 1, 15),
        is_demo=True,
        members=members,
        photos=[PhotoRecord(demo_picture(caption, colour), caption, section) for section, caption, colour in PICTURES],
        **TEXTS,
    )


PINS = [  # category, name, details, village number
    ("learning_centre", "ศูนย์ปฏิบัติการข้อมูลตำบลหนองบัว", "ที่ทำการคณะทำงาน คอมพิวเตอร์ 3 เครื่อง (สมมติ)", 6),
    ("otop", "กลุ่มทอผ้าไหมลายขิดบ้านหัวนา", "สมาชิก 35 คน ผ้าไหมลายขิด (สมมติ)", 3),
]


def _demo_pins(workspace: Workspace) -> list[PinRecord]:
    points = workspace.rows("villages", under=TAMBON).set_index("village_code")
    pins = []
    for category, name, details, number in PINS:
        code = f"{TAMBON}{number:02d}"
        lat, lon = float(points.loc[code, "lat"]) - 0.003, float(points.loc[code, "lon"]) + 0.003
        pins.append(PinRecord(category, name, lat, lon, details, code, is_demo=True))
    return pins


def create_demo_profile(workspace: Workspace) -> None:
    """The demo profile, two more pins of the tambon, photos on its pins and one ticked item (1.1)."""
    store, plans = contest_store_for(workspace.root), store_for(workspace.root)
    store.save_profile(demo_profile(), ACTOR)
    plans.import_pins(_demo_pins(workspace), ACTOR)
    for pin in plans.pins(TAMBON):
        pin.photo, pin.photo_mime = demo_picture(pin.name, "#2a9d8f", (640, 420)), "image/jpeg"
        plans.update_pin(pin, ACTOR)
    place = demo_picture(PICTURES[0][1], PICTURES[0][2])
    evidence = EvidenceRecord(TAMBON, "1.1", note=PICTURES[0][1], file=place, file_name="place.jpg", is_demo=True)
    evidence.file_mime = "image/jpeg"
    store.save_evidence(evidence, ACTOR)
