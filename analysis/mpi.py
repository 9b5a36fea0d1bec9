"""Multidimensional poverty (Alkire–Foster, as TPMAP's MPI) from household results.

Weights: each domain present gets an equal share, split equally among its indicators that have
data in the survey year (the placeholder or a missing column gets no weight). A household's
deprivation score c_i is the weighted share of indicators it fails; a not-applicable indicator
counts as not deprived (the household has no member in its target group). A household is poor
when c_i ≥ k. Then H = q/n, A = mean c_i among the poor, MPI = H × A; censored headcounts and
contributions (which sum to 100%) follow — undefined (NaN) when no household is poor, as a share of
an MPI of 0 has no meaning (MPIResult.has_poor tells); MPI is a mean over households, so it decomposes exactly
over villages: MPI = Σ (n_g / n) · MPI_g.

Input: a HouseholdMatrix — one row per household, one boolean column per indicator (fails) —
read straight from the households layer (analysis.frames.household_matrix), never a long
household × indicator table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.catalogs import domains

DEFAULT_K = 1 / 3
EPSILON = 1e-12


@dataclass
class HouseholdMatrix:
    """Households × indicators of one area and year: ``failed[i, j]`` is true when household i
    fails indicator j (not applicable is false). Grain of ``keys``: one row per household."""

    keys: pd.DataFrame  # village_code, household_id
    failed: np.ndarray  # bool, len(keys) × len(indicator_ids)
    indicator_ids: list[str]
    catalog_id: str | None = None

    @property
    def n(self) -> int:
        return len(self.keys)

    @classmethod
    def from_long(cls, results: pd.DataFrame, catalog_id: str | None = None) -> HouseholdMatrix:
        """From one row per household × indicator (village_code, household_id, indicator_id,
        passed: 1, 0 or NA) — small hand-made fixtures."""
        frame = results.assign(failed=(results["passed"] == 0).fillna(False).astype(bool))
        wide = frame.pivot_table(
            index=["village_code", "household_id"], columns="indicator_id", values="failed", aggfunc="max"
        )
        wide = wide.fillna(False).astype(bool)
        keys = wide.index.to_frame(index=False)
        return cls(keys, wide.to_numpy(), [str(c) for c in wide.columns], catalog_id)


def domain_weights(indicators: pd.DataFrame) -> pd.Series:
    """indicator_id → weight: 1/D per domain present, split equally within it. Sums to 1."""
    frame = indicators[["indicator_id", "domain"]].drop_duplicates("indicator_id")
    n_domains = frame["domain"].nunique()
    per_domain = frame.groupby("domain")["indicator_id"].transform("count")
    return pd.Series((1 / n_domains) / per_domain.to_numpy(), index=frame["indicator_id"].to_numpy(), name="weight")


@dataclass
class MPIResult:
    k: float
    n: int
    q: int
    H: float
    A: float
    MPI: float
    indicators: pd.DataFrame  # one row per indicator: domain, weight, headcounts, contribution_pct
    domains: pd.DataFrame  # one row per domain: weight, contribution_pct
    scores: pd.DataFrame  # one row per household: village_code, household_id, score, poor
    catalog_id: str | None = None

    @property
    def has_poor(self) -> bool:
        """Whether any household is poor at this k; without one the contributions are NaN."""
        return self.q > 0 and self.MPI > 0


def alkire_foster(matrix: HouseholdMatrix, indicator_domains: pd.DataFrame, k: float = DEFAULT_K) -> MPIResult:
    """H, A, MPI, censored headcounts and contributions for the households of ``matrix``."""
    if not 0 < k <= 1:
        raise ValueError("k must be in (0, 1]")
    present = indicator_domains[indicator_domains["indicator_id"].isin(matrix.indicator_ids)]
    weights = domain_weights(present)
    columns = [matrix.indicator_ids.index(i) for i in weights.index]
    # one indicator column at a time (≤ 40 of them): a matrix product would first copy the whole
    # household × indicator matrix into floats (140 MB for a province), and its first call is slow
    scores = np.zeros(matrix.n)
    for column, weight in zip(columns, weights.to_numpy(), strict=True):
        np.add(scores, weight, out=scores, where=matrix.failed[:, column])
    poor = scores >= k - EPSILON
    n, q = matrix.n, int(poor.sum())
    mpi = float(scores[poor].sum() / n) if n else 0.0
    censored = np.array([np.count_nonzero(matrix.failed[:, c] & poor) for c in columns]) / max(n, 1)
    uncensored = np.array([np.count_nonzero(matrix.failed[:, c]) for c in columns]) / max(n, 1)
    domain_of = indicator_domains.drop_duplicates("indicator_id").set_index("indicator_id")["domain"]
    table = pd.DataFrame(
        {
            "indicator_id": weights.index,
            "domain": weights.index.map(domain_of),
            "weight": weights.to_numpy(),
            "uncensored_headcount": uncensored,
            "censored_headcount": censored,
        }
    )
    # 0.0 would read as "contributes nothing" and the shares would not total 100%
    table["contribution_pct"] = 100 * table["weight"] * table["censored_headcount"] / mpi if mpi > 0 else np.nan
    order = domains().set_index("domain_id")["order"]
    by_domain = table.groupby("domain", as_index=False).agg(weight=("weight", "sum"))
    by_domain["contribution_pct"] = table.groupby("domain")["contribution_pct"].sum(min_count=1).to_numpy()
    by_domain = by_domain.assign(order=by_domain["domain"].map(order)).sort_values("order").drop(columns="order")
    household_scores = matrix.keys.assign(score=scores, poor=poor)
    return MPIResult(
        k,
        n,
        q,
        float(q / n) if n else 0.0,
        float(scores[poor].mean()) if q else 0.0,
        mpi,
        table,
        by_domain.reset_index(drop=True),
        household_scores,
        matrix.catalog_id,
    )


def decompose(result: MPIResult, level_length: int = 8) -> pd.DataFrame:
    """Subgroup results by area (village by default): n, q, H, A, MPI, population share and the
    subgroup's contribution to the total MPI (Σ share × MPI_g = MPI)."""
    scores = result.scores.assign(
        area_code=result.scores["village_code"].str[:level_length],
        poor_score=result.scores["score"].where(result.scores["poor"], 0.0),
    )
    grouped = scores.groupby("area_code", sort=True).agg(
        n=("score", "size"), q=("poor", "sum"), poor_score=("poor_score", "sum")
    )
    frame = grouped.reset_index()
    frame["q"] = frame["q"].astype("int64")
    frame["H"] = frame["q"] / frame["n"]
    frame["A"] = (frame["poor_score"] / frame["q"]).where(frame["q"] > 0, 0.0)
    frame["MPI"] = frame["poor_score"] / frame["n"]
    frame["population_share"] = frame["n"] / result.n if result.n else 0.0
    frame = frame.drop(columns="poor_score")
    share = frame["population_share"] * frame["MPI"]
    frame["contribution_pct"] = 100 * share / result.MPI if result.MPI > 0 else np.nan
    return frame[["area_code", "n", "q", "H", "A", "MPI", "population_share", "contribution_pct"]]
