"""The One Plan page's strategy and results parts: projects and planned budget by strategy item
(the projects that serve none flagged), outputs planned against actual, and the money planned
against spent (by project, and by source × fiscal year)."""

from __future__ import annotations

import streamlit as st
from analysis.plans.records import ProjectRecord
from analysis.plans.results import money_planned_vs_spent, planned_vs_actual, spending_totals
from analysis.plans.strategies import NONE, by_strategy

from dashboard.i18n import t
from dashboard.plan_common import wrapped_table
from dashboard.state import lang
from dashboard.tables import totals_table
from dashboard.widgets import money_formats

STRATEGY_COLUMNS = {
    "level": "strategy.col_level",
    "title": "strategy.col_item",
    "linked": "strategy.col_linked",
    "projects": "strategy.col_projects",
    "budget": "strategy.col_budget",
}


def by_strategy_section(projects: list[ProjectRecord]) -> None:
    if not projects:
        return
    st.subheader(t("strategy.by_strategy"))
    st.caption(t("strategy.by_strategy_help"))
    frame = by_strategy(projects, lang())
    unlinked = [p for p in projects if not p.strategies]
    shown = frame.assign(
        level=frame["level"].map(lambda v: t(f"strategy.level.{v}") if v else "—"),
        title=[
            f"{title} {t('strategy.unconfirmed')}" if s == "UNCONFIRMED" else title
            for title, s in zip(frame["title"], frame["status"], strict=True)
        ],
    )[list(STRATEGY_COLUMNS)].rename(columns={k: t(v) for k, v in STRATEGY_COLUMNS.items()})
    # a table that wraps: the strategies' titles are long and the page must not scroll sideways
    budget = t("strategy.col_budget")
    wrapped_table(shown.assign(**{budget: shown[budget].map("{:,.0f}".format)}), "oneplan_by_strategy")
    if unlinked:
        listed = ", ".join(f"#{p.id} {p.title}" for p in unlinked)
        st.warning(t("strategy.serving_none", n=len(unlinked), projects=listed), icon=":material/link_off:")
    elif NONE not in set(frame["strategy_id"]):
        st.success(t("strategy.all_linked"))


def results_section(projects: list[ProjectRecord]) -> None:
    """Outputs planned vs actual, money planned vs spent, spending by source and year."""
    if not projects:
        return
    st.subheader(t("strategy.results_title"))
    outputs = planned_vs_actual(projects)
    if outputs.empty and not any(p.spending for p in projects):
        st.info(t("strategy.no_results"))
        return
    if not outputs.empty:
        columns = ["title", "output", "unit", "planned", "actual", "pct_of_plan"]
        st.dataframe(
            outputs[columns].round({"pct_of_plan": 0}).rename(columns={c: t(f"plans.col.{c}") for c in columns}),
            hide_index=True,
            key="oneplan_planned_actual",
            placeholder="—",
        )
    st.markdown(f"**{t('strategy.money_title')}**")
    money = money_planned_vs_spent([p for p in projects if p.spending])
    columns = ["title", "planned_budget", "spent", "pct_spent"]
    money_shown = money[columns].round({"pct_spent": 0}).rename(columns={c: t(f"plans.col.{c}") for c in columns})
    st.dataframe(
        money_shown, hide_index=True, key="oneplan_money", column_config=money_formats(money_shown), placeholder="—"
    )
    spent = spending_totals(projects)
    if not spent.empty:
        st.markdown(f"**{t('strategy.spent_by_source')}**")
        table = totals_table(spent, "plans.source", lang())
        st.dataframe(table, key="oneplan_spent_by_source", column_config=money_formats(table))
