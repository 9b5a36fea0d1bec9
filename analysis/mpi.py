"""Multidimensional poverty (Alkire–Foster, as TPMAP's MPI) from household results.

Weights: each domain present gets an equal share, split equally among its indicators that have
data in the survey year (the placeholder or a missing column gets no weight). A household's
deprivation score c_i is the weighted share of indicators it fails; a not-applicable indicator
counts as not deprived (the household has no member in its target group). A household is poor
when c_i ≥ k. Then H = q/n, A = mean c_i among the poor, MPI = H × A; censored headcounts and
contributions (which sum to 100%) follow; MPI is a mean over households, so it decomposes exactly
over villages: MPI = Σ (n_g / n) · MPI_g.

Input grain: one row per household × indicator (village_code, household_id, indicator_id, passed).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.catalogs import domains

DEFAULT_K = 1 / 3
EPSILON = 1e-12


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


def deprivation_matrix(results: pd.DataFrame) -> pd.DataFrame:
    """Households × indicators, 1 where the household fails (not applicable counts as 0)."""
    frame = results.assign(deprived=(results["passed"] == 0).fillna(False).astype("int8"))
    return frame.pivot_table(
        index=["village_code", "household_id"],
        columns="indicator_id",
        values="deprived",
        aggfunc="max",
        fill_value=0,
        observed=True,
    )


def alkire_foster(results: pd.DataFrame, indicator_domains: pd.DataFrame, k: float = DEFAULT_K) -> MPIResult:
    """H, A, MPI, censored headcounts and contributions for the households in ``results``."""
    if not 0 < k <= 1:
        raise ValueError("k must be in (0, 1]")
    matrix = deprivation_matrix(results)
    weights = domain_weights(indicator_domains[indicator_domains["indicator_id"].isin(matrix.columns)])
    matrix = matrix.reindex(columns=weights.index, fill_value=0)
    scores = matrix.to_numpy() @ weights.to_numpy()
    poor = scores >= k - EPSILON
    n, q = len(matrix), int(poor.sum())
    mpi = float(scores[poor].sum() / n) if n else 0.0
    headcount = float(q / n) if n else 0.0
    intensity = float(scores[poor].mean()) if q else 0.0
    censored = matrix[poor].sum(axis=0) / n if n else matrix.sum(axis=0) * 0.0
    uncensored = matrix.sum(axis=0) / n if n else censored
    domain_of = indicator_domains.drop_duplicates("indicator_id").set_index("indicator_id")["domain"]
    table = pd.DataFrame(
        {
            "indicator_id": weights.index,
            "domain": weights.index.map(domain_of),
            "weight": weights.to_numpy(),
            "uncensored_headcount": uncensored.to_numpy(),
            "censored_headcount": censored.to_numpy(),
        }
    )
    table["contribution_pct"] = 100 * table["weight"] * table["censored_headcount"] / mpi if mpi > 0 else 0.0
    order = domains().set_index("domain_id")["order"]
    by_domain = table.groupby("domain", as_index=False).agg(
        weight=("weight", "sum"), contribution_pct=("contribution_pct", "sum")
    )
    by_domain = by_domain.assign(order=by_domain["domain"].map(order)).sort_values("order").drop(columns="order")
    household_scores = matrix.index.to_frame(index=False).assign(score=scores, poor=poor)
    return MPIResult(k, n, q, headcount, intensity, mpi, table, by_domain.reset_index(drop=True), household_scores)


def decompose(result: MPIResult, level_length: int = 8) -> pd.DataFrame:
    """Subgroup results by area (village by default): n, q, H, A, MPI, population share and the
    subgroup's contribution to the total MPI (Σ share × MPI_g = MPI)."""
    scores = result.scores.assign(area_code=result.scores["village_code"].str[:level_length])
    rows = []
    for area, group in scores.groupby("area_code", sort=True):
        n, poor = len(group), group["poor"].to_numpy()
        q = int(poor.sum())
        mpi = float(group["score"].to_numpy()[poor].sum() / n)
        rows.append(
            {
                "area_code": area,
                "n": n,
                "q": q,
                "H": q / n,
                "A": float(group.loc[poor, "score"].mean()) if q else 0.0,
                "MPI": mpi,
                "population_share": n / result.n,
            }
        )
    frame = pd.DataFrame(rows, columns=["area_code", "n", "q", "H", "A", "MPI", "population_share"])
    frame["contribution_pct"] = 100 * frame["population_share"] * frame["MPI"] / result.MPI if result.MPI > 0 else 0.0
    return frame
