"""Charts of the Data-check page: pure functions from frames to plotly figures (no streamlit)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
from analysis.i18n import translate
from analysis.thaidate import fmt_date_th

from dashboard.charts import THAI_FONT


def burnup_chart(
    burnup: pd.DataFrame, expected: float, deadline: date | None, lang: str = "th", note: str | None = None
) -> go.Figure:
    """Households collected, cumulative per day, against the plan's straight line and the target."""

    def _t(key: str) -> str:
        return translate(f"checks.chart.{key}", lang)

    days = [pd.Timestamp(d) for d in burnup["day"]]
    labels = [fmt_date_th(d, lang) for d in burnup["day"]]
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=days,
            y=burnup["cumulative"],
            name=_t("collected"),
            mode="lines",
            line={"color": "#1d6fa5", "width": 3},
            customdata=labels,
            hovertemplate="%{customdata}: %{y:,.0f}<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=days,
            y=burnup["planned"],
            name=_t("planned"),
            mode="lines",
            line={"color": "#8a8a8a", "dash": "dash"},
            customdata=labels,
            hovertemplate="%{customdata}: %{y:,.0f}<extra></extra>",
        )
    )
    if expected:
        figure.add_hline(
            y=expected,
            line={"color": "#2a9d8f", "dash": "dot"},
            annotation_text=_t("target"),
            annotation_position="top left",
        )
    if deadline is not None:
        figure.add_vline(x=pd.Timestamp(deadline), line={"color": "#d62828", "dash": "dot"})
        figure.add_annotation(
            x=pd.Timestamp(deadline), y=0.02, yref="paper", text=_t("deadline"), showarrow=False, xanchor="right"
        )
    title = _t("burnup") + (f"<br><span style='font-size:11px;color:#8a6d00'>{note}</span>" if note else "")
    figure.update_layout(
        title={"text": title, "font": {"size": 16}},
        font={"family": THAI_FONT, "size": 13},
        height=360,
        margin={"l": 10, "r": 20, "t": 70 if note else 50, "b": 20},
        plot_bgcolor="white",
        legend={"orientation": "h", "y": -0.18},
        yaxis={"title": _t("households"), "gridcolor": "#eeeeee", "tickformat": ",d", "rangemode": "tozero"},
        xaxis={"title": _t("day"), "gridcolor": "#f4f4f4", **_be_ticks(burnup["day"], lang)},
    )
    return figure


def _be_ticks(days: pd.Series, lang: str, count: int = 8) -> dict:
    """Tick marks labelled with พ.ศ. dates ("8 ม.ค. 2567"), not the axis's own ค.ศ. ones."""
    if days.empty:
        return {}
    step = max(1, len(days) // count)
    chosen = list(days)[::step]
    return {"tickvals": [pd.Timestamp(d) for d in chosen], "ticktext": [fmt_date_th(d, lang) for d in chosen]}
