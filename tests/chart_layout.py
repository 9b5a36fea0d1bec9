"""Reading a page's plotly charts back as boxes (what the browser drew, from the SVG) and the rules a
chart must keep on any screen: its legend off the plot area, no label cut at the chart's edge, no
two tick labels of an axis over each other, no axis title over the tick labels."""

from __future__ import annotations

#: every plotly chart on the page: its box, its plot area, legend, colour bar, titles and labels
CHART_BOXES = """() => {
    const box = (el) => { const r = el.getBoundingClientRect();
        return {x0: r.left, y0: r.top, x1: r.right, y1: r.bottom, w: r.width, h: r.height}; };
    const texts = (root, selector) => [...root.querySelectorAll(selector)]
        .filter((el) => el.textContent.trim() && el.getBoundingClientRect().width > 0)
        .map((el) => ({...box(el), text: el.textContent.trim()}));
    return [...document.querySelectorAll('.js-plotly-plot')]
        .filter((chart) => chart.getBoundingClientRect().width > 0)
        .map((chart, index) => {
            const plots = [...chart.querySelectorAll('.draglayer .nsewdrag')].map(box);
            const legend = chart.querySelector('g.legend rect.bg');
            const colorbar = chart.querySelector('g.colorbar rect.cbbg');
            const title = chart.querySelector('.g-gtitle text');
            return {
                index,
                chart: box(chart.querySelector('.main-svg') || chart),
                plots,
                legend: legend ? box(legend) : null,
                colorbar: colorbar ? box(colorbar) : null,
                title: title ? {...box(title), text: title.textContent.trim()} : null,
                xticks: texts(chart, 'g.xtick text'),
                yticks: texts(chart, 'g.ytick text'),
                axis_titles: texts(chart, '.g-xtitle text, .g-ytitle text'),
                legend_texts: texts(chart, 'g.legend text.legendtext'),
                annotations: texts(chart, 'g.annotation text'),
            };
        });
}"""

SLACK = 1.5  # pixels: anti-aliasing and rounding


def _overlap(a: dict, b: dict) -> float:
    """The area two boxes share (0 when apart)."""
    width = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
    height = min(a["y1"], b["y1"]) - max(a["y0"], b["y0"])
    return max(width - SLACK, 0) * max(height - SLACK, 0)


def _outside(inner: dict, outer: dict) -> bool:
    return (
        inner["x0"] < outer["x0"] - SLACK
        or inner["y0"] < outer["y0"] - SLACK
        or inner["x1"] > outer["x1"] + SLACK
        or inner["y1"] > outer["y1"] + SLACK
    )


def chart_problems(charts: list[dict], width: float | None = None) -> list[str]:
    """Each broken rule as "chart <n>: <rule>: <text>"; ``width``: the screen's (a label past it is
    cut too)."""
    problems = []
    for chart in charts:
        where = f"chart {chart['index'] + 1}" + (f" ({chart['title']['text'][:40]})" if chart["title"] else "")
        frame = dict(chart["chart"])
        if width is not None:
            frame["x0"], frame["x1"] = max(frame["x0"], 0), min(frame["x1"], width)
        for legend in (chart["legend"], chart["colorbar"]):
            if legend and any(_overlap(legend, plot) for plot in chart["plots"]):
                problems.append(f"{where}: legend over the plot area")
            if legend and _outside(legend, frame):
                problems.append(f"{where}: legend cut at the chart's edge")
        labelled = chart["xticks"] + chart["yticks"] + chart["axis_titles"] + chart["legend_texts"]
        labelled += chart["annotations"] + ([chart["title"]] if chart["title"] else [])
        for label in labelled:
            if _outside(label, frame):
                problems.append(f"{where}: label cut at the chart's edge: {label['text'][:50]}")
        for axis in ("xticks", "yticks"):
            ticks = chart[axis]
            for i, first in enumerate(ticks):
                for second in ticks[i + 1 :]:
                    if _overlap(first, second) > 0:
                        problems.append(f"{where}: tick labels over each other: {first['text']} / {second['text']}")
        for title in chart["axis_titles"]:
            for tick in chart["xticks"] + chart["yticks"]:
                if _overlap(title, tick) > 0:
                    problems.append(f"{where}: axis title over a tick label: {title['text'][:30]} / {tick['text']}")
        if chart["title"] and chart["legend"] and _overlap(chart["title"], chart["legend"]):
            problems.append(f"{where}: legend over the chart's title")
    return problems
