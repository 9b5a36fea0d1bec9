"""Streamlit glue of the Data-check page: the year and as-of day, collection progress (per area,
village and volunteer, burn-up) and the data checks (per village, findings, the rules used).

Volunteer names are personal data: shown only to an actor who may see the area's households;
anyone else sees "อาสาสมัคร 1, 2, …".
"""

from __future__ import annotations

from datetime import date
from functools import partial

import pandas as pd
import streamlit as st
from analysis.checks.config import explanation
from analysis.checks.tables import (
    area_table,
    findings_table,
    rule_name,
    summary_table,
    village_table,
    volunteer_table,
)
from analysis.formatting import MISSING, fmt_int, fmt_pct
from analysis.i18n import translate
from analysis.thaidate import fmt_date_th, today_bangkok
from analysis.validation import SHOWN_PER_RULE

from dashboard import data_access
from dashboard.checks_charts import burnup_chart
from dashboard.i18n import t
from dashboard.state import actor, lang
from dashboard.thai_date import thai_date_input
from dashboard.widgets import download_buttons

AS_OF_KEY = "checks_as_of"


def year_and_day(area: str) -> tuple[int, date] | None:
    """The survey year (latest first) and the as-of day (today unless typed)."""
    years = data_access.years(area)
    if not years:
        st.info(t("checks.ui.no_households"))
        return None
    if st.session_state.get("checks_year") not in years:
        st.session_state["checks_year"] = years[-1]
    cols = st.columns([2, 3])
    with cols[0]:
        year = st.segmented_control(t("checks.ui.year"), years, key="checks_year", required=True)
    as_of = thai_date_input(t("checks.ui.as_of"), AS_OF_KEY, today_bangkok(), container=cols[1])
    return int(year), as_of or today_bangkok()


def lang_key(base: str) -> str:
    """A select's key per language: a select keeps the labels it was first drawn with."""
    return base if lang() == "th" else f"{base}_{lang()}"


def names(codes) -> dict[str, str]:
    return data_access.register().display_names(list(codes), lang())


def formats(frame: pd.DataFrame) -> dict:
    """Whole numbers with thousands separators, shares with one decimal (by column type)."""
    config = {}
    for column in frame.columns:
        values = frame[column]
        if not pd.api.types.is_numeric_dtype(values):
            continue
        whole = values.dropna().eq(values.dropna().round()).all()
        config[column] = st.column_config.NumberColumn(format="localized" if whole else "%.1f")
    return config


def _metrics(progress) -> None:
    villages = progress.villages
    registered = villages[villages["status"] != "unregistered"]
    cols = st.columns(4)
    cols[0].metric(t("checks.ui.metric_collected"), fmt_pct(progress.pct_complete))
    done = f"{int((registered['status'] == 'done').sum())}/{len(registered)}" if len(registered) else MISSING
    cols[1].metric(t("checks.ui.metric_done"), done)
    cols[2].metric(t("checks.ui.metric_late"), int(registered["status"].isin(["behind", "overdue"]).sum()))
    deadline = progress.register.deadline
    if deadline:
        cols[3].metric(t("checks.ui.metric_deadline"), fmt_date_th(deadline, lang()))
    collected = fmt_int(progress.collected)
    if progress.has_targets:
        line = t("checks.ui.collected_line", collected=collected, expected=fmt_int(progress.expected))
    else:
        line = t("checks.ui.collected_no_register", collected=collected)
    finished = progress.has_targets and progress.pct_complete >= 100  # no deadline to count down to
    if deadline and not finished:
        days = (deadline - progress.as_of).days
        line += " · " + (t("checks.ui.metric_days", n=days) if days >= 0 else t("checks.ui.metric_days_over", n=-days))
    st.caption(line)


def progress_tab(area: str, year: int, as_of: date) -> None:
    language = lang()
    progress = data_access.progress(area, year, as_of)
    if progress.register.empty:
        st.warning(t("checks.ui.no_register", year=year))
    _metrics(progress)
    note = t("app.demo_badge") if data_access.is_demo() else None
    if len(progress.burnup):
        st.plotly_chart(
            burnup_chart(progress.burnup, progress.expected, progress.register.deadline, language, note),
            key="checks_burnup",
        )
    for level, rows in progress.areas.items():
        if len(rows) and len(rows["area_code"].iloc[0]) > len(area):  # the levels below the picked area
            st.markdown(f"**{t('checks.ui.areas')}: {t(f'level.{level}')}**")
            shown = area_table(rows, names(rows["area_code"]), language)
            st.dataframe(
                shown, hide_index=True, key=f"checks_{level}", column_config=formats(shown), placeholder=MISSING
            )
    st.markdown(f"**{t('checks.ui.villages')}**")
    statuses = data_access.certification_store().statuses(area, year)
    table = village_table(progress.villages, names(progress.villages["village_code"]), language, statuses)
    # a cell left unknown (no register: no target, plan or deadline) reads "–", not Streamlit's "None"
    st.dataframe(table, hide_index=True, key="checks_villages", column_config=formats(table), placeholder=MISSING)
    download_buttons(table, f"progress_{area}_{year}", "progress", key="checks_villages_dl")
    volunteers_section(progress, area)


def volunteers_section(progress, area: str) -> None:
    st.markdown(f"**{t('checks.ui.volunteers')}**")
    if progress.volunteers.empty:
        st.caption(t("checks.ui.no_volunteers"))
        return
    show = actor().can("view_households", area)
    if not show:
        st.caption(t("checks.misc.names_hidden"))
    table = volunteer_table(progress.volunteers, lang(), show_names=show)
    st.dataframe(table, hide_index=True, key="checks_volunteers", column_config=formats(table), placeholder=MISSING)


def within_grant(found: pd.DataFrame, summary: pd.DataFrame, area: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The findings and villages the actor may check (household ids are household-level data: an
    account granted one tambon sees only its villages when it picks the amphoe)."""
    current = actor()
    if current.can("check_data", area):
        return found, summary
    st.warning(t("checks.ui.outside_grant"))
    allowed = {code for code in summary["village_code"] if current.can("check_data", code)}
    return found[found["village_code"].isin(allowed)], summary[summary["village_code"].isin(allowed)]


def checks_tab(area: str, year: int, as_of: date) -> None:
    language = lang()
    result = data_access.checks(area, year, as_of)
    for note in result.notes:
        st.info(t(f"checks.note.{note}"))
    found, summary = within_grant(result.findings, result.summary, area)
    cols = st.columns(3)
    cols[0].metric(t("checks.ui.metric_errors"), fmt_int((found["severity"] == "error").sum()))
    cols[1].metric(t("checks.ui.metric_warnings"), fmt_int((found["severity"] == "warning").sum()))
    villages_with_errors = f"{fmt_int((summary['errors'] > 0).sum())}/{fmt_int(len(summary))}"
    cols[2].metric(t("checks.ui.metric_villages_errors"), villages_with_errors)
    labels = names(summary["village_code"])
    statuses = data_access.certification_store().statuses(area, year)
    st.markdown(f"**{t('checks.ui.summary')}**")
    st.dataframe(summary_table(summary, statuses, labels, language), hide_index=True, key="checks_summary")
    st.markdown(f"**{t('checks.ui.findings')}**")
    if found.empty:
        st.success(t("checks.ui.no_findings"))
        return
    chosen = _filtered(found, labels)
    shown = chosen.groupby("rule", sort=False).head(SHOWN_PER_RULE)  # a province can have 500,000
    if len(shown) < len(chosen):
        st.caption(
            t(
                "checks.ui.findings_capped",
                shown=f"{len(shown):,}",
                total=f"{len(chosen):,}",
                per_rule=f"{SHOWN_PER_RULE:,}",
            )
        )
    message = t("checks.col.message")
    st.dataframe(
        findings_table(shown, labels, language),
        hide_index=True,
        key="checks_findings",
        column_config={message: st.column_config.TextColumn(message, width="large", help=t("checks.ui.message_help"))},
    )
    full = partial(findings_table, chosen, labels, language)  # the whole list, built when downloaded
    download_buttons(full, f"checks_{area}_{year}", "checks", key="checks_findings_dl")
    with st.expander(t("checks.ui.rules")):
        fired = sorted(set(found["rule"]))
        for rule in fired:
            st.markdown(f"**{rule_name(rule, language)}**: {explanation(rule, language)}")


def _filtered(found: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    language = lang()  # captured: a select's labels may be drawn outside the run
    cols = st.columns(2)
    severities = ["", *[s for s in ("error", "warning", "info") if (found["severity"] == s).any()]]
    severity = cols[0].selectbox(
        t("checks.ui.filter_severity"),
        severities,
        key=lang_key("checks_severity"),
        format_func=lambda s, lg=language: translate("checks.ui.all" if not s else f"checks.severity.{s}", lg),
    )
    villages = ["", *sorted(found["village_code"].unique())]
    village = cols[1].selectbox(
        t("checks.ui.filter_village"),
        villages,
        key=lang_key("checks_village_filter"),
        format_func=lambda c, lg=language: translate("checks.ui.all", lg) if not c else labels.get(c, c),
    )
    shown = found[found["severity"] == severity] if severity else found
    return shown[shown["village_code"] == village] if village else shown
