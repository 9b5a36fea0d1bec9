"""What the Data-check page, the certification tab and the evidence book show of collection
administration for an area and a survey year — one gathering, so every place shows the same
numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from analysis.checks.certify import CertificationStore
from analysis.checks.register import read_register
from analysis.codes import AMPHOE_LENGTH
from analysis.collection.rules import (
    correction_states,
    lao_households,
    lao_indicators,
    village_admin,
    volunteer_needs,
)
from analysis.collection.store import CollectionStore
from analysis.store import Workspace


@dataclass
class CollectionAdmin:
    area: str
    year: int
    as_of: date
    needs: pd.DataFrame  #: volunteer_needs + source ("register" or "survey")
    orders: pd.DataFrame
    visits: pd.DataFrame
    villages: pd.DataFrame  #: village_admin
    corrections: pd.DataFrame  #: correction_states
    lao: pd.DataFrame  #: lao_households
    volunteers: pd.DataFrame  #: the register as stored (village_code, role, volunteers)

    @property
    def short(self) -> pd.DataFrame:
        """The villages with fewer collecting volunteers than the rule needs."""
        return self.needs[~self.needs["enough"]].reset_index(drop=True)

    @property
    def overdue(self) -> pd.DataFrame:
        return self.corrections[self.corrections["overdue"]].reset_index(drop=True)

    def village(self, code: str) -> dict:
        """One village's line for the certification tab: its order, visits, volunteers, correction."""
        admin = self.villages.set_index("village_code")
        needs = self.needs.set_index("village_code")
        due = self.corrections.set_index("village_code")
        return {
            "order_no": admin.at[code, "order_no"] if code in admin.index else "",
            "visits": int(admin.at[code, "visits"]) if code in admin.index else 0,
            "last_visit": admin.at[code, "last_visit"] if code in admin.index else None,
            "volunteers": int(needs.at[code, "volunteers"]) if code in needs.index else 0,
            "needed": int(needs.at[code, "needed"]) if code in needs.index else None,
            "due_date": due.at[code, "due_date"] if code in due.index else None,
            "overdue_days": int(due.at[code, "days_overdue"]) if code in due.index else 0,
        }


def village_households(workspace: Workspace, area: str, year: int) -> pd.DataFrame:
    """village_code, households, source: the target register's households where the village has
    one ("register"), else the households surveyed ("survey")."""
    surveyed = workspace.rows("area_summary", under=area, level="village", year=int(year))
    survey = pd.DataFrame(
        {"village_code": surveyed["area_code"], "households": surveyed["households"], "source": "survey"}
    )
    registered = read_register(workspace, year, area).villages()
    planned = pd.DataFrame(
        {
            "village_code": registered["village_code"],
            "households": registered["households_expected"],
            "source": "register",
        }
    )
    both = pd.concat([planned, survey], ignore_index=True).drop_duplicates("village_code", keep="first")
    return both.sort_values("village_code").reset_index(drop=True)


def collection_admin(
    workspace: Workspace,
    store: CollectionStore,
    certification: CertificationStore,
    area: str,
    year: int,
    as_of: date,
) -> CollectionAdmin:
    households = village_households(workspace, area, year)
    volunteers = store.frame("volunteers", area, year)
    needs = volunteer_needs(households, volunteers).merge(households[["village_code", "source"]], on="village_code")
    # an order of the amphoe or tambon above the area covers it: read from the amphoe down
    orders = store.frame("orders", area[:AMPHOE_LENGTH], year)
    orders = orders[orders["area_code"].map(lambda code: area.startswith(code) or code.startswith(area))]
    visits = store.frame("visits", area, year)
    villages = village_admin(households["village_code"].tolist(), orders, visits)
    dues = store.frame("corrections", area, year)
    corrections = correction_states(dues, certification.statuses(area, year), as_of)
    summary = workspace.rows("area_summary", under=area, level="village", year=int(year))
    lao = lao_households(summary, store.frame("lao", area))
    return CollectionAdmin(
        area, int(year), as_of, needs, orders.reset_index(drop=True), visits, villages, corrections, lao, volunteers
    )


def lao_area_rows(workspace: Workspace, store: CollectionStore, area: str, year: int) -> pd.DataFrame:
    """The area table read per อปท.: the villages' indicator rows under ``area`` added up per อปท. ×
    indicator (analysis.collection.rules.lao_indicators) — they add up to the area's own rows."""
    rows = workspace.rows("area_indicator", under=area, level="village", year=int(year))
    return lao_indicators(rows, store.frame("lao", area))
