"""Change between two survey years.

Within one catalog every indicator compares with itself. Across catalogs (survey cycles) only the
pairs declared in data/catalogs/cycle_mappings.csv are compared; with no declared pair the
comparison is refused (CrossCycleError) — indicators are revised between cycles.

year_change: one row per area × indicator of the later year: both years' % failing, the change
             in percentage points and its direction.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.catalogs import CATALOG_DIR

SAME_THRESHOLD = 0.05  # percentage points below which a change is shown as "no change"


class CrossCycleError(ValueError):
    """Two years of different indicator cycles with no declared mapping between them."""

    def __init__(self, base_catalog: str, catalog: str):
        self.base_catalog, self.catalog = base_catalog, catalog
        super().__init__(
            f"เปรียบเทียบข้ามรอบตัวชี้วัดไม่ได้ ({base_catalog} กับ {catalog}) เพราะไม่มีการจับคู่ตัวชี้วัดที่ประกาศไว้ / "
            f"cannot compare across indicator cycles ({base_catalog} and {catalog}): no declared mapping"
        )


@lru_cache(maxsize=1)
def cycle_mappings() -> pd.DataFrame:
    path = CATALOG_DIR / "cycle_mappings.csv"
    if not path.exists():
        return pd.DataFrame(columns=["from_catalog", "from_id", "to_catalog", "to_id", "status", "note"])
    return pd.read_csv(path, dtype=str, keep_default_na=False, comment="#")


def indicator_pairs(base_catalog: str, catalog: str, mappings: pd.DataFrame | None = None) -> dict[str, str]:
    """later indicator id → base indicator id. Identity within a catalog; declared pairs across."""
    if base_catalog == catalog:
        return {}
    mappings = cycle_mappings() if mappings is None else mappings
    forward = mappings[(mappings["from_catalog"] == base_catalog) & (mappings["to_catalog"] == catalog)]
    backward = mappings[(mappings["from_catalog"] == catalog) & (mappings["to_catalog"] == base_catalog)]
    pairs = dict(zip(forward["to_id"], forward["from_id"], strict=True))
    pairs |= dict(zip(backward["from_id"], backward["to_id"], strict=True))
    if not pairs:
        raise CrossCycleError(base_catalog, catalog)
    return pairs


def direction(change: float) -> str:
    """ "worse" when more units fail, "better" when fewer, "same" within the threshold."""
    if change is None or np.isnan(change):
        return "not_comparable"
    if change > SAME_THRESHOLD:
        return "worse"
    if change < -SAME_THRESHOLD:
        return "better"
    return "same"


def directions(changes: pd.Series) -> pd.Series:
    """direction() over a whole column."""
    out = np.select(
        [changes > SAME_THRESHOLD, changes < -SAME_THRESHOLD, changes.notna()],
        ["worse", "better", "same"],
        "not_comparable",
    )
    return pd.Series(out, index=changes.index)


def year_change(base: pd.DataFrame, current: pd.DataFrame, mappings: pd.DataFrame | None = None) -> pd.DataFrame:
    """Compare two years' area × indicator rows (each with area_code, catalog_id, indicator_id,
    pct_fail). Refuses (CrossCycleError) across cycles without a declared mapping."""
    if base.empty or current.empty:
        return current.assign(
            base_indicator_id=pd.NA, pct_fail_base=np.nan, change_pp=np.nan, direction="not_comparable"
        )
    base_catalog = str(base["catalog_id"].iloc[0])
    catalog = str(current["catalog_id"].iloc[0])
    pairs = indicator_pairs(base_catalog, catalog, mappings)
    frame = current.copy()
    if base_catalog == catalog:
        frame["base_indicator_id"] = frame["indicator_id"]
    else:
        frame["base_indicator_id"] = frame["indicator_id"].map(pairs)
    before = base[["area_code", "indicator_id", "pct_fail"]].rename(
        columns={"indicator_id": "base_indicator_id", "pct_fail": "pct_fail_base"}
    )
    frame = frame.merge(before, on=["area_code", "base_indicator_id"], how="left")
    frame["change_pp"] = frame["pct_fail"] - frame["pct_fail_base"]
    frame["direction"] = directions(frame["change_pp"])
    frame["cross_cycle"] = base_catalog != catalog
    return frame
