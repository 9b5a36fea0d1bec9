"""Chart builders: pure functions from DataFrames to plotly figures (unit-tested, no streamlit)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from analysis.catalogs import domains
from analysis.formatting import fmt_int, fmt_number, fmt_pct
from analysis.i18n import translate
from analysis.public import count_text, numbers

THAI_FONT = "Sarabun, 'TH Sarabun New', Laksaman, Loma, Garuda, 'Noto Sans Thai', Tahoma, sans-serif"
FAIL_COLOUR = "#d62828"


def short_label(text: str, width: int = 42) -> str:
    """Cut a long (Thai, space-poor) title to ``width`` characters with an ellipsis."""
    text = str(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _merged(base: dict, extra: dict) -> dict:
    """``base`` updated by ``extra`` the way update_layout does (nested dicts merged key by key)."""
    merged = dict(base)
    for key, value in extra.items():
        merged[key] = (
            _merged(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) else value
        )
    return merged


def _figure(traces: list, heading: str, note: str | None, height: int, **layout) -> go.Figure:
    """The figure built in one go with its whole layout (the same as ``_layout`` and update_* calls
    after it, but plotly validates once: every update_layout, add_vline, add_annotation call
    validated and dispatched the whole figure again — 10× the cost, per chart, per page view)."""
    text = f"{heading}<br><span style='font-size:11px;color:#8a6d00'>{note}</span>" if note else heading
    base = {
        "title": {"text": text, "font": {"size": 16}},
        "font": {"family": THAI_FONT, "size": 13},
        "height": height,
        "margin": {"l": 10, "r": 20, "t": 70 if note else 50, "b": 20},
        "plot_bgcolor": "white",
        "showlegend": False,
    }
    return go.Figure(data=traces, layout=_merged(base, layout))


def vline(x: float, **line) -> dict:
    """The shape add_vline draws: a line across the plot's height at ``x``."""
    return {"type": "line", "x0": x, "x1": x, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain", "line": line}


def domain_pass_chart(
    domain_rows: pd.DataFrame,
    lang: str = "th",
    target: float | None = None,
    note: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Horizontal bars: % passing per domain, in domain order, with the target as a dashed line
    (``title``: another data set's, else the จปฐ. title)."""
    colours = domains().set_index("domain_id")["colour"]
    rows = domain_rows.sort_values("order", ascending=False)
    names = rows[f"name_{lang}"]
    values = numbers(rows["pct_pass"])  # blank where small counts are hidden from the viewer
    bars = go.Bar(
        x=values,
        y=names,
        orientation="h",
        marker_color=[colours[d] for d in rows["domain"]],
        text=[fmt_pct(v) for v in values],
        textposition="inside",
        insidetextanchor="end",
        textfont={"color": "white", "size": 14},
        customdata=list(zip(rows["pass"].map(count_text), rows["applicable"].map(count_text), strict=True)),
        hovertemplate="%{y}: %{x:.1f}%<br>"
        + translate("col.pass", lang)
        + " %{customdata[0]} / "
        + translate("col.applicable", lang)
        + " %{customdata[1]}<extra></extra>",
    )
    layout: dict = {"xaxis": {"range": [0, 102], "ticksuffix": "%", "gridcolor": "#eee"}}
    if target is not None:
        layout["shapes"] = [vline(target, dash="dash", color="#555")]
        layout["annotations"] = [  # above the plot, clear of the bars' labels
            {
                "x": target,
                "y": 1.0,
                "xref": "x",
                "yref": "paper",
                "yanchor": "bottom",
                "xanchor": "right",
                "showarrow": False,
                "text": f"{translate('overview.target', lang)} {target:g}%",
                "font": {"size": 11, "color": "#555"},
            }
        ]
    return _figure([bars], title or translate("overview.domain_chart", lang), note, 330, **layout)


def worst_indicators_chart(worst: pd.DataFrame, lang: str = "th", note: str | None = None) -> go.Figure:
    """Horizontal bars: the worst indicators by % failing, worst on top."""
    title_column = "title_th" if lang == "th" else "title_en"
    rows = worst.iloc[::-1]
    labels = [f"{i}. {short_label(t)}" for i, t in zip(rows["indicator_id"], rows[title_column], strict=True)]
    values = numbers(rows["pct_fail"])
    bars = go.Bar(
        x=values,
        y=labels,
        orientation="h",
        marker_color=FAIL_COLOUR,
        text=[fmt_pct(v) for v in values],
        textposition="outside",
        cliponaxis=False,
        customdata=list(
            zip(rows[title_column], rows["fail"].map(count_text), rows["applicable"].map(count_text), strict=True)
        ),
        hovertemplate="%{customdata[0]}<br>"
        + translate("col.fail", lang)
        + " %{customdata[1]} / "
        + translate("col.applicable", lang)
        + " %{customdata[2]}<extra></extra>",
    )
    top = float(values.max()) if values.notna().any() else 100.0
    xaxis = {"range": [0, min(100.0, top * 1.25 + 1)], "ticksuffix": "%", "gridcolor": "#eee"}
    return _figure([bars], translate("overview.worst", lang), note, 320, xaxis=xaxis)


#: beyond this many areas the heat map's area names stand upright
UPRIGHT_AREAS = 12


def heatmap_chart(
    matrix: pd.DataFrame,
    names: dict[str, str],
    titles: dict[str, str],
    lang: str = "th",
    note: str | None = None,
    compact: bool = False,
) -> go.Figure:
    """Indicators (rows, named "21. short title") × areas (columns), colour = % failing (white 0 →
    dark red); hover shows the full title. A blank cell: no data, or a share hidden from the viewer.
    ``compact`` (a phone): shorter titles, area names upright, so the cells keep their width."""
    indicators = list(matrix.columns)
    areas = [names.get(code, code) for code in matrix.index]
    labels = [f"{i}. {short_label(titles.get(i, i), 18 if compact else 34)}" for i in indicators]
    values = matrix.to_numpy(dtype=float).T
    top = float(np.nanmax(values)) if np.isfinite(values).any() else 50.0
    heat = go.Heatmap(
        z=values,
        x=areas,
        y=labels,
        colorscale="Reds",
        zmin=0,
        zmax=max(50.0, top),
        customdata=[[titles.get(i, i)] * len(areas) for i in indicators],
        hovertemplate="%{x}<br>"
        + translate("col.indicator_id", lang)
        + " %{customdata}<br>"
        + translate("col.pct_fail", lang)
        + " %{z:.1f}%<extra></extra>",
        colorbar={  # under the chart: the cells keep the width
            "title": {"text": translate("col.pct_fail", lang), "side": "top"},
            "ticksuffix": "%",
            "thickness": 10,
            "orientation": "h",
            "y": -0.01,
            "yanchor": "top",
            "len": 0.8,
        },
        xgap=1,
        ygap=1,
    )
    # slanted names overlap beyond about a dozen columns: upright ones never do
    upright = compact or len(areas) > UPRIGHT_AREAS
    angle = -90 if upright else (-40 if len(areas) > 6 else 0)
    return _figure(
        [heat],
        translate("compare.heatmap", lang),
        note,
        max(360, 22 * len(labels) + 260),
        xaxis={"type": "category", "tickangle": angle, "side": "top", "automargin": True},
        yaxis={"type": "category", "autorange": "reversed", "automargin": True},
        margin={"t": 190 if upright else (150 if len(areas) > 6 else 110), "b": 70},
        # the title at the very top, so the area names above the cells never run into it
        title={"yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 20}},  # Thai marks above the line need room
    )


def domain_comparison_chart(
    domain_rows: pd.DataFrame,
    parent_value: float | None,
    target_fail: float,
    domain: str,
    names: dict[str, str],
    lang: str = "th",
) -> go.Figure:
    """One domain: each child's % failing against the parent average (dashed) and the target (dotted)."""
    rows = domain_rows[domain_rows["domain"] == domain]
    values = numbers(rows["pct_fail"])  # blank where hidden from the viewer: no bar, "–"
    order = values.fillna(-1).sort_values(kind="stable").index
    rows, values = rows.loc[order], values.loc[order]
    colour = domains().set_index("domain_id").loc[domain, "colour"]
    labels = [names.get(c, c) for c in rows["area_code"]]
    bars = go.Bar(
        x=values,
        y=labels,
        orientation="h",
        marker_color=colour,
        text=[fmt_pct(v) for v in values],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}: %{x:.1f}%<extra></extra>",
    )
    shapes, annotations = [], []
    if parent_value is not None and not np.isnan(parent_value):
        shapes.append(vline(parent_value, dash="dash", color="#333"))
        annotations.append(
            {
                "x": parent_value,
                "y": 1.0,
                "xref": "x",
                "yref": "paper",
                "yanchor": "bottom",
                "showarrow": False,
                "text": f"{translate('compare.parent_average', lang)} {parent_value:.1f}%",
                "font": {"size": 11, "color": "#333"},
            }
        )
    shapes.append(vline(target_fail, dash="dot", color="#2a9d8f"))
    top = float(values.max()) if values.notna().any() else 10.0
    title = domains().set_index("domain_id").loc[domain, f"name_{lang}"]
    return _figure(
        [bars],
        f"{translate('compare.domain_prefix', lang)}{title}",
        None,
        max(240, 24 * len(rows) + 110),
        xaxis={"range": [0, top * 1.3 + 1], "ticksuffix": "%", "gridcolor": "#eee"},
        margin={"t": 70},
        shapes=shapes,
        **({"annotations": annotations} if annotations else {}),
    )


def typology_profile_chart(groups: pd.DataFrame, lang: str = "th") -> go.Figure:
    """Mean % failing per domain for each village group (grouped bars)."""
    table = domains().set_index("domain_id")
    present = [d for d in table.index if f"pct_fail_{d}" in groups.columns]
    names = [table.loc[d, f"name_{lang}"] for d in present]
    bars = [  # one trace per group (at most MAX_GROUPS)
        go.Bar(
            name=f"{translate('compare.group', lang)} {group} ({villages})",
            x=names,
            y=[values[f"pct_fail_{d}"] for d in present],
            hovertemplate="%{x}: %{y:.1f}%<extra>%{fullData.name}</extra>",
        )
        for group, villages, values in zip(groups["group"], groups["villages"], groups.to_dict("records"), strict=True)
    ]
    return _figure(
        bars,
        translate("compare.typology_chart", lang),
        None,
        340,
        yaxis={"ticksuffix": "%", "title": translate("col.pct_fail", lang), "gridcolor": "#eee"},
        showlegend=True,
        barmode="group",
        legend={"orientation": "h", "y": -0.15},
    )


def ranked_domains_chart(
    ranked: pd.DataFrame, value_label: str, lang: str = "th", note: str | None = None, counts: bool = False
) -> go.Figure:
    """The five domains in rank order (rank 1 on top), bar length = the ranking measure; ``counts``
    (households or persons failing) labels whole numbers, not "264,106.0"."""
    colours = domains().set_index("domain_id")["colour"]
    rows = ranked.iloc[::-1]
    values = numbers(rows["value"])  # a "< 5" mark (a small count hidden from the viewer) draws no bar
    bars = go.Bar(
        x=values,
        y=[f"{r}. {n}" for r, n in zip(rows["rank"], rows[f"domain_{lang}"], strict=True)],
        orientation="h",
        marker_color=[colours[d] for d in rows["domain"]],
        text=[v if isinstance(v, str) else (fmt_int(v) if counts else fmt_number(v)) for v in rows["value"]],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}: %{x:,.0f}<extra></extra>" if counts else "%{y}: %{x:.2f}<extra></extra>",
    )
    top = float(values.max()) if values.notna().any() else 1.0
    xaxis = {"range": [0, top * 1.25 if top > 0 else 1], "title": value_label, "gridcolor": "#eee"}
    return _figure([bars], translate("rank.domains_chart", lang), note, 300, xaxis=xaxis)


def mpi_contribution_chart(domain_contributions: pd.DataFrame, lang: str = "th") -> go.Figure:
    """% contribution of each domain to the MPI (they sum to 100%)."""
    table = domains().set_index("domain_id")
    rows = domain_contributions.iloc[::-1]
    bars = go.Bar(
        x=rows["contribution_pct"],
        y=[table.loc[d, f"name_{lang}"] for d in rows["domain"]],
        orientation="h",
        marker_color=[table.loc[d, "colour"] for d in rows["domain"]],
        text=[fmt_pct(v) for v in rows["contribution_pct"]],
        textposition="outside",
        cliponaxis=False,
    )
    xaxis = {
        "range": [0, max(10.0, float(rows["contribution_pct"].max()) * 1.25)],
        "ticksuffix": "%",
        "gridcolor": "#eee",
    }
    return _figure([bars], translate("rank.mpi_contribution", lang), None, 280, xaxis=xaxis)


def budget_chart(budgets: pd.DataFrame, lang: str = "th") -> go.Figure:
    """Budget per fiscal year, stacked by source."""
    table = budgets.groupby(["fiscal_year", "source"], as_index=False)["amount"].sum()
    bars = [  # one trace per funding source
        go.Bar(
            x=rows["fiscal_year"].astype(str),
            y=rows["amount"],
            name=translate(f"plans.source.{source}", lang),
            hovertemplate="%{x}: %{y:,.0f}<extra>%{fullData.name}</extra>",
        )
        for source, rows in table.groupby("source")
    ]
    return _figure(
        bars,
        translate("oneplan.budget_chart", lang),
        None,
        320,
        yaxis={"title": translate("plans.col.amount", lang), "gridcolor": "#eee", "tickformat": ",.0f"},
        xaxis={"title": translate("plans.col.fiscal_year", lang), "type": "category"},
        barmode="stack",
        showlegend=True,
        legend={"orientation": "v", "x": 1.02, "y": 1},
    )
