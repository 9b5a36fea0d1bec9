"""The infographic: an area on at most two A4 pages — key figures, the five domains, the top
problems, the plan — as PDF and PNG, for notice boards and Facebook; and a PNG of each chart."""

from __future__ import annotations

from analysis.contest.charts import ChartSpec, budget_chart, domains_chart, story_charts, top_problems_chart
from analysis.contest.content import ContestStory
from analysis.contest.html import bars, base_css, children_table, document, esc, figure
from analysis.contest.mapimage import render_map_png
from analysis.contest.pdf import html_to_pdf, pdf_page_count, pdf_to_pngs
from analysis.contest.pdf import style as contest_style
from analysis.contest.words import round_line
from analysis.formatting import fmt_int, fmt_pct
from analysis.i18n import translate

MAX_PAGES = 2
INFOGRAPHIC_CSS = """
.banner { background: %(accent)s; color: white; padding: 5mm 6mm; border-radius: 3mm; margin-bottom: 4mm; }
.banner h1 { color: white; margin: 0; font-size: 24pt; } .banner p { margin: 1mm 0 0; font-size: 13pt; }
.tiles { display: flex; gap: 3mm; margin-bottom: 3mm; }
.tile { flex: 1; background: #eaf1f7; border-radius: 2mm; padding: 3mm; text-align: center; }
.tile b { display: block; font-size: 22pt; color: %(accent)s; line-height: 1.1; } .tile span { font-size: 11pt; }
.columns { display: flex; gap: 5mm; } .columns > div { flex: 1; }
.plan li { margin-bottom: 1mm; font-size: 12pt; } .page2 { page-break-before: always; }
"""


def _t(story: ContestStory, key: str, **values: object) -> str:
    return translate(f"contest.{key}", story.lang, **values)


def _tiles(story: ContestStory) -> str:
    facts = story.facts
    tiles = [
        (story.count(facts.households), _t(story, "tile_households")),
        (story.count(facts.people), _t(story, "tile_people")),
        (f"{facts.villages_with_data}", _t(story, "tile_villages")),
    ]
    if story.mpi:
        tiles.append((fmt_pct(100 * story.mpi["H"]), _t(story, "tile_mpi")))
    if story.projects:
        tiles.append((str(len(story.projects)), _t(story, "tile_projects")))
    return (
        "<div class='tiles'>"
        + "".join(f"<div class='tile'><b>{esc(v)}</b><span>{esc(k)}</span></div>" for v, k in tiles)
        + "</div>"
    )


def _plan(story: ContestStory) -> str:
    if not story.projects:
        return f"<p class='muted'>{esc(_t(story, 'no_projects'))}</p>"
    total = sum(b.amount for b in story.budget)  # the One Plan page's total (analysis.plans.oneplan)
    items = "".join(
        f"<li>{esc(p.title)} · {esc(p.status_name)} · {fmt_int(p.total_budget)} {esc(_t(story, 'baht'))}</li>"
        for p in story.projects[:6]
    )
    return f"<p><b>{esc(_t(story, 'plan_total', n=len(story.projects), amount=fmt_int(total)))}</b></p><ul class='plan'>{items}</ul>"


def infographic_html(story: ContestStory) -> str:
    demo = translate("app.demo_badge", story.lang) if story.is_demo else None
    subtitle = f"{_t(story, 'infographic_subtitle', year=story.year)} · {round_line(story)}"
    banner = f"<div class='banner'><h1>{esc(story.area_name)}</h1><p>{esc(subtitle)}</p></div>"
    first = (
        banner
        + _tiles(story)
        + bars(domains_chart(story), story.lang)
        + "<div class='columns'><div>"
        + bars(top_problems_chart(story), story.lang)
        + f"</div><div><h3>{esc(_t(story, 'plan_heading'))}</h3>{_plan(story)}</div></div>"
    )
    second = ""
    if story.children or story.map:
        map_html = figure(render_map_png(story.map, 1400, 800), story.map.title) if story.map else ""
        table = f"<h3>{esc(_t(story, 'children_heading'))}</h3>{children_table(story)}" if story.children else ""
        budget = budget_chart(story)
        second = f"<div class='page2'>{map_html}{table}{bars(budget, story.lang) if budget else ''}</div>"
    css = base_css(margin="10mm 11mm 12mm 11mm", numbered=False, note=demo) + INFOGRAPHIC_CSS % {
        "accent": contest_style()["accent"]
    }
    return document(story.area_name, first + second, css)


def infographic_pdf(story: ContestStory) -> bytes:
    """At most two A4 pages (the village table is cut to fit when an amphoe has many areas)."""
    pdf = html_to_pdf(infographic_html(story))
    while pdf_page_count(pdf) > MAX_PAGES and len(story.children) > 6:
        story = _with_fewer_children(story)
        pdf = html_to_pdf(infographic_html(story))
    return pdf


def _with_fewer_children(story: ContestStory) -> ContestStory:
    from dataclasses import replace

    worst = sorted(story.children, key=lambda c: -c.pct_fail_all)[: max(6, len(story.children) * 2 // 3)]
    return replace(story, children=sorted(worst, key=lambda c: c.area_code))


def infographic_pngs(story: ContestStory, dpi: int = 110) -> list[bytes]:
    """The infographic's pages as PNGs (for Facebook)."""
    return pdf_to_pngs(infographic_pdf(story), dpi)


def chart_png(chart: ChartSpec, note: str | None = None, dpi: int = 150, lang: str = "th") -> bytes:
    """One chart as a PNG, drawn by the same HTML as the documents (Thai shaped by Pango)."""
    css = base_css(margin="6mm", numbered=False) + "@page { size: 200mm 120mm; }"
    extra = f"<p class='muted'>{esc(note)}</p>" if note else ""
    return pdf_to_pngs(html_to_pdf(document(chart.title, bars(chart, lang) + extra, css)), dpi)[0]


def story_chart_pngs(story: ContestStory) -> dict[str, bytes]:
    """file name → PNG of every chart of the story (horizontal ones) and of the map view."""
    note = translate("app.demo_badge", story.lang) if story.is_demo else None
    pngs = {
        f"{c.key}.png": chart_png(c, note, lang=story.lang) for c in story_charts(story) if c.kind in ("bar", "stacked")
    }
    if story.map:
        pngs["map.png"] = render_map_png(story.map)
    return pngs
