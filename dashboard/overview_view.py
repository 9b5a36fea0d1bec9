"""The Overview page's parts: the area's numbers, its domains and worst problems, every indicator."""

from __future__ import annotations

import streamlit as st
from analysis.catalogs import catalog_name, load_catalog
from analysis.codes import ancestors
from analysis.public import summary_counts
from analysis.queries import AreaOverview, counting_key

from dashboard import data_access
from dashboard.charts import domain_pass_chart, worst_indicators_chart
from dashboard.figure_cache import shared
from dashboard.i18n import t
from dashboard.page_head import PageArea, year_caption
from dashboard.state import lang
from dashboard.table_view import show_table
from dashboard.tables import indicator_table
from dashboard.widgets import download_buttons


def breadcrumbs(page: PageArea) -> None:
    """The areas above the picked one (tambon › amphoe › province)."""
    above = ancestors(page.code, finest="tambon")
    if above:
        st.caption(" › ".join(page.display_name(code) for code in reversed(above)))


def metrics(overview: AreaOverview, page: PageArea) -> None:
    """Households, people, villages and the indicator set (its Thai name as help)."""
    catalog = load_catalog(overview.catalog_id)
    households, people = summary_counts(overview.households, overview.people, page.private)
    cols = st.columns(4)
    cols[0].metric(t("overview.households"), households or t("overview.not_given"), help=t("guide.tip.households"))
    cols[1].metric(t("overview.people"), people or t("overview.not_given"), help=t("guide.tip.people"))
    cols[2].metric(t("overview.villages"), f"{overview.villages:,}", help=t("guide.tip.villages"))
    cols[3].metric(
        t("overview.catalog"), f"{catalog.first_year}–{catalog.last_year}", help=catalog_name(catalog.id, page.lang)
    )


def charts(overview: AreaOverview, page: PageArea) -> float:
    """Pass % per domain against the target, and the five worst indicators; returns the target."""
    target = float(load_catalog(overview.catalog_id).indicators["default_target"].min())
    domains = data_access.shown_rows(overview.domains, page.private, page.lang)
    worst = data_access.shown_rows(overview.worst, page.private, page.lang)
    left, right = st.columns(2)
    catalog = load_catalog(overview.catalog_id)
    title = (
        t("published.domain_chart", source=catalog.meta[f"source_{page.lang}"]) if catalog.kind == "village" else None
    )
    chart = shared(domain_pass_chart)(domains, page.lang, target=target, note=page.demo_note, title=title)
    left.plotly_chart(chart, key="domain_chart")
    right.plotly_chart(shared(worst_indicators_chart)(worst, page.lang, note=page.demo_note), key="worst_chart")
    return target


def indicators(overview: AreaOverview, page: PageArea, year: int) -> None:
    """Every indicator: % failing first after its title (pinned), then the counts; downloads."""
    st.subheader(t("overview.table"))
    shown = indicator_table(data_access.shown_rows(overview.indicators, page.private, page.lang), page.lang)
    compact = [t("col.indicator_id"), t("col.indicator"), t("col.pct_fail"), t("col.fail")]
    show_table(shown, "indicator_table", pinned=2, compact=compact, progress=("pct_fail",), height=36 * len(shown) + 40)
    download_buttons(
        shown,
        f"overview_{page.code}_{year}",
        sheet=str(year),
        key="overview_download",
        notes=[year_caption(page.name, year)],
    )


def notes(overview: AreaOverview, target: float) -> None:
    """The values the numbers used (income line, target), how units are counted, unconfirmed sets."""
    line = overview.income_line
    if not line:  # another village data set: its villages are judged against the catalog's thresholds
        name = catalog_name(overview.catalog_id, lang())
        st.caption(t("published.village_counting", catalog=name))
        return
    st.caption(
        t(
            "overview.settings_used",
            line=f"{line['value']:,.0f}",
            status=t(f"status.{line['status']}"),
            note=line.get(f"note_{lang()}") or "—",
            target=f"{target:g}",
        )
    )
    rows = any(d.kind == "bmn" and d.year == overview.year for d in data_access.datasets())
    st.caption(t(counting_key(overview.count_units, from_households=rows)))
    if load_catalog(overview.catalog_id).status != "confirmed":
        st.caption(f"⚠️ {t('overview.catalog_unconfirmed')}")
