"""The village review sheet for the certification forum (ใบตรวจทานข้อมูล), as an A4 PDF and an XLSX:
the village's indicators against last year and its tambon, the flagged checks (household ids only),
its status and what changed since, and space for the forum's sign-off. Pure functions of a
ReviewSheet (analysis.checks.gather); the PDF goes through the contest kit's WeasyPrint helpers
(Thai line breaking, embedded fonts, searchable text)."""

from __future__ import annotations

import pandas as pd

from analysis.areas import level_word
from analysis.checks.certify import status_label
from analysis.checks.doc_html import unit_column, with_unit
from analysis.checks.gather import ReviewSheet
from analysis.checks.progress import pct
from analysis.contest.html import base_css, document, esc
from analysis.contest.pdf import html_to_pdf
from analysis.exports import Sheet, xlsx_bytes
from analysis.formatting import fmt_datetime_th, fmt_int, fmt_number, fmt_pct
from analysis.i18n import translate
from analysis.thaidate import fmt_date_th

SIGN_ROLES = ("role_checker", "role_headman", "role_lao", "role_cdo")
REVIEW_CSS = """
html { font-size: 11.5pt; line-height: 1.3; } h1 { font-size: 16pt; margin-bottom: 2mm; }
h2 { font-size: 13pt; margin: 4mm 0 1.5mm; } table { font-size: 9.5pt; margin: 1mm 0 2mm; }
td, th { padding: 0.4mm 1.2mm; } tr.flag td { background: #fde2e1; }
.findings li { margin-bottom: 1mm; } .sev-error { color: #b3261e; font-weight: bold; }
.sev-warning { color: #8a5a00; font-weight: bold; } .sign td { height: 11mm; vertical-align: bottom; }
.facts p { margin: 0 0 1mm; }
"""


def _t(key: str, lang: str, **values: object) -> str:
    return translate(f"checks.{key}", lang, **values)


def _tambon_word(sheet: ReviewSheet) -> str:
    """The village's tambon as a word in a sentence or a header: ตำบล, in Bangkok แขวง."""
    word = level_word("tambon", sheet.village_code, sheet.lang)
    return word.lower() if sheet.lang == "en" else word


def _col(key: str, lang: str, **values: object) -> str:
    return translate(f"checks.col.{key}", lang, **values)


def _facts(sheet: ReviewSheet) -> list[str]:
    lang = sheet.lang
    if sheet.expected:
        share = fmt_pct(pct(min(sheet.households, sheet.expected), sheet.expected))
        lines = [
            _t(
                "review.collected",
                lang,
                collected=fmt_int(sheet.households),
                expected=fmt_int(sheet.expected),
                pct=share,
            )
        ]
    else:
        lines = [_t("review.collected_no_register", lang, collected=fmt_int(sheet.households))]
    if sheet.first_collected:
        lines.append(
            _t(
                "review.dates",
                lang,
                first=fmt_date_th(sheet.first_collected, lang),
                last=fmt_date_th(sheet.last_collected, lang),
            )
        )
    status = sheet.status
    if status.updated_at:
        who, when = status.updated_by, fmt_datetime_th(status.updated_at, lang)
        lines.append(_t("review.status_by", lang, status=status_label(status.status, lang), who=who, when=when))
        if status.note:
            lines.append(f"{_col('note', lang)}: {status.note}")
    else:
        lines.append(_t("review.status", lang, status=status_label(status.status, lang)))
    return lines


def indicator_frame(sheet: ReviewSheet) -> pd.DataFrame:
    """The indicator table with labelled columns (the XLSX sheet; the PDF shows the same)."""
    lang = sheet.lang
    rows = sheet.indicators
    base = _col("pct_fail_base", lang, year=sheet.base_year) if sheet.base_year else _t("review.no_base", lang)
    units = rows["count_unit"] if "count_unit" in rows else ["household"] * len(rows)
    frame = pd.DataFrame(
        {
            _col("indicator", lang): rows["indicator_id"],
            _col("title", lang): rows["title"],
            with_unit(_col("applicable", lang), units, lang): rows["applicable"],
            with_unit(_col("fail", lang), units, lang): rows["fail"],
            _col("pct_fail", lang): rows["pct_fail"].round(1),
            base: rows["pct_fail_base"].round(1),
            _col("change", lang): rows["change_pp"].round(1),
            _col("pct_fail_tambon", lang, level=_tambon_word(sheet)): rows["pct_fail_tambon"].round(1),
            _col("flagged", lang): rows["flagged"].map({True: "✓", False: ""}),
        }
    )
    if mixed := unit_column(units, lang):
        frame.insert(4, *mixed)
    return frame


def grouped_findings(sheet: ReviewSheet) -> list[tuple[str, str, list[str]]]:
    """(severity, message, household ids) — one line per distinct message, its households listed."""
    lang = sheet.lang
    found = sheet.findings
    if found.empty:
        return []
    lines = []
    for (severity, message), group in found.groupby(["severity", f"message_{lang}"], sort=False):
        ids = [str(h) for h in group["household_id"].dropna()]
        lines.append((severity, message, ids))
    return lines


def _indicator_rows(sheet: ReviewSheet) -> str:
    rows = []
    for row in sheet.indicators.itertuples(index=False):
        cells = [
            esc(row.indicator_id),
            esc(row.title),
            fmt_int(row.applicable),
            fmt_int(row.fail),
            fmt_number(row.pct_fail),
            fmt_number(row.pct_fail_base),
            "–" if pd.isna(row.change_pp) else f"{row.change_pp:+.1f}",
            fmt_number(row.pct_fail_tambon),
        ]
        numeric = "".join(f"<td class='num'>{c}</td>" for c in cells[2:])
        rows.append(f"<tr class='{'flag' if row.flagged else ''}'><td>{cells[0]}</td><td>{cells[1]}</td>{numeric}</tr>")
    return "".join(rows)


def _indicator_table(sheet: ReviewSheet) -> str:
    lang = sheet.lang
    base = _col("pct_fail_base", lang, year=sheet.base_year) if sheet.base_year else "–"
    heads = ["indicator", "title", "applicable", "fail", "pct_fail", None, "change", "pct_fail_tambon"]
    units = sheet.indicators["count_unit"] if "count_unit" in sheet.indicators else ["household"]
    labels = [base if h is None else _col(h, lang, level=_tambon_word(sheet)) for h in heads]
    labels[2:4] = [with_unit(label, units, lang) for label in labels[2:4]]
    widths = [5, 43, 9, 8, 8, 8, 10, 9]
    cols = "".join(f"<col style='width:{w}%'>" for w in widths)
    head = "".join(f"<th class='{'num' if i > 1 else ''}'>{esc(label)}</th>" for i, label in enumerate(labels))
    return f"<table><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{_indicator_rows(sheet)}</tbody></table>"


def _findings_html(sheet: ReviewSheet) -> str:
    lang = sheet.lang
    lines = grouped_findings(sheet)
    if not lines:
        return f"<p class='muted'>{esc(_t('review.no_findings', lang))}</p>"
    items = []
    for severity, message, ids in lines:
        listed = f"<br>{esc(_t('review.households_listed', lang, ids=', '.join(ids)))}" if ids else ""
        label = f"<span class='sev-{severity}'>{esc(_t(f'severity.{severity}', lang))}</span>"
        items.append(f"<li>{label}: {esc(message)}{listed}</li>")
    return f"<ul class='findings'>{''.join(items)}</ul>"


def _changes_html(sheet: ReviewSheet) -> str:
    lang, diff, status = sheet.lang, sheet.changes, sheet.status
    if diff is None or status.snapshot_at is None:
        return ""
    values = {"status": status_label(status.status, lang), "when": fmt_datetime_th(status.snapshot_at, lang)}
    if not diff.any:
        return f"<p class='muted'>{esc(_t('review.no_changes', lang, **values))}</p>"
    counts = _t(
        "review.changes_households",
        lang,
        added=len(diff.added),
        removed=len(diff.removed),
        changed=len(diff.changed),
        before=fmt_int(diff.households_before),
        after=fmt_int(diff.households_after),
    )
    ids = ", ".join([*diff.added, *diff.changed, *diff.removed][:40])
    rows = "".join(
        f"<tr><td>{esc(r.indicator_id)}</td><td class='num'>{fmt_int(r.fail_before)} / {fmt_int(r.applicable_before)}</td>"
        f"<td class='num'>{fmt_int(r.fail_after)} / {fmt_int(r.applicable_after)}</td>"
        f"<td class='num'>{'–' if pd.isna(r.change_pp) else f'{r.change_pp:+.1f}'}</td></tr>"
        for r in diff.indicators.itertuples(index=False)
    )
    head = "".join(f"<th>{esc(_col(k, lang))}</th>" for k in ("indicator", "before", "after", "change"))
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>" if rows else ""
    listed = f"<p>{esc(_t('review.households_listed', lang, ids=ids))}</p>" if ids else ""
    return f"<h2>{esc(_t('review.changes', lang, **values))}</h2><p>{esc(counts)}</p>{listed}{table}"


def _signoff_html(lang: str, level: str) -> str:
    head = "".join(f"<th>{esc(_col(k, lang))}</th>" for k in ("role", "name", "signature", "date"))
    rows = "".join(
        f"<tr><td>{esc(_t(f'review.{r}', lang, level=level))}</td><td></td><td></td><td></td></tr>" for r in SIGN_ROLES
    )
    cols = "<col style='width:34%'><col style='width:28%'><col style='width:22%'><col style='width:16%'>"
    return (
        f"<h2>{esc(_t('review.signoff', lang))}</h2><p>{esc(_t('review.decision', lang))}</p>"
        f"<table class='sign'><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def review_html(sheet: ReviewSheet) -> str:
    lang = sheet.lang
    title = _t("review.title", lang, year=sheet.year)
    names = sheet.names
    demo = f"<p class='demo'>{esc(translate('app.demo_note', lang))}</p>" if sheet.is_demo else ""
    facts = "".join(f"<p>{esc(line)}</p>" for line in _facts(sheet))
    body = (
        f"<h1>{esc(title)}</h1><p><b>{esc(_t('review.area', lang, **names))}</b></p>{demo}"
        f"<div class='facts'>{facts}</div>"
        f"<h2>{esc(_t('review.findings', lang))}</h2>{_findings_html(sheet)}"
        f"{_changes_html(sheet)}"
        f"<h2>{esc(_t('review.indicators', lang, level=_tambon_word(sheet)))}</h2><p class='muted'>{esc(_t('review.indicators_note', lang))}</p>"
        f"{_indicator_table(sheet)}{_signoff_html(lang, _tambon_word(sheet))}"
    )
    note = translate("app.demo_note", lang) if sheet.is_demo else None
    css = base_css(margin="12mm 13mm 14mm 13mm", note=note) + REVIEW_CSS
    return document(title, body, css)


def review_pdf(sheet: ReviewSheet) -> bytes:
    return html_to_pdf(review_html(sheet))


def review_xlsx(sheet: ReviewSheet) -> bytes:
    lang = sheet.lang
    notes = [_t("review.title", lang, year=sheet.year), _t("review.area", lang, **sheet.names), *_facts(sheet)]
    if sheet.is_demo:
        notes.insert(1, translate("app.demo_note", lang))
    found = pd.DataFrame(
        {
            _col("severity", lang): sheet.findings["severity"].map(lambda s: _t(f"severity.{s}", lang)),
            _col("indicator", lang): sheet.findings["indicator_id"],
            _col("household", lang): sheet.findings["household_id"],
            _col("message", lang): sheet.findings[f"message_{lang}"],
            _col("rule", lang): sheet.findings["rule"],
        }
    )
    signoff = pd.DataFrame(
        {
            _col("role", lang): [_t(f"review.{r}", lang, level=_tambon_word(sheet)) for r in SIGN_ROLES],
            _col("name", lang): "",
            _col("signature", lang): "",
            _col("date", lang): "",
        }
    )
    return xlsx_bytes(
        [
            Sheet(_t("review.sheet", lang), indicator_frame(sheet), notes, title=True, freeze_column=2),
            Sheet(_t("review.findings_sheet", lang), found, [_t("review.findings", lang)], title=True),
            Sheet(
                _t("review.signoff_sheet", lang),
                signoff,
                [_t("review.signoff", lang), _t("review.decision", lang)],
                title=True,
                boxed=True,
                widths=[40, 30, 25, 15],
            ),
        ]
    )
