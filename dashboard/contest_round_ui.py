"""The contest round of the picked area, chosen once on the contest page and read by the contest
page, the presentation mode and the checklist (analysis.contest.round): the fiscal year, the จปฐ.
year its analysis uses and the กชช.2ค year."""

from __future__ import annotations

import streamlit as st
from analysis.contest.round import ContestRound, RoundRecord, area_round, fiscal_year_for
from analysis.contest.words import round_text

from dashboard import data_access
from dashboard.i18n import t
from dashboard.plan_common import guarded_write
from dashboard.state import actor, lang

NO_NRD2C = 0  # the กชช.2ค select's "none" option


def current_round(area: str) -> ContestRound | None:
    """The round the area presents: stored for it, else the default rule over its years."""
    return area_round(data_access.workspace(), data_access.contest_store(), area)


def round_panel(area: str) -> ContestRound | None:
    """The round in one line, and a form to choose another (saved for the area, in the audit log)."""
    chosen = current_round(area)
    if chosen is None:
        return None
    words = round_text(chosen.fiscal_year, chosen.bmn_year, chosen.nrd2c_year, lang())
    st.markdown(f"**{t('contestui.round_now')}** {words}")
    if not chosen.chosen:
        st.caption(t("contestui.round_default"))
    with st.expander(t("contestui.round_choose"), icon=":material/event:"):
        _round_form(area, chosen)
    return chosen


def _round_form(area: str, chosen: ContestRound) -> None:
    bmn_years = data_access.years(area)
    nrd2c_years = sorted(int(y) for y in data_access.nrd2c_years(area))
    with st.form(f"contest_round_{area}"):
        bmn = st.selectbox(
            t("contestui.round_bmn"),
            bmn_years,
            index=bmn_years.index(chosen.bmn_year) if chosen.bmn_year in bmn_years else len(bmn_years) - 1,
            key=f"round_bmn_{area}",
        )
        options = [NO_NRD2C, *nrd2c_years]
        nrd2c = st.selectbox(
            t("contestui.round_nrd2c"),
            options,
            index=options.index(chosen.nrd2c_year) if chosen.nrd2c_year in options else 0,
            format_func=lambda y: t("contestui.round_no_nrd2c") if y == NO_NRD2C else str(y),
            key=f"round_nrd2c_{area}",
        )
        st.caption(t("contestui.round_rule", offset=fiscal_year_for(0)))
        if not st.form_submit_button(t("contestui.round_save")):
            return
    stored = data_access.contest_store().round(area)
    record = stored or RoundRecord(area, 0, 0, is_demo=data_access.is_demo())
    record.bmn_year, record.fiscal_year = int(bmn), fiscal_year_for(int(bmn))
    record.nrd2c_year = None if nrd2c == NO_NRD2C else int(nrd2c)
    done, _ = guarded_write(lambda: data_access.contest_store().save_round(record, actor()))
    if done:
        st.rerun()
