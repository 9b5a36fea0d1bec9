"""The demo's collection administration (issue 24 part 4): volunteers per village (two villages
short of the rule), the amphoe's appointment order of the collection committee, the checking team's
visits, the due date of the correction returned in the checks' story (99010503, overdue), and the
อปท. of every village (tambon หนองบัว split between a municipality and a TAO). All fictional.

Deterministic: counts follow the target register of 2567 (analysis/demo/checks.py), no random draw.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from analysis.checks.register import read_register
from analysis.codes import TAMBON_LENGTH
from analysis.collection.records import (
    CorrectionDueRecord,
    LaoRecord,
    OrderRecord,
    VisitRecord,
    VolunteerRecord,
    section,
)
from analysis.collection.store import collection_store_for
from analysis.demo.checks import YEAR
from analysis.demo.places import DEMO_AMPHOE, DEMO_TAMBONS
from analysis.demo.plans import ACTOR
from analysis.store import Workspace

#: villages with fewer collecting volunteers than the rule needs: village → how many short
SHORT = {"99010203": 2, "99010404": 1}
ORDER = OrderRecord(
    DEMO_AMPHOE[0],
    YEAR,
    "245/2566",
    date(2023, 12, 15),
    "amphoe",
    {"chair": 1, "vice_chair": 1, "member": 9, "secretary": 1, "assistant_secretary": 1},
    is_demo=True,
)
#: village → (visit day, findings)
VISITS = {
    "99010101": (date(2024, 1, 22), 0),
    "99010102": (date(2024, 1, 22), 1),
    "99010103": (date(2024, 1, 23), 0),
    "99010503": (date(2024, 1, 30), 3),
    "99010601": (date(2024, 2, 1), 1),
}
CORRECTION = CorrectionDueRecord("99010503", YEAR, date(2024, 2, 5), date(2024, 2, 12), is_demo=True)
#: villages of tambon หนองบัว in the municipality (the rest of the tambon is the TAO's)
MUNICIPAL = ("99010101", "99010102", "99010103")


def demo_volunteers(workspace: Workspace) -> list[VolunteerRecord]:
    """Collectors per village as the rule needs (SHORT ones fewer); one recorder per tambon."""
    villages = read_register(workspace, YEAR).villages()
    per = float(section("volunteers")["households_per_volunteer"])
    needed = np.maximum(np.ceil(villages["households_expected"].astype(float) / per).astype(int), 1)
    have = needed - villages["village_code"].map(SHORT).fillna(0).astype(int)
    records = [
        VolunteerRecord(code, YEAR, "collector", int(n), is_demo=True)
        for code, n in zip(villages["village_code"], have, strict=True)
    ]
    firsts = villages.groupby(villages["village_code"].str[:TAMBON_LENGTH])["village_code"].min()
    records += [VolunteerRecord(code, YEAR, "recorder", 1, is_demo=True) for code in firsts]
    return records


def demo_lao(workspace: Workspace) -> list[LaoRecord]:
    villages = read_register(workspace, YEAR).villages()["village_code"].tolist()
    names = {code: (f"6{code}", f"อบต.{th} (สมมติ)") for code, th, _, _ in DEMO_TAMBONS}
    records = []
    for code in villages:
        lao_code, lao_name = names[code[:TAMBON_LENGTH]]
        if code in MUNICIPAL:
            lao_code, lao_name = "5990101", "เทศบาลตำบลหนองบัว (สมมติ)"
        records.append(LaoRecord(code, lao_code, lao_name, is_demo=True))
    return records


def create_demo_collection_admin(workspace: Workspace) -> None:
    store = collection_store_for(workspace.root)
    amphoe = DEMO_AMPHOE[0]
    store.replace("volunteers", demo_volunteers(workspace), amphoe, YEAR, ACTOR)
    store.replace("orders", [ORDER], amphoe, YEAR, ACTOR)
    visits = [VisitRecord(code, YEAR, day, n, is_demo=True) for code, (day, n) in VISITS.items()]
    store.replace("visits", visits, amphoe, YEAR, ACTOR)
    store.replace("corrections", [CORRECTION], amphoe, YEAR, ACTOR)
    store.replace("lao", demo_lao(workspace), amphoe, None, ACTOR)
