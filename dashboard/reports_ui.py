"""Streamlit glue of the reports page: which documents the picked area has, the public edition
(forced for roles without household-level access), and documents made when their button is
clicked (a failure says why, in Thai, under the button: dashboard.doc_download)."""

from __future__ import annotations

import streamlit as st
from analysis.checks.gather import progress_report, quality_report
from analysis.checks.progress_doc import progress_pdf, progress_xlsx
from analysis.checks.reports import document_name, report_pdf, report_xlsx
from analysis.privacy import privacy_applies

from dashboard import data_access
from dashboard.doc_download import document_button
from dashboard.i18n import t
from dashboard.state import actor, lang
from dashboard.widgets import XLSX_MIME

#: the quality-of-life report of an area, by the length of its code
QUALITY_REPORT = {2: "province", 4: "district", 6: "tambon"}


def documents(area: str) -> list[str]:
    """The reports an area has: its quality-of-life report (province, district or tambon) and the
    progress report."""
    kind = QUALITY_REPORT.get(len(area))
    return [kind, "progress"] if kind else []


def public_choice(area: str) -> bool:
    if privacy_applies(actor(), area):
        st.caption(t("checks.reports_ui.public_forced"))
        return True
    return st.checkbox(t("checks.reports_ui.public"), key="reports_public")


def _builders(kind: str, area: str, year: int, public: bool):
    language = lang()

    def made():
        ws, store = data_access.workspace(), data_access.certification_store()
        if kind == "progress":
            return progress_report(ws, store, area, year, language)
        return quality_report(ws, store, area, year, language)

    if kind == "progress":
        return lambda: progress_pdf(made(), public), lambda: progress_xlsx(made(), public)
    return lambda: report_pdf(made(), public), lambda: report_xlsx(made(), public)


def downloads(area: str, year: int, public: bool) -> None:
    demo = data_access.is_demo()
    for kind in documents(area):
        name = t(f"checks.reports_ui.{kind}")
        pdf, xlsx = _builders(kind, area, year, public)
        stem = f"report_{kind}{'_public' if public else ''}"
        cols = st.columns(2)
        for column, build, extension, mime in (
            (cols[0], pdf, "pdf", "application/pdf"),
            (cols[1], xlsx, "xlsx", XLSX_MIME),
        ):
            document_button(
                column,
                t(f"checks.reports_ui.{extension}", name=name),
                build,
                document_name(stem, area, year, demo, extension),
                mime,
                f"reports_{kind}_{extension}",
            )
