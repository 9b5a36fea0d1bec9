"""The Rank page's parts: the measure and year, the domains in rank order with a summary to read
out, the ranked problems per domain (the villages driving each in view), a link to plan a project,
and the multidimensional poverty panel (computed only when asked for)."""

from __future__ import annotations

import streamlit as st
from analysis.exports import labelled
from analysis.formatting import fmt_number, fmt_pct
from analysis.measures import Measure, rank_measures
from analysis.measures import measure as measure_of
from analysis.mpi import DEFAULT_K
from analysis.privacy import format_count
from analysis.public import mpi_rows, numbers
from analysis.ranking import Ranking, RankingUnavailable

from dashboard import data_access
from dashboard.charts import mpi_contribution_chart, ranked_domains_chart
from dashboard.figure_cache import shared
from dashboard.i18n import t
from dashboard.page_head import PageArea, stop_unless, year_caption, year_choice
from dashboard.state import plan_problem
from dashboard.table_view import show_table
from dashboard.tables import ranking_export, ranking_table
from dashboard.widgets import download_buttons


def controls(page: PageArea) -> tuple[str, int, float]:
    """The ranking measure, the survey year and (for the MPI) the poverty cut-off k."""
    choices = rank_measures()  # the catalog's rank measures and their declared names
    measure = st.radio(
        t("rank.measure"),
        choices,
        key="rank_measure",
        horizontal=True,
        format_func={m: t(measure_of(m).label_key) for m in choices}.get,
        help=t("guide.tip.rank_measure"),
    )
    chosen = measure_of(measure)
    years = data_access.years_in(page.code, chosen.years_table)
    stop_unless(years, chosen.no_data)
    cols = st.columns(2)
    year = year_choice(years, "rank_year", "rank.year", cols[0])
    k = DEFAULT_K
    if chosen.needs_mpi:
        k = cols[1].slider(t("rank.k"), 0.05, 1.0, round(DEFAULT_K, 2), 0.01, key="rank_k", help=t("mpi.k_help"))
    return measure, year, k


def ranking(page: PageArea, year: int, measure: str, k: float) -> Ranking:
    """The ranking, or the reason it cannot be made (and the page stops)."""
    try:
        return data_access.ranking(page.code, year, measure, k, page.lang, page.private, page.source)
    except RankingUnavailable as error:
        st.warning(str(error).split(" / ")[0 if page.lang == "th" else -1])
        st.stop()


def _hide(page: PageArea, chosen: Measure) -> bool:
    return page.private and chosen.small_counts  # กชช.2ค counts villages, not households


def domains_and_summary(result: Ranking, page: PageArea, k: float = DEFAULT_K) -> None:
    """The five domains in rank order, and one line per domain naming its top problems."""
    measure = result.measure
    chosen = measure_of(measure)
    domains = data_access.shown_rows(result.domains, _hide(page, chosen), page.lang, chosen.is_count)
    left, right = st.columns([2, 3])
    left.plotly_chart(
        shared(ranked_domains_chart)(domains, t(chosen.label_key), page.lang, page.demo_note, counts=chosen.is_count),
        key="ranked_domains",
    )
    with right:
        st.subheader(t("rank.summary"))
        lines = data_access.ranking_summary(page.code, result.year, measure, k, page.lang, page.private, page.source)
        for line in lines:
            st.markdown(f"- {line}")


def problems(result: Ranking, page: PageArea, year: int) -> None:
    """The ranked problems, all domains and each domain in its tab; the export of all of them."""
    measure = result.measure
    chosen = measure_of(measure)
    st.subheader(t("rank.problems"))
    st.caption(t("rank.tie_rule"))
    shown = data_access.shown_rows(result.problems, _hide(page, chosen), page.lang, chosen.is_count)
    scopes = ["all", *result.domains.sort_values("domain_order")["domain"]]
    names = result.domains.set_index("domain")[f"domain_{page.lang}"]
    labels = [t("rank.all")] + [names[d] for d in scopes[1:]]
    key_column = f"col.{chosen.share_column}"
    compact = [t("col.rank"), t("col.indicator"), t(key_column), t("col.drivers")]
    # only the open tab's table is built and sent (six tables on every visit were most of the page)
    for scope, tab in zip(scopes, st.tabs(labels, key="rank_tab", on_change="rerun"), strict=True):
        if tab.open:
            table = ranking_table(shown[shown["scope"] == scope].reset_index(drop=True), measure, page.lang)
            show_table(table, f"rank_table_{scope}", pinned=3, compact=compact, where=tab)
    download_buttons(
        ranking_export(shown, measure, page.lang),
        f"rank_{page.code}_{year}_{measure}",
        sheet=str(year),
        key="rank_download",
        notes=[year_caption(page.name, year, t(chosen.label_key))],
    )


def plan_link(result: Ranking, page: PageArea, year: int) -> None:
    """Open a new Logic Model project pre-filled with the chosen problem."""
    overall = result.scope("all")
    if overall.empty:
        return
    rows = overall.set_index("indicator_id")
    cols = st.columns([3, 1], vertical_alignment="bottom")
    pick = cols[0].selectbox(
        t("rank.plan_pick"),
        overall["indicator_id"],
        key="rank_plan_pick",
        format_func=lambda i: f"{rows.loc[i, 'rank']}. {rows.loc[i, f'title_{page.lang}']}",
    )
    if cols[1].button(t("rank.plan_button"), key="rank_plan_button"):
        plan_problem(page.code, year, pick, measure_of(result.measure).survey)
        st.switch_page("../pages/project.py")


def mpi_section(page: PageArea, year: int, k: float, measure: str) -> None:
    """H, A and MPI explained in words, the domains' shares and the villages — computed only when
    the user turns the panel on (it reads every household of the area). Beside a ranking of จปฐ.
    problems only: the MPI is made of the same households."""
    if measure_of(measure).survey != "bmn":
        return
    st.subheader(t("rank.mpi_title"))
    st.caption(t("mpi.intro"))
    if not st.toggle(t("mpi.show"), key="mpi_show", help=t("guide.tip.mpi_show")):
        return
    k_value = st.slider(t("rank.k"), 0.05, 1.0, round(k or DEFAULT_K, 2), 0.01, key="mpi_k", help=t("mpi.k_help"))
    with st.spinner(t("mpi.computing")):
        outcome = data_access.mpi(page.code, year, k_value)
    if outcome is None:
        st.info(t("rank.mpi_needs_households"))
        return
    result, villages = outcome
    _mpi_numbers(result, page, k_value)
    if not result.has_poor:
        # no share of an MPI of 0: no chart of contributions, no table of zeros per village
        st.info(t("rank.mpi_no_poor", k=fmt_pct(100 * k_value, 0)))
        return
    st.plotly_chart(mpi_contribution_chart(result.domains, page.lang), key="mpi_chart")
    if len(villages) > 1:
        _mpi_villages(villages, page)


def _mpi_numbers(result, page: PageArea, k: float) -> None:
    hidden = page.private and format_count(result.q) != format_count(result.q, suppress=False)
    h = "–" if hidden else fmt_pct(100 * result.H)
    a = "–" if hidden else fmt_pct(100 * result.A)
    cols = st.columns(3)
    cols[0].metric(t("rank.mpi_h"), h, help=t("mpi.h_help"))
    cols[1].metric(t("rank.mpi_a"), a, help=t("mpi.a_help"))
    cols[2].metric(t("rank.mpi_value"), "–" if hidden else fmt_number(result.MPI, 3), help=t("mpi.value_help"))
    if not hidden:
        st.markdown(
            t(
                "mpi.explained",
                q=format_count(result.q, suppress=page.private),
                n=format_count(result.n, suppress=page.private),
                h=h,
                k=fmt_pct(100 * k, 0),
                a=a,
                mpi=fmt_number(result.MPI, 3),
            )
        )
    st.caption(t("rank.mpi_note"))


def _mpi_villages(villages, page: PageArea) -> None:
    st.markdown(f"**{t('rank.mpi_villages')}**")
    shown = mpi_rows(villages, page.private, page.lang)
    table = shown.assign(
        area_name=shown["area_code"].map(page.names(shown["area_code"])),
        H=(100 * numbers(shown["H"])).round(1),
        A=(100 * numbers(shown["A"])).round(1),
        MPI=numbers(shown["MPI"]).round(4),
        population_share=(100 * numbers(shown["population_share"])).round(1),
        contribution_pct=numbers(shown["contribution_pct"]).round(1),
    )
    columns = ["area_name", "n", "q", "H", "A", "MPI", "population_share", "contribution_pct"]
    show_table(labelled(table, columns, page.lang), "mpi_villages", pinned=1)
