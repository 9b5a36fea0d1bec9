"""Collection progress against the target register (pure functions of the register and the
households collected per village × volunteer × day).

village_progress:   one row per village: expected, collected, % complete, days to the deadline,
                    the share the plan expects by the as-of date and a status
                    (done / on_track / behind / overdue / unregistered).
volunteer_progress: one row per volunteer: villages, collected, expected (when the plan assigns
                    volunteers), first and last day, households per active day.
rollup:             villages summed to tambons or amphoe (code prefix of ``length`` digits).
burnup:             one row per day: households collected that day, cumulative, and the plan line.

The plan is a straight line from the start of collection to the deadline. A village's households
count toward % complete up to its expected number (a village over its register does not hide
another one's missing households in a roll-up).
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from analysis.checks.config import section
from analysis.measures import share_pct

STATUSES = ("done", "on_track", "behind", "overdue", "unregistered")
VILLAGE_COLUMNS = [
    "village_code",
    "households_expected",
    "with_house_no",
    "without_house_no",
    "households_collected",
    "households_counted",
    "pct_complete",
    "start",
    "deadline",
    "days_left",
    "expected_pct",
    "first_collected",
    "last_collected",
    "status",
]


def pct(part: float, whole: float) -> float:
    """The one share rule (analysis.measures.share_pct) for two numbers: NaN when whole is 0."""
    return float(share_pct(pd.Series([float(part)]), pd.Series([float(whole)])).iloc[0])


def plan_start(start: date | None, deadline: date | None) -> date | None:
    """The start of collection: the register's, else ``default_collection_days`` before the deadline."""
    if start is not None or deadline is None:
        return start
    return deadline - timedelta(days=int(section("progress")["default_collection_days"]))


def planned_pct(as_of: date, start: date | None, deadline: date | None) -> float:
    """The % of households the plan expects collected by ``as_of`` (100 from the deadline on)."""
    if deadline is None:
        return float("nan")
    start = plan_start(start, deadline)
    if as_of >= deadline:
        return 100.0
    span = max((deadline - start).days, 1)
    return float(np.clip(100.0 * (as_of - start).days / span, 0.0, 100.0))


def village_progress(villages: pd.DataFrame, counts: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """``villages``: the register per village (TargetRegister.villages()); ``counts``: households per
    village × volunteer × day (frames.collection_counts)."""
    margin = float(section("progress")["behind_margin_pct"])
    per_village = counts.groupby("village_code", as_index=False).agg(
        households_collected=("households", "sum"),
        first_collected=("collected_on", "min"),
        last_collected=("collected_on", "max"),
    )
    frame = villages.merge(per_village, on="village_code", how="outer")
    frame["households_collected"] = frame["households_collected"].fillna(0).astype("int64")
    expected = pd.to_numeric(frame["households_expected"], errors="coerce")
    # what counts toward the register: up to the village's target, nothing from a village outside it
    frame["households_counted"] = np.minimum(frame["households_collected"], expected)
    frame["pct_complete"] = share_pct(frame["households_counted"], expected).to_numpy()
    frame["expected_pct"] = [
        planned_pct(as_of, _day(s), _day(d)) for s, d in zip(frame["start"], frame["deadline"], strict=True)
    ]
    frame["days_left"] = [(_day(d) - as_of).days if _day(d) else np.nan for d in frame["deadline"]]
    done = expected.notna() & (frame["households_collected"] >= expected)
    overdue = expected.notna() & ~done & (frame["days_left"] < 0)
    behind = expected.notna() & ~done & ~overdue & (frame["pct_complete"].fillna(0) + margin < frame["expected_pct"])
    frame["status"] = np.select(
        [expected.isna(), done, overdue, behind], ["unregistered", "done", "overdue", "behind"], "on_track"
    )
    # a village done has no days left to count: "−983" read as 983 days late
    frame["days_left"] = frame["days_left"].mask(done)
    return frame[VILLAGE_COLUMNS].sort_values("village_code").reset_index(drop=True)


def _day(value) -> date | None:
    if value is None or (not isinstance(value, date) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date() if not isinstance(value, date) else value


def volunteer_progress(counts: pd.DataFrame, assigned: pd.DataFrame) -> pd.DataFrame:
    """One row per volunteer seen in the data or assigned by the plan (``assigned``: village ×
    volunteer × households expected)."""
    columns = [
        "collector",
        "villages",
        "households_collected",
        "households_expected",
        "pct_complete",
        "first_collected",
        "last_collected",
        "active_days",
        "per_day",
    ]
    seen = counts[counts["collector"].notna()]
    collected = seen.groupby("collector", as_index=False).agg(
        villages=("village_code", lambda v: ", ".join(sorted(set(v)))),
        households_collected=("households", "sum"),
        first_collected=("collected_on", "min"),
        last_collected=("collected_on", "max"),
        active_days=("collected_on", "nunique"),
    )
    plan = assigned.groupby("collector", as_index=False).agg(
        planned_villages=("village_code", lambda v: ", ".join(sorted(set(v)))),
        households_expected=("households_expected", "sum"),
    )
    frame = collected.merge(plan, on="collector", how="outer")
    frame["villages"] = frame["villages"].fillna(frame["planned_villages"])
    frame["households_collected"] = frame["households_collected"].fillna(0).astype("int64")
    frame["households_expected"] = pd.to_numeric(frame["households_expected"], errors="coerce")
    counted = np.minimum(frame["households_collected"], frame["households_expected"].fillna(np.inf))
    frame["pct_complete"] = share_pct(counted.where(frame["households_expected"].notna()), frame["households_expected"])
    frame["active_days"] = frame["active_days"].fillna(0).astype("int64")
    frame["per_day"] = frame["households_collected"] / frame["active_days"].where(frame["active_days"] > 0)
    return frame[columns].sort_values("collector").reset_index(drop=True)


def rollup(villages: pd.DataFrame, length: int) -> pd.DataFrame:
    """Village progress summed to the areas whose codes are the first ``length`` digits.

    ``villages`` counts every village with data or in the register (what certification counts too);
    ``villages_registered`` only those in the register, the villages that can be done or late.
    Targets unknown for all of an area's villages stay unknown (NaN), not a target of 0."""
    frame = villages.assign(
        area_code=villages["village_code"].str[:length],
        is_done=villages["status"] == "done",
        is_late=villages["status"].isin(["behind", "overdue"]),
        in_register=villages["status"] != "unregistered",
        households_expected=pd.to_numeric(villages["households_expected"], errors="coerce"),
        households_counted=pd.to_numeric(villages["households_counted"], errors="coerce"),
    )
    out = frame.groupby("area_code", as_index=False).agg(
        villages=("village_code", "size"),
        villages_registered=("in_register", "sum"),
        villages_done=("is_done", "sum"),
        villages_late=("is_late", "sum"),
        households_expected=("households_expected", "sum"),
        households_collected=("households_collected", "sum"),
        households_counted=("households_counted", "sum"),
        deadline=("deadline", "max"),
    )
    # an area with no village in the register has no known target: blank, not a sum of 0
    unknown = out["villages_registered"] == 0
    out[["households_expected", "households_counted"]] = out[["households_expected", "households_counted"]].mask(
        unknown
    )
    out["pct_complete"] = share_pct(out["households_counted"], out["households_expected"]).to_numpy()
    out["pct_villages_done"] = share_pct(out["villages_done"], out["villages_registered"]).to_numpy()
    return out


def burnup(counts: pd.DataFrame, expected_total: float, start: date | None, deadline: date | None) -> pd.DataFrame:
    """Households collected per day, cumulative, and the plan's line (0 at the start, every
    expected household at the deadline) from the start (or first day) to the last day or deadline."""
    dated = counts[counts["collected_on"].notna()]
    daily = dated.groupby("collected_on")["households"].sum()
    if daily.empty and deadline is None:
        return pd.DataFrame(columns=["day", "collected", "cumulative", "planned"])
    start = plan_start(start, deadline)
    first = min([d for d in (start, daily.index.min() if len(daily) else None) if d is not None])
    last = max([d for d in (deadline, daily.index.max() if len(daily) else None) if d is not None])
    days = pd.date_range(first, last, freq="D").date
    collected = daily.reindex(days, fill_value=0).astype("int64")
    planned = [expected_total * planned_pct(day, start, deadline) / 100 if deadline else np.nan for day in days]
    return pd.DataFrame(
        {
            "day": days,
            "collected": collected.to_numpy(),
            "cumulative": collected.cumsum().to_numpy(),
            "planned": planned,
        }
    )
