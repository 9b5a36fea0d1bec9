"""A contest story made by hand (no workspace), and helpers to read documents the way people do:
PDF text through pdftotext, pages through pdftoppm, decks through LibreOffice."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from pathlib import Path

import pandas as pd
from PIL import Image

from analysis.contest.content import (
    AreaRow,
    BudgetRow,
    ContestStory,
    DataFacts,
    DomainResult,
    MapData,
    MapFeature,
    MapPin,
    MatrixData,
    MatrixRow,
    PinData,
    ProblemItem,
    ProjectData,
)
from analysis.contest.records import MemberRecord, PhotoRecord, ProfileRecord

DOMAINS = [("income", "รายได้ / เศรษฐกิจ", "#f4a261", 31.25), ("health", "สุขภาพ", "#2a9d8f", 12.5)]


def photo(colour: str = "#2a9d8f") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def _problem(rank: int, domain: str, name: str, title: str, pct: float, n: int) -> ProblemItem:
    return ProblemItem(rank, domain, name, str(rank), title, pct, n, "ครัวเรือน", f"ไม่ผ่านเกณฑ์ {pct:.1f}% ({n} ครัวเรือน)")


def hand_story() -> ContestStory:
    """Two domains, two villages, one project, one pin: numbers chosen to check by eye."""
    domains = [
        DomainResult(i + 1, d, name, colour, value, value, 10 * (2 - i), f"ด้าน{name}: ปัญหาอันดับ 1 คือ ข้อทดสอบ{i + 1}")
        for i, (d, name, colour, value) in enumerate(DOMAINS)
    ]
    problems = {
        "income": [_problem(1, "income", "รายได้ / เศรษฐกิจ", "ครัวเรือนมีรายได้เฉลี่ยต่ำกว่าเกณฑ์", 31.3, 25)],
        "health": [_problem(2, "health", "สุขภาพ", "คนอายุ 35 ปีขึ้นไปได้รับการตรวจสุขภาพประจำปี", 12.5, 10)],
    }
    square = [(103.0, 15.0), (103.1, 15.0), (103.1, 15.1), (103.0, 15.1), (103.0, 15.0)]
    shifted = [(x + 0.1, y) for x, y in square]
    story = ContestStory(
        area_code="990101",
        area_name="ตำบลทดสอบ",
        level="tambon",
        year=2564,
        lang="th",
        is_demo=False,
        measure_name="ร้อยละที่ไม่ผ่านเกณฑ์",
        facts=DataFacts(2564, "จปฐ. 2560–2564", 80, 250, 2, 2, 31, 2564, ["จปฐ. 2564 (test.csv)"]),
        domains=domains,
        problems=problems,
        top_problems=[*problems["income"], *problems["health"]],
        child_level="village",
        children=[
            AreaRow("99010101", "หมู่ที่ 1 บ้านหนองบัว", {"income": 40.0, "health": 5.0}, 22.5),
            AreaRow("99010102", "หมู่ที่ 2 บ้านโนนงาม", {"income": 22.5, "health": 20.0}, 21.25),
        ],
        map=MapData(
            "ร้อยละไม่ผ่านเกณฑ์ ด้านรายได้",
            [
                MapFeature("99010101", "หมู่ที่ 1", [square], "#fcae91", "40.0%"),
                MapFeature("99010102", "หมู่ที่ 2", [shifted], "#de2d26", "22.5%"),
            ],
            [("#fcae91", "20.0–30.0%"), ("#de2d26", "30.0–40.0%")],
            [MapPin(103.05, 15.05, "#2a9d8f", "฿", "กลุ่มออมทรัพย์")],
        ),
        matrix=MatrixData(
            "เวทีประชาคมทดสอบ",
            "2025-03-15",
            "ผู้ใหญ่บ้าน",
            "sum",
            [MatrixRow(1, "ครัวเรือนมีรายได้เฉลี่ยต่ำกว่าเกณฑ์", 4, 4, 3, 4, 15.0)],
        ),
        projects=[
            ProjectData(
                7,
                "โครงการส่งเสริมอาชีพเสริม",
                "tambon",
                "แผนพัฒนาตำบล",
                "ตำบลทดสอบ",
                "approved",
                "อนุมัติ",
                "รายได้ / เศรษฐกิจ",
                "รายได้ต่ำ",
                "ขาดตลาด",
                "เพิ่มรายได้",
                "อบรมอาชีพ",
                "ผู้ผ่านการอบรม 40 คน",
                "รายได้เพิ่มขึ้น",
                "คุณภาพชีวิตดีขึ้น",
                "อบต.ทดสอบ",
                ["ร้อยละผ่านเกณฑ์รายได้: 68.8 → 100.0 %"],
                250000.0,
                "22",
            ),
        ],
        budget=[
            BudgetRow(2569, "lao", "อปท.", 100000.0),
            BudgetRow(2569, "pao", "อบจ.", 50000.0),
            BudgetRow(2570, "lao", "อปท.", 100000.0),
        ],
        pins=[
            PinData(
                "กลุ่มออมทรัพย์บ้านหนองบัว",
                "กลุ่มออมทรัพย์",
                "สมาชิก 120 คน",
                "หมู่ที่ 1 บ้านหนองบัว",
                "#2a9d8f",
                "฿",
                photo(),
                "image/jpeg",
            )
        ],
        mpi={"H": 0.05, "A": 0.4, "MPI": 0.02},
        bmn_table=pd.DataFrame(
            {
                "indicator_id": ["22"],
                "title": ["ครัวเรือนมีรายได้เฉลี่ยต่ำกว่าเกณฑ์"],
                "domain": ["รายได้ / เศรษฐกิจ"],
                "applicable": [80],
                "pass": [55],
                "fail": [25],
                "pct_fail": [31.25],
            }
        ),
    )
    return story


def hand_profile() -> ProfileRecord:
    return ProfileRecord(
        area_code="990101",
        history="ตำบลทดสอบตั้งขึ้นเมื่อปี พ.ศ. 2470 ริมหนองน้ำใหญ่",
        location="อยู่ทางทิศเหนือของอำเภอ",
        area_km2=45.5,
        population_note="วัยแรงงานไปทำงานต่างจังหวัด",
        community_groups="กลุ่มออมทรัพย์ 7 กลุ่ม",
        products="ผ้าไหมลายขิด",
        tourism="หนองบัวหลวง",
        culture="บุญบั้งไฟ",
        appointment_order_no="ที่ 12/2568",
        members=[
            MemberRecord("นายทดสอบ ใจดี", "ผู้ใหญ่บ้าน", "99010101"),
            MemberRecord("นางทดลอง รักถิ่น", "อสม.", "99010102"),
        ],
        photos=[
            PhotoRecord(photo("#457b9d"), "ศูนย์ข้อมูลตำบล", "place"),
            PhotoRecord(photo("#e76f51"), "ประชุมคณะทำงาน", "activity"),
        ],
    )


def thai(text: str) -> str:
    """Text compared as people read it: NFKC (SARA AM = NIKHAHIT + SARA AA), marks in one order, no spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("\u0e4d([\u0e48-\u0e4b])", "\\1\u0e4d", text)
    return re.sub(r"\s+", "", text)


def pdf_text(pdf: bytes, tmp_path: Path, name: str = "doc.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout


def render_pages(pdf_path: Path, out_dir: Path, dpi: int = 50) -> list[Path]:
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf_path), str(out_dir / "page")], check=True)
    return sorted(out_dir.glob("page-*.png"))


def pptx_to_pdf(pptx: bytes, tmp_path: Path) -> Path:
    """LibreOffice converts the deck; a deck it cannot read gives no PDF."""
    source = tmp_path / "deck.pptx"
    source.write_bytes(pptx)
    profile = tmp_path / "lo_profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    return tmp_path / "deck.pdf"
