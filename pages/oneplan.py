"""แผนพัฒนาพื้นที่ (One Plan) — projects rolled up village → tambon → amphoe, budgets by year and source,
problems no project addresses, KPI progress; ผ.02 and workbook export, workbook import."""

import streamlit as st

from analysis.catalogs import domain_ids
from analysis.mpi import DEFAULT_K
from analysis.plans.models import PLAN_LEVELS, STATUSES
from analysis.plans.oneplan import (
    budget_frame,
    filter_projects,
    kpi_progress,
    projects_frame,
    rollup,
    totals,
    unaddressed,
)
from analysis.ranking import RankingUnavailable
from dashboard import data_access, plan_ui
from dashboard.charts import budget_chart
from dashboard.i18n import t
from dashboard.state import lang, selected_area
from dashboard.tables import oneplan_projects_table, rollup_table, totals_table
from dashboard.widgets import money_formats, number_formats

TOP_PROBLEMS = 10
st.title(t("oneplan.title"))
area = selected_area()
if area is None:
    st.info(t("app.no_data"))
    st.stop()
language = lang()
register = data_access.register()
area_name = register.display_name(area, language)
st.caption(t("oneplan.scope", area=area_name))
store = data_access.plan_store()
all_projects = store.projects(area)

cols = st.columns(4)
domains = cols[0].multiselect(
    t("col.domain"),
    domain_ids(),
    key="oneplan_domains",
    placeholder=t("oneplan.all_options"),
    format_func=lambda d: data_access.domain_label(d, language),
)
statuses = cols[1].multiselect(
    t("project.status"),
    STATUSES,
    key="oneplan_statuses",
    placeholder=t("oneplan.all_options"),
    format_func=lambda s: t(f"plans.status.{s}"),
)
levels = cols[2].multiselect(
    t("project.plan_level"),
    PLAN_LEVELS,
    key="oneplan_levels",
    placeholder=t("oneplan.all_options"),
    format_func=lambda v: t(f"plans.level.{v}"),
)
years = sorted({b.fiscal_year for p in all_projects for b in p.budgets})
fiscal_years = cols[3].multiselect(
    t("plans.col.fiscal_year"), years, key="oneplan_years", placeholder=t("oneplan.all_options")
)
projects = filter_projects(all_projects, domains, statuses, levels, fiscal_years)
budgets = budget_frame(projects)
if fiscal_years:
    budgets = budgets[budgets["fiscal_year"].isin(fiscal_years)]

summary = st.columns(3)
summary[0].metric(t("oneplan.projects"), len(projects))
summary[1].metric(t("oneplan.budget_total"), f"{budgets['amount'].sum():,.0f}")
summary[2].metric(t("oneplan.villages_covered"), len({v.village_code for p in projects for v in p.villages}))
if any(p.is_demo for p in projects):
    st.caption(f"⚠️ {t('app.demo_note')}")

table = oneplan_projects_table(projects_frame(projects), register, language)
st.dataframe(table, hide_index=True, key="oneplan_projects", column_config=number_formats(table.columns))

if not budgets.empty:
    st.subheader(t("oneplan.by_year_source"))
    by_source = totals_table(totals(budgets, "source"), "plans.source", language)
    left, right = st.columns([3, 2])
    left.dataframe(by_source, key="oneplan_by_source", column_config=money_formats(by_source))
    right.plotly_chart(budget_chart(budgets, language), key="oneplan_budget_chart")
    st.subheader(t("oneplan.rollup"))
    rolled = rollup_table(rollup(budgets, area), register, language)
    st.dataframe(rolled, hide_index=True, key="oneplan_rollup", column_config=money_formats(rolled))

st.subheader(t("oneplan.unaddressed"))
survey_years = data_access.years(area)
if survey_years:
    try:
        ranking = data_access.ranking(area, survey_years[-1], "pct_fail", DEFAULT_K, language)
        top = ranking.scope("all").head(TOP_PROBLEMS)
        missing = unaddressed(top, all_projects, area)
        if missing.empty:
            st.success(t("oneplan.all_addressed", n=TOP_PROBLEMS))
        else:
            st.warning(t("oneplan.unaddressed_count", n=len(missing), top=TOP_PROBLEMS, year=survey_years[-1]))
            for _, row in missing.iterrows():
                st.markdown(f"- **{int(row['rank'])}. {row[f'title_{language}']}** — {row['pct_fail']:.1f}%")
    except RankingUnavailable:
        pass

progress = kpi_progress(data_access.workspace(), projects)
if not progress.empty:
    st.subheader(t("oneplan.kpi_progress"))
    st.dataframe(plan_ui.kpi_progress_table(progress), hide_index=True, key="oneplan_kpis")

st.subheader(t("oneplan.exports"))
plan_ui.oneplan_exports(projects, area, area_name)
with st.expander(t("oneplan.import")):
    plan_ui.workbook_import(store)
