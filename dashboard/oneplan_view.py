"""The One Plan page's parts: filters, totals, the project and budget tables, problems no project
covers (projects of the amphoe or tambon above count when they cover the whole area), KPI
progress, downloads and the workbook import."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from analysis.catalogs import domain_ids
from analysis.codes import VILLAGE_LENGTH
from analysis.formatting import fmt_pct
from analysis.mpi import DEFAULT_K
from analysis.plans.exports import p02_xlsx, projects_csv, projects_workbook
from analysis.plans.imports import check_same_problem, check_versions, read_projects_workbook
from analysis.plans.models import PLAN_LEVELS, STATUSES
from analysis.plans.oneplan import (
    budget_frame,
    covers,
    filter_projects,
    kpi_progress,
    projects_frame,
    rollup,
    totals,
    unaddressed,
)
from analysis.plans.records import ProjectRecord
from analysis.plans.service import import_projects
from analysis.privacy import privacy_applies
from analysis.ranking import RankingUnavailable

from dashboard import data_access
from dashboard.charts import budget_chart
from dashboard.i18n import t
from dashboard.plan_common import REFUSALS, names, plan_style, refusal_messages
from dashboard.state import actor, lang
from dashboard.tables import oneplan_projects_table, rollup_table, totals_table
from dashboard.widgets import XLSX_MIME, download, money_formats, number_formats

TOP_PROBLEMS = 10


def filtered_projects(area: str) -> tuple[list[ProjectRecord], list[ProjectRecord], pd.DataFrame]:
    """Filters by domain, status, level and fiscal year → (all projects of the area, the ones kept,
    their budget rows in the chosen years)."""
    plan_style()
    all_projects = data_access.plan_store().projects(area)
    common = {"placeholder": t("oneplan.all_options"), "select_all": False}
    cols = st.columns(4)
    domains = cols[0].multiselect(
        t("col.domain"),
        domain_ids(),
        key="oneplan_domains",
        format_func={d: data_access.domain_label(d, lang()) for d in domain_ids()}.get,
        **common,
    )
    statuses = cols[1].multiselect(
        t("project.status"), STATUSES, key="oneplan_statuses", format_func=names("plans.status", STATUSES).get, **common
    )
    levels = cols[2].multiselect(
        t("project.plan_level"),
        PLAN_LEVELS,
        key="oneplan_levels",
        format_func=names("plans.level", PLAN_LEVELS).get,
        **common,
    )
    years = sorted({b.fiscal_year for p in all_projects for b in p.budgets})
    fiscal_years = cols[3].multiselect(t("plans.col.fiscal_year"), years, key="oneplan_years", **common)
    projects = filter_projects(all_projects, domains, statuses, levels, fiscal_years)
    budgets = budget_frame(projects)
    if fiscal_years:
        budgets = budgets[budgets["fiscal_year"].isin(fiscal_years)]
    return all_projects, projects, budgets


def summary_and_tables(projects: list[ProjectRecord], budgets: pd.DataFrame, area: str, filtered: bool = False) -> None:
    """``filtered``: the area has projects, so an empty list means the filters left them all out."""
    register = data_access.register()
    summary = st.columns(3)
    summary[0].metric(t("oneplan.projects"), len(projects), help=t("guide.tip.projects"))
    summary[1].metric(t("oneplan.budget_total"), f"{budgets['amount'].sum():,.0f}", help=t("guide.tip.budget_total"))
    covered = len({v.village_code for p in projects for v in p.villages})
    summary[2].metric(t("oneplan.villages_covered"), covered, help=t("guide.tip.villages_covered"))
    if any(p.is_demo for p in projects):
        st.caption(f"⚠️ {t('app.demo_note')}")
    if not projects:  # an empty table reads "empty" in English
        st.info(t("oneplan.no_projects_filtered" if filtered else "oneplan.no_projects"))
        return
    table = oneplan_projects_table(projects_frame(projects), register, lang())
    config = number_formats(table.columns) | {
        t("plans.col.total_budget"): st.column_config.NumberColumn(format="localized"),
        t("plans.col.id"): st.column_config.NumberColumn(pinned=True),
        t("plans.col.title"): st.column_config.TextColumn(pinned=True, width="medium"),
    }
    st.dataframe(table, hide_index=True, key="oneplan_projects", column_config=config, placeholder="—")
    if budgets.empty:
        return
    st.subheader(t("oneplan.by_year_source"))
    by_source = totals_table(totals(budgets, "source"), "plans.source", lang())
    left, right = st.columns([3, 2])
    left.dataframe(by_source, key="oneplan_by_source", column_config=money_formats(by_source))
    right.plotly_chart(budget_chart(budgets, lang()), key="oneplan_budget_chart")
    st.subheader(t("oneplan.rollup"))
    rolled = rollup_table(rollup(budgets, area), register, lang())
    st.dataframe(rolled, hide_index=True, key="oneplan_rollup", column_config=money_formats(rolled))


def unaddressed_problems(all_projects: list[ProjectRecord], area: str) -> None:
    """The top problems of the latest survey that no project covering the area addresses."""
    st.subheader(t("oneplan.unaddressed"))
    survey_years = data_access.years(area)
    if not survey_years:
        return
    try:
        # the viewer's privacy flag, as the Rank page asks: one cached ranking (it changes the drivers' text only)
        private = privacy_applies(actor(), area)
        ranking = data_access.ranking(area, survey_years[-1], "pct_fail", DEFAULT_K, lang(), private)
    except RankingUnavailable:
        return
    villages = data_access.child_areas(area, "village") if len(area) < VILLAGE_LENGTH else [area]
    above = [p for p in data_access.plan_store().projects_above(area) if covers(p, area, villages)]
    if above:
        names = ", ".join(f"#{p.id} {p.title}" for p in above)
        st.caption(t("forms.oneplan.covered_from_above", projects=names))
    missing = unaddressed(ranking.scope("all").head(TOP_PROBLEMS), all_projects + above, area, villages)
    if missing.empty:
        st.success(t("oneplan.all_addressed", n=TOP_PROBLEMS))
        return
    st.warning(t("oneplan.unaddressed_count", n=len(missing), top=TOP_PROBLEMS, year=survey_years[-1]))
    for _, row in missing.iterrows():
        st.markdown(f"- **{int(row['rank'])}. {row[f'title_{lang()}']}** — {fmt_pct(row['pct_fail'])}")


def kpi_table(projects: list[ProjectRecord]) -> None:
    progress = kpi_progress(data_access.workspace(), projects)
    if progress.empty:
        return
    st.subheader(t("oneplan.kpi_progress"))
    columns = {
        "title": "plans.col.title",
        "kpi": "plans.col.name",
        "baseline_value": "plans.col.baseline_value",
        "baseline_year": "plans.col.baseline_year",
        "latest_value": "oneplan.latest",
        "latest_year": "oneplan.latest_year",
        "target_value": "plans.col.target_value",
        "progress_pct": "oneplan.progress",
    }
    shown = progress[list(columns)].round(
        {"baseline_value": 1, "latest_value": 1, "target_value": 1, "progress_pct": 0}
    )
    st.dataframe(
        shown.rename(columns={k: t(v) for k, v in columns.items()}),
        hide_index=True,
        key="oneplan_kpis",
        placeholder="—",
    )


def exports(projects: list[ProjectRecord], area: str, area_name: str) -> None:
    st.subheader(t("oneplan.exports"))
    demo = t("app.demo_note") if any(p.is_demo for p in projects) else None
    cols = st.columns(3)
    download(
        cols[0],
        t("oneplan.p02"),
        lambda: p02_xlsx(projects, area_name, demo_note=demo),
        f"p02_{area}.xlsx",
        XLSX_MIME,
        "oneplan_p02",
    )
    download(
        cols[1],
        t("oneplan.csv"),
        lambda: projects_csv(projects, lang()),
        f"projects_{area}.csv",
        "text/csv",
        "oneplan_csv",
    )
    download(
        cols[2],
        t("oneplan.workbook"),
        lambda: projects_workbook(projects),
        f"projects_{area}.xlsx",
        XLSX_MIME,
        "oneplan_workbook",
    )


def workbook_import() -> None:
    """Upload an edited projects workbook → checks → import all or nothing."""
    store = data_access.plan_store()
    with st.expander(t("oneplan.import")):
        st.caption(t("oneplan.import_help"))
        upload = st.file_uploader(t("data.upload"), type=["xlsx"], key="oneplan_upload")
        if upload is None:
            return
        records, report = read_projects_workbook(upload.getvalue(), upload.name)
        projects = store.projects()
        stored = {p.id: p.version for p in projects}
        check_versions(records, stored, report, upload.name)
        check_same_problem(records, projects, report, upload.name)
        if report.problems:
            st.dataframe(report.to_thai_frame(), hide_index=True, key="oneplan_import_report", placeholder="")
        if report.has_errors:
            st.error(t("data.has_errors", count=len(report.errors)))
            return
        new = sum(1 for r in records if r.id not in stored)
        st.success(t("oneplan.import_ready", total=len(records), new=new, updated=len(records) - new))
        if st.button(t("oneplan.import_button"), type="primary", key="oneplan_import_button"):
            try:
                created, updated = import_projects(store, records, actor())
            except REFUSALS as error:
                st.error(" ".join(refusal_messages(error)))
            else:
                st.success(t("oneplan.imported", created=created, updated=updated))
