"""A national-shaped workspace, cheaply: one real province (Buri Ram, 31: 189 real tambons from the
register) with 8 villages per tambon — 1,512 villages — as a จปฐ. aggregate file (6 indicators,
one per domain and a second health one, two years of the 2566–2570 cycle) and a กชช.2ค file with
each village's point (no village boundaries). Written by DuckDB-free pandas in well under a second,
imported through the ordinary pipeline in seconds."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.areas import national_areas
from analysis.importers.pipeline import import_file
from analysis.store import Workspace

PROVINCE = "31"
VILLAGES_PER_TAMBON = 8
INDICATORS = ("2", "9", "13", "23", "29", "33")  # health ×2, living, education, income, access
YEARS = (2566, 2567)


def village_codes() -> list[str]:
    areas = national_areas()
    tambons = sorted(areas.loc[(areas["level"] == "tambon") & areas["area_code"].str.startswith(PROVINCE), "area_code"])
    return [f"{t}{n:02d}" for t in tambons for n in range(1, VILLAGES_PER_TAMBON + 1)]


def aggregate_file(path: Path, year: int) -> Path:
    """One row per village × indicator: applicable 40–200, failing share by a fixed formula."""
    codes = village_codes()
    rows = []
    for position, code in enumerate(codes):
        for index, indicator in enumerate(INDICATORS):
            applicable = 40 + (position * 7 + index * 13) % 160
            share = ((position * 37 + index * 11 + year) % 50) / 100
            fail = int(applicable * share)
            rows.append((code, indicator, applicable, applicable - fail, fail))
    frame = pd.DataFrame(rows, columns=["รหัสพื้นที่", "ตัวชี้วัด", "จำนวนที่สำรวจ", "ผ่านเกณฑ์", "ไม่ผ่านเกณฑ์"])
    frame.to_csv(path, index=False, encoding="utf-8")
    return path


def points_file(path: Path) -> Path:
    """กชช.2ค levels of two indicators and a point inside Buri Ram for every village."""
    codes = village_codes()
    spread = np.arange(len(codes))
    frame = pd.DataFrame(
        {
            "รหัสหมู่บ้าน": codes,
            "ละติจูด": (14.3 + (spread % 40) * 0.02).round(5),
            "ลองจิจูด": (102.5 + (spread // 40) * 0.03).round(5),
            "ตัวชี้วัดที่ 1": 1 + spread % 3,
            "ตัวชี้วัดที่ 2": 1 + (spread // 3) % 3,
        }
    )
    frame.to_csv(path, index=False, encoding="utf-8")
    return path


def build(root: Path, tmp: Path) -> Workspace:
    workspace = Workspace(root)
    for year in YEARS:
        prepared, info = import_file(workspace, "bmn-agg", aggregate_file(tmp / f"agg_{year}.csv", year), year=year)
        assert info is not None, prepared.report.to_frame().head()
    prepared, info = import_file(workspace, "nrd2c", points_file(tmp / "nrd2c.csv"), year=2566)
    assert info is not None, prepared.report.to_frame().head()
    return workspace
