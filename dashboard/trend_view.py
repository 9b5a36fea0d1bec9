"""The Trend page's parts: domains or indicators across survey years, a sentence per domain on
what changed ("we improved"), and the table behind the chart."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from analysis.catalogs import catalog_name, domains, load_catalog
from analysis.formatting import fmt_number, fmt_pct
from analysis.public import counts_rows, numbers
from analysis.ranking import rank_items
from analysis.trend import Trend, changes
from analysis.years import unmatched_words

from dashboard.figure_cache import shared
from dashboard.i18n import t
from dashboard.page_head import PageArea, year_caption
from dashboard.table_view import show_table
from dashboard.trend_chart import trend_chart
from dashboard.widgets import download_buttons

VIEWS = ("domains", "indicators")
DEFAULT_INDICATORS = 5


def cycle_notes(trend: Trend, page: PageArea) -> None:
    """Which cycle the lines follow, and what happens to years of another cycle."""
    st.caption(t("trend.reference", catalog=catalog_name(trend.catalog_id, page.lang)))
    if trend.cross_cycle_years:
        years = ", ".join(str(y) for y in trend.cross_cycle_years)
        st.info(t("trend.cross_cycle", years=years))
    if trend.refused:
        st.warning(t("trend.refused", years=", ".join(str(y) for y in trend.refused)))
    for line in unmatched_words(trend, page.lang):  # indicators with no declared pair are said so
        st.caption(line)


def _indicator_titles(trend: Trend, lang: str) -> dict[str, str]:
    catalog = load_catalog(trend.catalog_id).indicators
    return dict(zip(catalog["indicator_id"], catalog[f"title_{lang}"], strict=True))


def choose(trend: Trend, page: PageArea) -> tuple[str, dict[str, str]]:
    """Domains or indicators, and which ones (the five worst of the latest year by default)."""
    view = st.radio(
        t("trend.view"), VIEWS, key="trend_view", horizontal=True, format_func={v: t(f"trend.{v}") for v in VIEWS}.get
    )
    if view == "domains":
        table = domains()
        return "domain", dict(zip(table["domain_id"], table[f"name_{page.lang}"], strict=True))
    titles = _indicator_titles(trend, page.lang)
    present = [i for i in titles if i in set(trend.indicators["indicator_id"])]
    latest = trend.indicators[trend.indicators["year"] == trend.years[-1]]
    order = latest["indicator_id"].map({i: n for n, i in enumerate(titles)})  # catalog order breaks ties
    ranked = rank_items(latest.assign(_catalog_order=order), "pct_fail", "fail", "_catalog_order")
    worst = ranked["indicator_id"].head(DEFAULT_INDICATORS).tolist()
    picked = st.multiselect(
        t("trend.pick"),
        present,
        default=[i for i in worst if i in present],
        key="trend_indicators",
        format_func=lambda i: f"{i}. {titles[i]}",
        placeholder=t("trend.pick_placeholder"),
        select_all=False,  # its "Select N matches" has no Thai
    )
    return "indicator_id", {i: f"{i}. {titles[i]}" for i in picked}


def chart(trend: Trend, key: str, labels: dict[str, str], page: PageArea) -> pd.DataFrame:
    """The chart of the chosen lines; returns their rows as the viewer may see them."""
    frame = trend.domains if key == "domain" else trend.indicators
    shown = counts_rows(frame[frame[key].isin(labels)], page.private, page.lang)
    colours = domains().set_index("domain_id")["colour"].to_dict() if key == "domain" else None
    if not labels:
        st.info(t("trend.nothing_picked"))
        return shown
    st.plotly_chart(shared(trend_chart)(shown, key, labels, colours, page.lang, page.demo_note), key="trend_chart")
    return shown


def story(shown: pd.DataFrame, key: str, labels: dict[str, str]) -> None:
    """One sentence per line: from the first to the last year of the same cycle, better or worse."""
    moved = changes(shown.assign(pct_fail=numbers(shown["pct_fail"])), key)
    moved = moved.set_index(key).reindex([k for k in labels if k in set(moved[key])]).reset_index()
    for _, row in moved.iterrows():
        change = row["change_pp"]
        word = "better" if change < -0.05 else "worse" if change > 0.05 else "same"
        st.markdown(
            "- "
            + t(
                f"trend.story_{word}",
                name=labels.get(row[key], row[key]),
                first=fmt_pct(row["pct_fail_first"]),
                last=fmt_pct(row["pct_fail_last"]),
                y1=int(row["first_year"]),
                y2=int(row["last_year"]),
                points=fmt_number(abs(change)),
            )
        )


def table(shown: pd.DataFrame, key: str, labels: dict[str, str], page: PageArea) -> None:
    """Rows = the chosen lines, columns = years (% failing); download."""
    if shown.empty:
        return
    wide = shown.assign(v=numbers(shown["pct_fail"]).round(1)).pivot(index=key, columns="year", values="v")
    wide = wide.reindex([k for k in labels if k in wide.index])
    other = set(shown.loc[shown["cross_cycle"].astype(bool), "year"])
    wide.columns = [t("trend.year_col_other" if y in other else "trend.year_col", year=y) for y in wide.columns]
    wide.insert(0, t("trend.name"), [labels[k] for k in wide.index])
    show_table(wide.reset_index(drop=True), "trend_table", pinned=1)
    download_buttons(
        wide.reset_index(drop=True),
        f"trend_{page.code}",
        sheet="trend",
        key="trend_download",
        notes=[year_caption(page.name, max(int(y) for y in shown["year"]))],
    )
