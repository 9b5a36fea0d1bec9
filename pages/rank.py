"""จัดลำดับปัญหา — problems ranked within each domain and across all five, domains ranked,
a summary to read out, and the multidimensional poverty index."""

import streamlit as st

from analysis.mpi import DEFAULT_K
from analysis.ranking import MEASURES, RankingUnavailable, summary_lines
from dashboard import data_access
from dashboard.charts import mpi_contribution_chart, ranked_domains_chart
from dashboard.i18n import t
from dashboard.state import lang, plan_problem, selected_area
from dashboard.tables import ranking_export, ranking_table
from dashboard.widgets import download_buttons, mpi_panel, number_formats

area = selected_area()
if area is None:
    st.title(t("rank.title"))
    st.info(t("app.no_data"))
    st.stop()

language = lang()
register = data_access.register()
area_name = register.display_name(area, language)
st.title(f"{t('rank.title')}: {area_name}")

measure = st.radio(
    t("rank.measure"), MEASURES, key="rank_measure", horizontal=True, format_func=lambda m: t(f"rank.measure_{m}")
)
years = data_access.nrd2c_years(area) if measure == "nrd2c_level1" else data_access.years(area)
if not years:
    st.info(t("rank.no_nrd2c") if measure == "nrd2c_level1" else t("overview.no_area_data"))
    st.stop()
controls = st.columns(2)
if st.session_state.get("rank_year") not in years:
    st.session_state["rank_year"] = years[-1]
year = controls[0].segmented_control(t("rank.year"), years, key="rank_year", required=True)
k = DEFAULT_K
if measure == "mpi":
    k = controls[1].slider(t("rank.k"), 0.05, 1.0, round(DEFAULT_K, 2), 0.01, key="rank_k")

try:
    ranking = data_access.ranking(area, year, measure, k, language)
except RankingUnavailable as error:
    st.warning(str(error).split(" / ")[0 if language == "th" else -1])
    st.stop()

demo_note = t("app.demo_badge") if data_access.is_demo() else None
left, right = st.columns([2, 3])
left.plotly_chart(
    ranked_domains_chart(ranking.domains, t(f"rank.measure_{measure}"), language, demo_note), key="ranked_domains"
)
with right:
    st.subheader(t("rank.summary"))
    for line in summary_lines(ranking, language):
        st.markdown(f"- {line}")

st.subheader(t("rank.problems"))
st.caption(t("rank.tie_rule"))
scopes = ["all", *ranking.domains.sort_values("domain_order")["domain"]]
labels = [t("rank.all")] + [ranking.domains.set_index("domain").loc[d, f"domain_{language}"] for d in scopes[1:]]
for scope, tab in zip(scopes, st.tabs(labels), strict=True):
    table = ranking_table(ranking.scope(scope), measure, language)
    tab.dataframe(
        table,
        hide_index=True,
        key=f"rank_table_{scope}",
        height=min(36 * (len(table) + 1) + 4, 720),
        column_config=number_formats(table.columns),
    )
download_buttons(
    ranking_export(ranking.problems, measure, language),
    f"rank_{area}_{year}_{measure}",
    sheet=str(year),
    key="rank_download",
    notes=[f"{area_name} · {year} · {t(f'rank.measure_{measure}')}"],
)

overall = ranking.scope("all")
if not overall.empty:
    cols = st.columns([3, 1])
    pick = cols[0].selectbox(
        t("rank.plan_pick"),
        overall["indicator_id"],
        key="rank_plan_pick",
        format_func=lambda i: (
            f"{overall.set_index('indicator_id').loc[i, 'rank']}. "
            f"{overall.set_index('indicator_id').loc[i, f'title_{language}']}"
        ),
    )
    if cols[1].button(t("rank.plan_button"), key="rank_plan_button"):
        plan_problem(area, year, pick, "nrd2c" if measure == "nrd2c_level1" else "bmn")
        st.switch_page("../pages/project.py")
if measure != "nrd2c_level1":
    mpi_panel(area, year, k, mpi_contribution_chart)
