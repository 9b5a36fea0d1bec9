"""The readiness checklist on one A4 page (status of every item and what is still missing)."""

from __future__ import annotations

from analysis.contest.checklist import ItemStatus, criterion_titles
from analysis.contest.html import base_css, document, esc
from analysis.contest.pdf import html_to_pdf, pdf_page_count
from analysis.i18n import translate
from analysis.thaidate import fmt_date_th, today_bangkok

STATUS_COLOURS = {"done": "#2a9d8f", "partial": "#e9c46a", "missing": "#d62828"}
CHECKLIST_CSS = """
html { font-size: %(size)spt; line-height: 1.22; } h1 { font-size: 16pt; margin-bottom: 1mm; }
table { font-size: %(size)spt; } p { margin: 0 0 1.2mm; }
td, th { padding: 0.5mm 1.5mm; } .crit td { background: #eaf1f7; font-weight: bold; }
.badge { color: white; border-radius: 1mm; padding: 0.3mm 1.5mm; white-space: nowrap; }
.summary span { margin-right: 5mm; }
"""


def status_label(status: str, lang: str) -> str:
    return translate(f"checklist.status_{status}", lang)


def _rows(statuses: list[ItemStatus], lang: str) -> str:
    titles = criterion_titles(lang)
    rows, current = [], None
    for status in statuses:
        if status.item.criterion != current:
            current = status.item.criterion
            rows.append(f"<tr class='crit'><td colspan='4'>{esc(current)}. {esc(titles[current])}</td></tr>")
        notes = status.missing or [r.message for r in status.results]
        marker = " *" if status.item.status == "UNCONFIRMED" else ""
        ink = "#3d2c00" if status.status == "partial" else "white"
        badge = f"<span class='badge' style='background:{STATUS_COLOURS[status.status]};color:{ink}'>{esc(status_label(status.status, lang))}</span>"
        rows.append(
            f"<tr><td>{esc(status.item.id)}</td><td>{esc(status.item.title(lang))}{marker}</td><td>{badge}</td>"
            f"<td>{'<br>'.join(esc(n) for n in notes)}</td></tr>"
        )
    return "".join(rows)


def checklist_html(
    statuses: list[ItemStatus],
    area_name: str,
    lang: str,
    demo_note: str | None = None,
    size: float = 10,
    round_words: str = "",
) -> str:
    counts = {s: sum(1 for x in statuses if x.status == s) for s in STATUS_COLOURS}
    summary = "".join(f"<span>{esc(status_label(s, lang))}: {n}</span>" for s, n in counts.items())
    headers = [translate(f"checklist.col_{c}", lang) for c in ("item", "criterion", "status", "notes")]
    subtitle = translate("checklist.subtitle", lang, round=round_words, date=fmt_date_th(today_bangkok(), lang))
    body = (
        f"<h1>{esc(translate('checklist.title', lang))}: {esc(area_name)}</h1>"
        f"<p>{esc(subtitle)}</p>"
        f"<p class='summary'>{summary}</p>"
        "<table><colgroup><col style='width:6%'><col style='width:40%'><col style='width:11%'><col style='width:43%'></colgroup>"
        f"<thead><tr>{''.join(f'<th>{esc(h)}</th>' for h in headers)}</tr></thead><tbody>{_rows(statuses, lang)}</tbody></table>"
        f"<p class='muted'>{esc(translate('checklist.unconfirmed_note', lang))}</p>"
    )
    css = base_css(margin="10mm 12mm 12mm 12mm", numbered=False, note=demo_note) + CHECKLIST_CSS % {"size": size}
    return document(translate("checklist.title", lang), body, css)


def checklist_pdf(
    statuses: list[ItemStatus], area_name: str, lang: str = "th", demo_note: str | None = None, round_words: str = ""
) -> bytes:
    """The checklist as a one-page A4 PDF (the type shrinks until it fits one page)."""
    for size in (10, 9.5, 9, 8.5, 8, 7.5, 7):
        pdf = html_to_pdf(checklist_html(statuses, area_name, lang, demo_note, size, round_words))
        if pdf_page_count(pdf) == 1:
            return pdf
    return pdf
