"""Reports up the chain, as A4 PDF and XLSX (pure functions of analysis.checks.gather's dataclasses):

district / tambon  the district quality-of-life report (เอกสารคุณภาพชีวิตของประชาชนอำเภอ, seed 004
                   item 8) and a tambon's จปฐ. report: coverage and certification, the five
                   domains, indicators below target by child area, change since last year, the top
                   problems.
progress           one page from amphoe to province (seed 000): collection %, certification %,
                   problems found and corrected, per tambon.

``public``: the small-count rule (analysis.privacy) applies to every count of households or
persons shown; a document for a role without household-level access is always public.
"""

from __future__ import annotations

import pandas as pd

from analysis.areas import level_word
from analysis.checks.doc_html import collection_line, html_table, shown_count
from analysis.checks.gather import QualityReport
from analysis.checks.progress import pct
from analysis.contest.charts import ChartSpec, Series
from analysis.contest.html import bars, base_css, document, esc
from analysis.contest.pdf import html_to_pdf
from analysis.exports import Sheet, xlsx_bytes
from analysis.formatting import fmt_int, fmt_number, fmt_pct
from analysis.i18n import translate
from analysis.privacy import min_public_count
from analysis.thaidate import fmt_date_th, today_bangkok

DOMAIN_COLOURS = {
    "health": "#2a9d8f",
    "living": "#457b9d",
    "education": "#e9c46a",
    "income": "#f4a261",
    "access": "#9d4edd",
}
COVERAGE_WIDTHS = {False: [26, 14, 13, 11, 11, 12, 13], True: [40, 15, 15, 13, 17]}
REPORT_CSS = "html { font-size: 12pt; } h1 { font-size: 19pt; } h2 { font-size: 14pt; } table { font-size: 10pt; }"


def _t(key: str, lang: str, **values: object) -> str:
    return translate(f"checks.report.{key}", lang, **values)


def _c(key: str, lang: str, **values: object) -> str:
    return translate(f"checks.col.{key}", lang, **values)


def report_title(report: QualityReport) -> str:
    key = "district_title" if report.level in ("amphoe", "province") else "tambon_title"
    return _t(key, report.lang, area=report.area_name)


def _notes(report, public: bool) -> list[str]:
    lang = report.lang
    lines = [_t("made", lang, date=fmt_date_th(today_bangkok(), lang))]
    if public:
        lines.append(_t("public_note", lang, n=min_public_count()))
    if report.is_demo:
        lines.insert(0, translate("app.demo_note", lang))
    return lines


def coverage_lines(report: QualityReport, public: bool = False) -> list[str]:
    lang, progress = report.lang, report.progress
    line = collection_line(
        "coverage",
        progress,
        lang,
        public,
        collected=shown_count(report.households, public),
        people=shown_count(report.people, public),
        villages=fmt_int(report.villages),
    )
    cert = report.certified
    certified, villages = int(cert["certified"].sum()), int(cert["villages"].sum())
    share = fmt_pct(pct(certified, villages))
    return [
        line,
        _t("certified", lang, certified=certified, villages=villages, pct=share, returned=int(cert["returned"].sum())),
    ]


def coverage_frame(report: QualityReport, public: bool = False) -> pd.DataFrame:
    """One row per child area: target and collected households, % collected, and villages certified
    (a tambon's villages: each one's status)."""
    lang = report.lang
    villages = report.child_level == "village"
    rows = report.progress.villages.rename(columns={"village_code": "area_code"}) if villages else None
    rows = (
        rows if rows is not None else report.progress.areas.get(report.child_level, pd.DataFrame(columns=["area_code"]))
    )
    children = (
        report.children[["area_code", "name"]] if len(report.children) else pd.DataFrame(columns=["area_code", "name"])
    )
    frame = children.merge(report.certified, on="area_code", how="left")
    columns = ["area_code", "households_expected", "households_collected", "pct_complete"]
    frame = frame.merge(rows[[c for c in columns if c in rows]], on="area_code", how="left")
    shown = (lambda v: shown_count(v, True)) if public else (lambda v: None if pd.isna(v) else int(v))
    out = pd.DataFrame(
        {
            _c("area", lang): frame["name"],
            _c("households_expected", lang): frame["households_expected"].map(shown),
            translate("report_words.collected_households", lang): frame["households_collected"].map(shown),
            _c("pct_complete", lang): frame["pct_complete"].round(1),
        }
    )
    if villages:
        out[_c("status", lang)] = [_village_status(r, lang) for r in frame.itertuples(index=False)]
        return out
    out[_c("villages", lang)] = frame["villages"]
    out[translate("report_words.certified_villages", lang)] = frame["certified"]
    out[_c("pct_certified", lang)] = frame["pct_certified"].round(1)
    return out


def _village_status(row, lang: str) -> str:
    for status in ("certified", "returned", "checked"):
        if getattr(row, status, 0) and not pd.isna(getattr(row, status)) and getattr(row, status) > 0:
            return translate(f"checks.status.{status}", lang)
    return translate("checks.status.not_checked", lang)


def domains_frame(report: QualityReport, public: bool = False) -> pd.DataFrame:
    """Children × five domains, % failing, then the area itself."""
    lang = report.lang
    domains = report.domains
    rows = {_c("area", lang): [*report.children["name"], report.area_name]}
    for domain, label in zip(domains["domain"], domains["name"], strict=True):
        name = translate("compare.pct_header", lang, name=label)
        column = f"pct_fail_{domain}"
        values = list(report.children[column]) if column in report.children else [None] * len(report.children)
        area_value = domains.loc[domains["domain"] == domain, "pct_fail"].iloc[0]
        rows[name] = [None if pd.isna(v) else round(float(v), 1) for v in [*values, area_value]]
    return pd.DataFrame(rows)


def below_frame(report: QualityReport, count: int = 3) -> pd.DataFrame:
    """Per child: indicators below target and the ``count`` with the largest gap."""
    lang = report.lang
    below = report.below_target
    out = []
    for code, name in zip(report.children["area_code"], report.children["name"], strict=True):
        mine = below[below["area_code"] == code].sort_values("gap_to_target", ascending=False) if len(below) else below
        items = "; ".join(
            f"{r['indicator_id']}. {r[f'title_{lang}']} ({gap_text(r['gap_to_target'], lang)})"
            for _, r in mine.head(count).iterrows()
        )
        out.append({_c("area", lang): name, _c("below_target", lang): len(mine), _c("gap", lang): items})
    return pd.DataFrame(out)


def gap_text(gap: float, lang: str) -> str:
    """A gap to the target with its unit; a gap that rounds to 0.0 reads "< 0.1 จุด" (it is below
    the target, and "(0.0)" read as if it were not)."""
    shown = "< 0.1" if 0 < float(gap) < 0.05 else fmt_number(gap)
    return translate("report_words.gap_points", lang, gap=shown)


def changes_frames(report: QualityReport, count: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The indicators that worsened most and improved most since the base year."""
    lang, changes = report.lang, report.changes
    if changes.empty:
        return changes, changes
    labelled = pd.DataFrame(
        {
            _c("indicator", lang): changes["indicator_id"],
            _c("title", lang): changes["title"],
            _c("pct_fail_base", lang, year=report.base_year): changes["pct_fail_base"].round(1),
            _c("pct_fail", lang): changes["pct_fail"].round(1),
            _c("change", lang): changes["change_pp"].round(1),
        }
    )
    order = changes["change_pp"]
    worse = labelled.loc[order[order > 0].sort_values(ascending=False).index].head(count)
    better = labelled.loc[order[order < 0].sort_values().index].head(count)
    return worse.reset_index(drop=True), better.reset_index(drop=True)


def top_frame(report: QualityReport, public: bool = False) -> pd.DataFrame:
    lang, top = report.lang, report.top_problems
    return pd.DataFrame(
        {
            _c("rank", lang): top["rank"],
            _c("indicator", lang): top["indicator_id"],
            _c("title", lang): top[f"title_{lang}"],
            _c("domain", lang): top[f"domain_{lang}"],
            _c("pct_fail", lang): top["pct_fail"].round(1),
            _c("fail", lang): top["fail"].map(lambda v: shown_count(v, True) if public else int(v)),
            translate("report_words.unit", lang): [
                translate(f"unit.{u}" if isinstance(u, str) else "unit.village", lang) for u in top["count_unit"]
            ],
        }
    )


def domains_chart(report: QualityReport) -> ChartSpec:
    domains = report.domains
    colours = [DOMAIN_COLOURS.get(d, "#1d6fa5") for d in domains["domain"]]
    values = [0.0 if pd.isna(v) else float(v) for v in domains["pct_fail"]]
    series = Series(_c("pct_fail", report.lang), values, None, colours)
    return ChartSpec("domains", _t("domains_chart", report.lang), "bar", list(domains["name"]), [series])


def change_heading(report: QualityReport) -> str:
    """ "4. Change since 2566", or "since the previous survey" when there is none to compare with."""
    if report.base_year is None:
        return translate("report_words.s_change_none", report.lang)
    return _t("s_change", report.lang, base=report.base_year)


def report_html(report: QualityReport, public: bool = False) -> str:
    lang = report.lang
    title = report_title(report)
    level = level_word(report.child_level, report.area_code, lang)
    worse, better = changes_frames(report)
    if report.changes.empty:
        change = f"<h2>{esc(change_heading(report))}</h2><p class='muted'>{esc(_t('no_change', lang))}</p>"
    else:
        change = (
            f"<h2>{esc(change_heading(report))}</h2><h3>{esc(_t('worse', lang))}</h3>{html_table(worse, [7, 53, 13, 13, 14])}"
            f"<h3>{esc(_t('better', lang))}</h3>{html_table(better, [7, 53, 13, 13, 14])}"
        )
    domains = domains_frame(report, public)
    body = (
        f"<h1>{esc(title)}</h1><p>{esc(_t('subtitle', lang, year=report.year))}</p>"
        + "".join(
            f"<p class='{'demo' if i == 0 and report.is_demo else 'muted'}'>{esc(n)}</p>"
            for i, n in enumerate(_notes(report, public))
        )
        + f"<h2>{esc(_t('s_coverage', lang))}</h2>"
        + "".join(f"<p>{esc(line)}</p>" for line in coverage_lines(report, public))
        + html_table(coverage_frame(report, public), COVERAGE_WIDTHS[report.child_level == "village"])
        + f"<h2>{esc(_t('s_domains', lang))}</h2>{bars(domains_chart(report), lang)}"
        + html_table(domains, [25, 15, 15, 15, 15, 15], heat=set(range(1, len(domains.columns))))
        + f"<h2>{esc(_t('s_below', lang, level=level))}</h2>{html_table(below_frame(report), [22, 12, 66])}"
        + change
        + f"<h2>{esc(_t('s_top', lang))}</h2>{html_table(top_frame(report, public), [7, 6, 42, 17, 9, 9, 10])}"
    )
    note = translate("app.demo_note", lang) if report.is_demo else None
    return document(title, body, base_css(margin="14mm 14mm 16mm 14mm", note=note) + REPORT_CSS)


def report_pdf(report: QualityReport, public: bool = False) -> bytes:
    return html_to_pdf(report_html(report, public))


def report_xlsx(report: QualityReport, public: bool = False) -> bytes:
    lang = report.lang
    notes = [
        report_title(report),
        _t("subtitle", lang, year=report.year),
        *_notes(report, public),
        *coverage_lines(report, public),
    ]
    worse, better = changes_frames(report)
    return xlsx_bytes(
        [
            Sheet(_t("sheet_summary", lang), coverage_frame(report, public), notes, title=True),
            Sheet(_t("sheet_domains", lang), domains_frame(report, public), [_t("s_domains", lang)], title=True),
            Sheet(
                _t("sheet_below", lang),
                below_frame(report, count=10),
                [_t("s_below", lang, level=level_word(report.child_level, report.area_code, lang))],
                title=True,
            ),
            Sheet(
                _t("sheet_change", lang),
                pd.concat([worse, better], ignore_index=True),
                [change_heading(report)],
                title=True,
            ),
            Sheet(_t("sheet_top", lang), top_frame(report, public), [_t("s_top", lang)], title=True),
        ]
    )


def document_name(kind: str, area: str, year: int, demo: bool, extension: str) -> str:
    """report_district_9901_2567[_demo].pdf"""
    return f"{kind}_{area}_{year}{'_demo' if demo else ''}.{extension}"
