"""The data checks before certification — pure functions of frames, over whole columns.

Each returns raw findings: one row per village (and indicator or household to look at) with the
rule id, the value and the detail its message shows (``detail_th`` / ``detail_en`` where the words
differ). Thresholds and declared pairs: data/checks.toml; severities and messages:
data/validation_rules/checks.toml; analysis.checks.findings adds them.

completeness_findings   collected households against the register (from village_progress)
jump_findings           implausible year-on-year changes per village × indicator
consistency_findings    declared pairs of indicators whose target groups nest
income_zero_findings    income 0 and passing the income indicator
identical_findings      villages where (nearly) every household gives the same answers
members_findings        implausible household sizes
income_outlier_findings implausibly high income per person for the tambon
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analysis.codes import TAMBON_LENGTH
from analysis.formatting import fmt_int, fmt_number, fmt_pct
from analysis.measures import share_pct

RAW_COLUMNS = ["rule", "village_code", "indicator_id", "household_id", "value", "detail", "detail_th", "detail_en"]
MAD_SCALE = 0.6745  # Iglewicz & Hoaglin: modified z = 0.6745 (x − median) / MAD
MEAN_AD_SCALE = 1.253314  # when MAD is 0: (x − median) / (1.253314 × mean absolute deviation)


def raw(rule: str, frame: pd.DataFrame, **columns: Any) -> pd.DataFrame:
    """Findings of ``rule`` for each row of ``frame`` (columns given as values or Series)."""
    out = pd.DataFrame(index=frame.index)
    out["rule"] = rule
    for name in RAW_COLUMNS[1:]:
        value = columns.get(name, frame[name] if name in frame else None)
        if isinstance(value, pd.Series):  # aligned to the rows found (an empty frame adopts no index)
            value = value.reindex(frame.index).to_numpy(dtype=object)
        out[name] = value
    return out[RAW_COLUMNS].astype(object).reset_index(drop=True)


def empty() -> pd.DataFrame:
    return pd.DataFrame(columns=RAW_COLUMNS)


def modified_z(values: pd.Series, groups: pd.Series) -> pd.Series:
    """The modified z-score of each value among the values of its group (robust to the outliers it
    looks for); ±inf where every other value of the group is the same and this one differs."""
    median = values.groupby(groups).transform("median")
    deviation = (values - median).abs()
    mad = deviation.groupby(groups).transform("median")
    mean_ad = deviation.groupby(groups).transform("mean")
    scale = np.where(mad > 0, mad / MAD_SCALE, MEAN_AD_SCALE * mean_ad)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(
            scale > 0, (values - median) / scale, np.where(deviation > 0, np.inf * np.sign(values - median), 0)
        )
    return pd.Series(z, index=values.index, dtype="float64")


# ---- completeness --------------------------------------------------------------------------------


def completeness_findings(progress: pd.DataFrame, over_tolerance_pct: float = 0.0) -> pd.DataFrame:
    """Per village of the progress table: missing households (overdue after the deadline), more
    households than the register, or a village with data and no register row."""
    collected = progress["households_collected"]
    expected = pd.to_numeric(progress["households_expected"], errors="coerce")
    value, target = collected.map(fmt_int), expected.map(fmt_int)
    short = expected.notna() & (collected < expected)
    parts = [
        raw("check_collection_overdue", progress[short & (progress["days_left"] < 0)], value=value, detail=target),
        raw("check_collection_incomplete", progress[short & ~(progress["days_left"] < 0)], value=value, detail=target),
        raw(
            "check_collection_over",
            progress[expected.notna() & (collected > expected * (1 + over_tolerance_pct / 100))],
            value=value,
            detail=target,
        ),
        raw("check_village_unregistered", progress[expected.isna() & (collected > 0)], value=value, detail=""),
    ]
    return pd.concat(parts, ignore_index=True)


# ---- year-on-year jumps --------------------------------------------------------------------------


def jump_findings(changes: pd.DataFrame, settings: dict[str, Any]) -> pd.DataFrame:
    """``changes``: village × indicator rows with pct_fail, pct_fail_base, change_pp and both years'
    applicable units (analysis.change.year_change + applicable_base). Flagged: |change| above
    min_change_pp AND |modified z| among the villages of the tambon above modified_z, both years
    with at least min_applicable units."""
    rows = changes[changes["change_pp"].notna()].copy()
    enough = (rows["applicable"] >= settings["min_applicable"]) & (
        rows["applicable_base"] >= settings["min_applicable"]
    )
    rows = rows[enough]
    if rows.empty:
        return empty()
    groups = rows["area_code"].str[:TAMBON_LENGTH] + ":" + rows["indicator_id"].astype(str)
    rows["z"] = modified_z(rows["change_pp"], groups)
    flagged = rows[(rows["change_pp"].abs() > settings["min_change_pp"]) & (rows["z"].abs() > settings["modified_z"])]
    detail = [
        f"{fmt_pct(b)} → {fmt_pct(a)} ({c:+.1f}, z {z:+.1f})"
        for b, a, c, z in zip(
            flagged["pct_fail_base"], flagged["pct_fail"], flagged["change_pp"], flagged["z"], strict=True
        )
    ]
    return raw(
        "check_year_jump",
        flagged,
        village_code=flagged["area_code"],
        indicator_id=flagged["indicator_id"],
        value=flagged["indicator_id"],
        detail=detail,
    )


# ---- households ----------------------------------------------------------------------------------


def consistency_findings(households: pd.DataFrame, pairs: list[dict[str, str]]) -> pd.DataFrame:
    """One finding per household × declared pair where ``when`` applies and ``requires`` does not
    (pair by pair, households in their order: gathered by position, one frame built at the end)."""
    usable = [p for p in pairs if f"ind_{p['when']}" in households and f"ind_{p['requires']}" in households]
    if not usable:
        return empty()
    hits = [
        np.flatnonzero(
            households[f"ind_{p['when']}"].notna().to_numpy() & households[f"ind_{p['requires']}"].isna().to_numpy()
        )
        for p in usable
    ]
    rows = np.concatenate(hits)
    pair = np.repeat(np.arange(len(usable)), [len(h) for h in hits])

    def per_pair(values: list[str]) -> pd.Categorical:  # a few texts repeated: no string per row
        codes, texts = pd.factorize(np.array(values, dtype=object))
        return pd.Categorical.from_codes(codes[pair], categories=texts)

    thai = per_pair([p["th"] for p in usable])
    columns = {
        "rule": "check_pair_inconsistent",
        "village_code": households["village_code"].take(rows).to_numpy(),
        "indicator_id": per_pair([p["when"] for p in usable]),
        "household_id": households["household_id"].take(rows).to_numpy(),
        "value": per_pair([f"{p['when']}/{p['requires']}" for p in usable]),
        "detail": thai,
        "detail_th": thai,
        "detail_en": per_pair([p["en"] for p in usable]),
    }
    return pd.DataFrame(columns, index=pd.RangeIndex(len(rows)), columns=RAW_COLUMNS)


def income_zero_findings(households: pd.DataFrame, income_id: str | None) -> pd.DataFrame:
    """Households with income 0 (and members) that pass the income indicator."""
    column = f"ind_{income_id}" if income_id else None
    if column is None or column not in households:
        return empty()
    hit = households[(households["income"] == 0) & (households[column] == 1)]
    return raw("check_income_zero_pass", hit, indicator_id=income_id, value=income_id, detail="")


def identical_findings(households: pd.DataFrame, min_households: int, min_share: float) -> pd.DataFrame:
    """Villages whose most common answer pattern covers at least ``min_share`` of their households."""
    sizes = households.groupby("village_code").size()
    patterns = households.groupby(["village_code", "answers"]).size()
    top = patterns.groupby(level="village_code").max()
    share = share_pct(top, sizes)
    hit = share[(sizes >= min_households) & (share >= 100 * min_share)]
    frame = pd.DataFrame({"village_code": hit.index, "count": top[hit.index].to_numpy(), "share": hit.to_numpy()})
    return raw(
        "check_identical_answers",
        frame,
        value=frame["count"].map(fmt_int),
        detail=frame["share"].map(fmt_pct),
    )


def members_findings(households: pd.DataFrame, members_max: int) -> pd.DataFrame:
    hit = households[households["members"] > members_max]
    return raw("check_members_outlier", hit, value=hit["members"].map(fmt_int), detail=fmt_int(members_max))


def income_outlier_findings(households: pd.DataFrame, z_max: float, min_households: int) -> pd.DataFrame:
    """Income per person far above the tambon's (modified z-score of its logarithm, high side)."""
    usable = households[(households["income"] > 0) & (households["members"] > 0)]
    per_person = usable["income"] / usable["members"]
    codes = usable["village_code"].str[:TAMBON_LENGTH].factorize()[0]  # groups by integer, not by text
    tambon = pd.Series(codes, index=usable.index)
    logged = np.log(per_person)
    z = modified_z(logged, tambon)
    counted = pd.Series(np.bincount(codes, minlength=1)[codes] if len(codes) else codes, index=usable.index)
    median = np.exp(logged.groupby(tambon).transform("median"))
    hit = (z > z_max) & (counted >= min_households)
    rows = usable[hit]
    return raw(
        "check_income_outlier",
        rows,
        value=per_person[hit].map(fmt_int),
        detail=[f"{fmt_int(m)}; z {fmt_number(v)}" for m, v in zip(median[hit], z[hit], strict=True)],
        detail_th=[
            f"มัธยฐานของตำบล {fmt_int(m)}; z = {fmt_number(v)}" for m, v in zip(median[hit], z[hit], strict=True)
        ],
        detail_en=[
            f"tambon median {fmt_int(m)}; z = {fmt_number(v)}" for m, v in zip(median[hit], z[hit], strict=True)
        ],
    )
