"""The role-model score sheet and monthly report tabs of "ทะเบียนและรายงานของสำนักงาน", and the
reminder the overview shows to an office that owes a monthly report."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from analysis.auth.roles import ACCOUNT
from analysis.codes import AMPHOE_LENGTH, PROVINCE_LENGTH
from analysis.offices.form import form_content, form_docx, form_name, form_pdf
from analysis.offices.monthly import fiscal_months, kind_of_office, kinds, owed, reminders
from analysis.offices.records import MonthlyReport, RoleModelSheet
from analysis.offices.scores import chosen, score_table
from analysis.offices.settings import label, role_model
from analysis.thaidate import EN_MONTHS_FULL, THAI_MONTHS_FULL, fiscal_year_of, fmt_date_th, today_bangkok

from dashboard import data_access
from dashboard.doc_download import document_button
from dashboard.i18n import t
from dashboard.offices_ui import (
    children,
    default_year,
    delete_box,
    fiscal_year_choice,
    history,
    may_edit,
    names,
    store,
    workbook_box,
)
from dashboard.plan_common import guarded_write
from dashboard.state import actor, lang
from dashboard.thai_date import thai_date_input

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# ---- the role-model score sheet -----------------------------------------------------------------
def scores_tab(province: str) -> None:
    model = role_model()
    st.caption(t("offices.scores.intro", low=model["scale_min"], high=model["scale_max"], total=model["total_points"]))
    year = fiscal_year_choice("offices_scores_year", default_year(province))
    offices, language = store(), lang()
    sheets = offices.sheets(province, fiscal_year=year)
    table = score_table(sheets, names, language)
    st.markdown(f"**{t('offices.scores.table', year=year)}**")
    if table.empty:
        st.info(t("offices.scores.empty"))
    else:
        shown = table.drop(columns=["amphoe_code"]).rename(
            columns={c["id"]: f"{c['number']}. {label(c, language)}" for c in model["criteria"]}
        )
        shown = shown.rename(
            columns={"amphoe": t("offices.col.amphoe"), "total": t("offices.col.total"), "rank": t("offices.col.rank")}
        )
        st.dataframe(shown, hide_index=True, key="offices_scores_table")
        first = chosen(table)
        top = table[table["amphoe_code"] == first[0]].iloc[0]
        st.success(t("offices.scores.chosen", amphoe=top["amphoe"], points=f"{top['total']:g}"))
        if len(first) > 1:
            st.warning(t("offices.scores.tie", amphoes=", ".join(names(c, language) for c in first)))
        demo = t("app.demo_badge") if data_access.is_demo() else None
        content = form_content(province, year, sheets, names, language)
        left, right = st.columns(2)
        document_button(
            left,
            t("offices.scores.pdf"),
            lambda: form_pdf(content, demo),
            form_name(province, year, "pdf"),
            "application/pdf",
            "offices_form_pdf",
        )
        document_button(
            right,
            t("offices.scores.docx"),
            lambda: form_docx(content, demo),
            form_name(province, year, "docx"),
            DOCX_MIME,
            "offices_form_docx",
        )
    if may_edit(province):
        _sheet_form(province, year, {s.amphoe_code: s for s in sheets})
        options = {s.id: f"{s.fiscal_year} · {names(s.amphoe_code, language)}" for s in sheets}
        delete_box(
            options,
            lambda i: offices.delete_sheet(i, next(s.version for s in sheets if s.id == i), actor()),
            "offices_scores",
        )
        workbook_box(
            "sheets", offices.sheets(province), lambda rows: offices.import_sheets(rows, actor()), "offices_scores"
        )
    history("sheets", "offices_scores")


def _sheet_form(province: str, year: int, stored: dict[str, RoleModelSheet]) -> None:
    amphoes = children(province, "amphoe")
    if not amphoes:
        return
    model, language = role_model(), lang()
    amphoe = st.selectbox(
        t("offices.scores.amphoe"), amphoes, format_func=lambda c: names(c, language), key="offices_scores_amphoe"
    )
    sheet = stored.get(amphoe) or RoleModelSheet(province, year, amphoe)
    with st.form(f"offices_scores_form_{amphoe}_{year}", border=True):
        scores, evidence = {}, {}
        for c in model["criteria"]:
            st.markdown(f"**{c['number']}. {label(c, language)}**")
            left, right = st.columns([1, 3])
            scores[c["id"]] = left.number_input(
                t("offices.col.score", n=c["number"]),
                float(model["scale_min"]),
                float(model["scale_max"]),
                value=float(sheet.scores.get(c["id"]) or 0),
                step=0.5,
                key=f"offices_score_{c['id']}_{amphoe}_{year}",
            )
            evidence[c["id"]] = right.text_area(
                t("offices.scores.evidence"),
                sheet.evidence.get(c["id"], ""),
                key=f"offices_evidence_{c['id']}_{amphoe}_{year}",
                height=80,
            )
        if st.form_submit_button(t("offices.scores.save"), type="primary"):
            sheet.scores, sheet.evidence = scores, evidence
            done, _ = guarded_write(lambda: store().save_sheet(sheet, actor()))
            if done:
                st.success(t("offices.saved"))
                st.rerun()


# ---- monthly reports ----------------------------------------------------------------------------
def month_name(year: int, month: int, language: str) -> str:
    months = THAI_MONTHS_FULL if language == "th" else EN_MONTHS_FULL
    return f"{months[month - 1]} {year}"


def offices_under(area: str) -> list[str]:
    """The offices owing monthly reports at or under ``area``: its province and the amphoes."""
    province = area[:PROVINCE_LENGTH]
    if len(area) == PROVINCE_LENGTH:
        return [province, *children(province, "amphoe")]
    return [province, area[:AMPHOE_LENGTH]]


def status_frame(table: pd.DataFrame, language: str) -> pd.DataFrame:
    """The owed table in words: office, report, month, due, sent, status."""
    return pd.DataFrame(
        {
            t("offices.col.office"): table["area_code"].map(lambda c: names(c, language)),
            t("offices.col.kind"): table["kind"].map(lambda k: label(kinds()[k], language)),
            t("offices.col.report_month"): [
                month_name(y, m, language) for y, m in zip(table["year"], table["month"], strict=True)
            ],
            t("offices.col.due"): table["due"].map(lambda d: fmt_date_th(d, language)),
            t("offices.col.sent_date"): table["sent_on"].map(lambda d: fmt_date_th(d, language) if d else "–"),
            t("offices.col.status"): table["status"].map(lambda s: t(f"offices.status.{s}")),
        }
    )


def monthly_tab(area: str) -> None:
    st.caption(t("offices.monthly.intro"))
    year = fiscal_year_choice("offices_monthly_year", fiscal_year_of(today_bangkok()))
    offices, language = offices_under(area), lang()
    reports = store().reports(area[:PROVINCE_LENGTH])
    table = owed(offices, fiscal_months(year), reports, today_bangkok())
    st.dataframe(status_frame(table, language), hide_index=True, key="offices_monthly_table")
    editable = [o for o in offices if kind_of_office(o) and may_edit_quiet(o)]
    if editable:
        _report_form(editable, year)
        mine = [r for r in reports if r.area_code in editable]
        options = {r.id: f"{names(r.area_code, language)} · {month_name(r.year, r.month, language)}" for r in mine}
        delete_box(
            options,
            lambda i: store().delete_report(i, next(r.version for r in mine if r.id == i), actor()),
            "offices_monthly",
        )
        workbook_box("reports", mine, lambda rows: store().import_reports(rows, actor()), "offices_monthly")
    else:
        may_edit(area[:PROVINCE_LENGTH])
    history("reports", "offices_monthly")


def may_edit_quiet(area: str) -> bool:
    from analysis.auth.roles import PermissionDenied, authorize
    from analysis.offices.service import ACTION

    try:
        authorize(actor(), ACTION, area)
    except PermissionDenied:
        return False
    return True


def _report_form(offices: list[str], year: int) -> None:
    language = lang()
    choices = [(o, k) for o in offices for k in kind_of_office(o)]
    labels = {f"{o}|{k}": f"{names(o, language)} · {label(kinds()[k], language)}" for o, k in choices}
    picked = st.selectbox(t("offices.monthly.kind"), list(labels), format_func=labels.get, key="offices_monthly_kind")
    office, kind = picked.split("|")
    months = {f"{y}-{m}": month_name(y, m, language) for y, m in fiscal_months(year)}
    month = st.selectbox(t("offices.monthly.month"), list(months), format_func=months.get, key="offices_monthly_month")
    sent_on = thai_date_input(t("offices.monthly.sent_on"), "offices_monthly_sent", today_bangkok())
    title = st.text_input(t("offices.monthly.title"), key="offices_monthly_title")
    body = st.text_area(t("offices.monthly.body"), key="offices_monthly_body")
    if st.button(t("offices.monthly.save"), type="primary", key="offices_monthly_save"):
        y, m = (int(x) for x in month.split("-"))
        report = MonthlyReport(office, kind, y, m, sent_on, title, body)
        stored = [r for r in store().reports(office, kind=kind, year=y, month=m)]
        if stored:
            report.id, report.version = stored[0].id, stored[0].version
        done, _ = guarded_write(lambda: store().save_report(report, actor()))
        if done:
            st.success(t("offices.saved"))


# ---- the overview's reminder --------------------------------------------------------------------
def reminder_offices(area: str | None) -> list[str]:
    """The offices the signed-in account stands for (its granted province and amphoe codes); in
    "this computer" mode the office of the area picked (a province or an amphoe)."""
    current = actor()
    if current.kind == ACCOUNT:
        return [g for g in current.areas if len(g) in (PROVINCE_LENGTH, AMPHOE_LENGTH)]
    return [area] if area and len(area) in (PROVINCE_LENGTH, AMPHOE_LENGTH) else []


def overview_reminder(area: str | None, shown: int = 3) -> None:
    """Overdue and soon-due monthly reports of the signed-in office, above the overview."""
    offices = reminder_offices(area)
    if not offices:
        return
    today, language = today_bangkok(), lang()
    months = fiscal_months(fiscal_year_of(today))
    reports = [r for o in offices for r in store().reports(o)]
    pending = reminders(owed(offices, months, reports, today))
    if pending.empty:
        return
    lines = [
        t(
            f"offices.monthly.reminder_{row.status}",
            kind=label(kinds()[row.kind], language),
            month=month_name(row.year, row.month, language),
            office=names(row.area_code, language),
            due=fmt_date_th(row.due, language),
        )
        for row in pending.head(shown).itertuples()
    ]
    if len(pending) > shown:
        lines.append(t("offices.monthly.reminder_more", n=len(pending) - shown))
    st.warning(
        f"**{t('offices.monthly.reminder_title')}**\n\n" + "\n".join(f"- {line}" for line in lines),
        icon=":material/event_upcoming:",
    )
