"""The Compare page's parts: which areas are compared (the level below, or villages of a province
or amphoe), the year and base year, the areas the charts show when there are many (the worst and
best N and any searched for), the heat map, a chart per domain, the full sortable table, groups of
similar areas and the กชช.2ค village classes."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from analysis.area_tables import indicator_catalog_table
from analysis.codes import LEVEL_LENGTH, VILLAGE_LENGTH, prefix_at
from analysis.comparison import Comparison, focus_children, previous_year
from analysis.frames import child_level
from analysis.public import numbers

from dashboard import data_access
from dashboard.charts import domain_comparison_chart, heatmap_chart
from dashboard.figure_cache import shared
from dashboard.i18n import t
from dashboard.look import is_phone
from dashboard.page_head import PageArea, stop_unless, year_caption, year_choice
from dashboard.table_view import show_table
from dashboard.tables import comparison_detail, comparison_table
from dashboard.widgets import download_buttons

FOCUS_DEFAULT = 15


def parent_of(page: PageArea) -> tuple[str, str]:
    """The area whose parts are compared (a village's tambon), its name; the page's title."""
    parent = page.code if len(page.code) < VILLAGE_LENGTH else prefix_at(page.code, "tambon")
    name = page.display_name(parent)
    st.title(f"{t('compare.title')} {name}")
    if parent != page.code:
        st.caption(t("compare.village_note"))
    return parent, name


def controls(parent: str) -> tuple[int, int | None, str]:
    """The year, the base year (to see change) and the level compared."""
    years = data_access.years(parent)
    stop_unless(years, "overview.no_area_data")
    cols = st.columns([2, 1, 1])
    year = year_choice(years, "compare_year", where=cols[0])
    base_options = [None, *[y for y in years if y < year]]
    if st.session_state.get("compare_base", "unset") not in base_options:
        st.session_state["compare_base"] = previous_year(years, year)
    base = cols[1].selectbox(
        t("compare.base_year"),
        base_options,
        key="compare_base",
        format_func={y: t("compare.no_base") if y is None else str(y) for y in base_options}.get,
        # Streamlit shows a None choice as its English placeholder, not through format_func
        placeholder=t("compare.no_base"),
    )
    levels = [lv for lv, n in LEVEL_LENGTH.items() if n > len(parent)]
    if st.session_state.get("compare_level") not in levels:
        st.session_state["compare_level"] = child_level(parent) or levels[-1]
    level = cols[2].selectbox(
        t("compare_more.level"),
        levels,
        key="compare_level",
        format_func={v: t(f"compare_more.level_{v}") for v in levels}.get,
    )
    return year, base, level


def change_notes(comparison: Comparison, base: int | None) -> None:
    if comparison.change_refused:
        st.warning(t("compare_more.cross_cycle_refused", base=base))
    elif base is not None and comparison.indicators.get("cross_cycle", pd.Series(False)).any():
        st.info(t("compare.cross_cycle", base=base))


def shown(
    parent: str, year: int, base: int | None, level: str, page: PageArea
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(indicator rows, domain rows, one row per area) as the viewer may see them (the comparison
    of data_access.comparison with the same arguments; made once per process, not per view)."""
    return data_access.shown_comparison(parent, year, base, level, page.source, page.private, page.lang)


def focus(summary: pd.DataFrame, names: dict[str, str]) -> list[str]:
    """The areas the charts show: all, or with many the worst and best N plus any searched for."""
    codes = summary["area_code"].tolist()
    if len(codes) <= 2 * FOCUS_DEFAULT:
        return focus_children(summary, FOCUS_DEFAULT)
    cols = st.columns([1, 3])
    count = cols[0].number_input(t("compare_more.focus_n"), 3, 100, FOCUS_DEFAULT, step=1, key="compare_focus_n")
    extra = cols[1].multiselect(
        t("compare_more.focus_search"),
        sorted(codes, key=lambda c: names.get(c, c)),
        key="compare_focus_extra",
        # the code in the label makes codes searchable and tells apart areas of one name
        format_func=lambda c: f"{names.get(c, c)} ({c})",
        placeholder=t("compare_more.focus_placeholder"),
        select_all=False,  # its "Select N matches" has no Thai
    )
    chosen = focus_children(summary, int(count), extra)
    st.caption(t("compare_more.focus_note", shown=len(chosen), total=len(codes), n=int(count)))
    return chosen


def heatmap(comparison: Comparison, indicators: pd.DataFrame, chosen: list[str], names: dict, page: PageArea) -> None:
    titles = indicator_catalog_table()
    titles = titles[titles["catalog_id"] == comparison.catalog_id].set_index("indicator_id")[f"title_{page.lang}"]
    rows = indicators[indicators["area_code"].isin(chosen)].assign(v=lambda f: numbers(f["pct_fail"]))
    matrix = rows.pivot(index="area_code", columns="indicator_id", values="v").reindex(chosen)
    matrix = matrix[[i for i in comparison.matrix().columns if i in matrix.columns]]
    figure = shared(heatmap_chart)(matrix, names, titles.to_dict(), page.lang, page.demo_note, compact=is_phone())
    st.plotly_chart(figure, key="heatmap")


def domain_charts(comparison: Comparison, domains: pd.DataFrame, chosen: list[str], parent_name: str, page) -> None:
    """One chart per domain: each area's % failing against the parent's average and the target."""
    st.subheader(t("compare.by_domain"))
    target_fail = 100 - float(comparison.indicators["target"].min())
    averages = comparison.parent_domains.set_index("domain")["pct_fail"]
    st.caption(t("compare.target_line", target=f"{target_fail:g}", parent=parent_name))
    rows = domains[domains["area_code"].isin(chosen)]
    names = page.names(chosen)
    columns = st.columns(2)
    for index, domain in enumerate(rows["domain"].unique()):
        # only what the chart reads: the figure is kept under its arguments' content (figure_cache)
        drawn = rows.loc[rows["domain"] == domain, ["area_code", "domain", "pct_fail"]]
        figure = shared(domain_comparison_chart)(drawn, averages.get(domain), target_fail, domain, names, page.lang)
        columns[index % 2].plotly_chart(figure, key=f"domain_{domain}")


def full_table(comparison: Comparison, shown_rows: tuple, names: dict, page: PageArea, base: int | None) -> None:
    """Every area, sortable, with the downloads (one row per area × indicator)."""
    indicators, _, summary = shown_rows
    st.subheader(t("compare.table"))
    table = comparison_table(summary, names, page.lang)
    shares = {c: st.column_config.NumberColumn(c, format="%.1f") for c in table.columns[1:] if "%" in c}
    show_table(table, "comparison_table", pinned=1, height=min(36 * (len(table) + 1) + 4, 640), extra=shares)
    if base is not None:
        st.caption(t("compare.change_legend", base=base))
    download_buttons(
        lambda: comparison_detail(indicators, names, page.lang),  # built when a download is asked for
        f"compare_{comparison.parent_code}_{comparison.year}",
        sheet=str(comparison.year),
        key="compare_download",
        notes=[year_caption(page.display_name(comparison.parent_code), comparison.year)],
    )
