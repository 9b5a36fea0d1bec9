"""Synthetic จปฐ. households and กชช.2ค levels with realistic differences between villages.

Each village has a propensity to fail per domain; about one village in three is clearly worse
in one domain. Households carry their own hardship, so some fail many indicators at once
(which gives the poverty measures something to find). Years improve slightly overall, with a
few villages getting worse in one domain.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.catalogs import Catalog, domain_ids, income_line_for
from analysis.demo.checks import nested_applicability

#: share of households with at least one member in the indicator's target group
APPLICABILITY: dict[str, dict[str, float]] = {
    "bmn_2560_2564": {
        "1": 0.04,
        "2": 0.04,
        "3": 0.3,
        "6": 0.8,
        "7": 0.95,
        "15": 0.1,
        "16": 0.25,
        "17": 0.05,
        "18": 0.03,
        "19": 0.85,
        "20": 0.88,
        "21": 0.4,
        "24": 0.95,
        "25": 0.95,
        "26": 0.95,
        "27": 0.4,
        "28": 0.06,
        "29": 0.25,
    },
    "bmn_2566_2570": {
        "1": 0.03,
        "2": 0.04,
        "3": 0.04,
        "4": 0.3,
        "5": 0.12,
        "9": 0.95,
        "10": 0.02,
        "12": 0.8,
        "22": 0.12,
        "23": 0.25,
        "24": 0.05,
        "25": 0.85,
        "26": 0.9,
        "27": 0.88,
        "28": 0.4,
        "31": 0.1,
        "32": 0.2,
        "34": 0.4,
        "35": 0.06,
    },
}
#: base share failing (before village and household effects) for indicators that commonly fail
BASE_FAIL: dict[str, dict[str, float]] = {
    "bmn_2560_2564": {"6": 0.2, "7": 0.25, "9": 0.1, "13": 0.12, "18": 0.3, "23": 0.22, "24": 0.3, "25": 0.2},
    "bmn_2566_2570": {
        "7": 0.12,
        "9": 0.25,
        "12": 0.2,
        "16": 0.14,
        "18": 0.12,
        "20": 0.18,
        "21": 0.3,
        "26": 0.25,
        "30": 0.22,
        "33": 0.15,
    },
}
YEAR_OFFSET = {2564: 0.25, 2566: 0.1, 2567: -0.05}


@dataclass(frozen=True)
class Village:
    code: str
    name: str
    tambon_code: str
    households: int
    income_mean: float  # log-scale mean of income per person per year
    domain_effect: dict[str, float]


def make_villages(rng: np.random.Generator, tambons: tuple, names: tuple[str, ...]) -> list[Village]:
    villages = []
    domains = domain_ids()
    index = 0
    for tambon_code, _, _, count in tambons:
        tambon_effect = {d: rng.normal(0, 0.25) for d in domains}
        for number in range(1, count + 1):
            effect = {d: tambon_effect[d] + rng.normal(0, 0.35) for d in domains}
            if index % 3 == 1:  # a clear standout problem domain, cycling through the five
                effect[domains[(index // 3) % len(domains)]] += 1.6
            income_mean = np.log(62000) + rng.normal(0, 0.25) - 0.45 * max(effect["income"], 0)
            villages.append(
                Village(
                    code=f"{tambon_code}{number:02d}",
                    name=names[index % len(names)],
                    tambon_code=tambon_code,
                    households=int(rng.integers(150, 231)),
                    income_mean=float(income_mean),
                    domain_effect=effect,
                )
            )
            index += 1
    return villages


def year_changes(
    rng: np.random.Generator, villages: list[Village], years: list[int]
) -> dict[tuple[str, int], dict[str, float]]:
    """Per village and year: a shift in each domain's propensity (improvement < 0)."""
    changes = {}
    domains = domain_ids()
    for position, village in enumerate(villages):
        drift = {d: 0.0 for d in domains}
        for year in sorted(years):
            drift = {d: drift[d] + rng.normal(0, 0.15) for d in domains}
            shift = {d: YEAR_OFFSET.get(year, 0.0) + drift[d] for d in domains}
            if year == 2567 and position % 11 == 4:  # a few villages get clearly worse
                shift[domains[position % len(domains)]] += 0.9
            changes[(village.code, year)] = shift
    return changes


def _logit(p: float) -> float:
    return float(np.log(p / (1 - p)))


def households_for_year(
    rng: np.random.Generator,
    villages: list[Village],
    catalog: Catalog,
    year: int,
    changes: dict[tuple[str, int], dict[str, float]],
) -> pd.DataFrame:
    """One row per household: code, id, members, income and 1/0/<NA> per indicator."""
    applicability = APPLICABILITY[catalog.id]
    base_fail = BASE_FAIL[catalog.id]
    indicators = catalog.indicators[catalog.indicators["status"] != "placeholder"]
    income_id = catalog.income_indicator
    line = income_line_for(catalog)["value"]
    rows = []
    for village in villages:
        count = village.households
        members = np.minimum(1 + rng.poisson(2.1, count), 10)
        hardship = rng.normal(0, 0.7, count)
        per_person = np.exp(rng.normal(village.income_mean - 0.35 * hardship, 0.55))
        income = np.round(per_person * members, -2)
        frame = pd.DataFrame(
            {
                "village_code": village.code,
                "village_name": village.name,
                "household_id": [f"{village.code}{i:04d}" for i in range(1, count + 1)],
                "members": members,
                "income": income,
            }
        )
        shift = changes[(village.code, year)]
        for _, indicator in indicators.iterrows():
            indicator_id = indicator["indicator_id"]
            if indicator_id == income_id:
                frame[f"ind_{indicator_id}"] = (income / members >= line).astype(int)
                continue
            base = base_fail.get(indicator_id, 0.06)
            domain = indicator["domain"]
            logit = _logit(base) + village.domain_effect[domain] + shift[domain] + 0.8 * hardship
            fail = rng.random(count) < 1 / (1 + np.exp(-logit))
            applicable = rng.random(count) < applicability.get(indicator_id, 1.0)
            frame[f"ind_{indicator_id}"] = pd.array(np.where(fail, 0, 1), dtype="Int8")
            frame.loc[~applicable, f"ind_{indicator_id}"] = pd.NA
        rows.append(nested_applicability(frame, catalog.id))  # answers consistent across target groups
    return pd.concat(rows, ignore_index=True)


def nrd2c_levels(rng: np.random.Generator, villages: list[Village], catalog: Catalog) -> pd.DataFrame:
    """One row per village: its level (1–3) on every กชช.2ค indicator, tied to its domain effects."""
    rows = []
    for village in villages:
        row = {"village_code": village.code, "village_name": village.name}
        for _, indicator in catalog.indicators.iterrows():
            score = village.domain_effect[indicator["domain"]] + rng.normal(0, 0.6)
            row[indicator["indicator_id"]] = 1 if score > 1.0 else (2 if score > 0.1 else 3)
        rows.append(row)
    return pd.DataFrame(rows)
