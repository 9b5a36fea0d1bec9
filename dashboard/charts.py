"""Chart builders: pure functions from DataFrames to plotly figures (unit-tested, no streamlit)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from analysis.catalogs import domains
from analysis.formatting import fmt_int, fmt_pct
from analysis.i18n import translate

THAI_FONT = "Sarabun, 'TH Sarabun New', Laksaman, Loma, Garuda, 'Noto Sans Thai', Tahoma, sans-serif"
FAIL_COLOUR = "#d62828"


def short_label(text: str, width: int = 42) -> str:
    """Cut a long (Thai, space-poor) title to ``width`` characters with an ellipsis."""
    text = str(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _layout(figure: go.Figure, title: str, note: str | None, height: int) -> go.Figure:
    """Common look; ``note`` (e.g. the demo label) is shown under the title."""
    text = f"{title}<br><span style='font-size:11px;color:#8a6d00'>{note}</span>" if note else title
    figure.update_layout(
        title={"text": text, "font": {"size": 16}},
        font={"family": THAI_FONT, "size": 13},
        height=height,
        margin={"l": 10, "r": 20, "t": 70 if note else 50, "b": 20},
        plot_bgcolor="white",
        showlegend=False,
    )
    return figure


def domain_pass_chart(
    domain_rows: pd.DataFrame, lang: str = "th", target: float | None = None, note: str | None = None
) -> go.Figure:
    """Horizontal bars: % passing per domain, in domain order, with the target as a dashed line."""
    colours = domains().set_index("domain_id")["colour"]
    rows = domain_rows.sort_values("order", ascending=False)
    names = rows[f"name_{lang}"]
    values = rows["pct_pass"]
    figure = go.Figure(
        go.Bar(
            x=values,
            y=names,
            orientation="h",
            marker_color=[colours[d] for d in rows["domain"]],
            text=[fmt_pct(v) for v in values],
            textposition="inside",
            insidetextanchor="end",
            textfont={"color": "white", "size": 14},
            customdata=list(zip(rows["pass"].map(fmt_int), rows["applicable"].map(fmt_int), strict=True)),
            hovertemplate="%{y}: %{x:.1f}%<br>"
            + translate("col.pass", lang)
            + " %{customdata[0]} / "
            + translate("col.applicable", lang)
            + " %{customdata[1]}<extra></extra>",
        )
    )
    figure.update_xaxes(range=[0, 102], ticksuffix="%", gridcolor="#eee")
    if target is not None:
        figure.add_vline(
            x=target,
            line_dash="dash",
            line_color="#555",
            annotation_text=f"{translate('overview.target', lang)} {target:g}%",
            annotation_position="top",
        )
    return _layout(figure, translate("overview.domain_chart", lang), note, 320)


def worst_indicators_chart(worst: pd.DataFrame, lang: str = "th", note: str | None = None) -> go.Figure:
    """Horizontal bars: the worst indicators by % failing, worst on top."""
    title_column = "title_th" if lang == "th" else "title_en"
    rows = worst.iloc[::-1]
    labels = [f"{i}. {short_label(t)}" for i, t in zip(rows["indicator_id"], rows[title_column], strict=True)]
    figure = go.Figure(
        go.Bar(
            x=rows["pct_fail"],
            y=labels,
            orientation="h",
            marker_color=FAIL_COLOUR,
            text=[fmt_pct(v) for v in rows["pct_fail"]],
            textposition="outside",
            cliponaxis=False,
            customdata=list(
                zip(rows[title_column], rows["fail"].map(fmt_int), rows["applicable"].map(fmt_int), strict=True)
            ),
            hovertemplate="%{customdata[0]}<br>"
            + translate("col.fail", lang)
            + " %{customdata[1]} / "
            + translate("col.applicable", lang)
            + " %{customdata[2]}<extra></extra>",
        )
    )
    top = float(rows["pct_fail"].max()) if len(rows) else 100.0
    figure.update_xaxes(range=[0, min(100.0, top * 1.25 + 1)], ticksuffix="%", gridcolor="#eee")
    return _layout(figure, translate("overview.worst", lang), note, 320)
