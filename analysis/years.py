"""Years side by side across indicator catalogs: one row per indicator of the latest year's
catalog, one column of % failing per survey year — a year of another catalog through the pairs
declared in data/catalogs/cycle_mappings.csv (its own indicator number beside it) — and a word
on each indicator saying how it compares: the same catalog, a declared pair, or no match.

Pure: a function of analysis.trend.Trend (the page's and `cia trend`'s table).
"""

from __future__ import annotations

import pandas as pd

from analysis.catalogs import catalog_name, load_catalog
from analysis.i18n import translate
from analysis.trend import Trend


def side_by_side(trend: Trend, lang: str = "th") -> pd.DataFrame:
    """indicator_id, title, one pct_fail column per year (and the other cycle's indicator id),
    the change within the reference cycle and how each indicator compares across cycles."""
    catalog = load_catalog(trend.catalog_id).indicators
    rows = trend.indicators
    wide = rows.pivot_table(index="indicator_id", columns="year", values="pct_fail", aggfunc="first")
    sources = rows[rows["cross_cycle"].astype(bool)].pivot_table(
        index="indicator_id", columns="year", values="source_id", aggfunc="first"
    )
    order = [i for i in catalog["indicator_id"] if i in set(rows["indicator_id"])]
    table = pd.DataFrame({"indicator_id": order})
    titles = dict(zip(catalog["indicator_id"], catalog[f"title_{lang}"], strict=True))
    table["title"] = table["indicator_id"].map(titles)
    for year in trend.years:
        table[f"pct_fail_{year}"] = table["indicator_id"].map(wide[year]).round(2) if year in wide else None
        if year in sources:
            table[f"indicator_{year}"] = table["indicator_id"].map(sources[year])
    same = [y for y in trend.comparable_years() if f"pct_fail_{y}" in table]
    if len(same) >= 2:
        table["change_pp"] = (table[f"pct_fail_{same[-1]}"] - table[f"pct_fail_{same[0]}"]).round(2)
    table["comparison"] = _comparison(trend, table["indicator_id"], lang)
    return table


def _comparison(trend: Trend, ids: pd.Series, lang: str) -> pd.Series:
    """How each reference indicator compares with the other years: the same catalog (when it
    has two years or more), then each year of another catalog through a declared pair or not."""
    parts = [pd.Series(translate("published.compare_same", lang), index=ids.index)]
    if len(trend.comparable_years()) < 2:
        parts = []
    for year, (missing, _) in sorted(trend.unmatched.items()):
        other = trend.indicators.loc[trend.indicators["year"] == year, "catalog_id"]
        name = catalog_name(str(other.iloc[0]) if len(other) else "", lang)
        paired = translate("published.compare_pair", lang, year=year)
        none = translate("published.compare_none", lang, year=year, catalog=name)
        parts.append(pd.Series(paired, index=ids.index).where(~ids.isin(missing), none))
    if not parts:
        return pd.Series("", index=ids.index)
    said = parts[0]
    for part in parts[1:]:
        said = said + "; " + part
    return said


def unmatched_words(trend: Trend, lang: str = "th") -> list[str]:
    """A sentence per year of another catalog naming the indicators that have no declared pair."""
    lines = []
    for year, (reference, source) in sorted(trend.unmatched.items()):
        if reference or source:
            lines.append(
                translate(
                    "published.unmatched",
                    lang,
                    year=year,
                    reference=", ".join(reference) or "–",
                    source=", ".join(source) or "–",
                )
            )
    return lines
