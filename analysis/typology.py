"""Village typology: k-means on standardised domain scores (% failing per domain).

Scores are standardised per domain (z = (x − mean) / spread, spread at least MIN_SPREAD points).

The number of groups is chosen by the best mean silhouette over k = 2..6 (or set by the user).
Groups are numbered by how many problems they have (group 1 = most) and described in plain
Thai by the domains where they stand out.

villages: one row per village: group and domain scores (raw and standardised).
groups:   one row per group: size, mean % failing per domain, description.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score

from analysis.catalogs import domain_name, domains
from analysis.i18n import translate

MAX_GROUPS = 6
STANDOUT_Z = 0.5
LOW_Z = -0.15
SEED = 0
MIN_SPREAD = 2.0  # percentage points: the smallest spread a domain is standardised by
#: above this many areas (a province's villages) the silhouette is measured on a fixed random sample
#: of this size and k-means restarts fewer times: seconds instead of minutes, same groups in practice
SILHOUETTE_SAMPLE = 1500


@dataclass
class Typology:
    k: int
    silhouettes: dict[int, float]
    villages: pd.DataFrame
    groups: pd.DataFrame


def describe(mean_z: pd.Series, lang: str = "th") -> str:
    """ "กลุ่มที่ปัญหาด้านรายได้เด่น" — the domains whose mean z-score stands out."""
    standout = mean_z[mean_z > STANDOUT_Z].sort_values(ascending=False)
    if len(standout):
        names = [domain_name(d, lang) for d in standout.index[:2]]
        joiner = translate("typology.and", lang)
        return translate("typology.standout", lang, domains=joiner.join(names))
    if mean_z.mean() < LOW_Z:
        return translate("typology.low_all", lang)
    return translate("typology.middle", lang)


def _silhouette(points: np.ndarray, labels: np.ndarray, sample: bool) -> float:
    if len(set(labels)) < 2:
        return -1.0
    size = SILHOUETTE_SAMPLE if sample else None
    return float(silhouette_score(points, labels, sample_size=size, random_state=SEED))


def village_typology(domain_rows: pd.DataFrame, k: int | None = None, lang: str = "th") -> Typology | None:
    """Cluster villages (rows: area_code, domain, pct_fail). None when fewer than 3 villages."""
    wide = domain_rows.pivot(index="area_code", columns="domain", values="pct_fail")
    order = [d for d in domains()["domain_id"] if d in wide.columns]
    wide = wide[order].apply(lambda col: col.fillna(col.mean())).fillna(0.0)
    if len(wide) < 3:
        return None
    # A domain that barely varies between villages must not have its noise blown up to a full unit.
    spread = wide.std(ddof=0).clip(lower=MIN_SPREAD)
    z = (wide - wide.mean()) / spread
    candidates = range(2, min(MAX_GROUPS, len(wide) - 1) + 1)
    silhouettes: dict[int, float] = {}
    labels_by_k: dict[int, np.ndarray] = {}
    points = z.to_numpy()
    large = len(points) > SILHOUETTE_SAMPLE
    for n in candidates:
        labels = KMeans(n_clusters=n, n_init=3 if large else 10, random_state=SEED).fit_predict(points)
        labels_by_k[n] = labels
        silhouettes[n] = _silhouette(points, labels, large)
    if k is None or k not in labels_by_k:
        k = max(silhouettes, key=lambda n: (silhouettes[n], -n)) if silhouettes else 1
        if not silhouettes:
            labels_by_k[1] = np.zeros(len(wide), dtype=int)
    labels = labels_by_k[k]
    # number groups by their mean standardised score: group 1 has the most problems
    severity = pd.Series(z.mean(axis=1).to_numpy()).groupby(labels).mean().sort_values(ascending=False)
    renumber = {old: new for new, old in enumerate(severity.index, start=1)}
    villages = wide.add_prefix("pct_fail_").join(z.add_prefix("z_"))
    villages.insert(0, "group", [renumber[label] for label in labels])
    villages = villages.reset_index()
    group_rows = []
    for group, members in villages.groupby("group"):
        mean_z = members[[f"z_{d}" for d in order]].mean()
        mean_z.index = order
        group_rows.append(
            {
                "group": group,
                "villages": len(members),
                **{f"pct_fail_{d}": members[f"pct_fail_{d}"].mean() for d in order},
                "standout": mean_z.idxmax(),
                "description": describe(mean_z, lang),
            }
        )
    return Typology(k, silhouettes, villages, _told_apart(pd.DataFrame(group_rows), lang))


def _told_apart(groups: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Groups that read alike ("ปัญหาปานกลางใกล้เคียงกันทุกด้าน" twice) also say the domain they
    lean to, then their rank by all problems (groups are numbered from the most problems)."""
    if groups.empty:
        return groups
    alike = groups["description"].duplicated(keep=False)
    leaning = groups["standout"].map(lambda d: translate("typology.leaning", lang, domain=domain_name(d, lang)))
    groups.loc[alike, "description"] = groups["description"] + leaning
    still = groups["description"].duplicated(keep=False)
    rank = groups["group"].map(lambda g: translate("typology.rank", lang, n=g, k=len(groups)))
    groups.loc[still, "description"] = groups["description"] + rank
    return groups
