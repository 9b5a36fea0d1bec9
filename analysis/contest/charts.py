"""The story's charts as plain specs: the deck draws them as native PowerPoint charts, the
presentation mode as plotly, the documents and PNG downloads as HTML. One spec, one set of numbers."""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis.areas import level_word
from analysis.catalogs import domains
from analysis.contest.content import ContestStory
from analysis.i18n import translate

SOURCE_COLOURS = ("#1d6fa5", "#2a9d8f", "#e9c46a", "#f4a261", "#e76f51", "#9d4edd", "#6c757d", "#457b9d", "#b5838d")


@dataclass
class Series:
    name: str
    values: list[float | None]  # None: hidden in a public edition (drawn as a gap, never as 0)
    colour: str | None = None
    point_colours: list[str] | None = None  # one colour per category (single-series bars)


@dataclass
class ChartSpec:
    key: str  # file name stem of its PNG
    title: str
    kind: str  # "bar" (horizontal, first category on top), "stacked" or "clustered" (vertical columns)
    categories: list[str]
    series: list[Series]
    number_format: str = "0.0"  # Excel format of the data labels
    axis_title: str = ""  # the value axis, with its unit ("ร้อยละไม่ผ่านเกณฑ์ (%)", "งบประมาณ (บาท)")
    suffix: str = ""  # after every number shown ("%")
    notes: list[str] = field(default_factory=list)


def domains_chart(story: ContestStory) -> ChartSpec:
    """The five domains in rank order, bar = the ranking measure (the Rank page's numbers)."""
    lang = story.lang
    return ChartSpec(
        key="domains_ranked",
        title=translate("contest.chart_domains", lang),
        kind="bar",
        categories=[f"{d.rank}. {d.name}" for d in story.domains],
        series=[Series(story.measure_name, [d.value for d in story.domains], None, [d.colour for d in story.domains])],
        axis_title=translate("contest.axis_pct_fail", lang),
        suffix="%",
    )


def top_problems_chart(story: ContestStory, count: int = 5) -> ChartSpec:
    lang = story.lang
    colours = domains().set_index("domain_id")["colour"]
    rows = story.top_problems[:count]
    return ChartSpec(
        key="top_problems",
        title=translate("contest.chart_top", lang, n=len(rows)),
        kind="bar",
        categories=[f"{p.rank}. {p.problem or p.title}" for p in rows],
        series=[
            Series(
                translate("col.pct_fail", lang),
                [None if p.pct_fail is None else round(p.pct_fail, 1) for p in rows],
                None,
                [str(colours[p.domain]) for p in rows],
            )
        ],
        axis_title=translate("contest.axis_pct_fail", lang),
        suffix="%",
    )


def children_chart(story: ContestStory) -> ChartSpec | None:
    """Each village (or tambon) against the five domains: % failing, clustered by area."""
    if len(story.children) < 2:
        return None
    lang = story.lang
    table = domains().set_index("domain_id")
    return ChartSpec(
        key="areas_compared",
        title=translate("contest.chart_children", lang, level=level_word(story.child_level, story.area_code, lang)),
        kind="clustered",
        categories=[c.name for c in story.children],
        series=[
            Series(
                str(table.loc[d, f"name_{lang}"]),
                [None if c.pct_fail.get(d) is None else round(c.pct_fail[d], 1) for c in story.children],
                table.loc[d, "colour"],
            )
            for d in table.index
        ],
        axis_title=translate("contest.axis_pct_fail", lang),
        suffix="%",
    )


def budget_chart(story: ContestStory) -> ChartSpec | None:
    """One Plan budget per fiscal year, stacked by source."""
    if not story.budget:
        return None
    years = sorted({b.fiscal_year for b in story.budget})
    sources = list(dict.fromkeys(b.source_name for b in sorted(story.budget, key=lambda b: b.source)))
    totals = {(b.fiscal_year, b.source_name): 0.0 for b in story.budget}
    for row in story.budget:
        totals[(row.fiscal_year, row.source_name)] += row.amount
    return ChartSpec(
        key="budget",
        title=translate("contest.chart_budget", story.lang),
        kind="stacked",
        categories=[str(y) for y in years],
        series=[
            Series(source, [totals.get((y, source), 0.0) for y in years], SOURCE_COLOURS[i % len(SOURCE_COLOURS)])
            for i, source in enumerate(sources)
        ],
        number_format="#,##0",
        axis_title=translate("contest.axis_baht", story.lang),
    )


def story_charts(story: ContestStory) -> list[ChartSpec]:
    """Every chart of the story, in the order the deck shows them."""
    charts = [domains_chart(story), top_problems_chart(story), children_chart(story), budget_chart(story)]
    return [c for c in charts if c is not None]
