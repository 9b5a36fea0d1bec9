"""Measures of problem size — one function per measure, used by every page, CLI and export.

indicator_measures: one row per area × year × indicator: applicable, pass, fail, pct_pass,
                    pct_fail, target, gap_to_target, n_to_fix, below_target.
domain_measures:    one row per area × year × domain: pct_fail over the domain's applicable
                    units, n_fail, indicators below target, mean gap, share of households failing
                    any of its indicators (only when household rows exist).
nrd2c_shares:       one row per area × year × กชช.2ค indicator: share of villages at level 1, 1–2.
village_classes:    one row per village × year: its development class by the class rule (data).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.catalogs import class_rule, domains, load_catalog

EPSILON = 1e-9


def targets_for(frame: pd.DataFrame) -> pd.Series:
    """Each row's target (% of applicable units passing) from its catalog's indicator table."""
    out = pd.Series(np.nan, index=frame.index, dtype="float64")
    for catalog_id in frame["catalog_id"].dropna().unique():
        targets = load_catalog(catalog_id).indicators.set_index("indicator_id")["default_target"]
        rows = frame["catalog_id"] == catalog_id
        out[rows] = frame.loc[rows, "indicator_id"].map(targets)
    return out


def gap_to_target(pct_pass: float, target: float) -> float:
    """Percentage points still missing to reach the target (0 when met, NaN without data)."""
    if pct_pass is None or (isinstance(pct_pass, float) and math.isnan(pct_pass)):
        return float("nan")
    return max(0.0, target - pct_pass)


def number_to_fix(applicable: int, passed: int, target: float) -> int:
    """จำนวนที่ต้องแก้ไข: units that must move from fail to pass for the pass share to reach target."""
    needed = math.ceil(target * applicable / 100 - EPSILON)
    return max(0, needed - passed)


def indicator_measures(area_indicator: pd.DataFrame) -> pd.DataFrame:
    """Add target, gap to target, number still to fix and below-target to area × indicator rows."""
    frame = area_indicator.copy()
    frame["target"] = targets_for(frame)
    frame["gap_to_target"] = [gap_to_target(p, t) for p, t in zip(frame["pct_pass"], frame["target"], strict=True)]
    frame["n_to_fix"] = [
        number_to_fix(int(a), int(p), float(t))
        for a, p, t in zip(frame["applicable"], frame["pass"], frame["target"], strict=True)
    ]
    frame["below_target"] = frame["pct_pass"].notna() & (frame["pct_pass"] < frame["target"] - EPSILON)
    return frame


def domain_measures(indicators: pd.DataFrame, area_domain: pd.DataFrame) -> pd.DataFrame:
    """Domain rows: pct_fail over applicable units, n_fail, indicators below target, mean gap and
    the share of households failing at least one indicator of the domain (household rows only)."""
    keys = ["area_code", "year", "catalog_id", "domain"]
    with_data = indicators[indicators["applicable"] > 0]
    extra = with_data.groupby(keys, as_index=False).agg(
        n_below_target=("below_target", "sum"),
        gap_mean=("gap_to_target", "mean"),
        n_to_fix=("n_to_fix", "sum"),
    )
    frame = area_domain.merge(extra, on=keys, how="left")
    frame["n_fail"] = frame["fail"]
    frame["n_below_target"] = frame["n_below_target"].fillna(0).astype("int64")
    frame["pct_households_fail_any"] = 100.0 * frame["households_fail_any"] / frame["households_applicable"]
    order = domains().set_index("domain_id")["order"]
    frame["domain_order"] = frame["domain"].map(order)
    return frame.sort_values(["area_code", "year", "domain_order"]).reset_index(drop=True)


def nrd2c_shares(nrd2c_area: pd.DataFrame) -> pd.DataFrame:
    """Share (%) of scored villages at level 1 and at levels 1–2, per area × indicator."""
    frame = nrd2c_area.copy()
    scored = frame["villages"].where(frame["villages"] > 0)
    frame["pct_level_1"] = 100.0 * frame["level_1"] / scored
    frame["pct_level_12"] = 100.0 * (frame["level_1"] + frame["level_2"]) / scored
    return frame


def _class_of(levels: pd.Series, rule: list[dict]) -> dict:
    scored = levels.dropna()
    n_level1 = int((scored == 1).sum())
    share_level3 = float((scored == 3).mean()) if len(scored) else 0.0
    for klass in rule:
        if "min_level1" in klass and n_level1 < klass["min_level1"]:
            continue
        if "min_share_level3" in klass and share_level3 < klass["min_share_level3"]:
            continue
        return {
            "class_id": klass["class_id"],
            "class_th": klass["name_th"],
            "class_en": klass["name_en"],
            "n_level_1": n_level1,
            "share_level_3": share_level3,
        }
    raise ValueError("the class rule has no catch-all class")


def village_classes(nrd2c_village: pd.DataFrame) -> pd.DataFrame:
    """Each village's class (ล้าหลัง/ปานกลาง/ก้าวหน้า) by its catalog's class rule (data file)."""
    rows = []
    for (year, catalog_id, village), group in nrd2c_village.groupby(["year", "catalog_id", "village_code"]):
        klass = _class_of(group["level"].astype("float64"), class_rule(catalog_id))
        rows.append({"village_code": village, "year": year, "catalog_id": catalog_id, **klass})
    columns = ["village_code", "year", "catalog_id", "class_id", "class_th", "class_en", "n_level_1", "share_level_3"]
    return pd.DataFrame(rows, columns=columns)
