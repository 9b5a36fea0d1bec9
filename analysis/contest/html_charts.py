"""The story's charts (ChartSpec) in plain HTML and CSS for the presentation mode: horizontal bars
and vertical columns (clustered or stacked) with a value axis — its ticks and its title with the
unit — and a legend. The browser lays out the Thai labels (it wraps them between words), so a
long indicator name never runs off its slide."""

from __future__ import annotations

import math
from html import escape

from analysis.contest.charts import ChartSpec
from analysis.formatting import fmt_number
from analysis.i18n import translate

CHART_CSS = """
.chart { width: 100%; } .chart .axis-title { color: #52606d; font-size: 22px; margin: 4px 0 0; }
.hbar { display: grid; grid-template-columns: 34% 1fr; align-items: center; column-gap: 16px; }
.hbar .label { font-size: 28px; line-height: 1.2; text-align: right; padding: 8px 0; }
.hbar .track { position: relative; height: 62px; margin-right: 130px; }
.hbar .bar { position: absolute; left: 0; top: 6px; height: 50px; border-radius: 4px; }
.hbar .value { position: absolute; top: 12px; font-size: 28px; font-weight: bold; white-space: nowrap; }
.hbar .ticks { position: relative; height: 32px; border-top: 2px solid #9aa5b1; margin-right: 130px; }
.ticks span { position: absolute; transform: translateX(-50%); font-size: 19px; color: #52606d; top: 2px; }
.cols { display: grid; grid-template-columns: 90px 1fr; column-gap: 10px; padding-top: 14px; }
.cols .yaxis { position: relative; height: 500px; }
.cols .yaxis span { position: absolute; right: 6px; transform: translateY(50%); font-size: 19px; color: #52606d; }
.cols .plot { position: relative; height: 500px; border-left: 2px solid #9aa5b1; border-bottom: 2px solid #9aa5b1;
  display: flex; align-items: flex-end; justify-content: space-around; }
.cols .grid { position: absolute; left: 0; right: 0; border-top: 1px dashed #d9e2ec; }
.cols .group { display: flex; align-items: flex-end; height: 100%; gap: 3px; position: relative; z-index: 1; }
.cols .stack { display: flex; flex-direction: column-reverse; align-items: stretch; }
.cols .seg { color: white; font-size: 19px; font-weight: bold; text-align: center; overflow: hidden;
  display: flex; align-items: center; justify-content: center; }
.cols .cats { display: flex; justify-content: space-around; grid-column: 2; }
.cols .cats span { flex: 1; text-align: center; font-size: 19px; line-height: 1.15; padding: 4px 2px 0; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 22px; font-size: 20px; margin-top: 8px; }
.legend i { display: inline-block; width: 18px; height: 18px; margin-right: 6px; vertical-align: -2px; }
"""


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round axis ticks from 0 covering ``top`` (0, 10, 20, … or 0, 200,000, …)."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [step * i for i in range(int(math.ceil(top / step)) + 1)]


def _number(value: float | None, chart: ChartSpec, lang: str) -> str:
    if value is None:
        return translate("contest.hidden_share", lang)
    return fmt_number(value, 0 if chart.number_format == "#,##0" else 1) + chart.suffix


def _tick(value: float, chart: ChartSpec) -> str:
    digits = 0 if chart.number_format == "#,##0" or float(value).is_integer() else 1
    return fmt_number(value, digits) + chart.suffix


def _legend(chart: ChartSpec) -> str:
    items = "".join(
        f"<span><i style='background:{s.colour or '#1d6fa5'}'></i>{escape(s.name)}</span>" for s in chart.series
    )
    return f"<div class='legend'>{items}</div>"


def horizontal_bars(chart: ChartSpec, lang: str) -> str:
    series = chart.series[0]
    values = series.values
    ticks = nice_ticks(max([v for v in values if v is not None] or [0.0]))
    top = ticks[-1]
    rows = []
    for index, category in enumerate(chart.categories):
        value = values[index]
        colour = (series.point_colours or [series.colour or "#1d6fa5"] * len(values))[index]
        width = 0.0 if value is None else 100 * value / top
        rows.append(
            f"<div class='label'>{escape(category)}</div><div class='track'>"
            f"<div class='bar' style='width:{width:.2f}%;background:{colour}'></div>"
            f"<span class='value' style='left:calc({width:.2f}% + 10px)'>{_number(value, chart, lang)}</span></div>"
        )
    scale = "".join(f"<span style='left:{100 * t / top:.2f}%'>{_tick(t, chart)}</span>" for t in ticks)
    axis = f"<div></div><div class='ticks'>{scale}</div>"
    title = f"<div></div><p class='axis-title'>{escape(chart.axis_title)}</p>" if chart.axis_title else ""
    return f"<div class='chart hbar'>{''.join(rows)}{axis}{title}</div>"


def columns(chart: ChartSpec, lang: str) -> str:
    stacked = chart.kind == "stacked"
    totals = [
        sum(s.values[i] or 0.0 for s in chart.series) if stacked else max((s.values[i] or 0.0) for s in chart.series)
        for i in range(len(chart.categories))
    ]
    ticks = nice_ticks(max(totals or [0.0]))
    top = ticks[-1]
    groups = []
    for index in range(len(chart.categories)):
        if stacked:
            segments = "".join(
                f"<div class='seg' style='height:{500 * (s.values[index] or 0) / top:.1f}px;background:{s.colour}'>"
                f"{_number(s.values[index], chart, lang) if (s.values[index] or 0) > top / 12 else ''}</div>"
                for s in chart.series
            )
            groups.append(f"<div class='group'><div class='stack' style='width:120px'>{segments}</div></div>")
        else:
            bars = "".join(
                f"<div style='width:22px;height:{500 * (s.values[index] or 0) / top:.1f}px;background:{s.colour}'></div>"
                for s in chart.series
            )
            groups.append(f"<div class='group'>{bars}</div>")
    grid = "".join(f"<div class='grid' style='bottom:{100 * t / top:.2f}%'></div>" for t in ticks[1:])
    yaxis = "".join(f"<span style='bottom:{100 * t / top:.2f}%'>{_tick(t, chart)}</span>" for t in ticks)
    cats = "".join(f"<span>{escape(c)}</span>" for c in chart.categories)
    title = f"<p class='axis-title'>{escape(chart.axis_title)}</p>" if chart.axis_title else ""
    return (
        f"<div class='chart'>{title}<div class='cols'><div class='yaxis'>{yaxis}</div>"
        f"<div class='plot'>{grid}{''.join(groups)}</div><div class='cats'>{cats}</div></div>{_legend(chart)}</div>"
    )


def chart_html(chart: ChartSpec, lang: str) -> str:
    return horizontal_bars(chart, lang) if chart.kind == "bar" else columns(chart, lang)
