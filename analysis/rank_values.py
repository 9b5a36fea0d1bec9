"""The compute functions of the rank measures (named in data/measures.toml): one area's indicator
rows and domain rows, each with ``value`` (what ranks them) and ``n_fail`` (the units counted, the
tie rule's second key). analysis.ranking orders them; these only compute.

indicator_values: a column of the indicator and domain measures (pct_fail, n_fail, gap).
mpi_values:       each indicator's and domain's contribution to the multidimensional poverty index.
nrd2c_values:     the share of villages at กชช.2ค level 1 (n_fail: the villages at level 1).
"""

from __future__ import annotations

import pandas as pd

from analysis.formatting import fmt_pct
from analysis.frames import AreaFrames
from analysis.i18n import translate
from analysis.measures import Measure, domain_measures, indicator_measures, nrd2c_domain_shares, nrd2c_shares
from analysis.mpi import MPIResult


class RankingUnavailable(ValueError):
    """The chosen measure cannot be computed for this area (the message says why, Thai / English)."""


def unavailable(key: str, **values: str) -> RankingUnavailable:
    return RankingUnavailable(translate(key, "th", **values) + " / " + translate(key, "en", **values))


def _bmn_rows(area: AreaFrames) -> tuple[pd.DataFrame, pd.DataFrame]:
    indicators = area.indicators[area.indicators["applicable"] > 0]
    if indicators.empty:
        raise unavailable("rank.no_data")
    items = indicator_measures(indicators)
    items["n_fail"] = items["fail"]
    return items, domain_measures(items, area.domains)


def indicator_values(area: AreaFrames, mpi: MPIResult | None, chosen: Measure) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The measure's own column of the indicator rows and its domain column of the domain rows."""
    items, domain_rows = _bmn_rows(area)
    items["value"] = items[chosen.column]
    domain_rows["value"] = domain_rows[chosen.domain_column]
    return items, domain_rows


def mpi_values(area: AreaFrames, mpi: MPIResult | None, chosen: Measure) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Contributions to the MPI (0 for an indicator no poor household is deprived in)."""
    items, domain_rows = _bmn_rows(area)
    if mpi is None:
        raise unavailable("rank.mpi_needs_households")
    if not mpi.has_poor:
        # every contribution is undefined: a ranking by them would be catalog order in disguise
        raise unavailable("rank.mpi_no_poor", k=fmt_pct(100 * mpi.k, 0))
    contribution = mpi.indicators.set_index("indicator_id")[chosen.column]
    items["value"] = items["indicator_id"].map(contribution).fillna(0.0)
    by_domain = mpi.domains.set_index("domain")[chosen.domain_column]
    domain_rows["value"] = domain_rows["domain"].map(by_domain).fillna(0.0)
    return items, domain_rows


def nrd2c_values(area: AreaFrames, mpi: MPIResult | None, chosen: Measure) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Share of scored villages at level 1; the villages at level 1 break ties."""
    rows = area.nrd2c[area.nrd2c["villages"] > 0]
    if rows.empty:
        raise unavailable("rank.no_nrd2c")
    items = nrd2c_shares(rows)
    items = items.assign(value=items[chosen.column], n_fail=items[chosen.count_column], applicable=items["villages"])
    domain_rows = nrd2c_domain_shares(rows)
    domain_rows = domain_rows.assign(value=domain_rows[chosen.domain_column], n_fail=domain_rows[chosen.count_column])
    return items, domain_rows
