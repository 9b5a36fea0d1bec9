"""The trend chart: % failing across survey years, one line per domain or indicator. Years of
another indicator cycle are shaded and never joined to the reference cycle by a solid line (a
declared indicator pair is joined by a dotted one). Pure (no streamlit), unit-tested."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from analysis.formatting import fmt_pct
from analysis.i18n import translate
from analysis.public import numbers

from dashboard.charts import _figure, short_label

PALETTE = ("#1d6fa5", "#d62828", "#2a9d8f", "#e9a03b", "#7b2cbf", "#6c757d", "#e76f51", "#264653")


def _series(rows: pd.DataFrame, name: str, colour: str, join_cycles: bool, label_end: bool) -> list[go.Scatter]:
    rows = rows.sort_values("year")
    values = numbers(rows["pct_fail"])
    cross = rows["cross_cycle"].astype(bool).to_numpy()
    years = rows["year"].astype(str).to_numpy()
    traces = [
        go.Scatter(
            x=list(years[~cross]),
            y=list(values[~cross]),
            mode="lines+markers+text",
            name=name,
            legendgroup=name,
            line={"color": colour, "width": 3},
            marker={"size": 9},
            text=[fmt_pct(v) if label_end and i == (~cross).sum() - 1 else "" for i, v in enumerate(values[~cross])],
            textposition="middle right",
            hovertemplate="%{x}: %{y:.1f}%<extra>" + name.replace("<", "&lt;") + "</extra>",
        )
    ]
    if cross.any():
        x, y = list(years[cross]), list(values[cross])
        if join_cycles and (~cross).any():  # a declared pair: dotted from the old cycle to the new
            x, y = x + [years[~cross][0]], y + [values[~cross].iloc[0]]
        traces.append(
            go.Scatter(
                x=x,
                y=y,
                mode="lines+markers" if join_cycles else "markers",
                legendgroup=name,
                showlegend=False,
                line={"color": colour, "width": 2, "dash": "dot"},
                marker={"size": 9, "symbol": "circle-open", "line": {"width": 2}},
                hovertemplate="%{x}: %{y:.1f}%<extra>" + name.replace("<", "&lt;") + "</extra>",
            )
        )
    return traces


def trend_chart(
    frame: pd.DataFrame,
    key: str,
    labels: dict[str, str],
    colours: dict[str, str] | None = None,
    lang: str = "th",
    note: str | None = None,
) -> go.Figure:
    """% failing by survey year for each ``key`` value (domain or indicator id) in ``labels``'
    order. ``frame``: year, ``key``, pct_fail, cross_cycle (analysis.trend)."""
    years = sorted(int(y) for y in frame["year"].unique())
    traces: list[go.Scatter] = []
    for index, (value, label) in enumerate(labels.items()):
        rows = frame[frame[key] == value]
        if rows.empty:
            continue
        colour = (colours or {}).get(value, PALETTE[index % len(PALETTE)])
        traces += _series(rows, short_label(label, 30), colour, key == "indicator_id", len(labels) <= 3)
    layout = _other_cycle(frame, years, lang)
    return _figure(
        traces,
        translate("trend.chart", lang),
        note,
        420,
        xaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": [str(y) for y in years],
            "title": translate("overview.year", lang),
        },
        yaxis={"title": translate("col.pct_fail", lang), "ticksuffix": "%", "rangemode": "tozero", "gridcolor": "#eee"},
        showlegend=True,
        legend={"orientation": "h", "y": -0.25},
        margin={"r": 60},
        **layout,
    )


def _other_cycle(frame: pd.DataFrame, years: list[int], lang: str) -> dict:
    """The older cycle's years shaded and named (layout shapes and annotations), or nothing."""
    cross_years = sorted(int(y) for y in frame.loc[frame["cross_cycle"].astype(bool), "year"].unique())
    if not cross_years:
        return {}
    positions = [years.index(y) for y in cross_years]
    shade = {
        "type": "rect",
        "x0": min(positions) - 0.5,
        "x1": max(positions) + 0.5,
        "xref": "x",
        "y0": 0,
        "y1": 1,
        "yref": "y domain",
        "fillcolor": "#eeeeee",
        "line": {"width": 0},
        "layer": "below",
    }
    name = {
        "x": (min(positions) + max(positions)) / 2,
        "y": 0.0,
        "yref": "paper",
        "yanchor": "bottom",  # inside the shaded band, at its foot: clear of the title and the lines
        "showarrow": False,
        "text": translate("trend.other_cycle", lang),
        "font": {"size": 11, "color": "#555"},
    }
    return {"shapes": [shade], "annotations": [name]}
