"""Measures of problem size — declared once in data/measures.toml (the registry MEASURE_CATALOG
here), each with one SQL expression and/or one pandas function, used by the area tables, ranking,
comparison, maps, tables, exports and the CLI.

Each measure states its grain, unit and digits (its formatter), its column, its label keys (Thai and
English names in data/i18n/<lang>/measures.toml) and, when problems can be ranked by it, its compute
function, source table, count column for ties and how the pages treat it (needs_mpi, small_counts,
survey, said). Code asks the catalog for these properties; no module branches on a measure's id.
The README's measure section is generated from it (analysis.docs).

indicator_measures: one row per area × year × indicator: target, gap_to_target, n_to_fix, below_target.
domain_measures:    one row per area × year × domain: pct_fail over the domain's applicable units,
                    n_fail, indicators below target, mean gap, share of households failing any of its
                    indicators (only when household rows exist).
pooled_pct_fail:    one value per area: Σ fail ÷ Σ applicable over all its indicators (pct_fail_all).
nrd2c_shares:       one row per area × year × กชช.2ค indicator: share of villages at level 1, 1–2.
nrd2c_domain_shares: one row per area × year × domain of กชช.2ค indicators.
village_classes:    one row per village × year: its development class by the class rule (data).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.catalogs import class_rule, domains, load_catalog
from analysis.config import DATA_DIR, read_toml
from analysis.i18n import translate

if TYPE_CHECKING:  # frames reads the workspace (DuckDB): not loaded for a measure's name
    from analysis.frames import AreaFrames
    from analysis.mpi import MPIResult

EPSILON = 1e-9


@dataclass(frozen=True)
class Measure:
    """A declared measure (data/measures.toml explains every field)."""

    id: str
    grain: str  # "indicator", "domain", "area", "nrd2c", "household", "village"
    unit: str  # "pct", "count", "pp", "index", "class"
    digits: int
    column: str
    label: str = ""
    definition: str = ""
    map_layer: str | None = None
    rank: bool = False
    compute: str | Callable[..., tuple[pd.DataFrame, pd.DataFrame]] | None = None
    domain_column: str | None = None
    survey: str = "bmn"
    years_table: str = "area_summary"
    source_table: str = "area_indicator"
    count_column: str = "fail"
    share_column: str = "pct_fail"
    needs_mpi: bool = False
    small_counts: bool = True
    said: str = "fail"
    no_data: str = "overview.no_area_data"

    @property
    def label_key(self) -> str:
        return self.label or f"measure.{self.id}"

    def name(self, lang: str = "th") -> str:
        return translate(self.label_key, lang)

    def definition_text(self, lang: str = "th") -> str:
        return translate(self.definition or f"measure.{self.id}_def", lang)

    @property
    def is_count(self) -> bool:
        """Its value is itself a count of units (a small one is hidden like any count)."""
        return self.unit == "count"

    def format(self, value: float | None) -> str:
        from analysis.formatting import fmt_number, fmt_pct

        if value is None or pd.isna(value):
            return "–"
        if self.unit == "pct":
            return fmt_pct(value, self.digits)
        return fmt_number(value, self.digits)

    def values(self, area: AreaFrames, mpi: MPIResult | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(indicator rows, domain rows) of one area with ``value`` and ``n_fail``, by the
        measure's compute function (imported when first used: it may import this module)."""
        compute = self.compute
        if isinstance(compute, str):
            module, _, function = compute.partition(":")
            compute = getattr(importlib.import_module(module), function)
        if compute is None:
            raise ValueError(f"measure {self.id!r} has no compute function: it cannot rank")
        return compute(area, mpi, self)


@cache
def _declared() -> tuple[Measure, ...]:
    return tuple(Measure(**entry) for entry in read_toml(DATA_DIR / "measures.toml")["measure"])


#: The registry: every declared measure, in the data file's order.
MEASURE_CATALOG: tuple[Measure, ...] = _declared()


def measure_catalog() -> tuple[Measure, ...]:
    """The registry as it is now (read at call time, so a test may add a measure to it)."""
    return MEASURE_CATALOG


def measure(measure_id: str) -> Measure:
    for item in measure_catalog():
        if item.id == measure_id:
            return item
    raise KeyError(f"no measure {measure_id!r}")


def rank_measures() -> tuple[str, ...]:
    """The ids of the measures problems can be ranked by (the Rank page's choices, `cia rank --by`)."""
    return tuple(m.id for m in measure_catalog() if m.rank)


def rank_measure(measure_id: str) -> Measure:
    """A measure problems can be ranked by; ValueError naming the choices otherwise."""
    choices = rank_measures()
    if measure_id not in choices:
        raise ValueError(f"unknown measure {measure_id!r}; expected one of {choices}")
    return measure(measure_id)


def layer_measure(kind: str) -> Measure | None:
    """The measure a map layer kind colours areas by (None for a layer that is no measure)."""
    return next((m for m in measure_catalog() if m.map_layer == kind), None)


# ---- the one share rule -----------------------------------------------------------------------------


def share_pct_sql(part: str, whole: str, summed: bool = True) -> str:
    """SQL: 100 × Σpart / Σwhole, NULL when nothing is applicable (not-applicable units excluded);
    ``summed=False`` for columns already summed (one row per area)."""
    if not summed:
        return f"100.0 * {part} / nullif({whole}, 0)"
    return f"100.0 * sum({part}) / nullif(sum({whole}), 0)"


def share_pct(part: pd.Series | np.ndarray, whole: pd.Series | np.ndarray) -> pd.Series:
    """The same rule over already-summed columns: 100 × part / whole, NaN when whole is 0."""
    part = pd.Series(part, dtype="float64")
    whole = pd.Series(whole, dtype="float64", index=part.index)
    return 100.0 * part / whole.where(whole > 0)


# ---- indicator and domain measures --------------------------------------------------------------


def targets_for(frame: pd.DataFrame) -> pd.Series:
    """Each row's target (% of applicable units passing) from its catalog's indicator table."""
    out = pd.Series(np.nan, index=frame.index, dtype="float64")
    for catalog_id in frame["catalog_id"].dropna().unique():
        targets = load_catalog(catalog_id).indicators.set_index("indicator_id")["default_target"]
        rows = frame["catalog_id"] == catalog_id
        out[rows] = frame.loc[rows, "indicator_id"].map(targets)
    return out


def gap_to_target(pct_pass, target):
    """Percentage points still missing to reach the target (0 when met, NaN without data).
    Numbers or whole columns."""
    return np.maximum(target - pct_pass, 0.0)


def number_to_fix(applicable, passed, target):
    """จำนวนที่ต้องแก้ไข: units that must move from fail to pass for the pass share to reach target.
    Numbers or whole columns."""
    needed = np.ceil(np.asarray(target * applicable, dtype="float64") / 100 - EPSILON)
    result = np.nan_to_num(np.maximum(needed - np.asarray(passed, dtype="float64"), 0.0))
    if np.ndim(result) == 0:
        return int(result)
    return pd.Series(result, index=getattr(applicable, "index", None)).astype("int64")


def indicator_measures(area_indicator: pd.DataFrame) -> pd.DataFrame:
    """Add target, gap to target, number still to fix and below-target to area × indicator rows."""
    frame = area_indicator.copy()
    frame["target"] = targets_for(frame)
    frame["gap_to_target"] = gap_to_target(frame["pct_pass"], frame["target"])
    frame["n_to_fix"] = number_to_fix(frame["applicable"], frame["pass"], frame["target"])
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
    frame["pct_households_fail_any"] = share_pct(frame["households_fail_any"], frame["households_applicable"])
    order = domains().set_index("domain_id")["order"]
    frame["domain_order"] = frame["domain"].map(order)
    return frame.sort_values(["area_code", "year", "domain_order"]).reset_index(drop=True)


def pooled_pct_fail(indicators: pd.DataFrame, by: str = "area_code") -> pd.Series:
    """pct_fail_all: % failing over all indicators of each area (Σ fail / Σ applicable; persons and
    households pooled, as the comparison's "all domains" column shows it)."""
    totals = indicators.groupby(by)[["fail", "applicable"]].sum()
    return share_pct(totals["fail"], totals["applicable"])


# ---- กชช.2ค ---------------------------------------------------------------------------------------------


def nrd2c_shares(nrd2c_area: pd.DataFrame) -> pd.DataFrame:
    """Share (%) of scored villages at level 1 and at levels 1–2, per area × indicator."""
    frame = nrd2c_area.copy()
    frame["pct_level_1"] = share_pct(frame["level_1"], frame["villages"]).to_numpy()
    frame["pct_level_12"] = share_pct(frame["level_1"] + frame["level_2"], frame["villages"]).to_numpy()
    return frame


def nrd2c_domain_shares(nrd2c_area: pd.DataFrame) -> pd.DataFrame:
    """Per area × domain: villages at level 1 over villages scored, summed over its indicators."""
    keys = ["area_code", "year", "catalog_id", "domain"]
    frame = nrd2c_area.groupby(keys, as_index=False).agg(level_1=("level_1", "sum"), villages=("villages", "sum"))
    frame["pct_level_1"] = share_pct(frame["level_1"], frame["villages"]).to_numpy()
    return frame


def village_classes(nrd2c_village: pd.DataFrame) -> pd.DataFrame:
    """Each village's class (ล้าหลัง/ปานกลาง/ก้าวหน้า) by its catalog's class rule (data file):
    the first class whose conditions hold (villages at level 1, share of indicators at level 3)."""
    columns = ["village_code", "year", "catalog_id", "class_id", "class_th", "class_en", "n_level_1", "share_level_3"]
    if nrd2c_village.empty:
        return pd.DataFrame(columns=columns)
    scored = nrd2c_village.dropna(subset=["level"]).assign(
        is_1=lambda f: f["level"] == 1, is_3=lambda f: f["level"] == 3
    )
    keys = ["year", "catalog_id", "village_code"]
    counts = scored.groupby(keys, as_index=False).agg(n_level_1=("is_1", "sum"), share_level_3=("is_3", "mean"))
    everyone = nrd2c_village[keys].drop_duplicates().merge(counts, on=keys, how="left")
    everyone = everyone.fillna({"n_level_1": 0, "share_level_3": 0.0})
    parts = [_classify(group, class_rule(catalog_id)) for catalog_id, group in everyone.groupby("catalog_id")]
    return pd.concat(parts, ignore_index=True)[columns]


def _classify(villages: pd.DataFrame, rule: list[dict]) -> pd.DataFrame:
    chosen = pd.Series(None, index=villages.index, dtype=object)
    for klass in rule:
        holds = pd.Series(True, index=villages.index)
        if "min_level1" in klass:
            holds &= villages["n_level_1"] >= klass["min_level1"]
        if "min_share_level3" in klass:
            holds &= villages["share_level_3"] >= klass["min_share_level3"]
        chosen = chosen.where(chosen.notna() | ~holds, klass["class_id"])
    if chosen.isna().any():
        raise ValueError("the class rule has no catch-all class")
    names = {k["class_id"]: (k["name_th"], k["name_en"]) for k in rule}
    return villages.assign(
        class_id=chosen,
        class_th=chosen.map(lambda c: names[c][0]),
        class_en=chosen.map(lambda c: names[c][1]),
        n_level_1=villages["n_level_1"].astype("int64"),
    )
