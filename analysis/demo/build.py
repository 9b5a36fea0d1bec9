"""Write the demo workspace: source files in several real-world shapes, imported through the
same pipeline as users' files, plus boundaries, village points and pins for important places.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.areas import REGISTER_COLUMNS
from analysis.auth.guard import SHARED_MARKER, check_write, record_data_event, shared_mode
from analysis.catalogs import load_catalog
from analysis.codes import PROVINCE_LENGTH
from analysis.db.engine import clear_records, database_url
from analysis.demo import checks as demo_checks
from analysis.demo.collection_admin import create_demo_collection_admin
from analysis.demo.geometry import build_boundaries
from analysis.demo.offices import create_demo_offices
from analysis.demo.places import CENTRE, DEMO_AMPHOE, DEMO_PROVINCE, DEMO_TAMBONS, RADIUS, VILLAGE_NAMES
from analysis.demo.plans import ACTOR as DEMO_ACTOR
from analysis.demo.plans import create_demo_plans
from analysis.demo.profile import create_demo_profile
from analysis.demo.strategy_results import create_demo_strategy_results
from analysis.demo.survey import households_for_year, make_villages, nrd2c_levels, year_changes
from analysis.demo.village_data import YEAR as VILLAGE_DATA_YEAR
from analysis.demo.village_data import write_village_data
from analysis.geo.boundaries import import_boundaries
from analysis.importers.pipeline import import_file
from analysis.plans.pins import read_pins_csv
from analysis.plans.service import store_for
from analysis.store import Progress, Workspace, no_progress
from analysis.store_errors import StoreError

DEMO_LABEL_TH = "ข้อมูลสาธิต (สมมติ)"
DEMO_LABEL_EN = "Demo data (fictional)"
SEED = 2567
BMN_YEARS = {2564: "bmn_2560_2564", 2566: "bmn_2566_2570", 2567: "bmn_2566_2570"}
NRD2C_YEAR = 2566
TEXT_STATUS = {1: "ผ่าน", 0: "ไม่ผ่าน"}

PINS: tuple[tuple[str, str, str, int, int], ...] = (
    # category, name, details, tambon index, village number
    ("savings_group", "กลุ่มออมทรัพย์เพื่อการผลิตบ้านหนองบัว", "สมาชิก 212 คน เงินออมสะสม 1.8 ล้านบาท (สมมติ)", 0, 1),
    ("otop", "กลุ่มทอผ้าไหมบ้านโนนสูง", "ผลิตภัณฑ์ OTOP ระดับ 4 ดาว (สมมติ)", 1, 1),
    ("temple", "วัดป่าศรีสว่าง", "ศูนย์ปฏิบัติธรรมและลานกิจกรรมชุมชน (สมมติ)", 2, 3),
    ("school", "โรงเรียนบ้านดอนแก้ว", "นักเรียน 180 คน ระดับอนุบาล–ม.3 (สมมติ)", 3, 1),
    ("health_centre", "รพ.สต.นาคำ", "โรงพยาบาลส่งเสริมสุขภาพตำบล (สมมติ)", 4, 1),
    ("market", "ตลาดชุมชนโคกสว่าง", "ตลาดนัดทุกวันพุธ (สมมติ)", 5, 2),
    ("water_source", "อ่างเก็บน้ำห้วยทราย", "แหล่งน้ำเพื่อการเกษตร (สมมติ)", 2, 1),
)


def _custom_areas() -> pd.DataFrame:
    rows = [
        (DEMO_PROVINCE[0], "province", DEMO_PROVINCE[1], DEMO_PROVINCE[2], "", "demo"),
        (DEMO_AMPHOE[0], "amphoe", DEMO_AMPHOE[1], DEMO_AMPHOE[2], DEMO_PROVINCE[0], "demo"),
    ]
    rows += [(code, "tambon", th, en, DEMO_AMPHOE[0], "demo") for code, th, en, _ in DEMO_TAMBONS]
    return pd.DataFrame(rows, columns=REGISTER_COLUMNS)


def _write_bmn_2564(frame: pd.DataFrame, path: Path) -> None:
    """Windows-874 CSV, Thai headers, code parts, text results (ผ่าน / ไม่ผ่าน / -)."""
    out = pd.DataFrame(
        {
            "รหัสจังหวัด": frame["village_code"].str[:PROVINCE_LENGTH],
            "รหัสอำเภอ": frame["village_code"].str[2:4],
            "รหัสตำบล": frame["village_code"].str[4:6],
            "หมู่ที่": frame["village_code"].str[6:8].astype(int),
            "ชื่อหมู่บ้าน": frame["village_name"],
            "รหัสบ้าน": frame["household_id"],
            "จำนวนสมาชิก": frame["members"],
            "รายได้ครัวเรือนต่อปี": frame["income"].astype(int),
        }
    )
    for column in [c for c in frame.columns if c.startswith("ind_")]:
        values = frame[column].astype("object")
        out[f"ตัวชี้วัดที่ {column[4:]}"] = values.map(lambda v: "-" if pd.isna(v) else TEXT_STATUS[int(v)])
    out.to_csv(path, index=False, encoding="cp874")


def write_bmn_2566(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 CSV with BOM, Thai headers, full village code, 1 / 0 / blank."""
    out = pd.DataFrame(
        {
            "รหัสหมู่บ้าน": frame["village_code"],
            "ชื่อหมู่บ้าน": frame["village_name"],
            "รหัสครัวเรือน": frame["household_id"],
            "จำนวนสมาชิก (คน)": frame["members"],
            "รายได้ (บาท/ปี)": frame["income"].astype(int),
        }
    )
    for column in [c for c in frame.columns if c.startswith("ind_")]:
        out[f"ข้อ {column[4:]}"] = frame[column]
    out.to_csv(path, index=False, encoding="utf-8-sig")


def _write_bmn_2567(frame: pd.DataFrame, path: Path) -> None:
    """XLSX, English headers, "TH"-prefixed codes, 1 = pass / 2 = fail / blank."""
    out = pd.DataFrame(
        {
            "village_code": "TH" + frame["village_code"],
            "household_id": frame["household_id"],
            "members": frame["members"],
            "income": frame["income"].astype(int),
        }
    )
    for column in [c for c in frame.columns if c.startswith("ind_")]:
        values = frame[column].astype("object")
        out[f"ind{int(column[4:]):02d}"] = values.map(lambda v: None if pd.isna(v) else (1 if int(v) == 1 else 2))
    for column in ("collector", "collected_on"):  # analysis/demo/checks.py: who collected it, and when
        if column in frame:
            out[column] = frame[column]
    out.to_excel(path, index=False, engine="xlsxwriter")


def _write_nrd2c(levels: pd.DataFrame, points: dict[str, tuple[float, float]], path: Path) -> None:
    out = pd.DataFrame(
        {
            "รหัสหมู่บ้าน": levels["village_code"],
            "ชื่อหมู่บ้าน": levels["village_name"],
            "ละติจูด": levels["village_code"].map(lambda c: points[c][1]),
            "ลองจิจูด": levels["village_code"].map(lambda c: points[c][0]),
        }
    )
    for column in levels.columns[2:]:
        out[f"ตัวชี้วัดที่ {int(column)}"] = levels[column]
    out.to_csv(path, index=False, encoding="utf-8-sig")


def create_demo(path: Path | str, force: bool = False, progress: Progress = no_progress, actor=None) -> Workspace:
    """Create the demo workspace at ``path`` (refuses a folder that already holds data; ``force``
    starts it over — on a shared server only as an administrator, ``actor``, keeping the accounts
    and the audit log). One seeded generator draws everything in a fixed order, so the demo is the
    same on every machine."""
    workspace = _fresh_workspace(Path(path), force, actor)
    rng = np.random.default_rng(SEED)
    villages = make_villages(rng, DEMO_TAMBONS, VILLAGE_NAMES)
    changes = year_changes(rng, villages, list(BMN_YEARS))
    points = _demo_boundaries(workspace, rng, villages)
    files, checked = _demo_survey_files(workspace, rng, villages, changes, points)
    for step, (kind, file, year) in enumerate(files):

        def scaled(fraction: float, label: str, step: int = step) -> None:
            progress((step + fraction) / len(files), label)

        prepared, info = import_file(workspace, kind, file, year=year, demo=True, progress=scaled, actor=DEMO_ACTOR)
        if info is None:
            problems = prepared.report.to_frame().head(5).to_string()
            raise RuntimeError(f"demo import of {file.name} failed:\n{problems}")
    _demo_pins(workspace, points)
    progress(0.97, "plans")
    create_demo_plans(workspace)
    create_demo_strategy_results(workspace)
    create_demo_profile(workspace)
    create_demo_offices(workspace)
    demo_checks.create_demo_checks(workspace, checked)
    create_demo_collection_admin(workspace)
    marker = {"label_th": DEMO_LABEL_TH, "label_en": DEMO_LABEL_EN, "seed": SEED}
    (workspace.root / "demo.json").write_text(json.dumps(marker, ensure_ascii=False, indent=1), encoding="utf-8")
    progress(1.0, "done")
    return workspace


def _fresh_workspace(path: Path, force: bool, actor=None) -> Workspace:
    workspace = Workspace(path)
    if workspace.exists() and not force:
        raise StoreError(f"{path} มีข้อมูลอยู่แล้ว (ใช้ --force เพื่อสร้างใหม่) / already holds data (use --force)")
    if workspace.root.exists() and force:
        kept = reset_guard(workspace, actor)
        for item in workspace.root.iterdir():
            if item.name in kept:
                continue
            shutil.rmtree(item) if item.is_dir() and not item.is_symlink() else item.unlink()
    workspace.root.mkdir(parents=True, exist_ok=True)
    (workspace.root / "areas").mkdir(exist_ok=True)
    _custom_areas().to_csv(workspace.root / "areas" / "custom_areas.csv", index=False)
    return workspace


def reset_guard(workspace: Workspace, actor) -> set[str]:
    """Starting a workspace over: on a shared server only an administrator of every area may, and
    the plans database (accounts, audit log) and the server marker stay — a reset must not turn
    the accounts off. Returns the names kept in the workspace folder; the reset is audited."""
    url = database_url(workspace.root)
    inside = url == f"sqlite:///{workspace.root.resolve() / 'plans.sqlite'}"
    has_database = not inside or (workspace.root / "plans.sqlite").exists()
    marked = (workspace.root / SHARED_MARKER).exists()
    if not (marked or (has_database and shared_mode(url))):
        if not inside and has_database:
            clear_records(url)  # the folder goes; a database outside it must not keep the old plans
        return set()
    current = check_write(url, actor, "delete_data", None)
    datasets = [d.id for d in workspace.datasets()] if workspace.exists() else []
    record_data_event(url, current, "reset", "demo", "cia demo --force", {"removed_datasets": datasets})
    clear_records(url)
    return {SHARED_MARKER, "plans.sqlite", "plans.sqlite-wal", "plans.sqlite-shm", ".lock"}


def _demo_boundaries(workspace: Workspace, rng: np.random.Generator, villages: list) -> dict:
    """Amphoe, tambon and village shapes written to ``geo/`` and imported; the village points."""
    amphoe, tambons, village_shapes, points = build_boundaries(
        rng, CENTRE, RADIUS, DEMO_TAMBONS, [v.code for v in villages]
    )
    geo = workspace.root / "geo"
    geo.mkdir(exist_ok=True)
    village_shapes["name_th"] = village_shapes["area_code"].map({v.code: v.name for v in villages})
    for frame, name in ((amphoe, "amphoe"), (tambons, "tambon"), (village_shapes, "village")):
        frame.to_file(geo / f"demo_{name}.geojson", driver="GeoJSON")
        import_boundaries(
            workspace, geo / f"demo_{name}.geojson", level=name, code_column="area_code", actor=DEMO_ACTOR
        )
    return points


def _demo_survey_files(
    workspace: Workspace, rng: np.random.Generator, villages: list, changes, points: dict
) -> tuple[list[tuple[str, Path, int]], pd.DataFrame]:
    """The survey files users get in ``demo_sources/`` (one per year, each in another encoding or
    format), as (kind, path, year) to import; and the households of the checked year."""
    sources = workspace.root / "demo_sources"
    sources.mkdir(exist_ok=True)
    writers = {
        2564: ("bmn_2564_tis620.csv", _write_bmn_2564),
        2566: ("bmn_2566_utf8bom.csv", write_bmn_2566),
        2567: ("bmn_2567.xlsx", _write_bmn_2567),
    }
    files: list[tuple[str, Path, int]] = []
    for year, catalog_id in BMN_YEARS.items():
        frame = households_for_year(rng, villages, load_catalog(catalog_id), year, changes)
        if year == demo_checks.YEAR:
            frame = checked = demo_checks.with_collection(demo_checks.plant_anomalies(frame))
        name, writer = writers[year]
        writer(frame, sources / name)
        files.append(("bmn", sources / name, year))
    nrd = nrd2c_levels(rng, villages, load_catalog("nrd2c_2566_2570"))
    _write_nrd2c(nrd, points, sources / "nrd2c_2566.csv")
    files.append(("nrd2c", sources / "nrd2c_2566.csv", NRD2C_YEAR))
    # the example catalog of another village data set (its own generator: the numbers above stay)
    files.append(("village-data", write_village_data(villages, sources, SEED + 22), VILLAGE_DATA_YEAR))
    return files, checked


def _demo_pins(workspace: Workspace, points: dict) -> None:
    """The demo's places (school, health centre, …) near their villages, through the pins import."""
    pins = []
    for category, name, details, tambon_index, number in PINS:
        code = f"{DEMO_TAMBONS[tambon_index][0]}{number:02d}"
        lon, lat = points[code]
        pins.append(
            {
                "category": category,
                "name": name,
                "details": details,
                "village_code": code,
                "lat": round(lat + 0.004, 5),
                "lon": round(lon + 0.004, 5),
            }
        )
    geo = workspace.root / "geo"
    pd.DataFrame(pins).to_csv(geo / "demo_pins.csv", index=False, encoding="utf-8")
    records, report = read_pins_csv((geo / "demo_pins.csv").read_bytes(), "demo_pins.csv")
    if report.has_errors:
        raise RuntimeError(report.to_frame().to_string())
    for record in records:
        record.is_demo = True
    store_for(workspace.root).import_pins(records, DEMO_ACTOR)
