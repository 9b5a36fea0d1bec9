"""HTML pieces the contest PDFs share: page style, bar charts in plain HTML/CSS (Pango lays out the
Thai labels), tables, pictures. Every text from data or users is escaped."""

from __future__ import annotations

import base64
from collections.abc import Iterable
from html import escape

from analysis.areas import level_word
from analysis.contest.charts import ChartSpec
from analysis.contest.content import ContestStory
from analysis.contest.pdf import font_stack, style
from analysis.formatting import fmt_number
from analysis.i18n import translate


def esc(value: object) -> str:
    return escape("" if value is None else str(value))


def paragraphs(text: str) -> str:
    """User text as paragraphs (blank lines split them); "–" when empty."""
    parts = [p.strip() for p in (text or "").split("\n") if p.strip()]
    return "".join(f"<p>{esc(p)}</p>" for p in parts) or "<p class='muted'>–</p>"


def base_css(margin: str = "18mm 16mm 20mm 16mm", numbered: bool = True, note: str | None = None) -> str:
    """The page and text style; ``note`` (the demo label) is printed at the foot of every page."""
    accent = style()["accent"]
    number = "@bottom-center { content: counter(page); font-size: 11pt; color: #555; }" if numbered else ""
    if note:
        quoted = note.replace("\\", "").replace('"', "'")
        number += f'@bottom-right {{ content: "{quoted}"; font-size: 9pt; color: #8a6d00; }}'
    return f"""
@page {{ size: A4; margin: {margin}; {number} }}
@page cover {{ @bottom-center {{ content: none; }} }}
html {{ font-family: {font_stack("document")}; font-size: 14pt; line-height: 1.45; color: #1f2933; }}
h1, h2, h3 {{ font-family: {font_stack("heading")}; color: {accent}; line-height: 1.3; }}
h1 {{ font-size: 22pt; margin: 0 0 6mm; }} h2 {{ font-size: 17pt; margin: 7mm 0 3mm; }}
h3 {{ font-size: 14.5pt; margin: 5mm 0 2mm; color: #1f2933; }}
p {{ margin: 0 0 2.5mm; }} .muted {{ color: #777; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; margin: 2mm 0 4mm; font-size: 12pt; }}
th, td {{ border: 0.6pt solid #b8c4ce; padding: 1.2mm 2mm; vertical-align: top; text-align: left; }}
th {{ background: #eaf1f7; }} td.num {{ text-align: right; white-space: nowrap; }} th.num {{ text-align: right; }}
tr {{ page-break-inside: avoid; }}
.demo {{ background: #fff3cd; color: #7a5b00; border: 0.6pt solid #f0d68a; padding: 1mm 3mm; border-radius: 2mm; }}
.bars {{ width: 100%; margin: 2mm 0 4mm; page-break-inside: avoid; }}
.bar-row {{ display: flex; align-items: center; margin: 1.2mm 0; page-break-inside: avoid; }}
.bar-label {{ width: 42%; padding-right: 3mm; font-size: 12.5pt; line-height: 1.25; }}
.bar-track {{ flex: 1; display: flex; align-items: center; }}
.bar {{ height: 6mm; border-radius: 1mm; }}
.bar-value {{ padding-left: 2mm; font-size: 12pt; white-space: nowrap; }}
.legend span {{ display: inline-block; margin-right: 4mm; font-size: 11.5pt; }}
.swatch {{ display: inline-block; width: 3.5mm; height: 3.5mm; margin-right: 1mm; vertical-align: middle; }}
img.figure {{ width: 100%; margin: 2mm 0; }}
.photos {{ display: flex; flex-wrap: wrap; gap: 3mm; }}
.photo {{ width: 48%; page-break-inside: avoid; }} .photo img {{ width: 100%; border-radius: 1mm; }}
.photo p {{ font-size: 11.5pt; color: #444; }}
"""


def document(title: str, body: str, css: str) -> str:
    return (
        f"<!DOCTYPE html><html lang='th'><head><meta charset='utf-8'><title>{esc(title)}</title>"
        f"<style>{css}</style></head><body>{body}</body></html>"
    )


def data_url(data: bytes, mime: str = "image/png") -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def figure(png: bytes, alt: str = "") -> str:
    return f"<img class='figure' src='{data_url(png)}' alt='{esc(alt)}'>"


def _number(value: float | None, chart: ChartSpec, lang: str = "th") -> str:
    if value is None:  # hidden in a public edition
        return translate("contest.hidden_share", lang)
    return fmt_number(value, 0 if chart.number_format == "#,##0" else 1) + chart.suffix


def _legend(entries: Iterable[tuple[str, str]]) -> str:
    items = "".join(f"<span><i class='swatch' style='background:{c}'></i>{esc(n)}</span>" for n, c in entries)
    return f"<div class='legend'>{items}</div>"


def bars(chart: ChartSpec, lang: str = "th") -> str:
    """A horizontal bar chart (kind "bar") or one stacked bar per category (kind "stacked"); the
    value axis's name and unit under the title. A value a public edition hides has no bar and says so."""
    totals = [
        None if any(s.values[i] is None for s in chart.series) else sum(s.values[i] for s in chart.series)
        for i in range(len(chart.categories))
    ]
    top = max([*(t for t in totals if t is not None), 1e-9])
    rows = []
    for index, category in enumerate(chart.categories):
        segments = []
        for series in chart.series:
            value = series.values[index] or 0.0
            colour = (series.point_colours or [])[index] if series.point_colours else (series.colour or "#1d6fa5")
            segments.append(f"<div class='bar' style='width:{78 * value / top:.2f}%;background:{colour}'></div>")
        rows.append(
            f"<div class='bar-row'><div class='bar-label'>{esc(category)}</div><div class='bar-track'>"
            f"{''.join(segments)}<span class='bar-value'>{_number(totals[index], chart, lang)}</span></div></div>"
        )
    legend = _legend((s.name, s.colour or "#1d6fa5") for s in chart.series) if chart.kind == "stacked" else ""
    axis = f"<p class='muted axis'>{esc(chart.axis_title)}</p>" if chart.axis_title else ""
    return f"<div class='bars'><h3>{esc(chart.title)}</h3>{axis}{''.join(rows)}{legend}</div>"


def table(
    headers: list[str],
    rows: Iterable[Iterable[object]],
    numeric: set[int] | None = None,
    widths: list[int] | None = None,
) -> str:
    """A table; ``numeric`` columns align right; ``widths`` are column widths in % (fixed layout)."""
    numeric = numeric or set()
    columns = "".join(f"<col style='width:{w}%'>" for w in widths) if widths else ""
    head = "".join(f"<th class='{'num' if i in numeric else ''}'>{esc(h)}</th>" for i, h in enumerate(headers))
    body = "".join(
        "<tr>"
        + "".join(f"<td class='{'num' if i in numeric else ''}'>{esc(v)}</td>" for i, v in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f"<table><colgroup>{columns}</colgroup><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def heat_colour(pct: float) -> str:
    """White (0%) to dark red (≥50%) for % failing cells."""
    share = max(0.0, min(pct / 50.0, 1.0))
    red, green, blue = 255 - int(90 * share), 255 - int(215 * share), 255 - int(215 * share)
    return f"rgb({red},{green},{blue})"


def children_table(story: ContestStory) -> str:
    """Children × five domains, % failing, coloured like the Compare page's heat map."""
    names = story.domain_names()
    order = [d.domain for d in sorted(story.domains, key=lambda d: d.rank)]
    head = "".join(f"<th class='num'>{esc(names[d])} (%)</th>" for d in order)
    overall = f"{translate('compare.overall', story.lang)} (%)"
    rows = []
    hidden = translate("contest.hidden_share", story.lang)

    def shown(value: float | None) -> str:
        return hidden if value is None and story.private else fmt_number(value)

    for child in story.children:
        cells = "".join(
            f"<td class='num' style='background:{heat_colour(child.pct_fail.get(d) or 0.0)}'>{shown(child.pct_fail.get(d))}</td>"
            for d in order
        )
        rows.append(f"<tr><td>{esc(child.name)}</td>{cells}<td class='num'>{shown(child.pct_fail_all)}</td></tr>")
    level = level_word(story.child_level, story.area_code, story.lang) if story.child_level else ""
    widths = "<col style='width:22%'>" + "<col>" * (len(order) + 1)
    return (
        f"<table><colgroup>{widths}</colgroup><thead><tr><th>{esc(level)}</th>{head}<th class='num'>{esc(overall)}</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def photos(items: Iterable[tuple[bytes, str | None, str]]) -> str:
    """A grid of photos (data, mime, caption)."""
    cells = [
        f"<div class='photo'><img src='{data_url(data, mime or 'image/jpeg')}'><p>{esc(caption)}</p></div>"
        for data, mime, caption in items
    ]
    return f"<div class='photos'>{''.join(cells)}</div>" if cells else ""
