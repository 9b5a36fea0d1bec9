"""One page from amphoe to province (seed 000): collection %, certification %, problems found and
corrected, per tambon — A4 PDF and XLSX, pure functions of analysis.checks.gather.ProgressReport."""

from __future__ import annotations

import pandas as pd

from analysis.areas import level_word
from analysis.checks.doc_html import collection_line, html_table, shown_count
from analysis.checks.gather import ProgressReport
from analysis.checks.progress import pct
from analysis.contest.html import base_css, document, esc
from analysis.contest.pdf import html_to_pdf, pdf_page_count
from analysis.exports import Sheet, xlsx_bytes
from analysis.formatting import MISSING, fmt_pct
from analysis.i18n import translate
from analysis.thaidate import fmt_date_th


def _t(key: str, lang: str, **values: object) -> str:
    return translate(f"checks.report.{key}", lang, **values)


def _c(key: str, lang: str, **values: object) -> str:
    return translate(f"checks.col.{key}", lang, **values)


def _count(public: bool):
    """A count as the table shows it: "< 5" in the public edition, None (blank, "–") when unknown."""
    return (lambda v: shown_count(v, True)) if public else (lambda v: None if pd.isna(v) else int(v))


def _done(done: pd.Series, registered: pd.Series) -> pd.Series:
    """Villages complete of those in the register ("3/7"); "–" where none is in the register, as
    only a village with a target can be complete."""
    shown = done.astype(int).astype(str) + "/" + registered.astype(int).astype(str)
    return shown.where(registered > 0, MISSING)


def progress_frame(report: ProgressReport, public: bool = False) -> pd.DataFrame:
    lang, rows = report.lang, report.tambons
    shown = _count(public)
    frame = pd.DataFrame(
        {
            level_word("tambon", report.area_code, lang): rows["name"],
            _c("households_expected", lang): rows["households_expected"].map(shown),
            translate("report_words.collected_households", lang): rows["households_collected"].map(shown),
            _c("pct_complete", lang): rows["pct_complete"].round(1),
            _c("villages_done", lang): _done(rows["villages_done"], rows["villages_registered"]),
            _c("villages_late", lang): rows["villages_late"].astype(int),
            translate("report_words.certified_villages", lang): rows["certified"].fillna(0).astype(int),
            _c("pct_certified", lang): rows["pct_certified"].round(1),
            translate("report_words.errors_items", lang): rows["errors"],
            translate("report_words.warnings_items", lang): rows["warnings"],
            _c("corrected", lang): rows["corrected"],
        }
    )
    return pd.concat([frame, _progress_total(report, public, list(frame.columns))], ignore_index=True)


def _progress_total(report: ProgressReport, public: bool, labels: list[str]) -> pd.DataFrame:
    lang, rows, progress = report.lang, report.tambons, report.progress
    villages, certified = int(rows["villages"].sum()), int(rows["certified"].fillna(0).sum())
    shown = _count(public)
    done = _done(pd.Series([rows["villages_done"].sum()]), pd.Series([rows["villages_registered"].sum()]))
    values = [
        _t("total", lang),
        shown(progress.expected if progress.has_targets else None),
        shown(progress.collected),
        round(progress.pct_complete, 1),
        done.iloc[0],
        int(rows["villages_late"].sum()),
        certified,
        round(pct(certified, villages), 1),
        int(rows["errors"].sum()),
        int(rows["warnings"].sum()),
        int(rows["corrected"].sum()),
    ]
    return pd.DataFrame([values], columns=labels)


def progress_lines(report: ProgressReport, public: bool = False) -> list[str]:
    lang, progress, rows = report.lang, report.progress, report.tambons
    villages = int(rows["villages"].sum())
    certified = int(rows["certified"].fillna(0).sum())
    summary = collection_line(
        "progress_summary",
        progress,
        lang,
        public,
        collected=shown_count(progress.collected, public),
        certified=certified,
        pct_certified=fmt_pct(pct(certified, villages)),
        done=int(rows["villages_done"].sum()),
        villages=int(rows["villages_registered"].sum()),
    )
    totals = report.findings_total
    problems = _t(
        "progress_problems", lang, errors=totals["error"], warnings=totals["warning"], corrected=totals["corrected"]
    )
    lines = [summary, problems]
    if report.aggregate_only:
        lines.insert(0, translate("report_words.aggregate_only", lang, year=report.year))
    deadline = progress.register.deadline
    if deadline:
        days = (deadline - report.as_of).days
        left = _t("days_left", lang, n=days) if days >= 0 else _t("days_over", lang, n=-days)
        lines.insert(0, _t("progress_deadline", lang, deadline=fmt_date_th(deadline, lang), days=left))
    return lines


def progress_html(report: ProgressReport, public: bool = False, size: float = 11) -> str:
    lang = report.lang
    title = _t("progress_title", lang, year=report.year, area=report.area_name)
    demo = f"<p class='demo'>{esc(translate('app.demo_note', lang))}</p>" if report.is_demo else ""
    body = (
        f"<h1>{esc(title)}</h1><p>{esc(_t('progress_to', lang, to=report.recipient or _t('province', lang), date=fmt_date_th(report.as_of, lang)))}</p>{demo}"
        + "".join(f"<p>{esc(line)}</p>" for line in progress_lines(report, public))
        + html_table(progress_frame(report, public), [15, 11, 9, 7, 9, 8, 8, 7, 8, 8, 10])
        + f"<p style='margin-top:12mm'>{esc(_t('reporter', lang))}</p>"
    )
    css = base_css(
        margin="12mm 12mm 14mm 12mm", numbered=False, note=translate("app.demo_note", lang) if report.is_demo else None
    )
    css += f"html {{ font-size: {size}pt; }} h1 {{ font-size: {size + 5}pt; }} table {{ font-size: {size - 1.5}pt; }}"
    return document(title, body, css)


def progress_pdf(report: ProgressReport, public: bool = False) -> bytes:
    """One A4 page (the type shrinks until it fits)."""
    for size in (11, 10.5, 10, 9.5, 9, 8.5, 8):
        pdf = html_to_pdf(progress_html(report, public, size))
        if pdf_page_count(pdf) == 1:
            return pdf
    return pdf


def progress_xlsx(report: ProgressReport, public: bool = False) -> bytes:
    lang = report.lang
    title = _t("progress_title", lang, year=report.year, area=report.area_name)
    notes = [
        title,
        _t("progress_to", lang, to=report.recipient or _t("province", lang), date=fmt_date_th(report.as_of, lang)),
    ]
    if report.is_demo:
        notes.insert(1, translate("app.demo_note", lang))
    notes += progress_lines(report, public)
    return xlsx_bytes([Sheet(_t("sheet_summary", lang), progress_frame(report, public), notes, title=True)])
