"""The demo's collection and data-check story (issue 10): who collected each household of 2567 and
when, the target register with two villages behind schedule, a few planted anomalies the checks
must find, a mix of certification statuses, and a correction file to try (not imported).

Deterministic: collection days and volunteers follow the household order; nothing here draws from
the survey's random stream, so the survey's numbers stay what they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from analysis.checks.certify import certification_store_for
from analysis.checks.config import consistency_pairs
from analysis.checks.register import save_register
from analysis.checks.views import village_snapshot
from analysis.demo.plans import ACTOR
from analysis.store import Workspace

YEAR = 2567
START, DEADLINE = date(2024, 1, 8), date(2024, 3, 29)  # 8 ม.ค. 2567 – 29 มี.ค. 2567
PER_VOLUNTEER = 90
#: villages behind schedule: the share of their register collected
BEHIND = {"99010505": 0.72, "99010607": 0.6}
CORRECTION_FILE = "bmn_2567_correction_99010503.csv"


@dataclass(frozen=True)
class Planted:
    rule: str
    village_code: str
    indicator_id: str | None = None
    households: int = 0  # households planted (0: a village-level finding)


#: what the checks must find in the demo's 2567 data (tests/test_checks_demo.py)
PLANTED = (
    Planted("check_year_jump", "99010602", "18"),
    Planted("check_pair_inconsistent", "99010503", "22", 3),
    Planted("check_income_zero_pass", "99010504", "29", 2),
    Planted("check_identical_answers", "99010606"),
    Planted("check_members_outlier", "99010601", None, 1),
    Planted("check_income_outlier", "99010502", None, 1),
    *[Planted("check_collection_overdue", code) for code in BEHIND],
)
#: the demo's certification statuses in 2567: village → steps taken (and the last note)
STATUSES = {
    **{f"990101{n:02d}": (["checked", "certified"], "รับรองในเวทีประชาคมหมู่บ้าน (สมมติ)") for n in range(1, 5)},
    "99010105": (["checked"], "ตรวจแล้ว รอเวทีรับรอง (สมมติ)"),
    **{f"990102{n:02d}": (["checked"], "ทีมตรวจสอบอำเภอตรวจแล้ว (สมมติ)") for n in range(1, 4)},
    "99010501": (["checked"], "ตรวจแล้ว (สมมติ)"),
    "99010503": (["checked", "returned"], "ข้อ 22 กับข้อ 4 ขัดกัน 3 ครัวเรือน ส่งกลับให้อาสาสมัครแก้ไข (สมมติ)"),
}


def nested_applicability(frame: pd.DataFrame, catalog_id: str) -> pd.DataFrame:
    """An indicator is answered only by households that also answer the indicators whose target
    group contains its own (the declared pairs): where the wider one was left blank, so is it."""
    pairs = consistency_pairs(catalog_id)
    for _ in range(len(pairs) + 1):  # chains (34 → 28 → 12) settle in a few rounds
        changed = False
        for pair in pairs:
            when, requires = f"ind_{pair['when']}", f"ind_{pair['requires']}"
            if when not in frame or requires not in frame:
                continue
            gap = frame[when].notna() & frame[requires].isna()
            if gap.any():
                frame.loc[gap, when] = pd.NA
                changed = True
        if not changed:
            break
    return frame


def _rows(frame: pd.DataFrame, village: str) -> pd.Index:
    return frame.index[frame["village_code"] == village]


def plant_anomalies(frame: pd.DataFrame) -> pd.DataFrame:
    """The anomalies of PLANTED, written into the 2567 households."""
    frame = frame.copy()
    jump = _rows(frame, "99010602")
    frame.loc[jump[frame.loc[jump, "ind_18"].notna()], "ind_18"] = 0
    pair = _rows(frame, "99010503")
    free = pair[frame.loc[pair, ["ind_2", "ind_3"]].isna().all(axis=1).to_numpy()][:3]
    frame.loc[free, ["ind_22", "ind_4"]] = [0, pd.NA]
    zero = _rows(frame, "99010504")[:2]
    frame.loc[zero, ["income", "ind_29"]] = [0, 1]
    copied = _rows(frame, "99010606")
    answers = [c for c in frame.columns if c.startswith("ind_")]
    fails = (frame.loc[copied, answers] == 0).sum(axis=1)
    model = frame.loc[fails.idxmin(), answers]  # the village's household failing least, copied to all
    frame.loc[copied, answers] = [model.to_list()] * len(copied)
    frame.loc[_rows(frame, "99010601")[0], "members"] = 48
    frame.loc[_rows(frame, "99010502")[0], "income"] = 48_000_000
    return frame


def with_collection(frame: pd.DataFrame) -> pd.DataFrame:
    """Volunteer and collection day of every household: each village's households are split among
    its volunteers (about PER_VOLUNTEER each) in order; each volunteer collects 6–10 a day from a
    start day staggered by village."""
    frame = frame.copy()
    position = frame.groupby("village_code").cumcount().to_numpy()
    village_index = frame["village_code"].rank(method="dense").astype(int).to_numpy()
    volunteer = position // PER_VOLUNTEER + 1
    rate = 6 + (village_index + volunteer) % 5
    offset = (village_index * 5 + volunteer * 3) % 21
    frame["collector"] = [f"อช.{code}-{k}" for code, k in zip(frame["village_code"], volunteer, strict=True)]
    days = offset + (position % PER_VOLUNTEER) // rate
    frame["collected_on"] = pd.to_datetime(START) + pd.to_timedelta(days, unit="D")
    return frame


def register_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The 2567 register: one row per village × volunteer; the villages of BEHIND expect more."""
    rows = frame.groupby(["village_code", "collector"], as_index=False).size().rename(columns={"size": "collected"})
    share = rows["village_code"].map(BEHIND).fillna(1.0)
    rows["households_expected"] = np.ceil(rows["collected"] / share).astype(int)
    rows["without_house_no"] = rows["households_expected"] // 25
    rows["with_house_no"] = rows["households_expected"] - rows["without_house_no"]
    return rows[["village_code", "collector", "households_expected", "with_house_no", "without_house_no"]]


def correction_file(frame: pd.DataFrame, path) -> None:
    """The 2567 households of 99010503 whose answers contradict each other, corrected (ข้อ 4 now
    answered): a file to add with `cia import bmn FILE --add` (or the Data page)."""
    village = frame[frame["village_code"] == "99010503"]
    fixed = village[village["ind_22"].notna() & village["ind_4"].isna()].copy()
    fixed["ind_4"] = 1
    out = pd.DataFrame(
        {
            "village_code": fixed["village_code"],
            "household_id": fixed["household_id"],
            "members": fixed["members"],
            "income": fixed["income"].astype(int),
            "collector": fixed["collector"],
            "collected_on": (fixed["collected_on"] + pd.Timedelta(days=60)).dt.strftime("%Y-%m-%d"),
        }
    )
    for column in [c for c in fixed.columns if c.startswith("ind_")]:
        values = fixed[column].astype("object")
        out[f"ind{int(column[4:]):02d}"] = values.map(lambda v: "" if pd.isna(v) else (1 if int(v) == 1 else 2))
    out.to_csv(path, index=False, encoding="utf-8-sig")


def create_demo_checks(workspace: Workspace, frame: pd.DataFrame) -> None:
    """The register, the certification statuses and the correction file of the demo."""
    save_register(workspace, YEAR, register_rows(frame), DEADLINE, START, ACTOR, area="9901", source="demo")
    store = certification_store_for(workspace.root)
    for village, (steps, note) in STATUSES.items():
        record = store.record(village, YEAR)
        for step in steps:
            snapshot = village_snapshot(workspace, village, YEAR)
            record = store.transition(village, YEAR, step, record.version, ACTOR, note, snapshot, demo=True)
    correction_file(frame, workspace.root / "demo_sources" / CORRECTION_FILE)
