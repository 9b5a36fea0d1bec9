"""The set-based rules of collection administration, on whole tables (pandas/DuckDB), never a
Python loop per household or per village:

volunteer_needs     enough volunteers per village (data/collection.toml [volunteers], UNCONFIRMED)
correction_states   returned corrections with their due date: open, overdue by how many days
village_admin       per village: the committee order covering it, the checking team's visits
lao_indicators      the village × indicator rows added up per อปท. (plus the villages not mapped),
                    so the rows of an area always sum to the area's own row
"""

from __future__ import annotations

from datetime import date

import duckdb
import numpy as np
import pandas as pd

from analysis.codes import AMPHOE_LENGTH, TAMBON_LENGTH
from analysis.collection.records import section

NEEDS_COLUMNS = ["village_code", "households", "volunteers", "needed", "short", "enough"]
UNMAPPED = ""  #: the lao_code of villages no อปท. was declared for


def volunteer_needs(households: pd.DataFrame, volunteers: pd.DataFrame) -> pd.DataFrame:
    """One row per village of ``households`` (village_code, households): its collecting
    volunteers (``volunteers``: village_code, role, volunteers), the number the rule needs —
    max(min_per_village, ceil(households / households_per_volunteer)) — and how many are short."""
    rule = section("volunteers")
    collecting = volunteers[volunteers["role"].isin(rule["collecting_roles"])]
    counted = collecting.groupby("village_code", as_index=False)["volunteers"].sum()
    out = households[["village_code", "households"]].merge(counted, on="village_code", how="left")
    out["households"] = pd.to_numeric(out["households"]).fillna(0).astype(int)
    out["volunteers"] = out["volunteers"].fillna(0).astype(int)
    per = float(rule["households_per_volunteer"])
    needed = np.ceil(out["households"] / per).astype(int)
    out["needed"] = np.maximum(needed, int(rule["min_per_village"]))
    out["short"] = (out["needed"] - out["volunteers"]).clip(lower=0)
    out["enough"] = out["short"] == 0
    return out[NEEDS_COLUMNS].sort_values("village_code").reset_index(drop=True)


def correction_states(dues: pd.DataFrame, statuses: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """One row per due date (village_code, returned_on, due_date) with the village's certification
    status: open while the village is "returned"; overdue when open after its due date (days_overdue
    > 0). A village checked again or certified has answered its correction."""
    status = statuses[["village_code", "status"]] if len(statuses) else pd.DataFrame(columns=["village_code", "status"])
    out = dues[["village_code", "returned_on", "due_date"]].merge(status, on="village_code", how="left")
    out["status"] = out["status"].fillna("not_checked")
    out["open"] = out["status"] == "returned"
    late = (pd.Timestamp(as_of) - pd.to_datetime(out["due_date"])).dt.days
    out["days_overdue"] = late.where(out["open"] & (late > 0), 0).astype(int)
    out["overdue"] = out["days_overdue"] > 0
    return out.sort_values(["overdue", "village_code"], ascending=[False, True]).reset_index(drop=True)


def village_admin(villages: list[str], orders: pd.DataFrame, visits: pd.DataFrame) -> pd.DataFrame:
    """One row per village: the number of the committee order covering it (the order of its own
    tambon first, else its amphoe's; blank when none), its visits and the last visit's date."""
    frame = pd.DataFrame({"village_code": list(villages)})
    frame["order_no"] = ""
    for length in (AMPHOE_LENGTH, TAMBON_LENGTH):  # the tambon's order is written last: it wins
        found = orders[orders["area_code"].str.len() == length]
        if len(found):
            latest = found.sort_values("order_date").drop_duplicates("area_code", keep="last")
            by_area = latest.set_index("area_code")["order_no"]
            mapped = frame["village_code"].str[:length].map(by_area)
            frame["order_no"] = mapped.fillna(frame["order_no"])
    counted = visits.groupby("village_code").agg(visits=("visit_date", "size"), last_visit=("visit_date", "max"))
    frame = frame.merge(counted, on="village_code", how="left")
    frame["visits"] = frame["visits"].fillna(0).astype(int)
    frame["has_order"] = frame["order_no"] != ""
    return frame


def lao_indicators(village_rows: pd.DataFrame, mapping: pd.DataFrame) -> pd.DataFrame:
    """Village × indicator rows (area_indicator at village level) added up per อปท. × indicator:
    applicable, pass, fail and the shares; villages without a declared อปท. under lao_code "" —
    so the rows of any indicator add up exactly to the tambon's (or amphoe's) own row."""
    columns = ["lao_code", "lao_name", "indicator_id", "count_unit", "villages", "applicable", "pass", "fail"]
    if village_rows.empty:
        return pd.DataFrame(columns=[*columns, "pct_fail"])
    # typed text columns: an empty mapping must still give DuckDB its three named columns
    lao = mapping.reindex(columns=["village_code", "lao_code", "lao_name"]).astype("string")
    with duckdb.connect() as con:
        con.register("village_rows", village_rows)
        con.register("lao", lao)
        frame = con.execute(
            """
            WITH joined AS (
                SELECT coalesce(l.lao_code, '') AS lao_code, coalesce(l.lao_name, '') AS lao_name, v.*
                FROM village_rows v LEFT JOIN lao l ON l.village_code = v.area_code
            )
            SELECT lao_code, any_value(lao_name) AS lao_name, indicator_id, any_value(count_unit) AS count_unit,
                   count(DISTINCT area_code) AS villages, sum(applicable)::BIGINT AS applicable,
                   sum(pass)::BIGINT AS pass, sum(fail)::BIGINT AS fail
            FROM joined
            GROUP BY lao_code, indicator_id
            ORDER BY lao_code = '', lao_code, try_cast(indicator_id AS INTEGER), indicator_id
            """
        ).df()
    frame["pct_fail"] = (100 * frame["fail"] / frame["applicable"].where(frame["applicable"] > 0)).astype(float)
    return frame


def lao_households(summary: pd.DataFrame, mapping: pd.DataFrame) -> pd.DataFrame:
    """Village summary rows (area_code, households, people) added up per อปท.: lao_code, lao_name,
    villages, households, people (villages without a declared อปท. under lao_code "")."""
    lao = mapping[["village_code", "lao_code", "lao_name"]].rename(columns={"village_code": "area_code"})
    joined = summary[["area_code", "households", "people"]].merge(lao, on="area_code", how="left")
    joined[["lao_code", "lao_name"]] = joined[["lao_code", "lao_name"]].fillna(UNMAPPED)
    out = joined.groupby(["lao_code", "lao_name"], as_index=False).agg(
        villages=("area_code", "nunique"), households=("households", "sum"), people=("people", "sum")
    )
    return out.sort_values("lao_code", key=lambda c: c.eq(UNMAPPED).astype(str) + c).reset_index(drop=True)
