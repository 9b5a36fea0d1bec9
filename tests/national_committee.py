"""A small national-shaped workspace for the committee documents: real codes and names from the
register in three provinces — Bangkok (its เขต and แขวง), Phra Nakhon Si Ayutthaya (the longest
province name; its capital amphoe has 21 tambons, so an amphoe's documents have many rows) and
Ubon Ratchathani's Sirindhorn amphoe (the longest tambon name, นิคมสร้างตนเองลำโดมน้อย) — with two
villages per tambon carrying long village names, households of two years of the 2566–2570 cycle
(the demo's generator, small villages), a กชช.2ค file with village points (no boundaries), and a
few certification steps. Built through the ordinary import pipeline in a few seconds."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.areas import national_areas
from analysis.catalogs import load_catalog
from analysis.checks.certify import certification_store_for
from analysis.checks.views import village_snapshot
from analysis.demo.build import write_bmn_2566
from analysis.demo.plans import ACTOR
from analysis.demo.survey import households_for_year, make_villages, nrd2c_levels, year_changes
from analysis.importers.pipeline import import_file
from analysis.store import Workspace

#: the amphoe (เขต) whose tambons (แขวง) get villages
AMPHOE = ("1001", "1008", "1401", "1413", "3425")
VILLAGES_PER_TAMBON = 2
HOUSEHOLDS = 40
YEARS = (2566, 2567)
SEED = 2568
#: the documents are made for these tambons (and their amphoe and province) and villages
BANGKOK_TAMBON, AYUTTHAYA_TAMBON, LONGEST_TAMBON = "100101", "140101", "342504"
#: long village names as the national village register spells them (บ้าน… / ชุมชน…)
VILLAGE_NAMES = (
    "บ้านหนองตะเคียนทองพัฒนา",
    "บ้านคลองสระบัวใต้สามัคคี",
    "ชุมชนวัดพระศรีสรรเพชญ์",
    "บ้านโนนสำราญเจริญสุขใหม่",
    "บ้านท่าช้างวังหลวงเหนือ",
    "บ้านนิคมสร้างตนเองพัฒนา",
    "ชุมชนตรอกศาลเจ้าพ่อเสือ",
)


def tambons() -> tuple[tuple[str, str, str, int], ...]:
    areas = national_areas()
    chosen = areas[(areas["level"] == "tambon") & areas["area_code"].str[:4].isin(AMPHOE)]
    chosen = chosen.sort_values("area_code")
    return tuple(
        (code, th, en, VILLAGES_PER_TAMBON)
        for code, th, en in zip(chosen["area_code"], chosen["name_th"], chosen["name_en"], strict=True)
    )


def _points_file(villages: list, path: Path) -> Path:
    """กชช.2ค levels and a point near its province for every village."""
    levels = nrd2c_levels(np.random.default_rng(SEED), villages, load_catalog("nrd2c_2566_2570"))
    centres = {"10": (100.50, 13.75), "14": (100.57, 14.35), "34": (105.40, 15.20)}
    spread = np.arange(len(levels))
    out = pd.DataFrame(
        {
            "รหัสหมู่บ้าน": levels["village_code"],
            "ชื่อหมู่บ้าน": levels["village_name"],
            "ละติจูด": [centres[c[:2]][1] + (i % 7) * 0.01 for i, c in zip(spread, levels["village_code"], strict=True)],
            "ลองจิจูด": [
                centres[c[:2]][0] + (i // 7) * 0.01 for i, c in zip(spread, levels["village_code"], strict=True)
            ],
        }
    )
    for column in levels.columns[2:]:
        out[f"ตัวชี้วัดที่ {int(column)}"] = levels[column]
    out.to_csv(path, index=False, encoding="utf-8-sig")
    return path


def build(root: Path, tmp: Path) -> Workspace:
    workspace = Workspace(root)
    rng = np.random.default_rng(SEED)
    villages = [replace(v, households=HOUSEHOLDS) for v in make_villages(rng, tambons(), VILLAGE_NAMES)]
    changes = year_changes(rng, villages, list(YEARS))
    for year in YEARS:
        frame = households_for_year(rng, villages, load_catalog("bmn_2566_2570"), year, changes)
        path = tmp / f"bmn_{year}.csv"
        write_bmn_2566(frame, path)  # UTF-8 CSV, Thai headers, full village code, 1 / 0 / blank
        prepared, info = import_file(workspace, "bmn", path, year=year, actor=ACTOR)
        assert info is not None, prepared.report.to_frame().head()
    prepared, info = import_file(workspace, "nrd2c", _points_file(villages, tmp / "nrd2c.csv"), year=2566, actor=ACTOR)
    assert info is not None, prepared.report.to_frame().head()
    store = certification_store_for(workspace.root)
    for village, steps in {
        f"{BANGKOK_TAMBON}01": ["checked", "certified"],
        f"{AYUTTHAYA_TAMBON}02": ["checked"],
    }.items():
        record = store.record(village, YEARS[-1])
        for step in steps:
            snapshot = village_snapshot(workspace, village, YEARS[-1])
            record = store.transition(village, YEARS[-1], step, record.version, ACTOR, "", snapshot)
    return workspace
